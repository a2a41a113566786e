import Foundation
/// Locale-independent number formatting shared by the report formats.
///
/// Everything here is deterministic: no `Locale`, no `String(format:)`, so the same
/// `SampleResult` gives byte-identical reports on every machine.
enum ReportNumberFormat {
    /// `x` rounded half away from zero to `decimals` places (0...9). Non-finite values pass through.
    static func rounded(_ x: Double, decimals: Int) -> Double {
        guard x.isFinite else { return x }
        let scale = power10(decimals)
        return (x * scale).rounded(.toNearestOrAwayFromZero) / scale
    }

    /// Fixed-point text with exactly `decimals` places ("0.62", "12.00", "-0.50").
    /// Infinity is written as `infinity` (default "inf"); NaN as "nan".
    static func fixed(_ x: Double, decimals: Int, infinity: String = "inf") -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-" + infinity : infinity }
        let scale = power10(decimals)
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return String(x) }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        let negative = x < 0 && units != 0
        var text = (negative ? "-" : "") + String(whole)
        if decimals > 0 {
            let frac = String(units % divisor)
            text += "." + String(repeating: "0", count: decimals - frac.count) + frac
        }
        return text
    }

    /// Shortest text of `x` after rounding to `decimals` places, without trailing zeros
    /// ("0.6154", "0.4", "3"). For machine-readable columns.
    static func compact(_ x: Double, decimals: Int, infinity: String = "inf") -> String {
        var text = fixed(x, decimals: decimals, infinity: infinity)
        guard x.isFinite, text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        if text == "-0" { text = "0" }
        return text
    }

    /// Integer with thousands separators ("2,310").
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// Coding positions, inclusive, as text: 1730...1900 -> "c.1730-c.1900" (the locus-depth region).
    static func codingRange(_ r: ClosedRange<Int>) -> String {
        "c.\(r.lowerBound)-c.\(r.upperBound)"
    }

    /// The one rule for every AR, VAF and interval bound shown to people (terminal, HTML, figure):
    /// - two decimals from 0.1 up ("0.68", "2.31");
    /// - below 0.1, two significant digits ("0.0042", "0.065"), so a small AR never reads "0.00";
    /// - 0 is "0"; infinity is `infinity` ("∞");
    /// - more decimals (up to ``maxHumanDecimals``) while the text would equal `threshold`'s at the
    ///   same number of decimals although the value differs, so that a value is never rounded onto
    ///   the HAR threshold and read on the wrong side of it ("0.4002 > 0.40", not "0.40 > 0.40").
    /// Pass the HAR threshold for ARs and their interval bounds, nil for VAFs.
    /// Machine-readable outputs use ``compact(_:decimals:infinity:)`` with 6 decimals instead.
    static func humanRatio(_ x: Double, against threshold: Double? = nil, infinity: String = "∞") -> String {
        guard x.isFinite else { return fixed(x, decimals: 2, infinity: infinity) }
        if x == 0 { return "0" }
        var d = x.magnitude >= 0.1 ? 2 : min(maxHumanDecimals, 1 - Int(floor(log10(x.magnitude))))
        if let t = threshold, x != t {
            while d < maxHumanDecimals && fixed(x, decimals: d) == fixed(t, decimals: d) { d += 1 }
        }
        return fixed(x, decimals: d)
    }

    /// Most decimals ``humanRatio(_:against:infinity:)`` writes.
    static let maxHumanDecimals = 9

    private static func power10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<max(0, n) { p *= 10 }
        return p
    }
}
