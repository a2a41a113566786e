/// One sequencing read, borrowed from the reader's buffer.
///
/// The bytes are valid only inside the callback that receives the view; copy with
/// ``SequenceRecord/init(_:)`` to keep them. `name` is the header line without the leading '@'
/// (it may contain a comment after whitespace); `sequence` and `quality` have equal length.
public struct ReadView {
    public let name: UnsafeBufferPointer<UInt8>
    public let sequence: UnsafeBufferPointer<UInt8>
    public let quality: UnsafeBufferPointer<UInt8>

    public init(name: UnsafeBufferPointer<UInt8>, sequence: UnsafeBufferPointer<UInt8>, quality: UnsafeBufferPointer<UInt8>) {
        self.name = name
        self.sequence = sequence
        self.quality = quality
    }
}

/// An owned copy of one read.
public struct SequenceRecord: Sendable, Hashable {
    public var name: String
    /// Bases as ASCII (not normalised).
    public var sequence: [UInt8]
    public var quality: [UInt8]

    public init(name: String, sequence: [UInt8], quality: [UInt8]) {
        self.name = name
        self.sequence = sequence
        self.quality = quality
    }

    /// Convenience for tests: quality defaults to 'I' for every base.
    public init(name: String, sequence: String, quality: String? = nil) {
        self.name = name
        self.sequence = Array(sequence.utf8)
        self.quality = quality.map { Array($0.utf8) } ?? Array(repeating: UInt8(ascii: "I"), count: self.sequence.count)
    }

    public init(_ view: ReadView) {
        name = String(decoding: view.name, as: UTF8.self)
        sequence = Array(view.sequence)
        quality = Array(view.quality)
    }

    /// Lends this record as a ``ReadView`` for the duration of `body`.
    public func withView<R>(_ body: (ReadView) throws -> R) rethrows -> R {
        try Array(name.utf8).withUnsafeBufferPointer { n in
            try sequence.withUnsafeBufferPointer { s in
                try quality.withUnsafeBufferPointer { q in
                    try body(ReadView(name: n, sequence: s, quality: q))
                }
            }
        }
    }
}
