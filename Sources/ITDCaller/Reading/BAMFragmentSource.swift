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
    /// Sum of the file sizes when every file is read whole; nil when a file is read through its
    /// index (progress by bytes would then be meaningless).
    public let totalBytes: Int?
    /// How each file was read by the last `forEachFragment`, by path.
    public private(set) var plans: [String: BAMReadPlan] = [:]
    /// Reads delivered alone because the waiting room was full, in the last `forEachFragment`.
    public private(set) var pairsSplitByBound = 0
    /// Paired reads delivered alone because their mate was not in the file (or, read through
    /// the index, not where the read says it is), in the last `forEachFragment`.
    public private(set) var matesNotFound = 0
    /// Primary records without bases (SEQ `*`), which cannot be examined, in the last
    /// `forEachFragment`.
    public private(set) var recordsWithoutSequence = 0
    /// Pairs remembered by name after delivery, to recognise their records' copies in a file
    /// merged twice (a whole file concatenated to itself is not recognised: its copies come a
    /// file later).
    static let recentPairCapacity = 4096
    /// Paired records whose name and mate (first/second) repeat a record already read, counted
    /// once, in the last `forEachFragment`.
    public private(set) var repeatedRecords = 0
    /// What the last `forEachFragment` should tell the report (see ``warnings``).
    private var notes: [String] = []

    private var finishedBytes = 0
    private var current: BAMFile?

    /// Opens every file once to check it (a missing, malformed or reference-less CRAM file is
    /// reported before any reading starts).
    ///
    /// - Throws: ``InputError`` naming the file.
    public init(paths: [String], reference: String? = nil, threads: Int = 1,
                maxPendingMates: Int = 100_000) throws(InputError) {
        self.paths = paths
        self.reference = reference
        self.threads = threads
        self.maxPendingMates = maxPendingMates
        var total: Int? = 0
        for path in paths {
            let file = try BAMFile(path: path, reference: reference, threads: 1)
            if file.indexedFileIsEmpty == true {
                throw InputError(.empty, file: path, detail: "the \(file.format.rawValue) file has a header but no reads")
            }
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
        matesNotFound = 0
        recordsWithoutSequence = 0
        repeatedRecords = 0
        notes = []
        defer { current = nil }
        for path in paths {
            let file = try BAMFile(path: path, reference: reference, threads: threads)
            current = file
            plans[path] = file.plan
            var pending = BAMPendingMates(capacity: maxPendingMates)
            // The last paired read, held back from the waiting room: mates are usually adjacent
            // (unaligned and name-grouped files), and then no dictionary is touched.
            var held: BAMRead?

            // A record whose name and mate (first/second) are those of a record already read is a
            // repeat of it (a file merged twice): counted once, never paired with itself. The names
            // of the pairs delivered last (at most `recentPairCapacity`, as 64-bit hashes in a ring:
            // a collision, ~4096 / 2^64 per read, is negligible) catch the copies that come after
            // their pair in a name- or coordinate-sorted file merged twice.
            var recentPairs = Set<Int>(minimumCapacity: Self.recentPairCapacity)
            var recentRing = [Int](repeating: 0, count: Self.recentPairCapacity)
            var recentNext = 0
            func isRepeat(_ a: BAMRead, _ b: BAMRead) -> Bool { a.flag & 0xC0 == b.flag & 0xC0 }
            func pair(_ a: BAMRead, _ b: BAMRead) throws {
                let key = b.name.hashValue
                if recentPairs.insert(key).inserted {
                    if recentPairs.count > Self.recentPairCapacity { recentPairs.remove(recentRing[recentNext]) }
                    recentRing[recentNext] = key
                    recentNext = (recentNext + 1) % Self.recentPairCapacity
                }
                try deliverPair(a, b, body)
            }

            // Waits `read` for its mate; the oldest waiting read goes alone when the room is full.
            func insert(_ read: BAMRead) throws {
                if let oldest = pending.insert(read) {
                    try oldest.withView { try body($0, nil) }
                }
            }

            // Pairs `read` with its waiting mate, or counts it as a repeat of the waiting record
            // (which waits on); false when nothing waits under its name.
            func matchWaiting(_ read: BAMRead) throws -> Bool {
                guard !pending.isEmpty, let mate = pending.take(read.name) else { return false }
                if isRepeat(mate, read) {
                    repeatedRecords += 1
                    try insert(mate)
                } else {
                    try pair(mate, read)
                }
                return true
            }

            func wait(_ read: BAMRead) throws {
                if try !matchWaiting(read) { try insert(read) }
            }

            func handle(_ read: BAMRead) throws {
                if read.sequence.isEmpty { recordsWithoutSequence += 1 }
                guard read.isPaired else {
                    try read.withView { try body($0, nil) }
                    return
                }
                if !recentPairs.isEmpty, recentPairs.contains(read.name.hashValue) {
                    repeatedRecords += 1
                    return
                }
                if let previous = held {
                    held = nil
                    if previous.name == read.name {
                        if isRepeat(previous, read) {
                            repeatedRecords += 1
                            held = previous
                        } else {
                            try pair(previous, read)
                        }
                        return
                    }
                    try wait(previous)
                }
                if try !matchWaiting(read) { held = read }
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
            case .wholeFile(let reason):
                if file.hasIndex {
                    notes.append("\(path) has an index but was read whole (\(reason)): reads of FLT3 are found all the same, only more slowly")
                }
                try file.readAll(handle)
                try release()
            }
            for read in pending.drain() {
                matesNotFound += 1
                try read.withView { try body($0, nil) }
            }
            pairsSplitByBound += pending.evicted
            finishedBytes += file.size
            current = nil
        }
        if repeatedRecords > 0 {
            notes.append("\(repeatedRecords) paired records repeat the name and mate of a record already read and were counted once: was the file merged or concatenated twice?")
        }
        if recordsWithoutSequence > 0 {
            notes.append("\(recordsWithoutSequence) primary records have no bases (SEQ '*'), so they could not be examined; was the file written without sequences?")
        }
        if pairsSplitByBound > 0 {
            notes.append("\(pairsSplitByBound) paired reads were counted without their mate: more than \(maxPendingMates) reads waited for a mate at once (sort the file by name or coordinate)")
        }
        if matesNotFound > 0 {
            notes.append("\(matesNotFound) paired reads were counted without their mate, which is not in the file\(plans.values.contains { if case .region = $0 { return true } else { return false } } ? " or not where the read says it is" : "")")
        }
    }

    /// The notes of the last `forEachFragment`: a file read whole although it has an index,
    /// records without bases, reads counted without their mate.
    public var warnings: [String] { notes }

    /// Finds, through the index, the mates of waiting reads that are mapped outside the region
    /// (they were not among the region's records). Mate positions within `mateQueryGap` of each
    /// other are read with one index query, so many mates cost few seeks.
    private func lookUpMates(_ pending: inout BAMPendingMates, in file: BAMFile, outside region: BAMFLT3Region,
                             _ body: (ReadView, ReadView?) throws -> Void) throws {
        let wanted = pending.waiting.filter(\.mateIsPlaced)
            .sorted { ($0.mateTid, $0.matePos) < ($1.mateTid, $1.matePos) }
        var start = 0
        while start < wanted.count {
            var end = start + 1
            while end < wanted.count, wanted[end].mateTid == wanted[start].mateTid,
                  wanted[end].matePos - wanted[end - 1].matePos <= Self.mateQueryGap {
                end += 1
            }
            let group = wanted[start..<end]
            var flagsByName: [[UInt8]: (pos: Int64, flag: UInt16)] = [:]
            for read in group { flagsByName[read.name] = (read.matePos, read.flag) }
            try file.query(tid: group.first!.mateTid, start: group.first!.matePos, end: group.last!.matePos + 1) { candidate in
                // A candidate inside the region was seen already (and delivered alone).
                let inRegion = candidate.tid == region.tid && candidate.pos < region.end && candidate.end > region.start
                guard !inRegion, let w = flagsByName[candidate.name], candidate.pos == w.pos,
                      candidate.flag & 0xC0 != w.flag & 0xC0, let waiting = pending.take(candidate.name) else { return }
                try deliverPair(waiting, candidate, body)
            }
            start = end
        }
    }

    /// Mates placed at most this many bases apart are looked up with one index query.
    static let mateQueryGap: Int64 = 10_000

    /// Delivers two mates as one fragment, the first mate (FLAG 0x40) as read1.
    private func deliverPair(_ a: BAMRead, _ b: BAMRead, _ body: (ReadView, ReadView?) throws -> Void) throws {
        let (first, second) = b.isFirstMate && !a.isFirstMate ? (b, a) : (a, b)
        try first.withView { v1 in
            try second.withView { v2 in try body(v1, v2) }
        }
    }
}
