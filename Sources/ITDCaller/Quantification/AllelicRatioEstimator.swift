/// Counts mutant and wild-type fragments for each ITD so that both are measured the same way.
///
/// ## Why two estimators
/// A mutant allele contains every wild-type sequence (it is the wild type plus a copy), so a read
/// is wild-type evidence only where the mutant would have had to show its junction. Two
/// estimators follow from that; both count fragments (mates together, once) and both demand the
/// same anchors of mutant and wild-type evidence.
///
/// **Spanning** (used when most junction fragments are informative for it — always the case in
/// amplicon libraries, whose reads start at the primers). A read *enters* the duplication from
/// outside: a sense read with at least A bases before the duplicated span [c, p), or an antisense
/// read with at least A bases after it. Such a read must either show the junction (mutant) or run
/// through the wild-type sequence (another allele); with anchor A the requirement is identical
/// for both alleles: sense reads need (p - c) + m + A bases from c on, antisense reads the same
/// up to p (m = non-templated bases). This holds for any distribution of read starts, so long and
/// short ITDs are measured alike. Details that keep it exact:
/// - the A bases outside the span are counted beyond the stretch where the mutant's second copy
///   looks like the wild type (``Site``), and a read must really have them: a read that ends a
///   few bases into the second copy can be extended over it by the aligner and would otherwise
///   pass for wild type;
/// - each mate of a pair that enters counts half a fragment (a fragment counts once at most):
///   whether *either* mate enters depends on how far apart the mates lie around the span, which
///   differs between the alleles by the inserted length, whereas each mate alone is symmetric;
/// - whether a mate enters is decided from where the read lies, in read bases (``SiteReach``):
///   its length and where the site falls in it, not what aligned; and the fragment's allele from
///   what any of its reads showed: a mutant read whose junction side was too short or too
///   erroneous to seed still counts through its mate, as its wild-type twin would;
/// - distances are read bases, not reference coordinates, so a read of another ITD's allele that
///   crossed that insertion on its way is judged by the bases it really has;
/// - with several ITDs, the fragments that enter site i without its junction are the wild type
///   and every other allele (also when their reads show their own junction); ``AlleleMixture``
///   computes how often each allele is counted there, from where the sample's reads lie, and
///   solves for all ARs together, so fragments carrying another ITD never count as wild type.
///
/// **Window** (used when the ITD is too long for reads to enter it from outside, as in capture
/// or RNA-seq with long ITDs). Counted like k-mers: J_i = fragments showing ITD i's junction with
/// >= A bases on each side; W_i = fragments covering the wild-type window [p - A, p + m + A)
/// contiguously. (With several ITDs, m here is the most non-templated bases of any of them, in
/// every ITD's windows, so that all windows are equally wide; see `widest`.) With uniform read
/// starts every copy of a window of that width is read equally often, so
/// W_i = n_WT + sum_j occ_ij * n_j, where occ_ij is how many times ITD j's allele contains
/// window i (computed exactly from the haplotypes; 1 for an ITD elsewhere, 1 for ITD i's own
/// second copy when its duplicated length is >= A). Hence WT_i = W_i - sum_j occ_ij * J_j, which
/// also removes every other ITD's allele from the wild type.
///
/// AR_i = mutant_i / WT_i; total AR = sum_i AR_i (= sum mutant_i / WT). Intervals: see
/// ``WilsonInterval``.
struct AllelicRatioEstimator {
    let options: AnalysisOptions
    let store: EvidenceStore

    /// Per-candidate coordinates on one reference: insertion point p, first duplicated base c,
    /// and how far the duplication's edges are ambiguous on that reference.
    ///
    /// `left` = bases before c that a read starting inside the mutant's second copy (or its
    /// non-templated bases) shares with the wild type: such a read looks as if it entered the
    /// span from outside up to `left` bases before c. `right` = the same after p for a read
    /// ending just past the first copy. Requiring reads to enter from beyond these (plus the
    /// anchor) keeps mutant reads out of the wild-type count; the requirement is the same for
    /// both alleles, so it changes no expectation.
    struct Site {
        var p: Int
        var c: Int
        var left: Int = 0
        var right: Int = 0

        /// Reference bases an alignment edge may fall beyond this ITD's ambiguous stretch and still
        /// be taken to stop at its junction (the aligner extends over bases the two sides share by
        /// chance).
        static let junctionSlack = 3

        /// Whether an alignment starting at reference offset `x` starts at the mutant's second copy:
        /// within [c - left - slack, c + slack].
        func isSecondCopyStart(_ x: Int) -> Bool {
            x >= c - left - Self.junctionSlack && x <= c + Self.junctionSlack
        }

