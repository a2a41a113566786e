/// Many samples in one table: a header and one row per sample, in the order given.
///
/// `itds` lists each ITD as `c.HGVS:AR` joined by `;` (transcript prefix `NM_004119.3:` dropped,
/// so the last `:` separates the AR), e.g. `c.1770_1790dup:0.418919;c.1824_1825insGAC...:0.264901`;
/// empty when there is none. Cells follow `TSVField` (`Inf`, `NA`, empty). The columns appended
/// last, `adapter_trimmed_reads` (read funnel), `depth_region_start`/`_end` (coding positions,
/// inclusive, whose exonic bases `locus_depth` was measured on), `detection_limit_ar`,
/// `input_copies` and `duplicate_fragments`, match ``TSVReport``'s.
public enum CohortTSVReport {
    /// The header, in order. New columns are only ever appended.
    public static let columns: [String] = [
        "sample", "call", "borderline", "har_threshold",
        "total_allelic_ratio", "total_allelic_ratio_ci_low", "total_allelic_ratio_ci_high", "total_vaf",
        "locus_depth", "total_fragments", "on_target_fragments", "n_itds", "itds", "warnings",
        "adapter_trimmed_reads", "depth_region_start", "depth_region_end", "detection_limit_ar",
        "input_copies", "duplicate_fragments",
    ]

    /// Header plus one row per result, each line ending in a newline.
    public static func render(_ results: [SampleResult]) -> String {
        TSVField.line(columns) + results.map { TSVField.line(row($0)) }.joined()
    }

    /// One sample's cells, in ``columns`` order.
    public static func row(_ r: SampleResult) -> [String] {
        let total = r.totalAllelicRatio
        let itds = r.itds.map { itd in
            shortHGVS(itd.annotation.hgvsC) + ":" + TSVField.ratio(itd.quantification.allelicRatio.value)
        }
        return [
            r.sample, r.call.rawValue, TSVField.flag(r.borderline),
            ReportNumberFormat.compact(r.harThreshold, decimals: 9),
            TSVField.ratio(total.value), TSVField.ratio(total.ciLow), TSVField.ratio(total.ciHigh),
            TSVField.ratio(r.totalVAF),
            String(r.locusDepth), String(r.funnel.totalFragments), String(r.funnel.onTargetFragments),
            String(r.itds.count), itds.joined(separator: ";"), r.warnings.joined(separator: " | "),
        ] + TSVReport.appendedSampleCells(r)
    }

    /// "NM_004119.3:c.1770_1790dup" -> "c.1770_1790dup".
    static func shortHGVS(_ hgvs: String) -> String {
        guard let range = hgvs.range(of: ":c.") else { return hgvs }
        return String(hgvs[hgvs.index(after: range.lowerBound)...])
    }
}
