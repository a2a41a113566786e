/// What one mate of a fragment showed, reduced to what detection and counting need: which
/// reference, which strand it was read from, its reference spans, and the junctions between them.
struct MateGeometry: Hashable, Sendable {
    var reference: ReferenceID
    /// Read along the sense strand (5' end on the left in sense coordinates).
    var isSense: Bool
    /// Reference spans [start, end) of the segments, in read order.
    var spans: [Range<Int32>]
    /// `junctionIDs[i]` is the interned ``RawJunction`` between spans i and i+1, or -1 (forward jump).
    var junctionIDs: [Int32]
    /// Read offset (0-based, sense orientation) of each span's first base: with the spans, where
    /// each reference base lies in the read, so that distances can be measured in read bases
    /// (across insertions, non-templated bases and other ITDs' junctions).
    var readStarts: [Int32]
    /// Bases of the read (sense orientation) before the first span and after the last one
    /// (unaligned: errors at the ends, adapter, or a junction whose far side was too short to
    /// seed), and the read's length: where the read lies whatever its allele.
    var clipStart: Int32 = 0
    var clipEnd: Int32 = 0
    var readLength: Int32 = 0

    /// Reference offset where the read would start if its first span continued to its 5' end
    /// (sense orientation: its leftmost base).
    var projectedStart: Int { Int(spans[0].lowerBound) - Int(clipStart) }
    /// Reference offset just past the read's rightmost base, projected along its last span.
    var projectedEnd: Int { Int(spans[spans.count - 1].upperBound) + Int(clipEnd) }

    var hasBackwardJunction: Bool { junctionIDs.contains { $0 >= 0 } }
}

/// The evidence of one fragment (one or two mates that aligned). Identical geometries are counted
/// together, so memory grows with the number of *distinct* fragment shapes at the locus, not with
/// the number of reads (amplicon libraries repeat a few shapes millions of times).
struct FragmentGeometry: Hashable, Sendable {
    var mates: [MateGeometry]
    /// Sequenced as a read pair, even when only one mate aligned (its partner off the locus,
    /// say): each mate then weighs half a fragment in the spanning count whatever its partner
    /// did, since whether the partner reaches the reference depends on the allele.
    var isPair: Bool
    /// The pair's mates joined into one read of the fragment where they overlap (``MateMerger``),
    /// nil for single reads and pairs that do not overlap. It shows a junction that lies in the
    /// overlap, which neither mate reads with enough bases on both sides. (It can also be a
    /// mutant pair one copy apart joined as wild type: ``MateMerger``.)
    var joined: MateGeometry?

    init(mates: [MateGeometry], isPair: Bool? = nil, joined: MateGeometry? = nil) {
        self.mates = mates
        self.isPair = isPair ?? (mates.count == 2)
        self.joined = joined
    }

    /// Every read of the fragment that can show a junction: its mates, and the joined read.
    var reads: [MateGeometry] { joined.map { mates + [$0] } ?? mates }

    var hasBackwardJunction: Bool { reads.contains { $0.hasBackwardJunction } }
}

/// Accumulates fragment geometries and interns raw junctions during the streaming pass.
///
/// Mate geometries are interned too, and a fragment is counted under the pair of its mates' IDs,
/// so the per-fragment work of the streaming pass is one small-key hash, not the hash of nested
/// arrays; ``geometries`` rebuilds the shape -> count map (distinct shapes only) when asked.
struct EvidenceStore: Sendable {
    private(set) var junctions: [RawJunction] = []
    private var junctionIDs: [RawJunction: Int32] = [:]
    /// Distinct mate geometries, by interned ID.
    private(set) var mates: [MateGeometry] = []
    private var mateIDs: [MateGeometry: Int32] = [:]
    private var mateHasJunction: [Bool] = []
    /// Fragment count per (first aligned mate ID, second aligned mate ID, or -1 for a single
    /// read, -2 for a pair whose other mate did not align; joined read ID, or -1).
    private var fragmentCounts: [Key: Int] = [:]

    private struct Key: Hashable {
        var first: Int32
        var second: Int32
        var joined: Int32
    }

