import Foundation

/// MultiQC custom content: the call, total AR and locus depth of each sample as General Statistics
/// columns, so FLT3 results sit next to the QC of the same samples in a MultiQC report.
///
/// Write one file per sample (``fileName(forSample:)``) or one for the whole cohort; MultiQC finds
/// files ending in `_mqc.json` and merges files that share the id `flt3ar`. Columns: `call`,
/// `total_allelic_ratio` (AR, mutant / wild type; `null` when infinite — then `total_vaf` is 1
/// and `call` still says HAR — or not measured, for an INDETERMINATE: then `total_vaf` is `null`), `total_vaf`, `locus_depth`, `n_itds`,
/// `borderline` ("yes"/"no"), and `depth_region` ("c.1730-c.1900": the coding positions whose
/// exonic bases `locus_depth` was measured on; hidden until shown with MultiQC's column chooser),
/// and `detection_limit_ar` (``SampleResult/detectionLimit``; `null` when there is none); then,
/// hidden until shown, `har_threshold` (HAR when total AR > it, strictly) and
/// `total_allelic_ratio_ci_low`/`_high` (the 95% interval of the total AR; `null` when unbounded
/// or not measured), so that a borderline sample can be judged from MultiQC alone.
/// Deterministic: sorted keys, ratios rounded to 6 decimals.
public enum MultiQCReport {
    /// Custom-content section id; files with the same id are merged by MultiQC.
    public static let id = "flt3ar"

    /// A file name MultiQC picks up: "<sample>.flt3ar_mqc.json" (path separators replaced by "_").
    public static func fileName(forSample sample: String) -> String {
        let safe = String(sample.map { $0 == "/" || $0 == "\\" || $0 == "\0" ? "_" : $0 })
        return (safe.isEmpty || safe == "." || safe == ".." ? "sample" : safe) + ".flt3ar_mqc.json"
    }

    /// The custom-content JSON for these samples (one or many), ending in a newline.
    public static func data(for results: [SampleResult]) throws -> Data {
        try JSONReport.data(encoding: Document(results))
    }

    /// Display format of the AR and VAF columns. MultiQC applies one Python format string to every
    /// sample, so it cannot follow ``ReportNumberFormat/humanRatio(_:against:infinity:)``; four
    /// decimals show an AR down to 0.0001 (a called ITD at AR 0.004 is not "0.00") and keep
    /// 0.4004 apart from the 0.4 threshold. The `call` column is decided on unrounded numbers.
    static let ratioFormat = "{:,.4f}"

    struct Document: Encodable {
        var id = MultiQCReport.id
        var sectionName = "FLT3-ITD (flt3ar)"
        var description = "FLT3 internal tandem duplication calls from flt3ar \(ToolInfo.version). "
            + "AR = mutant / wild-type fragments (total over all ITDs); VAF = AR / (1 + AR). "
            + "HAR: total AR above the threshold; INDETERMINATE: no ITD but locus depth below the minimum."
        var plotType = "generalstats"
        var pconfig: [String: Column] = [
            "call": Column(title: "FLT3-ITD",
                           description: "flt3ar call: HAR when the total AR is above the HAR threshold (strictly; column FLT3 HAR threshold, 0.4 unless --har-threshold), LAR at or below it, NEGATIVE (no ITD, enough depth) or INDETERMINATE",
                           placement: 1000),
            "total_allelic_ratio": Column(title: "FLT3 AR", description: "Total allelic ratio (mutant / wild type); empty when infinite (no wild type) or not measured (INDETERMINATE)",
                                          format: ratioFormat, min: 0, placement: 1001),
            "total_vaf": Column(title: "FLT3 VAF", description: "Total AR / (1 + total AR)", format: ratioFormat, min: 0, max: 1, placement: 1002),
            "locus_depth": Column(title: "FLT3 depth", description: "Locus depth: fragments covering the least-covered exonic base of the depth region, with anchors on both sides",
                                  format: "{:,.0f}", min: 0, placement: 1003),
            "n_itds": Column(title: "FLT3 ITDs", description: "Number of ITDs reported", format: "{:,.0f}", min: 0, placement: 1004),
            "borderline": Column(title: "FLT3 borderline", description: "95% interval of the total AR contains the HAR threshold", placement: 1005),
            "depth_region": Column(title: "FLT3 depth region", description: "Coding positions (inclusive) whose exonic bases the locus depth was measured on (--depth-region)",
                                   placement: 1006, hidden: true),
            "detection_limit_ar": Column(title: "FLT3 detection limit",
                                         description: "AR of an ITD called in 95% of samples at this depth (empty: depth below a call's minimum)",
                                         format: "{:,.4f}", min: 0, placement: 1007),
            "har_threshold": Column(title: "FLT3 HAR threshold", description: "HAR when the total AR is strictly above this (--har-threshold)",
                                    format: "{:,.3f}", min: 0, placement: 1008, hidden: true),
            "total_allelic_ratio_ci_low": Column(title: "FLT3 AR CI low", description: "Lower bound of the 95% interval of the total AR",
                                                 format: ratioFormat, min: 0, placement: 1009, hidden: true),
            "total_allelic_ratio_ci_high": Column(title: "FLT3 AR CI high", description: "Upper bound of the 95% interval of the total AR; empty when unbounded (no wild type) or not measured",
                                                  format: ratioFormat, min: 0, placement: 1010, hidden: true),
        ]
        var data: [String: Row]

