import Testing
@testable import ITDCaller

/// Detection and quantification on synthetic reads with known truth.
@Suite struct DetectionTests {
    typealias S = SyntheticReads
    let exon14 = 493..<626
    let exon1415 = 480..<840

    /// `copies` copies of WT reads and `mutCopies` copies of mutant reads, each tiled every `step`.
    func sample(mutant: [UInt8]?, wtCopies: Int, mutCopies: Int, readLength: Int = 150, step: Int = 7,
                errorRate: Double = 0) -> [SequenceRecord] {
        var reads: [SequenceRecord] = []
        for k in 0..<wtCopies {
            reads += S.tiled(S.genome, readLength: readLength, step: step, region: exon1415, errorRate: errorRate, seed: UInt64(k + 1), name: "wt\(k)_")
        }
        if let mutant {
            for k in 0..<mutCopies {
                reads += S.tiled(mutant, readLength: readLength, step: step, region: exon1415.lowerBound..<(exon1415.upperBound + mutant.count - S.genome.count),
                                 errorRate: errorRate, seed: UInt64(100 + k), name: "mut\(k)_")
            }
        }
        return reads
    }

    @Test func wildTypeOnlyReadsGiveNegativeWithDepth() throws {
        let r = try S.analyze(sample(mutant: nil, wtCopies: 30, mutCopies: 0))
        #expect(r.itds.isEmpty)
        #expect(r.call == .negative)
        #expect(r.locusDepth >= 100)
    }

    /// Reads that stop short of the hotspot's end (like 2x150 reads on the exon 14-15 amplicon,
    /// which never read c.1835-c.1837 with anchors) leave a sample without ITD INDETERMINATE;
    /// measuring the depth on the stretch the assay reads makes it NEGATIVE, with a warning that
    /// the rest was not looked at.
    @Test func depthRegionNarrowedToWhatTheAssayReadsTurnsIndeterminateIntoNegative() throws {
        let end = S.senseOffset(c: "1820")
        // reads start before end - 149, so the last base read is c.1820
        let reads = (0..<30).flatMap { k in
            S.tiled(S.genome, readLength: 150, step: 7, region: 200..<(end - 149), seed: UInt64(k + 1), name: "wt\(k)_")
        }
        let byDefault = try S.analyze(reads)
        #expect(byDefault.call == .indeterminate)
        var options = AnalysisOptions()
        options.depthRegion = 1730...1760
        let narrowed = try S.analyze(reads, options: options)
        #expect(narrowed.call == .negative)
        #expect(narrowed.locusDepth >= 100)
        #expect(narrowed.warnings.contains { $0.contains("--depth-region") })
    }

    @Test func tooFewReadsAreIndeterminateNotNegative() throws {
        let r = try S.analyze(sample(mutant: nil, wtCopies: 1, mutCopies: 0, step: 40))
        #expect(r.itds.isEmpty)
        #expect(r.call == .indeterminate)
    }

    @Test func offTargetReadsAreCountedButAddNoLocusDepth() throws {
        var rng = S.LCG(state: 7)
        let junk = (0..<200).map { i in
            SequenceRecord(name: "bg\(i)", sequence: String(decoding: (0..<150).map { _ in Array("ACGT".utf8)[rng.uniform(4)] }, as: UTF8.self))
        }
        let r = try S.analyze(junk)
        #expect(r.funnel.totalFragments == 200)
        // A random 150-mer shares a 16-mer with the 1.4 kb of FLT3 targets about once in 500 reads.
        #expect(r.funnel.onTargetFragments <= 2)
        #expect(r.call == .indeterminate)
        #expect(r.locusDepth == 0)
    }

    @Test func pureDuplicationInExon14IsFoundWithExactLengthAndHGVS() throws {
        let c = S.senseOffset(c: "1770"), b = c + 30
        let mutant = S.itd(c: c, b: b)
        let r = try S.analyze(sample(mutant: mutant, wtCopies: 20, mutCopies: 10))
        #expect(r.itds.count == 1)
        let call = try #require(r.itds.first)
        #expect(call.annotation.length == 30)
        let truth = try ITDAnnotator().annotate(InsertionEvent(reference: .genomic, position: b, inserted: Array(S.genome[c..<b])))
        #expect(call.annotation.hgvsC == truth.hgvsC)
        #expect(call.annotation.grch38Start == truth.grch38Start)
        let ar = try #require(call.quantification.allelicRatio.value)
        #expect(abs(ar - 0.5) < 0.05, "AR \(ar)")
        #expect(r.call == .har)
    }

    @Test(arguments: [150, 240, 320, 400])
    func itdLongerThanTheReadIsFoundFromJunctionReads(length: Int) throws {
        // 100-bp reads: every ITD here is longer than the read. The span ends in exon 15 (TKD1).
        let b = S.senseOffset(c: "1900") + 1
        let c = b - length
        let mutant = S.itd(c: c, b: b)
        var reads: [SequenceRecord] = []
        for k in 0..<20 {
            reads += S.tiled(S.genome, readLength: 100, step: 5, region: 480..<900, seed: UInt64(k + 1), name: "wt\(k)_")
            reads += S.tiled(mutant, readLength: 100, step: 5, region: 480..<(900 + length), seed: UInt64(k + 50), name: "mut\(k)_")
        }
        let r = try S.analyze(reads)
        #expect(r.itds.count == 1)
        let call = try #require(r.itds.first)
        #expect(call.annotation.length == length)
        let ar = try #require(call.quantification.allelicRatio.value)
        #expect(abs(ar - 1.0) < 0.15, "AR \(ar) for \(length) bp (\(call.quantification.estimator))")
    }

