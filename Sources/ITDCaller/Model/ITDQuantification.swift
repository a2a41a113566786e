/// Counts behind one ITD's allelic ratio. Fragments, not reads: a read pair counts once.
public struct ITDQuantification: Sendable, Hashable, Codable {
    /// Fragments carrying this ITD, counted by the estimator (`estimator`).
    public var mutantFragments: Int
    /// Wild-type fragments at this ITD's junction, counted with the same anchor requirements.
    /// Fragments carrying any ITD are never wild type: with several ITDs (spanning estimator),
    /// the wild-type share (as solved for) of the fragments entering the site without its
    /// junction, rounded.
    public var wildTypeFragments: Int
    /// AR_i = mutantFragments / wildTypeFragments, with a 95% interval.
    public var allelicRatio: AllelicRatioEstimate
    /// All fragments that show this ITD's junction with at least the minimum anchor (detection support).
    public var junctionFragments: Int
    /// Fragments informative at this junction — the depth there: those showing it plus those that
    /// read through the wild-type sequence at it, which include other ITDs' alleles (spanning)
    /// and, for the window estimator, the mutant's own second copy; so not mutant + wild type.
    public var junctionDepth: Int
    /// Which estimator produced the counts: "spanning" or "window" (see the README, "Allelic ratio").
    public var estimator: String
    /// Window estimator only: fragments covering the wild-type window at the 3' end of the
    /// duplication [p - A, p + m + A) and at its 5' end [c - m - A, c + A), and whether the two
    /// wild-type estimates disagree beyond their counting noise (coverage not uniform across the
    /// duplication, e.g. a capture target ending inside it; the interval then spans both).
    public var windowFragments: [Int] = []
    public var windowsDisagree = false

    public init(mutantFragments: Int, wildTypeFragments: Int, allelicRatio: AllelicRatioEstimate,
                junctionFragments: Int, junctionDepth: Int, estimator: String) {
        self.mutantFragments = mutantFragments
        self.wildTypeFragments = wildTypeFragments
        self.allelicRatio = allelicRatio
        self.junctionFragments = junctionFragments
        self.junctionDepth = junctionDepth
        self.estimator = estimator
    }
}
