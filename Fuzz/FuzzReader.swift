/// libFuzzer target: the FASTQ/gzip reader. Every input must end in records or an
/// ``InputError``; a crash, a sanitizer report, a hang or an error of another type is a finding.
/// Built and run by scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaderOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    FuzzInput.write(UnsafeRawBufferPointer(start: data, count: count))
    let (backend, bufferSize, threads) = FuzzInput.settings(count)
    do {
        let reader = try FastqReader(path: FuzzInput.path, backend: backend, bufferSize: bufferSize, threads: threads)
        var bases = 0
        while let read = try reader.next() {
            // The reader's contract: name without '@', sequence and quality of equal length.
            precondition(read.sequence.count == read.quality.count, "reader returned a record with unequal lengths")
            bases &+= read.sequence.count
        }
        precondition(reader.recordNumber > 0, "reader returned nil on an input with no record instead of .empty")
    } catch {
        // Typed throws: only InputError can arrive here; its description must be one line.
        precondition(!error.description.contains("\n"), "multi-line error: \(error)")
    }
    return 0
}
