/// Why an insertion cannot be normalised or annotated as an ITD.
public enum ITDAnnotationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The event inserts no bases.
    case emptyInsertion
    /// The insertion point lies outside `1 ..< referenceLength` (offsets of the named reference).
    case positionOutOfRange(reference: ReferenceID, position: Int, referenceLength: Int)
    /// After 3'-normalisation the insertion sits at the 3' end of the reference, so there is no
    /// flanking base to anchor the VCF record and the HGVS insertion on.
    case reachesReferenceEnd(reference: ReferenceID)
    /// No suffix of the inserted bases repeats the reference before the insertion: a plain
    /// insertion, not a tandem duplication.
    case noTemplatedBases(reference: ReferenceID, position: Int)

    public var description: String {
        switch self {
        case .emptyInsertion:
            return "insertion has no bases"
        case let .positionOutOfRange(reference, position, length):
            return "insertion position \(position) is outside 1..<\(length) on the \(reference) reference"
        case let .reachesReferenceEnd(reference):
            return "insertion normalises to the 3' end of the \(reference) reference"
        case let .noTemplatedBases(reference, position):
            return "insertion at \(reference) offset \(position) duplicates no reference bases"
        }
    }
}

/// An insertion in its canonical form, split into templated (duplicated) and non-templated parts.
///
/// Coordinates are 0-based offsets in `event.reference`, transcript (sense) orientation.
/// `event` is the insertion shifted 3'-most in transcript orientation (toward higher offsets):
/// this is the HGVS 3' rule, and on the genomic window it is also the VCF left-aligned position
/// on the plus strand. `event.inserted` is rotated accordingly.
///
/// Decomposition of the inserted string `Z` at the canonical position `p`:
/// `Z = nontemplated + ref[p - templatedLength ..< p]`, where `templatedLength` is the length of the
/// *longest* suffix of `Z` equal to the reference immediately before `p`. Sliding an insertion
/// one step 3' never shortens this suffix, so the canonical position also gives the maximal
/// decomposition over all equivalent positions; choosing the longest suffix at that position
/// makes the split unique. Non-templated bases are therefore always a prefix of `Z` (they sit
/// 5' of the second copy, between the two copies).
public struct NormalizedInsertion: Sendable, Hashable {
    /// The canonical (3'-most) insertion. For mRNA input this is on `.genomic` when the event
    /// could be placed in the genomic window (see ``ITDNormalizer/normalize(_:)``).
    public let event: InsertionEvent
    /// Every insertion position (offsets, inclusive) that yields the same mutant sequence;
    /// `upperBound == event.position`.
    public let equivalentPositions: ClosedRange<Int>
    /// Number of templated (duplicated) reference bases, 0 ... `event.inserted.count`.
    public let templatedLength: Int
    /// The non-templated prefix of `event.inserted`, sense orientation ("" for a pure duplication).
    public let nontemplated: [UInt8]

    /// Duplicated reference span, 0-based half-open offsets in `event.reference`.
    public var duplicatedSpan: Range<Int> { (event.position - templatedLength) ..< event.position }
    /// True when every inserted base is templated.
    public var isPureDuplication: Bool { nontemplated.isEmpty }
}

/// Puts insertion events into one canonical representation so one ITD is never listed twice.
///
/// Rules:
/// - `.genomic` events are shifted 3'-most on the genomic sense window, then decomposed.
/// - `.mrna` events are shifted 3'-most on the mRNA (exons 12-16) and decomposed there. If the
///   canonical insertion point and the duplicated span lie inside one exon that is present in the
///   genomic window (exons 13-15) — `exon.start <= p - templatedLength` and `p <= exon.end` in
///   mRNA offsets, an insertion right after the exon's last base included — the event is moved to
///   the genomic window (same exonic bases there) and normalised again on the genome. Failing
///   that, the same test is made at each exon end among the equivalent positions where the
///   insertion keeps all its templated bases (the mRNA shift can run past an exon's end into the
///   next exon where the genome's would stop in the intron).
///   Otherwise it stays on the mRNA (e.g. a duplication that crosses a splice junction, or one in
///   exon 12 or 16).
public struct ITDNormalizer: Sendable {
    public let reference: FLT3Reference

    public init(reference: FLT3Reference = .shared) {
        self.reference = reference
    }

