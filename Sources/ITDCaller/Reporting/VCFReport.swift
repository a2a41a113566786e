/// One sample as VCF 4.2 on GRCh38 chr13: each ITD is an insertion left-aligned on the plus
/// strand (`ITDAnnotation.vcfPos/vcfRef/vcfAlt`), with INFO for length, HGVS, AR, VAF and counts
/// and one FORMAT/sample column.
///
/// Choices (checked with `bcftools view` and `bcftools norm --check-ref e`):
/// - records are sorted by POS (ITDs are stored in transcript order, which is descending POS);
/// - an infinite AR is written as the flag `ARINF` with `AR` and `ARHI` left out, never as a number;
///   an undefined AR leaves `AR`, `ARLO`, `ARHI` out;
/// - `GT` is `1/1` when no wild-type fragment was seen at the junction, otherwise `0/1`
///   (fragment counts cannot tell subclonal from heterozygous; use AR / VAF);
/// - `AD` is wild type, mutant fragments; `AF` is the VAF, the ITD's share of all alleles
///   (``SampleResult/vaf(of:)``: with several ITDs the other ITDs' alleles are in the
///   denominator, so `AF` is below MUT / (WT + MUT) and the records' AFs add up to the total VAF);
///   `DP` the junction depth (INFO `JDP`: fragments showing the junction plus those reading
///   through the wild-type sequence there, which include other ITDs' alleles and, for the window
///   estimator, the ITD's own second copy; so `DP` is not the sum of `AD`);
/// - `JF` (JSON `junction_fragments`, TSV `junction_fragments`) counts the fragments whose reads
///   show the junction with at least the minimum anchor: detection support, not a term of the AR;
/// - INFO keys in a record are only appended (`JF` came after `EST`); their `##INFO` lines stay
///   together, in the same order;
/// - text in INFO (HGVS, region) is percent-encoded where VCF reserves characters (`;`, `=`, `,`,
///   space, `%`);
/// - no `##fileDate`, so the same result always gives the same bytes. Sample-level facts
///   (call, total AR, locus depth and the coding positions it was measured on, read funnel
///   figures) are recorded as `##flt3ar_*` header lines, so a NEGATIVE or INDETERMINATE sample
///   (header only, no records) still says what was seen. New header lines are only appended.
///   A total AR that was not measured (INDETERMINATE: no ITD with too little coverage, or an ITD
///   whose AR could not be measured) is `NA` there, as are its interval bounds; infinite is `Inf`.
public enum VCFReport {
    /// Length of GRCh38 chr13.
    public static let chr13Length = 114_364_328

    /// The VCF text, header then records, each line ending in a newline.
    public static func render(_ result: SampleResult) -> String {
        var out = header(result).joined(separator: "\n") + "\n"
        let sorted = result.itds.sorted {
            ($0.annotation.vcfPos, $0.annotation.vcfAlt, $0.id) < ($1.annotation.vcfPos, $1.annotation.vcfAlt, $1.id)
        }
        for itd in sorted {
            out += record(itd, vaf: result.vaf(of: itd)).joined(separator: "\t") + "\n"
        }
        return out
    }

    static func header(_ r: SampleResult) -> [String] {
        let total = r.totalAllelicRatio
        var lines = [
            "##fileformat=VCFv4.2",
            "##source=\(ToolInfo.name) \(ToolInfo.version)",
            "##reference=GRCh38",
            "##contig=<ID=chr13,length=\(chr13Length),assembly=GRCh38>",
            info("ITDLEN", "1", "Integer", "Duplicated (templated) length in bp"),
            info("INSLEN", "1", "Integer", "Inserted length in bp: duplicated plus non-templated bases"),
            info("NTB", "1", "String", "Non-templated bases between the two copies, transcript orientation; absent for a pure duplication"),
            info("DUPSTART", "1", "Integer", "Start of the duplicated span, GRCh38, 1-based inclusive"),
            info("DUPEND", "1", "Integer", "End of the duplicated span, GRCh38, 1-based inclusive"),
            info("HGVSC", "1", "String", "HGVS c. on NM_004119.3, 3'-most in transcript orientation"),
            info("HGVSP", "1", "String", "Predicted protein change (HGVS p.)"),
            info("INFRAME", "0", "Flag", "Inserted length is a multiple of 3"),
            info("REGION", "1", "String", "Region(s) of the insertion site and duplicated span"),
            info("DOMAIN", "1", "String", "Protein sub-domain at the insertion site; absent when none"),
            info("AR", "1", "Float", "Allelic ratio, mutant / wild-type fragments; absent when infinite (ARINF) or undefined"),
            info("ARLO", "1", "Float", "Lower bound of the 95% interval of AR"),
            info("ARHI", "1", "Float", "Upper bound of the 95% interval of AR; absent when unbounded"),
            info("ARINF", "0", "Flag", "AR is infinite: mutant fragments but no wild-type fragments"),
            info("VAF", "1", "Float", "Variant allele fraction: this ITD's share of all alleles, MUT / (wild type + all ITDs' mutant fragments) = AR / (1 + total AR), AR / (1 + AR) for a single ITD; 1 when a single ITD's AR is infinite; absent when not measured"),
            info("MUT", "1", "Integer", "Mutant fragments at the junction"),
            info("WT", "1", "Integer", "Wild-type fragments at the junction (same anchor requirements)"),
            info("JDP", "1", "Integer", "Junction depth: fragments informative at the junction, those showing it plus those reading through the wild-type sequence there (including other ITDs' alleles and, for the window estimator, the ITD's own second copy); not MUT + WT"),
            info("EST", "1", "String", "Estimator that produced the counts"),
            info("JF", "1", "Integer", "Junction fragments: fragments showing the junction with at least the minimum anchor (detection support)"),
            "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype: 1/1 when no wild-type fragment was seen, else 0/1\">",
            "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Fragments supporting the reference (wild type) and the ITD\">",
            "##FORMAT=<ID=AF,Number=A,Type=Float,Description=\"Variant allele fraction of the ITD: its share of all alleles (INFO VAF)\">",
            "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Junction depth (INFO JDP): fragments showing the junction plus those reading through the wild-type sequence there, including other ITDs' alleles; not the sum of AD\">",
            "##flt3ar_sample=\(escape(r.sample))",
            "##flt3ar_call=\(r.call.rawValue)",
            "##flt3ar_borderline=\(r.borderline)",
            "##flt3ar_har_threshold=\(ReportNumberFormat.compact(r.harThreshold, decimals: 9))",
            "##flt3ar_total_allelic_ratio=\(TSVField.ratio(total.value))",
            "##flt3ar_total_allelic_ratio_ci=\(TSVField.ratio(total.ciLow)),\(TSVField.ratio(total.ciHigh))",
            "##flt3ar_locus_depth=\(r.locusDepth)",
            "##flt3ar_total_fragments=\(r.funnel.totalFragments)",
            "##flt3ar_on_target_fragments=\(r.funnel.onTargetFragments)",
            "##flt3ar_adapter_trimmed_reads=\(r.funnel.adapterTrimmedReads)",
            "##flt3ar_depth_region=\(ReportNumberFormat.codingRange(r.options.depthRegion))",
            "##flt3ar_detection_limit_ar=\(TSVField.ratio(r.detectionLimit))",
        ]
        lines.append(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", sampleColumn(r.sample)]
            .joined(separator: "\t"))
        return lines
    }

