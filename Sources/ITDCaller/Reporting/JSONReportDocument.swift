/// The JSON result document (schema 1.0), as Encodable value types mapped from a `SampleResult`.
///
/// Published as JSON Schema in `docs/schema/flt3ar-result.schema.json`; every key is described in
/// `docs/json-schema.md`. Conventions:
/// - keys are snake_case and always present: an absent value is `null`, never a missing key;
/// - allelic ratios (AR = mutant / wild type) and VAFs (an ITD's share of all alleles,
///   AR_i / (1 + total AR), ``SampleResult/vaf(of:)``; total AR / (1 + total AR)) are rounded to
///   ``JSONReportDocument/ratioDecimals`` decimal places; options are written as given;
/// - an infinite AR (mutant fragments but no wild type) is `null` with the matching `*_infinite`
///   flag `true`; an AR not measured (no evidence at all; the total AR of an INDETERMINATE
///   sample) is `null` with the flag `false`;
/// - an interval is `[low, high]`; `high` is `null` when unbounded (infinite) or undefined;
/// - genome spans are 1-based inclusive on the plus strand of chr13.
public struct JSONReportDocument: Sendable, Hashable, Encodable {
    /// Version of this document's layout. Bumped in the minor part for added keys, the major part
    /// for removed or re-typed keys.
    public static let schemaVersion = "1.5"
    /// Decimal places kept for AR, its interval and VAF.
    public static let ratioDecimals = 6

    public var schemaVersion: String
    public var tool: Tool
    public var commandLine: [String]
    public var sample: String
    public var inputs: [String]
    public var options: Options
    public var reads: Reads
    public var locusDepth: Int
    public var call: String
    public var borderline: Bool
    public var harThreshold: Double
    public var totalAllelicRatio: Double?
    public var totalAllelicRatioInfinite: Bool
    public var totalAllelicRatioCI: [Double?]
    public var totalVAF: Double?
    /// The sample's limit of detection as an AR (``SampleResult/detectionLimit``; schema 1.4);
    /// nil when the locus depth is below what a call needs.
    public var detectionLimitAR: Double?
    public var warnings: [String]
    public var itds: [ITD]

    public struct Tool: Sendable, Hashable, Encodable {
        public var name: String
        public var version: String
    }

    /// Every field of `AnalysisOptions`, snake_case.
    public struct Options: Sendable, Hashable, Encodable {
        public var kmerSize: Int
        public var anchor: Int
        public var minSupport: Int
        public var minFraction: Double
        public var minDepth: Int
        /// [start, end] coding positions of the locus-depth region (schema 1.1).
        public var depthRegion: [Int]
        public var harThreshold: Double
        public var threads: Int
        public var minITDLength: Int
        /// Adapter read-through cut before alignment (schema 1.2; false with `--no-adapter-trim`).
        public var trimAdapters: Bool
        /// Overlapping mates joined into one read of their fragment (schema 1.3; false with `--no-mate-merge`).
        public var mergeMates: Bool
        /// Input template molecules the intervals include the sampling of; `null` when not given
        /// (schema 1.4; `--input-copies`).
        public var inputCopies: ExplicitNull<Int>
        /// Duplicates were to be counted once (schema 1.4; `--collapse-duplicates`; whether they
        /// were is `reads.duplicate_fragments`).
        public var collapseDuplicates: Bool

        enum CodingKeys: String, CodingKey {
            case kmerSize = "kmer_size", anchor, minSupport = "min_support", minFraction = "min_fraction"
            case minDepth = "min_depth", depthRegion = "depth_region", harThreshold = "har_threshold", threads
            case minITDLength = "min_itd_length", trimAdapters = "trim_adapters", mergeMates = "merge_mates"
            case inputCopies = "input_copies", collapseDuplicates = "collapse_duplicates"
        }
    }

    /// The read funnel (`ReadFunnel`).
    public struct Reads: Sendable, Hashable, Encodable {
        public var totalReads: Int
        public var totalFragments: Int
        public var onTargetFragments: Int
        public var alignedFragments: Int
        /// Aligned reads cut where adapter read-through started (schema 1.2).
        public var adapterTrimmedReads: Int
        /// Aligned pairs whose mates overlapped by 12 to 2 x anchor + 60 bases and were joined (schema 1.3).
        public var mergedFragments: Int
        /// Aligned fragments counted once with a duplicate (schema 1.4); `null` when duplicates
        /// were not collapsed.
        public var duplicateFragments: ExplicitNull<Int>
        public var junctionFragments: Int
        public var itdFragments: Int

        enum CodingKeys: String, CodingKey {
            case totalReads = "total_reads", totalFragments = "total_fragments"
            case onTargetFragments = "on_target_fragments", alignedFragments = "aligned_fragments"
            case adapterTrimmedReads = "adapter_trimmed_reads", mergedFragments = "merged_fragments"
            case duplicateFragments = "duplicate_fragments"
            case junctionFragments = "junction_fragments", itdFragments = "itd_fragments"
        }
    }

