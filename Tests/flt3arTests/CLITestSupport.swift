import Foundation
import Testing

/// Runs the built `flt3ar` binary (it sits next to the test bundle) and captures its output.
enum CLI {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static func testReads(_ relative: String) -> String {
        packageRoot.appendingPathComponent("TestReads").appendingPathComponent(relative).path
    }

    static let binary: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ]
        for dir in candidates {
            let url = dir.appendingPathComponent("flt3ar")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        fatalError("flt3ar binary not found next to the test bundle")
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String], stdin: Data? = nil) throws -> Output {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let inPipe = Pipe()
        p.standardInput = inPipe
        try p.run()
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try inPipe.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// The documented error shape: exactly one line on stderr, "flt3ar: error: ..." naming the
    /// file or flag, the given status, and no trace (nor argument-parser's usage lines).
    static func expectOneLineError(_ out: Output, status: Int32, naming: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(out.status == status, "\(out.stderr)", sourceLocation: sourceLocation)
        #expect(out.stderr.hasPrefix("flt3ar: error: "), "\(out.stderr)", sourceLocation: sourceLocation)
        #expect(out.stderr.contains(naming), "\(out.stderr)", sourceLocation: sourceLocation)
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)", sourceLocation: sourceLocation)
        #expect(!out.stderr.contains("Fatal error") && !out.stderr.contains("Backtrac"), sourceLocation: sourceLocation)
    }

    /// A new empty directory; the caller removes it (`defer { try? FileManager.default.removeItem(at: dir) }`).
    static func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flt3ar-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func json(_ path: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as! [String: Any]
    }
}
