/// A stream of sequencing fragments: one read (single-end) or two mates (paired-end).
///
/// Contract (kseq-style): `forEachFragment` calls `body` once per fragment, in input order, with
/// views valid only during the call; it returns normally at a clean end of every input and throws
/// ``InputError`` (naming file and record) on malformed, truncated, mismatched or unreadable input.
/// Memory is bounded by the reader's buffers, whatever the input size.
public protocol FragmentSource {
    mutating func forEachFragment(_ body: (_ read1: ReadView, _ read2: ReadView?) throws -> Void) throws
    /// Bytes of input consumed so far (compressed bytes for gzip), for progress reporting.
    var bytesConsumed: Int { get }
    /// Total input size in bytes when known (regular files), nil for pipes and stdin.
    var totalBytes: Int? { get }
    /// What the last `forEachFragment` read in a way the user should know of (reads delivered
    /// without their mate, a file read whole that could not be read through its index, ...),
    /// one sentence each; they become warnings of the sample's report.
    var warnings: [String] { get }
}

extension FragmentSource {
    public var warnings: [String] { [] }
}

/// A fragment source over records held in memory (tests, BAM conversion).
public struct InMemoryFragmentSource: FragmentSource {
    public var fragments: [(SequenceRecord, SequenceRecord?)]
    public private(set) var bytesConsumed = 0
    public var totalBytes: Int? { nil }

    public init(fragments: [(SequenceRecord, SequenceRecord?)]) {
        self.fragments = fragments
    }

    public init(singleEnd reads: [SequenceRecord]) {
        self.fragments = reads.map { ($0, nil) }
    }

    public mutating func forEachFragment(_ body: (ReadView, ReadView?) throws -> Void) throws {
        for (r1, r2) in fragments {
            try r1.withView { v1 in
                if let r2 {
                    try r2.withView { v2 in try body(v1, v2) }
                } else {
                    try body(v1, nil)
                }
            }
            bytesConsumed += r1.sequence.count + (r2?.sequence.count ?? 0)
        }
    }
}
