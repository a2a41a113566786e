#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Benchmark-only truncation of the streaming pass, for layered timings (`scripts/bench`):
/// set the environment variable `FLT3AR_BENCH_STAGE` to
/// - `parse`: read and parse every fragment (inflate included), nothing else;
/// - `screen`: also run the k-mer screen on every read, but align nothing.
/// The read funnel's totals are still counted; every other result is meaningless in these modes.
/// Unset (the normal case) or any other value: the full analysis.
enum BenchmarkStage: Sendable {
    case parse
    case screen

    static let variable = "FLT3AR_BENCH_STAGE"

    static func fromEnvironment() -> BenchmarkStage? {
        guard let raw = getenv(variable) else { return nil }
        switch String(cString: raw) {
        case "parse": return .parse
        case "screen": return .screen
        default: return nil
        }
    }
}
