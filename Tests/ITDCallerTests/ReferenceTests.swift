import Testing
@testable import ITDCaller

@Suite struct ReferenceTests {
    @Test func embeddedSequencesHaveTheDocumentedLengths() {
        let ref = FLT3Reference.shared
        #expect(ref.genomicSense.count == 1121)
        #expect(ref.mrna.count == 635)
        #expect(ref.cds.count == 2982)
    }

    @Test func exon14ExonicOffsetsMapToTheDocumentedCoordinates() throws {
        let ref = FLT3Reference.shared
        let exon14 = try #require(ref.exons.first { $0.name == "exon14" })
        let span = try #require(exon14.senseSpan)
        #expect(ref.grch38(senseOffset: span.lowerBound) == 28_034_214)
        #expect(ref.cLabel(senseOffset: span.lowerBound) == "1705")
        #expect(ref.cLabel(senseOffset: span.upperBound - 1) == "1837")
        #expect(ref.region(senseOffset: span.lowerBound) == "exon14")
        // exon 14 bases are identical in the genomic window and the mRNA
        let m = exon14.mrnaSpan
        #expect(Array(ref.genomicSense[span]) == Array(ref.mrna[m]))
    }

    @Test func mrnaOffsetsMapBackToGenomicWindowWithinExons() {
        let ref = FLT3Reference.shared
        for m in 0..<ref.mrna.count {
            if let s = ref.senseOffset(mrnaOffset: m) {
                #expect(ref.genomicSense[s] == ref.mrna[m])
                #expect(ref.cLabel(senseOffset: s) == String(ref.cPosition(mrnaOffset: m)))
                #expect(ref.mrnaOffset(senseOffset: s) == m)
            }
        }
    }
}
