import Foundation

/// Keeps htslib off the network when it looks for a CRAM file's reference.
///
/// When the FASTA given with `--reference` does not hold a contig (or its MD5 differs), htslib
/// searches `REF_PATH`, and when `REF_PATH` is unset it downloads the sequence from the EBI's
/// server and caches it under `~/.cache/hts-ref`. flt3ar never uses the network, so unless the
/// user has set `REF_PATH` (their choice, URLs included), it is set to a path that cannot exist
/// (`/dev/null/%s`) before the first CRAM file is opened: a CRAM file whose reference cannot be
/// found locally then fails with an ``InputError``. htslib still uses the `UR:` path of the
/// header's `@SQ` line when that file exists.
enum BAMReferenceSearch {
    /// The value flt3ar sets (a child process may inherit it; it does not count as the user's).
    static let nowhere = "/dev/null/%s"

    /// True when the user's environment set `REF_PATH` (read once, before flt3ar sets its own).
    static let userSetRefPath: Bool = {
        guard let p = ProcessInfo.processInfo.environment["REF_PATH"] else { return false }
        return !p.isEmpty && p != nowhere
    }()

    static func disableDownloads() {
        if !userSetRefPath { setenv("REF_PATH", nowhere, 1) }
    }
}
