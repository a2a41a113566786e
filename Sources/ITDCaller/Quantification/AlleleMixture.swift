import Foundation

/// Several ITDs in one sample: separating the wild type from the other ITDs' alleles at each
/// spanning site.
///
/// At site i the spanning counts are M_i (fragments showing ITD i's junction) and O_i (fragments
/// entering the site and reading on without it, see ``SiteReach``: the wild type *and* every
/// other ITD's allele, whether or not their reads show that ITD's junction). Per molecule, the
/// wild type and allele i are counted equally often, E_WT(i) (the entering rule is symmetric
/// between them for any distribution of read starts); allele j ≠ i is counted E_j(i) times,
/// which differs from E_WT(i) when j's insertion lies between a read's start and the site (the
/// read needs len_j more bases to get there; with reads starting at primers that can decide
/// whether it gets there at all) or when site i lies inside j's duplication (two copies). So
///
///     M_i / O_i = AR_i / (1 + Σ_{j≠i} occ_ij · AR_j),   occ_ij = E_j(i) / E_WT(i),
///
/// a linear system in the ARs, solved by fixed-point iteration; ITDs measured by the window
/// estimator enter it with their own AR. occ_ij is computed, not assumed: every read placement
/// seen in the sample (where reads start, strand, length) is replayed on each allele's haplotype
/// as a synthetic read, at every haplotype position that corresponds to that reference position,
/// and passed through the same ``SiteReach`` rule as real reads. With one ITD, AR = M / O exactly.
struct AlleleMixture {
    /// An ITD allele on one reference: ref[..<p] + N(m) + ref[c..<p] + ref[p...] (the
    /// non-templated bases precede the second copy), with one of its junction IDs.
    struct Allele {
        var p: Int
        var c: Int
        var m: Int
        var junctionID: Int32
        var inserted: Int { m + p - c }
    }

    /// Where a mate lies, as the spanning rule sees it: its reference, strand, read length, and
    /// its projected start (sense) or projected end (antisense) on the reference.
    struct Placement: Hashable {
        var reference: ReferenceID
        var isSense: Bool
        var position: Int
        var length: Int
    }

    /// Haplotype positions of `allele` that carry reference base `x` (one, or two inside the
    /// duplicated span); the wild type's is `x` itself. The m non-templated positions [p, p + m)
    /// carry no reference base: they go with `x` = p (the base that follows them), so that reads
    /// of the allele starting or ending in them are replayed too, as often as those nearby. Left
    /// out, an allele with 3 non-templated bases was counted at another ITD's site 4% less often
    /// than its reads were (an 18-bp ITD with 3 nt 7 bp before a 27-bp ITD, RNA-seq 2x100:
    /// occ 0.957, 0.999 by the simulator's per-read truth over 40 replicates).
    static func haplotypePositions(of x: Int, in allele: Allele?) -> [Int] {
        guard let a = allele else { return [x] }
        if x < a.c { return [x] }
        if x < a.p { return [x, a.p + a.m + (x - a.c)] }
        if x == a.p && a.m > 0 { return [x + a.inserted] + Array(a.p..<(a.p + a.m)) }
        return [x + a.inserted]
    }

    /// Where a mate lies for ``Placement``: its projected start (sense) or projected end
    /// (antisense), except for a read of a called ITD j's allele that crossed j's junction with
    /// too few bases on one side to align them. A sense read whose alignment starts at j's second
    /// copy (``AllelicRatioEstimator/Site/isSecondCopyStart(_:)``) after more unaligned bases
    /// than j's non-templated ones started in j's first copy (or before it), where those bases
    /// put it on j's haplotype; projected along the second copy it seemed to start d + m bases
    /// earlier. An antisense read whose alignment ends at j's first copy
    /// (``AllelicRatioEstimator/Site/isFirstCopyEnd(_:)``) and whose unaligned end reaches into
    /// j's second copy ends at the reference position of that base of the second copy (beyond
    /// it: d + m bases before its projected end). So placed, a read of j's allele lies where
    /// the replay puts reads of that allele, and the density of placements is the same for
    /// every allele outside the duplicated spans (see ``occupancy``). `itds`: the called ITDs'
    /// sites on the mate's reference with their non-templated lengths.
    static func placementPosition(_ mate: MateGeometry, itds: [(site: AllelicRatioEstimator.Site, m: Int)]) -> Int {
        if mate.isSense {
            if mate.clipStart > 0, let first = mate.spans.first {
                let s0 = Int(first.lowerBound)
                for (o, m) in itds where o.isSecondCopyStart(s0) {
                    // haplotype of j: s0 lies in the second copy; the read starts readStarts[0] before it
                    let start = o.secondCopyPosition(s0, nontemplated: m) - Int(mate.readStarts[0])
                    if start < o.p { return start }
                }
            }
            return mate.projectedStart
        }
        if mate.clipEnd > 0, let last = mate.spans.last {
            let s1 = Int(last.upperBound)
            for (o, m) in itds where o.isFirstCopyEnd(s1) {
                // haplotype of j: s1 lies at s1, the read ends clipEnd bases past it
                let end = s1 + Int(mate.clipEnd)
                let d = o.p - o.c
                if end > o.p + m + d { return end - (m + d) }
                if end > o.p + m { return o.c + (end - o.p - m) }
            }
        }
        return mate.projectedEnd
    }

