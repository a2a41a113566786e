/// Overlapping mates of a read pair joined into the one sequence of the molecule they read, so
/// that a junction lying in the overlap is read as such.
///
/// Why: when a pair's mates overlap by a few dozen bases and an ITD's junction falls in that
/// overlap, each mate reads it with only the bases between the junction and its own 3' end on
/// one side: too short to align as a junction (fewer than the anchor), so neither mate shows the
/// ITD, and their spans, each ending near the junction, joined into a fragment that looked wild
/// type. Simulated MiSeq 2x300 amplicon, 250-bp ITD (579-bp product, 21-bp overlap, junction 8
/// and 13 bases from the mates' ends): 16 of 194 mutant fragments seen, call NEGATIVE for a
/// true AR 0.05. Joined, the molecule is one 579-base read that crosses the junction with
/// hundreds of bases on each side.
///
/// The joined read is used as evidence of the fragment's allele (a junction it shows) and to
/// measure what the fragment covers in the window counts (``FragmentGeometry/joined``); where
/// the mates enter an ITD's span is still decided from each mate (``SiteReach``).
///
/// Only overlaps of at most `longestOverlap` bases are joined (the caller passes 2 x anchor +
/// ``overlapMargin``): mates that share more than a window of the counts (2 x anchor plus the
/// non-templated bases) cover every such window within one of them, and a junction in their
/// overlap is read by one of them with a full anchor on each side, so joining them changes
/// nothing but the cost. Wild-type and mutant fragments are treated alike: whether a pair is
/// joined depends on where its mates lie, not on its allele.
///
/// The overlap: the reverse complement of mate 2 starting at offset d = n1 - O of mate 1, the
/// mates' last O bases read twice (12 <= O <= `longestOverlap`). Those are both reads' 3' ends,
/// the bases most often misread, so a mismatch where either base has quality below
/// ``confidentQuality`` is taken as a likely error: at most O/10 (integer division) mismatches
/// between confident bases and O/4 in all. Every O up to ``exhaustiveOverlap`` is tried (errors
/// in a short overlap may leave no exact seed); longer ones where 12-base seeds place mate 2.
/// When another offset fits almost as well (within one confident mismatch), also an overlap
/// longer than the bound — the overlap lies inside a tandem repeat, such as the two copies of an
/// ITD — the pair is not joined: a wrong offset would add or remove a copy. In the overlap a disagreeing base is
/// taken from the mate that read it with the higher quality.
///
/// Scratch storage is owned and reused: one per analyser, not thread-safe.
struct MateMerger {
    /// Fewest overlapping bases that join two mates (also the seed length).
    static let minimumOverlap = 12
    /// Overlaps up to this many bases are all tried; longer ones are found from seeds.
    static let exhaustiveOverlap = 40
    /// Bases beyond 2 x anchor up to which overlaps are joined: room for non-templated bases and
    /// for read ends the aligner leaves unaligned.
    static let overlapMargin = 60
    /// Phred+33 quality from which a base counts as confidently read (Q20, 1% error).
    static let confidentQuality = UInt8(33 + 20)

    private var reverse2: [UInt8] = []
    private var reverseQuality2: [UInt8] = []
    /// The joined read of the last successful ``merge(_:_:_:_:longestOverlap:)``.
    private(set) var merged: [UInt8] = []

    init() {}

    /// How well mate 2 (reverse-complemented, `r2`) fits at offset `d` of mate 1.
    private struct Fit {
        var confident = 0
        /// Within the allowed mismatches.
        var fits = false
        /// Within one more than allowed (a rival that makes another fit ambiguous).
        var nearly = false
    }

    @inline(__always)
    private static func fit(_ seq1: UnsafeBufferPointer<UInt8>, _ q1: UnsafeBufferPointer<UInt8>,
                            _ r2: UnsafeBufferPointer<UInt8>, _ rq2: UnsafeBufferPointer<UInt8>, at d: Int) -> Fit {
        let overlap = min(seq1.count - d, r2.count)
        let allowedConfident = overlap / 10, allowedAll = overlap / 4
        var confident = 0, all = 0
        for i in 0..<overlap {
            let a = seq1[d + i], b = r2[i]
            if a == b || a & 0xDF == b & 0xDF { continue }
            all += 1
            if q1[d + i] >= confidentQuality && rq2[i] >= confidentQuality { confident += 1 }
            if confident > allowedConfident + 1 || all > allowedAll + 1 { return Fit() }
        }
        return Fit(confident: confident, fits: confident <= allowedConfident && all <= allowedAll, nearly: true)
    }

