import CHTSlib
import Foundation

/// The alignment formats read through htslib, recognised by content (magic bytes, after BGZF or
/// gzip decompression for BAM and SAM), never by file name.
public enum BAMFormat: String, Sendable, Hashable {
    case sam = "SAM"
    case bam = "BAM"
    case cram = "CRAM"

    /// The format of the file at `path` when it is SAM, BAM or CRAM; nil for anything else
    /// (FASTQ, FASTA, unreadable files, stdin `-`, pipes and other non-regular files, whose first
    /// bytes cannot be read twice). Reads at most the first block of the file.
    public static func detect(path: String) -> BAMFormat? {
        guard path != "-" else { return nil }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        BAMLogging.silenceHTSlib()
        guard let h = chts_hopen_read(path) else { return nil }
        defer { _ = hclose(h) }
        var format = htsFormat()
        guard hts_detect_format2(h, path, &format) == 0, format.category == sequence_data else { return nil }
        switch format.format {
        case CHTSlib.sam: return .sam
        case CHTSlib.bam: return .bam
        case CHTSlib.cram: return .cram
        default: return nil
        }
    }
}
