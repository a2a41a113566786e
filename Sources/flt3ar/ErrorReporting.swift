import ArgumentParser
import Foundation
import ITDCaller

extension Flt3ar {
    /// Entry point: one-line errors on stderr with the documented exit status, never a trace and
    /// never argument-parser's "Help:"/"Usage:" lines.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let e as InputError {
            fail("\(e)", status: 1)
        } catch let e as OptionError {
            failOption(e.description)
        } catch let e as CLIError {
            if case .output = e { fail(e.description, status: 2) }
            fail(e.description, status: 1)
        } catch {
            // --help and --version (success) and `--fail-on` (ExitCode 3) keep argument-parser's
            // handling; parse and validation errors (status 64) become one line.
            let code = exitCode(for: error)
            if code == .validationFailure, !(error is ExitCode) {
                failOption(message(for: error))
            }
            exit(withError: error)
        }
    }

    /// An invalid option: the message names the flag; only its first line is kept (for a bad
    /// value argument-parser adds the option's help on a second line).
    static func failOption(_ message: String) -> Never {
        let first = message.split(separator: "\n").first.map(String.init) ?? "invalid options"
        fail("\(first) (see flt3ar --help)", status: ExitCode.validationFailure.rawValue)
    }

    static func fail(_ message: String, status: Int32) -> Never {
        printToStderr("flt3ar: error: \(message)")
        Foundation.exit(status)
    }

    /// Writes `line` and a newline to stderr with write(2), not FileHandle: a closed stderr pipe
    /// must not turn the message into a crash.
    static func printToStderr(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress!, $0.count) }
    }
}
