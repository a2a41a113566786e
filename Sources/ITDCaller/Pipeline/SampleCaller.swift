/// The sample-level decision from the per-ITD counts.
enum SampleCaller {
    /// Total AR = sum_i mutant_i / WT_i, i.e. sum_i AR_i (each ITD measured against the wild type
    /// at its own junction; other ITDs never count as wild type). Infinite if any AR_i is.
    /// Interval: the sums of the per-ITD bounds, [sum low_i, sum high_i] — exact when the ITDs'
    /// estimates err together (they share the wild-type molecules), conservative otherwise; it
    /// keeps whatever each ITD's interval carries (the window estimator's subtraction variance,
    /// the widening when its two windows disagree) and is the per-ITD interval for one ITD.
    static func totalAllelicRatio(_ qs: [ITDQuantification]) -> AllelicRatioEstimate {
        guard !qs.isEmpty else { return AllelicRatioEstimate(value: 0, ciLow: nil, ciHigh: nil) }
        if qs.contains(where: { $0.allelicRatio.value == nil }) { return AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil) }
        if qs.count == 1 { return qs[0].allelicRatio }
        let total = qs.compactMap(\.allelicRatio.value).reduce(0, +)
        let lows = qs.map(\.allelicRatio.ciLow), highs = qs.map(\.allelicRatio.ciHigh)
        let low: Double? = lows.contains(where: { $0 == nil }) ? nil : lows.compactMap { $0 }.reduce(0, +)
        let high: Double? = highs.contains(where: { $0 == nil }) ? nil : highs.compactMap { $0 }.reduce(0, +)
        return AllelicRatioEstimate(value: total, ciLow: low, ciHigh: high)
    }

    /// HAR when total AR > threshold (strictly), LAR when ITDs are present at or below it,
    /// NEGATIVE with no ITD and locus depth >= minDepth, INDETERMINATE otherwise — including
    /// ITDs found whose AR could not be measured (the total is then undefined).
    /// `borderline` when the total-AR interval contains the threshold.
    static func call(itds: [ITDCall], total: AllelicRatioEstimate, locusDepth: Int, options: AnalysisOptions) -> (SampleCall, Bool) {
        guard !itds.isEmpty else {
            return (locusDepth >= options.minDepth ? .negative : .indeterminate, false)
        }
        guard let value = total.value else { return (.indeterminate, false) }
        let call: SampleCall = value > options.harThreshold ? .har : .lar
        return (call, total.intervalContains(options.harThreshold))
    }
}
