/// Decodes on the calling thread into one buffer allocated once (`threads == 1`).
final class DirectChunkSupplier: ChunkSupplier {
    private let source: any ByteSource
    private let buffer: UnsafeMutableRawBufferPointer
    private var finished = false

    init(source: any ByteSource, bufferSize: Int) {
        self.source = source
        buffer = .allocate(byteCount: max(1, bufferSize), alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    var inputBytesConsumed: Int { source.inputBytesRead }

    func nextChunk() throws(InputError) -> UnsafeBufferPointer<UInt8>? {
        if finished { return nil }
        let n: Int
        do {
            n = try source.read(into: buffer)
        } catch {
            finished = true
            throw error
        }
        if n == 0 {
            finished = true
            return nil
        }
        return UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
    }
}
