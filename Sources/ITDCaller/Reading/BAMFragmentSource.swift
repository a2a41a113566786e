/// Fragments read from SAM, BAM or CRAM files through htslib, so that aligned or unaligned
/// files need no conversion to FASTQ.
///
/// **What is read.** With an index (`.bai`, `.csi`, `.crai`) and a GRCh38 or GRCh37 chromosome
/// 13 in the header (``BAMFLT3Region``): the records overlapping the FLT3 region, then the
/// unplaced (unmapped) records at the end of the file, then, for region reads whose mate is
/// mapped elsewhere, that mate, looked up through the index. Long-ITD junction reads are often
/// unmapped or soft-clipped, and an unmapped mate is placed at its partner's position, so they
/// come with the region. Without an index (or with another reference) the whole file is read.
/// ``plans`` records which way each file was read.
///
/// **How records become fragments.** Secondary and supplementary records are skipped (the
/// primary record carries the read); duplicates and QC-failed reads are kept, as
/// `samtools fastq` does. Reads are given in their original orientation (``BAMRead``). A paired
/// record (FLAG 0x1) waits by name for its mate, and the two are delivered together as one
/// fragment, first mate (FLAG 0x40) as `read1`, whatever lies between them in the file. The
/// waiting room is bounded (`maxPendingMates`): when full, the oldest waiting read is delivered
/// alone, as are reads whose mate never appears. Each primary record is delivered once.
///
/// A class so that a progress reporter may read ``bytesConsumed`` from inside the
/// `forEachFragment` body; files are opened one at a time, inside `forEachFragment`.
public final class BAMFragmentSource: FragmentSource {
    public let paths: [String]
    /// The FASTA a CRAM file was compressed against.
    public let reference: String?
    public let threads: Int
    public let maxPendingMates: Int
    /// At most this many mates placed outside the region are looked up per file; further
    /// reads whose mate lies elsewhere are delivered alone.
    public let maxMateLookups: Int
    /// Sum of the file sizes when every file is read whole; nil when a file is read through its
    /// index (progress by bytes would then be meaningless).
    public let totalBytes: Int?
    /// How each file was read by the last `forEachFragment`, by path.
    public private(set) var plans: [String: BAMReadPlan] = [:]
    /// Reads delivered alone because the waiting room was full, in the last `forEachFragment`.
    public private(set) var pairsSplitByBound = 0

    private var finishedBytes = 0
    private var current: BAMFile?

    /// Opens every file once to check it (a missing, malformed or reference-less CRAM file is
    /// reported before any reading starts).
    ///
    /// - Throws: ``InputError`` naming the file.
    public init(paths: [String], reference: String? = nil, threads: Int = 1,
                maxPendingMates: Int = 100_000, maxMateLookups: Int = 10_000) throws(InputError) {
        self.paths = paths
        self.reference = reference
        self.threads = threads
        self.maxPendingMates = maxPendingMates
        self.maxMateLookups = maxMateLookups
        var total: Int? = 0
        for path in paths {
            let file = try BAMFile(path: path, reference: reference, threads: 1)
            plans[path] = file.plan
            if case .wholeFile = file.plan, let t = total { total = t + file.size } else { total = nil }
        }
        totalBytes = total
    }

    /// Compressed bytes read so far over all files.
    public var bytesConsumed: Int {
        finishedBytes + (current?.compressedOffset ?? 0)
    }

    public func forEachFragment(_ body: (_ read1: ReadView, _ read2: ReadView?) throws -> Void) throws {
        finishedBytes = 0
        pairsSplitByBound = 0
        defer { current = nil }
        for path in paths {
            let file = try BAMFile(path: path, reference: reference, threads: threads)
            current = file
            plans[path] = file.plan
            var pending = BAMPendingMates(capacity: maxPendingMates)
            // The last paired read, held back from the waiting room: mates are usually adjacent
            // (unaligned and name-grouped files), and then no dictionary is touched.
            var held: BAMRead?

            func wait(_ read: BAMRead) throws {
                if !pending.isEmpty, let mate = pending.take(read.name) {
                    try deliverPair(mate, read, body)
                } else if let oldest = pending.insert(read) {
                    try oldest.withView { try body($0, nil) }
                }
            }

            func handle(_ read: BAMRead) throws {
                guard read.isPaired else {
                    try read.withView { try body($0, nil) }
                    return
                }
                if let previous = held {
                    held = nil
                    if previous.name == read.name {
                        try deliverPair(previous, read, body)
                        return
                    }
                    try wait(previous)
                }
                if !pending.isEmpty, let mate = pending.take(read.name) {
                    try deliverPair(mate, read, body)
                } else {
                    held = read
                }
            }

            func release() throws {
                if let previous = held {
                    held = nil
                    try wait(previous)
                }
            }

            switch file.plan {
            case .region(let region):
                try file.query(tid: region.tid, start: region.start, end: region.end, handle)
                try file.queryUnplaced(handle)
                try release()
                try lookUpMates(&pending, in: file, outside: region, body)
            case .wholeFile:
                try file.readAll(handle)
                try release()
            }
            for read in pending.drain() {
                try read.withView { try body($0, nil) }
            }
            pairsSplitByBound += pending.evicted
            finishedBytes += file.size
            current = nil
        }
    }

    /// Finds, through the index, the mates of waiting reads that are mapped outside the region
    /// (they were not among the region's records), nearest positions together.
    private func lookUpMates(_ pending: inout BAMPendingMates, in file: BAMFile, outside region: BAMFLT3Region,
                             _ body: (ReadView, ReadView?) throws -> Void) throws {
        let wanted = pending.waiting.filter(\.mateIsPlaced)
            .sorted { ($0.mateTid, $0.matePos) < ($1.mateTid, $1.matePos) }
            .prefix(maxMateLookups)
        for read in wanted {
            var found: BAMRead?
            try file.query(tid: read.mateTid, start: read.matePos, end: read.matePos + 1) { candidate in
                // A candidate inside the region was seen already (and delivered alone).
                let inRegion = candidate.tid == region.tid && candidate.pos < region.end && candidate.end > region.start
                if found == nil, !inRegion, candidate.pos == read.matePos, candidate.name == read.name,
                   candidate.flag & 0xC0 != read.flag & 0xC0 {
                    found = candidate
                }
            }
            if let mate = found, let waiting = pending.take(read.name) {
                try deliverPair(waiting, mate, body)
            }
        }
    }

    /// Delivers two mates as one fragment, the first mate (FLAG 0x40) as read1.
    private func deliverPair(_ a: BAMRead, _ b: BAMRead, _ body: (ReadView, ReadView?) throws -> Void) throws {
        let (first, second) = b.isFirstMate && !a.isFirstMate ? (b, a) : (a, b)
        try first.withView { v1 in
            try second.withView { v2 in try body(v1, v2) }
        }
    }
}
