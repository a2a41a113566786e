import Foundation
import ITDCaller

/// Reads a tab-separated sample sheet: `sample<TAB>r1[<TAB>r2]` per line; blank lines and lines
/// starting with '#' are skipped; Windows line ends (CRLF) and a UTF-8 byte-order mark (as
/// spreadsheets write them) are accepted. A first line is a header when its first field is
/// "sample", or when every field is a known column name and one is "sample" (`r1 sample r2`).
/// A header whose names are all known names the columns, in any order: `sample` and `r1`
/// (required), `r2` (empty for single-end, interleaved or BAM/CRAM) and `input_copies` (the
/// sample's template molecules, ``AnalysisOptions/inputCopies``; empty or `NA` when unknown, and then
/// `--input-copies` applies). A header of two or three columns with other names (`sample`,
/// `fastq_1`, `fastq_2`) is skipped and the columns stay positional; a longer one, or one with
/// `input_copies`, must use the known names. Relative paths are taken relative to the sheet's
/// directory; a field in double quotes is read without them. Every input is checked to be
/// readable (SAM/BAM/CRAM: its header, and a CRAM file's reference) before any sample is analysed, and sample names, which become file names in
/// `--outdir`, are restricted to letters, digits and `._+-` (not starting with '.' or '-'; unique
/// regardless of case).
enum SampleSheet {
    /// The columns a header may name.
    static let columns = ["sample", "r1", "r2", "input_copies"]
    /// Where the columns are without a naming header.
    static let positional = ["sample": 0, "r1": 1, "r2": 2]

    static func read(_ path: String, interleaved: Bool, reference: String? = nil) throws -> [SampleJob] {
        guard var data = FileManager.default.contents(atPath: path) else {
            throw CLIError.sampleSheet("\(path): cannot read the sample sheet")
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        let base = (path as NSString).deletingLastPathComponent
        var jobs: [SampleJob] = []
        var names = Set<String>()
        // column name -> field index when a header names them (else `positional`)
        var layout: [String: Int]?
        var sawHeader = false
        // lines split on LF bytes, a CR before it dropped (Swift takes CRLF as one Character)
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes in
            String(decoding: bytes.last == 0x0D ? bytes.dropLast() : bytes, as: UTF8.self)
        }
        for (i, line) in lines.enumerated() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            // a field a spreadsheet quoted ("a b") is read without its quotes, as csv readers do
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { raw -> String in
                let field = raw.trimmingCharacters(in: .whitespaces)
                return field.count >= 2 && field.hasPrefix("\"") && field.hasSuffix("\"") ? String(field.dropFirst().dropLast()) : field
            }
            let at = "\(path):\(i + 1)"
            if jobs.isEmpty && !sawHeader && Self.isHeader(fields) {
                sawHeader = true
                layout = try header(fields, at: at)
                continue
            }
            let columnOf = layout ?? Self.positional
            func field(_ name: String) -> String {
                columnOf[name].flatMap { $0 < fields.count ? fields[$0] : nil } ?? ""
            }
            let width = columnOf.values.max()! + 1
            if field("sample").isEmpty {
                throw CLIError.sampleSheet("\(at): the sample name (column \(columnOf["sample"]! + 1)) is empty")
            }
            guard fields.count >= 2, fields.count <= width, !field("r1").isEmpty else {
                let expected = layout == nil ? "sample<TAB>r1[<TAB>r2]" : "the \(width) columns of the header"
                throw CLIError.sampleSheet("\(at): expected '\(expected)', got \(fields.count) field(s)")
            }
            let name = field("sample")
            if let problem = Self.nameProblem(name) {
                throw CLIError.sampleSheet("\(at): sample name '\(name)' \(problem)")
            }
            guard names.insert(name.lowercased()).inserted else {
                throw CLIError.sampleSheet("\(at): sample '\(name)' appears twice (names differing only in case would share files on some file systems)")
            }
            var copies: Int?
            let copiesText = field("input_copies")
            if !copiesText.isEmpty && copiesText.uppercased() != "NA" {
                guard copiesText.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(copiesText), (1...AnalysisOptions.maxInputCopies).contains(n) else {
                    throw CLIError.sampleSheet("\(at): input_copies must be a whole number 1-\(AnalysisOptions.maxInputCopies) (or empty or NA), got '\(copiesText)'")
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
            for file in spec.files where file != "-" {
                if let problem = Self.unreadable(file) {
                    throw CLIError.sampleSheet("\(at): sample '\(name)': \(file): \(problem)")
                }
            }
            // SAM/BAM/CRAM headers (and a CRAM file's reference) are checked now too
            let alignments = spec.files.filter { BAMFormat.detect(path: $0) != nil }
            if !alignments.isEmpty && (spec.files.count > 1 || interleaved) {
                throw CLIError.sampleSheet("\(at): sample '\(name)': \(alignments[0]) is SAM/BAM/CRAM, which holds both mates: give it alone in the r1 column (r2 empty, no --interleaved)")
            }
            if !alignments.isEmpty {
                do {
                    _ = try BAMFragmentSource(paths: spec.files, reference: reference)
                } catch {
                    throw CLIError.sampleSheet("\(at): sample '\(name)': \(error)")
                }
            }
            jobs.append(SampleJob(name: name, spec: spec, inputCopies: copies))
        }
        guard !jobs.isEmpty else { throw CLIError.sampleSheet("\(path): the sample sheet lists no samples") }
        return jobs
    }

    /// Why `name` cannot name a sample's output files, nil when it can: letters, digits and
    /// `._+-`, not starting with '.' (hidden) or '-' (taken for an option by the tools that get
    /// the name), and not `cohort` (its TSV would be the cohort table).
    static func nameProblem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
        if !name.allSatisfy({ allowed.contains($0) }) || name.hasPrefix(".") || name.hasPrefix("-") {
            return "cannot name output files: use letters, digits, '.', '_', '+' and '-', not starting with '.' or '-'"
        }
        if name == "cohort" { return "would write cohort.tsv, the cohort table: choose another name" }
        return nil
    }

