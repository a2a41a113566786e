import Foundation
import ITDCaller

/// Writes report text atomically ('-' = stdout) and turns failures into the CLI's exit status 2.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        do {
            try AtomicFileWriter.write(text, to: path)
        } catch {
            throw CLIError.output(error.description)
        }
    }

    /// Writes to stdout; a closed pipe (`flt3ar ... | head`) is not an error.
    static func stdout(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
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
