/// Why an input could not be read, and where. `description` is one line naming the file and,
/// when known, the 1-based line and record (read) number.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case unreadable          // cannot open / permission / does not exist
        case isDirectory
        case empty               // no records at all
        case truncatedGzip       // gzip stream ends early
        case corruptGzip         // gzip data error
        case truncatedRecord     // record cut short (EOF inside a record)
        case lengthMismatch      // sequence and quality lengths differ
        case badHeader           // header does not start with '@'
        case badSeparator        // third line does not start with '+'
        case notFASTQ            // recognisably another format (BAM, FASTA, SAM, ...)
        case pairCountMismatch   // R1 and R2 have different numbers of reads
        case pairNameMismatch    // mate names differ
        case mateOrder           // mates' read numbers (1:N / 2:N, /1 /2) are not R1 = 1, R2 = 2
        case looksInterleaved    // single-end input whose first two records are mates of one pair
        case badSequence         // illegal characters in the sequence line
        case badQuality          // a quality byte outside '!'...'~' (33-126)
        case ioError
    }
    public var kind: Kind
    public var file: String
    /// 1-based line number in the (decompressed) input, when known.
    public var line: Int?
    /// 1-based record (read) number, when known.
    public var record: Int?
    public var detail: String

    public init(_ kind: Kind, file: String, line: Int? = nil, record: Int? = nil, detail: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.record = record
        self.detail = detail
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let record { place += " (record \(record))" }
        return "\(place): \(detail)"
    }
}
