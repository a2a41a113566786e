/// Uncompressed input read straight into the caller's buffer with read(2).
final class PlainByteSource: ByteSource {
    private let file: FileInput

    init(file: FileInput) {
        self.file = file
    }

    var path: String { file.path }
    var inputBytesRead: Int { file.bytesRead }
    var regularFileSize: Int? { file.regularFileSize }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        try file.read(into: buffer)
    }
}