    /// Every distinct fragment shape with the number of fragments that showed it.
    var geometries: [FragmentGeometry: Int] {
        var out: [FragmentGeometry: Int] = [:]
        out.reserveCapacity(fragmentCounts.count)
        for (key, n) in fragmentCounts {
            let (a, b) = (key.first, key.second)
            out[FragmentGeometry(mates: b < 0 ? [mates[Int(a)]] : [mates[Int(a)], mates[Int(b)]], isPair: b != -1,
                                 joined: key.joined >= 0 ? mates[Int(key.joined)] : nil)] = n
        }
        return out
    }

    mutating func intern(_ j: RawJunction) -> Int32 {
        if let id = junctionIDs[j] { return id }
        let id = Int32(junctions.count)
        junctions.append(j)
        junctionIDs[j] = id
        return id
    }

    /// The ID of a mate geometry (its junction IDs must be this store's).
    mutating func intern(_ m: MateGeometry) -> Int32 {
        if let id = mateIDs[m] { return id }
        let id = Int32(mates.count)
        mates.append(m)
        mateIDs[m] = id
        mateHasJunction.append(m.hasBackwardJunction)
        return id
    }

    /// Whether the interned mate `id` shows a backward junction.
    func mateHasBackwardJunction(_ id: Int32) -> Bool { mateHasJunction[Int(id)] }

    /// Counts one fragment whose aligned mates are `first` and, for pairs with both mates aligned,
    /// `second` (-1 for a single read, -2 for a pair whose other mate did not align), and whose
    /// mates joined into the read `joined` (-1: not joined): the fragment shape
    /// `FragmentGeometry(mates: [first, second], joined: joined)`.
    mutating func addFragment(_ first: Int32, _ second: Int32, joined: Int32 = -1, count: Int = 1) {
        fragmentCounts[Key(first: first, second: second, joined: joined), default: 0] += count
    }

    mutating func add(_ g: FragmentGeometry, count: Int = 1) {
        precondition((1...2).contains(g.mates.count), "a fragment has one or two aligned mates")
        let first = intern(g.mates[0])
        let second = g.mates.count > 1 ? intern(g.mates[1]) : (g.isPair ? -2 : -1)
        addFragment(first, second, joined: g.joined.map { intern($0) } ?? -1, count: count)
    }

    /// This store's junctions and mates with `geometries` (shapes of this store, such as its own
    /// ``geometries`` collapsed by ``DuplicateCollapser``) as its fragments.
    func withFragments(_ geometries: [FragmentGeometry: Int]) -> EvidenceStore {
        var s = self
        s.fragmentCounts = [:]
        for (g, n) in geometries { s.add(g, count: n) }
        return s
    }

    /// Adds another store's evidence (from a worker), re-interning its junctions.
    mutating func merge(_ other: EvidenceStore) {
        let remap = other.junctions.map { intern($0) }
        for (g, n) in other.geometries {
            var g2 = g
            for m in g2.mates.indices {
                g2.mates[m].junctionIDs = g2.mates[m].junctionIDs.map { $0 >= 0 ? remap[Int($0)] : -1 }
            }
            if let ids = g2.joined?.junctionIDs { g2.joined!.junctionIDs = ids.map { $0 >= 0 ? remap[Int($0)] : -1 } }
            add(g2, count: n)
        }
    }

    /// Builds a mate geometry from an alignment of a read of `readLength` bases, interning its junctions.
    mutating func geometry(of a: ReadAlignment, readLength: Int) -> MateGeometry {
        MateGeometry(
            reference: a.reference, isSense: a.isSense,
            spans: a.segments.map { Int32($0.refStart)..<Int32($0.refEnd) },
            junctionIDs: a.junctions.map { $0.map { intern($0) } ?? -1 },
            readStarts: a.segments.map { Int32($0.readStart) },
            clipStart: Int32(a.segments[0].readStart),
            clipEnd: Int32(readLength - a.segments[a.segments.count - 1].readEnd),
            readLength: Int32(readLength))
    }
}
