import Foundation
import Testing
@testable import ITDCaller

/// `--collapse-duplicates`: fragments whose reads start at the same places count once.
@Suite struct DuplicateCollapseTests {
    typealias S = SyntheticReads

    static func mate(_ sense: Bool, _ span: Range<Int32>, clipStart: Int32 = 0, clipEnd: Int32 = 0, junction: Int32 = -1) -> MateGeometry {
        let spans = junction >= 0 ? [span, (span.lowerBound - 30)..<(span.upperBound - 30)] : [span]
        return MateGeometry(reference: .genomic, isSense: sense, spans: spans, junctionIDs: junction >= 0 ? [junction] : [],
                            readStarts: junction >= 0 ? [clipStart, clipStart + Int32(span.count)] : [clipStart],
                            clipStart: clipStart, clipEnd: clipEnd, readLength: 150)
    }

    /// Copies of one molecule whose alignments stop at different places (an error in the last
    /// bases leaves them unaligned) share their 5' ends: one group, kept as its commonest shape.
    /// Another molecule with another end is its own group.
    @Test func copiesWhoseAlignmentsStopAtDifferentPlacesAreOneMolecule() {
        let clean = FragmentGeometry(mates: [Self.mate(true, 500..<650), Self.mate(false, 700..<850)])
        let errorAtEnd = FragmentGeometry(mates: [Self.mate(true, 500..<646, clipEnd: 4), Self.mate(false, 703..<850, clipStart: 3)])
        let other = FragmentGeometry(mates: [Self.mate(true, 501..<651), Self.mate(false, 700..<850)])
        let result = DuplicateCollapser.collapse([clean: 3, errorAtEnd: 1, other: 2])
        #expect(result.notApplied == nil)
        #expect(result.geometries == [clean: 1, other: 1])
        #expect(result.duplicates == 4)
    }

    /// Copies of one molecule carry one allele: fragments with the same ends whose reads show
    /// different junctions, or one none, are not taken for copies (keeping either would lean the
    /// ratio towards that allele).
    @Test func fragmentsShowingDifferentJunctionsAreNotCopies() {
        let mate2 = Self.mate(false, 700..<850)
        let shows = FragmentGeometry(mates: [Self.mate(true, 500..<600, junction: 0), mate2])
        let lost = FragmentGeometry(mates: [Self.mate(true, 500..<600, clipEnd: 50), mate2])
        let result = DuplicateCollapser.collapse([lost: 1, shows: 2])
        #expect(result.geometries == [lost: 1, shows: 1])
        #expect(result.duplicates == 1)
    }

    /// Fragments off exons 14-15 (background reads of a repeat in an intron, say) are neither
    /// grouped nor a sign of an amplicon, however many share their ends.
    @Test func fragmentsOffTheLocusPassUnchanged() {
        let intron = FragmentGeometry(mates: [Self.mate(true, 10..<110)])
        let locus = FragmentGeometry(mates: [Self.mate(true, 500..<650), Self.mate(false, 700..<850)])
        #expect(!DuplicateCollapser.atLocus(intron) && DuplicateCollapser.atLocus(locus))
        let result = DuplicateCollapser.collapse([intron: 5000, locus: 2])
        #expect(result.notApplied == nil)
        #expect(result.geometries == [intron: 5000, locus: 1])
        #expect(result.duplicates == 1)
    }

    /// Single-end reads (one end known) and RNA-seq fragments (crowding a transcript) share ends
    /// by chance: not collapsed, and said so.
    @Test func singleEndAndRNASeqFragmentsAreLeftAsTheyAre() {
        let single = FragmentGeometry(mates: [Self.mate(true, 500..<650)])
        let result = DuplicateCollapser.collapse([single: 3])
        #expect(result.notApplied?.contains("single-end") == true && result.geometries == [single: 3])
        var m1 = Self.mate(true, 500..<650), m2 = Self.mate(false, 700..<850)
        m1.reference = .mrna
        m2.reference = .mrna
        let rna = FragmentGeometry(mates: [m1, m2])
        let rnaResult = DuplicateCollapser.collapse([rna: 3])
        #expect(rnaResult.notApplied?.contains("RNA-seq") == true && rnaResult.geometries == [rna: 3])
    }

    /// Copies of the two strands of one molecule (R1 at its left end, or at its right) share
    /// their ends as a set: one group, as in Picard MarkDuplicates.
    @Test func copiesOfEitherStrandAreOneMolecule() {
        let left = Self.mate(true, 500..<650), right = Self.mate(false, 700..<850)
        let r1Left = FragmentGeometry(mates: [left, right]), r1Right = FragmentGeometry(mates: [right, left])
        let result = DuplicateCollapser.collapse([r1Left: 2, r1Right: 1])
        #expect(result.duplicates == 2)
        #expect(result.geometries == [r1Left: 1])
    }

