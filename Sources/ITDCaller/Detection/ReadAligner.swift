/// Places one read on the embedded FLT3 references by k-mer diagonals, without a general aligner.
///
/// Each k-mer of the read that occurs once in a reference votes for a diagonal
/// (reference position - read position). Runs of votes on one diagonal become segments; a
/// sequencing error only removes votes, so it never splits a segment. Segments are then extended
/// base by base (X-drop: +1 match, -4 mismatch, stop 8 below the best) to find each junction to
/// the base; when both sides match (microhomology) the left segment keeps the bases, which puts
/// the junction 3'-most in sense orientation. Cost: O(read length) table lookups per strand and
/// reference.
public struct ReadAligner: Sendable {
    public let index: ReferenceIndex
    /// Minimum k-mer votes for a segment: a lone vote may be a chance match.
    public var minVotes = 2

    public init(index: ReferenceIndex) {
        self.index = index
    }

    /// Best alignment of `bases` (normalised ACGTN) over both strands and both references, or nil
    /// when no segment has `minVotes` votes. Prefers more aligned bases, then fewer segments,
    /// then the genomic reference (so DNA reads stay genomic and spliced reads go to the mRNA).
    public func align(_ bases: [UInt8]) -> ReadAlignment? {
        let rc = reverseComplement(bases)
        var best: ReadAlignment?
        var bestScore = Int.min
        for reference in [ReferenceID.genomic, .mrna] {
            for (isSense, seq) in [(true, bases), (false, rc)] {
                guard let a = align(seq, to: reference, isSense: isSense) else { continue }
                let score = a.alignedBases - 8 * (a.segments.count - 1)
                if score > bestScore {
                    best = a
                    bestScore = score
                }
            }
        }
        return best
    }

    /// Alignment of `seq` (already in sense orientation) to one reference.
    func align(_ seq: [UInt8], to reference: ReferenceID, isSense: Bool) -> ReadAlignment? {
        let k = index.k
        // 1. Votes grouped into runs of equal diagonal.
        var runs: [(diagonal: Int, first: Int, last: Int, votes: Int)] = []
        forEachKmer(seq, k: k) { i, kmer in
            guard let p = index.position(of: kmer, in: reference) else { return }
            let d = p - i
            if let last = runs.last, last.diagonal == d {
                runs[runs.count - 1].last = i
                runs[runs.count - 1].votes += 1
            } else {
                runs.append((d, i, i, 1))
            }
        }
        runs.removeAll { $0.votes < minVotes }
        guard !runs.isEmpty else { return nil }
        var merged: [(diagonal: Int, first: Int, last: Int, votes: Int)] = []
        for r in runs {
            if let last = merged.last, last.diagonal == r.diagonal {
                merged[merged.count - 1].last = r.last
                merged[merged.count - 1].votes += r.votes
            } else {
                merged.append(r)
            }
        }
        // Drop runs that go backwards in the read (cannot happen) or contradict their neighbours.
        let ref = FLT3Reference.shared.sequence(reference)

        // 2. Segments from runs; extend to the read ends and towards each other.
        var segs = merged.map { r in (start: r.first, end: r.last + k, d: r.diagonal) }
        let n = segs.count
        segs[0].start = extendLeft(seq, ref, from: segs[0].start, diagonal: segs[0].d, limit: 0)
        segs[n - 1].end = extendRight(seq, ref, from: segs[n - 1].end, diagonal: segs[n - 1].d, limit: seq.count)

        var segments: [AlignedSegment] = []
        var junctions: [RawJunction?] = []
        for j in 0..<n {
            if j + 1 < n {
                let left = segs[j], right = segs[j + 1]
                var x = extendRight(seq, ref, from: left.end, diagonal: left.d, limit: right.end - 1)
                x = max(x, left.start + 1)
                let yExt = extendLeft(seq, ref, from: right.start, diagonal: right.d, limit: left.start + 1)
                let y = max(x, yExt)
                segs[j].end = x
                segs[j + 1].start = y
                let b = x + left.d
                let c = y + right.d
                if c <= b {
                    junctions.append(RawJunction(reference: reference, b: b, c: c, nontemplated: Array(seq[x..<y])))
                } else {
                    junctions.append(nil)
                }
            }
            let s = segs[j]
            segments.append(AlignedSegment(readStart: s.start, readEnd: s.end, refStart: s.start + s.d))
        }
        // Segments emptied by extension of their neighbours are dropped with their junctions.
        if segments.contains(where: { $0.length <= 0 }) {
            var keptS: [AlignedSegment] = []
            var keptJ: [RawJunction?] = []
            for (j, s) in segments.enumerated() where s.length > 0 {
                if !keptS.isEmpty { keptJ.append(j > 0 ? junctions[j - 1] : nil) }
                keptS.append(s)
            }
            segments = keptS
            junctions = keptJ
        }
        return ReadAlignment(reference: reference, isSense: isSense, segments: segments, junctions: junctions)
    }

    /// Extends a segment ending at read position `from` (exclusive) to the right, up to `limit`.
    /// Returns the new exclusive end: the best-scoring point of an X-drop walk.
    private func extendRight(_ seq: [UInt8], _ ref: [UInt8], from: Int, diagonal d: Int, limit: Int) -> Int {
        var best = from, score = 0, bestScore = 0
        var i = from
        while i < limit, i + d < ref.count, i + d >= 0 {
            let q = seq[i]
            if q == ref[i + d] { score += 1 } else if q != UInt8(ascii: "N") { score -= 4 }
            i += 1
            if score > bestScore { bestScore = score; best = i }
            if score < bestScore - 8 { break }
        }
        return best
    }

    /// Extends a segment starting at read position `from` to the left, down to `limit`.
    private func extendLeft(_ seq: [UInt8], _ ref: [UInt8], from: Int, diagonal d: Int, limit: Int) -> Int {
        var best = from, score = 0, bestScore = 0
        var i = from - 1
        while i >= limit, i + d >= 0, i + d < ref.count {
            let q = seq[i]
            if q == ref[i + d] { score += 1 } else if q != UInt8(ascii: "N") { score -= 4 }
            if score > bestScore { bestScore = score; best = i }
            if score < bestScore - 8 { break }
            i -= 1
        }
        return best
    }
}
