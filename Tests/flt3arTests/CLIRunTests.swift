import Foundation
import Testing

/// End-to-end runs of the built binary on the TestReads fixtures.
@Suite struct CLIRunTests {
    /// One run of `files` per flag set in `variants`, each writing its JSON: the parsed documents
    /// and the runs' stdout, in order (every run must exit 0).
    static func runs(_ files: [String], _ variants: [[String]]) throws -> (docs: [[String: Any]], stdout: [String]) {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var docs: [[String: Any]] = [], stdout: [String] = []
        for (k, flags) in variants.enumerated() {
            let json = dir.appendingPathComponent("run\(k).json")
            let out = try CLI.run(files.map(CLI.testReads) + ["--json", json.path, "--no-color"] + flags)
            #expect(out.status == 0, "\(out.stderr)")
            docs.append(try CLI.json(json))
            stdout.append(out.stdout)
        }
        return (docs, stdout)
    }

    static let realAmplicon = ["getitd_real_amplicon/test_R1.fastq.gz", "getitd_real_amplicon/test_R2.fastq.gz"]
    @Test func realMiSeqAmpliconGivesOne21bpITDWithPublishedRatioAndHAR() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("real.json")
        let out = try CLI.run([CLI.testReads("getitd_real_amplicon/test_R1.fastq.gz"), CLI.testReads("getitd_real_amplicon/test_R2.fastq.gz"),
                               "--json", json.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("HAR"))
        let doc = try CLI.json(json)
        #expect(doc["call"] as? String == "HAR")
        let itds = try #require(doc["itds"] as? [[String: Any]])
        #expect(itds.count == 1)
        #expect(itds.first?["length"] as? Int == 21)
        #expect((itds.first?["hgvs_c"] as? String)?.hasSuffix("c.1775_1795dup") == true)
        let ar = try #require(itds.first?["allelic_ratio"] as? Double)
        #expect(ar >= 2.1 && ar <= 2.4, "AR \(ar)")
    }

    @Test(arguments: [("ITD.100.20", 20), ("ITD.100.100", 100)])
    func itdseekSamplesGiveOneITDAtARNearOne(name: String, length: Int) throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("\(name).json")
        let out = try CLI.run([CLI.testReads("itdseek_sim_amplicon/\(name)_R1.fastq.gz"), CLI.testReads("itdseek_sim_amplicon/\(name)_R2.fastq.gz"),
                               "--json", json.path, "--quiet"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.isEmpty, "--quiet prints nothing on success")
        let doc = try CLI.json(json)
        let itds = try #require(doc["itds"] as? [[String: Any]])
        #expect(itds.count == 1)
        #expect(itds.first?["length"] as? Int == length)
        let ar = try #require(itds.first?["allelic_ratio"] as? Double)
        #expect(ar >= 0.9 && ar <= 1.1, "AR \(ar)")
    }

