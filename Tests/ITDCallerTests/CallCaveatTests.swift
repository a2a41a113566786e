import Foundation
import Testing
@testable import ITDCaller

/// What the report says beside the call, so that a reader does not take more from it than it
/// holds: evidence under the calling bar, a NEGATIVE that cannot rule out HAR, intervals of an
/// amplicon that count reads, ratios of transcripts, and no total AR where nothing was measured.
@Suite struct CallCaveatTests {
    typealias S = SyntheticReads

    /// `copies` x 50 primer-to-primer pairs (2x150) of each haplotype's exon 14-15 amplicon.
    static func amplicon(_ haplotypes: [([UInt8], Int)]) -> [(SequenceRecord, SequenceRecord?)] {
        S.ampliconPairs(haplotypes.map { ($0.0, $0.1 * 50) }, readLength: 150)
    }

    static let c1780 = S.senseOffset(c: "1780")
    static let itd30 = S.itd(c: c1780, b: c1780 + 30)

    /// An ITD at an AR under --min-fraction is not called, but a NEGATIVE names it with its count.
    @Test func junctionEvidenceBelowTheMinimumFractionIsNamed() throws {
        // four wild-type copies to one ITD copy: its junction fragments are well under half its
        // junction depth (which counts only the reads that enter the 30-bp duplication)
        let locus = 440..<880
        var reads = S.tiled(Self.itd30, readLength: 100, step: 1, region: locus.lowerBound..<(locus.upperBound + 30), name: "m")
        for k in 0..<4 { reads += S.tiled(S.genome, readLength: 100, step: 1, region: locus, seed: UInt64(k + 2), name: "w\(k)_") }
        var options = AnalysisOptions()
        options.minFraction = 0.5
        let r = try S.analyze(reads, options: options)
        #expect(r.itds.isEmpty, "\(r.itds.map { ($0.quantification.junctionFragments, $0.quantification.junctionDepth, $0.quantification.mutantFragments) })")
        let note = try #require(r.warnings.first { $0.hasPrefix("junction evidence below --min-fraction") }, "\(r.warnings)")
        #expect(note.contains("c.1780_1809dup"), "\(note)")
        let called = try S.analyze(reads)
        #expect(called.itds.count == 1)
        #expect(!called.warnings.contains { $0.hasPrefix("junction evidence below") }, "\(called.warnings)")
    }

    /// With --min-depth lowered below what a HAR-level ITD needs, a NEGATIVE says it does not
    /// rule out a high allelic ratio; at ordinary depth it does not.
    @Test func negativeAtTooLowADepthForHARSaysSo() throws {
        var options = AnalysisOptions()
        options.minDepth = 3
        let shallow = try S.analyze(fragments: Self.amplicon([(S.genome, 1)]).prefix(5).map { $0 }, options: options)
        #expect(shallow.call == .negative)
        #expect(shallow.warnings.contains { $0.contains("does not rule out a high allelic ratio") }, "\(shallow.warnings)")
        let deep = try S.analyze(fragments: Self.amplicon([(S.genome, 4)]))
        #expect(deep.call == .negative)
        #expect(!deep.warnings.contains { $0.contains("does not rule out") }, "\(deep.warnings)")
    }

    /// An amplicon's intervals count reads: the report says so when the input molecules are
    /// unknown, and not when --input-copies gives them.
    @Test func ampliconIntervalsThatCountReadsAreNamedUnlessInputCopiesAreGiven() throws {
        let fragments = Self.amplicon([(S.genome, 4), (Self.itd30, 2)])
        let plain = try S.analyze(fragments: fragments)
        #expect(plain.itds.count == 1)
        #expect(plain.warnings.contains { $0.hasPrefix("amplicon library") }, "\(plain.warnings)")
        var options = AnalysisOptions()
        options.inputCopies = 500
        let withCopies = try S.analyze(fragments: fragments, options: options)
        #expect(!withCopies.warnings.contains { $0.hasPrefix("amplicon library") }, "\(withCopies.warnings)")
    }

    /// Reads of spliced transcripts: the ratio is of transcripts, and the report says so.
    @Test func rnaRatiosAreNamedAsTranscriptRatios() throws {
        let mrna = FLT3Reference.shared.mrna
        let exon14 = try #require(FLT3Reference.shared.exons.first { $0.name == "exon14" })
        let end = exon14.mrnaSpan.upperBound
        let mutant = Array(mrna[..<end]) + Array(mrna[(end - 30)..<end]) + Array(mrna[end...])
        let r = try S.analyze(S.tiled(mrna, readLength: 150, step: 1, name: "wt") + S.tiled(mutant, readLength: 150, step: 1, seed: 2, name: "m"))
        #expect(r.itds.count == 1)
        #expect(r.warnings.contains { $0.hasPrefix("RNA-seq reads") }, "\(r.warnings)")
    }

    /// INDETERMINATE without an ITD has no total AR (nothing was measured), not 0; a NEGATIVE
    /// has 0; --depth-region's caveat is for calls without an ITD only.
    @Test func indeterminateHasNoTotalRatioAndNegativeHasZero() throws {
        let shallow = try S.analyze(fragments: Self.amplicon([(S.genome, 1)]).prefix(5).map { $0 })
        #expect(shallow.call == .indeterminate)
        #expect(shallow.totalAllelicRatio.value == nil)
        let negative = try S.analyze(fragments: Self.amplicon([(S.genome, 4)]))
        #expect(negative.call == .negative)
        #expect(negative.totalAllelicRatio.value == 0)
        var options = AnalysisOptions()
        options.depthRegion = 1730...1834
        let positive = try S.analyze(fragments: Self.amplicon([(S.genome, 4), (Self.itd30, 2)]), options: options)
        #expect(positive.itds.count == 1)
        #expect(!positive.warnings.contains { $0.contains("--depth-region") }, "\(positive.warnings)")
    }
}
