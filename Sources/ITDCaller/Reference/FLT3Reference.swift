/// Which embedded reference sequence a coordinate refers to.
public enum ReferenceID: Int, Sendable, Hashable, Codable, CaseIterable {
    /// GRCh38 chr13:28,033,587-28,034,707 (exons 13-15 with introns), transcript (sense) orientation.
    /// Offset 0 = chr13:28,034,707; offset s = GRCh38 28,034,707 - s.
    case genomic
    /// FLT3 mRNA exons 12-16 (c.1419-2053), sense; offset m = c.(1419 + m).
    case mrna
}

/// One exon of the embedded model (NM_004119 numbering).
public struct Exon: Sendable, Hashable {
    public let name: String
    /// GRCh38, 1-based inclusive, plus strand.
    public let grch38Start: Int
    public let grch38End: Int
    /// HGVS c. positions, inclusive.
    public let cStart: Int
    public let cEnd: Int
    /// 0-based half-open span in the genomic sense window; nil when the exon lies outside it.
    public let senseSpan: Range<Int>?
    /// 0-based half-open span in the mRNA (exons 12-16).
    public let mrnaSpan: Range<Int>
}

/// A protein sub-domain (JMD motifs, TKD1 elements), 1-based inclusive coordinates.
public struct ProteinDomain: Sendable, Hashable {
    public let name: String
    public let proteinStart: Int
    public let proteinEnd: Int
    public let cStart: Int
    public let cEnd: Int
}

/// The FLT3 reference embedded in the library (no external files). Sequences are uppercase ASCII.
///
/// Conventions: all offsets are 0-based; spans are half-open; both references are in transcript
/// (sense) orientation, which is the minus strand of chr13. GRCh38 = GRCh37 - 574,137 here.
public struct FLT3Reference: Sendable {
    public static let shared = FLT3Reference()

    /// GRCh38 position of genomic sense offset 0.
    public static let grch38AtSenseZero = 28_034_707
    /// GRCh37 minus GRCh38 throughout the window.
    public static let grch37Offset = 574_137
    /// c. position of mRNA offset 0.
    public static let mrnaFirstC = 1419

    public let genomicSense: [UInt8]
    /// GRCh38 chr13:28,033,340-28,034,800, plus strand (wider context, for screening only).
    public let genomicContextPlus: [UInt8]
    public let mrna: [UInt8]
    /// Coding sequence c.1-2982 (993 codons + stop).
    public let cds: [UInt8]
    public let exons: [Exon]
    public let domains: [ProteinDomain]
    /// Amplicon primers: (name, 5'->3' sequence).
    public let primers: [(name: String, sequence: String)]
    private let cLabels: [String]
    private let regionNames: [String]

    private init() {
        genomicSense = Array(FLT3ReferenceData.genomicSense.utf8)
        genomicContextPlus = Array(FLT3ReferenceData.genomicContextPlus.utf8)
        mrna = Array(FLT3ReferenceData.mrna.utf8)
        cds = Array(FLT3ReferenceData.cds.utf8)
        cLabels = FLT3ReferenceData.cLabels
        regionNames = FLT3ReferenceData.regions
        exons = FLT3ReferenceData.exons.map { e in
            Exon(name: e.0, grch38Start: e.1, grch38End: e.2, cStart: e.3, cEnd: e.4,
                 senseSpan: e.5.flatMap { s in e.6.map { s..<$0 } }, mrnaSpan: e.7..<e.8)
        }
        domains = FLT3ReferenceData.domains.map {
            ProteinDomain(name: $0.0, proteinStart: $0.1, proteinEnd: $0.2, cStart: $0.3, cEnd: $0.4)
        }
        primers = FLT3ReferenceData.primers.map { (name: $0.0, sequence: $0.1) }
    }

    /// The sequence of a reference.
    public func sequence(_ id: ReferenceID) -> [UInt8] {
        id == .genomic ? genomicSense : mrna
    }

    /// GRCh38 position (1-based, plus strand) of a genomic sense offset.
    public func grch38(senseOffset s: Int) -> Int { Self.grch38AtSenseZero - s }
    /// GRCh37 position (1-based, plus strand) of a genomic sense offset.
    public func grch37(senseOffset s: Int) -> Int { grch38(senseOffset: s) + Self.grch37Offset }

    /// HGVS c. label of a genomic sense offset ("1770", "1837+5", "1705-3"), without the "c." prefix.
    public func cLabel(senseOffset s: Int) -> String { cLabels[s] }
    /// Region of a genomic sense offset ("exon14", "intron14", ...).
    public func region(senseOffset s: Int) -> String { regionNames[s] }

    /// c. position of an mRNA offset.
    public func cPosition(mrnaOffset m: Int) -> Int { Self.mrnaFirstC + m }

    /// The exon holding an mRNA offset.
    public func exon(mrnaOffset m: Int) -> Exon? { exons.first { $0.mrnaSpan.contains(m) } }

    /// mRNA offset of a genomic sense offset inside exons 13-15 (the inverse of
    /// ``senseOffset(mrnaOffset:)``); nil for intronic offsets.
    public func mrnaOffset(senseOffset s: Int) -> Int? {
        guard let e = exons.first(where: { $0.senseSpan?.contains(s) == true }), let span = e.senseSpan else { return nil }
        return e.mrnaSpan.lowerBound + (s - span.lowerBound)
    }

    /// Genomic sense offset of an mRNA offset, when its exon lies inside the genomic window.
    public func senseOffset(mrnaOffset m: Int) -> Int? {
        guard let e = exon(mrnaOffset: m), let span = e.senseSpan else { return nil }
        return span.lowerBound + (m - e.mrnaSpan.lowerBound)
    }
}