    /// Each ITD allele's share of the molecules, AR_j / (1 + Σ AR), from the ARs of a solve
    /// (infinite or undefined ones left out).
    static func moleculeFractions(_ ar: [Double?]) -> [Double] {
        let finite = ar.map { v -> Double in v.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? 0 }
        let total = 1 + finite.reduce(0, +)
        return finite.map { $0 / total }
    }

    /// The geometry a perfectly aligned read of `allele`'s haplotype positions [start, start +
    /// length) would have, or nil when it runs off the reference.
    static func syntheticMate(start: Int, length: Int, isSense: Bool, allele: Allele?,
                              reference: ReferenceID, referenceLength: Int) -> MateGeometry? {
        let end = start + length
        guard start >= 0 else { return nil }
        var spans: [Range<Int32>] = []
        var readStarts: [Int32] = []
        var junctionIDs: [Int32] = []
        func add(_ hap: Range<Int>, toReference shift: Int, junction: Int32?) {
            let lo = max(hap.lowerBound, start), hi = min(hap.upperBound, end)
            guard lo < hi else { return }
            let ref = Int32(lo + shift)..<Int32(hi + shift)
            if let last = spans.last, last.upperBound == ref.lowerBound, junction == nil {
                spans[spans.count - 1] = last.lowerBound..<ref.upperBound
                return
            }
            if !spans.isEmpty { junctionIDs.append(junction ?? -1) }
            spans.append(ref)
            readStarts.append(Int32(lo - start))
        }
        if let a = allele {
            let d = a.p - a.c
            add(0..<a.p, toReference: 0, junction: nil)
            add((a.p + a.m)..<(a.p + a.m + d), toReference: a.c - a.p - a.m, junction: a.junctionID)
            add((a.p + a.m + d)..<Int.max / 2, toReference: -a.inserted, junction: nil)
        } else {
            add(0..<Int.max / 2, toReference: 0, junction: nil)
        }
        guard let first = spans.first, let last = spans.last, first.lowerBound >= 0,
              Int(last.upperBound) <= referenceLength
        else { return nil }
        return MateGeometry(reference: reference, isSense: isSense, spans: spans, junctionIDs: junctionIDs,
                            readStarts: readStarts, clipStart: readStarts[0],
                            clipEnd: Int32(length) - readStarts[readStarts.count - 1] - Int32(last.count),
                            readLength: Int32(length))
    }

