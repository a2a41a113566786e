/// One sample as a tab-separated table: a header, one `sample` row, then one `itd` row per ITD.
///
/// Column names are stable (see ``columns``); new columns are only ever appended, so the last
/// six (`adapter_trimmed_reads` from the read funnel; `depth_region_start`/`_end`, the coding
/// positions, inclusive, whose exonic bases `locus_depth` was measured on; `detection_limit_ar`,
/// ``SampleResult/detectionLimit``, `NA` when none; `input_copies`, `NA` when not given; and
/// `duplicate_fragments`, `NA` when duplicates were not collapsed) are sample-level columns that
/// come after the ITD columns. Sample-level columns are filled on every row, so
/// `record_type == itd` rows stand alone; ITD columns are empty on the sample row. Cells follow
/// `TSVField`: `Inf` for an infinite AR, `NA` for one not measured (`total_allelic_ratio` of an
/// INDETERMINATE sample), empty for not applicable.
/// AR is mutant / wild type; `vaf` is the ITD's share of all alleles, AR / (1 + total AR)
/// (``SampleResult/vaf(of:)``), and `total_vaf` = total AR / (1 + total AR).
public enum TSVReport {
    /// The header, in order.
    public static let columns: [String] = [
        "record_type", "sample", "call", "borderline", "har_threshold", "locus_depth",
        "total_reads", "total_fragments", "on_target_fragments", "aligned_fragments",
        "total_allelic_ratio", "total_allelic_ratio_ci_low", "total_allelic_ratio_ci_high", "total_vaf",
        "n_itds",
        "itd_id", "length", "insertion_length", "nontemplated_bases", "inserted_sequence",
        "hgvs_c", "hgvs_p", "grch38_start", "grch38_end", "grch37_start", "grch37_end",
        "vcf_pos", "vcf_ref", "vcf_alt", "in_frame", "region", "domain",
        "mutant_fragments", "wild_type_fragments", "junction_fragments", "junction_depth", "estimator",
        "allelic_ratio", "allelic_ratio_ci_low", "allelic_ratio_ci_high", "vaf",
        "adapter_trimmed_reads", "depth_region_start", "depth_region_end", "detection_limit_ar",
        "input_copies", "duplicate_fragments",
    ]

    /// The sample-level cells appended after the ITD columns, in ``columns`` order:
    /// `adapter_trimmed_reads`, `depth_region_start`, `depth_region_end`, `detection_limit_ar`,
    /// `input_copies`, `duplicate_fragments` (also the last cells of ``CohortTSVReport``).
    static func appendedSampleCells(_ result: SampleResult) -> [String] {
        let region = result.options.depthRegion
        return [String(result.funnel.adapterTrimmedReads), String(region.lowerBound), String(region.upperBound),
                TSVField.ratio(result.detectionLimit),
                result.options.inputCopies.map(String.init) ?? "NA", result.funnel.duplicateFragments.map(String.init) ?? "NA"]
    }

    /// Header plus rows, each line ending in a newline.
    public static func render(_ result: SampleResult) -> String {
        TSVField.line(columns) + rows(result).map(TSVField.line).joined()
    }

    /// The data rows (without header), cells in ``columns`` order.
    public static func rows(_ result: SampleResult) -> [[String]] {
        let f = result.funnel
        let total = result.totalAllelicRatio
        let sampleCells = [
            result.sample, result.call.rawValue, TSVField.flag(result.borderline),
            ReportNumberFormat.compact(result.harThreshold, decimals: 9), String(result.locusDepth),
            String(f.totalReads), String(f.totalFragments), String(f.onTargetFragments), String(f.alignedFragments),
            TSVField.ratio(total.value), TSVField.ratio(total.ciLow), TSVField.ratio(total.ciHigh),
            TSVField.ratio(result.totalVAF), String(result.itds.count),
        ]
        let appendedCells = Self.appendedSampleCells(result)
        let itdWidth = columns.count - 1 - sampleCells.count - appendedCells.count
        var rows = [["sample"] + sampleCells + Array(repeating: "", count: itdWidth) + appendedCells]
        for itd in result.itds {
            let a = itd.annotation
            let q = itd.quantification
            let ar = q.allelicRatio
            let cells = [
                itd.id, String(a.length), String(a.insertionLength), a.nontemplatedBases, a.insertedSequence,
                a.hgvsC, a.hgvsP, String(a.grch38Start), String(a.grch38End), String(a.grch37Start),
                String(a.grch37End), String(a.vcfPos), a.vcfRef, a.vcfAlt, TSVField.flag(a.inFrame),
                a.region, a.domain,
                String(q.mutantFragments), String(q.wildTypeFragments), String(q.junctionFragments),
                String(q.junctionDepth), q.estimator,
                TSVField.ratio(ar.value), TSVField.ratio(ar.ciLow), TSVField.ratio(ar.ciHigh), TSVField.ratio(result.vaf(of: itd)),
            ]
            rows.append(["itd"] + sampleCells + cells + appendedCells)
        }
        return rows
    }
}