        /// Whether an alignment ending at reference offset `x` (exclusive) ends at the mutant's
        /// first copy: within [p - slack, p + right + slack].
        func isFirstCopyEnd(_ x: Int) -> Bool {
            x >= p - Self.junctionSlack && x <= p + right + Self.junctionSlack
        }

        /// Where reference base `x` of the duplicated span [c, p) lies in the mutant's second copy,
        /// on the mutant haplotype (after the first copy and the `m` non-templated bases).
        func secondCopyPosition(_ x: Int, nontemplated m: Int) -> Int {
            p + m + (x - c)
        }

        init(p: Int, c: Int, inserted: [UInt8], reference: [UInt8]) {
            self.p = p
            self.c = c
            let m = inserted.count - (p - c)
            // mutant before its second copy: ref[..<p] + nontemplated; wild type before c: ref[..<c]
            var k = 0
            while true {
                let mutIndex = m - 1 - k   // inside the non-templated bases while >= 0
                let mutBase: UInt8? = mutIndex >= 0 ? inserted[mutIndex] : (p + mutIndex >= 0 ? reference[p + mutIndex] : nil)
                let wtIndex = c - 1 - k
                guard let b = mutBase, wtIndex >= 0, reference[wtIndex] == b else { break }
                k += 1
            }
            left = k
            // mutant after its first copy: inserted + ref[p...]; wild type after p: ref[p...]
            k = 0
            while true {
                let mutBase: UInt8? = k < inserted.count ? inserted[k] : (p + k - inserted.count < reference.count ? reference[p + k - inserted.count] : nil)
                guard let b = mutBase, p + k < reference.count, reference[p + k] == b else { break }
                k += 1
            }
            right = k
        }
    }

    private struct Prepared {
        var candidate: ITDCandidate
        var m: Int
        var sites: [ReferenceID: Site]
    }

