#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open input file (or stdin for "-"), read with read(2). Owns the file descriptor and closes
/// it in `deinit` (stdin is never closed).
///
/// `peek(_:)` reads the first few bytes for format sniffing; they are handed out again by the
/// next `read(into:)` calls, so callers see the file from its first byte.
final class FileInput {
    /// The name used in error messages: the path as given, or "<stdin>" for "-".
    let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// Size in bytes when the input is a regular file; nil for stdin, pipes and devices.
    let regularFileSize: Int?
    /// Raw bytes handed out by `read(into:)` so far.
    private(set) var bytesRead = 0
    /// Bytes read ahead by `peek(_:)`, not yet handed out.
    private var pending: [UInt8] = []
    private var pendingStart = 0

    init(path: String) throws(InputError) {
        self.path = FileInput.displayName(path)
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
        } else {
            let d = open(path, O_RDONLY | O_CLOEXEC)
            guard d >= 0 else {
                throw InputError(.unreadable, file: path, detail: "cannot open: \(FileInput.errnoText(errno))")
            }
            fd = d
            ownsDescriptor = true
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let code = errno
            // `flt3ar - <&-`: no standard input at all.
            let detail = !ownsDescriptor && code == EBADF
                ? "cannot read: standard input is closed" : "cannot stat: \(FileInput.errnoText(code))"
            if ownsDescriptor { close(fd) }
            throw InputError(.unreadable, file: self.path, detail: detail)
        }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR {
            if ownsDescriptor { close(fd) }
            throw InputError(.isDirectory, file: self.path, detail: "is a directory, not a FASTQ file")
        }
        regularFileSize = type == S_IFREG ? Int(st.st_size) : nil
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Checks that `path` can be opened as an input without keeping it open, and returns its size
    /// when it is a regular file (nil for "-", pipes and devices).
    static func probe(path: String) throws(InputError) -> Int? {
        if path == "-" { return nil }
        // Opening and closing a named pipe would take its writer's data (or wait for a writer
        // that already left): check it without opening.
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFIFO {
            guard access(path, R_OK) == 0 else {
                throw InputError(.unreadable, file: path, detail: "cannot open: \(FileInput.errnoText(errno))")
            }
            return nil
        }
        return try FileInput(path: path).regularFileSize
    }

    /// Reads up to `count` bytes ahead without consuming them (fewer only at end of input).
    func peek(_ count: Int) throws(InputError) -> [UInt8] {
        var ahead = Array(pending[pendingStart...])
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 1)
        defer { chunk.deallocate() }
        while ahead.count < count {
            let n = try readSome(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<(count - ahead.count)]))
            if n == 0 { break }
            ahead.append(contentsOf: chunk[0..<n])
        }
        pending = ahead
        pendingStart = 0
        return ahead
    }

    /// Fills `buffer` completely unless the input ends first. Returns the byte count, 0 only at
    /// the end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var filled = 0
        if pendingStart < pending.count {
            let n = min(pending.count - pendingStart, buffer.count)
            pending.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + pendingStart, byteCount: n)
            }
            pendingStart += n
            filled = n
            if pendingStart == pending.count {
                pending = []
                pendingStart = 0
            }
        }
        while filled < buffer.count {
            let n = try readSome(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        bytesRead += filled
        return filled
    }

    /// One read(2), retried on EINTR.
    private func readSome(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            if code == EISDIR {
                throw InputError(.isDirectory, file: path, detail: "is a directory, not a FASTQ file")
            }
            throw InputError(.ioError, file: path, detail: "read failed: \(FileInput.errnoText(code))")
        }
    }

    /// "<stdin>" for "-", else the path unchanged.
    static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
