import Foundation
import ITDCaller

/// Reads a tab-separated sample sheet: `sample<TAB>r1[<TAB>r2]` per line; blank lines and lines
/// starting with '#' are skipped; a first line whose first field is "sample" is a header.
/// Relative paths are taken relative to the sheet's directory.
enum SampleSheet {
    static func read(_ path: String, interleaved: Bool) throws -> [SampleJob] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.sampleSheet("\(path): cannot read the sample sheet")
        }
        let base = (path as NSString).deletingLastPathComponent
        var jobs: [SampleJob] = []
        var names = Set<String>()
        for (i, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if jobs.isEmpty && fields.first?.lowercased() == "sample" { continue }
            guard fields.count == 2 || fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw CLIError.sampleSheet("\(path):\(i + 1): expected 'sample<TAB>r1[<TAB>r2]', got \(fields.count) field(s)")
            }
            guard names.insert(fields[0]).inserted else {
                throw CLIError.sampleSheet("\(path):\(i + 1): sample '\(fields[0])' appears twice")
            }
            func resolve(_ p: String) -> String { p == "-" || p.hasPrefix("/") ? p : (base as NSString).appendingPathComponent(p) }
            let spec: InputSpec
            do {
                if fields.count == 3, !fields[2].isEmpty {
                    spec = try InputSpec(r1: [resolve(fields[1])], r2: [resolve(fields[2])])
                } else {
                    spec = try InputSpec(reads: [resolve(fields[1])], interleaved: interleaved)
                }
            } catch {
                throw CLIError.sampleSheet("\(path):\(i + 1): \(error)")
            }
            jobs.append(SampleJob(name: fields[0], spec: spec))
        }
        guard !jobs.isEmpty else { throw CLIError.sampleSheet("\(path): the sample sheet lists no samples") }
        return jobs
    }

    /// "data/P1_S1_L001_R1_001.fastq.gz" -> "P1_S1"; "x_R1.fq.gz" -> "x"; "x.bam" -> "x"; "-" -> "stdin".
    static func sampleName(fromPath path: String) -> String {
        if path == "-" { return "stdin" }
        var name = (path as NSString).lastPathComponent
        for ext in [".gz", ".bgz", ".fastq", ".fq", ".txt", ".bam", ".cram", ".sam"] where name.lowercased().hasSuffix(ext) {
            name = String(name.dropLast(ext.count))
        }
        for pattern in ["_L[0-9]{3}_R[12]_[0-9]{3}$", "_R[12]_[0-9]{3}$", "[._]R[12]$", "_[12]$"] {
            if let r = name.range(of: pattern, options: .regularExpression) {
                name.removeSubrange(r)
                break
            }
        }
        return name.isEmpty ? "sample" : name
    }
}
