/// One FLT3-ITD found in the sample: where it is, how it is written, and how abundant it is.
public struct ITDCall: Sendable, Hashable, Codable {
    /// Stable identifier within one result ("ITD1", "ITD2", ... in genomic order).
    public var id: String
    /// The normalised event on the genomic window (sense orientation) this call stands for.
    public var event: InsertionEvent
    public var annotation: ITDAnnotation
    public var quantification: ITDQuantification
    /// Which references showed the junction ("genomic", "mrna").
    public var seenOn: [String]

    public init(id: String, event: InsertionEvent, annotation: ITDAnnotation,
                quantification: ITDQuantification, seenOn: [String]) {
        self.id = id
        self.event = event
        self.annotation = annotation
        self.quantification = quantification
        self.seenOn = seenOn
    }
}
