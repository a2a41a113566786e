#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming FASTQ parser in the manner of kseq.h: `next()` returns the next record as a
/// borrowed ``ReadView``, nil at the clean end of input, and throws ``InputError`` (naming the
/// file, the 1-based line and the record number) on anything malformed.
///
/// Input: plain or gzip FASTQ (single member, concatenated members, BGZF), recognised by content,
/// not by name; "-" is stdin. Records are four lines (header `@name`, sequence, `+` optionally
/// repeating the name, quality); CRLF line ends are accepted (the `\r` is stripped), blank lines
/// between records and at the end are skipped; the last line may lack its newline, even when it
/// is the empty quality line of a zero-length record. Multi-line (wrapped) FASTQ is refused, and so are
/// a sequence byte that is not a base code (``SequenceAlphabet``) and a quality byte outside
/// '!'...'~' (``QualityAlphabet``).
///
/// Cost: one `memchr` per line over a reused buffer; no allocation per record. A record that
/// straddles two decode chunks is copied once into a side buffer. Memory is bounded by the
/// buffers (`bufferSize`, times 8 with a background thread) whatever the input size.
///
/// ```swift
/// let reader = try FastqReader(path: "sample_R1.fastq.gz")
/// while let read = try reader.next() {
///     // read.name / read.sequence / read.quality are valid until the next call to next()
/// }
/// ```
public final class FastqReader {
    /// The file as given, "<stdin>" for "-" (the name used in errors).
    public let path: String
    /// Size of the file in bytes when it is a regular file (nil for stdin and pipes).
    public let fileSize: Int?
    /// Number of records returned so far; during an error, the number of the offending record.
    public private(set) var recordNumber = 0

    private let supplier: any ChunkSupplier
    private var chunk: UnsafePointer<UInt8>?
    private var chunkCount = 0
    private var pos = 0
    private var reachedEnd = false
    /// Complete lines consumed before the current position (for 1-based line numbers).
    private var linesConsumed = 0
    /// Side buffer for records that straddle chunks.
    private var stitch: UnsafeMutablePointer<UInt8>
    private var stitchCapacity: Int
    private var stitchCount = 0
    /// A record longer than this (all four lines) is refused, so that memory stays bounded even
    /// on input that is not FASTQ at all. Settable for tests.
    var maxRecordBytes = 64 << 20

    /// Opens a FASTQ file.
    ///
    /// - Parameters:
    ///   - path: file name, or "-" for standard input.
    ///   - backend: gzip decompressor (ignored for plain input).
    ///   - bufferSize: bytes of decompressed text per chunk (default 1 MiB). Any size >= 1 works;
    ///     records longer than a chunk are assembled in a side buffer.
    ///   - threads: 1 = decode and parse on the calling thread; >= 2 = decode on a background
    ///     thread into a ring of 8 chunks while the caller parses. Records are identical either way.
    /// - Throws: ``InputError`` `.unreadable`, `.isDirectory`, or `.notFASTQ` (another compressor).
    public convenience init(path: String, backend: InflateBackend = .auto, bufferSize: Int = 1 << 20, threads: Int = 1) throws(InputError) {
        try self.init(path: path, backend: backend, bufferSize: bufferSize, threads: threads, inputBufferSize: 256 << 10)
    }

    /// As the public initialiser, with the compressed-input read size exposed for tests.
    init(path: String, backend: InflateBackend, bufferSize: Int, threads: Int, inputBufferSize: Int) throws(InputError) {
        let source = try openByteSource(path: path, backend: backend, inputBufferSize: inputBufferSize)
        self.path = source.path
        fileSize = source.regularFileSize
        if threads >= 2 {
            supplier = BackgroundChunkSupplier(source: source, bufferSize: bufferSize)
        } else {
            supplier = DirectChunkSupplier(source: source, bufferSize: bufferSize)
        }
        stitchCapacity = 1 << 12
        stitch = .allocate(capacity: stitchCapacity)
    }

    deinit {
        stitch.deallocate()
    }

