/// Everything one analysis of one sample found; the input of every report format.
public struct SampleResult: Sendable, Hashable, Codable {
    public var sample: String
    /// Input paths as given ("-" for stdin).
    public var inputs: [String]
    public var options: AnalysisOptions
    public var funnel: ReadFunnel
    /// Fragments informative at the locus: those covering the least-covered exonic base of
    /// `options.depthRegion` (default the hotspot c.1730-c.1900) with `anchor` bases on both
    /// sides (see README, "Depth").
    public var locusDepth: Int
    /// Reported ITDs, in genomic order (transcript 5' to 3').
    public var itds: [ITDCall]
    /// Total AR = sum of mutant_i / WT (other ITDs never count as wild type), with 95% interval.
    public var totalAllelicRatio: AllelicRatioEstimate
    public var call: SampleCall
    /// True when the total-AR interval contains the HAR threshold.
    public var borderline: Bool
    /// Human-readable caveats (low depth, estimator fallbacks, ...).
    public var warnings: [String]
    /// Depth profile: fragments covering each genomic sense offset (index = sense offset of the
    /// embedded window, GRCh38 = 28,034,707 - index) with `anchor` bases on both sides; RNA
    /// fragments are added at their exonic base. Empty when not computed.
    public var coverage: [Int]

    public init(sample: String, inputs: [String], options: AnalysisOptions, funnel: ReadFunnel,
                locusDepth: Int, itds: [ITDCall], totalAllelicRatio: AllelicRatioEstimate,
                call: SampleCall, borderline: Bool, warnings: [String], coverage: [Int] = []) {
        self.sample = sample
        self.inputs = inputs
        self.options = options
        self.funnel = funnel
        self.locusDepth = locusDepth
        self.itds = itds
        self.totalAllelicRatio = totalAllelicRatio
        self.call = call
        self.borderline = borderline
        self.warnings = warnings
        self.coverage = coverage
    }

    /// The smallest AR an ITD anywhere in the depth region is called at in 95% of samples with
    /// this locus depth and these thresholds (``DetectionLimit``); nil when the depth is below
    /// what a call needs.
    public var detectionLimit: Double? {
        DetectionLimit.allelicRatio(depth: locusDepth, minSupport: options.minSupport, minFraction: options.minFraction,
                                    inputCopies: options.inputCopies)
    }

    /// The detection limit in words, for people: "AR 0.0080 (...)", or why there is none.
    public var detectionLimitDescription: String {
        let molecules = options.inputCopies.map { " and \(ReportNumberFormat.grouped($0)) input molecules" } ?? ""
        guard let limit = detectionLimit else {
            let k = DetectionLimit.requiredFragments(depth: locusDepth, minSupport: options.minSupport, minFraction: options.minFraction)
            return "not defined: the least-covered base of \(ReportNumberFormat.codingRange(options.depthRegion)) has \(ReportNumberFormat.grouped(locusDepth)) fragments, fewer than the \(k) junction fragments a call needs"
        }
        return "AR \(ReportNumberFormat.humanRatio(limit)) (an ITD at this AR is called in 95% of samples at this depth\(molecules))"
    }

    /// HAR threshold used (same as `options.harThreshold`).
    public var harThreshold: Double { options.harThreshold }

    /// Variant allele fraction of the whole sample: the share of all alleles at the locus that
    /// carry an ITD, total AR / (1 + total AR) = Σ mutant_j / (WT + Σ mutant_j); 1 when the total
    /// AR is infinite, nil when it is not measured.
    public var totalVAF: Double? { totalAllelicRatio.vaf }

    /// Variant allele fraction of one ITD of this result: its share of all alleles at the locus,
    /// mutant_i / (WT + Σ mutant_j) = AR_i / (1 + total AR). With one ITD that is AR / (1 + AR);
    /// with several, the ITDs' VAFs add up to ``totalVAF`` (fragments carrying another ITD are
    /// neither this ITD's mutant nor wild type, but they are alleles). When the total AR is
    /// infinite (no wild type): 1 for a single ITD, nil with several (their shares are not
    /// measured). nil when this ITD's AR or the total AR is not measured.
    public func vaf(of itd: ITDCall) -> Double? {
        guard let ar = itd.quantification.allelicRatio.value, let total = totalAllelicRatio.value else { return nil }
        if total.isInfinite { return itds.count == 1 && ar.isInfinite ? 1 : nil }
        guard ar.isFinite else { return nil }
        return ar / (1 + total)
    }
}
