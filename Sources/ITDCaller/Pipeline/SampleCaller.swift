/// The sample-level decision from the per-ITD counts.
enum SampleCaller {
    /// Total AR = sum_i mutant_i / WT_i, i.e. sum_i AR_i (each ITD measured against the wild type
    /// at its own junction; other ITDs never count as wild type). Infinite if any AR_i is.
    /// Interval: Wilson interval of the pooled mutant count M = sum mutant_i against the effective
    /// wild-type count M / total, which reduces to the per-ITD interval for a single ITD.
    static func totalAllelicRatio(_ qs: [ITDQuantification]) -> AllelicRatioEstimate {
        guard !qs.isEmpty else { return AllelicRatioEstimate(value: 0, ciLow: nil, ciHigh: nil) }
        if qs.contains(where: { $0.allelicRatio.value == nil }) { return AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil) }
        if qs.count == 1 { return qs[0].allelicRatio }
        let values = qs.compactMap(\.allelicRatio.value)
        let total = values.reduce(0, +)
        let m = Double(qs.reduce(0) { $0 + $1.mutantFragments })
        if total.isInfinite {
            let w = Double(qs.reduce(0) { $0 + $1.wildTypeFragments })
            var est = WilsonInterval.allelicRatio(mutant: m, wildType: w)
            est.value = .infinity
            return est
        }
        guard total > 0 else { return AllelicRatioEstimate(value: 0, ciLow: 0, ciHigh: nil) }
        var est = WilsonInterval.allelicRatio(mutant: m, wildType: m / total)
        est.value = total
        return est
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
