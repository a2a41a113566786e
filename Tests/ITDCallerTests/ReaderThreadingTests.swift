import Foundation
import Testing
@testable import ITDCaller

/// The background inflate thread (threads >= 2) must change nothing but speed.
@Suite struct ReaderThreadingTests {
    static let text = ReaderSynthetic.text(count: 8_000)

    @Test(arguments: [InflateBackend.zlib, .isal], [333, 1 << 20])
    func threadedAndUnthreadedReadsAreIdentical(backend: InflateBackend, bufferSize: Int) throws {
        let dir = try ReaderTempDir()
        let files = [
            try dir.write("single.fastq.gz", ReaderSynthetic.gzipMember(Self.text)),
            try dir.write("bgzf.fastq.gz", ReaderSynthetic.bgzf(Self.text, blockSize: 10_000)),
            try dir.write("plain.fastq", Self.text),
        ]
        for file in files {
            let one = try ReaderFixture.records(file, backend: backend, bufferSize: bufferSize, threads: 1)
            let two = try ReaderFixture.records(file, backend: backend, bufferSize: bufferSize, threads: 2)
            #expect(one.count == 8_000)
            #expect(one == two, "\(file)")
        }
    }

    @Test func recordsBeforeAnInflateErrorArriveInOrderThenTheError() throws {
        let dir = try ReaderTempDir()
        let gz = ReaderSynthetic.gzipMember(Self.text)
        let path = try dir.write("cut.fastq.gz", Array(gz[..<(gz.count * 2 / 3)]))
        var counts: [Int] = []
        for threads in [1, 2] {
            let reader = try FastqReader(path: path, bufferSize: 4096, threads: threads)
            var n = 0
            ReaderFixture.expectError(.truncatedGzip, file: path) {
                while try reader.next() != nil { n += 1 }
            }
            counts.append(n)
        }
        #expect(counts[0] > 2_000)
        #expect(counts[0] == counts[1])
    }

    // A hang guard, not a timing test: 40 readers each hand ~20 chunks between two threads, and on
    // two cores shared with the rest of the suite (and other jobs) every hand-over can wait for a
    // CPU; it took 63 s and then 138 s under load on 2026-12-02, so the limit matches the other
    // hang guards (3 minutes). A producer that never stops still exceeds it.
    @Test(.timeLimit(.minutes(3)))
    func abandoningAThreadedReaderMidStreamStopsItsThread() throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("big.fastq.gz", ReaderSynthetic.gzipMember(Self.text))
        for round in 0..<40 {
            let reader = try FastqReader(path: path, bufferSize: 4096, threads: 2)
            for _ in 0..<(round * 7) { _ = try reader.next() }
            #expect(reader.recordNumber == round * 7)
            // reader is released here: deinit must stop and join the producer, not hang.
        }
    }

    @Test func threadedFragmentSourceMatchesUnthreaded() throws {
        let dir = try ReaderTempDir()
        let r1 = try dir.write("r1.fastq.gz", ReaderSynthetic.gzipMember(Self.text))
        let r2 = try dir.write("r2.fastq.gz", ReaderSynthetic.bgzf(Self.text))
        var names: [[String]] = []
        for threads in [1, 2] {
            let source = try FastqFragmentSource(.paired(r1: [r1], r2: [r2]), threads: threads, bufferSize: 10_000)
            var seen: [String] = []
            try source.forEachFragment { a, b in
                #expect(b.map { Array($0.sequence) } == Array(a.sequence))
                seen.append(String(decoding: a.name, as: UTF8.self))
            }
            names.append(seen)
        }
        #expect(names[0].count == 8_000)
        #expect(names[0] == names[1])
    }
}