    /// Counts for every candidate with `anchor` bases required on both sides (default: the
    /// option). The same anchor applies to mutant and wild-type evidence. `joinedWindows`: the
    /// window counts take joined reads too (``FragmentGeometry/joined``), not only each mate.
    ///
    /// Joined reads are kept out of the window counts by default: the two copies of a
    /// duplication read alike, so the mates of a mutant fragment that end in the first copy and
    /// start in the second, some bases apart, overlap as a wild-type pair would and are joined
    /// into a wild-type read one copy short. It covers the wild-type windows in its overlap
    /// without the junction between them: simulated RNA-seq 2x100, 60-bp ITD at AR 2, split by
    /// the simulator's per-read truth, 1,705 mutant fragments of 200-250 bp (mates apart) joined
    /// in 10 replicates added 59 and 71 to the 3' and 5' windows and none to the junction, and
    /// every window estimate was 0.3-0.9% low. What the mates cover, each alone, is the same for
    /// either allele; the joined reads added about 1% to the counts.
    func quantify(_ candidates: [ITDCandidate], anchor: Int? = nil, joinedWindows: Bool = false) -> [ITDQuantification] {
        let a = anchor ?? options.anchor
        let prepared: [Prepared] = candidates.map { cand in
            let ref = FLT3Reference.shared
            let ins = cand.event.inserted
            var sites: [ReferenceID: Site] = [
                .genomic: Site(p: cand.p, c: cand.c, inserted: ins, reference: ref.sequence(.genomic)),
            ]
            if let pm = ref.mrnaOffset(senseOffset: cand.p - 1),
               let cm = ref.mrnaOffset(senseOffset: cand.c),
               pm + 1 - cm == cand.p - cand.c {
                sites[.mrna] = Site(p: pm + 1, c: cm, inserted: ins, reference: ref.sequence(.mrna))
            }
            return Prepared(candidate: cand, m: cand.nontemplatedLength, sites: sites)
        }
        let n = prepared.count
        // Spanning counts in half-fragments: a read pair's fragment adds one half per mate that
        // enters the duplication (so 1 when both do), a single-end read adds 1. Counting whether
        // *either* mate enters would favour the allele whose mates lie farther apart around the
        // span (the mutant's are, by the inserted length), so the fragment is weighted by mates.
        var spanMut = [Int](repeating: 0, count: n)
        var spanWT = [Int](repeating: 0, count: n)
        var spanMutFragments = [Int](repeating: 0, count: n)
        var spanWTFragments = [Int](repeating: 0, count: n)
        // sum over fragments of (half-fragments)^2, mutant and wild type: for the interval
        var spanSquares = [Int](repeating: 0, count: n)
        var winJ = [Int](repeating: 0, count: n)
        var winW = [Int](repeating: 0, count: n)
        var winWc = [Int](repeating: 0, count: n)
        var anyJ = [Int](repeating: 0, count: n)
        // Where mates lie (start or end, strand, length), for the other alleles' share (AlleleMixture).
        var placements: [AlleleMixture.Placement: Int] = [:]
        // Window estimator: windows[i] = ITD i's 3' and 5' wild-type windows; occ[i][k][j] = copies
        // of window k of ITD i in ITD j's allele: its 5' piece [0, p_j + right_j) and 3' piece
        // [c_j - left_j, end), each reaching over the stretch where j's two copies read like the
        // wild type (``Site``), as a read of that allele does (``windowSpans``).
        // Per fragment, x_k = (covers window k) - sum_j occ[i][k][j] * (shows j's junction) is its
        // share of the wild-type estimate; winMoments[i] = sums over fragments of x3^2, x5^2,
        // x3 x5, j_i x3, j_i x5 give that estimate's variance and its covariance with J_i.
        // All junction and wild-type windows are 2A + M bases wide, M = the most non-templated
        // bases of any called ITD: W_i subtracts J_j counted at ITD j's junction, and a window
        // wider by d bases is covered by d fewer read starts (2x150 RNA-seq, 90 bp + 5 nt beside
        // 15- and 6-bp ITDs, 20 x deep: 40-base J_j taken for 45-base windows, AR 0.540 for 0.5).
        // ITD i's junction window takes its extra M - m_i bases in the second copy, its 3' window
        // past p and its 5' window before c: [p - A, p + M + A) and [c - M - A, c + A).
        let widest = prepared.map(\.m).max() ?? 0
        let windows: [[Range<Int>]] = prepared.map { prep in
            let s = prep.sites[.genomic]!
            return [(s.p - a)..<(s.p + widest + a), (s.c - widest - a)..<(s.c + a)]
        }
        let occ: [[[Int]]] = windows.map { ws in
            ws.map { w in
                prepared.map { pj in
                    let sj = pj.sites[.genomic]!
                    return (w.upperBound <= sj.p + sj.right ? 1 : 0) + (w.lowerBound >= sj.c - sj.left ? 1 : 0)
                }
            }
        }
        var winMoments = [[Int]](repeating: [0, 0, 0, 0, 0], count: n)
        var fragJ = [Bool](repeating: false, count: n), fragW = fragJ, fragWc = fragJ
        // Spanning counts of several ITDs share fragments (an amplicon's fragments enter every
        // site; a fragment that is mutant at one site is another allele at the next): per
        // fragment x = (M_0, O_0, M_1, O_1, ...) in half-fragments, and spanMoments = Σ count x xᵀ,
        // the counts' covariance, for the interval of the several-ITD solve.
        var fragX = [Int](repeating: 0, count: 2 * n)
        var spanMoments = [[Int]](repeating: [Int](repeating: 0, count: 2 * n), count: 2 * n)

        let itdJunctions = candidates.reduce(into: Set<Int32>()) { $0.formUnion($1.members) }
        // Every called ITD's site per reference, with its junction IDs (window spans) and its
        // non-templated length (placements).
        var junctionSites: [ReferenceID: [(site: Site, members: Set<Int32>)]] = [:]
        var itdSites: [ReferenceID: [(site: Site, m: Int)]] = [:]
        for prep in prepared {
            for (reference, site) in prep.sites {
                junctionSites[reference, default: []].append((site, prep.candidate.members))
                itdSites[reference, default: []].append((site, prep.m))
            }
        }
        let otherSites = SiteReach.otherSites(prepared.map(\.sites), nontemplated: prepared.map(\.m))
        for (g, count) in store.geometries {
            // A mate of a pair is half a fragment, also when its partner did not align: whether the
            // partner lands on the reference depends on the allele (a mutant fragment's far end lies
            // len bases nearer in reference coordinates), so counting lone mates as whole fragments
            // favoured the wild type near the reference ends (RNA-seq 2x100, c.1880: AR 0.437 for
            // 0.471 by the reads' true positions).
            let halvesPerMate = g.isPair ? 1 : 2
            if n > 1 {
                for mate in g.mates {
                    let at = AlleleMixture.Placement(reference: mate.reference, isSense: mate.isSense,
                                                     position: AlleleMixture.placementPosition(mate, itds: itdSites[mate.reference] ?? []),
                                                     length: Int(mate.readLength))
                    placements[at, default: 0] += count * halvesPerMate
                }
            }
            // Window counts: what each mate covers (and the joined read, when asked).
            let extent = joinedWindows ? g.reads : g.mates
            let extentSpans = extent.map { Self.windowSpans($0, itdJunctions: itdJunctions, sites: junctionSites[$0.reference] ?? []) }
            for (i, prep) in prepared.enumerated() {
                // Spanning: which mates *enter* the site is decided from where each read lies, in
                // read bases (SiteReach), the same for either allele; whether the fragment is
                // mutant is decided by what any of its reads showed (the joined read included).
                // So a mutant read whose junction side was too short or too erroneous to align
                // still counts through its mate, as its wild-type twin would. A fragment that
                // enters without showing the junction is another allele here — wild type or
                // another ITD's, separated below.
                var entering = 0, covered = false
                var wJ = false, wW = false, wWc = false, aJ = false, shownJ = false
                let m = prep.m
                let far = a + widest - m   // junction-window anchor in the second copy
                for read in g.reads {
                    guard let site = prep.sites[read.reference] else { continue }
                    if Self.showsJunction(read, members: prep.candidate.members) {
                        aJ = true
                        shownJ = true
                    } else if !Self.showsOtherJunction(read, own: prep.candidate.members, itdJunctions: itdJunctions)
                                && (Self.lostJunction(read, site: site, nontemplated: m, anchor: a)
                                    || Self.garbledJunction(read, site: site, inserted: prep.candidate.event.inserted.count)) {
                        aJ = true
                    }
                }
                for mate in g.mates {
                    guard let site = prep.sites[mate.reference] else { continue }
                    let reach = SiteReach(mate, site: site, nontemplated: m, anchor: a,
                                          others: otherSites[i][mate.reference] ?? [])
                    if reach.enters {
                        entering += 1
                        if !aJ && reach.isCovered(by: SiteReach.alignedIntervals(mate, own: prep.candidate.members, itdJunctions: itdJunctions)) {
                            covered = true
                        }
                    }
                }
                for (readIndex, read) in extent.enumerated() {
                    guard let site = prep.sites[read.reference] else { continue }
                    let p = site.p, c = site.c
                    for (k, id) in read.junctionIDs.enumerated() where id >= 0 && prep.candidate.members.contains(id) {
                        let anchors = Self.anchors(read, junction: k)
                        if anchors.left >= a && anchors.right >= far { wJ = true }
                    }
                    if !Self.showsJunction(read, members: prep.candidate.members)
                        && !Self.showsOtherJunction(read, own: prep.candidate.members, itdJunctions: itdJunctions)
                        && Self.lostJunction(read, site: site, nontemplated: m, anchor: a, secondCopyAnchor: far) {
                        wJ = true
                    }
                    for span in extentSpans[readIndex] {
                        let lo = span.lowerBound, hi = span.upperBound
                        if lo <= p - a && hi >= p + widest + a { wW = true }
                        if lo <= c - widest - a && hi >= c + a { wWc = true }
                    }
                }
                // each mate is counted once above, so entering <= mates
                let h = entering * halvesPerMate
                fragX[2 * i] = aJ && entering > 0 ? h : 0
                fragX[2 * i + 1] = covered && !aJ ? h : 0
                if aJ && entering > 0 {
                    spanMut[i] += count * h
                    spanSquares[i] += count * h * h
                    spanMutFragments[i] += count
                }
                if covered && !aJ {
                    spanWT[i] += count * h
                    spanSquares[i] += count * h * h
                    spanWTFragments[i] += count
                }
                if wJ { winJ[i] += count }
                if wW { winW[i] += count }
                if wWc { winWc[i] += count }
                if shownJ { anyJ[i] += count }   // detection support: junctions actually seen
                (fragJ[i], fragW[i], fragWc[i]) = (wJ, wW, wWc)
            }
            if n > 1 && fragX.contains(where: { $0 != 0 }) {
                for u in 0..<(2 * n) where fragX[u] != 0 {
                    for v in 0..<(2 * n) where fragX[v] != 0 { spanMoments[u][v] += count * fragX[u] * fragX[v] }
                }
            }
            if fragJ.contains(true) || fragW.contains(true) || fragWc.contains(true) {
                for i in 0..<n {
                    var x3 = fragW[i] ? 1 : 0, x5 = fragWc[i] ? 1 : 0
                    for j in 0..<n where fragJ[j] {
                        x3 -= occ[i][0][j]
                        x5 -= occ[i][1][j]
                    }
                    let ji = fragJ[i] ? 1 : 0
                    for (k, v) in [x3 * x3, x5 * x5, x3 * x5, ji * x3, ji * x5].enumerated() { winMoments[i][k] += count * v }
                }
            }
        }

        // Window estimator: subtract every ITD allele's copies of window i, at both ends of the
        // duplicated span — the 3' window [p - A, p + M + A) and the 5' window [c - M - A, c + A)
        // — and average them: the junction lies between the two, so the mean follows coverage that
        // changes along the locus (a capture target ending inside a long ITD). When one window is
        // read less than half as often as the other it lies outside the well-read part (reads
        // tiled from one exon, the end of an amplicon), and the better-read estimate is kept.
        // When the two windows disagree beyond their counting noise, coverage is not uniform
        // across the duplication (a capture target ending inside a long ITD: the mutant's copy
        // of the 3' window lies farther out than its junction), and neither window can be trusted
        // alone: the interval then spans both windows' intervals.
        // Interval: delta method on log AR over fragments (see ``SubtractionInterval``), with the
        // per-fragment moments above: the same fragments' junction is subtracted from both windows
        // and a fragment can cover a window and a junction or both windows, so the counts are
        // correlated; treating them as independent made the interval ~20% too narrow at AR 2.
        var winWT = [Int](repeating: 0, count: n)
        var winWTVariance = [Double](repeating: 0, count: n)
        var winCovariance = [Double](repeating: 0, count: n)
        var winDisagreement = [(low: Double, high: Double)?](repeating: nil, count: n)
        for i in 0..<n {
            let observedCounts = [winW[i], winWc[i]]
            let estimates = (0..<2).map { k in
                max(0, observedCounts[k] - (0..<n).reduce(0) { $0 + occ[i][k][$1] * winJ[$1] })
            }
            let mo = winMoments[i].map(Double.init)
            let variances = [mo[0], mo[1]], covariances = [mo[3], mo[4]]
            let balanced = 2 * observedCounts.min()! >= observedCounts.max()!
            let chosen = observedCounts[0] >= observedCounts[1] ? 0 : 1
            winWT[i] = balanced ? (estimates[0] + estimates[1] + 1) / 2 : estimates[chosen]
            winWTVariance[i] = balanced ? (mo[0] + 2 * mo[2] + mo[1]) / 4 : variances[chosen]
            winCovariance[i] = balanced ? (mo[3] + mo[4]) / 2 : covariances[chosen]
            let per = (0..<2).map {
                SubtractionInterval.allelicRatio(mutant: Double(winJ[i]), wildType: Double(estimates[$0]),
                                                 wildTypeVariance: variances[$0], covariance: covariances[$0])
            }
            if let l0 = per[0].ciLow, let h0 = per[0].ciHigh, let l1 = per[1].ciLow, let h1 = per[1].ciHigh,
               h0 < l1 || h1 < l0 {
                winDisagreement[i] = (min(l0, l1), max(h0, h1))
            }
        }

        // Spanning with several ITDs: the fragments entering site i without its junction are the
        // wild type and every other ITD's allele; AlleleMixture works out how many of each allele's
        // molecules are counted there (from where the sample's reads lie) and solves for the ARs
        // together. The window estimator needs none of this: it subtracts the other alleles'
        // copies of its windows exactly. With one ITD, AR = M / O.
        let useSpanning = (0..<n).map { i in spanMutFragments[i] * 2 >= winJ[i] && spanMut[i] + spanWT[i] > 0 }
        // Interval of M_i / O_i: the weighted counts scaled to effective fragments, k = sum w / sum w^2
        // (w = a fragment's weight, 1/2 or 1), so that a sample whose fragments each have one
        // entering mate is as precise as its fragment count, not half of it.
        let windowEstimates: [AllelicRatioEstimate] = (0..<n).map { i in
            var estimate = SubtractionInterval.allelicRatio(mutant: Double(winJ[i]), wildType: Double(winWT[i]),
                                                            wildTypeVariance: winWTVariance[i], covariance: winCovariance[i])
            if let wide = winDisagreement[i] {
                estimate.ciLow = min(estimate.ciLow ?? wide.low, wide.low)
                estimate.ciHigh = max(estimate.ciHigh ?? wide.high, wide.high)
            }
            return estimate
        }
        let localEstimates: [AllelicRatioEstimate] = (0..<n).map { i in
            if !useSpanning[i] { return windowEstimates[i] }
            let k = spanSquares[i] > 0 ? 2 * Double(spanMut[i] + spanWT[i]) / Double(spanSquares[i]) : 1
            return WilsonInterval.allelicRatio(mutant: Double(spanMut[i]) / 2 * k, wildType: Double(spanWT[i]) / 2 * k)
        }
        var ar: [Double?] = localEstimates.map(\.value)
        var alleleOcc = [[Double]](repeating: [Double](repeating: 1, count: n), count: n)
        var mixtureIntervals = [(Double?, Double?)](repeating: (nil, nil), count: n)
        if n > 1 && useSpanning.contains(true) {
            let alleles: [[ReferenceID: AlleleMixture.Allele]] = prepared.map { prep in
                let id = prep.candidate.members.min() ?? -1
                return prep.sites.mapValues { AlleleMixture.Allele(p: $0.p, c: $0.c, m: prep.m, junctionID: id) }
            }
            let q = (0..<n).map { useSpanning[$0] ? localEstimates[$0].value : nil }
            let fixed = (0..<n).map { useSpanning[$0] ? nil : windowEstimates[$0].value }
            // The replay needs each allele's share of the molecules (placements inside a duplicated
            // span count that allele twice); a first solve with every occ_ij = 1 is close enough,
            // as the share only scales that correction.
            let rough = AlleleMixture.solve(q: q, fixed: fixed, occ: alleleOcc)
            alleleOcc = AlleleMixture.occupancy(placements: placements, sites: prepared.map(\.sites), alleles: alleles,
                                          nontemplated: prepared.map(\.m), members: prepared.map(\.candidate.members),
                                          itdJunctions: itdJunctions, anchor: a,
                                          fractions: AlleleMixture.moleculeFractions(rough))
            ar = AlleleMixture.solve(q: q, fixed: fixed, occ: alleleOcc)
            mixtureIntervals = AlleleMixture.intervals(
                counts: (0..<n).flatMap { [Double(spanMut[$0]), Double(spanWT[$0])] },
                covariance: spanMoments.map { $0.map(Double.init) }, spanning: useSpanning,
                fixed: fixed, fixedIntervals: windowEstimates, occ: alleleOcc, ar: ar)
        }

        return (0..<n).map { i in
            if useSpanning[i] {
                var estimate = localEstimates[i]
                let factor = AlleleMixture.factor(i, ar: ar, occ: alleleOcc)
                if n > 1 {
                    estimate.value = ar[i]
                    (estimate.ciLow, estimate.ciHigh) = mixtureIntervals[i]
                }
                // Reported counts are fragments (each at most once); the wild type is the share of
                // the other-allele fragments that the solve attributes to it (none when the solve
                // leaves no wild type: an infinite AR).
                let infinite = ar[i] == .infinity
                return ITDQuantification(
                    mutantFragments: spanMutFragments[i],
                    wildTypeFragments: infinite ? 0 : Int((Double(spanWTFragments[i]) / factor).rounded()),
                    allelicRatio: estimate,
                    junctionFragments: anyJ[i], junctionDepth: spanMutFragments[i] + spanWTFragments[i],
                    estimator: "spanning")
            }
            let mut = winJ[i], wt = winWT[i]
            var q = ITDQuantification(
                mutantFragments: mut, wildTypeFragments: wt,
                allelicRatio: windowEstimates[i],
                junctionFragments: anyJ[i], junctionDepth: mut + winW[i],
                estimator: "window")
            q.windowFragments = [winW[i], winWc[i]]
            q.windowsDisagree = winDisagreement[i] != nil
            return q
        }
    }

