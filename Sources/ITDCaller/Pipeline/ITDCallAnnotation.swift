/// Bridges a detected candidate to the annotator.
enum ITDCallAnnotation {
    static func annotate(_ cand: ITDCandidate) -> ITDAnnotation? {
        // TEMPORARY until ITDAnnotator lands: coordinates only.
        let ref = FLT3Reference.shared
        let n = ITDNormalizer.normalize(cand.event, in: ref.genomicSense)
        let span = n.duplicatedSpan
        return ITDAnnotation(length: n.templatedLength, insertionLength: n.event.inserted.count,
                             insertedSequence: String(decoding: n.event.inserted, as: UTF8.self),
                             nontemplatedBases: String(decoding: n.nontemplated, as: UTF8.self),
                             grch38Start: ref.grch38(senseOffset: span.upperBound - 1), grch38End: ref.grch38(senseOffset: span.lowerBound),
                             grch37Start: ref.grch37(senseOffset: span.upperBound - 1), grch37End: ref.grch37(senseOffset: span.lowerBound),
                             vcfPos: 0, vcfRef: "", vcfAlt: "",
                             hgvsC: "c.\(ref.cLabel(senseOffset: span.lowerBound))_\(ref.cLabel(senseOffset: span.upperBound - 1))dup",
                             hgvsP: "", inFrame: n.event.inserted.count % 3 == 0, region: "", domain: "")
    }
}
