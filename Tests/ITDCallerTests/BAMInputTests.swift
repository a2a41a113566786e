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
