import Foundation

/// Progress on stderr (only when stderr is a terminal and not --quiet): fragments, rate and,
/// for regular files, the percentage of input read.
final class Progress {
    let enabled: Bool
    let sample: String
    let start = Date()
    private var shown = false

    init(enabled: Bool, sample: String) {
        self.enabled = enabled
        self.sample = sample
    }

    func update(fragments: Int, bytes: Int, total: Int?) {
        guard enabled else { return }
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        guard elapsed > 2 else { return }
        var line = String(format: "\rflt3ar: %@: %.1f M fragments, %.0f k/s", sample, Double(fragments) / 1e6, Double(fragments) / elapsed / 1e3)
        if let total, total > 0 { line += String(format: ", %.0f%% of input", 100 * Double(bytes) / Double(total)) }
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