    /// One ITD's record; `vaf` is its share of all alleles (``SampleResult/vaf(of:)``), written as
    /// INFO `VAF` and FORMAT `AF`.
    static func record(_ itd: ITDCall, vaf: Double?) -> [String] {
        let a = itd.annotation
        let q = itd.quantification
        let ar = q.allelicRatio
        var info: [String] = ["ITDLEN=\(a.length)", "INSLEN=\(a.insertionLength)"]
        if !a.nontemplatedBases.isEmpty { info.append("NTB=\(a.nontemplatedBases)") }
        info.append("DUPSTART=\(a.grch38Start)")
        info.append("DUPEND=\(a.grch38End)")
        info.append("HGVSC=\(escape(a.hgvsC))")
        info.append("HGVSP=\(escape(a.hgvsP))")
        if a.inFrame { info.append("INFRAME") }
        info.append("REGION=\(escape(a.region))")
        if !a.domain.isEmpty { info.append("DOMAIN=\(escape(a.domain))") }
        if let v = ar.value, v.isFinite { info.append("AR=\(number(v))") }
        if let lo = ar.ciLow, lo.isFinite { info.append("ARLO=\(number(lo))") }
        if let hi = ar.ciHigh, hi.isFinite { info.append("ARHI=\(number(hi))") }
        if ar.value?.isInfinite == true { info.append("ARINF") }
        if let vaf { info.append("VAF=\(number(vaf))") }
        info.append("MUT=\(q.mutantFragments)")
        info.append("WT=\(q.wildTypeFragments)")
        info.append("JDP=\(q.junctionDepth)")
        info.append("EST=\(escape(q.estimator))")
        info.append("JF=\(q.junctionFragments)")

        let gt = q.wildTypeFragments == 0 && q.mutantFragments > 0 ? "1/1" : "0/1"
        let af = vaf.map(number) ?? "."
        let sample = [gt, "\(q.wildTypeFragments),\(q.mutantFragments)", af, String(q.junctionDepth)]
        return ["chr13", String(a.vcfPos), itd.id, a.vcfRef, a.vcfAlt, ".", "PASS",
                info.joined(separator: ";"), "GT:AD:AF:DP", sample.joined(separator: ":")]
    }

    private static func info(_ id: String, _ number: String, _ type: String, _ description: String) -> String {
        "##INFO=<ID=\(id),Number=\(number),Type=\(type),Description=\"\(description)\">"
    }

    private static func number(_ x: Double) -> String {
        ReportNumberFormat.compact(x, decimals: JSONReportDocument.ratioDecimals)
    }

    /// Percent-encodes the characters VCF reserves in INFO values (VCF 4.3 section 1.2).
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "%": out += "%25"
            case ";": out += "%3B"
            case "=": out += "%3D"
            case ",": out += "%2C"
            case " ": out += "%20"
            case "\t": out += "%09"
            case "\n": out += "%0A"
            case "\r": out += "%0D"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A sample column name cannot hold tabs or newlines; anything else is kept.
    private static func sampleColumn(_ name: String) -> String {
        name.isEmpty ? "SAMPLE" : TSVField.text(name)
    }
}
