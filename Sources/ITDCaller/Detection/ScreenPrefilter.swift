/// An exact, cheap rejection test run before the k-mer screen (``ReferenceIndex/screenHits``):
/// it answers "this read has no screen k-mer at all" for almost every off-target read while
/// looking up only every 4th position, so the full screen runs on the few reads left.
///
/// It holds every 12-mer (m = 12) of the screen sequences (about 2,800) in a blocked Bloom filter:
/// 4,096 64-bit words (32 KiB, so it stays in the L1/L2 cache; a direct bitmap of 4^12 bits, 2 MiB,
/// made every test a cache miss and cost as much as the screen it spares), one word per 12-mer
/// chosen by a multiplicative hash and 3 bits in it. It tests the read's 12-mers starting at
/// positions 0, 4, 8, ... (stride s = 4): 1.1 % of 200,000 random 150-bp reads passed in a
/// callgrind count (`ScreenPrefilterTests` checks < 5 %). Bases are coded 2 bits each as
/// `(byte >> 1) & 3` (A 0, C 1, T 2, G 3, either case), eight bases at a time from one 8-byte load.
///
/// **Why a read it rejects has no screen k-mer (k >= m + s - 1 = 15).** Let the read have a
/// screen k-mer at `[i, i + k)`, `i + k <= n`. Its bases are A, C, G or T (the screen skips
/// windows holding anything else) and equal, base for base, a window of a screen sequence. Let
/// `j` be the first multiple of 4 at or after `i`: `i <= j <= i + 3`, so
/// `[j, j + 12) ⊂ [i, i + 15) ⊆ [i, i + k)`. That 12-mer is then a window of the same screen
/// sequence, made of A, C, G, T only, so it was added to the filter (a Bloom filter has no
/// false negatives); and the loop below tests every start
/// `j ≡ 0 (mod 4)` with `j + 12 <= n`, coding it from the read's own bytes. So a read with a
/// screen k-mer always passes; one that passes may still have none (a chance 12-mer match, or
/// a 12-mer holding a non-base, which is coded as some arbitrary base): the full screen decides.
/// With this exactness ``ReferenceIndex/screenHits`` returns the same count with or without the
/// prefilter, so every report is unchanged. A test (`ScreenPrefilterTests`) checks the claim on
/// reads drawn from the locus, mutated, cut short and sprinkled with N.
///
/// For k < 15 there is no prefilter (``init(k:sequences:)`` returns nil) and every read gets
/// the full screen.
struct ScreenPrefilter: Sendable {
    static let m = 12
    static let stride = 4
    private static let mask: UInt64 = (1 << (2 * UInt64(m))) - 1
    private static let wordsLog2: UInt64 = 12
    private let words: [UInt64]

    /// - Parameters:
    ///   - k: the screen's k-mer length.
    ///   - sequences: every sequence whose k-mers the screen holds (both strands).
    init?(k: Int, sequences: [[UInt8]]) {
        guard k >= Self.m + Self.stride - 1 else { return nil }
        var words = [UInt64](repeating: 0, count: 1 << Int(Self.wordsLog2))
        for seq in sequences {
            var value: UInt64 = 0
            var valid = 0
            for b in seq {
                guard nucleotideCode[Int(b)] <= 3 else {
                    valid = 0
                    continue
                }
                value = (value >> 2) | (Self.code(b) << (2 * UInt64(Self.m - 1)))
                valid += 1
                if valid >= Self.m {
                    let (w, bits) = Self.slot(value)
                    words[w] |= bits
                }
            }
        }
        self.words = words
    }

    /// The filter word of a 12-mer and its 3 bits there.
    @inline(__always) private static func slot(_ mmer: UInt64) -> (Int, UInt64) {
        let h = mmer &* 0x9E37_79B9_7F4A_7C15
        let bits = (1 as UInt64) << ((h >> 40) & 63) | (1 as UInt64) << ((h >> 34) & 63) | (1 as UInt64) << ((h >> 28) & 63)
        return (Int(truncatingIfNeeded: h >> (64 - wordsLog2)), bits)
    }

    /// The 2-bit code of one base byte: A 0, C 1, T 2, G 3 (lowercase the same). Any other byte
    /// gets some code: harmless, see the type's comment.
    @inline(__always) static func code(_ b: UInt8) -> UInt64 { UInt64((b >> 1) & 3) }

    /// False only when `bases` holds no k-mer of the screen (k >= 15); see the type's comment.
    func mayHit(_ bases: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bases.count
        if n < Self.m + Self.stride - 1 { return false }   // shorter than any k >= 15
        let raw = UnsafeRawBufferPointer(bases)
        let full = n / 8
        return words.withUnsafeBufferPointer { words in
            // r holds the codes of the 32 bases [8w - 24, 8w + 8) after word w, base 8w - 24 in
            // its lowest 2 bits; the 12-mers starting at 8w - 8 and 8w - 4 then end in word w.
            @inline(__always) func hit(_ r: UInt64) -> Bool {
                let (wa, ba) = Self.slot((r >> 32) & Self.mask)
                let (wb, bb) = Self.slot(r >> 40)
                return min(~words[wa] & ba, ~words[wb] & bb) == 0
            }
            var r = Self.pack(UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))) << 48
            for w in 1..<full {
                r = (r >> 16) | (Self.pack(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self))) << 48)
                if hit(r) { return true }
            }
            if n > 8 * full {
                r = (r >> 16) | (Self.pack(Self.tailWord(raw, from: 8 * full)) << 48)
                if hit(r) { return true }
            }
            return false
        }
    }

    /// The last `n - start` (1-7) bytes of the read as the low bytes of a word, zeros above: the
    /// last 8 bytes are loaded (n >= 15) and the ones already taken shifted out. The zeros only
    /// ever land in 12-mers that run past the read's end, which the proof does not need.
    @inline(__always) private static func tailWord(_ raw: UnsafeRawBufferPointer, from start: Int) -> UInt64 {
        let last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
        return last >> (8 * UInt64(8 - (raw.count - start)))
    }

    /// The codes of the 8 bytes of `word` (first byte in the lowest bits, little-endian load),
    /// packed into 16 bits with the first base in the lowest 2.
    @inline(__always) static func pack(_ word: UInt64) -> UInt64 {
        var v = (word >> 1) & 0x0303_0303_0303_0303
        v = (v | (v >> 6)) & 0x000F_000F_000F_000F
        v = (v | (v >> 12)) & 0x0000_00FF_0000_00FF
        return (v | (v >> 24)) & 0xFFFF
    }
}
