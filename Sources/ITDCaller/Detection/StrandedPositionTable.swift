/// Positions of every k-mer of the FLT3 references on all four (reference, strand) combinations in
/// one open-addressing table, so that one lookup per read k-mer serves all four alignments.
///
/// The key is a k-mer as read (2 bits per base, first base highest). The value packs four Int16
/// fields, lowest first: the sense offset of the k-mer in the genomic window, in the mRNA, then the
/// sense offset of its *reverse complement* in the genomic window and in the mRNA. A field is -1
/// when the k-mer is absent from that reference and -2 when it occurs more than once (ambiguous:
/// never an anchor). Reading a read's k-mer at position i therefore gives its sense-strand vote at
/// i and, for the reverse-complemented read of length n, its vote at n - k - i. Offsets fit Int16
/// because both references are a few kilobases (checked at construction).
struct StrandedPositionTable: Sendable {
    /// Field order in a packed value: (reference, read is sense strand).
    static func field(_ reference: ReferenceID, isSense: Bool) -> Int {
        (reference == .genomic ? 0 : 1) + (isSense ? 0 : 2)
    }

    static let absent: UInt64 = ~0 // four fields of -1

    private(set) var keys: [UInt64]
    private(set) var values: [UInt64]
    let shift: UInt64
    static let emptyKey = UInt64.max

    init(k: Int) {
        let ref = FLT3Reference.shared
        let total = ReferenceID.allCases.reduce(0) { $0 + ref.sequence($1).count }
        var bits: UInt64 = 4
        while (1 << bits) < max(16, total * 4) { bits += 1 }
        keys = [UInt64](repeating: Self.emptyKey, count: 1 << Int(bits))
        values = [UInt64](repeating: Self.absent, count: 1 << Int(bits))
        shift = 64 - bits
        let mask: UInt64 = (1 << (2 * UInt64(k))) - 1
        for id in ReferenceID.allCases {
            let seq = ref.sequence(id)
            precondition(seq.count < Int(Int16.max), "reference too long for Int16 offsets")
            forEachKmer(seq, k: k) { i, kmer in
                set(kmer, field: Self.field(id, isSense: true), position: i)
                set(Self.reverseComplement(kmer, k: k, mask: mask), field: Self.field(id, isSense: false), position: i)
            }
        }
    }

    /// Reverse complement of a packed k-mer.
    static func reverseComplement(_ kmer: UInt64, k: Int, mask: UInt64) -> UInt64 {
        var x = kmer, r: UInt64 = 0
        for _ in 0..<k {
            r = (r << 2) | (3 - (x & 3))
            x >>= 2
        }
        return r & mask
    }

    @inline(__always) func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func set(_ key: UInt64, field: Int, position: Int) {
        let m = keys.count - 1
        var s = slot(key)
        while keys[s] != key && keys[s] != Self.emptyKey { s = (s + 1) & m }
        keys[s] = key
        let sh = UInt64(16 * field)
        let old = Int16(truncatingIfNeeded: values[s] >> sh)
        let new: Int16 = old == -1 ? Int16(position) : -2
        values[s] = (values[s] & ~(0xFFFF << sh)) | (UInt64(UInt16(bitPattern: new)) << sh)
    }

    /// The packed value of `key`, ``absent`` when the k-mer is in no reference.
    @inline(__always) func value(_ key: UInt64) -> UInt64 {
        let m = keys.count - 1
        var s = slot(key)
        while true {
            let k = keys[s]
            if k == key { return values[s] }
            if k == Self.emptyKey { return Self.absent }
            s = (s + 1) & m
        }
    }
}
