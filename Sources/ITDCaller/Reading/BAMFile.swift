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

    private let fp: UnsafeMutablePointer<htsFile>
    private let header: UnsafeMutablePointer<sam_hdr_t>
    private let index: OpaquePointer?
    private let record: UnsafeMutablePointer<bam1_t>
    private var scratch = BAMRead()
    /// 1-based number of the last record read (in file order for whole-file reads).
    private(set) var recordNumber = 0

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
        if format == .bam, fp.pointee.is_bgzf != 0, bgzf_check_EOF(fp.pointee.fp.bgzf) == 0 {
            hts_close(fp)
            throw InputError(.truncatedGzip, file: path, detail: "the BAM file is truncated (no BGZF end-of-file marker)")
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
        if threads > 1 { _ = hts_set_threads(fp, Int32(threads)) }
        self.fp = fp
        self.header = header
        self.contigs = contigs
        record = bam_init1()
        // SAM text cannot be indexed; a plain SAM is always read whole.
        index = format == .sam ? nil : sam_index_load(fp, path)
        if index == nil {
            plan = .wholeFile(reason: "no index")
        } else if let region = BAMFLT3Region.locate(contigs: contigs) {
            plan = .region(region)
        } else {
            plan = .wholeFile(reason: "no GRCh38 or GRCh37 chromosome 13 in the header")
        }
    }

    deinit {
        bam_destroy1(record)
        if let index { hts_idx_destroy(index) }
        sam_hdr_destroy(header)
        hts_close(fp)
    }

    /// Compressed bytes read so far (for progress).
    var compressedOffset: Int { Int(chts_compressed_offset(fp)) }

    /// Every primary record in file order.
    func readAll(_ body: (BAMRead) throws -> Void) throws {
        while true {
            let r = sam_read1(fp, header, record)
            if r < -1 { throw readError() }
            if r < 0 { return }
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
        try iterate(tid: HTS_IDX_NOCOOR, start: 0, end: 0, body)
    }

    private func iterate(tid: Int32, start: Int64, end: Int64, _ body: (BAMRead) throws -> Void) throws {
        guard let index else { preconditionFailure("region query without an index") }
        guard let itr = sam_itr_queryi(index, tid, start, end) else {
            throw InputError(.ioError, file: path, detail: "cannot query the index for \(tid < 0 ? "unmapped reads" : "\(contigs[Int(tid)].name):\(start + 1)-\(end)")")
        }
        defer { hts_itr_destroy(itr) }
        while true {
            let r = chts_itr_next(fp, itr, record)
            if r < -1 { throw readError() }
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
    /// CRAM, where a missing or wrong reference is the usual cause.
    private func readError() -> InputError {
        let n = recordNumber + 1
        if format == .cram {
            return InputError(.unreadable, file: path, record: n,
                              detail: "CRAM record \(n) could not be decoded: --reference must be the FASTA the file was compressed against (or the file is corrupt)")
        }
        return InputError(.truncatedRecord, file: path, record: n,
                          detail: "\(format.rawValue) record \(n) could not be read (corrupt or truncated file)")
    }
}
