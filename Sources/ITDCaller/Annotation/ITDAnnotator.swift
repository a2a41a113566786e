/// Writes one ITD the way a molecular pathologist reports it: normalised position, duplicated span
/// on GRCh38 and GRCh37, VCF record, HGVS c. on NM_004119.3, predicted HGVS p., region and domain.
///
/// Conventions:
/// - Input events are normalised with ``ITDNormalizer`` first, so every equivalent placement of the
///   same insertion gives the same annotation.
/// - With canonical insertion point `p` (0-based sense offset, bases inserted before `ref[p]`),
///   templated length `t` and inserted string `Z` (sense), the duplicated span is sense `[p - t, p)`.
/// - Genome spans are 1-based inclusive on the plus strand: GRCh38 start = `28,034,707 - (p - 1)`,
///   end = `28,034,707 - (p - t)`; GRCh37 = GRCh38 + 574,137.
/// - VCF (left-aligned on the plus strand, which is the 3'-most sense position): POS is the plus-strand
///   base just before the inserted bases, i.e. sense offset `p`, POS = `28,034,707 - p`;
///   REF = that base (plus strand); ALT = REF + reverse complement of `Z`.
/// - HGVS c.: a pure duplication is `c.X_Ydup` (`c.Xdup` for one base) with X, Y the c. labels of the
///   first and last duplicated bases (intronic labels such as `1837+5`). With non-templated bases
///   the whole event is an insertion between the two flanking bases: `c.A_BinsZ`, A = label of
///   `p - 1`, B = label of `p`, Z written out in full (no `ins[...]` composite with a duplicated range).
/// - HGVS p.: see ``ProteinConsequence``. The CDS is edited only when the duplicated span and the
///   base before the insertion are all exonic (insertion inside an exon or right after its last
///   base); otherwise — intronic or exon-intron spanning — splicing is unpredictable and the
///   result is `p.?` (also for entirely intronic ITDs).
/// - region: distinct regions of the duplicated bases in transcript order, joined by "-"
///   ("exon14", "exon14-intron14"). The insertion site's 5' flank is the last duplicated base, so
///   it is included.
/// - domain: the protein sub-domain whose c. range holds the last duplicated base; "" when that
///   base is intronic or outside every sub-domain.
/// - Events that stay on the mRNA (see ``ITDNormalizer``) use c. = 1419 + mRNA offset; their genome
///   coordinates come from the exon table (a span crossing a splice junction then covers the intron
///   between its ends) and the VCF anchor base is the plus-strand complement of the mRNA base.
public struct ITDAnnotator: Sendable {
    /// Transcript used in HGVS c. descriptions.
    public static let transcript = "NM_004119.3"

    public let reference: FLT3Reference
    public let normalizer: ITDNormalizer

    public init(reference: FLT3Reference = .shared) {
        self.reference = reference
        self.normalizer = ITDNormalizer(reference: reference)
    }

    /// Annotation of `event` after normalisation. Throws ``ITDAnnotationError`` when the event
    /// cannot be normalised or has no templated (duplicated) bases.
    public func annotate(_ event: InsertionEvent) throws -> ITDAnnotation {
        try annotate(normalizer.normalize(event))
    }

