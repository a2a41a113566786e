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

    var hasBackwardJunction: Bool { junctionIDs.contains { $0 >= 0 } }
}

/// The evidence of one fragment (one or two mates that aligned). Identical geometries are counted
/// together, so memory grows with the number of *distinct* fragment shapes at the locus, not with
/// the number of reads (amplicon libraries repeat a few shapes millions of times).
struct FragmentGeometry: Hashable, Sendable {
    var mates: [MateGeometry]

    var hasBackwardJunction: Bool { mates.contains { $0.hasBackwardJunction } }
}

/// Accumulates fragment geometries and interns raw junctions during the streaming pass.
struct EvidenceStore: Sendable {
    private(set) var geometries: [FragmentGeometry: Int] = [:]
    private(set) var junctions: [RawJunction] = []
    private var junctionIDs: [RawJunction: Int32] = [:]

    mutating func intern(_ j: RawJunction) -> Int32 {
        if let id = junctionIDs[j] { return id }
        let id = Int32(junctions.count)
        junctions.append(j)
        junctionIDs[j] = id
        return id
    }

    mutating func add(_ g: FragmentGeometry, count: Int = 1) {
        geometries[g, default: 0] += count
    }

    /// Adds another store's evidence (from a worker), re-interning its junctions.
    mutating func merge(_ other: EvidenceStore) {
        let remap = other.junctions.map { intern($0) }
        for (g, n) in other.geometries {
            var g2 = g
            for m in g2.mates.indices {
                g2.mates[m].junctionIDs = g2.mates[m].junctionIDs.map { $0 >= 0 ? remap[Int($0)] : -1 }
            }
            add(g2, count: n)
        }
    }

    /// Builds a mate geometry from an alignment, interning its junctions.
    mutating func geometry(of a: ReadAlignment) -> MateGeometry {
        MateGeometry(
            reference: a.reference, isSense: a.isSense,
            spans: a.segments.map { Int32($0.refStart)..<Int32($0.refEnd) },
            junctionIDs: a.junctions.map { $0.map { intern($0) } ?? -1 })
    }
}
