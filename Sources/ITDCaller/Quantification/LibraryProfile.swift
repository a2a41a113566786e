/// What kind of library the fragments at the ITD locus (a read on exon 14 or 15) come from, told
/// from how they lie: an amplicon (most sense reads start at one base, the forward primer),
/// mostly single-end reads, or RNA-seq (most fragments on the mRNA). Used to refuse
/// `--collapse-duplicates` where shared ends do not mean copies (``DuplicateCollapser``) and to
/// say in the report what the allelic ratio of such a library does and does not include.
struct LibraryProfile: Sendable {
    /// Share of the locus fragments with a sense read that start it at one base above which the
    /// library is taken for an amplicon (there: the forward primer, most fragments; in capture it
    /// would be one molecule copied into a third of the library).
    static let ampliconShare = 0.3
    /// Fragments that base must also hold (a handful of fragments proves nothing).
    static let ampliconMinimum = 50

    /// Locus fragments, and of them: paired, on the mRNA, with a sense read.
    var fragments = 0
    var paired = 0
    var onMRNA = 0
    var withSenseRead = 0
    /// Locus fragments per 5' end of their sense read (``DuplicateCollapser/fivePrimeEnd(_:)``).
    private var senseStarts: [Int64: Int] = [:]
    /// Locus fragments whose sense read starts at the most common base.
    var commonestSenseStart: Int { senseStarts.values.max() ?? 0 }

    /// More than ``ampliconShare`` (and ``ampliconMinimum``) of the fragments with a sense read
    /// start it at one base: the primer of an amplicon.
    var isAmplicon: Bool {
        commonestSenseStart > Self.ampliconMinimum && Double(commonestSenseStart) > Self.ampliconShare * Double(withSenseRead)
    }
    /// Most locus fragments are single reads.
    var isMostlySingleEnd: Bool { 2 * paired < fragments }
    /// Most locus fragments lie on the mRNA (spliced transcripts).
    var isRNA: Bool { 2 * onMRNA > fragments }

    /// The profile of `geometries` (shape -> count), from the fragments with a read on exon 14
    /// or 15 (``DuplicateCollapser/atLocus(_:)``). O(distinct shapes).
    init(_ geometries: [FragmentGeometry: Int]) {
        for (g, n) in geometries where DuplicateCollapser.atLocus(g) { add(g, count: n) }
    }

    init() {}

    /// Counts one shape of `count` fragments (a locus fragment).
    mutating func add(_ g: FragmentGeometry, count n: Int) {
        fragments += n
        if g.isPair { paired += n }
        if g.mates[0].reference == .mrna { onMRNA += n }
        if let sense = g.mates.first(where: \.isSense) {
            senseStarts[DuplicateCollapser.fivePrimeEnd(sense), default: 0] += n
            withSenseRead += n
        }
    }
}
