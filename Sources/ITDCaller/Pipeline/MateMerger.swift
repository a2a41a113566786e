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
/// The joined read is used as evidence of the fragment's allele (a junction it shows,
/// ``FragmentGeometry/joined``); where the mates enter an ITD's span and what they cover in the
/// window counts are still decided from each mate (``SiteReach``,
/// ``AllelicRatioEstimator/quantify(_:anchor:joinedWindows:)``), except for an ITD whose junction
/// only joined reads show.
///
/// Only overlaps of at most `longestOverlap` bases are joined (the caller passes 2 x anchor +
/// ``overlapMargin``): mates that share more than a window of the counts (2 x anchor plus the
/// non-templated bases) cover every such window within one of them, and a junction in their
/// overlap is read by one of them with a full anchor on each side, so joining them changes
/// nothing but the cost. Whether a pair is joined depends on where its mates lie, with one
/// exception that depends on the allele: the mates of a mutant fragment that end in the first
/// copy of its duplication and start in the second, some bases apart, read the same bases and
/// are joined as if they overlapped, into a wild-type read one copy short (no rival offset can
/// show it: the true one is a gap). Hence the joined read is no measure of what the fragment
/// covers.
///
/// The overlap: the reverse complement of mate 2 starting at offset d = n1 - O of mate 1, the
/// mates' last O bases read twice (12 <= O <= `longestOverlap`). Those are both reads' 3' ends,
/// the bases most often misread, so a mismatch where either base has quality below
/// ``confidentQuality`` is taken as a likely error: at most O/10 (integer division) mismatches
/// between confident bases and O/4 in all. Every O up to ``exhaustiveOverlap`` is tried (errors
/// in a short overlap may leave no exact seed); longer ones where 12-base seeds place mate 2.
/// When another offset fits almost as well (within one confident mismatch), also an overlap
/// longer than the bound — the overlap lies inside a tandem repeat, such as the two copies of an
/// ITD — the pair is not joined: a wrong offset would add or remove a copy. In the overlap a
/// disagreeing base is taken from the mate that read it with the higher quality. Reads without
/// qualities (BAM records with '*', given '!') have no confident bases: only the O/4 limit and
/// the rival test apply to them.
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

    /// Longest overlap joined with anchor `anchor`: 2 x anchor + ``overlapMargin`` bases.
    static func longestOverlap(anchor: Int) -> Int { 2 * anchor + overlapMargin }
    /// Unaligned bases at a 3' end that a sequencing error in the last bases leaves (the aligner
    /// stops its extension before a mismatch there); a junction hidden in an overlap of 12 or more
    /// leaves more at one of the two ends, unless the copies' shared bases absorb them.
    static let errorClip = 2
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
        complementBase.withUnsafeBufferPointer { complement in
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
                // Longer ones up to the bound: from seeds.
                if longest > Self.exhaustiveOverlap {
                    Self.forEachSeededOffset(seq1, r2, in: (n1 - longest)..<(n1 - Self.exhaustiveOverlap)) { consider($0, inRange: true) }
                }
                guard best >= 0 else { return nil }
                // Rivals beyond the bound, up to the mates' whole length: from seeds.
                let longer = max(0, n1 - n2)..<(n1 - longest)
                if !longer.isEmpty { Self.forEachSeededOffset(seq1, r2, in: longer) { consider($0, inRange: false) } }
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
    /// it. Their overlap is measured from the alignments, in read bases: where the sense mate's
    /// last segment and a segment of the antisense mate read the same reference bases (when two
    /// of its segments do — the mates overlap across both copies of a duplication — each is a
    /// candidate, and the pair is tried when either is), or from their reference extents when
    /// they share none. Mates on different
    /// references or strands are tried. A junction hidden in the overlap (neither mate aligned
    /// across it) makes that measure too long by the inserted length, and leaves unaligned bases
    /// at a mate's 3' end (the overlap's side), more than ``errorClip`` at one of them: with such
    /// ends, a pair is settled only when even the measure is too short to join (below 12 by more
    /// than ``AllelicRatioEstimator/endTrimAllowance``); with both 3' ends aligned to within
    /// ``errorClip`` of their last base, also when it is above `longestOverlap` by more than that. So most amplicon pairs
    /// (overlapping by 150 bases or more) and capture pairs (mates apart) are settled without
    /// comparing bases.
    static func mayJoin(_ a: MateGeometry, _ b: MateGeometry, longestOverlap: Int) -> Bool {
        guard a.reference == b.reference, a.isSense != b.isSense else { return true }
        let (sense, antisense) = a.isSense ? (a, b) : (b, a)
        let slack = AllelicRatioEstimator.endTrimAllowance
        let k = sense.spans.count - 1
        let last = sense.spans[k]
        // sense orientation: the sense mate's 3' end is its right end, the antisense mate's its left
        let cleanEnds = sense.clipEnd <= Self.errorClip && antisense.clipStart <= Self.errorClip
        func joinable(_ overlap: Int) -> Bool {
            overlap >= minimumOverlap - slack && (!cleanEnds || overlap <= longestOverlap + slack)
        }
        var anyShared = false
        for (j, span) in antisense.spans.enumerated() where span.overlaps(last) {
            anyShared = true
            // fragment offset (from the sense mate's start) of the antisense mate's first base,
            // if this segment reads the same bases as the sense mate's last one
            let start = Int(sense.readStarts[k]) - Int(last.lowerBound) + Int(span.lowerBound) - Int(antisense.readStarts[j])
            if joinable(Int(sense.readLength) - start) { return true }
        }
        return !anyShared && joinable(sense.projectedEnd - antisense.projectedStart)
    }

    /// Calls `body` with each offset d in `offsets` at which a 12-base seed places mate 2
    /// (reverse-complemented, `r2`) on mate 1: its bases [o, o + 12) read exactly in mate 1 at
    /// d + o, or mate 1's bases [n1 - 12 - o, n1 - o) read exactly in mate 2 at e
    /// (d = n1 - 12 - o - e), for o = 0, 12, 24 (the 3' ends, where errors are likeliest, and two
    /// seeds further in). Only the stretches of the reads that can hold such seeds are scanned.
    /// An offset may be reported more than once.
    private static func forEachSeededOffset(_ seq1: UnsafeBufferPointer<UInt8>, _ r2: UnsafeBufferPointer<UInt8>,
                                            in offsets: Range<Int>, _ body: (Int) -> Void) {
        let s = minimumOverlap, n1 = seq1.count
        guard !offsets.isEmpty else { return }
        /// The packed seed (``forEachKmer(_:k:_:)``) read at `from`, nil when not all A, C, G, T.
        func seed(_ read: UnsafeBufferPointer<UInt8>, from: Int) -> UInt64? {
            guard from >= 0, from + s <= read.count else { return nil }
            var code: UInt64?
            forEachKmer(UnsafeBufferPointer(rebasing: read[from..<(from + s)]), k: s) { _, c in code = c }
            return code
        }
        func report(_ d: Int) { if offsets.contains(d) { body(d) } }
        // mate 2's seed k (its bases [12k, 12k + 12)) at mate 1's d + 12k
        let heads = (seed(r2, from: 0), seed(r2, from: s), seed(r2, from: 2 * s))
        let lo1 = max(0, offsets.lowerBound), hi1 = min(n1 - s + 1, offsets.upperBound + 2 * s)
        if lo1 < hi1 {
            forEachKmer(UnsafeBufferPointer(rebasing: seq1[lo1..<(hi1 + s - 1)]), k: s) { i, c in
                let pos = lo1 + i
                if c == heads.0 { report(pos) }
                if c == heads.1 { report(pos - s) }
                if c == heads.2 { report(pos - 2 * s) }
            }
        }
        // mate 1's seed k (its bases [n1 - 12 - 12k, n1 - 12k)) at mate 2's e = n1 - 12 - 12k - d
        let tails = (seed(seq1, from: n1 - s), seed(seq1, from: n1 - 2 * s), seed(seq1, from: n1 - 3 * s))
        let lo2 = max(0, n1 - 3 * s - offsets.upperBound + 1), hi2 = min(r2.count - s + 1, n1 - s - offsets.lowerBound + 1)
        if lo2 < hi2 {
            forEachKmer(UnsafeBufferPointer(rebasing: r2[lo2..<(hi2 + s - 1)]), k: s) { i, c in
                let d = n1 - s - (lo2 + i)
                if c == tails.0 { report(d) }
                if c == tails.1 { report(d - s) }
                if c == tails.2 { report(d - 2 * s) }
            }
        }
    }
}
