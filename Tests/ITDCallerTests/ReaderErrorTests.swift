import Foundation
import Testing
@testable import ITDCaller

/// Every must-fail input gives its own InputError kind, naming the file, line and record.
@Suite struct ReaderErrorTests {
    static let bufferSizes = [1, 7, 64, 1 << 20]

    /// The must-fail fixtures the reader refuses partway through a file (TestReads/reader/README.md):
    /// each gives its own error kind at its 1-based line and record, with a one-line description
    /// that starts "<path>:<line> (record N): " and says what is wrong, whatever the chunk size
    /// (at 1, 7 and 64 bytes records straddle chunks).
    @Test(arguments: [
        ("truncated_record.fastq", InputError.Kind.truncatedRecord, 240, 60, "ends inside the quality line of record 60"),
        ("seq_qual_mismatch.fastq", .lengthMismatch, 12, 3, "sequence has 75 bases but quality has 74 characters"),
        ("no_at_header.fastq", .badHeader, 5, 2, "expected '@' at the start of the header of record 2"),
        ("missing_plus.fastq", .badSeparator, 15, 4, "expected the '+' line"),
        ("multiline.fastq", .badSeparator, 7, 2, "multi-line (wrapped) FASTQ is not supported"),
        ("bad_sequence.fastq", .badSequence, 14, 4, "byte 0x0 at base 10"),
        ("bad_quality.fastq", .badQuality, 12, 3, "the quality line holds a space at position 20"),
    ], bufferSizes)
    func malformedRecordIsRefusedAtItsLineAndRecord(
        fixture: (name: String, kind: InputError.Kind, line: Int, record: Int, says: String), bufferSize: Int
    ) {
        let path = ReaderFixture.path(fixture.name)
        let error = ReaderFixture.expectError(fixture.kind, file: path, line: fixture.line, record: fixture.record) {
            _ = try ReaderFixture.records(path, bufferSize: bufferSize)
        }
        #expect(error?.description.hasPrefix("\(path):\(fixture.line) (record \(fixture.record)): ") == true,
                "\(String(describing: error))")
        #expect(error?.detail.contains(fixture.says) == true, "\(String(describing: error))")
    }

    @Test func recordMissingItsLastLinesIsTruncatedRecord() throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("two_lines.fastq", Array("@a\nACGT\n+\nIIII\n@b\nACGT\n".utf8))
        ReaderFixture.expectError(.truncatedRecord, file: path, record: 2) {
            _ = try ReaderFixture.records(path)
        }
    }

    @Test func firstRecordWithoutAtIsBadHeader() throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("plain_text.txt", Array("hello world\nthis is not fastq\n".utf8))
        ReaderFixture.expectError(.badHeader, file: path, line: 1, record: 1) {
            _ = try ReaderFixture.records(path)
        }
    }

    /// Every byte from '!' to '~' is a quality character, whatever the Phred offset; a space, a
    /// tab, a NUL, DEL and bytes >= 0x80 are refused at their line, also in a CRLF file (the '\r'
    /// before the line end is not part of the line).
    @Test func qualityAlphabetAcceptsPrintableASCIIAndRefusesOtherBytes() throws {
        let dir = try ReaderTempDir()
        let qual = String(decoding: Array(UInt8(ascii: "!")...UInt8(ascii: "~")), as: UTF8.self)
        let seq = String(repeating: "A", count: qual.utf8.count)
        let good = try dir.write("all_qualities.fastq", Array("@r\r\n\(seq)\r\n+\r\n\(qual)\r\n".utf8))
        #expect(try ReaderFixture.records(good).map(\.quality) == [Array(qual.utf8)])
        for bad: UInt8 in [0x00, 0x09, 0x20, 0x7F, 0x80, 0xC3, 0xFF] {
            let path = try dir.write("bad.fastq", Array("@a\nACGT\n+\nIIII\n@b\nACGT\n+\nII".utf8) + [bad, UInt8(ascii: "I"), 0x0A])
            let error = ReaderFixture.expectError(.badQuality, file: path, line: 8, record: 2) {
                _ = try ReaderFixture.records(path)
            }
            #expect(error?.detail.contains("at position 3,") == true, "\(String(describing: error))")
        }
    }

    /// The 16-bytes-at-a-time test and a plain range check agree: every byte value at every
    /// offset of lines shorter than, as long as and longer than a vector (the last 16 bytes are
    /// read again to cover the tail), on a line of the extremes '!' and '~'; with two refused
    /// bytes, the first is found.
    @Test func qualityCheckFindsTheFirstRefusedByteAtEveryOffset() {
        func naive(_ line: [UInt8]) -> Int? { line.firstIndex { $0 < 0x21 || $0 > 0x7E } }
        func fast(_ line: [UInt8]) -> Int? { line.withUnsafeBufferPointer { QualityAlphabet.firstRefused(in: $0) } }
        let background = Array("I#5?FF:,!~AAEEJJ~!+".utf8)
        for length in [0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 150] {
            let line = (0..<length).map { background[$0 % background.count] }
            #expect(fast(line) == nil)
            for offset in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var bad = line
                    bad[offset] = byte
                    if fast(bad) != naive(bad) {
                        Issue.record("byte \(byte) at \(offset) of \(length): found \(String(describing: fast(bad)))")
                    }
                }
            }
        }
        let line = (0..<40).map { background[$0 % background.count] }
        for first in 0..<40 {
            for second in (first + 1)..<40 {
                for (a, b) in [(UInt8(0x20), UInt8(0xFF)), (0x7F, 0x00), (0x80, 0x09)] {
                    var bad = line
                    bad[first] = a
                    bad[second] = b
                    if fast(bad) != first { Issue.record("bytes \(a), \(b) at \(first), \(second): found \(String(describing: fast(bad)))") }
                }
            }
        }
    }

    @Test(arguments: [1, 1 << 20])
    func emptyFileIsEmpty(threads: Int) {
        let path = ReaderFixture.path("empty.fastq")
        ReaderFixture.expectError(.empty, file: path) {
            _ = try ReaderFixture.records(path, threads: threads)
        }
    }

    @Test(arguments: [1, 1 << 20])
    func zeroByteFileSaysItIsEmptyWhateverItsName(threads: Int) throws {
        let dir = try ReaderTempDir()
        for name in ["reads.bam", "reads.cram", "reads.sam", "reads.fastq"] {
            let path = try dir.write(name, [])
            let error = ReaderFixture.expectError(.empty, file: path) {
                _ = try ReaderFixture.records(path, threads: threads)
            }
            #expect(error?.detail == "empty file (0 bytes): no reads")
        }
    }

    @Test func gzipOfNothingIsNoRecordsNotZeroBytes() throws {
        let path = ReaderFixture.path("empty.fastq.gz")
        let error = ReaderFixture.expectError(.empty, file: path) {
            _ = try ReaderFixture.records(path)
        }
        #expect(error?.detail == "no FASTQ records: the input is empty")
    }

    @Test func blankLinesOnlyIsEmpty() throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("blank.fastq", Array("\n\r\n\n".utf8))
        ReaderFixture.expectError(.empty, file: path) {
            _ = try ReaderFixture.records(path)
        }
    }

    @Test func missingFileIsUnreadable() {
        let path = ReaderFixture.path("does_not_exist.fastq")
        let error = ReaderFixture.expectError(.unreadable, file: path) {
            _ = try FastqReader(path: path)
        }
        #expect(error?.detail.contains("No such file") == true)
    }

    @Test func directoryIsReportedAsADirectory() {
        let path = testReadsURL("reader").path
        ReaderFixture.expectError(.isDirectory, file: path) {
            _ = try FastqReader(path: path)
        }
    }

    @Test(arguments: [
        ("bam_given.bam", "BAM"), ("cram_given.cram", "CRAM"), ("sam_given.sam", "SAM"),
        ("sam_headerless.sam", "SAM"), ("fasta_given.fa", "FASTA"),
    ])
    func otherFormatsAreNamedInTheError(file: String, format: String) {
        let path = ReaderFixture.path(file)
        for bufferSize in [1, 1 << 20] {
            let error = ReaderFixture.expectError(.notFASTQ, file: path) {
                _ = try ReaderFixture.records(path, bufferSize: bufferSize)
            }
            #expect(error?.detail.contains("this looks like a \(format) file, not FASTQ") == true, "\(String(describing: error))")
        }
    }

    @Test func bamErrorTellsTheUserHowToConvert() {
        let path = ReaderFixture.path("bam_given.bam")
        let error = ReaderFixture.expectError(.notFASTQ, file: path) {
            _ = try ReaderFixture.records(path, backend: .zlib)
        }
        #expect(error?.detail == "this looks like a BAM file, not FASTQ (flt3ar reads BAM/CRAM/SAM from a regular file, not from stdin or a pipe, and not mixed with FASTQ; write it to a file first, or convert it with samtools fastq)")
    }

    @Test func otherCompressorsAreRefusedAtOpen() {
        let path = ReaderFixture.path("bzip2_given.fastq.bz2")
        let error = ReaderFixture.expectError(.notFASTQ, file: path) {
            _ = try FastqReader(path: path)
        }
        #expect(error?.detail.contains("bzip2") == true)
    }

    @Test func runawayRecordIsRefusedInsteadOfBufferedWithoutBound() throws {
        let tmp = try ReaderTempDir()
        let path = try tmp.write("runaway.fastq", Array("@r1\nACGT\n+\nIIII\n@r2 ".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: 5000))
        let reader = try FastqReader(path: path, bufferSize: 100)
        reader.maxRecordBytes = 1000
        #expect(try reader.next() != nil)
        let error = ReaderFixture.expectError(.notFASTQ, file: path, line: 5, record: 2) {
            _ = try reader.next()
        }
        #expect(error?.detail.contains("runs on") == true)
    }

    @Test func errorDescriptionIsOneLine() {
        let path = ReaderFixture.path("seq_qual_mismatch.fastq")
        let error = ReaderFixture.expectError(.lengthMismatch, file: path) {
            _ = try ReaderFixture.records(path)
        }
        #expect(error.map { !$0.description.contains("\n") } == true)
    }
}
