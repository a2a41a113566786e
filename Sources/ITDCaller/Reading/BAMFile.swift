import CHTSlib
import Foundation

/// One open SAM/BAM/CRAM file: the htslib handle, its header, its index when one exists, and a
/// reusable record. Owns the C resources and frees them in `deinit`.
///
/// Iteration decodes primary records only (secondary and supplementary records are skipped
/// before decoding) into one reused ``BAMRead``; the body may keep a copy.
final class BAMFile {
    let path: String
    let format: BAMFormat
    /// Size of the file in bytes.
    let size: Int
    /// Contigs of the header, in `tid` order.
    let contigs: [(name: String, length: Int64)]
    let plan: BAMReadPlan
    /// The FASTA given for a CRAM file (`--reference`), nil when none.
    let reference: String?

    private let fp: UnsafeMutablePointer<htsFile>
    private let header: UnsafeMutablePointer<sam_hdr_t>
    private let index: OpaquePointer?
    private let record: UnsafeMutablePointer<bam1_t>
    private var scratch = BAMRead()
    /// 1-based number of the last record read (in file order for whole-file reads).
    private(set) var recordNumber = 0
    /// Whether htslib decompresses on threads (then a bad block is noticed ahead of the record
    /// that holds it, at a point that depends on timing, so an error names no record).
    private let threaded: Bool
    /// Header lines of a SAM file (0 for BAM/CRAM), so that a bad record can be named by line.
    private let headerLines: Int
    /// An index file next to the data that is older than it (htslib loads it all the same; its
    /// offsets then point into the wrong data), named in read errors.
    let staleIndex: String?

    /// Opens `path`, reads its header and loads its index (`.bai`, `.csi`, `.crai`) if present.
    ///
    /// - Parameters:
    ///   - reference: FASTA the CRAM file was compressed against (htslib writes its `.fai` next to
    ///     it when missing); required for a CRAM file whose header lists reference sequences,
    ///     unless the user set `REF_PATH` (see ``BAMReferenceSearch``: no downloads).
    ///   - threads: htslib decompression threads (0 or 1 = none).
    /// - Throws: ``InputError`` naming the file: unreadable, not SAM/BAM/CRAM, truncated BAM
    ///   (no end-of-file marker), CRAM without its reference.
    init(path: String, reference: String?, threads: Int) throws(InputError) {
        BAMLogging.silenceHTSlib()
        self.path = path
        self.reference = reference
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw InputError(.unreadable, file: path, detail: "cannot open: \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) != S_IFDIR else {
            throw InputError(.isDirectory, file: path, detail: "is a directory, not a BAM/CRAM file")
        }
        size = Int(st.st_size)
        guard let format = BAMFormat.detect(path: path) else {
            throw InputError(.unreadable, file: path, detail: "not a SAM, BAM or CRAM file")
        }
        self.format = format
        guard let fp = hts_open(path, "r") else {
            throw InputError(.unreadable, file: path, detail: "cannot open: \(String(cString: strerror(errno)))")
        }
        // 0 = the end-of-file marker (BGZF block or CRAM container) is missing; SAM has none
        if format != .sam, hts_check_EOF(fp) == 0 {
            hts_close(fp)
            let marker = format == .bam ? "BGZF end-of-file marker" : "CRAM end-of-file container"
            throw InputError(.truncatedGzip, file: path, detail: "the \(format.rawValue) file is truncated (no \(marker))")
        }
        guard let header = sam_hdr_read(fp) else {
            hts_close(fp)
            throw InputError(.unreadable, file: path, detail: "cannot read the \(format.rawValue) header")
        }
        var contigs: [(name: String, length: Int64)] = []
        for tid in 0..<sam_hdr_nref(header) {
            contigs.append((String(cString: sam_hdr_tid2name(header, tid)), Int64(sam_hdr_tid2len(header, tid))))
        }
        if format == .cram {
            BAMReferenceSearch.disableDownloads()
            if let reference {
                guard FileManager.default.isReadableFile(atPath: reference), hts_set_fai_filename(fp, reference) == 0 else {
                    sam_hdr_destroy(header)
                    hts_close(fp)
                    throw InputError(.unreadable, file: path, detail: "cannot use the CRAM reference '\(reference)' (not a readable FASTA)")
                }
            } else if !contigs.isEmpty, !BAMReferenceSearch.userSetRefPath {
                sam_hdr_destroy(header)
                hts_close(fp)
                throw InputError(.unreadable, file: path, detail: "a CRAM file needs the reference FASTA it was compressed against: give --reference FILE")
            }
            _ = chts_set_cram_fastq_fields(fp)
        }
        // Not for SAM: htslib's threaded SAM parser reports a bad line at the start of its block,
        // so the record named in the error would be wrong (and SAM is a small-file format).
        threaded = threads > 1 && format != .sam
        if threaded { _ = hts_set_threads(fp, Int32(threads)) }
        if format == .sam, let text = sam_hdr_str(header) {
            headerLines = UnsafeBufferPointer(start: text, count: strlen(text)).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        } else {
            headerLines = 0
        }
        self.fp = fp
        self.header = header
        self.contigs = contigs
        record = bam_init1()
        // SAM text cannot be indexed; a plain SAM is always read whole.
        index = format == .sam ? nil : sam_index_load(fp, path)
        staleIndex = index == nil ? nil : Self.olderIndex(of: path, modified: st.st_mtim)
        if index == nil {
            plan = .wholeFile(reason: "no index")
        } else if let region = BAMFLT3Region.locate(contigs: contigs) {
            plan = .region(region)
        } else if let chr13 = contigs.first(where: { BAMFLT3Region.isChromosome13($0.name) }) {
            plan = .wholeFile(reason: "its chromosome 13, '\(chr13.name)', is \(chr13.length) bp long, neither GRCh38 nor GRCh37, so FLT3's place on it is unknown")
        } else {
            plan = .wholeFile(reason: "no GRCh38 or GRCh37 chromosome 13 in the header")
        }
    }