    /// One ITD: annotation and quantification flattened.
    public struct ITD: Sendable, Hashable, Encodable {
        public var id: String
        public var length: Int
        public var insertionLength: Int
        public var insertedSequence: String
        public var nontemplatedBases: String
        public var grch38Start: Int
        public var grch38End: Int
        public var grch37Start: Int
        public var grch37End: Int
        public var vcfPos: Int
        public var vcfRef: String
        public var vcfAlt: String
        public var hgvsC: String
        public var hgvsP: String
        public var inFrame: Bool
        public var region: String
        /// nil when the insertion site lies in no annotated sub-domain.
        public var domain: String?
        public var mutantFragments: Int
        public var wildTypeFragments: Int
        public var junctionFragments: Int
        public var junctionDepth: Int
        public var allelicRatio: Double?
        public var allelicRatioInfinite: Bool
        public var allelicRatioCI: [Double?]
        public var vaf: Double?
        public var estimator: String
        public var seenOn: [String]

        enum CodingKeys: String, CodingKey {
            case id, length, insertionLength = "insertion_length", insertedSequence = "inserted_sequence"
            case nontemplatedBases = "nontemplated_bases"
            case grch38Start = "grch38_start", grch38End = "grch38_end"
            case grch37Start = "grch37_start", grch37End = "grch37_end"
            case vcfPos = "vcf_pos", vcfRef = "vcf_ref", vcfAlt = "vcf_alt"
            case hgvsC = "hgvs_c", hgvsP = "hgvs_p", inFrame = "in_frame", region, domain
            case mutantFragments = "mutant_fragments", wildTypeFragments = "wild_type_fragments"
            case junctionFragments = "junction_fragments", junctionDepth = "junction_depth"
            case allelicRatio = "allelic_ratio", allelicRatioInfinite = "allelic_ratio_infinite"
            case allelicRatioCI = "allelic_ratio_ci", vaf, estimator, seenOn = "seen_on"
        }

        // Written by hand so that nil becomes an explicit `null` rather than a missing key.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(length, forKey: .length)
            try c.encode(insertionLength, forKey: .insertionLength)
            try c.encode(insertedSequence, forKey: .insertedSequence)
            try c.encode(nontemplatedBases, forKey: .nontemplatedBases)
            try c.encode(grch38Start, forKey: .grch38Start)
            try c.encode(grch38End, forKey: .grch38End)
            try c.encode(grch37Start, forKey: .grch37Start)
            try c.encode(grch37End, forKey: .grch37End)
            try c.encode(vcfPos, forKey: .vcfPos)
            try c.encode(vcfRef, forKey: .vcfRef)
            try c.encode(vcfAlt, forKey: .vcfAlt)
            try c.encode(hgvsC, forKey: .hgvsC)
            try c.encode(hgvsP, forKey: .hgvsP)
            try c.encode(inFrame, forKey: .inFrame)
            try c.encode(region, forKey: .region)
            try c.encode(domain, forKey: .domain)
            try c.encode(mutantFragments, forKey: .mutantFragments)
            try c.encode(wildTypeFragments, forKey: .wildTypeFragments)
            try c.encode(junctionFragments, forKey: .junctionFragments)
            try c.encode(junctionDepth, forKey: .junctionDepth)
            try c.encode(allelicRatio, forKey: .allelicRatio)
            try c.encode(allelicRatioInfinite, forKey: .allelicRatioInfinite)
            try c.encode(allelicRatioCI, forKey: .allelicRatioCI)
            try c.encode(vaf, forKey: .vaf)
            try c.encode(estimator, forKey: .estimator)
            try c.encode(seenOn, forKey: .seenOn)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", tool, commandLine = "command_line", sample, inputs
        case options, reads, locusDepth = "locus_depth", call, borderline, harThreshold = "har_threshold"
        case totalAllelicRatio = "total_allelic_ratio", totalAllelicRatioInfinite = "total_allelic_ratio_infinite"
        case totalAllelicRatioCI = "total_allelic_ratio_ci", totalVAF = "total_vaf", warnings, itds
        case detectionLimitAR = "detection_limit_ar"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(tool, forKey: .tool)
        try c.encode(commandLine, forKey: .commandLine)
        try c.encode(sample, forKey: .sample)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(options, forKey: .options)
        try c.encode(reads, forKey: .reads)
        try c.encode(locusDepth, forKey: .locusDepth)
        try c.encode(call, forKey: .call)
        try c.encode(borderline, forKey: .borderline)
        try c.encode(harThreshold, forKey: .harThreshold)
        try c.encode(totalAllelicRatio, forKey: .totalAllelicRatio)
        try c.encode(totalAllelicRatioInfinite, forKey: .totalAllelicRatioInfinite)
        try c.encode(totalAllelicRatioCI, forKey: .totalAllelicRatioCI)
        try c.encode(totalVAF, forKey: .totalVAF)
        try c.encode(detectionLimitAR, forKey: .detectionLimitAR)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(itds, forKey: .itds)
    }
}

