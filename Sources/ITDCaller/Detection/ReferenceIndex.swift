/// k-mer indexes of the embedded FLT3 references: a screen (does a read come from FLT3?) and,
/// per reference, a position index (where on the sense strand does each k-mer sit?).
///
/// The screen holds both strands of the genomic window around exons 13-15 (± 100 bp, which keeps
/// the Alu element at the window's 5' edge out) and of the mRNA (exons 12-16), so spliced
/// RNA-seq reads pass it too. Position indexes hold the sense strand only; k-mers that occur more
/// than once in a reference are marked ambiguous and never anchor an alignment.
public struct ReferenceIndex: Sendable {
    public let k: Int
    let screen: KmerTable
    let positions: [ReferenceID: KmerTable]
    /// Genomic sense offsets where ITD junctions are accepted: exon 13 start - 20 to exon 15 end + 20.
    public let itdRegion: Range<Int>
    /// Genomic sense offsets of exons 14 and 15 (half-open), where the locus depth is measured.
    public let depthRegions: [Range<Int>]

    public init(k: Int) {
        self.k = k
        let ref = FLT3Reference.shared
        let e13 = ref.exons.first { $0.name == "exon13" }!.senseSpan!
        let e14 = ref.exons.first { $0.name == "exon14" }!.senseSpan!
        let e15 = ref.exons.first { $0.name == "exon15" }!.senseSpan!
        itdRegion = (e13.lowerBound - 20)..<(e15.upperBound + 20)
        depthRegions = [e14, e15]

        let screenWindow = Array(ref.genomicSense[(e13.lowerBound - 100)..<(e15.upperBound + 100)])
        var screen = KmerTable(capacity: 2 * (screenWindow.count + ref.mrna.count))
        for seq in [screenWindow, reverseComplement(screenWindow), ref.mrna, reverseComplement(ref.mrna)] {
            forEachKmer(seq, k: k) { _, kmer in screen.insert(kmer, value: 1) { a, _ in a } }
        }
        self.screen = screen

        var positions: [ReferenceID: KmerTable] = [:]
        for id in ReferenceID.allCases {
            let seq = ref.sequence(id)
            var table = KmerTable(capacity: seq.count)
            forEachKmer(seq, k: k) { i, kmer in table.insert(kmer, value: Int32(i)) { _, _ in -1 } }
            positions[id] = table
        }
        self.positions = positions
    }

    /// Number of k-mers of `bases` (either strand) found in the FLT3 screen. O(length).
    public func screenHits(_ bases: UnsafeBufferPointer<UInt8>) -> Int {
        var hits = 0
        forEachKmer(bases, k: k) { _, kmer in
            if screen.value(for: kmer) != nil { hits += 1 }
        }
        return hits
    }

    /// Sense-strand position of `kmer` in `reference`; nil when absent or ambiguous.
    @inline(__always) func position(of kmer: UInt64, in reference: ReferenceID) -> Int? {
        guard let p = positions[reference]!.value(for: kmer), p >= 0 else { return nil }
        return Int(p)
    }
}
