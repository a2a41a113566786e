/// Fragments read from the FASTQ files of an ``InputSpec``: single-end reads, R1/R2 pairs read
/// in lockstep lane after lane, or interleaved pairs.
///
/// Mates must share a name (see ``MateName``: the first token without `/1` `/2`; comments such as
/// ` 1:N:0:ACGT` ignored), else `.pairNameMismatch`; when both mates carry a read number
/// (` 1:N:0:...`, `/1`) the first must say 1 and the second 2, else `.mateOrder` (an R1 file
/// given twice, R1 and R2 swapped); one file ending before its mate is `.pairCountMismatch`.
/// Single-end input whose first two records are mates of one pair is `.looksInterleaved`.
///
/// A lane whose files hold no record at all (bcl2fastq writes such files) is skipped with a
/// ``warnings`` line when another lane has reads; when every lane is empty the first lane's
/// `.empty` error is thrown, and a lane where only one of R1/R2 is empty is `.pairCountMismatch`.
/// Files are opened one lane at a time; with `threads >= 2` each open file is decompressed on its
/// own background thread.
///
/// A class so that a progress reporter may read ``bytesConsumed`` from inside the
/// `forEachFragment` body; it owns the open readers.
public final class FastqFragmentSource: FragmentSource {
    public let spec: InputSpec
    public let backend: InflateBackend
    public let threads: Int
    public let bufferSize: Int
    /// Sum of the file sizes when every input is a regular file; nil with stdin or a pipe.
    public let totalBytes: Int?

    private var finishedBytes = 0
    private var open: [FastqReader] = []
    /// One line per lane skipped for being empty, from the last `forEachFragment`.
    public private(set) var warnings: [String] = []

    /// Validates `spec` and checks that every file can be opened (a missing file is reported
    /// before any reading starts).
    ///
    /// - Throws: ``OptionError`` from ``InputSpec/validate(flags:)``, ``InputError`` (`.unreadable`,
    ///   `.isDirectory`) for a file that cannot be read.
    public init(_ spec: InputSpec, backend: InflateBackend = .auto, threads: Int = 1, bufferSize: Int = 1 << 20) throws {
        try spec.validate()
        self.spec = spec
        self.backend = backend
        self.threads = threads
        self.bufferSize = bufferSize
        var total: Int? = 0
        for file in spec.files {
            let size = try FileInput.probe(path: file)
            if let size, let sum = total { total = sum + size } else { total = nil }
        }
        totalBytes = total
    }

    /// Raw bytes (compressed for gzip) consumed so far over all files.
    public var bytesConsumed: Int {
        finishedBytes + open.reduce(0) { $0 + $1.bytesConsumed }
    }

    /// Reads every lane from the start and calls `body` per fragment, in input order; the views
    /// are valid during the call only. Empty lanes are skipped (see the type's documentation).
    public func forEachFragment(_ body: (_ read1: ReadView, _ read2: ReadView?) throws -> Void) throws {
        finishedBytes = 0
        warnings = []
        defer { closeLane() }
        var firstEmpty: InputError?
        var emptyLanes: [SkippedLane] = []
        for (index, lane) in spec.lanes.enumerated() {
            let empty: InputError?
            switch spec.layout {
            case .singleEnd:
                empty = try readSingle(openReader(lane.first), checkInterleaved: index == 0, body)
            case .interleaved:
                empty = try readInterleaved(openReader(lane.first), body)
            case .paired:
                let r1 = try openReader(lane.first)
                let r2 = try openReader(lane.second!)
                empty = try readPaired(r1, r2, body)
            }
            if let empty {
                firstEmpty = firstEmpty ?? empty
                emptyLanes.append(SkippedLane(number: index + 1, files: [lane.first] + (lane.second.map { [$0] } ?? [])))
            }
            closeLane()
        }
        if let firstEmpty, emptyLanes.count == spec.lanes.count {
            throw firstEmpty
        }
        warnings = emptyLanes.map { lane in
            if lane.files.count == 2 {
                return "lane \(lane.number) of \(spec.lanes.count) skipped: its R1 \(lane.files[0]) and R2 \(lane.files[1]) hold no reads"
            }
            return "input \(lane.number) of \(spec.lanes.count) skipped: \(lane.files[0]) holds no reads"
        }
    }

