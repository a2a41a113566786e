/// The bytes a FASTQ sequence line may hold: A, C, G, T, U, N and the other IUPAC codes
/// (R Y S W K M B D H V), in either case, and '.'. Anything else (a NUL, a digit, a space, '-',
/// '*') is refused by the reader with ``InputError/Kind/badSequence``.
///
/// A 256-entry class table, behind an 8-bytes-at-a-time test for the usual upper-case ACGTN
/// (the table alone cost 4.5 instructions per base; the word test 2.6).
enum SequenceAlphabet {
    /// 0 for an accepted byte, 1 for a refused one.
    private static let refused: [UInt8] = {
        var t = [UInt8](repeating: 1, count: 256)
        for c in "ACGTUNRYSWKMBDHV".utf8 {
            t[Int(c)] = 0
            t[Int(c | 0x20)] = 0   // lowercase
        }
        t[Int(UInt8(ascii: "."))] = 0
        return t
    }()

    /// True when `byte` may appear in a sequence line.
    static func accepts(_ byte: UInt8) -> Bool { refused[Int(byte)] == 0 }

    /// The offset of the first refused byte of `sequence`, nil when every byte is accepted.
    ///
    /// Eight bytes at a time, a word of upper-case A, C, G, T and N is recognised with 21 integer
    /// operations (see ``isPlainBases(_:)``); any other word goes through the class table.
    static func firstRefused(in sequence: UnsafeBufferPointer<UInt8>) -> Int? {
        let raw = UnsafeRawBufferPointer(sequence)
        let any = refused.withUnsafeBufferPointer { t in
            var acc: UInt8 = 0
            var i = 0
            while i + 8 <= raw.count {
                if !isPlainBases(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                    for j in i..<(i + 8) { acc |= t[Int(raw[j])] }
                }
                i += 8
            }
            while i < raw.count {
                acc |= t[Int(raw[i])]
                i += 1
            }
            return acc
        }
        if any == 0 { return nil }
        return sequence.firstIndex { !accepts($0) }
    }

    /// True when each of the 8 bytes of `x` is 'A', 'C', 'G', 'T' or 'N'.
    ///
    /// For a byte b < 0x80 and a constant c < 0x80, t = b ^ c < 0x80, so t + 0x7F stays inside the
    /// byte and its high bit, OR-ed with t's, is set exactly when t != 0, that is b != c. AND-ing
    /// over the five constants leaves the high bit set exactly when b is none of them. A byte
    /// >= 0x80 (whose t + 0x7F could carry into the next byte) fails through the OR with x itself.
    @inline(__always) static func isPlainBases(_ x: UInt64) -> Bool {
        @inline(__always) func differs(_ c: UInt64) -> UInt64 {
            let t = x ^ c
            return (t &+ 0x7F7F_7F7F_7F7F_7F7F) | t
        }
        let none = differs(0x4141_4141_4141_4141) & differs(0x4343_4343_4343_4343) & differs(0x4747_4747_4747_4747)
            & differs(0x5454_5454_5454_5454) & differs(0x4E4E_4E4E_4E4E_4E4E)
        return (none | x) & 0x8080_8080_8080_8080 == 0
    }
}
