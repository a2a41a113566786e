import Foundation

/// 95% confidence interval for an allelic ratio AR = mutant / wild-type.
///
/// Method: Wilson score interval for the mutant fraction p = M / (M + W) (binomial, z = 1.96),
/// transformed to AR = p / (1 - p), which is monotone, so the bounds carry over. The upper bound
/// is infinite when W = 0. Point estimate M / W (infinite when W = 0, undefined when M = W = 0).
/// `n` may be non-integer (an effective count for sums of ratios).
enum WilsonInterval {
    static let z = 1.959963984540054

    static func allelicRatio(mutant m: Double, wildType w: Double) -> AllelicRatioEstimate {
        let n = m + w
        guard n > 0 else { return AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil) }
        let p = m / n
        let z2 = z * z
        let denom = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denom
        let half = z * ((p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()) / denom
        let lo = max(0, center - half), hi = min(1, center + half)
        func ar(_ q: Double) -> Double { q >= 1 ? .infinity : q / (1 - q) }
        return AllelicRatioEstimate(value: w > 0 ? m / w : .infinity, ciLow: ar(lo), ciHigh: ar(hi))
    }
}