    /// Two copies that tie on count and differ only where the alignment stopped keep the same
    /// one whatever the dictionary's layout: the order is the shapes' fields, not hash order.
    @Test func aTieIsBrokenTheSameWayWhateverTheDictionaryLayout() {
        let junctions = [RawJunction(reference: .genomic, b: 600, c: 570, nontemplated: Array("T".utf8))]
        let mate2 = Self.mate(false, 700..<850)
        let clean = FragmentGeometry(mates: [Self.mate(true, 500..<600, junction: 0), mate2])
        let clipped = FragmentGeometry(mates: [Self.mate(true, 500..<600, clipEnd: 2, junction: 0), mate2])
        var kept: Set<FragmentGeometry> = []
        for n in 0..<40 {
            var geometries: [FragmentGeometry: Int] = [:]
            geometries.reserveCapacity(1 + 7 * n)
            let filler = (0..<n).map { FragmentGeometry(mates: [Self.mate(true, Int32(300 + $0)..<Int32(450 + $0)), Self.mate(false, 700..<850)]) }
            for g in n % 2 == 0 ? [clean, clipped] + filler : filler + [clipped, clean] { geometries[g] = 1 }
            let result = DuplicateCollapser.collapse(geometries, junctions: junctions)
            kept.formUnion(result.geometries.keys.filter { $0 == clean || $0 == clipped })
        }
        #expect(kept == [clean], "clip 0 orders before clip 2")
    }

    /// A low-depth capture sample with one PCR jackpot (one molecule 60 times among 300 others)
    /// is collapsed, not taken for an amplicon: its sense reads start at 301 bases.
    @Test func aPCRJackpotInCaptureIsCollapsedNotTakenForAnAmplicon() {
        var geometries: [FragmentGeometry: Int] = [:]
        for k in Int32(0)..<300 {
            geometries[FragmentGeometry(mates: [Self.mate(true, (420 + k)..<(570 + k)), Self.mate(false, (700 + k)..<(850 + k))])] = 1
        }
        let jackpot = FragmentGeometry(mates: [Self.mate(true, 500..<650), Self.mate(false, 690..<840)])
        geometries[jackpot] = 60
        let result = DuplicateCollapser.collapse(geometries)
        #expect(result.notApplied == nil)
        #expect(result.duplicates == 59)
        #expect(result.geometries[jackpot] == 1)
    }

    /// Amplicon fragments all start at the primers: not collapsed, and said so.
    @Test func ampliconLikeLibrariesAreLeftAsTheyAre() {
        let wt = FragmentGeometry(mates: [Self.mate(true, 400..<550), Self.mate(false, 580..<730)])
        let mut = FragmentGeometry(mates: [Self.mate(true, 400..<550, junction: 0), Self.mate(false, 580..<730)])
        let result = DuplicateCollapser.collapse([wt: 900, mut: 450])
        #expect(result.notApplied?.contains("amplicon") == true)
        #expect(result.geometries == [wt: 900, mut: 450])
    }

    /// Capture-like pairs starting at every base, each sequenced three times: collapsed, the
    /// counts, ratio and depth are those of the single copies collapsed (the tiling at every base
    /// also gives some mutant fragments read wholly past the junction a wild-type twin with the
    /// same ends: those count once in both), and the counts and ratio those of the single copies
    /// as they are; not collapsed, three times the counts, the same ratio, a narrower interval.
    @Test func tripledPairsCountAsTheirMolecules() throws {
        let c = S.senseOffset(c: "1807"), b = c + 45
        let hap = S.itd(c: c, b: b)
        let q = QuantificationTests()
        var keeping = AnalysisOptions(), collapsing = AnalysisOptions()
        keeping.collapseDuplicates = false
        collapsing.collapseDuplicates = true
        let once = q.pairs([(S.genome, 1), (hap, 1)], readLength: 150, fragmentLength: 300)
        let tripled = q.pairs([(S.genome, 3), (hap, 3)], readLength: 150, fragmentLength: 300)
        let single = try S.analyze(fragments: once, options: keeping)
        let singleCollapsed = try S.analyze(fragments: once, options: collapsing)
        let kept = try S.analyze(fragments: tripled, options: keeping)
        let collapsed = try S.analyze(fragments: tripled, options: collapsing)
        let itd = { (r: SampleResult) throws -> ITDQuantification in try #require(r.itds.first { $0.annotation.length == 45 }).quantification }
        for reference in [single, singleCollapsed] {
            #expect(try itd(collapsed).mutantFragments == itd(reference).mutantFragments)
            #expect(try itd(collapsed).wildTypeFragments == itd(reference).wildTypeFragments)
            #expect(try itd(collapsed).allelicRatio == itd(reference).allelicRatio)
        }
        #expect(collapsed.locusDepth == singleCollapsed.locusDepth)
        // two extra copies of every fragment with a read on exon 14 or 15 (the others are not grouped)
        var source = InMemoryFragmentSource(fragments: once)
        var analyzer = ITDAnalyzer(options: keeping)
        try analyzer.consume(&source)
        let atLocus = analyzer.store.geometries.filter { DuplicateCollapser.atLocus($0.key) }.values.reduce(0, +)
        #expect(atLocus > single.funnel.alignedFragments / 2)
        #expect(collapsed.funnel.duplicateFragments == 2 * atLocus + singleCollapsed.funnel.duplicateFragments!)
        #expect(try itd(kept).mutantFragments == 3 * itd(single).mutantFragments)
        #expect(try abs(itd(kept).allelicRatio.value! - itd(single).allelicRatio.value!) < 1e-9)
        let width = { (q: ITDQuantification) -> Double in log(q.allelicRatio.ciHigh! / q.allelicRatio.ciLow!) }
        #expect(try width(itd(kept)) < 0.7 * width(itd(single)))
        #expect(kept.funnel.duplicateFragments == nil)
    }
}