    /// Whether a read shows one of `members` (an ITD's junction IDs).
    static func showsJunction(_ read: MateGeometry, members: Set<Int32>) -> Bool {
        read.junctionIDs.contains { $0 >= 0 && members.contains($0) }
    }

    /// Whether a read shows the junction of another called ITD (an ID in `itdJunctions` not in
    /// `own`): it is that ITD's allele, so it is never taken for a lost or garbled junction of this
    /// one. Without this, two ITDs of one length, one's junction at the other's first duplicated
    /// base (c.1775_1795dup beside c.1796_1816dup), gave the second every fragment of the first:
    /// a jump back by 21 at c.1796 is the insertion of 21 bases that ``garbledJunction`` looks for
    /// (simulated amplicon 2x250, AR 0.15 and 0.10: AR 0.30 for 0.10, HAR for a total of 0.25).
    static func showsOtherJunction(_ read: MateGeometry, own: Set<Int32>, itdJunctions: Set<Int32>) -> Bool {
        read.junctionIDs.contains { $0 >= 0 && itdJunctions.contains($0) && !own.contains($0) }
    }

    /// A read of this ITD's allele that crossed the junction with at least `anchor` bases on each
    /// side but whose far side did not align (a sequencing error where the short segment needed
    /// its seed): its alignment stops at the junction — at the end of the first copy, or starts at
    /// the beginning of the second — and enough unaligned bases remain beyond it. Its wild-type
    /// twin reads straight through, so not counting it would favour the wild type. The stop may
    /// fall a few bases off (the aligner extends over bases the two sides share by chance). Reads
    /// whose far side aligned elsewhere (a jump to another place) are not taken: tried, that also
    /// caught unrelated reads (RNA-seq, a 120-bp ITD ending at the exon 14 boundary: AR 2.26 for 2).
    /// `secondCopyAnchor` (default `anchor`) is the anchor demanded after the non-templated bases,
    /// in the second copy.
    static func lostJunction(_ mate: MateGeometry, site: Site, nontemplated m: Int, anchor a: Int, secondCopyAnchor: Int? = nil) -> Bool {
        let b = secondCopyAnchor ?? a
        let first = mate.spans[0], last = mate.spans[mate.spans.count - 1]
        let stopsAtFirstCopyEnd = site.isFirstCopyEnd(Int(last.upperBound))
            && Int(last.lowerBound) <= site.p - a && mate.projectedEnd >= site.p + m + b
        let startsAtSecondCopy = site.isSecondCopyStart(Int(first.lowerBound))
            && Int(first.upperBound) >= site.c + b && mate.projectedStart <= site.c - m - a
        return stopsAtFirstCopyEnd || startsAtSecondCopy
    }

