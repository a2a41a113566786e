import CISAL

/// gzip input decompressed with Intel ISA-L `isal_inflate` (crc_flag ISAL_GZIP: the library
/// parses each gzip header and verifies each CRC-32 trailer).
///
/// Reads single members, concatenated members and BGZF: when a member finishes
/// (`ISAL_BLOCK_FINISH`) while input remains, the state is reset for the next one. Zero bytes
/// between or after members are skipped. The ~87 KB decoder state is heap-allocated once.
///
/// Each member's gzip header is parsed here with `isal_read_gzip_header` and a header record
/// that lives as long as the source, never by `isal_inflate` itself: `isal_inflate` parses it
/// into a fresh stack-local `isal_gzip_header` on every call, and `isal_gzip_header_init` (ISA-L
/// 2.30) leaves its `flags` uninitialised. A header split across two calls (input arriving in
/// small reads, or a BGZF member straddling a 256 KB read) then resumed with stack garbage as
/// its flags (FNAME/FCOMMENT bits made ISA-L swallow deflate data as a name: "invalid deflate
/// block", seen under AddressSanitizer) and with a zeroed header CRC (FHCRC headers always
/// failed their check).
final class IsalByteSource: ByteSource {
    private let file: FileInput
    private let state: UnsafeMutablePointer<inflate_state>
    /// The current member's gzip header while it is being parsed; complete once `headerParsed`.
    private let header: UnsafeMutablePointer<isal_gzip_header>
    private var headerParsed = false
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    private var inputEnded = false
    private var memberActive = false

    init(file: FileInput, inputBufferSize: Int) {
        self.file = file
        inputCapacity = max(1, inputBufferSize)
        input = .allocate(capacity: inputCapacity)
        state = .allocate(capacity: 1)
        state.initialize(to: inflate_state())
        header = .allocate(capacity: 1)
        header.initialize(to: isal_gzip_header())
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.next_in = input
        state.pointee.avail_in = 0
    }

    deinit {
        state.deallocate()
        header.deallocate()
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
            if !headerParsed {
                try parseHeader()
                continue
            }
            let inBefore = state.pointee.avail_in
            let outBefore = state.pointee.avail_out
            let status = isal_inflate(state)
            if status < 0 {
                throw InputError(.corruptGzip, file: path, detail: "corrupt gzip data: \(isalMessage(status))")
            }
            let noProgress = state.pointee.avail_in == inBefore && state.pointee.avail_out == outBefore
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                // Finishing a member consumes its trailer or flushes output: guard against looping.
                if noProgress {
                    throw stalled()
                }
                memberActive = false
            } else if noProgress {
                if inputEnded { throw truncated() }
                if inBefore > 0 {
                    throw stalled()
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
        // isal_gzip_header_init sets every field but `flags`; zero the record first.
        header.pointee = isal_gzip_header()
        isal_gzip_header_init(header)
        headerParsed = false
        memberActive = true
        return true
    }

    /// Parses as much of the member's gzip header as the input holds; `isal_read_gzip_header`
    /// keeps partial fields in `state` and `header` and resumes on the next call. Once complete,
    /// ISA-L's `wrapper_flag` is set, so `isal_inflate` goes straight to the deflate data (and
    /// still checks the CRC-32 trailer, `crc_flag` being ISAL_GZIP).
    private func parseHeader() throws(InputError) {
        let status = isal_read_gzip_header(state, header)
        if status < 0 {
            throw InputError(.corruptGzip, file: path, detail: "corrupt gzip data: \(isalMessage(status))")
        }
        if status == ISAL_DECOMP_OK {
            headerParsed = true
        } else if state.pointee.avail_in > 0 {
            // It stops early only when the input runs out: guard against looping.
            throw stalled()
        } else if inputEnded {
            throw truncated()
        }
    }

    private func refill() throws(InputError) {
        let n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
        state.pointee.next_in = input
        state.pointee.avail_in = UInt32(n)
        if n == 0 { inputEnded = true }
    }

    private func stalled() -> InputError {
        InputError(.corruptGzip, file: path, detail: "gzip data error: ISA-L made no progress")
    }

    private func truncated() -> InputError {
        InputError(.truncatedGzip, file: path, detail: "gzip stream ends early: the file is truncated (incomplete download or copy?)")
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
