import Foundation
import Testing
@testable import ITDCaller

/// Hand-built results covering every call and every awkward value the report formats must handle.
/// The ITDs are real FLT3 duplications: spans, VCF alleles and HGVS were derived from the GRCh38
/// window in shared/reference (coord_map.tsv) by 3'-shifting in transcript orientation and
/// left-aligning on the plus strand; counts and intervals are invented but consistent.
enum ReportFixtures {
    static let commandLine = ["flt3ar", "--json", "out.json", "--sample", "S", "reads_R1.fastq.gz", "reads_R2.fastq.gz"]

    /// Every fixture, by golden-file stem.
    static let all: [(name: String, result: SampleResult)] = [
        ("har_two_itds", harTwoITDs),
        ("lar_borderline", larBorderline),
        ("infinite_ar", infiniteAR),
        ("negative", negative),
        ("indeterminate", indeterminate),
    ]

    /// c.1770_1790dup (21 bp, JMD switch motif)
    static let itd21 = ITDAnnotation(
        length: 21, insertionLength: 21, insertedSequence: "CTACGTTGATTTCAGAGAATA", nontemplatedBases: "",
        grch38Start: 28_034_129, grch38End: 28_034_149, grch37Start: 28_608_266, grch37End: 28_608_286,
        vcfPos: 28_034_128, vcfRef: "A", vcfAlt: "ATATTCTCTGAAATCAACGTAG",
        hgvsC: "NM_004119.3:c.1770_1790dup", hgvsP: "p.(Tyr591_Tyr597dup)",
        inFrame: true, region: "exon14", domain: "JMD_switchMotif")

    /// 30 bp of c.1795_1824 duplicated with 3 non-templated bases (GAC) in front: 33 bp inserted.
    static let itd30ntb = ITDAnnotation(
        length: 30, insertionLength: 33, insertedSequence: "GACTATGATCTCAAATGGGAGTTTCCAAGAGAA",
        nontemplatedBases: "GAC",
        grch38Start: 28_034_095, grch38End: 28_034_124, grch37Start: 28_608_232, grch37End: 28_608_261,
        vcfPos: 28_034_094, vcfRef: "T", vcfAlt: "TTTCTCTTGGAAACTCCCATTTGAGATCATAGTC",
        hgvsC: "NM_004119.3:c.1824_1825insGACTATGATCTCAAATGGGAGTTTCCAAGAGAA",
        hgvsP: "p.(Glu608_Asn609insAspTyrAspLeuLysTrpGluPheProArgGlu)",
        inFrame: true, region: "exon14", domain: "JMD_hingeRegion")

    /// c.1782_1817dup (36 bp, insertion in the hinge region)
    static let itd36 = ITDAnnotation(
        length: 36, insertionLength: 36, insertedSequence: "CAGAGAATATGAATATGATCTCAAATGGGAGTTTCC",
        nontemplatedBases: "",
        grch38Start: 28_034_102, grch38End: 28_034_137, grch37Start: 28_608_239, grch37End: 28_608_274,
        vcfPos: 28_034_101, vcfRef: "T", vcfAlt: "TGGAAACTCCCATTTGAGATCATATTCATATTCTCTG",
        hgvsC: "NM_004119.3:c.1782_1817dup", hgvsP: "p.(Tyr597_Glu608dup)",
        inFrame: true, region: "exon14", domain: "JMD_hingeRegion")

    /// c.1831_1837+34dup (41 bp, out of frame, reaching into intron 14; no protein sub-domain at the site)
    static let itd41 = ITDAnnotation(
        length: 41, insertionLength: 41, insertedSequence: "GAGTTTGGTAAGAATGGAATGTGCCAAATGTTTCTGCAGCA",
        nontemplatedBases: "",
        grch38Start: 28_034_048, grch38End: 28_034_088, grch37Start: 28_608_185, grch37End: 28_608_225,
        vcfPos: 28_034_047, vcfRef: "A", vcfAlt: "ATGCTGCAGAAACATTTGGCACATTCCATTCTTACCAAACTC",
        hgvsC: "NM_004119.3:c.1831_1837+34dup", hgvsP: "p.?",
        inFrame: false, region: "exon14-intron14", domain: "")

    static func call(_ id: String, _ a: ITDAnnotation, senseStart: Int, mutant: Int, wildType: Int,
                     ar: AllelicRatioEstimate, junction: Int, estimator: String = "spanning",
                     seenOn: [String] = ["genomic"]) -> ITDCall {
        let inserted = Array(a.insertedSequence.utf8)
        return ITDCall(
            id: id,
            event: InsertionEvent(reference: .genomic, position: senseStart + a.length, inserted: inserted),
            annotation: a,
            quantification: ITDQuantification(
                mutantFragments: mutant, wildTypeFragments: wildType, allelicRatio: ar,
                junctionFragments: junction, junctionDepth: mutant + wildType, estimator: estimator),
            seenOn: seenOn)
    }

    static func funnel(reads: Int, onTarget: Int, aligned: Int, adapterTrimmed: Int = 0, merged: Int = 0, junction: Int, itd: Int) -> ReadFunnel {
        var f = ReadFunnel()
        f.totalReads = reads
        f.totalFragments = reads / 2
        f.onTargetFragments = onTarget
        f.alignedFragments = aligned
        f.adapterTrimmedReads = adapterTrimmed
        f.mergedFragments = merged
        f.junctionFragments = junction
        f.itdFragments = itd
        return f
    }

