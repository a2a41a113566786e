import CZlib

/// gzip input decompressed with zlib `inflate` (windowBits 15+32: gzip or zlib header).
///
/// Reads single members, concatenated members and BGZF (a series of small members): at the end
/// of each member the stream is reset while input remains. Zero bytes between or after members
/// (padding) are skipped; an empty member is fine.
final class ZlibByteSource: ByteSource {
    private let file: FileInput
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var inputEnded = false
    /// A member's header has been seen and its trailer not yet.
    private var memberActive = false

    init(file: FileInput, inputBufferSize: Int) throws(InputError) {
        self.file = file
        inputCapacity = max(1, inputBufferSize)
        input = .allocate(capacity: inputCapacity)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = czlib_inflate_init2(stream, 15 + 32)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw InputError(.ioError, file: file.path, detail: "zlib could not start (error \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    var path: String { file.path }
    var inputBytesRead: Int { file.bytesRead - Int(stream.pointee.avail_in) }
    var regularFileSize: Int? { file.regularFileSize }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = out.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(clamping: buffer.count)
        let requested = Int(stream.pointee.avail_out)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0, !inputEnded { try refill() }
            if !memberActive {
                guard try startNextMember() else { break }
            }
            let inBefore = stream.pointee.avail_in
            let outBefore = stream.pointee.avail_out
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                memberActive = false
            case Z_OK, Z_BUF_ERROR:
                if stream.pointee.avail_in == inBefore, stream.pointee.avail_out == outBefore {
                    if inputEnded {
                        throw InputError(.truncatedGzip, file: path, detail: "gzip stream ends early: the file is truncated (incomplete download or copy?)")
                    }
                    if inBefore > 0 {
                        throw InputError(.corruptGzip, file: path, detail: "gzip data error: zlib made no progress")
                    }
                }
            case Z_MEM_ERROR:
                throw InputError(.ioError, file: path, detail: "zlib ran out of memory")
            default:
                throw InputError(.corruptGzip, file: path, detail: "corrupt gzip data: \(zlibMessage(status))")
            }
        }
        return requested - Int(stream.pointee.avail_out)
    }

    /// Skips zero padding after a member; returns false at the clean end of input, or resets the
    /// stream for the member that starts at `next_in`.
    private func startNextMember() throws(InputError) -> Bool {
        while true {
            while stream.pointee.avail_in > 0, stream.pointee.next_in.pointee == 0 {
                stream.pointee.next_in += 1
                stream.pointee.avail_in -= 1
            }
            if stream.pointee.avail_in > 0 { break }
            if inputEnded { return false }
            try refill()
        }
        guard stream.pointee.next_in.pointee == 0x1f else {
            throw InputError(.corruptGzip, file: path, detail: "corrupt gzip data: unexpected bytes after the end of a gzip member")
        }
        inflateReset(stream)
        memberActive = true
        return true
    }

    private func refill() throws(InputError) {
        let n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(n)
        if n == 0 { inputEnded = true }
    }

    private func zlibMessage(_ status: Int32) -> String {
        if let msg = stream.pointee.msg { return String(cString: msg) }
        return "zlib error \(status)"
    }
}
