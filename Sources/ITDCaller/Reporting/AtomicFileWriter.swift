import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A report file that could not be written; `path` is the destination as the user gave it.
public struct ReportWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// What failed ("cannot create temporary file in /out: Permission denied", ...).
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Writes whole files atomically: readers see the old file or the complete new one, never a
/// partial write.
///
/// Protocol: create a uniquely named temporary file in the destination's directory (so the
/// rename cannot cross file systems), write everything, `fsync`, `rename` over the destination,
/// then `fsync` the directory. On any failure the temporary file is removed and a
/// ``ReportWriteError`` naming the destination is thrown. New files get mode 0644.
/// The path `-` means standard output (written directly, no atomicity), and so does an existing
/// device, FIFO or socket such as `/dev/stdout` or `/dev/full` (never replaced by a rename).
public enum AtomicFileWriter {
    /// Writes `data` to `path` ("-" = standard output).
    public static func write(_ data: Data, to path: String) throws(ReportWriteError) {
        let bytes = [UInt8](data)
        if path == "-" {
            try writeAll(bytes, fd: STDOUT_FILENO, path: path)
            return
        }
        guard !path.isEmpty else { throw ReportWriteError(path: path, message: "empty output path") }
        if path.hasSuffix("/") {
            throw ReportWriteError(path: path, message: "is a directory path, not a file")
        }
        if isExistingSpecialFile(path) {
            // A device, FIFO or socket (/dev/stdout, /dev/null, a named pipe): renaming a regular
            // file over it would replace the device node, so write into it directly.
            try writeDirectly(bytes, to: path)
            return
        }

        let directory = directoryName(of: path)
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        var template = Array("\(directory)/.\(base).tmp.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw ReportWriteError(path: path, message: "cannot create temporary file in \(directory): \(errnoText())")
        }
        let tempPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)

        var closed = false
        do throws(ReportWriteError) {
            guard fchmod(fd, 0o644) == 0 else {
                throw ReportWriteError(path: path, message: "cannot set permissions: \(errnoText())")
            }
            try writeAll(bytes, fd: fd, path: path)
            guard fsync(fd) == 0 else { throw ReportWriteError(path: path, message: "fsync failed: \(errnoText())") }
            closed = true
            guard close(fd) == 0 else { throw ReportWriteError(path: path, message: "close failed: \(errnoText())") }
        } catch {
            if !closed { close(fd) }
            unlink(tempPath)
            throw error
        }
        guard rename(tempPath, path) == 0 else {
            let reason = errnoText()
            unlink(tempPath)
            throw ReportWriteError(path: path, message: "cannot rename temporary file into place: \(reason)")
        }
        // Make the rename itself durable; failure here leaves a complete file, so it is not an error.
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// Writes `text` as UTF-8 to `path` ("-" = standard output).
    public static func write(_ text: String, to path: String) throws(ReportWriteError) {
        try write(Data(text.utf8), to: path)
    }

    private static func writeAll(_ bytes: [UInt8], fd: Int32, path: String) throws(ReportWriteError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buf in
                Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReportWriteError(path: path, message: "write failed: \(errnoText())")
            }
            offset += n
        }
    }

    /// True when `path` (following symlinks) exists and is neither a regular file nor a directory.
    private static func isExistingSpecialFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    private static func writeDirectly(_ bytes: [UInt8], to path: String) throws(ReportWriteError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReportWriteError(path: path, message: "cannot open for writing: \(errnoText())") }
        do throws(ReportWriteError) {
            try writeAll(bytes, fd: fd, path: path)
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw ReportWriteError(path: path, message: "close failed: \(errnoText())") }
    }

    private static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
