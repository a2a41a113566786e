/// Moves spans between the mRNA and the genomic window (both sense orientation).
enum LocusCoordinates {
    /// mRNA offset of a genomic sense offset inside exons 13-15, else nil.
    static func mrnaOffset(senseOffset s: Int) -> Int? {
        for e in FLT3Reference.shared.exons {
            if let span = e.senseSpan, span.contains(s) { return e.mrnaSpan.lowerBound + (s - span.lowerBound) }
        }
        return nil
    }

    /// The genomic sense pieces of a span on `reference` (mRNA spans are split at exon boundaries;
    /// parts outside exons 13-15 are dropped).
    static func genomicPieces(_ span: Range<Int>, on reference: ReferenceID) -> [Range<Int>] {
        if reference == .genomic { return [span] }
        var out: [Range<Int>] = []
        for e in FLT3Reference.shared.exons {
            guard let g = e.senseSpan else { continue }
            let lo = max(span.lowerBound, e.mrnaSpan.lowerBound), hi = min(span.upperBound, e.mrnaSpan.upperBound)
            if lo < hi { out.append((g.lowerBound + lo - e.mrnaSpan.lowerBound)..<(g.lowerBound + hi - e.mrnaSpan.lowerBound)) }
        }
        return out
    }
}
