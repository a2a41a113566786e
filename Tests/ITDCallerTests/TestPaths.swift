import Foundation

/// The URL of `relative` under the package's TestReads/ folder, found by walking up from this
/// source file to the directory holding Package.swift (so tests run from any working directory).
func testReadsURL(_ relative: String) -> URL {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            return dir.appendingPathComponent("TestReads").appendingPathComponent(relative)
        }
        dir = dir.deletingLastPathComponent()
    }
    fatalError("no Package.swift above \(#filePath)")
}
