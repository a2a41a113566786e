import Foundation

/// Widens allelic-ratio intervals by the sampling of the library's input molecules
/// (`--input-copies`), which read counts do not show.
///
/// Why: the read-count intervals (``WilsonInterval``, ``SubtractionInterval``) treat every
/// fragment as a separate molecule of the sample. An amplicon library is N template molecules
/// copied by PCR, and a capture library repeats molecules as PCR duplicates, so the reads are
/// copies of far fewer molecules than fragments, and the ratio among those molecules is itself a
/// draw. Simulated 2x250 amplicon, 20,000 pairs, 15-bp ITD at AR 0.5, 40 replicates: with
/// unlimited input the SD of ln AR was 0.013 (intervals imply 0.015, 40/40 covered the truth);
/// from 300 input molecules it was 0.116 and the read-count intervals covered the truth 9 times
/// in 40; widened, 38 (`scripts/validate-input-copies`, docs/validation.md).
///
/// Method: the N input molecules are a multinomial draw over the alleles, with fractions
/// f_WT = 1 / (1 + T) and f_i = AR_i / (1 + T), T = sum_j AR_j over the ITDs with a finite AR
/// (an infinite one, no wild type seen at its own site, leaves the others' wild type measured). By the delta method
/// var(ln AR_i) = 1 / (N f_i) + 1 / (N f_WT) = (1 + T)(1 + 1 / AR_i) / N (for one ITD
/// (1 + AR)^2 / (AR N)). That variance is added, on the log scale, to each side of the interval
/// from the reads: a bound at distance d from ln AR moves to sqrt(d^2 + z^2 var). The total AR is
/// then the sum of the widened bounds (``SampleCaller/totalAllelicRatio(_:)``), which for one ITD
/// is its own interval. Not included: how unevenly PCR copies single molecules (a gamma-shaped
/// per-molecule efficiency with shape k multiplies var by about 1 + 1/k), since no read shows it.
/// Infinite ratios, undefined ones and bounds at 0 or infinity are left as they are.
enum InputSampling {
    /// Every reported ITD's estimate widened (`estimates` in any order), T summed over the
    /// finite ones.
    static func widened(_ estimates: [AllelicRatioEstimate], copies: Int) -> [AllelicRatioEstimate] {
        let totalRatio = estimates.compactMap(\.value).filter(\.isFinite).reduce(0, +)
        return estimates.map { widened($0, totalRatio: totalRatio, copies: copies) }
    }

    /// `estimate` with its 95% bounds widened by the sampling of `copies` input molecules, in a
    /// sample whose ITDs' ratios sum to `totalRatio`.
    static func widened(_ estimate: AllelicRatioEstimate, totalRatio: Double, copies: Int) -> AllelicRatioEstimate {
        guard let ar = estimate.value, ar > 0, ar.isFinite, totalRatio.isFinite, copies > 0 else { return estimate }
        let totalRatio = max(totalRatio, ar)
        let variance = (1 + totalRatio) * (1 + 1 / ar) / Double(copies)
        let z = WilsonInterval.z
        func move(_ bound: Double?, below: Bool) -> Double? {
            guard let bound, bound > 0, bound.isFinite else { return bound }
            let d = abs(log(ar) - log(bound))
            let wide = (d * d + z * z * variance).squareRoot()
            return below ? min(bound, ar * exp(-wide)) : max(bound, ar * exp(wide))
        }
        var out = estimate
        out.ciLow = move(estimate.ciLow, below: true)
        out.ciHigh = move(estimate.ciHigh, below: false)
        return out
    }
}