    /// Annotation of an already normalised insertion.
    public func annotate(_ n: NormalizedInsertion) throws -> ITDAnnotation {
        guard n.templatedLength > 0 else {
            throw ITDAnnotationError.noTemplatedBases(reference: n.event.reference, position: n.event.position)
        }
        let p = n.event.position
        let span = n.duplicatedSpan
        let z = n.event.inserted
        let coordinates = Coordinates(reference: reference, id: n.event.reference)

        let hgvsC: String
        if n.isPureDuplication {
            let first = coordinates.cLabel(span.lowerBound), last = coordinates.cLabel(span.upperBound - 1)
            hgvsC = span.count == 1 ? "c.\(first)dup" : "c.\(first)_\(last)dup"
        } else {
            hgvsC = "c.\(coordinates.cLabel(p - 1))_\(coordinates.cLabel(p))ins\(String(decoding: z, as: UTF8.self))"
        }

        let anchor = annotationComplement(coordinates.base(p))
        let grch38Start = coordinates.grch38(span.upperBound - 1)
        let grch38End = coordinates.grch38(span.lowerBound)
        var regions: [String] = []
        for s in span where regions.last != coordinates.region(s) { regions.append(coordinates.region(s)) }

        let lastDuplicatedC = coordinates.cPosition(p - 1)
        let domain = lastDuplicatedC.flatMap { c in
            reference.domains.first { $0.cStart <= c && c <= $0.cEnd }?.name
        } ?? ""

        let hgvsP: String
        if let c = lastDuplicatedC, span.allSatisfy({ coordinates.cPosition($0) != nil }) {
            hgvsP = ProteinConsequence.describe(inserting: z, atCDSIndex: c, cds: reference.cds)
        } else {
            hgvsP = "p.?"
        }

        return ITDAnnotation(
            length: n.templatedLength,
            insertionLength: z.count,
            insertedSequence: String(decoding: z, as: UTF8.self),
            nontemplatedBases: String(decoding: n.nontemplated, as: UTF8.self),
            grch38Start: grch38Start,
            grch38End: grch38End,
            grch37Start: grch38Start + FLT3Reference.grch37Offset,
            grch37End: grch38End + FLT3Reference.grch37Offset,
            vcfPos: coordinates.grch38(p),
            vcfRef: String(decoding: [anchor], as: UTF8.self),
            vcfAlt: String(decoding: [anchor] + annotationReverseComplement(z), as: UTF8.self),
            hgvsC: "\(Self.transcript):\(hgvsC)",
            hgvsP: hgvsP,
            inFrame: z.count % 3 == 0,
            region: regions.joined(separator: "-"),
            domain: domain)
    }
}

/// Per-offset lookups on one embedded reference (offsets in transcript orientation).
private struct Coordinates {
    let reference: FLT3Reference
    let id: ReferenceID

    func base(_ offset: Int) -> UInt8 { reference.sequence(id)[offset] }

    /// HGVS c. label without "c." ("1770", "1837+5").
    func cLabel(_ offset: Int) -> String {
        switch id {
        case .genomic: return reference.cLabel(senseOffset: offset)
        case .mrna: return String(reference.cPosition(mrnaOffset: offset))
        }
    }

    /// Exonic c. position, nil for intronic offsets.
    func cPosition(_ offset: Int) -> Int? {
        switch id {
        case .genomic: return Int(reference.cLabel(senseOffset: offset))
        case .mrna: return reference.cPosition(mrnaOffset: offset)
        }
    }

    /// GRCh38 position (1-based, plus strand) of the base at `offset`.
    func grch38(_ offset: Int) -> Int {
        switch id {
        case .genomic:
            return reference.grch38(senseOffset: offset)
        case .mrna:
            // Every mRNA offset lies in one exon of the table; FLT3 is on the minus strand.
            let exon = reference.exon(mrnaOffset: offset)!
            return exon.grch38End - (offset - exon.mrnaSpan.lowerBound)
        }
    }

    func region(_ offset: Int) -> String {
        switch id {
        case .genomic: return reference.region(senseOffset: offset)
        case .mrna: return reference.exon(mrnaOffset: offset)?.name ?? "mrna"
        }
    }
}

private func annotationComplement(_ b: UInt8) -> UInt8 {
    switch b {
    case UInt8(ascii: "A"): return UInt8(ascii: "T")
    case UInt8(ascii: "C"): return UInt8(ascii: "G")
    case UInt8(ascii: "G"): return UInt8(ascii: "C")
    case UInt8(ascii: "T"): return UInt8(ascii: "A")
    default: return UInt8(ascii: "N")
    }
}

private func annotationReverseComplement(_ s: [UInt8]) -> [UInt8] { s.reversed().map(annotationComplement) }
