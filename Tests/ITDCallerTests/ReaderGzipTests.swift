import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReaderGzipTests {
    static let backends: [InflateBackend] = [.zlib, .isal, .auto]

    @Test(arguments: backends)
    func plainGzipMultiMemberAndBGZFGiveIdenticalRecords(backend: InflateBackend) throws {
        let plain = try ReaderFixture.records(ReaderFixture.path("good.fastq"))
        #expect(plain.count == 60)
        for name in ["good.fastq.gz", "multi_member.fastq.gz", "bgzf.fastq.gz"] {
            for bufferSize in [7, 1 << 20] {
                let records = try ReaderFixture.records(ReaderFixture.path(name), backend: backend, bufferSize: bufferSize)
                #expect(records == plain, "\(name) via \(backend), buffer \(bufferSize)")
            }
        }
    }

    @Test(arguments: backends, [1, 2, 5, 17])
    func compressedInputArrivingInTinyReadsDecodesTheSame(backend: InflateBackend, inputBufferSize: Int) throws {
        let plain = try ReaderFixture.records(ReaderFixture.path("good.fastq"))
        for name in ["good.fastq.gz", "multi_member.fastq.gz", "bgzf.fastq.gz"] {
            let records = try ReaderFixture.records(ReaderFixture.path(name), backend: backend, bufferSize: 100,
                                                    inputBufferSize: inputBufferSize)
            #expect(records == plain, "\(name) via \(backend), input reads of \(inputBufferSize) bytes")
        }
    }

    /// ISA-L's own header parsing lost the flags and the header CRC when a header arrived in
    /// pieces (FHCRC: always a checksum error; other flags: stack garbage, caught by ASan).
    @Test(arguments: backends, [1, 2, 3, 7, 13, 29, 64])
    func gzipHeadersWithEveryOptionalFieldDecodeWhenSplitAcrossReads(backend: InflateBackend, inputBufferSize: Int) throws {
        let text = ReaderSynthetic.text(count: 40)
        let half = text.count / 2
        let dir = try ReaderTempDir()
        let path = try dir.write("every_field.fastq.gz", ReaderSynthetic.gzipMemberWithEveryHeaderField(Array(text[..<half]))
                                 + ReaderSynthetic.gzipMemberWithEveryHeaderField(Array(text[half...])))
        let records = try ReaderFixture.records(path, backend: backend, bufferSize: 100, inputBufferSize: inputBufferSize)
        #expect(records == ReaderFixture.naiveParse(text), "\(backend), input reads of \(inputBufferSize) bytes")
    }

    @Test func magicBytesNotTheExtensionDecideGzip() throws {
        let dir = try ReaderTempDir()
        let text = ReaderSynthetic.text(count: 50)
        let gzNamedPlain = try dir.write("plain_named.fastq.gz", text)
        let plainNamedGz = try dir.write("gzip_named.fastq", ReaderSynthetic.gzipMember(text))
        let expected = ReaderFixture.naiveParse(text)
        #expect(try ReaderFixture.records(gzNamedPlain) == expected)
        #expect(try ReaderFixture.records(plainNamedGz) == expected)
    }

    /// A larger input than the fixtures: every layout and backend must yield the same bytes.
    @Test func zlibAndISALAgreeOnLargeSingleMultiMemberAndBGZFInput() throws {
        let text = ReaderSynthetic.text(count: 20_000)
        let dir = try ReaderTempDir()
        let third = text.count / 3
        let members = ReaderSynthetic.gzipMember(Array(text[..<third])) + ReaderSynthetic.gzipMember([])
            + ReaderSynthetic.gzipMember(Array(text[third...])) + [0, 0, 0, 0]
        let files = [
            try dir.write("single.fastq.gz", ReaderSynthetic.gzipMember(text, level: 1)),
            try dir.write("members.fastq.gz", members),
            try dir.write("bgzf.fastq.gz", ReaderSynthetic.bgzf(text)),
        ]
        let expected = ReaderFixture.naiveParse(text)
        #expect(expected.count == 20_000)
        for file in files {
            let viaZlib = try ReaderFixture.records(file, backend: .zlib, bufferSize: 65_536)
            let viaIsal = try ReaderFixture.records(file, backend: .isal, bufferSize: 65_536)
            #expect(viaZlib == expected, "zlib \(file)")
            #expect(viaIsal == expected, "ISA-L \(file)")
        }
    }

    @Test(arguments: backends)
    func truncatedGzipIsReportedAsTruncatedNamingTheFile(backend: InflateBackend) {
        let path = ReaderFixture.path("truncated.fastq.gz")
        for threads in [1, 2] {
            ReaderFixture.expectError(.truncatedGzip, file: path) {
                _ = try ReaderFixture.records(path, backend: backend, threads: threads)
            }
        }
    }

    @Test(arguments: backends)
    func gzipCutInsideItsTrailerIsTruncated(backend: InflateBackend) throws {
        let dir = try ReaderTempDir()
        let member = ReaderSynthetic.gzipMember(ReaderSynthetic.text(count: 20))
        let path = try dir.write("cut_trailer.fastq.gz", Array(member.dropLast(3)))
        ReaderFixture.expectError(.truncatedGzip, file: path) {
            _ = try ReaderFixture.records(path, backend: backend)
        }
    }

    @Test(arguments: backends)
    func corruptGzipIsReportedAsCorruptNamingTheFile(backend: InflateBackend) {
        let path = ReaderFixture.path("corrupt.fastq.gz")
        ReaderFixture.expectError(.corruptGzip, file: path) {
            _ = try ReaderFixture.records(path, backend: backend)
        }
    }

    @Test(arguments: backends)
    func garbageAfterTheLastMemberIsCorrupt(backend: InflateBackend) throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("garbage_tail.fastq.gz", ReaderSynthetic.gzipMember(ReaderSynthetic.text(count: 5)) + Array("junk".utf8))
        ReaderFixture.expectError(.corruptGzip, file: path) {
            _ = try ReaderFixture.records(path, backend: backend)
        }
    }

    @Test(arguments: backends)
    func gzipOfNothingIsAnEmptyInput(backend: InflateBackend) {
        let path = ReaderFixture.path("empty.fastq.gz")
        ReaderFixture.expectError(.empty, file: path) {
            _ = try ReaderFixture.records(path, backend: backend)
        }
    }
}