    /// Whether an index was loaded (plain SAM never has one).
    var hasIndex: Bool { index != nil }

    deinit {
        bam_destroy1(record)
        if let index { hts_idx_destroy(index) }
        sam_hdr_destroy(header)
        hts_close(fp)
    }

    /// Compressed bytes read so far (for progress).
    var compressedOffset: Int { Int(chts_compressed_offset(fp)) }

    /// Every primary record in file order.
    ///
    /// - Throws: ``InputError`` `.empty` when the file holds no record at all (a header only, as
    ///   a failed alignment leaves), like an empty FASTQ file.
    func readAll(_ body: (BAMRead) throws -> Void) throws {
        while true {
            let r = sam_read1(fp, header, record)
            if r < -1 || (r == -1 && chts_stream_error(fp) != 0) { throw readError() }
            if r < 0 {
                if recordNumber == 0 { throw InputError(.empty, file: path, detail: "the \(format.rawValue) file has a header but no reads") }
                return
            }
            recordNumber += 1
            try deliver(body)
        }
    }

    /// The primary records overlapping [start, end) of contig `tid` (0-based half-open), in
    /// coordinate order. Needs the index.
    func query(tid: Int32, start: Int64, end: Int64, _ body: (BAMRead) throws -> Void) throws {
        try iterate(tid: tid, start: start, end: end, body)
    }

    /// The unplaced records (no contig and position: unmapped pairs), stored at the end of a
    /// coordinate-sorted file. Needs the index.
    func queryUnplaced(_ body: (BAMRead) throws -> Void) throws {
        // A BAM index with no unplaced reads (and no reads at all, for a header-only file)
        // cannot be queried for them; a CRAM index does not count them.
        if format == .bam, let index, hts_idx_get_n_no_coor(index) == 0 { return }
        try iterate(tid: HTS_IDX_NOCOOR, start: 0, end: 0, body)
    }

