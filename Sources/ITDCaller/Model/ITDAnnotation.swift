/// How a molecular pathologist writes one ITD: normalised position, HGVS, genome coordinates.
///
/// Spans are 1-based inclusive genome coordinates on the plus strand (as in VCF and HGVS g.).
/// `length` is the number of templated (duplicated) reference bases; `insertedSequence` is the
/// whole inserted string (templated + non-templated) in transcript orientation.
public struct ITDAnnotation: Sendable, Hashable, Codable {
    /// Duplicated (templated) length in bp.
    public var length: Int
    /// Total inserted length in bp (= length + nontemplatedBases.count).
    public var insertionLength: Int
    /// Inserted sequence, transcript (sense) orientation, after 3'-normalisation.
    public var insertedSequence: String
    /// Non-templated bases between the two copies, sense orientation ("" for a pure duplication).
    public var nontemplatedBases: String
    /// Duplicated span, GRCh38, 1-based inclusive, plus strand (start <= end).
    public var grch38Start: Int
    public var grch38End: Int
    /// Duplicated span, GRCh37, 1-based inclusive, plus strand.
    public var grch37Start: Int
    public var grch37End: Int
    /// VCF representation: left-aligned on the plus strand, REF = one anchor base, ALT = anchor + insertion.
    public var vcfPos: Int
    public var vcfRef: String
    public var vcfAlt: String
    /// HGVS c. on NM_004119.3, 3'-most in transcript orientation ("NM_004119.3:c.1770_1832dup").
    public var hgvsC: String
    /// Predicted protein consequence in HGVS form with parentheses ("p.(Glu596_Asp600dup)").
    public var hgvsP: String
    /// True when the insertion length is a multiple of 3.
    public var inFrame: Bool
    /// Region(s) of the insertion site and duplicated span ("exon14", "exon14-intron14").
    public var region: String

    /// The duplication or its insertion site lies partly in an intron (`region` names one): its
    /// effect on the transcript depends on splicing, so `inFrame` (the length alone) says little.
    public var reachesIntron: Bool { region.contains("intron") }

    /// How reports describe the reading frame: "in-frame", "out-of-frame", or, for an ITD that
    /// reaches an intron, that its effect on the transcript is unknown (with whether its length
    /// is a multiple of 3).
    public var frameDescription: String {
        if reachesIntron { return "reaches an intron: transcript effect unknown (length \(inFrame ? "3n" : "not 3n"))" }
        return inFrame ? "in-frame" : "out-of-frame"
    }
    /// Protein sub-domain of the insertion site ("JMD_zipperMotif", "TKD1_beta1Sheet"), or "" when none.
    public var domain: String

    public init(length: Int, insertionLength: Int, insertedSequence: String, nontemplatedBases: String,
                grch38Start: Int, grch38End: Int, grch37Start: Int, grch37End: Int,
                vcfPos: Int, vcfRef: String, vcfAlt: String, hgvsC: String, hgvsP: String,
                inFrame: Bool, region: String, domain: String) {
        self.length = length
        self.insertionLength = insertionLength
        self.insertedSequence = insertedSequence
        self.nontemplatedBases = nontemplatedBases
        self.grch38Start = grch38Start
        self.grch38End = grch38End
        self.grch37Start = grch37Start
        self.grch37End = grch37End
        self.vcfPos = vcfPos
        self.vcfRef = vcfRef
        self.vcfAlt = vcfAlt
        self.hgvsC = hgvsC
        self.hgvsP = hgvsP
        self.inFrame = inFrame
        self.region = region
        self.domain = domain
    }
}