    /// occ[i][j] = E_j(i) / E_WT(i) for every pair of ITDs (1 where it cannot be measured).
    /// `sites[i]`: ITD i's site per reference; `alleles[i]`: its allele per reference;
    /// `fractions[j]`: allele j's share of the molecules (``moleculeFractions(_:)``), nil for none.
    ///
    /// The placements estimate where reads start on each haplotype, but they are counted in
    /// reference positions, and a position inside ITD j's duplicated span [c_j, p_j) holds two
    /// positions of j's haplotype (its two copies): it collects 1 + v_j times the reads of a
    /// position outside (v_j = `fractions[j]`). Each placement is therefore weighted by
    /// 1 / (1 + Σ_j v_j [position in j's span]) (the start for sense reads, the last base for
    /// antisense ones), so the replay sees the same read density on every haplotype position.
    /// Without it, an allele whose reads reach site i from inside its own span was counted
    /// 4.5% too often there (a 27-bp ITD 7 bp after an 18-bp one, RNA-seq 2x100: occ 1.045,
    /// 1.001 by the simulator's per-read truth over 40 replicates).
    static func occupancy(placements: [Placement: Int], sites: [[ReferenceID: AllelicRatioEstimator.Site]],
                          alleles: [[ReferenceID: Allele]], nontemplated: [Int], members: [Set<Int32>],
                          itdJunctions: Set<Int32>, anchor a: Int, fractions: [Double]? = nil) -> [[Double]] {
        let n = sites.count
        var occ = [[Double]](repeating: [Double](repeating: 1, count: n), count: n)
        guard n > 1 else { return occ }
        let maxInserted = alleles.flatMap { $0.values.map(\.inserted) }.max() ?? 0
        let lengths = Dictionary(uniqueKeysWithValues: ReferenceID.allCases.map { ($0, FLT3Reference.shared.sequence($0).count) })
        let others = SiteReach.otherSites(sites, nontemplated: nontemplated)
        for i in 0..<n {
            var expected = [Double](repeating: 0, count: n + 1)   // index n: wild type
            for (placement, count) in placements {
                guard let site = sites[i][placement.reference] else { continue }
                var weight = Double(count)
                if let v = fractions {
                    let base = placement.isSense ? placement.position : placement.position - 1
                    var copies = 1.0
                    for j in 0..<n {
                        if let aj = alleles[j][placement.reference], aj.c <= base && base < aj.p { copies += v[j] }
                    }
                    weight /= copies
                }
                let x = placement.position, length = placement.length
                // only placements that can reach the site in some allele
                if placement.isSense {
                    if x > site.c || x + length + maxInserted < site.p { continue }
                } else {
                    if x < site.p || x - length - maxInserted > site.c { continue }
                }
                for j in 0...n where j != i {
                    let allele: Allele? = j == n ? nil : alleles[j][placement.reference]
                    // an ITD with no site on this reference (spanning an intron, on the mRNA):
                    // its reads look like the wild type's here
                    let positions = placement.isSense
                        ? haplotypePositions(of: x, in: allele)
                        : haplotypePositions(of: x - 1, in: allele).map { $0 + 1 - length }
                    for start in positions {
                        guard let mate = syntheticMate(start: start, length: length, isSense: placement.isSense,
                                                       allele: allele, reference: placement.reference,
                                                       referenceLength: lengths[placement.reference]!)
                        else { continue }
                        let reach = SiteReach(mate, site: site, nontemplated: nontemplated[i], anchor: a,
                                              others: others[i][placement.reference] ?? [])
                        guard reach.enters,
                              reach.isCovered(by: SiteReach.alignedIntervals(mate, own: members[i], itdJunctions: itdJunctions))
                        else { continue }
                        expected[j] += weight
                    }
                }
            }
            if expected[n] > 0 {
                for j in 0..<n where j != i { occ[i][j] = expected[j] / expected[n] }
            }
        }
        return occ
    }

    /// Solves AR_i = q_i · (1 + Σ_{j≠i} occ_ij · AR_j) for the ITDs with a ratio `q_i` (M_i / O_i);
    /// the others (nil) keep their `fixed` AR. Infinite or undefined ARs are left out of the sums.
    /// When the system has no positive solution (the other alleles would leave no wild type),
    /// those ITDs get an infinite AR.
    static func solve(q: [Double?], fixed: [Double?], occ: [[Double]]) -> [Double?] {
        let n = q.count
        var ar: [Double?] = (0..<n).map { q[$0] ?? fixed[$0] }
        var converged = false
        for _ in 0..<10_000 {
            var change = 0.0
            for i in 0..<n {
                guard let qi = q[i], qi.isFinite else { continue }
                let next = qi * factor(i, ar: ar, occ: occ)
                change = max(change, abs(next - (ar[i] ?? 0)) / max(1, next))
                ar[i] = next
            }
            if change < 1e-12 { converged = true; break }
            if ar.contains(where: { ($0 ?? 0) > 1e9 }) { break }
        }
        if !converged {
            for i in 0..<n where q[i] != nil { ar[i] = .infinity }
        }
        return ar
    }

    /// 1 + Σ_{j≠i} occ_ij · AR_j: how many molecules of the others counted at site i per wild-type molecule.
    static func factor(_ i: Int, ar: [Double?], occ: [[Double]]) -> Double {
        var f = 1.0
        for j in ar.indices where j != i {
            if let v = ar[j], v.isFinite { f += occ[i][j] * v }
        }
        return f
    }