    /// The real MiSeq reads have a few pairs whose mates overlap by 12-100 bases: joined by
    /// default and counted in the funnel; `--no-mate-merge` keeps them apart and says so in the
    /// options, and the real sample's call does not depend on it.
    @Test func noMateMergeKeepsMatesApartAndIsRecorded() throws {
        let docs = try Self.runs(Self.realAmplicon, [["--quiet"], ["--quiet", "--no-mate-merge"]]).docs
        let options = try docs.map { try #require($0["options"] as? [String: Any]) }
        let reads = try docs.map { try #require($0["reads"] as? [String: Any]) }
        #expect(options.map { $0["merge_mates"] as? Bool } == [true, false])
        #expect((reads[0]["merged_fragments"] as? Int ?? 0) > 0)
        #expect(reads[1]["merged_fragments"] as? Int == 0)
        #expect(docs.map { $0["call"] as? String } == ["HAR", "HAR"])
    }

    /// `--input-copies N` keeps every count and point estimate and widens the intervals by the
    /// sampling of N molecules (the real amplicon's 2.30 from few molecules is no longer
    /// precise); the option is in the JSON (`null` without it) and on the terminal.
    @Test func inputCopiesWidenTheIntervalsAndAreRecorded() throws {
        let (docs, terminal) = try Self.runs(Self.realAmplicon, [[], ["--input-copies", "200"]])
        let options = try docs.map { try #require($0["options"] as? [String: Any]) }
        #expect(options[0]["input_copies"] is NSNull)
        #expect(options[1]["input_copies"] as? Int == 200)
        let itds = try docs.map { try #require(($0["itds"] as? [[String: Any]])?.first) }
        #expect(itds[0]["mutant_fragments"] as? Int == itds[1]["mutant_fragments"] as? Int)
        #expect(itds[0]["allelic_ratio"] as? Double == itds[1]["allelic_ratio"] as? Double)
        let ci = try itds.map { try #require($0["allelic_ratio_ci"] as? [Double]) }
        #expect(ci[1][0] < ci[0][0] - 0.3 && ci[1][1] > ci[0][1] + 0.5, "\(ci)")
        let total = try docs.map { try #require($0["total_allelic_ratio_ci"] as? [Double]) }
        #expect(total[1] == ci[1])
        #expect(!terminal[0].contains("input molecules"))
        #expect(terminal[1].contains("include the sampling of 200 input molecules"))
    }

    @Test func jsonToStdoutIsParseableAndSuppressesTheSummary() throws {
        let out = try CLI.run([CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz"), CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz"), "--json", "-"])
        #expect(out.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect(doc?["schema_version"] != nil)
    }

    @Test func failOnMatchingCallExitsWithStatus3() throws {
        let out = try CLI.run([CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz"), CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz"),
                               "--quiet", "--fail-on", "har,indeterminate"])
        #expect(out.status == 3)
    }

    @Test func singleEndInputFromStdinIsAnalysed() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz")))
        let out = try CLI.run(["-", "--json", "-", "--sample", "piped"], stdin: data)
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect(doc?["sample"] as? String == "piped")
        #expect((doc?["itds"] as? [Any])?.count == 1)
    }

    /// `--cohort-tsv` writes flt3ar's cohort table: per sample, the header and that sample's row;
    /// the rows of separate runs under one header are byte for byte the cohort.tsv that
    /// `--sample-sheet --outdir` writes for the same samples (what the Snakemake workflow relies
    /// on), and with `--sample-sheet` the option writes that same table.
    @Test func cohortTSVRowsOfSeparateRunsMakeTheSampleSheetCohortTable() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples: [(name: String, files: [String])] = [
            ("real", ["getitd_real_amplicon/test_R1.fastq.gz", "getitd_real_amplicon/test_R2.fastq.gz"]),
            ("itd20", ["itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz", "itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz"]),
            ("no_flt3", ["reader/good.fastq"]),
        ]
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try Data(samples.map { ([$0.name] + $0.files.map(CLI.testReads)).joined(separator: "\t") + "\n" }.joined().utf8).write(to: sheet)
        let outdir = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outdir, withIntermediateDirectories: true)
        let sheetTable = dir.appendingPathComponent("sheet_cohort.tsv")
        let batch = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", outdir.path, "--cohort-tsv", sheetTable.path])
        #expect(batch.status == 0, "\(batch.stderr)")
        let expected = try String(contentsOf: outdir.appendingPathComponent("cohort.tsv"), encoding: .utf8)
        #expect(try String(contentsOf: sheetTable, encoding: .utf8) == expected)

        var header: String?
        var rows: [String] = []
        for sample in samples {
            let file = dir.appendingPathComponent("\(sample.name).cohort.tsv")
            let out = try CLI.run(["--quiet", "--sample", sample.name, "--cohort-tsv", file.path] + sample.files.map(CLI.testReads))
            #expect(out.status == 0, "\(out.stderr)")
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 3 && lines[2].isEmpty, "header, one row, final newline")
            #expect(header == nil || header == String(lines[0]))
            header = String(lines[0])
            rows.append(String(lines[1]))
        }
        let joined = ([header ?? ""] + rows).map { $0 + "\n" }.joined()
        #expect(joined == expected)
        let calls = rows.map { $0.split(separator: "\t", omittingEmptySubsequences: false)[1] }
        #expect(calls == ["HAR", "HAR", "INDETERMINATE"])
    }

