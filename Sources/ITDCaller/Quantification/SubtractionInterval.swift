import Foundation

/// 95% interval for AR = M / WT when the wild-type count is itself a difference of counts
/// (the window estimator: WT = W - sum_j occ_ij * J_j), so that its variance is larger than a
/// binomial count's.
///
/// Method: delta method on log AR with Poisson counts, var(log AR) = 1/M + var(WT) / WT^2, where
/// var(WT) = W + sum_j occ_ij^2 * J_j; AR * exp(±1.96 sd). With WT = 0 the AR is infinite and the
/// lower bound is M / (1.96 sqrt(var(WT))). Undefined when M = 0.
enum SubtractionInterval {
    static func allelicRatio(mutant m: Double, wildType w: Double, wildTypeVariance v: Double) -> AllelicRatioEstimate {
        guard m > 0 else { return AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil) }
        let z = WilsonInterval.z
        guard w > 0 else {
            return AllelicRatioEstimate(value: .infinity, ciLow: v > 0 ? m / (z * v.squareRoot()) : nil, ciHigh: .infinity)
        }
        let ar = m / w
        let sd = (1 / m + max(v, w) / (w * w)).squareRoot()
        return AllelicRatioEstimate(value: ar, ciLow: ar * exp(-z * sd), ciHigh: ar * exp(z * sd))
    }
}
