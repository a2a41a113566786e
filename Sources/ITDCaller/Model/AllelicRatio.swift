/// Allelic ratio estimate for one ITD or for the sample.
///
/// AR = mutant / wild-type (the fragment-analysis convention), **not** VAF. VAF = AR / (1 + AR).
/// AR can exceed 1 and is `.infinity` when no wild-type evidence was seen; it is `nil`
/// (`value == nil`) only when neither mutant nor wild-type evidence exists. No sentinels.
public struct AllelicRatioEstimate: Sendable, Hashable, Codable {
    /// Point estimate; may be `.infinity`. nil when undefined (0 / 0).
    public var value: Double?
    /// 95% confidence interval [low, high]; high may be `.infinity`.
    public var ciLow: Double?
    public var ciHigh: Double?

    public init(value: Double?, ciLow: Double?, ciHigh: Double?) {
        self.value = value
        self.ciLow = ciLow
        self.ciHigh = ciHigh
    }

    /// Variant allele fraction implied by the AR: AR / (1 + AR); 1 when AR is infinite. Right
    /// for the sample's total and for a lone ITD; with several ITDs an ITD's VAF is its share of
    /// all alleles, ``SampleResult/vaf(of:)``.
    public var vaf: Double? {
        guard let ar = value else { return nil }
        return ar.isInfinite ? 1 : ar / (1 + ar)
    }

    /// True when the interval contains `threshold`.
    public func intervalContains(_ threshold: Double) -> Bool {
        guard let lo = ciLow, let hi = ciHigh else { return true }
        return lo <= threshold && threshold <= hi
    }
}
