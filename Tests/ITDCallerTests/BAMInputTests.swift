import Foundation
import Testing
@testable import ITDCaller

/// BAM/CRAM/SAM input through htslib gives the same fragments, and so the same report, as the
/// FASTQ the file was made from. Fixtures: TestReads/bam/ (README.md there says how each was made).
@Suite struct BAMInputTests {
    static let itdFastq = InputSpec.paired(r1: [testReadsURL("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz").path],
                                           r2: [testReadsURL("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz").path])
    static func bam(_ name: String) -> String { testReadsURL("bam/\(name)").path }
    static let reference = bam("flt3_context.fa")

    /// The JSON report of a source, with a fixed sample name and inputs so that only the analysis differs.
    static func report<S: FragmentSource>(_ source: inout S) throws -> (json: String, result: SampleResult) {
        var analyzer = ITDAnalyzer(options: AnalysisOptions())
        try analyzer.consume(&source)
        let result = analyzer.finish(sample: "s", inputs: ["in"])
        return (try JSONReport.string(for: result, commandLine: ["flt3ar"]), result)
    }

    static func fastqReport(_ spec: InputSpec = itdFastq) throws -> (json: String, result: SampleResult) {
        var source = try FastqFragmentSource(spec)
        return try report(&source)
    }

    /// Every fragment as text (name key, mate sequences and qualities), sorted: a multiset.
    static func fragments<S: FragmentSource>(_ source: inout S) throws -> [String] {
        var out: [String] = []
        try source.forEachFragment { r1, r2 in
            func text(_ r: ReadView) -> String {
                String(decoding: MateName.key(r.name), as: UTF8.self) + " " + String(decoding: r.sequence, as: UTF8.self)
                    + " " + String(decoding: r.quality, as: UTF8.self)
            }
            out.append(text(r1) + " | " + (r2.map(text) ?? "-"))
        }
        return out.sorted()
    }

    @Test(arguments: ["itd_100_20.unaligned.bam", "itd_100_20.grch38.bam", "itd_100_20.grch37.bam", "itd_100_20.ctx.cram"])
    func bamGivesTheSameReportAsTheFastq(file: String) throws {
        let expected = try Self.fastqReport()
        var source = try BAMFragmentSource(paths: [Self.bam(file)], reference: Self.reference)
        let got = try Self.report(&source)
        #expect(got.result.call == .har)
        #expect(got.result.itds.count == 1)
        #expect(got.json == expected.json)
    }

    @Test(arguments: ["itd_100_20.unaligned.bam", "itd_100_20.grch38.bam", "itd_100_20.grch37.bam", "itd_100_20.ctx.cram"])
    func bamGivesEveryFastqFragmentOnceInOriginalOrientationWithMatesTogether(file: String) throws {
        var fastq = try FastqFragmentSource(Self.itdFastq)
        var source = try BAMFragmentSource(paths: [Self.bam(file)], reference: Self.reference)
        // The aligned fixtures hold reverse-strand records, mates unmapped, unplaced, on another
        // contig and far away, secondary and supplementary copies; the decoys are not FLT3.
        let got = try Self.fragments(&source).filter { !$0.hasPrefix("decoy") }
        #expect(got == (try Self.fragments(&fastq)))
    }

    @Test(arguments: [("itd_100_20.grch38.bam", BAMFLT3Region.Assembly.grch38, "chr13"), ("itd_100_20.grch37.bam", .grch37, "13")])
    func indexedBamIsReadByRegionPlusUnmappedAndMates(file: String, assembly: BAMFLT3Region.Assembly, contig: String) throws {
        let path = Self.bam(file)
        var source = try BAMFragmentSource(paths: [path])
        guard case .region(let region)? = source.plans[path] else {
            Issue.record("expected a region read, got \(String(describing: source.plans[path]))")
            return
        }
        #expect(region.assembly == assembly)
        #expect(region.contig == contig)
        #expect(source.totalBytes == nil)
        let got = try Self.report(&source)
        // 2,000 ITD.100.20 pairs; the 50 decoy pairs mapped elsewhere on chr13 are not read.
        #expect(got.result.funnel.totalFragments == 2000)
        #expect(got.result.funnel.totalReads == 4000)
        // every mate mapped elsewhere was found through the index: nothing to warn of
        #expect(source.matesNotFound == 0)
        #expect(!got.result.warnings.contains { $0.contains("without their mate") }, "\(got.result.warnings)")
    }