    /// A sample sheet whose header has an `input_copies` column gives each sample its own input
    /// (an empty or NA cell falls back to `--input-copies`); a two- or three-column header keeps its
    /// columns positional whatever it calls them; unknown column names and bad values are
    /// one-line errors naming the sheet and line.
    @Test func sampleSheetInputCopiesColumnSetsEachSamplesInput() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r1 = CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz"), r2 = CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz")
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try Data("sample\tinput_copies\tr1\tr2\nlow\t150\t\(r1)\t\(r2)\nunknown\tNA\t\(r1)\t\(r2)\n".utf8).write(to: sheet)
        let out = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", dir.appendingPathComponent("out").path, "--input-copies", "4000"])
        #expect(out.status == 0, "\(out.stderr)")
        let docs = try ["low", "unknown"].map { try CLI.json(dir.appendingPathComponent("out/\($0).json")) }
        #expect(try docs.map { try #require($0["options"] as? [String: Any])["input_copies"] as? Int } == [150, 4000])
        let ci = try docs.map { try #require($0["total_allelic_ratio_ci"] as? [Double]) }
        #expect(ci[0][1] - ci[0][0] > ci[1][1] - ci[1][0])

        let positional = dir.appendingPathComponent("positional.tsv")
        try Data("sample\tfastq_1\tfastq_2\ns1\t\(r1)\t\(r2)\n".utf8).write(to: positional)
        let old = try CLI.run(["--quiet", "--sample-sheet", positional.path, "--outdir", dir.appendingPathComponent("old").path])
        #expect(old.status == 0, "\(old.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("old/s1.json").path))

        for (text, message) in [("sample\tr1\tr2\tinput_copy\n", "unknown column 'input_copy'"),
                                ("sample\tr1\tr2\tinput_copies\ns\t\(r1)\t\(r2)\tmany\n", "input_copies must be a whole number"),
                                ("sample\tr2\tinput_copies\n", "no 'r1' column")] {
            let bad = dir.appendingPathComponent("bad.tsv")
            try Data(text.utf8).write(to: bad)
            let refused = try CLI.run(["--quiet", "--sample-sheet", bad.path, "--outdir", dir.appendingPathComponent("bad").path])
            CLI.expectOneLineError(refused, status: 1, naming: "bad.tsv:")
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }
    }

    /// `--collapse-duplicates` on an amplicon (every fragment starts at a primer) is not applied:
    /// the counts stay, the report says why, and the JSON records the option with
    /// `duplicate_fragments` null.
    @Test func collapseDuplicatesLeavesAnAmpliconAsItIsAndSaysSo() throws {
        let docs = try Self.runs(["itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz", "itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz"],
                                 [["--quiet"], ["--quiet", "--collapse-duplicates"]]).docs
        let options = try docs.map { try #require($0["options"] as? [String: Any]) }
        #expect(options.map { $0["collapse_duplicates"] as? Bool } == [false, true])
        let reads = try docs.map { try #require($0["reads"] as? [String: Any]) }
        #expect(reads.allSatisfy { $0["duplicate_fragments"] is NSNull })
        let itds = try docs.map { try #require(($0["itds"] as? [[String: Any]])?.first) }
        #expect(itds[0]["mutant_fragments"] as? Int == itds[1]["mutant_fragments"] as? Int)
        #expect(itds[0]["allelic_ratio_ci"] as? [Double] == itds[1]["allelic_ratio_ci"] as? [Double])
        let warnings = try docs.map { try #require($0["warnings"] as? [String]) }
        #expect(!warnings[0].contains { $0.contains("--collapse-duplicates") })
        #expect(warnings[1].contains { $0.hasPrefix("--collapse-duplicates not applied") })
    }
}
