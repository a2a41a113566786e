import Foundation

/// 95% interval for AR = M / WT when the wild-type count is itself a difference of counts
/// (the window estimator: WT = W - sum_j occ_ij * J_j), so that its variance is larger than a
/// binomial count's.
///
/// Method: delta method on log AR with fragments as independent Poisson draws. A fragment f adds
/// j_f (0/1) to M and x_f to WT (its window coverage minus the ITD junctions it shows, as
/// subtracted), so var(log AR) = sum_f (j_f / M - x_f / WT)^2
///   = 1/M + var(WT) / WT^2 - 2 cov(M, WT) / (M WT),
/// with var(WT) = sum_f x_f^2 and cov(M, WT) = sum_f j_f x_f (the caller sums them over fragments;
/// the covariance is negative, as WT subtracts M). AR * exp(±1.96 sd). With WT = 0 the AR is
/// infinite and the lower bound is M / (1.96 sqrt(var(WT))). Undefined when M = 0.
enum SubtractionInterval {
    static func allelicRatio(mutant m: Double, wildType w: Double, wildTypeVariance v: Double,
                             covariance c: Double = 0) -> AllelicRatioEstimate {
        guard m > 0 else { return AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil) }
        let z = WilsonInterval.z
        guard w > 0 else {
            return AllelicRatioEstimate(value: .infinity, ciLow: v > 0 ? m / (z * v.squareRoot()) : nil, ciHigh: .infinity)
        }
        let ar = m / w
        let sd = max(0, 1 / m + v / (w * w) - 2 * c / (m * w)).squareRoot()
        return AllelicRatioEstimate(value: ar, ciLow: ar * exp(-z * sd), ciHigh: ar * exp(z * sd))
    }
}
