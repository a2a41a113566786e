import ArgumentParser
import Foundation
import ITDCaller

extension Flt3ar {
    /// Entry point: one-line errors on stderr with the documented exit status, never a trace.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let e as InputError {
            fail("\(e)", status: 1)
        } catch let e as OptionError {
            fail("\(e)", status: 64)
        } catch let e as CLIError {
            if case .output = e { fail(e.description, status: 2) }
            fail(e.description, status: 1)
        } catch {
            exit(withError: error)
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        // write(2), not FileHandle: a closed stderr pipe must not turn the error into a crash.
        let line = Array("flt3ar: error: \(message)\n".utf8)
        _ = line.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress!, $0.count) }
        Foundation.exit(status)
    }
}