    static var harTwoITDs: SampleResult {
        var options = AnalysisOptions()
        options.threads = 8
        return SampleResult(
            sample: "S01_HAR", inputs: ["runs/S01_R1.fastq.gz", "runs/S01_R2.fastq.gz"], options: options,
            funnel: funnel(reads: 2_468_000, onTarget: 3_412, aligned: 3_250, adapterTrimmed: 148, merged: 212, junction: 1_130, itd: 1_020),
            locusDepth: 2_310,
            itds: [
                call("ITD1", itd21, senseStart: 558, mutant: 620, wildType: 1_480,
                     ar: .init(value: 620.0 / 1_480, ciLow: 0.3812, ciHigh: 0.4594), junction: 655),
                call("ITD2", itd30ntb, senseStart: 583, mutant: 400, wildType: 1_510,
                     ar: .init(value: 400.0 / 1_510, ciLow: 0.2361, ciHigh: 0.2968), junction: 412,
                     seenOn: ["genomic", "mrna"]),
            ],
            totalAllelicRatio: .init(value: 1_020.0 / 1_495, ciLow: 0.6271, ciHigh: 0.7419),
            call: .har, borderline: false, warnings: [])
    }

    static var larBorderline: SampleResult {
        SampleResult(
            sample: "S02_LAR", inputs: ["S02.bam"], options: AnalysisOptions(),
            funnel: funnel(reads: 61_204, onTarget: 402, aligned: 391, junction: 101, itd: 95),
            locusDepth: 380,
            itds: [call("ITD1", itd36, senseStart: 570, mutant: 95, wildType: 260,
                        ar: .init(value: 95.0 / 260, ciLow: 0.2881, ciHigh: 0.4617), junction: 99)],
            totalAllelicRatio: .init(value: 95.0 / 260, ciLow: 0.2881, ciHigh: 0.4617),
            call: .lar, borderline: true,
            warnings: ["total AR interval 0.29-0.46 contains the HAR threshold 0.4"])
    }

    /// Also run with `--no-adapter-trim`.
    static var infiniteAR: SampleResult {
        var options = AnalysisOptions()
        options.harThreshold = 0.5
        options.minDepth = 30
        options.trimAdapters = false
        return SampleResult(
            sample: "S03_LOH", inputs: ["-"], options: options,
            funnel: funnel(reads: 18_000, onTarget: 61, aligned: 55, junction: 50, itd: 48),
            locusDepth: 48,
            itds: [call("ITD1", itd41, senseStart: 619, mutant: 48, wildType: 0,
                        ar: .init(value: .infinity, ciLow: 12.35, ciHigh: .infinity), junction: 50,
                        estimator: "window")],
            totalAllelicRatio: .init(value: .infinity, ciLow: 12.35, ciHigh: .infinity),
            call: .har, borderline: false,
            warnings: ["ITD1 is out of frame", "no wild-type fragments at ITD1: allelic ratio is infinite"])
    }

    /// Depth measured on a narrowed region, as for 2x150 reads on the exon 14-15 amplicon.
    static var negative: SampleResult {
        var options = AnalysisOptions()
        options.depthRegion = 1730...1834
        return SampleResult(
            sample: "S04_NEG", inputs: ["runs/S04_R1.fq", "runs/S04_R2.fq"], options: options,
            funnel: funnel(reads: 1_500_000, onTarget: 2_702, aligned: 2_650, adapterTrimmed: 9, junction: 3, itd: 0),
            locusDepth: 2_310, itds: [],
            totalAllelicRatio: .init(value: 0, ciLow: 0, ciHigh: 0.0016),
            call: .negative, borderline: false,
            warnings: ["locus depth measured on c.1730-c.1834 (--depth-region), not the whole hotspot c.1730-c.1900: a negative call says nothing about the bases left out"])
    }

    /// Too little coverage to measure anything: the total AR is not measured (nil), not 0.
    static var indeterminate: SampleResult {
        SampleResult(
            sample: "S05_LOWDEPTH", inputs: ["runs/S05.fastq.gz"], options: AnalysisOptions(),
            funnel: funnel(reads: 40_000, onTarget: 15, aligned: 12, junction: 0, itd: 0),
            locusDepth: 12, itds: [],
            totalAllelicRatio: .init(value: nil, ciLow: nil, ciHigh: nil),
            call: .indeterminate, borderline: false,
            warnings: ["locus depth 12 is below --min-depth 100"])
    }
}

/// Golden files under TestReads/golden/reports/. `FLT3AR_UPDATE_GOLDEN=1` rewrites them and fails
/// the test, so the change is reviewed as a diff before it is committed.
enum ReportGolden {
    /// The package root (the directory holding Package.swift and TestReads/).
    static let packageRoot: URL = testReadsURL("golden").deletingLastPathComponent().deletingLastPathComponent()

    static let directory = testReadsURL("golden/reports")

    static var updating: Bool { ProcessInfo.processInfo.environment["FLT3AR_UPDATE_GOLDEN"] == "1" }

    /// Expects `actual` to equal the golden file `name`, byte for byte.
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record("rewrote golden \(name); review the diff and rerun without FLT3AR_UPDATE_GOLDEN",
                         sourceLocation: sourceLocation)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden \(url.path); create it with FLT3AR_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
            let got = line < a.count ? String(a[line]) : "<end>"
            let want = line < e.count ? String(e[line]) : "<end>"
            Issue.record("\(name) differs from golden at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)",
                         sourceLocation: sourceLocation)
        }
    }
}