    /// Canonical form of `event`. Throws ``ITDAnnotationError`` for an empty insertion, a position
    /// outside `1 ..< count` of the reference, or an insertion that normalises onto the reference's
    /// last offset. An insertion without templated bases is returned with `templatedLength == 0`.
    public func normalize(_ event: InsertionEvent) throws -> NormalizedInsertion {
        let seq = reference.sequence(event.reference)
        try Self.validate(event, referenceLength: seq.count)
        let onOwn = Self.normalize(event, in: seq)
        guard event.reference == .mrna else { return try Self.checkEnd(onOwn, referenceLength: seq.count) }

        // Candidate positions, 3'-most first: the canonical one, then every exon end inside the
        // equivalence class where the insertion is the same duplication (as many templated bases).
        // An insertion right after an exon's last base lies in that exon (the mRNA's next base is
        // the next exon's, the genome's is intronic): the 3'-most mRNA position often is such an
        // end, and the same ITD read on the genome is an exonic duplication there.
        let hi = onOwn.event.position, z = onOwn.event.inserted, n = z.count
        let exonEnds = reference.exons.map(\.mrnaSpan.upperBound)
            .filter { $0 < hi && $0 >= onOwn.equivalentPositions.lowerBound }
        for q in [hi] + exonEnds.sorted(by: >) {
            let d = (hi - q) % n   // rotate the canonical insert right by d: the same mutant, inserted at q
            let zq = Array(z[(n - d)...] + z[..<(n - d)])
            let t = Self.templatedSuffixLength(of: zq, before: q, in: seq)
            guard t == onOwn.templatedLength,   // the same duplication, not fewer templated bases
                  let exon = reference.exon(mrnaOffset: max(q - 1, 0)), let span = exon.senseSpan,
                  exon.mrnaSpan.lowerBound <= q - t, q <= exon.mrnaSpan.upperBound
            else { continue }
            let s = span.lowerBound + (q - exon.mrnaSpan.lowerBound)
            let genomicEvent = InsertionEvent(reference: .genomic, position: s, inserted: zq)
            let genomic = Self.normalize(genomicEvent, in: reference.genomicSense)
            return try Self.checkEnd(genomic, referenceLength: reference.genomicSense.count)
        }
        return try Self.checkEnd(onOwn, referenceLength: seq.count)
    }

    /// Shifts `event` 3'-most on `seq` and decomposes it (no validation, no reference switching).
    /// `event.position` must be in `0 ... seq.count`; an empty insertion is returned unchanged.
    /// O(shift + |inserted|²) in the worst case (the templated-suffix search).
    public static func normalize(_ event: InsertionEvent, in seq: [UInt8]) -> NormalizedInsertion {
        let z = event.inserted
        let n = z.count
        guard n > 0 else {
            return NormalizedInsertion(event: event, equivalentPositions: event.position...event.position,
                                       templatedLength: 0, nontemplated: [])
        }
        // 3' shift: rotating left while the first inserted base equals the next reference base.
        var hi = event.position
        while hi < seq.count, seq[hi] == z[(hi - event.position) % n] { hi += 1 }
        let k = (hi - event.position) % n
        let rotated = Array(z[k...] + z[..<k])
        // 5' extent of the equivalence class (for reporting only).
        var lo = event.position
        while lo > 0, seq[lo - 1] == z[((lo - 1 - event.position) % n + n) % n] { lo -= 1 }

        let t = templatedSuffixLength(of: rotated, before: hi, in: seq)
        return NormalizedInsertion(
            event: InsertionEvent(reference: event.reference, position: hi, inserted: rotated),
            equivalentPositions: lo...hi,
            templatedLength: t,
            nontemplated: Array(rotated[..<(n - t)]))
    }

    /// Length of the longest suffix of `inserted` equal to `seq[position - t ..< position]`.
    public static func templatedSuffixLength(of inserted: [UInt8], before position: Int, in seq: [UInt8]) -> Int {
        var t = min(inserted.count, position)
        while t > 0 {
            if inserted[(inserted.count - t)...].elementsEqual(seq[(position - t) ..< position]) { return t }
            t -= 1
        }
        return 0
    }

    private static func validate(_ event: InsertionEvent, referenceLength: Int) throws {
        guard !event.inserted.isEmpty else { throw ITDAnnotationError.emptyInsertion }
        guard event.position >= 1, event.position < referenceLength else {
            throw ITDAnnotationError.positionOutOfRange(
                reference: event.reference, position: event.position, referenceLength: referenceLength)
        }
    }

    private static func checkEnd(_ n: NormalizedInsertion, referenceLength: Int) throws -> NormalizedInsertion {
        guard n.event.position < referenceLength else {
            throw ITDAnnotationError.reachesReferenceEnd(reference: n.event.reference)
        }
        return n
    }
}
