/// The streaming analysis of one sample: screen every fragment against the FLT3 k-mers, align
/// the few that hit, keep their compact evidence, and at the end cluster, quantify, annotate and
/// call. Memory is bounded by the number of distinct fragment shapes at the locus, never by the
/// input size. The library never prints: progress goes through the optional callback.
public struct ITDAnalyzer {
    public let options: AnalysisOptions
    let index: ReferenceIndex
    /// Scratch storage of the streaming pass (not shared: replaced when this value was copied).
    private var aligner: FastReadAligner
    private var readCache = ReadGeometryCache()
    /// Joined mates and their geometries (a cache of its own: a joined read is not a raw read).
    private var merger = MateMerger()
    private var mergedCache = ReadGeometryCache()
    /// ``MateMerger/mayJoin(_:_:longestOverlap:)`` per (mate 1 ID, mate 2 ID): a function of the
    /// two interned geometries, asked once per on-target pair; as many entries as distinct
    /// fragment shapes, which the store holds anyway.
    private var mayJoinAnswers: [Int64: Bool] = [:]
    var store = EvidenceStore()
    public private(set) var funnel = ReadFunnel()
    /// Junction fragments from which an ITD below `--min-fraction` is named in the warnings.
    static let reportableBelowFraction = 10
    /// The sources' ``FragmentSource/warnings`` after each `consume`, for the report.
    private var inputWarnings: [String] = []
    /// Minimum screen hits for a read to be examined further.
    let minScreenHits = 2

    public init(options: AnalysisOptions) {
        self.options = options
        index = ReferenceIndex(k: options.kmerSize)
        aligner = FastReadAligner(index: index)
    }

    /// Examines one fragment (one read, or two mates of a pair). O(read length) for off-target reads.
    public mutating func add(_ read1: ReadView, _ read2: ReadView?) {
        funnel.totalFragments += 1
        funnel.totalReads += read2 == nil ? 1 : 2
        let hit1 = index.screenHits(read1.sequence, limit: minScreenHits) >= minScreenHits
        let hit2 = read2.map { index.screenHits($0.sequence, limit: minScreenHits) >= minScreenHits } ?? false
        guard hit1 || hit2 else { return }
        funnel.onTargetFragments += 1
        if !isKnownUniquelyReferenced(&aligner) { aligner = FastReadAligner(index: index) }
        if !isKnownUniquelyReferenced(&readCache) { readCache = ReadGeometryCache() }
        // The fragment's shape is its aligned mates, in order (FragmentGeometry).
        let m1 = mateGeometryID(read1.sequence)
        let m2 = read2.map { mateGeometryID($0.sequence) } ?? -1
        if m1 >= 0 && Int(store.mates[Int(m1)].readLength) < read1.sequence.count { funnel.adapterTrimmedReads += 1 }
        if m2 >= 0, let read2, Int(store.mates[Int(m2)].readLength) < read2.sequence.count { funnel.adapterTrimmedReads += 1 }
        let first = m1 >= 0 ? m1 : m2
        guard first >= 0 else { return }
        // -2: a pair whose other mate did not align (EvidenceStore.addFragment)
        let second: Int32 = read2 == nil ? -1 : (m1 >= 0 && m2 >= 0 ? m2 : -2)
        funnel.alignedFragments += 1
        var joined: Int32 = -1
        let longestOverlap = MateMerger.longestOverlap(anchor: options.anchor)
        if let read2, options.mergeMates,
           m1 < 0 || m2 < 0 || mayJoin(m1, m2, longestOverlap: longestOverlap) {
            // the mates' locus lengths (without adapter) are known from their geometries when they aligned
            let n1 = m1 >= 0 ? Int(store.mates[Int(m1)].readLength) : locusLength(read1.sequence)
            let n2 = m2 >= 0 ? Int(store.mates[Int(m2)].readLength) : locusLength(read2.sequence)
            joined = joinedGeometryID(read1, n1, read2, n2, longestOverlap: longestOverlap)
        }
        if joined >= 0 { funnel.mergedFragments += 1 }
        if store.mateHasBackwardJunction(first) || (second >= 0 && store.mateHasBackwardJunction(second))
            || (joined >= 0 && store.mateHasBackwardJunction(joined)) {
            funnel.junctionFragments += 1
        }
        store.addFragment(first, second, joined: joined)
    }

