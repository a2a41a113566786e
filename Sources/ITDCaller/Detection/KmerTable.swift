/// 2-bit nucleotide codes: A=0, C=1, G=2, T=3; anything else (N, IUPAC, '.') is 4 = "not a base".
/// Lowercase is accepted. Used by every k-mer routine so that encoding is defined once.
@usableFromInline
let nucleotideCode: [UInt8] = {
    var t = [UInt8](repeating: 4, count: 256)
    for (ch, code) in [("A", 0), ("C", 1), ("G", 2), ("T", 3), ("a", 0), ("c", 1), ("g", 2), ("t", 3)] {
        t[Int(Character(ch).asciiValue!)] = UInt8(code)
    }
    return t
}()

/// The complement of each byte: A/a -> T, C/c -> G, G/g -> C, T/t -> A (upper case), anything
/// else 'N'.
let complementBase: [UInt8] = {
    var t = [UInt8](repeating: UInt8(ascii: "N"), count: 256)
    for (a, b) in zip("ACGTacgt".utf8, "TGCATGCA".utf8) { t[Int(a)] = b }
    return t
}()

/// Reverse complement of an uppercase ACGTN sequence (other bytes become N).
func reverseComplement(_ s: [UInt8]) -> [UInt8] {
    s.reversed().map { complementBase[Int($0)] }
}

/// Upper-cases ACGT and turns every other byte into 'N'.
func normalizedBases<S: Sequence>(_ s: S) -> [UInt8] where S.Element == UInt8 {
    s.map { b in
        switch nucleotideCode[Int(b)] {
        case 0: return UInt8(ascii: "A")
        case 1: return UInt8(ascii: "C")
        case 2: return UInt8(ascii: "G")
        case 3: return UInt8(ascii: "T")
        default: return UInt8(ascii: "N")
        }
    }
}

/// Calls `body(i, kmer)` for every window `[i, i+k)` of `seq` that holds k real bases, with the
/// k-mer packed 2 bits per base (first base in the highest bits). Windows containing a non-base
/// are skipped; the roll restarts after them. O(n).
@inline(__always)
func forEachKmer<C: Collection>(_ seq: C, k: Int, _ body: (Int, UInt64) -> Void) where C.Element == UInt8, C.Index == Int {
    let mask: UInt64 = k >= 32 ? ~0 : (1 << (2 * UInt64(k))) - 1
    var kmer: UInt64 = 0
    var valid = 0
    var i = seq.startIndex
    while i < seq.endIndex {
        let code = nucleotideCode[Int(seq[i])]
        if code > 3 {
            valid = 0
            kmer = 0
        } else {
            kmer = ((kmer << 2) | UInt64(code)) & mask
            valid += 1
            if valid >= k { body(i - k + 1 - seq.startIndex, kmer) }
        }
        i += 1
    }
}

/// A small open-addressing hash table from packed k-mers to Int32 values (multiplicative hash,
/// linear probing, power-of-two capacity at most half full). Far faster than `Dictionary` with
/// SipHash for the millions of lookups of the read screen (see ../shared/docs/PERFORMANCE.md, lesson 4).
struct KmerTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let shift: UInt64
    private static let empty = UInt64.max
    private(set) var count = 0

    /// - Parameter capacity: expected number of distinct keys.
    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < max(16, capacity * 2) { bits += 1 }
        keys = [UInt64](repeating: Self.empty, count: 1 << Int(bits))
        values = [Int32](repeating: 0, count: 1 << Int(bits))
        shift = 64 - bits
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for `key`, or nil.
    @inline(__always) func value(for key: UInt64) -> Int32? {
        let m = keys.count - 1
        var s = slot(key)
        while true {
            let k = keys[s]
            if k == key { return values[s] }
            if k == Self.empty { return nil }
            s = (s + 1) & m
        }
    }

    /// Inserts `value` for `key`, or combines it with the present value.
    mutating func insert(_ key: UInt64, value: Int32, combine: (Int32, Int32) -> Int32) {
        precondition(count * 2 < keys.count, "KmerTable over capacity")
        let m = keys.count - 1
        var s = slot(key)
        while true {
            if keys[s] == key { values[s] = combine(values[s], value); return }
            if keys[s] == Self.empty {
                keys[s] = key
                values[s] = value
                count += 1
                return
            }
            s = (s + 1) & m
        }
    }
}