    /// A read of this ITD's allele whose junction the aligner drew differently because of a
    /// sequencing error in or next to a short duplication: a break at the site (within its
    /// ambiguous stretch, a few bases of slack) that inserts exactly the ITD's inserted length —
    /// say a jump back by 2 with 4 unaligned read bases for a 6-bp duplication. Such a read reads
    /// through the site otherwise, and was counted as wild type: with 1% errors, 77 of 2,730
    /// fragments of a 6-bp ITD (simulated `amplicon_2x150_p15`, split by the simulator's
    /// per-read truth). A wild-type read with an insertion of that exact length at that place
    /// would need an indel error of several bases.
    static func garbledJunction(_ mate: MateGeometry, site: Site, inserted: Int) -> Bool {
        let slack = Site.junctionSlack
        for k in 0..<(mate.spans.count - 1) {
            let before = mate.spans[k], after = mate.spans[k + 1]
            let readGap = Int(mate.readStarts[k + 1]) - (Int(mate.readStarts[k]) + before.count)
            let referenceGap = Int(after.lowerBound) - Int(before.upperBound)
            guard readGap - referenceGap == inserted else { continue }
            let at = Int(before.upperBound)
            if at >= site.c - site.left - slack && at <= site.p + site.right + slack { return true }
        }
        return false
    }