    /// A lane skipped for being empty: its 1-based number and its files (R1 before R2).
    private struct SkippedLane {
        var number: Int
        var files: [String]
    }

    private func openReader(_ path: String) throws(InputError) -> FastqReader {
        let reader = try FastqReader(path: path, backend: backend, bufferSize: bufferSize, threads: threads)
        open.append(reader)
        return reader
    }

    private func closeLane() {
        finishedBytes += open.reduce(0) { $0 + $1.bytesConsumed }
        open.removeAll()
    }

    /// The first record of `reader`, or nil (with the `.empty` error in `empty`) when the input
    /// holds none; other errors are thrown.
    private func firstRecord(_ reader: FastqReader, empty: inout InputError?) throws(InputError) -> ReadView? {
        do {
            return try reader.next()
        } catch where error.kind == .empty {
            empty = error
            return nil
        }
    }

    /// Returns the `.empty` error when the file holds no record, nil otherwise. With
    /// `checkInterleaved`, records 1 and 2 are compared: mates of one pair (same ``MateName/key``,
    /// and read numbers 1 then 2 when present) mean an interleaved file read as single-end.
    private func readSingle(_ reader: FastqReader, checkInterleaved: Bool, _ body: (ReadView, ReadView?) throws -> Void) throws -> InputError? {
        var empty: InputError?
        guard let first = try firstRecord(reader, empty: &empty) else { return empty }
        var previous = OwnedRead()
        if checkInterleaved { previous.assign(first) }
        try body(first, nil)
        if checkInterleaved, let second = try reader.next() {
            try previous.withView { a in
                if MateName.matches(a.name, second.name), (MateName.readNumber(a.name) ?? 1) == 1, (MateName.readNumber(second.name) ?? 2) == 2 {
                    throw InputError(.looksInterleaved, file: reader.path, record: 2,
                                     detail: "records 1-2 are mates of one pair ('\(text(a.name))', '\(text(second.name))'): this looks like an interleaved file; give --interleaved")
                }
            }
            try body(second, nil)
        }
        while let read = try reader.next() {
            try body(read, nil)
        }
        return nil
    }

    /// Returns the `.empty` error of R1 when both files hold no record, nil otherwise.
    private func readPaired(_ r1: FastqReader, _ r2: FastqReader, _ body: (ReadView, ReadView?) throws -> Void) throws -> InputError? {
        var empty1: InputError?, empty2: InputError?
        var a = try firstRecord(r1, empty: &empty1)
        var b = try firstRecord(r2, empty: &empty2)
        if let empty1, empty2 != nil { return empty1 }
        while true {
            switch (a, b) {
            case (nil, nil):
                return nil
            case (let a?, let b?):
                guard MateName.matches(a.name, b.name) else {
                    throw InputError(.pairNameMismatch, file: r1.path, record: r1.recordNumber,
                                     detail: "mate names differ at read \(r1.recordNumber): '\(text(a.name))' in \(r1.path) but '\(text(b.name))' in \(r2.path)" + MateName.mismatchHint(a.name, b.name))
                }
                if let n1 = MateName.readNumber(a.name), let n2 = MateName.readNumber(b.name), n1 != 1 || n2 != 2 {
                    throw InputError(.mateOrder, file: r1.path, record: r1.recordNumber,
                                     detail: "read \(r1.recordNumber) is mate \(n1) in R1 file \(r1.path) ('\(text(a.name))') and mate \(n2) in R2 file \(r2.path) ('\(text(b.name))'): \(Self.mateOrderAdvice(n1, n2))")
                }
                try body(a, b)
            case (nil, _?) where r1.recordNumber == 0:
                throw InputError(.pairCountMismatch, file: r1.path, record: 1,
                                 detail: "R1 file holds no reads but its R2 file \(r2.path) does")
            case (_?, nil) where r2.recordNumber == 0:
                throw InputError(.pairCountMismatch, file: r2.path, record: 1,
                                 detail: "R2 file holds no reads but its R1 file \(r1.path) does")
            case (nil, _?):
                throw InputError(.pairCountMismatch, file: r1.path, record: r1.recordNumber + 1,
                                 detail: "R1 file ended first, after \(r1.recordNumber) reads; its R2 file \(r2.path) has more")
            case (_?, nil):
                throw InputError(.pairCountMismatch, file: r2.path, record: r2.recordNumber + 1,
                                 detail: "R2 file ended first, after \(r2.recordNumber) reads; its R1 file \(r1.path) has more")
            }
            a = try r1.next()
            b = try r2.next()
        }
    }