    /// Whether the aligned mates `m1`, `m2` may overlap within `longestOverlap` (memoised).
    private mutating func mayJoin(_ m1: Int32, _ m2: Int32, longestOverlap: Int) -> Bool {
        let key = Int64(m1) << 32 | Int64(UInt32(bitPattern: m2))
        if let answer = mayJoinAnswers[key] { return answer }
        let answer = MateMerger.mayJoin(store.mates[Int(m1)], store.mates[Int(m2)], longestOverlap: longestOverlap)
        mayJoinAnswers[key] = answer
        return answer
    }

    /// Bases of a read before its adapter read-through (all of them with `--no-adapter-trim`).
    private func locusLength(_ bases: UnsafeBufferPointer<UInt8>) -> Int {
        options.trimAdapters ? AdapterTrimmer.locusLength(bases) : bases.count
    }

    /// Interned geometry of the pair's mates joined where they overlap (``MateMerger``), each
    /// without its adapter read-through; -1 when they do not overlap or the joined read does not
    /// align.
    private mutating func joinedGeometryID(_ read1: ReadView, _ n1: Int, _ read2: ReadView, _ n2: Int, longestOverlap: Int) -> Int32 {
        guard merger.merge(UnsafeBufferPointer(rebasing: read1.sequence[..<n1]), UnsafeBufferPointer(rebasing: read1.quality[..<n1]),
                           UnsafeBufferPointer(rebasing: read2.sequence[..<n2]), UnsafeBufferPointer(rebasing: read2.quality[..<n2]),
                           longestOverlap: longestOverlap)
        else { return -1 }
        if !isKnownUniquelyReferenced(&mergedCache) { mergedCache = ReadGeometryCache() }
        let cache = mergedCache
        return merger.merged.withUnsafeBufferPointer { geometryID($0, cachedIn: cache, trimmed: false) }
    }

    /// Interned geometry of one read's best alignment, -1 when it does not align. The read is
    /// aligned and measured without its adapter read-through (``AdapterTrimmer``), so its
    /// geometry's `readLength` is the locus bases it has. Identical reads (common in amplicon
    /// data) are answered from the cache (trimming, too, is a function of the bases alone).
    private mutating func mateGeometryID(_ bases: UnsafeBufferPointer<UInt8>) -> Int32 {
        geometryID(bases, cachedIn: readCache, trimmed: true)
    }

    /// Interned geometry of the alignment of `bases` (without its adapter read-through when
    /// `trimmed`, see ``locusLength(_:)``), -1 when it does not align; answered from `cache` when
    /// the same bases were seen, and recorded there otherwise.
    private mutating func geometryID(_ bases: UnsafeBufferPointer<UInt8>, cachedIn cache: ReadGeometryCache, trimmed: Bool) -> Int32 {
        if let id = cache.value(for: bases) { return id }
        var id: Int32 = -1
        let locus = trimmed ? UnsafeBufferPointer(rebasing: bases[..<locusLength(bases)]) : bases
        if let a = aligner.align(locus) { id = store.intern(store.geometry(of: a, readLength: locus.count)) }
        cache.insert(bases, value: id)
        return id
    }

    /// Reads every fragment of `source` into the analysis. `progress` is called about every
    /// 2^18 fragments with the number of fragments so far.
    public mutating func consume<S: FragmentSource>(_ source: inout S, progress: ((Int) -> Void)? = nil) throws {
        var n = 0
        if let stage = BenchmarkStage.fromEnvironment() {
            try consumeTruncated(&source, stage: stage)
            return
        }
        try source.forEachFragment { r1, r2 in
            add(r1, r2)
            n += 1
            if n & 0x3FFFF == 0, let progress { progress(n) }
        }
        inputWarnings += source.warnings
    }