    @Test func bamWithoutIndexIsReadWhole() throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("noindex.bam", Array(try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.grch38.bam")))))
        var source = try BAMFragmentSource(paths: [path])
        #expect(source.plans[path] == .wholeFile(reason: "no index"))
        #expect(source.totalBytes != nil)
        let got = try Self.report(&source)
        #expect(got.result.funnel.totalFragments == 2050, "2,000 pairs plus the 50 decoys")
        let expected = try Self.fastqReport()
        #expect(got.result.itds == expected.result.itds)
        #expect(got.result.call == expected.result.call)
    }

    @Test func boundedWaitingRoomStillDeliversEveryReadOnce() throws {
        // Read whole (no index), the coordinate-sorted file has mates far apart: with room for
        // one waiting read, most pairs are split, but every primary record comes out once.
        let dir = try ReaderTempDir()
        let path = try dir.write("noindex.bam", Array(try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.grch38.bam")))))
        let source = try BAMFragmentSource(paths: [path], maxPendingMates: 1)
        var names: [String: Int] = [:]
        var fragments = 0
        try source.forEachFragment { r1, r2 in
            fragments += 1
            for r in [r1] + (r2.map { [$0] } ?? []) {
                names[String(decoding: r.name, as: UTF8.self) + String(decoding: r.sequence, as: UTF8.self), default: 0] += 1
            }
        }
        #expect(names.values.reduce(0, +) == 4100, "2,050 pairs")
        #expect(names.values.allSatisfy { $0 == 1 })
        #expect(fragments > 2050)
        #expect(source.pairsSplitByBound > 0)
    }

    @Test func formatIsDetectedFromContentNotName() throws {
        #expect(BAMFormat.detect(path: Self.bam("itd_100_20.unaligned.bam")) == .bam)
        #expect(BAMFormat.detect(path: Self.bam("itd_100_20.ctx.cram")) == .cram)
        #expect(BAMFormat.detect(path: testReadsURL("reader/sam_given.sam").path) == .sam)
        #expect(BAMFormat.detect(path: testReadsURL("reader/good.fastq.gz").path) == nil)
        #expect(BAMFormat.detect(path: testReadsURL("reader/good.fastq").path) == nil)
        #expect(BAMFormat.detect(path: "-") == nil)
        #expect(BAMFormat.detect(path: "/nonexistent.bam") == nil)
        let dir = try ReaderTempDir()
        let renamed = try dir.write("reads.fastq", Array(try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.unaligned.bam")))))
        #expect(BAMFormat.detect(path: renamed) == .bam)
    }

    @Test func regionIsFoundByChromosome13LengthOnly() {
        #expect(BAMFLT3Region.locate(contigs: [("chr1", 248_956_422), ("chr13", 114_364_328)])?.tid == 1)
        #expect(BAMFLT3Region.locate(contigs: [("13", 115_169_878)])?.start == 28_607_476)
        #expect(BAMFLT3Region.locate(contigs: [("chr13", 113_566_686)]) == nil, "T2T-CHM13 coordinates are not known")
        #expect(BAMFLT3Region.locate(contigs: [("FLT3", 1461)]) == nil)
    }

    @Test func truncatedBamIsAnInputErrorNamingTheFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.unaligned.bam")))
        let dir = try ReaderTempDir()
        let path = try dir.write("cut.bam", Array(data.prefix(20_000)))
        ReaderFixture.expectError(.truncatedGzip, file: path) {
            _ = try BAMFragmentSource(paths: [path])
        }
    }

    /// A BAM cut in the middle with its end-of-file marker put back passes the marker check;
    /// read on threads, htslib then ends at the bad block as if at the end of the file. Both
    /// ways it is an error, never a result from part of the file.
    @Test(arguments: [1, 2])
    func bamCutWithItsEndMarkerPutBackIsAnErrorOnAnyThreads(threads: Int) throws {
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.unaligned.bam"))))
        let dir = try ReaderTempDir()
        let path = try dir.write("cut-eof.bam", Array(data[0..<(data.count / 2)] + data.suffix(28)))
        ReaderFixture.expectError(.truncatedRecord, file: path) {
            let source = try BAMFragmentSource(paths: [path], threads: threads)
            try source.forEachFragment { _, _ in }
        }
    }

    /// A malformed SAM line is named by its line in the file (header lines included), on any
    /// number of threads.
    @Test func malformedSamLineIsNamedByLine() throws {
        let good = "r\t4\t*\t0\t0\t*\t*\t0\t0\tACGTACGTAC\tIIIIIIIIII\n"
        let text = "@HD\tVN:1.6\n@PG\tID:x\n" + String(repeating: good, count: 300) + "r\t4\t*\t0\t0\t*\t*\t0\n" + good
        let dir = try ReaderTempDir()
        let path = try dir.write("bad.sam", Array(text.utf8))
        ReaderFixture.expectError(.truncatedRecord, file: path, line: 303, record: 301) {
            let source = try BAMFragmentSource(paths: [path], threads: 2)
            try source.forEachFragment { _, _ in }
        }
    }

    /// Mates named `x/1` and `x/2` (FASTQ's suffixes kept in QNAME) are one fragment; a primary
    /// record without bases (SEQ `*`) is not silently lost: the report says how many.
    @Test func samMatesWithSlashSuffixesPairAndRecordsWithoutBasesAreReported() throws {
        let seq = String(repeating: "ACGT", count: 10), qual = String(repeating: "I", count: 40)
        let text = "@HD\tVN:1.6\n"
            + "p/1\t77\t*\t0\t0\t*\t*\t0\t0\t\(seq)\t\(qual)\n" + "p/2\t141\t*\t0\t0\t*\t*\t0\t0\t\(seq)\t\(qual)\n"
            + "s\t4\t*\t0\t0\t*\t*\t0\t0\t*\t*\n"
        let dir = try ReaderTempDir()
        let path = try dir.write("slash.sam", Array(text.utf8))
        let source = try BAMFragmentSource(paths: [path])
        var pairs = 0, singles = 0
        try source.forEachFragment { _, r2 in if r2 == nil { singles += 1 } else { pairs += 1 } }
        #expect(pairs == 1 && singles == 1)
        #expect(source.recordsWithoutSequence == 1)
        #expect(source.warnings.contains { $0.hasPrefix("1 primary records have no bases") }, "\(source.warnings)")
    }

    /// A file merged twice (every record present twice) is counted once, whether the copies
    /// follow each record (coordinate order) or each pair (name order); without this, name order
    /// paired each read with its own copy and counted every molecule twice.
    @Test(arguments: ["name", "record"])
    func recordsPresentTwiceAreCountedOnceAndReported(order: String) throws {
        let seq = String(repeating: "ACGT", count: 10), qual = String(repeating: "I", count: 40)
        func rec(_ name: String, _ flag: Int) -> String { "\(name)\t\(flag)\t*\t0\t0\t*\t*\t0\t0\t\(seq)\t\(qual)\n" }
        var body = ""
        for k in 0..<5 {
            let (r1, r2) = (rec("p\(k)", 77), rec("p\(k)", 141))
            body += order == "name" ? r1 + r2 + r1 + r2 : r1 + r1 + r2 + r2
        }
        let dir = try ReaderTempDir()
        let path = try dir.write("twice.sam", Array(("@HD\tVN:1.6\n" + body).utf8))
        let source = try BAMFragmentSource(paths: [path])
        var pairs = 0, singles = 0
        try source.forEachFragment { _, r2 in if r2 == nil { singles += 1 } else { pairs += 1 } }
        #expect(pairs == 5 && singles == 0, "\(pairs) pairs, \(singles) singles")
        #expect(source.repeatedRecords == 10)
        #expect(source.warnings.contains { $0.hasPrefix("10 paired records repeat") }, "\(source.warnings)")
    }

    /// A header-only BAM (what a failed alignment leaves) is an empty input, like an empty
    /// FASTQ file, with or without an index; a BAM index older than its data is named when the
    /// file cannot be read through it.
    @Test(.enabled(if: ExternalTool.find("samtools") != nil, "samtools not on PATH"))
    func headerOnlyBamIsEmptyAndAStaleIndexIsNamed() throws {
        let dir = try ReaderTempDir()
        let empty = dir.url.appendingPathComponent("empty.bam").path
        let view = try ExternalTool.run("samtools", ["view", "-H", "-b", "-o", empty, Self.bam("itd_100_20.grch38.bam")])
        try #require(view.status == 0, "\(view.stderr)")
        ReaderFixture.expectError(.empty, file: empty) {
            let source = try BAMFragmentSource(paths: [empty])
            try source.forEachFragment { _, _ in }
        }
        let index = try ExternalTool.run("samtools", ["index", empty])
        try #require(index.status == 0, "\(index.stderr)")
        ReaderFixture.expectError(.empty, file: empty) {
            _ = try BAMFragmentSource(paths: [empty])
        }

        // the GRCh37 file with the GRCh38 file's index, older than the data
        let data = try dir.write("mixed.bam", Array(try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.grch37.bam")))))
        let bai = try dir.write("mixed.bam.bai", Array(try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.grch38.bam.bai")))))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)], ofItemAtPath: bai)
        let error = ReaderFixture.expectError(.truncatedRecord, file: data) {
            let source = try BAMFragmentSource(paths: [data])
            try source.forEachFragment { _, _ in }
        }
        #expect(error?.detail.contains("mixed.bam.bai, which is older than the file") == true, "\(String(describing: error))")
    }

    /// An indexed BAM whose chromosome 13 is of no known assembly (T2T-CHM13) is read whole, and
    /// the report says why.
    @Test(.enabled(if: ExternalTool.find("samtools") != nil, "samtools not on PATH"))
    func indexedBamOfAnUnknownAssemblyIsReadWholeAndSaysSo() throws {
        let dir = try ReaderTempDir()
        let header = try ExternalTool.run("samtools", ["view", "-H", Self.bam("itd_100_20.grch38.bam")])
        let t2t = header.stdout.replacingOccurrences(of: "LN:114364328", with: "LN:113566686")
        #expect(t2t != header.stdout)
        let sam = try dir.write("t2t.header.sam", Array(t2t.utf8))
        let out = dir.url.appendingPathComponent("t2t.bam").path
        let reheader = try ExternalTool.run("sh", ["-c", "samtools reheader '\(sam)' '\(Self.bam("itd_100_20.grch38.bam"))' > '\(out)' && samtools index '\(out)'"])
        try #require(reheader.status == 0, "\(reheader.stderr)")
        var source = try BAMFragmentSource(paths: [out])
        let got = try Self.report(&source)
        #expect(got.result.funnel.totalFragments == 2050, "read whole: 2,000 pairs plus the 50 decoys")
        #expect(got.result.warnings.contains { $0.contains("has an index but was read whole") && $0.contains("113566686 bp") },
                "\(got.result.warnings)")
    }

    @Test func corruptBamRecordIsAnInputErrorNamingTheFileAndRecord() throws {
        var data = Array(try Data(contentsOf: URL(fileURLWithPath: Self.bam("itd_100_20.unaligned.bam"))))
        data[15_000] ^= 0xff
        let dir = try ReaderTempDir()
        let path = try dir.write("corrupt.bam", data)
        let error = ReaderFixture.expectError(.truncatedRecord, file: path) {
            let source = try BAMFragmentSource(paths: [path])
            try source.forEachFragment { _, _ in }
        }
        #expect(error?.record != nil)
    }

    @Test func cramWithoutItsReferenceAsksForReference() {
        let path = Self.bam("itd_100_20.ctx.cram")
        let error = ReaderFixture.expectError(.unreadable, file: path) {
            _ = try BAMFragmentSource(paths: [path])
        }
        #expect(error?.detail.contains("--reference") == true)
    }

    @Test func cramWithTheWrongReferenceIsAnInputErrorNotADownload() throws {
        // Same contig name and length, other sequence: the slices' MD5 do not match, and htslib
        // must not fall back to downloading the reference (REF_PATH is pointed nowhere).
        let fasta = try String(contentsOfFile: Self.reference, encoding: .utf8).split(separator: "\n")
        let wrong = ">FLT3ctx\n" + String(fasta.dropFirst().joined().reversed()) + "\n"
        let dir = try ReaderTempDir()
        let ref = try dir.write("wrong.fa", Array(wrong.utf8))
        let path = Self.bam("itd_100_20.ctx.cram")
        let error = ReaderFixture.expectError(.unreadable, file: path) {
            let source = try BAMFragmentSource(paths: [path], reference: ref)
            try source.forEachFragment { _, _ in }
        }
        #expect(error?.detail.contains("--reference") == true)
    }

    /// The real MiSeq amplicon (too large to commit as BAM) converted with `samtools import` now.
    @Test(.enabled(if: ExternalTool.find("samtools") != nil, "samtools not on PATH"), arguments: ["bam", "cram", "sam"])
    func realAmpliconConvertedBySamtoolsGivesTheSameReport(format: String) throws {
        let dir = try ReaderTempDir()
        let out = dir.url.appendingPathComponent("real.\(format)").path
        let r1 = testReadsURL("getitd_real_amplicon/test_R1.fastq.gz").path
        let r2 = testReadsURL("getitd_real_amplicon/test_R2.fastq.gz").path
        let run = try ExternalTool.run("samtools", ["import", "-1", r1, "-2", r2, "-O", format, "-o", out])
        try #require(run.status == 0, "samtools import: \(run.stderr)")
        let expected = try Self.fastqReport(.paired(r1: [r1], r2: [r2]))
        var source = try BAMFragmentSource(paths: [out])
        let got = try Self.report(&source)
        #expect(got.result.call == .har)
        #expect(got.json == expected.json)
    }
}
