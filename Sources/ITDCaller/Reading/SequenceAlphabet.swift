/// The bytes a FASTQ sequence line may hold: A, C, G, T, U, N and the other IUPAC codes
/// (R Y S W K M B D H V), in either case, and '.'. Anything else (a NUL, a digit, a space, '-',
/// '*') is refused by the reader with ``InputError/Kind/badSequence``.
///
/// One 256-entry class table, checked with a branch-free OR over the line: one table load per
/// base, no branch per base.
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
    /// Eight bytes come from one load and their eight classes are OR-ed as a tree, so that the
    /// loop carries one OR per 8 bytes rather than one per byte. (An ACGTN test on 64-bit words
    /// and a SIMD16 one were both slower.)
    static func firstRefused(in sequence: UnsafeBufferPointer<UInt8>) -> Int? {
        let raw = UnsafeRawBufferPointer(sequence)
        let any = refused.withUnsafeBufferPointer { t in
            @inline(__always) func c(_ w: UInt64, _ shift: UInt64) -> UInt8 { t[Int(truncatingIfNeeded: (w >> shift) & 0xFF)] }
            var acc: UInt8 = 0
            var i = 0
            while i + 8 <= raw.count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                acc |= ((c(w, 0) | c(w, 8)) | (c(w, 16) | c(w, 24))) | ((c(w, 32) | c(w, 40)) | (c(w, 48) | c(w, 56)))
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
}
