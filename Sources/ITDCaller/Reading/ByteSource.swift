/// A stream of decompressed input bytes: a plain file, or a gzip file through zlib or ISA-L.
///
/// Implementations own their C resources (file descriptor, inflate state, input buffer) and
/// free them in `deinit`. A source is used by one thread at a time.
protocol ByteSource: AnyObject {
    /// The file name as given ("-" for stdin), for error messages.
    var path: String { get }
    /// Fills `buffer` completely unless the input ends first; returns the byte count written,
    /// 0 only at the clean end of input. Throws ``InputError`` on I/O failure or a truncated or
    /// corrupt gzip stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// Raw (compressed, for gzip) bytes consumed from the file so far.
    var inputBytesRead: Int { get }
    /// Size of the file in bytes when it is a regular file.
    var regularFileSize: Int? { get }
}

/// Opens `path` ("-" is stdin) and returns the source that decodes it: gzip is recognised by its
/// magic bytes (1f 8b), not by the file name; anything else is read as plain text.
/// Other compressors (bzip2, xz, zstd) and CRAM are refused with ``InputError/Kind/notFASTQ``.
///
/// - Parameter inputBufferSize: bytes of compressed input read per read(2) (tests shrink it to
///   prove that the decoders handle input arriving a byte at a time).
func openByteSource(path: String, backend: InflateBackend, inputBufferSize: Int = 256 << 10) throws(InputError) -> any ByteSource {
    let file = try FileInput(path: path)
    let magic = try file.peek(6)
    if magic.count >= 2, magic[0] == 0x1f, magic[1] == 0x8b {
        switch backend.resolved {
        case .zlib: return try ZlibByteSource(file: file, inputBufferSize: inputBufferSize)
        case .isal, .auto: return IsalByteSource(file: file, inputBufferSize: inputBufferSize)
        }
    }
    if let compressor = otherCompressor(magic) {
        throw InputError(.notFASTQ, file: file.path, detail: "this file is compressed with \(compressor), not gzip (flt3ar reads plain or gzip FASTQ; recompress with gzip)")
    }
    return PlainByteSource(file: file)
}

private func otherCompressor(_ m: [UInt8]) -> String? {
    if m.starts(with: [0x42, 0x5a, 0x68]) { return "bzip2" }            // "BZh"
    if m.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) { return "xz" }
    if m.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return "zstd" }
    return nil
}
