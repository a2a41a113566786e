import Foundation
import Testing

/// `flt3ar` routes SAM/BAM/CRAM inputs (recognised by content) to the htslib reader.
@Suite struct CLIBAMTests {
    /// The JSON report without the fields that name the inputs.
    static func analysis(_ args: [String]) throws -> [String: Any] {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("out.json")
        let out = try CLI.run(args + ["--json", json.path, "--quiet"])
        #expect(out.status == 0, "\(out.stderr)")
        var doc = try CLI.json(json)
        for key in ["inputs", "command_line", "sample"] { doc.removeValue(forKey: key) }
        return doc
    }

    /// Equal as JSON (re-serialised with sorted keys).
    static func same(_ a: [String: Any], _ b: [String: Any]) -> Bool {
        let options: JSONSerialization.WritingOptions = [.sortedKeys]
        return (try? JSONSerialization.data(withJSONObject: a, options: options)) == (try? JSONSerialization.data(withJSONObject: b, options: options))
    }

    static let fastq = [CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz"), CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz")]

    @Test(arguments: [["bam/itd_100_20.unaligned.bam"], ["bam/itd_100_20.grch38.bam"],
                      ["bam/itd_100_20.ctx.cram", "--reference", "bam/flt3_context.fa"]])
    func bamAndCramGiveTheSameJSONAsTheFastq(args: [String]) throws {
        let expected = try Self.analysis(Self.fastq)
        let got = try Self.analysis(args.map { $0.hasPrefix("bam/") ? CLI.testReads($0) : $0 })
        #expect(got["call"] as? String == "HAR")
        #expect(Self.same(got, expected))
    }

    @Test func bamWithAFastqNameIsStillReadAsBam() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let renamed = dir.appendingPathComponent("looks_like.fastq.gz")
        try FileManager.default.copyItem(atPath: CLI.testReads("bam/itd_100_20.unaligned.bam"), toPath: renamed.path)
        #expect(Self.same(try Self.analysis([renamed.path]), try Self.analysis(Self.fastq)))
    }

    @Test func cramWithoutReferenceFailsWithOneLineNamingTheFileAndFlag() throws {
        let cram = CLI.testReads("bam/itd_100_20.ctx.cram")
        let out = try CLI.run([cram, "--quiet"])
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("flt3ar: error: \(cram): "))
        #expect(out.stderr.contains("--reference"))
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
    }

    @Test func mixingBamAndFastqInOneSampleIsAnInputError() throws {
        let out = try CLI.run([CLI.testReads("bam/itd_100_20.unaligned.bam"), Self.fastq[0], "--quiet"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("mixes SAM/BAM/CRAM"))
    }

    @Test func truncatedBamFailsWithExitStatus1() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cut = dir.appendingPathComponent("cut.bam")
        try Data(try Data(contentsOf: URL(fileURLWithPath: CLI.testReads("bam/itd_100_20.unaligned.bam"))).prefix(20_000)).write(to: cut)
        let out = try CLI.run([cut.path, "--quiet"])
        #expect(out.status == 1)
        #expect(out.stderr == "flt3ar: error: \(cut.path): the BAM file is truncated (no BGZF end-of-file marker)\n")
    }
}
