import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReaderParsingTests {
    static let goodText = try! [UInt8](Data(contentsOf: testReadsURL("reader/good.fastq")))

    @Test func fixtureHasSixtyRecordsMatchingTheNaiveParser() throws {
        let records = try ReaderFixture.records(ReaderFixture.path("good.fastq"))
        #expect(records.count == 60)
        #expect(records == ReaderFixture.naiveParse(Self.goodText))
    }

    @Test(arguments: [1, 2, 3, 7, 64, 100, 333, 4096, 1 << 20])
    func recordsStraddlingChunkBoundariesAreIdentical(bufferSize: Int) throws {
        let expected = ReaderFixture.naiveParse(Self.goodText)
        for threads in [1, 2] {
            let records = try ReaderFixture.records(ReaderFixture.path("good.fastq"), bufferSize: bufferSize, threads: threads)
            #expect(records == expected, "bufferSize \(bufferSize), threads \(threads)")
        }
    }

    @Test func headerKeepsItsCommentAndDropsTheAt() throws {
        let records = try ReaderFixture.records(ReaderFixture.path("good.fastq"))
        #expect(records[0].name == "read1")
        #expect(records[1].name == "read2 comment=1")
        #expect(records[0].sequence.count == 1)
        #expect(records[7].sequence.count == 300)
    }

    @Test func plusLineRepeatingTheHeaderIsAccepted() throws {
        // read3 has "+read3" as its third line
        #expect(Self.goodText.starts(with: Array("@read1".utf8)))
        let text = String(decoding: Self.goodText, as: UTF8.self)
        #expect(text.contains("\n+read3\n"))
        let records = try ReaderFixture.records(ReaderFixture.path("good.fastq"))
        #expect(records[2].name == "read3")
        #expect(records[2].quality.count == records[2].sequence.count)
    }

    @Test(arguments: [1, 5, 64, 1 << 20])
    func crlfLineEndsGiveTheSameRecords(bufferSize: Int) throws {
        let plain = try ReaderFixture.records(ReaderFixture.path("good.fastq"))
        let crlf = try ReaderFixture.records(ReaderFixture.path("crlf.fastq"), bufferSize: bufferSize)
        #expect(crlf == plain)
        #expect(!crlf.contains { $0.quality.contains(UInt8(ascii: "\r")) || $0.name.contains("\r") })
    }

    @Test(arguments: [1, 3, 1 << 20])
    func missingFinalNewlineAndTrailingBlankLinesAreFine(bufferSize: Int) throws {
        let plain = try ReaderFixture.records(ReaderFixture.path("good.fastq"))
        #expect(try ReaderFixture.records(ReaderFixture.path("good_no_final_newline.fastq"), bufferSize: bufferSize) == plain)
        #expect(try ReaderFixture.records(ReaderFixture.path("good_trailing_blank_lines.fastq"), bufferSize: bufferSize) == plain)
    }

    @Test(arguments: [1, 2, 5, 1 << 20])
    func zeroLengthFinalRecordWithoutFinalNewlineIsRead(bufferSize: Int) throws {
        // `printf '@x\n\n+\n'`: the quality line is the empty line after the last newline.
        let dir = try ReaderTempDir()
        let alone = try dir.write("alone.fastq", Array("@x\n\n+\n".utf8))
        let last = try dir.write("last.fastq", Array("@a\nAC\n+\nII\n@x\n\n+\n".utf8))
        let x = SequenceRecord(name: "x", sequence: [], quality: [])
        #expect(try ReaderFixture.records(alone, bufferSize: bufferSize) == [x])
        #expect(try ReaderFixture.records(last, bufferSize: bufferSize).last == x)
        #expect(try ReaderFixture.records(last, bufferSize: bufferSize).count == 2)
    }

    @Test(arguments: ["@x\nAC\n+\n", "@x\n\n+", "@x\n\n", "@a\nAC\n+\nII\n@x\nA\n+\n"])
    func finalRecordCutAfterItsPlusLineIsStillTruncated(text: String) throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("cut.fastq", Array(text.utf8))
        ReaderFixture.expectError(.truncatedRecord, file: path) {
            _ = try ReaderFixture.records(path)
        }
    }

    @Test func viewIsValidUntilTheNextCall() throws {
        let reader = try FastqReader(path: ReaderFixture.path("good.fastq"), bufferSize: 5)
        var count = 0
        try reader.forEach { read in
            count += 1
            #expect(String(decoding: read.name, as: UTF8.self).hasPrefix("read\(count)"))
            #expect(read.sequence.count == read.quality.count)
        }
        #expect(count == 60)
        #expect(reader.recordNumber == 60)
        #expect(try reader.next() == nil, "stays at the end")
    }

    @Test(arguments: [1, 13, 4096, 1 << 16])
    func largeSyntheticInputMatchesTheNaiveParser(bufferSize: Int) throws {
        let text = ReaderSynthetic.text(count: 3000)
        let dir = try ReaderTempDir()
        let path = try dir.write("syn.fastq", text)
        let records = try ReaderFixture.records(path, bufferSize: bufferSize)
        #expect(records.count == 3000)
        #expect(records == ReaderFixture.naiveParse(text))
    }

    @Test func bytesConsumedReachesTheFileSize() throws {
        let path = ReaderFixture.path("good.fastq.gz")
        let reader = try FastqReader(path: path, bufferSize: 1000)
        #expect(reader.fileSize == 9036 || reader.fileSize != nil)
        _ = try reader.next()
        let early = reader.bytesConsumed
        while try reader.next() != nil {}
        #expect(early > 0)
        #expect(reader.bytesConsumed == reader.fileSize)
    }
}
