import Foundation
import Testing

/// Golden files: each fixture's full JSON result is kept in TestReads/golden/cli/. Any change in
/// a call, count, annotation or key fails here so the diff is reviewed. To accept a change, run
/// `FLT3AR_UPDATE_GOLDEN=1 swift test --filter CLIGoldenTests` (the run rewrites the files and
/// fails), then review `git diff TestReads/golden/cli`.
@Suite struct CLIGoldenTests {
    static let fixtures: [(name: String, args: [String])] = [
        ("getitd_real_amplicon", ["getitd_real_amplicon/test_R1.fastq.gz", "getitd_real_amplicon/test_R2.fastq.gz"]),
        ("itdseek_ITD.100.20", ["itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz", "itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz"]),
        ("itdseek_ITD.100.100", ["itdseek_sim_amplicon/ITD.100.100_R1.fastq.gz", "itdseek_sim_amplicon/ITD.100.100_R2.fastq.gz"]),
        ("itdseek_ITD.100.20_single_end", ["itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz"]),
    ]

    /// The JSON with the machine-dependent keys (paths) removed, pretty-printed with sorted keys.
    static func normalised(_ data: Data) throws -> String {
        var doc = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        doc["command_line"] = nil
        doc["inputs"] = (doc["inputs"] as? [String])?.map { ($0 as NSString).lastPathComponent }
        let out = try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: out, as: UTF8.self) + "\n"
    }

    @Test(arguments: fixtures.map(\.name))
    func jsonResultMatchesGoldenFile(name: String) throws {
        let args = Self.fixtures.first { $0.name == name }!.args.map(CLI.testReads)
        let out = try CLI.run(args + ["--json", "-", "--quiet", "--sample", name])
        #expect(out.status == 0, "\(out.stderr)")
        let got = try Self.normalised(Data(out.stdout.utf8))
        let golden = CLI.packageRoot.appendingPathComponent("TestReads/golden/cli/\(name).json")
        if ProcessInfo.processInfo.environment["FLT3AR_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try got.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("rewrote \(golden.path); review the diff and run again without FLT3AR_UPDATE_GOLDEN")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(got == expected, "JSON for \(name) differs from \(golden.path)")
    }

    /// Every other report format of the real amplicon fixture, with the binary's path replaced by
    /// "flt3ar" and the checkout path by "ROOT", so the goldens do not depend on where the
    /// repository or the build lives.
    @Test(arguments: ["tsv", "vcf", "html", "multiqc"])
    func reportFormatMatchesGoldenFile(format: String) throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("real." + (format == "multiqc" ? "flt3ar_mqc.json" : format))
        let args = Self.fixtures[0].args.map(CLI.testReads)
        let out = try CLI.run(args + ["--\(format)", file.path, "--quiet", "--sample", "getitd_real_amplicon"])
        #expect(out.status == 0, "\(out.stderr)")
        let got = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: CLI.binary.path, with: "flt3ar")
            .replacingOccurrences(of: CLI.packageRoot.path, with: "ROOT")
            .replacingOccurrences(of: file.path, with: "OUT")
        let golden = CLI.packageRoot.appendingPathComponent("TestReads/golden/cli/getitd_real_amplicon.\(format == "multiqc" ? "flt3ar_mqc.json" : format)")
        if ProcessInfo.processInfo.environment["FLT3AR_UPDATE_GOLDEN"] == "1" {
            try got.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("rewrote \(golden.path); review the diff and run again without FLT3AR_UPDATE_GOLDEN")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(got == expected, "\(format) for the real amplicon differs from \(golden.path)")
    }

    @Test func resultsAreIdenticalAcrossThreadsAndInflaters() throws {
        let args = Self.fixtures[0].args.map(CLI.testReads)
        var outputs: Set<String> = []
        for extra in [["--threads", "1", "--inflate", "zlib"], ["--threads", "2", "--inflate", "isal"], ["--threads", "1", "--inflate", "isal"]] {
            let out = try CLI.run(args + ["--json", "-", "--quiet", "--sample", "x"] + extra)
            #expect(out.status == 0)
            var doc = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as! [String: Any]
            doc["command_line"] = nil
            var options = doc["options"] as? [String: Any]
            options?["threads"] = nil
            doc["options"] = options
            outputs.insert(String(decoding: try JSONSerialization.data(withJSONObject: doc, options: .sortedKeys), as: UTF8.self))
        }
        #expect(outputs.count == 1)
    }
}