    /// The benchmark-only layers (``BenchmarkStage``): parse only, or parse and screen.
    private mutating func consumeTruncated<S: FragmentSource>(_ source: inout S, stage: BenchmarkStage) throws {
        try source.forEachFragment { r1, r2 in
            funnel.totalFragments += 1
            funnel.totalReads += r2 == nil ? 1 : 2
            guard stage == .screen else { return }
            let hit1 = index.screenHits(r1.sequence, limit: minScreenHits) >= minScreenHits
            let hit2 = r2.map { index.screenHits($0.sequence, limit: minScreenHits) >= minScreenHits } ?? false
            if hit1 || hit2 { funnel.onTargetFragments += 1 }
        }
    }

    /// Clusters, quantifies, annotates and calls. Cheap: works on the distinct evidence only.
    public func finish(sample: String, inputs: [String]) -> SampleResult {
        var warnings = inputWarnings
        var store = self.store
        var duplicates: Int?
        if options.collapseDuplicates {
            let collapsed = DuplicateCollapser.collapse(store.geometries, junctions: store.junctions)
            if let why = collapsed.notApplied {
                warnings.append("--collapse-duplicates not applied: \(why); all fragments are counted"
                                + (options.inputCopies == nil ? " (--input-copies gives the intervals the input's sampling)" : ""))
            } else {
                store = store.withFragments(collapsed.geometries)
                duplicates = collapsed.duplicates
                if let copies = options.inputCopies, collapsed.molecules > copies {
                    warnings.append("--input-copies \(copies) is fewer than the \(collapsed.molecules) distinct molecules read at exons 14-15 after collapsing duplicates: is it in copies (about 303 per ng of DNA), not ng?")
                }
            }
        }
        let clusterer = JunctionClusterer(options: options, index: index)
        let estimator = AllelicRatioEstimator(options: options, store: store)
        var candidates = clusterer.candidates(from: store).filter { $0.support >= options.minSupport }
        var shortAnchored = Set<Int>()
        var quants = estimator.quantify(candidates)
        // Minimum fraction of the junction depth, then re-quantify so that dropped candidates
        // are not subtracted from the wild type of the kept ones.
        let keep = zip(candidates, quants).map { c, q in
            Double(q.junctionFragments) >= options.minFraction * Double(max(q.junctionDepth, q.junctionFragments))
        }
        // Clear junction evidence below the minimum fraction is not called, but the report names
        // it: a reader of a NEGATIVE should know what was seen under the bar. Clear = at least
        // `reportableBelowFraction` fragments (a real MiSeq amplicon has a 3-fragment shadow of
        // its ITD 11 bases away; a simulated ITD at AR 0.004 in 5,000 pairs shows 18).
        let belowFraction = zip(zip(candidates, quants), keep)
            .filter { !$0.1 && $0.0.1.junctionFragments >= Self.reportableBelowFraction }.map(\.0)
        if keep.contains(false) {
            candidates = zip(candidates, keep).filter { $0.1 }.map(\.0)
            quants = estimator.quantify(candidates)
        }
        /// Replaces each count without a mutant fragment by `recount`'s where that has one
        /// (`recount` runs only when some count has none); the indices replaced.
        func fillUncounted(_ recount: () -> [ITDQuantification]) -> [Int] {
            guard quants.contains(where: { $0.mutantFragments == 0 }) else { return [] }
            let retry = recount()
            let replaced = quants.indices.filter { quants[$0].mutantFragments == 0 && retry[$0].mutantFragments > 0 }
            for i in replaced { quants[i] = retry[i] }
            return replaced
        }
        // An ITD whose junction only joined mates read gets no mutant count in the windows,
        // which take each mate alone: an amplicon product whose mates overlap by a few bases
        // around the junction (MiSeq 2x300, 250-bp ITD: 8 and 13 bases either side of it in a
        // 21-base overlap). Its fragments all lie alike, so none is a mutant pair joined one copy
        // short (AllelicRatioEstimator.quantify); count it again with the joined reads.
        _ = fillUncounted { estimator.quantify(candidates, joinedWindows: true) }
        // An ITD whose junction is read only with short anchors (the middle of a long amplicon
        // product, say) gets no mutant count at --anchor. Count it again with the shortest anchor
        // the aligner resolves, for mutant and wild type alike; if that still sees nothing, its
        // AR is undefined, never 0.
        let shortAnchor = index.k + aligner.minVotes - 1
        if shortAnchor < options.anchor {
            shortAnchored = Set(fillUncounted { estimator.quantify(candidates, anchor: shortAnchor) })
        }
        for i in quants.indices where quants[i].mutantFragments == 0 {
            quants[i].allelicRatio = AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil)
        }

