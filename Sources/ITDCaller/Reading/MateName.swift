/// Mate-name matching for paired reads.
///
/// The key of a read name is its first whitespace-delimited token without a trailing `/1` or
/// `/2`; anything after the first space or tab (such as Illumina's `1:N:0:ACGT` comment) is
/// ignored. `frag7/1` pairs with `frag7/2`, and `frag7 1:N:0:AC` with `frag7 2:N:0:AC`.
///
/// The read number (which mate a record says it is) comes from the same two places: the
/// Casava 1.8 comment (the second token starts with `1:` or `2:`), else a `/1` or `/2` suffix of
/// the first token. Names without either have no read number, and are paired by key alone.
enum MateName {
    /// The bytes of `name` that must agree between mates. O(length of the first token).
    static func key(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let end = firstTokenEnd(name)
        return UnsafeBufferPointer(rebasing: name[0..<(end - (slashNumber(name, tokenEnd: end) == nil ? 0 : 2))])
    }

    /// True when the two names belong to mates of one fragment.
    static func matches(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let ka = key(a)
        let kb = key(b)
        return ka.count == kb.count && ka.elementsEqual(kb)
    }

    /// 1 or 2 when the name says which mate it is (`x 1:N:0:ACGT`, `x/2`), nil otherwise. The
    /// Casava comment wins over a `/1` `/2` suffix. O(length of the first token + 2).
    static func readNumber(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        let end = firstTokenEnd(name)
        var start = end
        while start < name.count, isBlank(name[start]) { start += 1 }
        if start + 1 < name.count, name[start + 1] == UInt8(ascii: ":"),
           name[start] == UInt8(ascii: "1") || name[start] == UInt8(ascii: "2") {
            return Int(name[start] - UInt8(ascii: "0"))
        }
        return slashNumber(name, tokenEnd: end)
    }

    /// A hint for two names that do not match, or "" when none applies: SRA's
    /// `fastq-dump --readids` names (`SRR1.7.1`, `SRR1.7.2`) differ only after their last '.'.
    static func mismatchHint(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> String {
        let ka = key(a), kb = key(b)
        guard let da = ka.lastIndex(of: UInt8(ascii: ".")), da == kb.lastIndex(of: UInt8(ascii: ".")),
              ka[..<da].elementsEqual(kb[..<da]) else { return "" }
        return " (names differ only after the last '.': SRA fastq-dump --readids names? dump without --readids)"
    }

    private static func firstTokenEnd(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var end = 0
        while end < name.count, !isBlank(name[end]) { end += 1 }
        return end
    }

    private static func slashNumber(_ name: UnsafeBufferPointer<UInt8>, tokenEnd end: Int) -> Int? {
        guard end >= 2, name[end - 2] == UInt8(ascii: "/"),
              name[end - 1] == UInt8(ascii: "1") || name[end - 1] == UInt8(ascii: "2") else { return nil }
        return Int(name[end - 1] - UInt8(ascii: "0"))
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
