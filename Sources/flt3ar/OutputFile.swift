import Foundation
import ITDCaller

/// Writes report text atomically ('-' = stdout) and turns failures into the CLI's exit status 2.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        if path == "-" {
            try stdout(text)
            return
        }
        do {
            try AtomicFileWriter.write(text, to: path)
        } catch {
            throw CLIError.output(error.description)
        }
    }

    /// Creates `path` (and missing parents) for per-sample outputs, before any sample is read, so
    /// that a directory that cannot be made fails at once (exit status 2), not after the first
    /// sample's analysis.
    static func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CLIError.output("\(path): --outdir exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw CLIError.output("\(path): cannot create the --outdir directory: \(reason)")
        }
    }

    /// Set once a write to stdout found the pipe closed.
    nonisolated(unsafe) private static var stdoutClosed = false

    /// Writes to stdout. A reader that closed the pipe (`flt3ar ... | head`) is not an error:
    /// stdout output stops quietly and the exit status is unchanged. Any other failure (a full
    /// disk behind a redirection) is an output error, exit status 2.
    static func stdout(_ text: String) throws {
        guard !stdoutClosed else { return }
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    if code == EPIPE {
                        stdoutClosed = true
                        return
                    }
                    throw CLIError.output("standard output: write failed: \(String(cString: strerror(code)))")
                }
                offset += n
            }
        }
    }
}

/// Errors the CLI reports as one line, with their exit status.
enum CLIError: Error, CustomStringConvertible {
    case output(String)
    case sampleSheet(String)

    var description: String {
        switch self {
        case .output(let m): return m
        case .sampleSheet(let m): return m
        }
    }
}