        let annotator = ITDAnnotator()
        let unreported = belowFraction.sorted { $0.1.junctionFragments > $1.1.junctionFragments }.prefix(3).map { cand, q in
            let name = (try? annotator.annotate(cand.event).hgvsC) ?? "\(cand.event.inserted.count)-bp insertion"
            let share = Double(q.junctionFragments) / Double(max(q.junctionDepth, q.junctionFragments, 1))
            return "\(name) (\(ReportNumberFormat.grouped(q.junctionFragments)) of \(ReportNumberFormat.grouped(q.junctionDepth)) fragments, \(ReportNumberFormat.humanRatio(share)))"
        }
        if !unreported.isEmpty {
            warnings.append("junction evidence below --min-fraction \(ReportNumberFormat.humanRatio(options.minFraction)) of the junction depth, not called: "
                            + unreported.joined(separator: "; ") + (belowFraction.count > 3 ? "; and \(belowFraction.count - 3) more" : ""))
        }
        var calls: [ITDCall] = []
        for (index, (cand, q)) in zip(candidates, quants).enumerated() {
            let annotation: ITDAnnotation
            do {
                annotation = try annotator.annotate(cand.event)
            } catch {
                warnings.append("a candidate ITD at genomic sense offset \(cand.p) (\(cand.event.inserted.count) bp) could not be annotated (\(error)); not reported")
                continue
            }
            var q = q
            if shortAnchored.contains(index) { q.estimator += "-anchor\(shortAnchor)" }
            calls.append(ITDCall(id: "", event: cand.event, annotation: annotation, quantification: q,
                                 seenOn: cand.seenOn.sorted { $0.rawValue < $1.rawValue }.map { $0 == .genomic ? "genomic" : "mrna" }))
        }
        calls.sort { ($0.event.position, $0.event.inserted.count) < ($1.event.position, $1.event.inserted.count) }
        if let copies = options.inputCopies {
            let widened = InputSampling.widened(calls.map(\.quantification.allelicRatio), copies: copies)
            for i in calls.indices { calls[i].quantification.allelicRatio = widened[i] }
        }
        for i in calls.indices { calls[i].id = "ITD\(i + 1)" }

        var funnel = self.funnel
        funnel.duplicateFragments = duplicates
        funnel.itdFragments = calls.reduce(0) { $0 + $1.quantification.junctionFragments }

        // Locus depth: the *least* covered hotspot base, so that a negative is only called where
        // every base an ITD could sit on was read (2x150 reads leave the middle of a 329-bp
        // amplicon unread, and an ITD there would show no junction).
        let coverage = estimator.locusCoverage(candidates)
        let region = options.depthRegion
        let depthOffsets = index.depthOffsets(region)
        let locusDepth = depthOffsets.map { coverage[$0] }.min() ?? 0
        if let weakest = depthOffsets.min(by: { coverage[$0] < coverage[$1] }), locusDepth < options.minDepth {
            let low = depthOffsets.filter { coverage[$0] < options.minDepth }
            let ref = FLT3Reference.shared
            warnings.append("\(low.count) of \(depthOffsets.count) hotspot bases (c.\(region.lowerBound)-c.\(region.upperBound)) are covered by fewer than \(options.minDepth) fragments with \(options.anchor)-bp anchors (least: c.\(ref.cLabel(senseOffset: weakest)), \(locusDepth)); an ITD there could be missed")
        }

