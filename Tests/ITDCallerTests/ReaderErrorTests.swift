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

    /// Every IUPAC code in either case and '.' are read; a digit, a space, '-' and '*' are refused.
    @Test func sequenceAlphabetAcceptsIUPACCodesAndRefusesOtherBytes() throws {
        let dir = try ReaderTempDir()
        let codes = "ACGTUNRYSWKMBDHV"
        let seq = codes + codes.lowercased() + "."
        let good = try dir.write("iupac.fastq", Array("@r\n\(seq)\n+\n\(String(repeating: "I", count: seq.count))\n".utf8))
        #expect(try ReaderFixture.records(good).map { String(decoding: $0.sequence, as: UTF8.self) } == [seq])
        for bad in ["1", " ", "-", "*", "X", "\t"] {
            let path = try dir.write("bad.fastq", Array("@a\nACGT\n+\nIIII\n@b\nAC\(bad)T\n+\nIIII\n".utf8))
            ReaderFixture.expectError(.badSequence, file: path, line: 6, record: 2) {
                _ = try ReaderFixture.records(path)
            }
        }
    }

    /// The 8-bytes-at-a-time path and the table agree: every byte value at every offset of a
    /// line (in a word or in the tail), on lines of ACGTN and of other accepted codes.
    @Test func sequenceCheckFindsEveryRefusedByteAtEveryOffset() {
        let allowed = Set("ACGTUNRYSWKMBDHVacgtunryswkmbdhv.".utf8)
        for background in [Array("ACGTNACGTTGCANGT".utf8), Array("acgtRYKMbdhvUn.N".utf8)] {
            for length in [1, 7, 8, 9, 16, 21] {
                let line = (0..<length).map { background[$0 % background.count] }
                #expect(line.withUnsafeBufferPointer { SequenceAlphabet.firstRefused(in: $0) } == nil)
                for offset in 0..<length {
                    for byte in UInt8.min...UInt8.max {
                        var bad = line
                        bad[offset] = byte
                        let found = bad.withUnsafeBufferPointer { SequenceAlphabet.firstRefused(in: $0) }
                        if found != (allowed.contains(byte) ? nil : offset) {
                            Issue.record("byte \(byte) at \(offset) of \(length): found \(String(describing: found))")
                        }
                    }
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
        #expect(error?.detail == "this looks like a BAM file, not FASTQ (give it by file name: flt3ar reads BAM/CRAM/SAM files directly, but not from stdin or mixed with FASTQ)")
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
