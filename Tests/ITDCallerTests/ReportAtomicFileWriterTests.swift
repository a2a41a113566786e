import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReportAtomicFileWriterTests {
    private func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("flt3ar-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func entries(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func writeCreatesThenReplacesTheFileAndLeavesNoTemporaryFiles() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("result.json").path
        try AtomicFileWriter.write("first\n", to: path)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "first\n")
        try AtomicFileWriter.write(Data("second, longer content\n".utf8), to: path)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "second, longer content\n")
        #expect(try entries(dir) == ["result.json"])
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o644)
    }

    @Test func emptyContentGivesAnEmptyFile() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.tsv").path
        try AtomicFileWriter.write("", to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    @Test func missingDirectoryThrowsAnErrorNamingThePath() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("no/such/dir/out.vcf").path
        let error = #expect(throws: ReportWriteError.self) { try AtomicFileWriter.write("x", to: path) }
        #expect(error?.path == path)
        #expect(error?.description.hasPrefix(path + ": ") == true)
        #expect(error?.message.contains("No such file or directory") == true)
    }

    @Test func destinationThatIsADirectoryFailsAndTheTemporaryFileIsRemoved() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("report.html")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        let error = #expect(throws: ReportWriteError.self) { try AtomicFileWriter.write("<html>", to: target.path) }
        #expect(error?.path == target.path)
        #expect(error?.message.contains("rename") == true)
        #expect(try entries(dir) == ["report.html"])
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func emptyPathAndTrailingSlashAreRejected() {
        #expect(throws: ReportWriteError(path: "", message: "empty output path")) {
            try AtomicFileWriter.write("x", to: "")
        }
        let error = #expect(throws: ReportWriteError.self) { try AtomicFileWriter.write("x", to: "/tmp/") }
        #expect(error?.path == "/tmp/")
    }
}
