/// The sample-level answer.
public enum SampleCall: String, Sendable, Hashable, Codable, CaseIterable {
    /// At least one ITD and total AR strictly greater than the threshold.
    case har = "HAR"
    /// At least one ITD and total AR at or below the threshold.
    case lar = "LAR"
    /// No ITD found and the locus depth reached the minimum.
    case negative = "NEGATIVE"
    /// No ITD found and the locus depth was below the minimum: not enough data to say negative;
    /// or an ITD was found whose allelic ratio could not be measured.
    case indeterminate = "INDETERMINATE"
}
