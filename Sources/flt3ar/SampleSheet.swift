import Foundation
import ITDCaller

/// Reads a tab-separated sample sheet: `sample<TAB>r1[<TAB>r2]` per line; blank lines and lines
/// starting with '#' are skipped. A first line whose first field is "sample" is a header. A
/// header with an `input_copies` column (or more than three) names the columns, in any order:
/// `sample` and `r1` (required), `r2` (empty for single-end, interleaved or BAM/CRAM) and
/// `input_copies` (the sample's template molecules, ``AnalysisOptions/inputCopies``; empty when
/// unknown, and then `--input-copies` applies); any other name is an error. A header of two or
/// three columns without it is skipped and the columns stay positional, as before.
/// Relative paths are taken relative to the sheet's directory.
enum SampleSheet {
    /// The columns a header may name.
    static let columns = ["sample", "r1", "r2", "input_copies"]

    static func read(_ path: String, interleaved: Bool) throws -> [SampleJob] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.sampleSheet("\(path): cannot read the sample sheet")
        }
        let base = (path as NSString).deletingLastPathComponent
        var jobs: [SampleJob] = []
        var names = Set<String>()
        // column name -> field index; positional (sample, r1, r2) until a header says otherwise
        var layout: [String: Int]?
        var sawHeader = false
        for (i, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let at = "\(path):\(i + 1)"
            if jobs.isEmpty && !sawHeader && fields.first?.lowercased() == "sample" {
                sawHeader = true
                layout = try header(fields, at: at)
                continue
            }
            func field(_ name: String) -> String {
                guard let layout else {
                    let k = ["sample": 0, "r1": 1, "r2": 2][name]
                    return k.flatMap { $0 < fields.count ? fields[$0] : nil } ?? ""
                }
                return layout[name].flatMap { $0 < fields.count ? fields[$0] : nil } ?? ""
            }
            let width = layout.map { $0.values.max()! + 1 } ?? 3
            guard fields.count >= 2, fields.count <= width, !field("sample").isEmpty, !field("r1").isEmpty else {
                let expected = layout == nil ? "sample<TAB>r1[<TAB>r2]" : "the \(width) columns of the header"
                throw CLIError.sampleSheet("\(at): expected '\(expected)', got \(fields.count) field(s)")
            }
            let name = field("sample")
            guard names.insert(name).inserted else {
                throw CLIError.sampleSheet("\(at): sample '\(name)' appears twice")
            }
            var copies: Int?
            let copiesText = field("input_copies")
            if !copiesText.isEmpty {
                guard let n = Int(copiesText), n >= 1 else {
                    throw CLIError.sampleSheet("\(at): input_copies must be a whole number >= 1 (or empty), got '\(copiesText)'")
                }
                copies = n
            }
            func resolve(_ p: String) -> String { p == "-" || p.hasPrefix("/") ? p : (base as NSString).appendingPathComponent(p) }
            let spec: InputSpec
            do {
                if !field("r2").isEmpty {
                    spec = try InputSpec(r1: [resolve(field("r1"))], r2: [resolve(field("r2"))])
                } else {
                    spec = try InputSpec(reads: [resolve(field("r1"))], interleaved: interleaved)
                }
            } catch {
                throw CLIError.sampleSheet("\(at): \(error)")
            }
            jobs.append(SampleJob(name: name, spec: spec, inputCopies: copies))
        }
        guard !jobs.isEmpty else { throw CLIError.sampleSheet("\(path): the sample sheet lists no samples") }
        return jobs
    }

    /// Column name -> index from a header line; every name known, none twice, `sample` and `r1`
    /// present. nil for a positional header (two or three columns, no `input_copies`).
    private static func header(_ fields: [String], at: String) throws -> [String: Int]? {
        if fields.count <= 3 && !fields.contains(where: { $0.lowercased() == "input_copies" }) { return nil }
        var layout: [String: Int] = [:]
        for (k, raw) in fields.enumerated() {
            let name = raw.lowercased()
            guard columns.contains(name) else {
                throw CLIError.sampleSheet("\(at): unknown column '\(raw)' in the header (known: \(columns.joined(separator: ", ")))")
            }
            guard layout.updateValue(k, forKey: name) == nil else {
                throw CLIError.sampleSheet("\(at): column '\(raw)' appears twice in the header")
            }
        }
        guard layout["r1"] != nil else { throw CLIError.sampleSheet("\(at): the header names no 'r1' column") }
        return layout
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