        init(_ results: [SampleResult]) {
            var rows: [String: Row] = [:]
            for r in results { rows[r.sample] = Row(r) }
            data = rows
        }

        enum CodingKeys: String, CodingKey {
            case id, sectionName = "section_name", description, plotType = "plot_type", pconfig, data
        }
    }

    struct Column: Encodable {
        var title: String
        var description: String
        var format: String?
        var min: Double?
        var max: Double?
        var placement: Int
        /// True: left out of the table until the reader shows it; nil (not written) otherwise.
        var hidden: Bool?

        init(title: String, description: String, format: String? = nil, min: Double? = nil, max: Double? = nil,
             placement: Int, hidden: Bool? = nil) {
            self.title = title
            self.description = description
            self.format = format
            self.min = min
            self.max = max
            self.placement = placement
            self.hidden = hidden
        }
    }

    struct Row: Encodable {
        var call: String
        var totalAllelicRatio: Double?
        var totalVAF: Double?
        var locusDepth: Int
        var nITDs: Int
        var borderline: String
        var depthRegion: String
        var detectionLimitAR: Double?
        var harThreshold: Double
        var totalAllelicRatioCILow: Double?
        var totalAllelicRatioCIHigh: Double?

        init(_ r: SampleResult) {
            let d = JSONReportDocument.ratioDecimals
            call = r.call.rawValue
            totalAllelicRatio = r.totalAllelicRatio.value.flatMap { $0.isFinite ? ReportNumberFormat.rounded($0, decimals: d) : nil }
            totalVAF = r.totalVAF.map { ReportNumberFormat.rounded($0, decimals: d) }
            locusDepth = r.locusDepth
            nITDs = r.itds.count
            borderline = r.borderline ? "yes" : "no"
            depthRegion = ReportNumberFormat.codingRange(r.options.depthRegion)
            detectionLimitAR = r.detectionLimit.map { ReportNumberFormat.rounded($0, decimals: d) }
            harThreshold = r.harThreshold
            totalAllelicRatioCILow = r.totalAllelicRatio.ciLow.flatMap { $0.isFinite ? ReportNumberFormat.rounded($0, decimals: d) : nil }
            totalAllelicRatioCIHigh = r.totalAllelicRatio.ciHigh.flatMap { $0.isFinite ? ReportNumberFormat.rounded($0, decimals: d) : nil }
        }

        enum CodingKeys: String, CodingKey {
            case call, totalAllelicRatio = "total_allelic_ratio", totalVAF = "total_vaf"
            case locusDepth = "locus_depth", nITDs = "n_itds", borderline, depthRegion = "depth_region"
            case detectionLimitAR = "detection_limit_ar", harThreshold = "har_threshold"
            case totalAllelicRatioCILow = "total_allelic_ratio_ci_low", totalAllelicRatioCIHigh = "total_allelic_ratio_ci_high"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(call, forKey: .call)
            try c.encode(totalAllelicRatio, forKey: .totalAllelicRatio)
            try c.encode(totalVAF, forKey: .totalVAF)
            try c.encode(locusDepth, forKey: .locusDepth)
            try c.encode(nITDs, forKey: .nITDs)
            try c.encode(borderline, forKey: .borderline)
            try c.encode(depthRegion, forKey: .depthRegion)
            try c.encode(detectionLimitAR, forKey: .detectionLimitAR)
            try c.encode(harThreshold, forKey: .harThreshold)
            try c.encode(totalAllelicRatioCILow, forKey: .totalAllelicRatioCILow)
            try c.encode(totalAllelicRatioCIHigh, forKey: .totalAllelicRatioCIHigh)
        }
    }
}