    @Test func nontemplatedBasesAreReportedAndLengthIsTheDuplicatedPart() throws {
        let c = S.senseOffset(c: "1780"), b = c + 24
        let mutant = S.itd(c: c, b: b, nontemplated: "GAC")
        let r = try S.analyze(sample(mutant: mutant, wtCopies: 20, mutCopies: 10))
        #expect(r.itds.count == 1)
        let call = try #require(r.itds.first)
        #expect(call.annotation.insertionLength == 27)
        #expect(call.annotation.nontemplatedBases.count >= 1)
        #expect(call.annotation.length + call.annotation.nontemplatedBases.count == 27)
    }

    @Test func sequencingErrorsDoNotSplitOrInventCalls() throws {
        let c = S.senseOffset(c: "1790"), b = c + 45
        let mutant = S.itd(c: c, b: b)
        let r = try S.analyze(sample(mutant: mutant, wtCopies: 20, mutCopies: 10, errorRate: 0.01))
        #expect(r.itds.count == 1)
        #expect(r.itds.first?.annotation.length == 45)
    }

    @Test func twoITDsOfTheSameLengthAtDifferentPositionsStayTwoCalls() throws {
        let c1 = S.senseOffset(c: "1760"), c2 = S.senseOffset(c: "1800")
        let m1 = S.itd(c: c1, b: c1 + 30), m2 = S.itd(c: c2, b: c2 + 30)
        var reads = sample(mutant: m1, wtCopies: 20, mutCopies: 6)
        reads += S.tiled(m2, readLength: 150, step: 7, region: 480..<870, seed: 999, name: "m2_")
        reads += S.tiled(m2, readLength: 150, step: 7, region: 480..<870, seed: 998, name: "m2b_")
        let r = try S.analyze(reads)
        #expect(r.itds.count == 2)
        #expect(Set(r.itds.map(\.annotation.length)) == [30])
        // total AR is the sum of the per-ITD ratios
        let sum = r.itds.compactMap(\.quantification.allelicRatio.value).reduce(0, +)
        #expect(abs((r.totalAllelicRatio.value ?? 0) - sum) < 1e-9)
    }

    @Test func snvsAndNonDuplicationIndelsNeverBecomeITDs() throws {
        let p = S.senseOffset(c: "1790")
        var snv = S.genome
        snv[p] = snv[p] == UInt8(ascii: "A") ? UInt8(ascii: "C") : UInt8(ascii: "A")
        let deletion = Array(S.genome[..<p]) + Array(S.genome[(p + 9)...])
        let insertion = S.mutant(p, Array("TTAGCCATGAT".utf8))
        var reads = sample(mutant: nil, wtCopies: 20, mutCopies: 0)
        for (k, hap) in [snv, deletion, insertion].enumerated() {
            for copy in 0..<10 {
                reads += S.tiled(hap, readLength: 150, step: 7, region: 480..<840, seed: UInt64(500 + 10 * k + copy), name: "decoy\(k)_\(copy)_")
            }
        }
        let r = try S.analyze(reads)
        #expect(r.itds.isEmpty, "\(r.itds.map(\.annotation.hgvsC))")
        #expect(r.call == .negative)
    }

    @Test func splicedRNAReadsShowTheITDOnTheGenome() throws {
        let mrna = FLT3Reference.shared.mrna
        let exon14 = FLT3Reference.shared.exons.first { $0.name == "exon14" }!
        let cm = exon14.mrnaSpan.lowerBound + 60, bm = cm + 36
        let mutant = S.itd(c: cm, b: bm, in: mrna)
        var reads: [SequenceRecord] = []
        for k in 0..<20 { reads += S.tiled(mrna, readLength: 120, step: 6, seed: UInt64(k + 1), name: "wt\(k)_") }
        for k in 0..<10 { reads += S.tiled(mutant, readLength: 120, step: 6, seed: UInt64(200 + k), name: "mut\(k)_") }
        let r = try S.analyze(reads)
        #expect(r.itds.count == 1)
        let call = try #require(r.itds.first)
        #expect(call.annotation.length == 36)
        #expect(call.event.reference == .genomic)
        #expect(call.annotation.region == "exon14")
        let ar = try #require(call.quantification.allelicRatio.value)
        #expect(abs(ar - 0.5) < 0.1, "AR \(ar)")
    }

    @Test func harThresholdIsStrict() throws {
        var opts = AnalysisOptions()
        let c = S.senseOffset(c: "1770")
        let mutant = S.itd(c: c, b: c + 30)
        let r = try S.analyze(sample(mutant: mutant, wtCopies: 20, mutCopies: 10))
        let ar = try #require(r.totalAllelicRatio.value)
        opts.harThreshold = ar
        let equal = try S.analyze(sample(mutant: mutant, wtCopies: 20, mutCopies: 10), options: opts)
        #expect(equal.call == .lar)
        opts.harThreshold = ar * 0.999
        let below = try S.analyze(sample(mutant: mutant, wtCopies: 20, mutCopies: 10), options: opts)
        #expect(below.call == .har)
    }
}