    /// Joins mate 1 (`seq1`, `qual1`) and mate 2 (`seq2`, `qual2`, as read: it is reverse
    /// complemented here) when their 3' ends overlap unambiguously by 12 to `longestOverlap`
    /// bases; the joined read (mate 1's orientation, n1 + n2 - O bases) is then in ``merged``
    /// and the result is true. Qualities are Phred+33, as long as their sequences.
    mutating func merge(_ seq1: UnsafeBufferPointer<UInt8>, _ qual1: UnsafeBufferPointer<UInt8>,
                        _ seq2: UnsafeBufferPointer<UInt8>, _ qual2: UnsafeBufferPointer<UInt8>,
                        longestOverlap: Int) -> Bool {
        let n1 = seq1.count, n2 = seq2.count, s = Self.minimumOverlap
        let longest = min(longestOverlap, n1, n2)
        guard longest >= s else { return false }
        reverse2.removeAll(keepingCapacity: true)
        reverseQuality2.removeAll(keepingCapacity: true)
        Self.complement.withUnsafeBufferPointer { complement in
            for i in stride(from: n2 - 1, through: 0, by: -1) {
                reverse2.append(complement[Int(seq2[i])])
                reverseQuality2.append(qual2[i])
            }
        }
        let chosen: Int? = reverse2.withUnsafeBufferPointer { r2 in
            reverseQuality2.withUnsafeBufferPointer { rq2 in
                var best = -1, bestConfident = Int.max
                var nearly: [(d: Int, confident: Int)] = []
                func consider(_ d: Int, inRange: Bool) {
                    let f = Self.fit(seq1, qual1, r2, rq2, at: d)
                    guard f.nearly, !nearly.contains(where: { $0.d == d }) else { return }
                    nearly.append((d, f.confident))
                    if inRange && f.fits && f.confident < bestConfident { (best, bestConfident) = (d, f.confident) }
                }
                // Short overlaps: every one (errors may leave no exact seed).
                for overlap in s...min(longest, Self.exhaustiveOverlap) { consider(n1 - overlap, inRange: true) }
                // Longer ones, up to the mates' whole length (rivals beyond the bound): from seeds.
                Self.forEachSeededOffset(seq1, r2) { d in
                    let overlap = n1 - d
                    if overlap > Self.exhaustiveOverlap && overlap <= n2 { consider(d, inRange: overlap <= longest) }
                }
                guard best >= 0 else { return nil }
                // Another offset that fits or nearly fits within one confident mismatch: ambiguous.
                return nearly.contains(where: { $0.d != best && $0.confident <= bestConfident + 1 }) ? nil : best
            }
        }
        guard let d = chosen else { return false }
        let overlap = n1 - d
        merged.removeAll(keepingCapacity: true)
        merged.reserveCapacity(d + n2)
        for i in 0..<d { merged.append(seq1[i]) }
        for i in 0..<overlap {
            let a = seq1[d + i], b = reverse2[i]
            merged.append(a & 0xDF == b & 0xDF || qual1[d + i] >= reverseQuality2[i] ? a : b)
        }
        for i in overlap..<n2 { merged.append(reverse2[i]) }
        return true
    }

    /// Whether two aligned mates may have to be joined: false when their alignments alone settle
    /// it. That takes both on one reference and opposite strands, with at most
    /// ``AllelicRatioEstimator/endTrimAllowance`` unaligned bases at their 3' ends (the overlap's
    /// side), and their overlap measured from the alignment, in read bases, below 12 or above
    /// `longestOverlap` by more than that allowance. The overlap is measured where the sense
    /// mate's last segment and one segment of the antisense mate read the same reference bases;
    /// when two of its segments do (the mates overlap across both copies of a duplication), the
    /// pair is tried. Mates sharing no segment are measured by their reference extents, which a
    /// duplication between them only lengthens. A junction in a short overlap leaves a mate
    /// with its far side unaligned at its 3' end, or a last segment shorter than the overlap, so
    /// such a pair is always tried. Most amplicon pairs (overlapping by 150 bases or more) and
    /// capture pairs (mates apart) are settled here, without comparing bases.
    static func mayJoin(_ a: MateGeometry, _ b: MateGeometry, longestOverlap: Int) -> Bool {
        guard a.reference == b.reference, a.isSense != b.isSense else { return true }
        let (sense, antisense) = a.isSense ? (a, b) : (b, a)
        let slack = AllelicRatioEstimator.endTrimAllowance
        // sense orientation: the sense mate's 3' end is its right end, the antisense mate's its left
        guard sense.clipEnd <= slack, antisense.clipStart <= slack else { return true }
        let k = sense.spans.count - 1
        let last = sense.spans[k]
        let shared = antisense.spans.indices.filter { antisense.spans[$0].overlaps(last) }
        guard shared.count <= 1 else { return true }
        let overlap: Int
        if let j = shared.first {
            // fragment offset (from the sense mate's start) of the antisense mate's first base
            let start = Int(sense.readStarts[k]) - Int(last.lowerBound) + Int(antisense.spans[j].lowerBound) - Int(antisense.readStarts[j])
            overlap = Int(sense.readLength) - start
        } else {
            overlap = sense.projectedEnd - antisense.projectedStart
        }
        return overlap >= minimumOverlap - slack && overlap <= longestOverlap + slack
    }