    /// Why `file` cannot be read, nil when it can (checked before any sample is analysed, so a
    /// typo in row 90 does not fail the run after 89 samples).
    static func unreadable(_ file: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { return "cannot open: no such file" }
        if isDirectory.boolValue { return "is a directory, not a reads file" }
        return FileManager.default.isReadableFile(atPath: file) ? nil : "cannot open: permission denied"
    }

    /// Whether the first non-comment line is a header: its first field is `sample`, or all its
    /// fields are known column names and one of them is `sample` (no data row looks like that:
    /// its r1 would be a file named `r1`, `r2`, `sample` or `input_copies`).
    static func isHeader(_ fields: [String]) -> Bool {
        let lowered = fields.map { $0.lowercased() }
        return lowered.first == "sample" || (lowered.contains("sample") && lowered.allSatisfy { columns.contains($0) })
    }

    /// Column name -> index from a header line; nil for a positional header (two or three
    /// columns, not all known names, no `input_copies`). A naming header has every name known,
    /// none twice, and `r1`.
    private static func header(_ fields: [String], at: String) throws -> [String: Int]? {
        let lowered = fields.map { $0.lowercased() }
        let allKnown = lowered.allSatisfy { columns.contains($0) }
        if !allKnown && fields.count <= 3 && !lowered.contains("input_copies") { return nil }
        var layout: [String: Int] = [:]
        for (k, name) in lowered.enumerated() {
            guard columns.contains(name) else {
                throw CLIError.sampleSheet("\(at): unknown column '\(fields[k])' in the header (known: \(columns.joined(separator: ", ")))")
            }
            guard layout.updateValue(k, forKey: name) == nil else {
                throw CLIError.sampleSheet("\(at): column '\(fields[k])' appears twice in the header")
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
