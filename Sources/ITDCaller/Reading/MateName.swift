/// Mate-name matching for paired reads.
///
/// The key of a read name is its first whitespace-delimited token without a trailing `/1` or
/// `/2`; anything after the first space or tab (such as Illumina's `1:N:0:ACGT` comment) is
/// ignored. `frag7/1` pairs with `frag7/2`, and `frag7 1:N:0:AC` with `frag7 2:N:0:AC`.
enum MateName {
    /// The bytes of `name` that must agree between mates. O(length of the first token).
    static func key(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var end = 0
        while end < name.count, name[end] != UInt8(ascii: " "), name[end] != UInt8(ascii: "\t") {
            end += 1
        }
        if end >= 2, name[end - 2] == UInt8(ascii: "/"), name[end - 1] == UInt8(ascii: "1") || name[end - 1] == UInt8(ascii: "2") {
            end -= 2
        }
        return UnsafeBufferPointer(rebasing: name[0..<end])
    }

    /// True when the two names belong to mates of one fragment.
    static func matches(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let ka = key(a)
        let kb = key(b)
        return ka.count == kb.count && ka.elementsEqual(kb)
    }
}