    /// Raw bytes of the file consumed so far (compressed bytes for gzip), for progress.
    public var bytesConsumed: Int { supplier.inputBytesConsumed }

    /// Returns the next record, valid until the next call; nil at the clean end of input.
    ///
    /// - Throws: ``InputError`` with kind `.empty` when the input holds no record at all, and
    ///   `.badHeader`, `.badSeparator`, `.lengthMismatch`, `.badSequence`, `.badQuality`, `.truncatedRecord`, `.notFASTQ`,
    ///   `.truncatedGzip`, `.corruptGzip` or `.ioError` otherwise.
    public func next() throws(InputError) -> ReadView? {
        guard let first = try skipBlankLines() else {
            if recordNumber == 0 {
                // Whatever the file is called (an empty "x.bam" is not recognised as BAM).
                let detail = bytesConsumed == 0
                    ? (fileSize == nil ? "empty input (0 bytes): no reads" : "empty file (0 bytes): no reads")
                    : "no FASTQ records: the input is empty"
                throw InputError(.empty, file: path, detail: detail)
            }
            return nil
        }
        recordNumber += 1
        if first != UInt8(ascii: "@") {
            throw try headerError(first: first)
        }
        if let view = try parseInPlace() { return view }
        return try parseStraddling()
    }

    /// Calls `body` with every remaining record in order (each view valid during its call).
    public func forEach(_ body: (ReadView) throws -> Void) throws {
        while let read = try next() {
            try body(read)
        }
    }

    // MARK: - Chunks

    /// Moves to the next chunk; false at the end of input.
    private func advance() throws(InputError) -> Bool {
        if reachedEnd { return false }
        guard let next = try supplier.nextChunk() else {
            reachedEnd = true
            chunk = nil
            chunkCount = 0
            pos = 0
            return false
        }
        chunk = next.baseAddress
        chunkCount = next.count
        pos = 0
        return true
    }

    /// Skips empty lines (`\n`, `\r\n`) before a record; returns its first byte, or nil at the end.
    private func skipBlankLines() throws(InputError) -> UInt8? {
        while true {
            if pos == chunkCount {
                guard try advance() else { return nil }
                continue
            }
            let byte = chunk![pos]
            if byte == newline {
                linesConsumed += 1
                pos += 1
            } else if byte == carriageReturn {
                pos += 1
            } else {
                return byte
            }
        }
    }