    /// What read numbers (first mate, second mate) other than (1, 2) most likely mean.
    static func mateOrderAdvice(_ n1: Int, _ n2: Int) -> String {
        switch (n1, n2) {
        case (1, 1): return "both are first mates (an R1 file given twice, or as R2?)"
        case (2, 2): return "both are second mates (an R2 file given as R1?)"
        default: return "R1 and R2 are swapped (the first mate must come first)"
        }
    }

    /// Returns the `.empty` error when the file holds no record, nil otherwise.
    private func readInterleaved(_ reader: FastqReader, _ body: (ReadView, ReadView?) throws -> Void) throws -> InputError? {
        // The first mate is copied: the reader's next view may reuse its bytes.
        var mate = OwnedRead()
        var empty: InputError?
        var next = try firstRecord(reader, empty: &empty)
        if next == nil { return empty }
        while let a = next {
            mate.assign(a)
            guard let b = try reader.next() else {
                throw InputError(.pairCountMismatch, file: reader.path, record: reader.recordNumber,
                                 detail: "interleaved file has an odd number of reads: the last read (\(reader.recordNumber)) has no mate")
            }
            try mate.withView { a in
                guard MateName.matches(a.name, b.name) else {
                    throw InputError(.pairNameMismatch, file: reader.path, record: reader.recordNumber,
                                     detail: "interleaved mates differ in name at reads \(reader.recordNumber - 1)-\(reader.recordNumber): '\(text(a.name))' and '\(text(b.name))'" + MateName.mismatchHint(a.name, b.name))
                }
                if let n1 = MateName.readNumber(a.name), let n2 = MateName.readNumber(b.name), n1 != 1 || n2 != 2 {
                    throw InputError(.mateOrder, file: reader.path, record: reader.recordNumber,
                                     detail: "interleaved mates at reads \(reader.recordNumber - 1)-\(reader.recordNumber) are mates \(n1) and \(n2) ('\(text(a.name))', '\(text(b.name))'): each pair must be mate 1 then mate 2")
                }
                try body(a, b)
            }
            next = try reader.next()
        }
        return nil
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A reusable copy of one read (no allocation once its arrays have grown).
    private struct OwnedRead {
        var name: [UInt8] = []
        var sequence: [UInt8] = []
        var quality: [UInt8] = []

        mutating func assign(_ view: ReadView) {
            name.removeAll(keepingCapacity: true)
            name.append(contentsOf: view.name)
            sequence.removeAll(keepingCapacity: true)
            sequence.append(contentsOf: view.sequence)
            quality.removeAll(keepingCapacity: true)
            quality.append(contentsOf: view.quality)
        }

        func withView<R>(_ body: (ReadView) throws -> R) rethrows -> R {
            try name.withUnsafeBufferPointer { n in
                try sequence.withUnsafeBufferPointer { s in
                    try quality.withUnsafeBufferPointer { q in
                        try body(ReadView(name: n, sequence: s, quality: q))
                    }
                }
            }
        }
    }
}
