/// Every tunable of one analysis, validated once (``validate()``), passed explicitly. Sendable.
public struct AnalysisOptions: Sendable, Hashable, Codable {
    /// k-mer length of the alignment index (bases). 11...31.
    public var kmerSize: Int = 15
    /// Bases of reference required on each side of a junction (mutant) and of the matching
    /// wild-type window, for allelic-ratio counting. Detection accepts shorter anchors.
    public var anchor: Int = 20
    /// Minimum fragments showing a junction for an ITD call.
    public var minSupport: Int = 3
    /// Minimum junction fragments as a fraction of the junction depth for a call.
    public var minFraction: Double = 0.005
    /// Minimum locus depth (fragments covering the least-covered exonic base of `depthRegion`)
    /// below which a sample with no ITD is INDETERMINATE rather than NEGATIVE.
    public var minDepth: Int = 100
    /// Coding positions (c., inclusive) whose exonic bases the locus depth is measured on.
    /// Default c.1730-c.1900, the ITD hotspot (JMD binding motif through TKD1's beta2 sheet).
    /// An assay that does not read all of it (2x150 reads on the exon 14-15 amplicon leave
    /// c.1835-c.1837 without 20-bp anchors) narrows it to what it reads: a negative then says
    /// nothing about the bases left out, which the report states.
    public var depthRegion: ClosedRange<Int> = AnalysisOptions.defaultDepthRegion
    public static let defaultDepthRegion = 1730...1900
    /// Coding positions of exons 13-15 on the embedded reference (c.1598-c.1942), the widest
    /// `depthRegion` allowed.
    public static let depthRegionLimits = 1598...1942
    /// HAR when total AR > this (strictly). Default 0.4 (COG AAML1031); ELN 2017 used 0.5.
    public var harThreshold: Double = 0.4
    /// Worker threads (1 = everything on the calling thread).
    public var threads: Int = 2
    /// Minimum templated (duplicated) length for an insertion to count as an ITD (bp).
    public var minITDLength: Int = 3
    /// Cut each read that reaches alignment where TruSeq or Nextera adapter read-through starts
    /// (``AdapterTrimmer``), so that AR counting sees only locus bases. `--no-adapter-trim` turns it off.
    public var trimAdapters: Bool = true
    /// Join the two mates of a pair into one read of their fragment when they overlap
    /// (``MateMerger``), so that a junction in the overlap is read. `--no-mate-merge` turns it off.
    public var mergeMates: Bool = true
    /// Template molecules in the library's input, when known (haploid genome copies: about 303
    /// per ng of human DNA; `--input-copies`). The AR intervals then include the sampling of
    /// those molecules (``InputSampling``), which read counts do not show. nil: intervals from
    /// the read counts alone.
    public var inputCopies: Int? = nil
    /// Count fragments whose reads start at the same places once (PCR and optical duplicates;
    /// ``DuplicateCollapser``), for paired capture libraries. Not applied to a library that looks
    /// like an amplicon, to single-end reads or to RNA-seq (a warning says why).
    /// `--collapse-duplicates`.
    public var collapseDuplicates: Bool = false
    /// Largest `--input-copies` accepted: 10^9 haploid genomes is 3.3 mg of DNA, beyond any
    /// library input.
    public static let maxInputCopies = 1_000_000_000

    public init() {}

    /// Throws ``OptionError`` naming the offending option.
    public func validate() throws(OptionError) {
        guard (11...31).contains(kmerSize) else { throw OptionError(option: "--kmer", message: "k-mer size must be 11-31, got \(kmerSize)") }
        guard (8...60).contains(anchor) else { throw OptionError(option: "--anchor", message: "anchor must be 8-60 bp, got \(anchor)") }
        guard minSupport >= 1 else { throw OptionError(option: "--min-support", message: "must be at least 1, got \(minSupport)") }
        guard minFraction >= 0, minFraction < 1 else { throw OptionError(option: "--min-fraction", message: "must be in [0, 1), got \(minFraction)") }
        guard minDepth >= 0 else { throw OptionError(option: "--min-depth", message: "must be >= 0, got \(minDepth)") }
        guard Self.depthRegionLimits.contains(depthRegion.lowerBound), Self.depthRegionLimits.contains(depthRegion.upperBound) else {
            throw OptionError(option: "--depth-region", message: "must lie within exons 13-15, c.\(Self.depthRegionLimits.lowerBound)-c.\(Self.depthRegionLimits.upperBound), got c.\(depthRegion.lowerBound)-c.\(depthRegion.upperBound)")
        }
        guard harThreshold > 0, harThreshold <= 100, harThreshold.isFinite else {
            throw OptionError(option: "--har-threshold", message: "must be in (0, 100], got \(harThreshold)")
        }
        guard threads >= 1, threads <= 256 else { throw OptionError(option: "--threads", message: "must be 1-256, got \(threads)") }
        if let n = inputCopies, !(1...Self.maxInputCopies).contains(n) {
            throw OptionError(option: "--input-copies", message: "must be 1-\(Self.maxInputCopies) (about 303 per ng of DNA), got \(n)")
        }
        guard minITDLength >= 1 else { throw OptionError(option: "--min-itd-length", message: "must be >= 1") }
    }
}

/// An invalid option value; `option` is the flag as the user typed it.
public struct OptionError: Error, Sendable, CustomStringConvertible {
    public var option: String
    public var message: String
    public init(option: String, message: String) {
        self.option = option
        self.message = message
    }
    public var description: String { "\(option): \(message)" }
}
