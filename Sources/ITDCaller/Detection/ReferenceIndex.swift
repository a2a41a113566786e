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
    /// One bit per hash bucket of a screen k-mer: most off-target k-mers are rejected by one
    /// load from this 128 KiB bitmap, without probing the table.
    private let screenBits: [UInt64]
    private static let screenBitsLog2: UInt64 = 20
    /// Exact rejection of reads with no screen k-mer, before the screen proper (nil for k < 15).
    let prefilter: ScreenPrefilter?
    let positions: [ReferenceID: KmerTable]
    /// The same positions for both references and both strands in one table (``FastReadAligner``).
    let strandedPositions: StrandedPositionTable
    /// Genomic sense offsets a duplicated span may occupy: exon 13 start - 100 to the end of the
    /// window (exon 15 end + 300), so long ITDs reaching into intron 15 are kept.
    public let itdRegion: Range<Int>
    /// Exons 13-15 with their introns: a duplicated span must overlap this to be an FLT3-ITD.
    public let exonRegion: Range<Int>
    /// Genomic sense offsets of the exonic bases of exons 13-15 (``exonRegion``; intronic bases
    /// have no plain c. number) whose coding position lies in `region` (c. numbers, inclusive).
    public func depthOffsets(_ region: ClosedRange<Int>) -> [Int] {
        exonRegion.filter { s in
            guard let c = Int(FLT3Reference.shared.cLabel(senseOffset: s)) else { return false }
            return region.contains(c)
        }
    }

    public init(k: Int) {
        self.k = k
        let ref = FLT3Reference.shared
        let e13 = ref.exons.first { $0.name == "exon13" }!.senseSpan!
        let e15 = ref.exons.first { $0.name == "exon15" }!.senseSpan!
        itdRegion = (e13.lowerBound - 100)..<ref.genomicSense.count
        exonRegion = e13.lowerBound..<e15.upperBound

        let screenWindow = Array(ref.genomicSense[(e13.lowerBound - 100)..<ref.genomicSense.count])
        let screenSequences = [screenWindow, reverseComplement(screenWindow), ref.mrna, reverseComplement(ref.mrna)]
        var screen = KmerTable(capacity: 2 * (screenWindow.count + ref.mrna.count))
        for seq in screenSequences {
            forEachKmer(seq, k: k) { _, kmer in screen.insert(kmer, value: 1) { a, _ in a } }
        }
        self.screen = screen
        prefilter = ScreenPrefilter(k: k, sequences: screenSequences)
        var bits = [UInt64](repeating: 0, count: 1 << (Int(Self.screenBitsLog2) - 6))
        for seq in screenSequences {
            forEachKmer(seq, k: k) { _, kmer in
                let h = Self.screenHash(kmer)
                bits[Int(h >> 6)] |= 1 << (h & 63)
            }
        }
        screenBits = bits

        var positions: [ReferenceID: KmerTable] = [:]
        for id in ReferenceID.allCases {
            let seq = ref.sequence(id)
            var table = KmerTable(capacity: seq.count)
            forEachKmer(seq, k: k) { i, kmer in table.insert(kmer, value: Int32(i)) { _, _ in -1 } }
            positions[id] = table
        }
        self.positions = positions
        strandedPositions = StrandedPositionTable(k: k)
    }

    @inline(__always) private static func screenHash(_ kmer: UInt64) -> UInt64 {
        (kmer &* 0xD6E8_FEB8_6659_FD93) >> (64 - screenBitsLog2)
    }

    /// Number of k-mers of `bases` (either strand) found in the FLT3 screen, counting at most
    /// `limit`. O(length); the hot loop of the whole tool: for k >= 15 ``ScreenPrefilter`` first
    /// rejects, exactly, almost every read that has no screen k-mer at all.
    public func screenHits(_ bases: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> Int {
        if let prefilter, !prefilter.mayHit(bases) { return 0 }
        return fullScreenHits(bases, limit: limit)
    }

    /// ``screenHits(_:limit:)`` without the prefilter: every k-mer of the read is looked up.
    func fullScreenHits(_ bases: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> Int {
        let k = self.k
        let mask: UInt64 = (1 << (2 * UInt64(k))) - 1
        var hits = 0
        nucleotideCode.withUnsafeBufferPointer { code in
            screenBits.withUnsafeBufferPointer { bits in
                var kmer: UInt64 = 0
                var valid = 0
                for b in bases {
                    let c = code[Int(b)]
                    if c > 3 {
                        valid = 0
                        continue
                    }
                    kmer = ((kmer << 2) | UInt64(c)) & mask
                    valid += 1
                    guard valid >= k else { continue }
                    let h = Self.screenHash(kmer)
                    if bits[Int(h >> 6)] & (1 << (h & 63)) != 0, screen.value(for: kmer) != nil {
                        hits += 1
                        if hits >= limit { return }
                    }
                }
            }
        }
        return hits
    }

    /// Sense-strand position of `kmer` in `reference`; nil when absent or ambiguous.
    @inline(__always) func position(of kmer: UInt64, in reference: ReferenceID) -> Int? {
        guard let p = positions[reference]!.value(for: kmer), p >= 0 else { return nil }
        return Int(p)
    }
}
