/// Hands the FASTQ parser the decompressed input as a series of chunks.
///
/// Contract: each call to `nextChunk()` releases the chunk returned by the previous call (its
/// bytes may be overwritten from then on) and returns the next non-empty chunk, or nil at the
/// clean end of input. Errors of the byte source (I/O, truncated or corrupt gzip) are thrown in
/// stream order, after every chunk decoded before them.
protocol ChunkSupplier: AnyObject {
    func nextChunk() throws(InputError) -> UnsafeBufferPointer<UInt8>?
    /// Raw (compressed) bytes of the file behind the chunks handed out so far.
    var inputBytesConsumed: Int { get }
}