    /// The 95% intervals of the ARs of several ITDs solved together (``solve(q:fixed:occ:)``).
    ///
    /// Delta method on the log scale over the spanning counts themselves: `counts` = (M_0, O_0,
    /// M_1, O_1, ...) in half-fragments (q_i = M_i / O_i), `covariance` = Σ over fragments of
    /// x xᵀ for each fragment's contributions x to those counts, so that a fragment counted at
    /// several sites — mutant at one, another allele at the next — is one draw, not several
    /// independent ones. The solve is differentiated numerically (each count moved by a small
    /// factor in turn), which carries the feedback between alleles: AR_i = q_i (1 + Σ occ_ij AR_j)
    /// and AR_j depends on AR_i in turn. With much wild type the result is close to each ITD's own
    /// binomial interval; with little, every AR rests on the same few wild-type fragments and the
    /// interval widens as 1/√WT (two ITDs at AR 200 and 100 in a simulated amplicon, 6 wild-type
    /// fragments: ±11% when each q_i was taken as independent of the others, truth excluded). The
    /// ARs of window-estimated ITDs (`fixed`) enter with their own interval's log-scale error.
    /// An ITD whose solve has no finite solution (the others would leave no wild type), or whose
    /// AR has none when a count moves by its error, gets an infinite upper bound and, as lower
    /// bound, its AR solved with every count moved by 1.96 errors towards a lower AR.
    static func intervals(counts: [Double], covariance: [[Double]], spanning: [Bool], fixed: [Double?],
                          fixedIntervals: [AllelicRatioEstimate], occ: [[Double]], ar: [Double?]) -> [(Double?, Double?)] {
        let n = spanning.count
        let z = WilsonInterval.z
        func solveCounts(_ c: [Double], _ f: [Double?]) -> [Double?] {
            let q: [Double?] = (0..<n).map { i in
                guard spanning[i] else { return nil }
                return c[2 * i + 1] > 0 ? c[2 * i] / c[2 * i + 1] : (c[2 * i] > 0 ? .infinity : nil)
            }
            return solve(q: q, fixed: (0..<n).map { spanning[$0] ? nil : f[$0] }, occ: occ)
        }
        let step = 1e-4
        // gradient[u][i] = d ln AR_i / d count_u (nil when the moved solve has no finite AR_i)
        var gradient = [[Double?]](repeating: [Double?](repeating: 0, count: n), count: 2 * n)
        for u in 0..<(2 * n) where spanning[u / 2] && counts[u] > 0 {
            var c = counts
            c[u] *= exp(step)
            let moved = solveCounts(c, fixed)
            for i in 0..<n {
                guard let a = ar[i], a.isFinite, a > 0 else { continue }
                guard let b = moved[i], b.isFinite, b > 0 else { gradient[u][i] = nil; continue }
                gradient[u][i] = (log(b) - log(a)) / (counts[u] * (exp(step) - 1))
            }
        }
        // window ITDs: d ln AR_i / d ln AR_k times AR_k's own log-scale error
        var fixedTerms = [Double?](repeating: 0, count: n)
        for k in 0..<n where !spanning[k] {
            guard let v = fixed[k], v.isFinite, v > 0 else { continue }
            guard let lo = fixedIntervals[k].ciLow, let hi = fixedIntervals[k].ciHigh, lo > 0, hi.isFinite else {
                for i in 0..<n where i != k { fixedTerms[i] = nil }
                continue
            }
            let sigma = (log(hi) - log(lo)) / (2 * z)
            var f = fixed
            f[k] = v * exp(step)
            let moved = solveCounts(counts, f)
            for i in 0..<n where i != k && spanning[i] {
                guard let a = ar[i], a.isFinite, a > 0, let current = fixedTerms[i] else { continue }
                guard let b = moved[i], b.isFinite, b > 0 else { fixedTerms[i] = nil; continue }
                let t = (log(b) - log(a)) / step * sigma
                fixedTerms[i] = current + t * t
            }
        }
        // the lowest ARs: every spanning mutant count 1.96 SD lower and other count higher
        var low = counts
        for i in 0..<n where spanning[i] {
            low[2 * i] = max(0, counts[2 * i] - z * covariance[2 * i][2 * i].squareRoot())
            low[2 * i + 1] = counts[2 * i + 1] + z * covariance[2 * i + 1][2 * i + 1].squareRoot()
        }
        let lowFixed: [Double?] = (0..<n).map { spanning[$0] ? nil : fixedIntervals[$0].ciLow ?? fixed[$0] }
        let floor = solveCounts(low, lowFixed)
        return (0..<n).map { i -> (Double?, Double?) in
            guard spanning[i] else { return (nil, nil) }
            let lowest = floor[i].flatMap { $0.isFinite ? $0 : nil } ?? 0
            guard let value = ar[i], value.isFinite, value > 0 else {
                return ar[i] == .infinity ? (lowest, .infinity) : (nil, nil)
            }
            guard let own = fixedTerms[i] else { return (lowest, .infinity) }
            var variance = own
            for u in 0..<(2 * n) {
                for v in 0..<(2 * n) where covariance[u][v] != 0 {
                    guard let gu = gradient[u][i], let gv = gradient[v][i] else { return (lowest, .infinity) }
                    variance += gu * gv * covariance[u][v]
                }
            }
            let half = z * max(0, variance).squareRoot()
            return (value * exp(-half), value * exp(half))
        }
    }
}