    /// Unaligned bases at a read's ends that are taken as read through: sequencing errors in the
    /// last few bases stop the aligner's extension short (by 1-4 bases, typically) on a
    /// wild-type span and on a junction's anchor alike, so both are measured to the read's end.
    /// Longer unaligned ends (a junction side that did not align, adapter) are not extended.
    static let endTrimAllowance = 8

    /// Bases of reference on each side of junction `k` of a mate, the read's unaligned ends
    /// (up to ``endTrimAllowance``) included when the side is the read's first or last span.
    static func anchors(_ mate: MateGeometry, junction k: Int) -> (left: Int, right: Int) {
        var left = Int(mate.spans[k].count), right = Int(mate.spans[k + 1].count)
        if k == 0 { left += min(Int(mate.clipStart), endTrimAllowance) }
        if k + 1 == mate.spans.count - 1 { right += min(Int(mate.clipEnd), endTrimAllowance) }
        return (left, right)
    }

    /// `spans` (a mate's contiguous stretches, in order) with the first and last extended over
    /// the read's unaligned ends, up to ``endTrimAllowance``.
    static func projected(_ spans: [Range<Int>], of mate: MateGeometry) -> [Range<Int>] {
        guard !spans.isEmpty else { return spans }
        var out = spans
        out[0] = (out[0].lowerBound - min(Int(mate.clipStart), endTrimAllowance))..<out[0].upperBound
        let n = out.count - 1
        out[n] = out[n].lowerBound..<(out[n].upperBound + min(Int(mate.clipEnd), endTrimAllowance))
        return out
    }

