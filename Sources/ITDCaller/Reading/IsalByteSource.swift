import CISAL

/// gzip input decompressed with Intel ISA-L `isal_inflate` (crc_flag ISAL_GZIP: the library
/// parses each gzip header and verifies each CRC-32 trailer).
///
/// Reads single members, concatenated members and BGZF: when a member finishes
/// (`ISAL_BLOCK_FINISH`) while input remains, the state is reset for the next one. Zero bytes
/// between or after members are skipped. The ~87 KB decoder state is heap-allocated once.
final class IsalByteSource: ByteSource {
    private let file: FileInput
    private let state: UnsafeMutablePointer<inflate_state>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var inputEnded = false
    private var memberActive = false

    init(file: FileInput, inputBufferSize: Int) {
        self.file = file
        inputCapacity = max(1, inputBufferSize)
        input = .allocate(capacity: inputCapacity)
        state = .allocate(capacity: 1)
        // Zero the whole state first: isal_inflate_init sets the fields it documents, and a
        // decoder fed 1-17 bytes at a time must not depend on whatever the allocator left in the
        // rest (the BGZF case failed only under AddressSanitizer, whose allocator fills memory).
        state.initialize(to: inflate_state())
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.next_in = input
        state.pointee.avail_in = 0
    }

    deinit {
        state.deallocate()
        input.deallocate()
    }

    var path: String { file.path }
    var inputBytesRead: Int { file.bytesRead - Int(state.pointee.avail_in) }
    var regularFileSize: Int? { file.regularFileSize }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        state.pointee.next_out = out.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(clamping: buffer.count)
        let requested = Int(state.pointee.avail_out)
        while state.pointee.avail_out > 0 {
            if state.pointee.avail_in == 0, !inputEnded { try refill() }
            if !memberActive {
                guard try startNextMember() else { break }
            }
            let inBefore = state.pointee.avail_in
            let outBefore = state.pointee.avail_out
            let status = isal_inflate(state)
            if status < 0 {
                throw InputError(.corruptGzip, file: path, detail: "corrupt gzip data: \(isalMessage(status))")
            }
            let noProgress = state.pointee.avail_in == inBefore && state.pointee.avail_out == outBefore
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                // A member cannot finish without consuming its own header: guard against looping.
                if noProgress {
                    throw InputError(.corruptGzip, file: path, detail: "gzip data error: ISA-L made no progress")
                }
                memberActive = false
            } else if noProgress {
                if inputEnded {
                    throw InputError(.truncatedGzip, file: path, detail: "gzip stream ends early: the file is truncated (incomplete download or copy?)")
                }
                if inBefore > 0 {
                    throw InputError(.corruptGzip, file: path, detail: "gzip data error: ISA-L made no progress")
                }
            }
        }
        return requested - Int(state.pointee.avail_out)
    }

    /// Skips zero padding after a member; returns false at the clean end of input, or resets the
    /// state for the member that starts at `next_in`.
    private func startNextMember() throws(InputError) -> Bool {
        while true {
            while state.pointee.avail_in > 0, state.pointee.next_in.pointee == 0 {
                state.pointee.next_in += 1
                state.pointee.avail_in -= 1
            }
            if state.pointee.avail_in > 0 { break }
            if inputEnded { return false }
            try refill()
        }
        guard state.pointee.next_in.pointee == 0x1f else {
            throw InputError(.corruptGzip, file: path, detail: "corrupt gzip data: unexpected bytes after the end of a gzip member")
        }
        let nextIn = state.pointee.next_in
        let availIn = state.pointee.avail_in
        let nextOut = state.pointee.next_out
        let availOut = state.pointee.avail_out
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.next_in = nextIn
        state.pointee.avail_in = availIn
        state.pointee.next_out = nextOut
        state.pointee.avail_out = availOut
        memberActive = true
        return true
    }

    private func refill() throws(InputError) {
        let n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
        state.pointee.next_in = input
        state.pointee.avail_in = UInt32(n)
        if n == 0 { inputEnded = true }
    }

    private func isalMessage(_ status: Int32) -> String {
        switch status {
        case ISAL_INVALID_BLOCK: return "invalid deflate block"
        case ISAL_INVALID_SYMBOL: return "invalid deflate symbol"
        case ISAL_INVALID_LOOKBACK: return "invalid back-reference distance"
        case ISAL_INVALID_WRAPPER: return "invalid gzip header"
        case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method"
        case ISAL_INCORRECT_CHECKSUM: return "CRC-32 checksum mismatch"
        default: return "ISA-L error \(status)"
        }
    }
}
