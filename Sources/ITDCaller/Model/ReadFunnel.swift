/// How many reads and fragments each stage saw, so a negative can be told from "no data".
public struct ReadFunnel: Sendable, Hashable, Codable {
    /// Reads read from the input (each mate counts).
    public var totalReads: Int = 0
    /// Fragments (single reads, or pairs counted once).
    public var totalFragments: Int = 0
    /// Fragments with at least one read that shares a k-mer with the FLT3 reference.
    public var onTargetFragments: Int = 0
    /// Fragments with a read aligned to the exon 13-15 locus.
    public var alignedFragments: Int = 0
    /// Aligned reads that ran through the fragment's end into the adapter and were aligned
    /// without it (``AdapterTrimmer``).
    public var adapterTrimmedReads: Int = 0
    /// Aligned pairs whose mates overlapped by 12 to 2 x anchor + 60 bases and were joined into
    /// one read (``MateMerger``): evidence of the fragment's allele beside its mates, which are
    /// still counted each alone (``FragmentGeometry/joined``).
    public var mergedFragments: Int = 0
    /// Exon 14-15 fragments counted once with another whose reads start at the same places
    /// (``DuplicateCollapser``); nil when duplicates were not collapsed (the default, or a
    /// library the collapser refused: amplicon, single-end, RNA-seq).
    public var duplicateFragments: Int? = nil
    /// Fragments whose reads show a backward jump (candidate ITD junction).
    public var junctionFragments: Int = 0
    /// Fragments supporting a reported ITD.
    public var itdFragments: Int = 0

    public init() {}
}
