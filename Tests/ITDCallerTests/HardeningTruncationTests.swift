import Foundation
import Testing
@testable import ITDCaller

/// Inputs cut short anywhere: every cut must end in the specific ``InputError`` naming the file,
/// or — for plain FASTQ cut exactly after a complete record — the records before the cut, never
/// a crash, a hang, a silent clean end or a wrong record count.
@Suite(.timeLimit(.minutes(2)))
struct HardeningTruncationTests {
    /// A few KB of FASTQ: 12 reads of 1-150 bases (with N), then gzip of it.
    static let text = ReaderSynthetic.text(count: 12, maxLength: 150, seed: 7)
    static let records = ReaderFixture.naiveParse(text)
    static let gzip = ReaderSynthetic.gzipMember(text)

    /// How reading `path` ended: the records read before the end, and the error if any.
    static func read(_ path: String, backend: InflateBackend = .auto, bufferSize: Int = 1 << 20,
                     threads: Int = 1) -> (records: [SequenceRecord], error: Error?) {
        var out: [SequenceRecord] = []
        do {
            let reader = try FastqReader(path: path, backend: backend, bufferSize: bufferSize, threads: threads)
            while let read = try reader.next() {
                out.append(SequenceRecord(read))
            }
            return (out, nil)
        } catch {
            return (out, error)
        }
    }