    /// Whether a BAM index says the file holds no reads at all (nil when it cannot tell: CRAM).
    var indexedFileIsEmpty: Bool? {
        guard format == .bam, let index else { return nil }
        var total = hts_idx_get_n_no_coor(index)
        for tid in 0..<contigs.count {
            var mapped: UInt64 = 0, unmapped: UInt64 = 0
            guard hts_idx_get_stat(index, Int32(tid), &mapped, &unmapped) >= 0 else { continue }
            total += mapped + unmapped
        }
        return total == 0
    }

    /// The index file htslib would load for `path` (`.bai`, `.csi`, `.crai`, or the `.bam`
    /// replaced by `.bai`) when it is older than the data file.
    private static func olderIndex(of path: String, modified data: timespec) -> String? {
        let stem = (path as NSString).deletingPathExtension
        for candidate in [path + ".bai", path + ".csi", path + ".crai", stem + ".bai", stem + ".crai"] {
            var st = stat()
            guard stat(candidate, &st) == 0 else { continue }
            let older = (st.st_mtim.tv_sec, st.st_mtim.tv_nsec) < (data.tv_sec, data.tv_nsec)
            return older ? candidate : nil
        }
        return nil
    }

    private func iterate(tid: Int32, start: Int64, end: Int64, _ body: (BAMRead) throws -> Void) throws {
        guard let index else { preconditionFailure("region query without an index") }
        guard let itr = sam_itr_queryi(index, tid, start, end) else {
            throw InputError(.ioError, file: path, detail: "cannot query the index for \(tid < 0 ? "unmapped reads" : "\(contigs[Int(tid)].name):\(start + 1)-\(end)")")
        }
        defer { hts_itr_destroy(itr) }
        while true {
            let r = chts_itr_next(fp, itr, record)
            if r < -1 || (r == -1 && chts_stream_error(fp) != 0) { throw readError() }
            if r < 0 { return }
            recordNumber += 1
            try deliver(body)
        }
    }

    private func deliver(_ body: (BAMRead) throws -> Void) throws {
        guard BAMRead.isPrimary(record.pointee.core.flag) else { return }
        scratch.decode(UnsafePointer(record))
        scratch.end = Int64(bam_endpos(record))
        try body(scratch)
    }

    /// A record htslib could not decode: `.truncatedRecord` for BAM and SAM; `.unreadable` for
    /// CRAM, where a missing or wrong reference is the usual cause. SAM errors name the line;
    /// BAM errors on threads name no record (see ``threaded``).
    private func readError() -> InputError {
        let n = recordNumber + 1
        if let staleIndex, index != nil {
            return InputError(.truncatedRecord, file: path,
                              detail: "\(format.rawValue) record \(n) could not be read through the index \(staleIndex), which is older than the file: re-index it (samtools index) or remove it")
        }
        if threaded && format == .bam {
            return InputError(.truncatedRecord, file: path,
                              detail: "BAM data could not be read (corrupt or truncated file; --threads 1 names the record)")
        }
        if format == .sam {
            return InputError(.truncatedRecord, file: path, line: headerLines + n, record: n,
                              detail: "SAM record \(n) could not be read (malformed or truncated line)")
        }
        if format == .cram {
            let source = reference != nil ? "--reference" : BAMReferenceSearch.userSetRefPath ? "the reference found through REF_PATH" : "the reference"
            return InputError(.unreadable, file: path, record: n,
                              detail: "CRAM record \(n) could not be decoded: \(source) must be the FASTA the file was compressed against (or the file is corrupt)")
        }
        return InputError(.truncatedRecord, file: path, record: n,
                          detail: "\(format.rawValue) record \(n) could not be read (corrupt or truncated file)")
    }
}