    /// The reference stretches a mate covers, for the window counts: ``contiguousSpans`` with the
    /// read's unaligned ends projected as in ``projected(_:of:)``, except across a called ITD's
    /// junction. `sites` are the called ITDs on the mate's reference with their junction IDs.
    ///
    /// A read of ITD j's allele holds the reference up to p_j + right_j before the inserted copy
    /// and from c_j - left_j after it (``Site``), wherever the aligner drew the jump in that
    /// stretch; its spans on either side of j's junction are taken that far, as the window
    /// copies are counted (`occ`). A read whose alignment stops at j's junction (within a few
    /// bases) with unaligned bases beyond it — the other copy, too short to seed — is not
    /// extended past that stretch: projected by the usual allowance, its end was taken for
    /// wild-type read-through, so another ITD's window ending a few bases past j's junction
    /// counted ~0.2 copies of j's allele where it has none (simulated RNA-seq 2x100 with ITDs of
    /// 30, 42 and 9 bp at c.1760, c.1775 and c.1800, 20 x deep: AR 0.434 and 0.416 for 0.5).
    static func windowSpans(_ mate: MateGeometry, itdJunctions: Set<Int32>, sites: [(site: Site, members: Set<Int32>)]) -> [Range<Int>] {
        let spans = contiguousSpans(mate, itdJunctions: itdJunctions, acrossJunctionsOf: sites)
        guard let start = spans.first?.lowerBound, let end = spans.last?.upperBound else { return spans }
        var out = projected(spans, of: mate)
        for (s, _) in sites {
            if mate.clipStart > 0 && s.isSecondCopyStart(start) {
                out[0] = max(out[0].lowerBound, min(start, s.c - s.left))..<out[0].upperBound
            }
            if mate.clipEnd > 0 && s.isFirstCopyEnd(end) {
                out[out.count - 1] = out[out.count - 1].lowerBound..<min(out[out.count - 1].upperBound, max(end, s.p + s.right))
            }
        }
        return out
    }