    private func newlineIndex(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let hit = memchr(base + start, Int32(newline), end - start) else { return nil }
        return UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    // MARK: - Records

    /// The common case: all four lines of the record lie in the current chunk.
    private func parseInPlace() throws(InputError) -> ReadView? {
        let base = chunk!
        let end = chunkCount
        guard let e0 = newlineIndex(in: base, from: pos, to: end),
              let e1 = newlineIndex(in: base, from: e0 + 1, to: end),
              let e2 = newlineIndex(in: base, from: e1 + 1, to: end),
              let e3 = newlineIndex(in: base, from: e2 + 1, to: end)
        else { return nil }
        var lines = RecordLines()
        lines.append(Line(base, pos, e0))
        lines.append(Line(base, e0 + 1, e1))
        lines.append(Line(base, e1 + 1, e2))
        lines.append(Line(base, e2 + 1, e3))
        let view = try makeView(lines, lastLineTerminated: true)
        pos = e3 + 1
        linesConsumed += 4
        return view
    }

    /// A record that runs past the end of the chunk: copy its lines into the side buffer,
    /// taking bytes from as many following chunks as needed.
    private func parseStraddling() throws(InputError) -> ReadView? {
        stitchCount = 0
        appendToStitch(chunk! + pos, chunkCount - pos)
        pos = chunkCount
        var newlines = 0
        var scan = 0
        while let e = newlineIndex(in: UnsafePointer(stitch), from: scan, to: stitchCount) {
            newlines += 1
            scan = e + 1
        }
        while newlines < 4 {
            guard try advance() else {
                return try parseStitched(lastLineTerminated: false)
            }
            let base = chunk!
            var from = 0
            while newlines < 4, let e = newlineIndex(in: base, from: from, to: chunkCount) {
                newlines += 1
                from = e + 1
            }
            let taken = newlines == 4 ? from : chunkCount
            appendToStitch(base, taken)
            pos = taken
            if stitchCount > maxRecordBytes {
                throw InputError(.notFASTQ, file: path, line: linesConsumed + 1, record: recordNumber,
                                 detail: "record \(recordNumber) runs on for more than \(maxRecordBytes >> 20) MiB without completing its 4 lines: this is not FASTQ (or is corrupt)")
            }
        }
        return try parseStitched(lastLineTerminated: true)
    }

    private func parseStitched(lastLineTerminated: Bool) throws(InputError) -> ReadView {
        let base = UnsafePointer(stitch)
        var lines = RecordLines()
        var start = 0
        while lines.count < 4, start < stitchCount {
            if let e = newlineIndex(in: base, from: start, to: stitchCount) {
                lines.append(Line(base, start, e))
                start = e + 1
            } else {
                lines.append(Line(base, start, stitchCount))
                start = stitchCount
            }
        }
        // A zero-length final record, `@x\n\n+\n` at the end of input: its quality line is the
        // empty line after the last newline. (With bases, a missing quality stays truncation.)
        if !lastLineTerminated, lines.count == 3, lines.sequence.count == 0, start == stitchCount,
           stitchCount > 0, base[stitchCount - 1] == newline {
            lines.append(Line(base, stitchCount, stitchCount))
        }
        // At the end of input the lines present are checked first, so a malformed record is
        // named for what is wrong with it, not merely for being cut short.
        let view = try makeView(lines, lastLineTerminated: lastLineTerminated)
        linesConsumed += 4
        return view
    }

    /// Validates the lines of one record and lends them as a view.
    private func makeView(_ lines: RecordLines, lastLineTerminated: Bool) throws(InputError) -> ReadView {
        let headerLine = linesConsumed + 1
        let header = lines.header
        if recordNumber == 1, let format = FastqFormatSniffer.samHeaderFormat(header.buffer) {
            throw notFASTQ(format)
        }
        guard lines.count >= 3 else {
            throw InputError(.truncatedRecord, file: path, line: headerLine + lines.count - 1, record: recordNumber,
                             detail: "the input ends inside record \(recordNumber) (only \(lines.count) of its 4 lines are present)")
        }
        let plus = lines.plus
        guard plus.count > 0, plus.start[0] == UInt8(ascii: "+") else {
            throw separatorError(plus, line: headerLine + 2)
        }
        guard lines.count == 4 else {
            throw InputError(.truncatedRecord, file: path, line: headerLine + 2, record: recordNumber,
                             detail: "the input ends inside record \(recordNumber) (its quality line is missing)")
        }
        let sequence = lines.sequence
        let quality = lines.quality
        if quality.count != sequence.count {
            if !lastLineTerminated, quality.count < sequence.count {
                throw InputError(.truncatedRecord, file: path, line: headerLine + 3, record: recordNumber,
                                 detail: "the input ends inside the quality line of record \(recordNumber) (\(quality.count) of \(sequence.count) characters)")
            }
            throw InputError(.lengthMismatch, file: path, line: headerLine + 3, record: recordNumber,
                             detail: "sequence has \(sequence.count) bases but quality has \(quality.count) characters")
        }
        if let bad = SequenceAlphabet.firstRefused(in: sequence.buffer) {
            throw InputError(.badSequence, file: path, line: headerLine + 1, record: recordNumber,
                             detail: "the sequence holds \(FastqFormatSniffer.describe(sequence.start[bad])) at base \(bad + 1), which is not a base (allowed: ACGTN, the other IUPAC codes, lowercase, '.')")
        }
        if let bad = QualityAlphabet.firstRefused(in: quality.buffer) {
            throw InputError(.badQuality, file: path, line: headerLine + 3, record: recordNumber,
                             detail: "the quality line holds \(FastqFormatSniffer.describe(quality.start[bad])) at position \(bad + 1), which is not a quality character (allowed: '!' to '~', ASCII 33-126)")
        }
        return ReadView(name: UnsafeBufferPointer(start: header.start + 1, count: header.count - 1),
                        sequence: sequence.buffer, quality: quality.buffer)
    }

    private func separatorError(_ plus: Line, line: Int) -> InputError {
        let wrapped = plus.count > 0 && plus.buffer.allSatisfy(FastqFormatSniffer.isSequenceLetter)
        let detail = wrapped
            ? "expected the '+' line, found more sequence: multi-line (wrapped) FASTQ is not supported; rewrite it with 4 lines per record"
            : "expected the '+' line after the sequence, found \(FastqFormatSniffer.describe(plus.buffer.first))"
        return InputError(.badSeparator, file: path, line: line, record: recordNumber, detail: detail)
    }

    /// The first byte of a record is not '@'. On the first record, look at the start of the input
    /// to name the format it really is (BAM, CRAM, SAM, FASTA).
    private func headerError(first: UInt8) throws(InputError) -> InputError {
        let line = linesConsumed + 1
        if recordNumber == 1 {
            let head = try collectHead(limit: 4096)
            if let format = FastqFormatSniffer.format(ofHead: head) {
                return notFASTQ(format)
            }
            return InputError(.badHeader, file: path, line: line, record: recordNumber,
                              detail: "this does not look like FASTQ: a record header must start with '@', found \(FastqFormatSniffer.describe(first))")
        }
        return InputError(.badHeader, file: path, line: line, record: recordNumber,
                          detail: "expected '@' at the start of the header of record \(recordNumber), found \(FastqFormatSniffer.describe(first))")
    }

    private func notFASTQ(_ format: String) -> InputError {
        InputError(.notFASTQ, file: path, line: 1, detail: "this looks like a \(format) file, not FASTQ (\(FastqFormatSniffer.advice(for: format)))")
    }

    /// Up to `limit` bytes from the current position, stopping after the first line.
    private func collectHead(limit: Int) throws(InputError) -> [UInt8] {
        var head: [UInt8] = []
        while head.count < limit {
            if pos == chunkCount {
                guard try advance() else { break }
                continue
            }
            let take = min(chunkCount - pos, limit - head.count)
            let slice = UnsafeBufferPointer(start: chunk! + pos, count: take)
            if let e = slice.firstIndex(of: newline) {
                head.append(contentsOf: slice[..<e])
                break
            }
            head.append(contentsOf: slice)
            pos += take
        }
        return head
    }

    private func appendToStitch(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        guard count > 0 else { return }
        if stitchCount + count > stitchCapacity {
            var capacity = stitchCapacity
            while capacity < stitchCount + count { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: stitch, count: stitchCount)
            stitch.deallocate()
            stitch = grown
            stitchCapacity = capacity
        }
        (stitch + stitchCount).update(from: bytes, count: count)
        stitchCount += count
    }
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// One line of a record: bytes [start, start + count), without the line end (and without a `\r`
/// before it).
private struct Line {
    var start: UnsafePointer<UInt8>
    var count: Int

    init(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int) {
        start = base + from
        var n = to - from
        if n > 0, start[n - 1] == carriageReturn { n -= 1 }
        count = n
    }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
}

/// The up-to-four lines of a record, without an array allocation.
private struct RecordLines {
    private(set) var count = 0
    private var lines: (Line?, Line?, Line?, Line?) = (nil, nil, nil, nil)

    mutating func append(_ line: Line) {
        switch count {
        case 0: lines.0 = line
        case 1: lines.1 = line
        case 2: lines.2 = line
        default: lines.3 = line
        }
        count += 1
    }

    var header: Line { lines.0! }
    var sequence: Line { lines.1! }
    var plus: Line { lines.2! }
    var quality: Line { lines.3! }
}
