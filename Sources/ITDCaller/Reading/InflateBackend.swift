/// Which gzip decompressor to use.
///
/// Both backends read single-member, concatenated multi-member and BGZF files and produce
/// byte-identical output; they differ only in speed (ISA-L is about 2.4x zlib on x86-64).
public enum InflateBackend: String, Sendable, Hashable, CaseIterable, Codable {
    /// The fastest available: ISA-L.
    case auto
    /// Intel ISA-L `isal_inflate`.
    case isal
    /// zlib `inflate` (the portable reference).
    case zlib

    /// The backend that `.auto` stands for on this build.
    var resolved: InflateBackend {
        switch self {
        case .auto: return .isal
        case .isal, .zlib: return self
        }
    }
}
