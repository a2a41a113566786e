/// The bytes a FASTQ quality line may hold: '!' (33) to '~' (126), the printable ASCII range in
/// which every Phred encoding lies (Phred+33, and the older Phred+64 and Solexa offsets). Anything
/// else (a space, a tab, a NUL, DEL, a byte >= 0x80) is refused by the reader with
/// ``InputError/Kind/badQuality``; the values themselves are not interpreted.
///
/// Sixteen bytes at a time: the running byte-wise maximum of b - 0x21 (wrapping, so a byte below
/// 0x21 becomes large) is tested once per line; the exact offset is looked for only on a line
/// that holds a refused byte.
enum QualityAlphabet {
    /// The accepted bytes.
    static let accepted: ClosedRange<UInt8> = 0x21...0x7E

    /// The offset of the first refused byte of `quality`, nil when every byte is accepted.
    static func firstRefused(in quality: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = quality.baseAddress else { return nil }
        let n = quality.count
        var allAccepted = true
        if n >= 16 {
            let raw = UnsafeRawPointer(base)
            let lowest = SIMD16<UInt8>(repeating: accepted.lowerBound)
            var worst = SIMD16<UInt8>()
            var i = 0
            // `replace(with:where:)` inlines to a byte-wise maximum; `pointwiseMax` stayed a call.
            while i &+ 16 <= n {
                let t = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) &- lowest
                worst.replace(with: t, where: t .> worst)
                i &+= 16
            }
            // The last 16 bytes, some of them seen already: covers a tail of 1-15 bytes.
            let t = raw.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self) &- lowest
            worst.replace(with: t, where: t .> worst)
            let words = unsafeBitCast(worst, to: SIMD2<UInt64>.self)
            allAccepted = withinSpan(words[0]) && withinSpan(words[1])
        } else {
            for i in 0..<n where !accepted.contains(base[i]) { allAccepted = false }
        }
        if allAccepted { return nil }
        return quality.firstIndex { !accepted.contains($0) }
    }

    /// True when each of the 8 bytes t of `w` is at most 0x5D (= 0x7E - 0x21): (t & 0x7F) + 0x22
    /// stays inside its byte and reaches its high bit exactly when t & 0x7F >= 0x5E, and t's own
    /// high bit is set when t >= 0x80.
    @inline(__always) static func withinSpan(_ w: UInt64) -> Bool {
        (((w & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x2222_2222_2222_2222) | w) & 0x8080_8080_8080_8080 == 0
    }
}
