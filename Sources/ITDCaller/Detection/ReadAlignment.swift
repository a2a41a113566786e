/// One aligned piece of a read: read bases [readStart, readEnd) match reference bases
/// [refStart, refStart + (readEnd - readStart)) on the sense strand, allowing substitutions.
public struct AlignedSegment: Sendable, Hashable {
    public var readStart: Int
    public var readEnd: Int
    public var refStart: Int
    public var refEnd: Int { refStart + (readEnd - readStart) }
    public var length: Int { readEnd - readStart }
}

/// A backward jump between two consecutive segments of a read: the read shows reference up to
/// `b` (exclusive), then `nontemplated` unaligned bases, then reference again from `c`.
/// With c <= b this is the insertion of `nontemplated + ref[c..<b]` before reference position b
/// (an ITD candidate whose duplicated span is [c, b)).
public struct RawJunction: Sendable, Hashable {
    public var reference: ReferenceID
    public var b: Int
    public var c: Int
    public var nontemplated: [UInt8]

    /// The insertion this junction stands for (not yet normalised).
    public var event: InsertionEvent {
        let ref = FLT3Reference.shared.sequence(reference)
        return InsertionEvent(reference: reference, position: b, inserted: nontemplated + Array(ref[c..<b]))
    }
}

/// How one read lies on one reference, in sense coordinates.
public struct ReadAlignment: Sendable, Hashable {
    public var reference: ReferenceID
    /// True when the read, as sequenced, runs along the sense strand (5' end on the left).
    public var isSense: Bool
    /// Segments in read order (sense orientation), at least one.
    public var segments: [AlignedSegment]
    /// `junctions[i]` joins `segments[i]` and `segments[i+1]` when it is a backward jump; nil otherwise.
    public var junctions: [RawJunction?]

    /// Read bases covered by segments.
    public var alignedBases: Int { segments.reduce(0) { $0 + $1.length } }
}
