import CZlib
import Foundation
import Testing
@testable import ITDCaller

/// Helpers shared by the Reader*Tests suites.
enum ReaderFixture {
    static func path(_ name: String) -> String {
        testReadsURL("reader/\(name)").path
    }

    /// Every record of `path`, copied.
    static func records(_ path: String, backend: InflateBackend = .auto, bufferSize: Int = 1 << 20,
                        threads: Int = 1, inputBufferSize: Int = 256 << 10) throws -> [SequenceRecord] {
        let reader = try FastqReader(path: path, backend: backend, bufferSize: bufferSize, threads: threads,
                                     inputBufferSize: inputBufferSize)
        var out: [SequenceRecord] = []
        while let read = try reader.next() {
            out.append(SequenceRecord(read))
        }
        return out
    }

    /// A deliberately simple reference parser: split the text on "\n", drop "\r" and blank lines,
    /// take four lines per record.
    static func naiveParse(_ text: [UInt8]) -> [SequenceRecord] {
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { $0.last == UInt8(ascii: "\r") ? Array($0.dropLast()) : Array($0) }
            .filter { !$0.isEmpty }
        return stride(from: 0, to: lines.count - 3, by: 4).map { i in
            SequenceRecord(name: String(decoding: lines[i].dropFirst(), as: UTF8.self), sequence: lines[i + 1], quality: lines[i + 3])
        }
    }

    /// Runs `body` and checks it throws an ``InputError`` of `kind` naming `file` (and the line
    /// and record when given). Returns the error for further checks.
    @discardableResult
    static func expectError(_ kind: InputError.Kind, file: String, line: Int? = nil, record: Int? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> InputError? {
        do {
            try body()
            Issue.record("expected InputError.\(kind) for \(file), but no error was thrown", sourceLocation: sourceLocation)
            return nil
        } catch let error as InputError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.file == file, sourceLocation: sourceLocation)
            #expect(error.description.contains(file), sourceLocation: sourceLocation)
            if let line { #expect(error.line == line, "\(error)", sourceLocation: sourceLocation) }
            if let record { #expect(error.record == record, "\(error)", sourceLocation: sourceLocation) }
            return error
        } catch {
            Issue.record("expected InputError.\(kind), got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

/// Synthetic FASTQ and gzip writers for inputs too big to commit.
enum ReaderSynthetic {
    /// `count` reads with lengths cycling through 1...maxLength, deterministic.
    static func text(count: Int, maxLength: Int = 251, seed: UInt64 = 42) -> [UInt8] {
        var state = seed
        func nextRandom() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let bases: [UInt8] = Array("ACGTN".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * (maxLength + 40))
        for i in 0..<count {
            let n = 1 + (i * 37) % maxLength
            out.append(contentsOf: "@syn\(i + 1) x:\(i % 7)\n".utf8)
            for _ in 0..<n { out.append(bases[Int(nextRandom() % 5)]) }
            out.append(contentsOf: "\n+\n".utf8)
            for _ in 0..<n { out.append(UInt8(33 + nextRandom() % 41)) }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// One gzip member of `data` (zlib deflate with a gzip wrapper).
    static func gzipMember(_ data: [UInt8], level: Int32 = 6) -> [UInt8] {
        deflate(data, level: level, windowBits: 15 + 16)
    }

    /// BGZF: blocks of at most `blockSize` input bytes, each a gzip member with the BC extra
    /// field, followed by the empty EOF block.
    static func bgzf(_ data: [UInt8], blockSize: Int = 65_280) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let block = Array(data[start..<min(start + blockSize, data.count)])
            out += bgzfBlock(block)
            start += blockSize
        } while start < data.count
        return out + bgzfBlock([])
    }

    private static func bgzfBlock(_ data: [UInt8]) -> [UInt8] {
        let raw = deflate(data, level: 6, windowBits: -15)
        let bsize = 18 + raw.count + 8 - 1
        var out: [UInt8] = [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0,
                            UInt8(bsize & 0xff), UInt8(bsize >> 8)]
        out += raw
        let crc = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        out += littleEndian(crc) + littleEndian(UInt32(data.count))
        return out
    }

    /// One gzip member whose header carries every optional field: FEXTRA (a BGZF-style "BC"
    /// subfield), FNAME, FCOMMENT and FHCRC (the CRC-16 of the header before it).
    static func gzipMemberWithEveryHeaderField(_ data: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0, 0, 0]
        header += Array("reads.fastq".utf8) + [0] + Array("made by the tests".utf8) + [0]
        let headerCRC = header.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        header += [UInt8(headerCRC & 0xff), UInt8((headerCRC >> 8) & 0xff)]
        let crc = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return header + deflate(data, level: 6, windowBits: -15) + littleEndian(crc) + littleEndian(UInt32(data.count))
    }

    private static func littleEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)]
    }

    private static func deflate(_ data: [UInt8], level: Int32, windowBits: Int32) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 64)
        var input = data
        let produced = input.withUnsafeMutableBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { outp in
                stream.next_in = inp.baseAddress
                stream.avail_in = UInt32(inp.count)
                stream.next_out = outp.baseAddress
                stream.avail_out = UInt32(outp.count)
                let result = CZlib.deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END)
                return outp.count - Int(stream.avail_out)
            }
        }
        return Array(out[0..<produced])
    }
}

/// A temporary directory removed when the value is dropped.
final class ReaderTempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("flt3ar-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to `name` inside the directory and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}
