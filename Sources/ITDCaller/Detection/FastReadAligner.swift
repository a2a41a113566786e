/// The streaming pass's aligner: the same result as ``ReadAligner/align(_:)`` on the normalised
/// read, computed with one k-mer pass for all four (reference, strand) combinations and no heap
/// allocation except the returned alignment.
///
/// One lookup per read k-mer in ``StrandedPositionTable`` gives the votes on both references and
/// both strands; the votes, runs, segments and junction points of each combination live in scratch
/// buffers owned by this object and reused from read to read. Only the best combination is turned
/// into a ``ReadAlignment``. Cost: O(read length) for the k-mer pass plus the X-drop extensions.
///
/// Not thread-safe (scratch storage): one per analyser. Raw pointers stay inside this class.
final class FastReadAligner {
    let k: Int
    let minVotes: Int
    private let table: StrandedPositionTable
    private let genomic: [UInt8]
    private let mrna: [UInt8]

    private struct Run {
        var diagonal: Int
        var first: Int
        var last: Int
        var votes: Int
    }

    private struct Seg {
        var start: Int
        var end: Int
        var d: Int
    }

    /// Junction points between segment j and j + 1: reference b, c and read x..<y (non-templated).
    private struct Join {
        var b: Int
        var c: Int
        var x: Int
        var y: Int
        var isBackward: Bool
    }

    /// One combination's result, in scratch storage.
    private struct Candidate {
        var segs: UnsafeMutablePointer<Seg>
        var joins: UnsafeMutablePointer<Join>
        var count = 0
        var reference = ReferenceID.genomic
        var isSense = true
        var score = Int.min
    }

    private var capacity = 0
    private var fwd: UnsafeMutablePointer<UInt8>
    private var rev: UnsafeMutablePointer<UInt8>
    private var packed: UnsafeMutablePointer<UInt64>
    private var runs: UnsafeMutablePointer<Run>
    private var work: Candidate
    private var best: Candidate
    private var keptSegs: UnsafeMutablePointer<Seg>
    private var keptJoins: UnsafeMutablePointer<Join>

    init(index: ReferenceIndex, minVotes: Int = 2) {
        k = index.k
        self.minVotes = minVotes
        table = index.strandedPositions
        genomic = FLT3Reference.shared.sequence(.genomic)
        mrna = FLT3Reference.shared.sequence(.mrna)
        fwd = .allocate(capacity: 1)
        rev = .allocate(capacity: 1)
        packed = .allocate(capacity: 1)
        runs = .allocate(capacity: 1)
        work = Candidate(segs: .allocate(capacity: 1), joins: .allocate(capacity: 1))
        best = Candidate(segs: .allocate(capacity: 1), joins: .allocate(capacity: 1))
        keptSegs = .allocate(capacity: 1)
        keptJoins = .allocate(capacity: 1)
        capacity = 1
    }

    deinit { release() }

    private func release() {
        fwd.deallocate(); rev.deallocate(); packed.deallocate(); runs.deallocate()
        work.segs.deallocate(); work.joins.deallocate(); best.segs.deallocate(); best.joins.deallocate()
        keptSegs.deallocate(); keptJoins.deallocate()
    }

    private func reserve(_ n: Int) {
        guard n > capacity else { return }
        release()
        let c = max(n, 2 * capacity)
        fwd = .allocate(capacity: c)
        rev = .allocate(capacity: c)
        packed = .allocate(capacity: c)
        runs = .allocate(capacity: c)
        work = Candidate(segs: .allocate(capacity: c), joins: .allocate(capacity: c))
        best = Candidate(segs: .allocate(capacity: c), joins: .allocate(capacity: c))
        keptSegs = .allocate(capacity: c)
        keptJoins = .allocate(capacity: c)
        capacity = c
    }