extension JSONReportDocument {
    /// Maps a result to the document. `commandLine` is the argument vector as the user gave it.
    public init(_ result: SampleResult, commandLine: [String]) {
        let ar = RatioFields(result.totalAllelicRatio)
        self.init(
            schemaVersion: Self.schemaVersion,
            tool: Tool(name: ToolInfo.name, version: ToolInfo.version),
            commandLine: commandLine,
            sample: result.sample,
            inputs: result.inputs,
            options: Options(result.options),
            reads: Reads(result.funnel),
            locusDepth: result.locusDepth,
            call: result.call.rawValue,
            borderline: result.borderline,
            harThreshold: result.harThreshold,
            totalAllelicRatio: ar.value,
            totalAllelicRatioInfinite: ar.infinite,
            totalAllelicRatioCI: ar.ci,
            totalVAF: ar.vaf,
            detectionLimitAR: result.detectionLimit.map { ReportNumberFormat.rounded($0, decimals: Self.ratioDecimals) },
            warnings: result.warnings,
            itds: result.itds.map { ITD($0, vaf: result.vaf(of: $0)) }
        )
    }
}

extension JSONReportDocument.Options {
    init(_ o: AnalysisOptions) {
        self.init(kmerSize: o.kmerSize, anchor: o.anchor, minSupport: o.minSupport, minFraction: o.minFraction,
                  minDepth: o.minDepth, depthRegion: [o.depthRegion.lowerBound, o.depthRegion.upperBound],
                  harThreshold: o.harThreshold, threads: o.threads,
                  minITDLength: o.minITDLength, trimAdapters: o.trimAdapters, mergeMates: o.mergeMates,
                  inputCopies: ExplicitNull(o.inputCopies), collapseDuplicates: o.collapseDuplicates)
    }
}

extension JSONReportDocument.Reads {
    init(_ f: ReadFunnel) {
        self.init(totalReads: f.totalReads, totalFragments: f.totalFragments,
                  onTargetFragments: f.onTargetFragments, alignedFragments: f.alignedFragments,
                  adapterTrimmedReads: f.adapterTrimmedReads, mergedFragments: f.mergedFragments,
                  duplicateFragments: ExplicitNull(f.duplicateFragments),
                  junctionFragments: f.junctionFragments, itdFragments: f.itdFragments)
    }
}

extension JSONReportDocument.ITD {
    /// `vaf` is the ITD's share of all alleles (``SampleResult/vaf(of:)``), which needs the
    /// whole result.
    init(_ call: ITDCall, vaf: Double?) {
        let a = call.annotation
        let q = call.quantification
        let ar = RatioFields(q.allelicRatio)
        self.init(
            id: call.id, length: a.length, insertionLength: a.insertionLength,
            insertedSequence: a.insertedSequence, nontemplatedBases: a.nontemplatedBases,
            grch38Start: a.grch38Start, grch38End: a.grch38End,
            grch37Start: a.grch37Start, grch37End: a.grch37End,
            vcfPos: a.vcfPos, vcfRef: a.vcfRef, vcfAlt: a.vcfAlt,
            hgvsC: a.hgvsC, hgvsP: a.hgvsP, inFrame: a.inFrame, region: a.region,
            domain: a.domain.isEmpty ? nil : a.domain,
            mutantFragments: q.mutantFragments, wildTypeFragments: q.wildTypeFragments,
            junctionFragments: q.junctionFragments, junctionDepth: q.junctionDepth,
            allelicRatio: ar.value, allelicRatioInfinite: ar.infinite, allelicRatioCI: ar.ci,
            vaf: vaf.map { ReportNumberFormat.rounded($0, decimals: JSONReportDocument.ratioDecimals) },
            estimator: q.estimator, seenOn: call.seenOn
        )
    }
}

/// An `AllelicRatioEstimate` split into JSON-safe parts: finite numbers or nil, plus a flag.
private struct RatioFields {
    var value: Double?
    var infinite: Bool
    var ci: [Double?]
    var vaf: Double?

    init(_ e: AllelicRatioEstimate) {
        let d = JSONReportDocument.ratioDecimals
        func finite(_ x: Double?) -> Double? {
            guard let x, x.isFinite else { return nil }
            return ReportNumberFormat.rounded(x, decimals: d)
        }
        value = finite(e.value)
        infinite = e.value?.isInfinite ?? false
        ci = [finite(e.ciLow), finite(e.ciHigh)]
        vaf = finite(e.vaf)
    }
}
