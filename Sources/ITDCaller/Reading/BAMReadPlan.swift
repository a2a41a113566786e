/// How a BAM/CRAM/SAM file is read.
public enum BAMReadPlan: Sendable, Hashable, CustomStringConvertible {
    /// Through the index: the records overlapping the FLT3 region, the unplaced (unmapped)
    /// records at the end of the file, and the mates of region records placed elsewhere.
    case region(BAMFLT3Region)
    /// Every record, in file order (no index, or no GRCh38/GRCh37 chromosome 13 in the header).
    case wholeFile(reason: String)

    public var description: String {
        switch self {
        case .region(let r): return "FLT3 region \(r) + unmapped reads + mates, through the index"
        case .wholeFile(let reason): return "whole file (\(reason))"
        }
    }
}