    /// Best alignment of the read (raw bases; normalised here), exactly as
    /// `ReadAligner.align(normalizedBases(read))`.
    func align(_ read: UnsafeBufferPointer<UInt8>) -> ReadAlignment? {
        let n = read.count
        reserve(n + 1)
        guard n >= k else { return nil }
        let windows = n - k + 1
        // 1. Normalise, reverse-complement and look up every k-mer once.
        var votes = (0, 0, 0, 0)
        nucleotideCode.withUnsafeBufferPointer { code in
            table.keys.withUnsafeBufferPointer { keys in
                table.values.withUnsafeBufferPointer { values in
                    let mask: UInt64 = (1 << (2 * UInt64(k))) - 1
                    let slotMask = keys.count - 1
                    let shift = table.shift
                    var kmer: UInt64 = 0
                    var valid = 0
                    for i in 0..<n {
                        let c = code[Int(read[i])]
                        let base: UInt8, comp: UInt8
                        switch c {
                        case 0: base = 65; comp = 84
                        case 1: base = 67; comp = 71
                        case 2: base = 71; comp = 67
                        case 3: base = 84; comp = 65
                        default: base = 78; comp = 78
                        }
                        fwd[i] = base
                        rev[n - 1 - i] = comp
                        if c > 3 {
                            valid = 0
                            kmer = 0
                        } else {
                            kmer = ((kmer << 2) | UInt64(c)) & mask
                            valid += 1
                        }
                        guard i >= k - 1 else { continue }
                        var v = StrandedPositionTable.absent
                        if valid >= k {
                            var s = Int(truncatingIfNeeded: (kmer &* 0x9E37_79B9_7F4A_7C15) >> shift)
                            while true {
                                let key = keys[s]
                                if key == kmer { v = values[s]; break }
                                if key == StrandedPositionTable.emptyKey { break }
                                s = (s + 1) & slotMask
                            }
                        }
                        packed[i - k + 1] = v
                        if v != StrandedPositionTable.absent {
                            if Int16(truncatingIfNeeded: v) >= 0 { votes.0 += 1 }
                            if Int16(truncatingIfNeeded: v >> 16) >= 0 { votes.1 += 1 }
                            if Int16(truncatingIfNeeded: v >> 32) >= 0 { votes.2 += 1 }
                            if Int16(truncatingIfNeeded: v >> 48) >= 0 { votes.3 += 1 }
                        }
                    }
                }
            }
        }
        // 2. The four combinations, in the reference order: genomic sense, antisense, mRNA sense, antisense.
        best.score = Int.min
        best.count = 0
        var found = false
        for combination in 0..<4 {
            let reference: ReferenceID = combination < 2 ? .genomic : .mrna
            let isSense = combination & 1 == 0
            let total: Int
            switch combination {
            case 0: total = votes.0
            case 1: total = votes.2
            case 2: total = votes.1
            default: total = votes.3
            }
            guard total >= minVotes else { continue }
            let ok: Bool = (reference == .genomic ? genomic : mrna).withUnsafeBufferPointer { ref in
                alignCombination(n: n, windows: windows, ref: ref, reference: reference, isSense: isSense)
            }
            guard ok else { continue }
            if work.score > best.score {
                swap(&work, &best)
                found = true
            }
        }
        guard found else { return nil }
        // 3. The winner as a value.
        let seq = best.isSense ? fwd : rev
        var segments: [AlignedSegment] = []
        segments.reserveCapacity(best.count)
        var junctions: [RawJunction?] = []
        junctions.reserveCapacity(max(0, best.count - 1))
        for j in 0..<best.count {
            let s = best.segs[j]
            segments.append(AlignedSegment(readStart: s.start, readEnd: s.end, refStart: s.start + s.d))
            if j + 1 < best.count {
                let jn = best.joins[j]
                junctions.append(jn.isBackward
                    ? RawJunction(reference: best.reference, b: jn.b, c: jn.c,
                                  nontemplated: Array(UnsafeBufferPointer(start: seq + jn.x, count: jn.y - jn.x)))
                    : nil)
            }
        }
        return ReadAlignment(reference: best.reference, isSense: best.isSense, segments: segments, junctions: junctions)
    }

