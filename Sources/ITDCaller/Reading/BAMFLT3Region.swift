/// The FLT3 region read through a BAM/CRAM index, located in the file's header.
///
/// The contig must be chromosome 13 by name (`chr13`, `13`, `NC_000013.*`, `CM000675.*`) and by
/// length, which names the assembly: 114,364,328 bp is GRCh38 (region chr13:28,033,340-28,034,800)
/// and 115,169,878 bp is GRCh37 (13:28,607,477-28,608,937). Any other header (an amplicon-only
/// contig, T2T, an unknown length) has no known FLT3 coordinates, and the whole file is read.
public struct BAMFLT3Region: Sendable, Hashable, CustomStringConvertible {
    public enum Assembly: String, Sendable, Hashable {
        case grch38 = "GRCh38"
        case grch37 = "GRCh37"
    }

    /// Index of the contig in the header (htslib `tid`).
    public var tid: Int32
    public var contig: String
    public var assembly: Assembly
    /// 0-based half-open span on the plus strand (htslib convention).
    public var start: Int64
    public var end: Int64

    public static let grch38Length: Int64 = 114_364_328
    public static let grch37Length: Int64 = 115_169_878

    /// The region on a header's contigs (`(name, length)` in header order); nil when no contig
    /// is chromosome 13 of GRCh38 or GRCh37.
    public static func locate(contigs: [(name: String, length: Int64)]) -> BAMFLT3Region? {
        for (i, c) in contigs.enumerated() where isChromosome13(c.name) {
            switch c.length {
            case grch38Length:
                return BAMFLT3Region(tid: Int32(i), contig: c.name, assembly: .grch38, start: 28_033_339, end: 28_034_800)
            case grch37Length:
                return BAMFLT3Region(tid: Int32(i), contig: c.name, assembly: .grch37, start: 28_607_476, end: 28_608_937)
            default:
                continue
            }
        }
        return nil
    }

    static func isChromosome13(_ name: String) -> Bool {
        name == "chr13" || name == "13" || name == "Chr13" || name.hasPrefix("NC_000013.") || name.hasPrefix("CM000675.")
    }

    /// `chr13:28033340-28034800 (GRCh38)`, 1-based inclusive as samtools writes regions.
    public var description: String {
        "\(contig):\(start + 1)-\(end) (\(assembly.rawValue))"
    }
}
