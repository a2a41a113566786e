#if canImport(Glibc)
import Glibc
#endif

/// Shared by the fuzz entry points (compiled into the same module as the library sources by
/// scripts/fuzz): the input goes through a file, exactly as the command reads it.
enum FuzzInput {
    /// One scratch file per fuzzing process, rewritten for every input.
    static let path: String = {
        let dir = getenv("FLT3AR_FUZZ_TMP").map { String(cString: $0) } ?? "/tmp"
        return "\(dir)/flt3ar-fuzz-\(getpid()).input"
    }()

    /// Writes `data` to ``path``; traps on an I/O failure (that is the harness, not a finding).
    static func write(_ data: UnsafeRawBufferPointer) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "fuzz harness cannot create \(path)")
        var offset = 0
        while offset < data.count {
            let n = Glibc.write(fd, data.baseAddress! + offset, data.count - offset)
            precondition(n > 0, "fuzz harness cannot write \(path)")
            offset += n
        }
        close(fd)
    }

    /// Reader settings chosen by the input's length, so that one corpus explores them all
    /// without changing its bytes: chunk sizes that make records straddle chunks, both
    /// inflaters, the background inflate thread.
    static func settings(_ count: Int) -> (backend: InflateBackend, bufferSize: Int, threads: Int) {
        let sizes = [1 << 20, 7, 64, 1, 4096, 333]
        let backend: InflateBackend = count % 2 == 0 ? .isal : .zlib
        let threads = (count / 2) % 3 == 2 ? 2 : 1
        return (backend, sizes[(count / 6) % sizes.count], threads)
    }
}
