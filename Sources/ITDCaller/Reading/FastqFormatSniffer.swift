/// Recognises inputs that are not FASTQ, from their first bytes after decompression, so the
/// user is told "this is a BAM file" rather than "bad header at line 1".
enum FastqFormatSniffer {
    /// The format of an input whose first record does not start with '@', from its first line
    /// (up to a few KB): BAM ("BAM\1" after BGZF decompression), CRAM, FASTA, or headerless SAM
    /// (a line of 11 or more tab-separated fields). Nil when unrecognised.
    static func format(ofHead head: [UInt8]) -> String? {
        if head.starts(with: [0x42, 0x41, 0x4d, 0x01]) { return "BAM" }   // "BAM\1"
        if head.starts(with: Array("CRAM".utf8)) { return "CRAM" }
        if head.first == UInt8(ascii: ">") { return "FASTA" }
        if head.lazy.filter({ $0 == UInt8(ascii: "\t") }).count >= 10 { return "SAM" }
        return nil
    }

    /// "SAM" when a first header line (starting with '@') is a SAM header record such as
    /// `@HD\tVN:1.6`; nil otherwise.
    static func samHeaderFormat(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        guard line.count >= 4, line[3] == UInt8(ascii: "\t") else { return nil }
        let tag = (line[1], line[2])
        let samTags: [(UInt8, UInt8)] = [("H", "D"), ("S", "Q"), ("R", "G"), ("P", "G"), ("C", "O")].map {
            (UInt8(ascii: $0.0), UInt8(ascii: $0.1))
        }
        return samTags.contains { $0 == tag } ? "SAM" : nil
    }

    /// What the user can do instead.
    static func advice(for format: String) -> String {
        switch format {
        case "BAM", "SAM", "CRAM": return "flt3ar reads BAM/CRAM/SAM from a regular file, not from stdin or a pipe, and not mixed with FASTQ; write it to a file first, or convert it with samtools fastq"
        case "FASTA": return "it has no base qualities; flt3ar reads FASTQ"
        default: return "flt3ar reads FASTQ"
        }
    }

    /// True for bytes that can appear in a sequence line (IUPAC letters, '-', '.', '*').
    static func isSequenceLetter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "*"):
            return true
        default:
            return false
        }
    }

    /// A byte as the user would want it quoted in a message.
    static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "an empty line" }
        if (0x21...0x7e).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == UInt8(ascii: " ") { return "a space" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