    /// Calls `body` with each offset d of mate 1 at which a 12-base seed places mate 2
    /// (reverse-complemented): its bases [o, o + 12) read exactly in mate 1 at d + o, or mate 1's
    /// bases [n1 - 12 - o, n1 - o) read exactly in mate 2 at e (d = n1 - 12 - o - e), for
    /// o = 0, 12, 24 (the 3' ends, where errors are likeliest, and two seeds further in). An
    /// offset may be reported more than once.
    private static func forEachSeededOffset(_ seq1: UnsafeBufferPointer<UInt8>, _ r2: UnsafeBufferPointer<UInt8>,
                                            _ body: (Int) -> Void) {
        let s = minimumOverlap, n1 = seq1.count, n2 = r2.count
        nucleotideCode.withUnsafeBufferPointer { table in
            // seed codes, -1 when absent (too short) or not all A, C, G, T
            var heads = (-1, -1, -1), tails = (-1, -1, -1)
            if s <= n2 { heads.0 = code(r2, from: 0, count: s, table) }
            if 2 * s <= n2 { heads.1 = code(r2, from: s, count: s, table) }
            if 3 * s <= n2 { heads.2 = code(r2, from: 2 * s, count: s, table) }
            if s <= n1 { tails.0 = code(seq1, from: n1 - s, count: s, table) }
            if 2 * s <= n1 { tails.1 = code(seq1, from: n1 - 2 * s, count: s, table) }
            if 3 * s <= n1 { tails.2 = code(seq1, from: n1 - 3 * s, count: s, table) }
            let mask = (1 << (2 * s)) - 1
            var c = 0, run = 0
            for i in 0..<n1 {
                let v = Int(table[Int(seq1[i])])
                run = v > 3 ? 0 : run + 1
                c = ((c << 2) | (v & 3)) & mask
                guard run >= s else { continue }
                let pos = i - s + 1
                if c == heads.0 { body(pos) }
                if c == heads.1 && pos >= s { body(pos - s) }
                if c == heads.2 && pos >= 2 * s { body(pos - 2 * s) }
            }
            c = 0
            run = 0
            for i in 0..<n2 {
                let v = Int(table[Int(r2[i])])
                run = v > 3 ? 0 : run + 1
                c = ((c << 2) | (v & 3)) & mask
                guard run >= s else { continue }
                let d = n1 - s - (i - s + 1)
                if c == tails.0 && d >= 0 { body(d) }
                if c == tails.1 && d - s >= 0 { body(d - s) }
                if c == tails.2 && d - 2 * s >= 0 { body(d - 2 * s) }
            }
        }
    }

    /// Complement of each byte (upper and lower case kept; anything but ACGT becomes N).
    private static let complement: [UInt8] = {
        var t = [UInt8](repeating: UInt8(ascii: "N"), count: 256)
        for (a, b) in zip("ACGTacgt".utf8, "TGCAtgca".utf8) { t[Int(a)] = b }
        return t
    }()

    /// 2-bit code of `count` (<= 16) bases from `from` (`table`: ``nucleotideCode``), -1 when one
    /// is not A, C, G or T.
    private static func code(_ s: UnsafeBufferPointer<UInt8>, from: Int, count: Int, _ table: UnsafeBufferPointer<UInt8>) -> Int {
        var c = 0
        for i in from..<(from + count) {
            let v = Int(table[Int(s[i])])
            if v > 3 { return -1 }
            c = (c << 2) | v
        }
        return c
    }
}
