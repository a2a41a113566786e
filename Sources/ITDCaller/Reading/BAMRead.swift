import CHTSlib

/// One primary BAM/CRAM/SAM record decoded into FASTQ form, in the read's original orientation:
/// a reverse-strand record (FLAG 0x10) has its SEQ reverse-complemented and its QUAL reversed,
/// as `samtools fastq` does. Qualities are Phred+33 ASCII; a record without qualities ('*') gets
/// '!' (Phred 0) for every base. Bases are ASCII from htslib's 4-bit code (`=ACMGRSVTWYHKDBN`).
/// A paired record's name loses a trailing `/1` or `/2`, so that its mate is found by name.
///
/// A value type so that a read waiting for its mate can be kept; ``decode(_:)`` reuses the
/// arrays' storage when they are not shared.
struct BAMRead {
    var name: [UInt8] = []
    var sequence: [UInt8] = []
    var quality: [UInt8] = []
    var flag: UInt16 = 0
    /// Contig index and 0-based leftmost position of the record (-1 when unplaced).
    var tid: Int32 = -1
    var pos: Int64 = -1
    /// 0-based exclusive end of the alignment on the reference (pos + 1 when unmapped).
    var end: Int64 = -1
    /// Contig index and 0-based position of the mate (-1 when unknown).
    var mateTid: Int32 = -1
    var matePos: Int64 = -1

    static let paired: UInt16 = 0x1
    static let mateUnmapped: UInt16 = 0x8
    static let reverse: UInt16 = 0x10
    static let first: UInt16 = 0x40
    static let secondary: UInt16 = 0x100
    static let supplementary: UInt16 = 0x800

    /// Secondary and supplementary records repeat a read already given by its primary record.
    static func isPrimary(_ flag: UInt16) -> Bool {
        flag & (secondary | supplementary) == 0
    }

    var isPaired: Bool { flag & Self.paired != 0 }
    var isFirstMate: Bool { flag & Self.first != 0 }
    /// True when the mate is mapped to a known position (so it can be looked up in the index).
    var mateIsPlaced: Bool { isPaired && flag & Self.mateUnmapped == 0 && mateTid >= 0 && matePos >= 0 }

    /// Copies and decodes `record`. O(read length).
    mutating func decode(_ record: UnsafePointer<bam1_t>) {
        let core = record.pointee.core
        flag = core.flag
        tid = core.tid
        pos = core.pos
        mateTid = core.mtid
        matePos = core.mpos
        let nameLength = Int(core.l_qname) - Int(core.l_extranul) - 1
        name.removeAll(keepingCapacity: true)
        name.append(contentsOf: UnsafeBufferPointer(start: chts_qname(record), count: max(nameLength, 0)))
        // Some pipelines keep FASTQ's /1 and /2 in QNAME; mates are then found by the rest
        // (``MateName/key(_:)``, as for FASTQ; a QNAME has no blanks for it to cut at).
        if flag & Self.paired != 0 {
            let key = name.withUnsafeBufferPointer { MateName.key($0).count }
            name.removeLast(name.count - key)
        }

        let n = Int(core.l_qseq)
        let packed = chts_seq(record)!
        let qual = chts_qual(record)!
        let reversed = flag & Self.reverse != 0
        let hasQuality = n > 0 && qual[0] != 0xff
        // Sized first, then written through raw buffers: O(n), no per-base bounds checks.
        sequence.removeAll(keepingCapacity: true)
        sequence.append(contentsOf: repeatElement(0, count: n))
        quality.removeAll(keepingCapacity: true)
        quality.append(contentsOf: repeatElement(UInt8(ascii: "!"), count: n))
        let table = reversed ? Self.complementLetters : Self.letters
        table.withUnsafeBufferPointer { table in
            sequence.withUnsafeMutableBufferPointer { out in
                for j in 0..<n {
                    let i = reversed ? n - 1 - j : j
                    out[j] = table[Int(packed[i >> 1] >> ((~i & 1) << 2) & 0xf)]
                }
            }
        }
        if hasQuality {
            quality.withUnsafeMutableBufferPointer { out in
                for j in 0..<n {
                    out[j] = qual[reversed ? n - 1 - j : j] &+ 33
                }
            }
        }
    }

    /// Lends the read as a ``ReadView`` for the duration of `body`.
    func withView<R>(_ body: (ReadView) throws -> R) rethrows -> R {
        try name.withUnsafeBufferPointer { n in
            try sequence.withUnsafeBufferPointer { s in
                try quality.withUnsafeBufferPointer { q in
                    try body(ReadView(name: n, sequence: s, quality: q))
                }
            }
        }
    }

    /// htslib's 4-bit base codes as ASCII.
    private static let letters: [UInt8] = Array("=ACMGRSVTWYHKDBN".utf8)
    /// The complement of each code as ASCII: the code's 4 bits (A=1, C=2, G=4, T=8) reversed.
    private static let complementLetters: [UInt8] = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15].map { letters[$0] }
}