    /// The reference stretches a mate reads through as wild type: its segments joined across
    /// every break it reads through (``readsThrough(junction:gap:itdJunctions:otherThan:)``).
    /// At the junction of an ITD in `sites` (with its junction IDs), the spans on either side are
    /// taken over that ITD's ambiguous stretch, to p + right before and from c - left after, as a
    /// read of that allele holds them wherever the aligner drew the jump (``windowSpans``).
    static func contiguousSpans(_ mate: MateGeometry, itdJunctions: Set<Int32>,
                                acrossJunctionsOf sites: [(site: Site, members: Set<Int32>)] = []) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for (k, span) in mate.spans.enumerated() {
            var r = Int(span.lowerBound)..<Int(span.upperBound)
            if k > 0, let last = out.last {
                let id = mate.junctionIDs[k - 1]
                if Self.readsThrough(junction: id, gap: r.lowerBound - last.upperBound, itdJunctions: itdJunctions) {
                    out[out.count - 1] = min(last.lowerBound, r.lowerBound)..<max(last.upperBound, r.upperBound)
                    continue
                }
                if let s = sites.first(where: { $0.members.contains(id) })?.site {
                    out[out.count - 1] = last.lowerBound..<max(last.upperBound, s.p + s.right)
                    r = min(r.lowerBound, s.c - s.left)..<r.upperBound
                }
            }
            out.append(r)
        }
        return out
    }

    /// Whether a mate reads through a break between two of its spans (junction `id`, -1 for a
    /// forward jump; `gap` reference bases from one span's end to the next one's start) as if it
    /// were contiguous: sequencing indels, small deletions (<= 50 bp) and non-duplication
    /// insertions are alleles without an ITD. Not an ITD junction — except, when `own` is given,
    /// those of the other called ITDs (their alleles read on through site `own`) — and not a
    /// backward jump of 3 bases or more, a duplication even when it was not called (say its
    /// non-templated bases carry a sequencing error). Larger forward jumps (splicing on the
    /// genome) stay breaks.
    static func readsThrough(junction id: Int32, gap: Int, itdJunctions: Set<Int32>, otherThan own: Set<Int32>? = nil) -> Bool {
        if id >= 0 && itdJunctions.contains(id) { return own.map { !$0.contains(id) } ?? false }
        let isDuplication = id >= 0 && gap <= -3
        return !isDuplication && gap <= 50
    }

    /// Fragments covering each offset of `reference` with at least `anchor` bases of that
    /// reference on both sides, counted once per fragment (overlapping mates merge).
    /// Index = offset (sense orientation).
    func coverage(on reference: ReferenceID, itdJunctions: Set<Int32>) -> [Int] {
        let a = options.anchor
        let length = FLT3Reference.shared.sequence(reference).count
        var diff = [Int](repeating: 0, count: length + 1)
        for (g, count) in store.geometries {
            let spans = g.mates.filter { $0.reference == reference }
                .flatMap { Self.contiguousSpans($0, itdJunctions: itdJunctions) }
                .sorted { $0.lowerBound < $1.lowerBound }
            var merged: [Range<Int>] = []
            for p in spans {
                if let last = merged.last, p.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, p.upperBound)
                } else {
                    merged.append(p)
                }
            }
            for r in merged where r.count >= 2 * a {
                let lo = max(0, r.lowerBound + a), hi = min(length, r.upperBound - a + 1)
                if lo < hi {
                    diff[lo] += count
                    diff[hi] -= count
                }
            }
        }
        var cov = [Int](repeating: 0, count: length)
        var run = 0
        for i in 0..<length {
            run += diff[i]
            cov[i] = run
        }
        return cov
    }

    /// Depth at each genomic sense offset: genomic fragments plus mRNA fragments at the same exonic base.
    func locusCoverage(_ candidates: [ITDCandidate]) -> [Int] {
        let itdJunctions = candidates.reduce(into: Set<Int32>()) { $0.formUnion($1.members) }
        var cov = coverage(on: .genomic, itdJunctions: itdJunctions)
        let mrna = coverage(on: .mrna, itdJunctions: itdJunctions)
        for s in cov.indices {
            if let m = FLT3Reference.shared.mrnaOffset(senseOffset: s) { cov[s] += mrna[m] }
        }
        return cov
    }
}