    /// One (reference, strand) combination into `work`; false when no run has `minVotes` votes.
    /// Mirrors ``ReadAligner`` step by step.
    private func alignCombination(n: Int, windows: Int, ref: UnsafeBufferPointer<UInt8>,
                                  reference: ReferenceID, isSense: Bool) -> Bool {
        let k = self.k
        let shift = UInt64(16 * StrandedPositionTable.field(reference, isSense: isSense))
        // Votes grouped into runs of equal diagonal, in read order of this strand.
        var nRuns = 0
        for j in 0..<windows {
            let v = packed[isSense ? j : windows - 1 - j]
            let p = Int(Int16(truncatingIfNeeded: v >> shift))
            guard p >= 0 else { continue }
            let d = p - j
            if nRuns > 0, runs[nRuns - 1].diagonal == d {
                runs[nRuns - 1].last = j
                runs[nRuns - 1].votes += 1
            } else {
                runs[nRuns] = Run(diagonal: d, first: j, last: j, votes: 1)
                nRuns += 1
            }
        }
        // Runs with too few votes removed, neighbours on one diagonal merged: segments.
        var nSegs = 0
        let segs = work.segs
        for r in 0..<nRuns where runs[r].votes >= minVotes {
            let run = runs[r]
            if nSegs > 0, segs[nSegs - 1].d == run.diagonal {
                segs[nSegs - 1].end = run.last + k
            } else {
                segs[nSegs] = Seg(start: run.first, end: run.last + k, d: run.diagonal)
                nSegs += 1
            }
        }
        guard nSegs > 0 else { return false }
        let seq = UnsafeBufferPointer<UInt8>(start: isSense ? fwd : rev, count: n)
        segs[0].start = extendLeft(seq, ref, from: segs[0].start, diagonal: segs[0].d, limit: 0)
        segs[nSegs - 1].end = extendRight(seq, ref, from: segs[nSegs - 1].end, diagonal: segs[nSegs - 1].d, limit: n)
        let joins = work.joins
        for j in 0..<(nSegs - 1) {
            let left = segs[j], right = segs[j + 1]
            var x = extendRight(seq, ref, from: left.end, diagonal: left.d, limit: right.end - 1)
            x = max(x, left.start + 1)
            let yExt = extendLeft(seq, ref, from: right.start, diagonal: right.d, limit: left.start + 1)
            let y = max(x, yExt)
            segs[j].end = x
            segs[j + 1].start = y
            let b = x + left.d
            let c = y + right.d
            joins[j] = Join(b: b, c: c, x: x, y: y, isBackward: c <= b)
        }
        // Segments emptied by extension of their neighbours are dropped with their junctions
        // (a kept segment keeps the junction on its left as computed, as in ReadAligner).
        var kept = 0
        var aligned = 0
        var anyEmpty = false
        for j in 0..<nSegs where segs[j].end - segs[j].start <= 0 {
            anyEmpty = true
            break
        }
        if anyEmpty {
            for j in 0..<nSegs where segs[j].end - segs[j].start > 0 {
                if kept > 0 { keptJoins[kept - 1] = joins[j - 1] }
                keptSegs[kept] = segs[j]
                kept += 1
            }
            for j in 0..<kept {
                segs[j] = keptSegs[j]
                if j + 1 < kept { joins[j] = keptJoins[j] }
            }
        } else {
            kept = nSegs
        }
        for j in 0..<kept { aligned += segs[j].end - segs[j].start }
        work.count = kept
        work.reference = reference
        work.isSense = isSense
        work.score = aligned - 8 * (kept - 1)
        return true
    }

    @inline(__always)
    private func extendRight(_ seq: UnsafeBufferPointer<UInt8>, _ ref: UnsafeBufferPointer<UInt8>,
                             from: Int, diagonal d: Int, limit: Int) -> Int {
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

    @inline(__always)
    private func extendLeft(_ seq: UnsafeBufferPointer<UInt8>, _ ref: UnsafeBufferPointer<UInt8>,
                            from: Int, diagonal d: Int, limit: Int) -> Int {
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