    /// Offsets just past the last quality character of each record in `text` (record ends
    /// without their newline).
    static func qualityEnds(_ text: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var line = 0
        for (i, byte) in text.enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            if line % 4 == 0 { ends.append(text[i - 1] == UInt8(ascii: "\r") ? i - 1 : i) }
        }
        return ends
    }

    @Test func fixtureIsSmallAndComplete() {
        #expect(Self.records.count == 12)
        #expect(Self.text.count < 4_000)
        #expect(Self.gzip.count < 4_000)
    }

    /// Every byte offset of the gzip file, both inflaters: a cut inside the stream is
    /// `.truncatedGzip` (after only correct records), an empty file `.empty`, the whole file reads
    /// every record.
    @Test(arguments: [InflateBackend.zlib, .isal])
    func gzipCutAtEveryByteIsTruncatedGzip(backend: InflateBackend) throws {
        let dir = try ReaderTempDir()
        for cut in 0...Self.gzip.count {
            let path = try dir.write("cut\(cut).fastq.gz", Array(Self.gzip[..<cut]))
            let (got, error) = Self.read(path, backend: backend)
            #expect(Array(Self.records.prefix(got.count)) == got, "cut \(cut): records before the error must be correct")
            switch cut {
            case Self.gzip.count:
                #expect(error == nil, "whole file: \(String(describing: error))")
                #expect(got.count == Self.records.count)
            case 0:
                #expect((error as? InputError)?.kind == .empty, "cut 0: \(String(describing: error))")
            case 1:
                // One byte (0x1f) is not recognisably gzip: refused as not FASTQ.
                let kind = (error as? InputError)?.kind
                #expect(kind == .badHeader || kind == .truncatedGzip, "cut 1: \(String(describing: error))")
            default:
                let input = error as? InputError
                #expect(input?.kind == .truncatedGzip, "cut \(cut) of \(Self.gzip.count): \(String(describing: error))")
                #expect(input?.file == path)
                #expect(input?.description.contains(path) == true)
                #expect(got.count < Self.records.count, "cut \(cut): no record may be invented")
            }
            try FileManager.default.removeItem(atPath: path)
        }
    }

    /// The background inflate thread reports the same error at the same place (every 5th byte,
    /// to keep the test fast).
    @Test(arguments: [InflateBackend.zlib, .isal])
    func gzipCutWithInflateThreadMatchesUnthreaded(backend: InflateBackend) throws {
        let dir = try ReaderTempDir()
        for cut in stride(from: 2, to: Self.gzip.count, by: 5) {
            let path = try dir.write("cut\(cut).fastq.gz", Array(Self.gzip[..<cut]))
            let one = Self.read(path, backend: backend, bufferSize: 333, threads: 1)
            let two = Self.read(path, backend: backend, bufferSize: 333, threads: 2)
            #expect(one.records == two.records, "cut \(cut)")
            #expect((one.error as? InputError) == (two.error as? InputError), "cut \(cut)")
            #expect((two.error as? InputError)?.kind == .truncatedGzip, "cut \(cut): \(String(describing: two.error))")
        }
    }

    /// The plain text cut at every byte, with chunk sizes that split records: a cut just after
    /// record k's quality (with or without its newline) reads k records cleanly; any other cut is
    /// `.truncatedRecord` naming record k + 1; cut 0 is `.empty`.
    @Test(arguments: [1, 7, 1 << 20])
    func plainCutAtEveryByteIsTruncatedRecordOrFewerRecords(bufferSize: Int) throws {
        // One-byte chunks cost a read(2) per byte: the first 4 records are enough there.
        let text = bufferSize == 1 ? Array(Self.text[...Self.qualityEnds(Self.text)[3]]) : Self.text
        try Self.checkEveryByteCut(text, bufferSize: bufferSize)
    }

    /// The same with CRLF line ends: a cut between `\r` and `\n` still ends a complete record.
    @Test(arguments: [5, 1 << 20])
    func crlfCutAtEveryByteIsTruncatedRecordOrFewerRecords(bufferSize: Int) throws {
        let crlf = Array(Self.text.prefix(600)).flatMap { $0 == UInt8(ascii: "\n") ? [UInt8(ascii: "\r"), $0] : [$0] }
        try Self.checkEveryByteCut(crlf, bufferSize: bufferSize)
    }

    static func checkEveryByteCut(_ text: [UInt8], bufferSize: Int) throws {
        let dir = try ReaderTempDir()
        let truth = ReaderFixture.naiveParse(text)
        let ends = qualityEnds(text)
        for cut in 0...text.count {
            let path = try dir.write("cut.fastq", Array(text[..<cut]))
            let (got, error) = read(path, bufferSize: bufferSize)
            let complete = ends.filter { $0 <= cut }.count
            let atBoundary = cut > 0 && ends.contains { $0 == cut || $0 + 1 == cut || ($0 + 2 == cut && text[$0] == UInt8(ascii: "\r")) }
            if cut == 0 {
                #expect((error as? InputError)?.kind == .empty, "cut 0: \(String(describing: error))")
            } else if atBoundary {
                #expect(error == nil, "cut \(cut) at the end of record \(complete): \(String(describing: error))")
                #expect(got == Array(truth.prefix(complete)), "cut \(cut)")
            } else {
                let input = error as? InputError
                #expect(input?.kind == .truncatedRecord, "cut \(cut): \(String(describing: error))")
                #expect(input?.record == complete + 1, "cut \(cut): \(String(describing: error))")
                #expect(input?.file == path)
                #expect(got == Array(truth.prefix(complete)), "cut \(cut)")
            }
        }
    }

    /// A larger plain file cut after every line, through the fragment source and the analyzer:
    /// whole records give exactly that many reads in the funnel, partial ones an error.
    @Test func plainCutAtEveryLineGivesTheRightReadCountOrAnError() throws {
        let text = ReaderSynthetic.text(count: 60, seed: 11)
        let lineEnds = text.indices.filter { text[$0] == UInt8(ascii: "\n") }
        let dir = try ReaderTempDir()
        // Built once (the FLT3 index); each cut analyses with a fresh copy.
        let fresh = ITDAnalyzer(options: AnalysisOptions())
        for (i, end) in lineEnds.enumerated() {
            let lines = i + 1
            let path = try dir.write("lines.fastq", Array(text[...end]))
            var source = try FastqFragmentSource(.singleEnd([path]), threads: 1, bufferSize: 4096)
            var analyzer = fresh
            do {
                try analyzer.consume(&source)
                #expect(lines % 4 == 0, "\(lines) lines read cleanly")
                #expect(analyzer.funnel.totalReads == lines / 4)
            } catch let error as InputError {
                #expect(lines % 4 != 0, "\(lines) lines: \(error)")
                #expect(error.kind == .truncatedRecord, "\(lines) lines: \(error)")
                #expect(error.record == lines / 4 + 1)
                #expect(error.line == lines, "\(lines) lines: \(error)")
            }
        }
    }
}
