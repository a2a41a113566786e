/// One putative ITD after clustering, before quantification and annotation.
///
/// `event` is on the genomic window, sense orientation, shifted 3'-most: the mutant is
/// `ref[..<p] + inserted + ref[p...]` with p = `event.position`. The duplicated span is
/// [p - templatedLength, p); the first `nontemplatedLength` inserted bases are non-templated.
struct ITDCandidate: Sendable, Hashable {
    var event: InsertionEvent
    var templatedLength: Int
    var nontemplatedLength: Int
    /// Raw junction IDs (``EvidenceStore``) whose reads show this ITD.
    var members: Set<Int32>
    /// Fragments with at least one read showing this ITD (any anchor length).
    var support: Int
    /// References whose reads showed it.
    var seenOn: Set<ReferenceID>

    /// First duplicated base (sense offset).
    var c: Int { event.position - templatedLength }
    /// Insertion point (sense offset): the duplicated span ends here.
    var p: Int { event.position }
}
