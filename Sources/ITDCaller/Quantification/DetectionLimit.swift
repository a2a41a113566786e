import Foundation

/// The smallest allelic ratio an ITD can have and still be called in 95% of samples at a given
/// locus depth, under the calling thresholds: the sample's limit of detection.
///
/// Why: "no ITD" at 3,000 fragments and at 120 fragments are different answers. An ITD is called
/// when at least k = max(`--min-support`, ceil(`--min-fraction` x D)) fragments show its junction,
/// D being the fragments informative at it (mutant + wild type with `--anchor` bases on both
/// sides of the junction; the locus depth is the least such count over the hotspot, so the limit
/// holds for an ITD anywhere in it). With mutant fraction f = AR / (1 + AR) the junction count is
/// Binomial(D, f); the limit is the AR at which P(count >= k) = 0.95. With `--input-copies N`
/// the D fragments are copies of N molecules, M ~ Binomial(N, f) of them mutant, and the count is
/// Binomial(D, M / N) (the molecules' sampling, as in ``InputSampling``): few molecules raise the
/// limit.
///
/// A model, not a measurement: it takes every mutant fragment that covers the junction window to
/// show the junction. Measured against simulated ITDs placed at the limit in
/// `scripts/validate-detection-limit` (docs/validation.md).
public enum DetectionLimit {
    /// Probability with which an ITD at the limit is called.
    public static let power = 0.95

    /// The limit for locus depth `depth` (from `inputCopies` molecules when given); nil when the
    /// depth is below the junction fragments a call needs (no ITD could be called).
    public static func allelicRatio(depth: Int, minSupport: Int, minFraction: Double, inputCopies: Int? = nil) -> Double? {
        let k = requiredFragments(depth: depth, minSupport: minSupport, minFraction: minFraction)
        guard depth >= k, k >= 1 else { return nil }
        // P(X >= k) rises with f: bisect on f for the value where it reaches `power`
        var lo = 0.0, hi = 1.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if atLeast(k, of: depth, fraction: mid, molecules: inputCopies) >= power { hi = mid } else { lo = mid }
        }
        return hi >= 1 ? .infinity : hi / (1 - hi)
    }

    /// Junction fragments a call needs at junction depth `depth`: max(min support,
    /// ceil(min fraction x depth)).
    public static func requiredFragments(depth: Int, minSupport: Int, minFraction: Double) -> Int {
        max(minSupport, Int((minFraction * Double(depth)).rounded(.up)))
    }

    /// P(X >= k) for X ~ Binomial(n, f); with `molecules` N, the n fragments are copies of N
    /// molecules: M ~ Binomial(N, f) of them mutant, X ~ Binomial(n, M / N), summed over the M
    /// that carry any weight (mean +- 12 SD). Terms in log space (n may be millions). Where the
    /// molecules add under 1% to the variance (N >= 100 n) the binomial is used; where more than
    /// 100 mutant molecules are expected, whose count is then near normal, the normal with the
    /// two-stage variance n f (1 - f)(1 + (n - 1) / N) (so that a huge N stays fast).
    static func atLeast(_ k: Int, of n: Int, fraction f: Double, molecules: Int? = nil) -> Double {
        if f <= 0 { return k <= 0 ? 1 : 0 }
        if f >= 1 { return 1 }
        guard let m = molecules, m >= 1, m < 100 * n else { return 1 - below(k, of: n, fraction: f) }
        if Double(m) * f > 100 {
            let mean = Double(n) * f
            let sd = (mean * (1 - f) * (1 + Double(n - 1) / Double(m))).squareRoot()
            return 0.5 * erfc((Double(k) - 0.5 - mean) / (sd * 2.0.squareRoot()))
        }
        let mean = Double(m) * f, sd = (Double(m) * f * (1 - f)).squareRoot()
        let first = max(0, Int(mean - 12 * sd) - 5), last = min(m, Int(mean + 12 * sd) + 5)
        var reach = 0.0
        for j in first...last {
            let weight = exp(logBinomial(j, of: m, fraction: f))
            if weight < 1e-15 { continue }
            reach += weight * (1 - below(k, of: n, fraction: Double(j) / Double(m)))
        }
        return min(1, max(0, reach))
    }

    /// P(X < k) for X ~ Binomial(n, f).
    static func below(_ k: Int, of n: Int, fraction f: Double) -> Double {
        if f <= 0 { return k > 0 ? 1 : 0 }
        if f >= 1 { return k > n ? 1 : 0 }
        var sum = 0.0
        var logTerm = Double(n) * log1p(-f)   // i = 0
        let logOdds = log(f) - log1p(-f)
        for i in 0..<min(k, n + 1) {
            sum += exp(logTerm)
            logTerm += log(Double(n - i) / Double(i + 1)) + logOdds
        }
        return min(1, sum)
    }

    /// log P(X = i) for X ~ Binomial(n, f).
    static func logBinomial(_ i: Int, of n: Int, fraction f: Double) -> Double {
        if f <= 0 { return i == 0 ? 0 : -.infinity }
        if f >= 1 { return i == n ? 0 : -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + Double(i) * log(f) + Double(n - i) * log1p(-f)
    }
}
