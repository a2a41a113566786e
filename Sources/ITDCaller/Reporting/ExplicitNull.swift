/// An optional JSON value written as `null` when absent, not left out: synthesized `Encodable`
/// skips nil optionals, and a reader should see that an option was off rather than miss the key.
public struct ExplicitNull<Value: Encodable & Sendable & Hashable>: Encodable, Sendable, Hashable {
    public var value: Value?

    public init(_ value: Value?) {
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}
