/// An insertion relative to one embedded reference, in transcript (sense) orientation.
///
/// `position` is the 0-based offset of the reference base *before which* `inserted` is placed:
/// the mutant sequence is `ref[..<position] + inserted + ref[position...]`. An ITD with
/// duplicated span [c, b) and non-templated bases `n` seen at its junction is the insertion of
/// `n + ref[c..<b]` at position b.
public struct InsertionEvent: Sendable, Hashable, Codable {
    public var reference: ReferenceID
    public var position: Int
    /// Inserted bases, uppercase ASCII, sense orientation.
    public var inserted: [UInt8]

    public init(reference: ReferenceID, position: Int, inserted: [UInt8]) {
        self.reference = reference
        self.position = position
        self.inserted = inserted
    }

    /// Number of inserted bases.
    public var length: Int { inserted.count }
}
