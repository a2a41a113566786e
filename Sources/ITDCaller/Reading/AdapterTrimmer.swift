/// Adapter read-through: how many of a read's bases are sequence of the sequenced molecule.
///
/// When a fragment is shorter than the read (2x300 reads of 200-500-bp capture fragments, say),
/// the read runs through the fragment's end into the library adapter. Those bases are not FLT3,
/// yet quantification measures a read by its length: a read whose fragment ends at an ITD's
/// duplicated span, followed by adapter, looks like a mutant read whose far junction side did
/// not align (``AllelicRatioEstimator/lostJunction(_:site:nontemplated:anchor:)`` asks only for
/// enough unaligned bases beyond the stop), so wild-type fragments counted as mutant; and a mate
/// is taken to reach as far as its read length (``SiteReach``). On a simulated 2x300 capture
/// sample (15-bp ITD, realised AR 0.516) that read AR 0.545; without the first effect 0.517, and
/// cut at the adapter 0.520. So each read that reaches alignment is cut where the adapter starts,
/// and is aligned and measured with its locus bases only (``ITDAnalyzer``; `--no-adapter-trim`
/// turns this off).
///
/// Trimmed: from the first place where the start of the Illumina TruSeq (`AGATCGGAAGAGC`) or
/// Nextera (`CTGTCTCTTATACACATCT`) adapter is read — whole, or at least its first
/// ``minimumOverlap`` bases running off the read's 3' end — with at most one mismatch per 10
/// bases compared (none below 10). Nothing shorter: adapter starts of 6-7 bases occur in the FLT3
/// reference (Nextera's first 7 on the genomic sense strand), and a read ending there would be cut.
/// Checked on both strands of the embedded genomic window with its context and of the mRNA: every
/// 8- and 9-base adapter start differs from every FLT3 window by at least one and two bases, the
/// 10-12-base starts by two, the whole adapters by three (TruSeq) and seven (Nextera), so no
/// wild-type FLT3 read is trimmed. An adapter tail shorter than 8 bases stays: it is no longer
/// than the unaligned read end that quantification already treats alike for both alleles
/// (``AllelicRatioEstimator/endTrimAllowance``).
enum AdapterTrimmer {
    /// Adapter starts as read after the insert (sense of the read), upper case: TruSeq, then
    /// Nextera (``locusLength(_:)`` takes them in that order). Each is shorter
    /// than 20 bases, so a match has at most one mismatch (``locusLength(_:)`` relies on it).
    static let adapters: [[UInt8]] = [Array("AGATCGGAAGAGC".utf8), Array("CTGTCTCTTATACACATCT".utf8)]
    /// Fewest adapter bases at a read's 3' end that are trimmed.
    static let minimumOverlap = 8
    /// 2-bit codes of each adapter's bases 0-4 and 5-9 (see ``locusLength(_:)``).
    private static let seeds: [(Int32, Int32)] = adapters.map { (code(of: $0[0..<5]), code(of: $0[5..<10])) }

    /// Bases of `read` before the adapter (the read's length when none is found).
    ///
    /// A match with at most one mismatch reads the adapter's bases 0-4 or 5-9 exactly (a match
    /// of 8 or 9 bases, none wrong, its bases 0-4), so each read offset is first tested by
    /// comparing the 5-mer codes starting there and 5 bases on with the adapters' (O(read
    /// length) for a read without adapter); only offsets that pass are compared base by base.
    static func locusLength(_ read: UnsafeBufferPointer<UInt8>) -> Int {
        let n = read.count
        guard n >= minimumOverlap else { return n }
        let (truSeq0, truSeq5) = seeds[0], (nextera0, nextera5) = seeds[1]
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { codes in
            // codes[i]: the 5 bases from i as 2-bit codes, -1 when one is not A, C, G or T
            var run = 0
            var code: Int32 = 0
            for i in 0..<n {
                let b = read[i] & 0xDF   // upper case
                let isBase = b == UInt8(ascii: "A") || b == UInt8(ascii: "C") || b == UInt8(ascii: "G") || b == UInt8(ascii: "T")
                run = isBase ? run + 1 : 0
                code = ((code << 2) | Int32(ScreenPrefilter.code(b))) & 0x3FF
                if i >= 4 { codes[i - 4] = run >= 5 ? code : -1 }
            }
            for i in 0...(n - minimumOverlap) {
                let first = codes[i], second = i + 10 <= n ? codes[i + 5] : -1
                if first == truSeq0 || second == truSeq5, matches(adapters[0], read, at: i) { return i }
                if first == nextera0 || second == nextera5, matches(adapters[1], read, at: i) { return i }
            }
            return n
        }
    }

    /// Whether `adapter` (or, at the read's end, its start) is read at offset `i`: at most one
    /// mismatch per 10 bases compared.
    static func matches(_ adapter: [UInt8], _ read: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let k = min(adapter.count, read.count - i)
        var allowed = k / 10
        for j in 0..<k where read[i + j] & 0xDF != adapter[j] {   // & 0xDF: upper case
            if allowed == 0 { return false }
            allowed -= 1
        }
        return true
    }

    /// The 2-bit code (``ScreenPrefilter/code(_:)``, as `locusLength` computes it) of 5 bases.
    private static func code(of bases: ArraySlice<UInt8>) -> Int32 {
        bases.reduce(0) { ($0 << 2) | Int32(ScreenPrefilter.code($1)) }
    }
}