        var total = SampleCaller.totalAllelicRatio(calls.map(\.quantification))
        let (call, borderline) = SampleCaller.call(itds: calls, total: total, locusDepth: locusDepth, options: options)
        if call == .indeterminate && calls.isEmpty {
            // nothing was measured: no total AR (0 would read as a measured absence)
            total = AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil)
            warnings.append("locus depth \(locusDepth) is below the minimum \(options.minDepth): no ITD seen, but too little coverage to call negative")
        }
        let hotspot = AnalysisOptions.defaultDepthRegion
        if calls.isEmpty, region.lowerBound > hotspot.lowerBound || region.upperBound < hotspot.upperBound {
            warnings.append("locus depth measured on c.\(region.lowerBound)-c.\(region.upperBound) (--depth-region), not the whole hotspot c.\(hotspot.lowerBound)-c.\(hotspot.upperBound): a negative call says nothing about the bases left out")
        }
        if !calls.isEmpty {
            let library = LibraryProfile(self.store.geometries)
            if library.isAmplicon && options.inputCopies == nil {
                warnings.append("amplicon library (\(ReportNumberFormat.grouped(library.commonestSenseStart)) of \(ReportNumberFormat.grouped(library.withSenseRead)) locus fragments start their sense read at one base, a primer): the AR intervals count reads, not the template molecules PCR copied, so they are too narrow when the input was small; --input-copies (about 303 per ng of DNA) includes that sampling")
            }
            if library.isRNA {
                warnings.append("RNA-seq reads (\(ReportNumberFormat.grouped(library.onMRNA)) of \(ReportNumberFormat.grouped(library.fragments)) locus fragments on the mRNA): the allelic ratio is of transcripts and reflects how the alleles are expressed; the HAR threshold was set on DNA")
            }
        }
        for c in calls where c.quantification.allelicRatio.value == nil {
            warnings.append("\(c.id) (\(c.annotation.hgvsC)) was found, but no read shows its junction with \(shortAnchor)-bp anchors on both sides: its allelic ratio cannot be measured, so the sample is INDETERMINATE")
        }
        for c in calls where c.quantification.estimator.hasSuffix("-anchor\(shortAnchor)") {
            warnings.append("\(c.id): its junction is read only with anchors shorter than \(options.anchor) bp; mutant and wild type were counted with \(shortAnchor)-bp anchors")
        }
        for c in calls where c.quantification.windowsDisagree {
            let q = c.quantification
            warnings.append("\(c.id) (\(c.annotation.hgvsC)): coverage is not uniform across the duplication (wild-type windows at its 3' and 5' ends read by \(q.windowFragments.map(String.init).joined(separator: " and ")) fragments, junction by \(q.mutantFragments)); its allelic ratio is uncertain and the interval spans both windows' estimates")
        }
        for c in calls where c.quantification.junctionDepth < options.minDepth {
            warnings.append("\(c.id): only \(c.quantification.junctionDepth) fragments informative at its junction (< \(options.minDepth)); its allelic ratio is imprecise")
        }
        var result = SampleResult(sample: sample, inputs: inputs, options: options, funnel: funnel,
                                  locusDepth: locusDepth, itds: calls, totalAllelicRatio: total,
                                  call: call, borderline: borderline, warnings: warnings, coverage: coverage)
        // (a NEGATIVE has no ITD, so no warning above comes after this one)
        let limit = call == .negative ? result.detectionLimit : nil
        if call == .negative, limit.map({ $0 > options.harThreshold }) ?? true {
            result.warnings.append("at locus depth \(locusDepth) an ITD is called in 95% of samples only "
                                   + (limit.map { "from AR \(ReportNumberFormat.humanRatio($0))" } ?? "with more junction fragments than the depth holds")
                                   + ", above the HAR threshold \(ReportNumberFormat.humanRatio(options.harThreshold)): this NEGATIVE does not rule out a high allelic ratio (--min-depth \(options.minDepth) is below what that needs)")
        }
        return result
    }
}
