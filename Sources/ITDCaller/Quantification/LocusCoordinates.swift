/// Moves spans between the mRNA and the genomic window (both sense orientation).
enum LocusCoordinates {
    /// mRNA offset of a genomic sense offset inside exons 13-15, else nil.
    static func mrnaOffset(senseOffset s: Int) -> Int? {
        for e in FLT3Reference.shared.exons {
            if let span = e.senseSpan, span.contains(s) { return e.mrnaSpan.lowerBound + (s - span.lowerBound) }
        }
        return nil
    }
}
