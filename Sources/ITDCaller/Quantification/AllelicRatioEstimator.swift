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
/// outside: a sense read starting before the duplicated span [c, p), or an antisense read ending
/// after it. Such a read must either show the junction (mutant) or run through the wild-type
/// sequence (wild type); with anchor A the requirement is identical for both alleles:
/// sense reads need p + m + A - start bases, antisense reads end - c + m + A bases
/// (m = non-templated bases). This holds for any distribution of read starts, so long and short
/// ITDs are measured alike. Fragments showing any ITD junction are never wild type.
///
/// **Window** (used when the ITD is too long for reads to enter it from outside, as in capture
/// or RNA-seq with long ITDs). Counted like k-mers: J_i = fragments showing ITD i's junction with
/// >= A bases on each side; W_i = fragments covering the wild-type window [p - A, p + m + A)
/// contiguously. With uniform read starts every copy of a window is read equally often, so
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

    /// Per-candidate coordinates on one reference: insertion point p, first duplicated base c.
    private struct Site {
        var p: Int
        var c: Int
    }

    private struct Prepared {
        var candidate: ITDCandidate
        var m: Int
        var sites: [ReferenceID: Site]
    }

    /// Counts for every candidate with `anchor` bases required on both sides (default: the
    /// option). The same anchor applies to mutant and wild-type evidence.
    func quantify(_ candidates: [ITDCandidate], anchor: Int? = nil) -> [ITDQuantification] {
        let a = anchor ?? options.anchor
        let prepared: [Prepared] = candidates.map { cand in
            var sites: [ReferenceID: Site] = [.genomic: Site(p: cand.p, c: cand.c)]
            if let pm = FLT3Reference.shared.mrnaOffset(senseOffset: cand.p - 1),
               let cm = FLT3Reference.shared.mrnaOffset(senseOffset: cand.c),
               pm + 1 - cm == cand.p - cand.c {
                sites[.mrna] = Site(p: pm + 1, c: cm)
            }
            return Prepared(candidate: cand, m: cand.nontemplatedLength, sites: sites)
        }
        let n = prepared.count
        var spanMut = [Int](repeating: 0, count: n)
        var spanWT = [Int](repeating: 0, count: n)
        var winJ = [Int](repeating: 0, count: n)
        var winW = [Int](repeating: 0, count: n)
        var winWc = [Int](repeating: 0, count: n)
        var anyJ = [Int](repeating: 0, count: n)
        // coverJ[i][j]: wild-type-informative fragments at site i whose reads also run through
        // ITD j's insertion point — an allele j read there would have shown j's junction.
        var coverJ = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)

        let itdJunctions = candidates.reduce(into: Set<Int32>()) { $0.formUnion($1.members) }
        for (g, count) in store.geometries {
            // Fragments showing any ITD's junction are never wild type; alleles of another ITD
            // whose reads do not reach its junction are removed statistically below.
            let hasJunction = g.mates.contains { $0.junctionIDs.contains(where: itdJunctions.contains) }
            let mateSpans = g.mates.map { Self.contiguousSpans($0, itdJunctions: itdJunctions) }
            for (i, prep) in prepared.enumerated() {
                var sMut = false, sWT = false, wJ = false, wW = false, wWc = false, aJ = false
                for (mateIndex, mate) in g.mates.enumerated() {
                    guard let site = prep.sites[mate.reference] else { continue }
                    let p = site.p, c = site.c, m = prep.m
                    // Junction of this ITD in this mate?
                    for (k, id) in mate.junctionIDs.enumerated() where id >= 0 && prep.candidate.members.contains(id) {
                        aJ = true
                        let left = mate.spans[k], right = mate.spans[k + 1]
                        let leftAnchor = Int(left.count), rightAnchor = Int(right.count)
                        if leftAnchor >= a && rightAnchor >= a { wJ = true }
                        if mate.isSense {
                            if Int(left.lowerBound) < c && Int(left.lowerBound) <= p - a && rightAnchor >= a { sMut = true }
                        } else {
                            if Int(right.upperBound) > p && Int(right.upperBound) >= c + a && leftAnchor >= a { sMut = true }
                        }
                    }
                    for span in mateSpans[mateIndex] {
                        let lo = span.lowerBound, hi = span.upperBound
                        if lo <= p - a && hi >= p + m + a { wW = true }
                        if lo <= c - m - a && hi >= c + a { wWc = true }
                        if !hasJunction {
                            if mate.isSense {
                                if lo < c && lo <= p - a && hi >= p + m + a { sWT = true }
                            } else {
                                if lo <= c - m - a && hi > p && hi >= c + a { sWT = true }
                            }
                        }
                    }
                }
                if sMut { spanMut[i] += count }
                if sWT && !sMut {
                    spanWT[i] += count
                    for j in 0..<n where j != i {
                        let covers = zip(g.mates, mateSpans).contains { mate, spans in
                            guard let sj = prepared[j].sites[mate.reference] else { return false }
                            return spans.contains {
                                $0.lowerBound <= sj.p - a && $0.upperBound >= sj.p + prepared[j].m + a
                            }
                        }
                        if covers { coverJ[i][j] += count }
                    }
                }
                if wJ { winJ[i] += count }
                if wW { winW[i] += count }
                if wWc { winWc[i] += count }
                if aJ { anyJ[i] += count }
            }
        }

        // Window estimator: subtract every ITD allele's copies of window i, at both ends of the
        // duplicated span — the 3' window [p - A, p + m + A) and the 5' window [c - m - A, c + A)
        // — and average them: the junction lies between the two, so the mean follows coverage that
        // changes along the locus (a capture target ending inside a long ITD). When one window is
        // read less than half as often as the other it lies outside the well-read part (reads
        // tiled from one exon, the end of an amplicon), and the better-read estimate is kept.
        var winWT = [Int](repeating: 0, count: n)
        var winWTVariance = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let site = prepared[i].sites[.genomic]!
            let m = prepared[i].m
            var estimates: [Int] = []
            var variances: [Double] = []
            let observedCounts = [winW[i], winWc[i]]
            for (w, observed) in [((site.p - a)..<(site.p + m + a), winW[i]), ((site.c - m - a)..<(site.c + a), winWc[i])] {
                var subtract = 0
                var variance = Double(observed)
                for j in 0..<n {
                    let sj = prepared[j].sites[.genomic]!
                    // copies of w in ITD j's allele: its 5' piece [0, p_j) and its 3' piece [c_j, end)
                    let occ = (w.upperBound <= sj.p ? 1 : 0) + (w.lowerBound >= sj.c ? 1 : 0)
                    subtract += occ * winJ[j]
                    variance += Double(occ * occ * winJ[j])
                }
                estimates.append(max(0, observed - subtract))
                variances.append(variance)
            }
            let balanced = 2 * observedCounts.min()! >= observedCounts.max()!
            let chosen = observedCounts[0] >= observedCounts[1] ? 0 : 1
            winWT[i] = balanced ? (estimates[0] + estimates[1] + 1) / 2 : estimates[chosen]
            winWTVariance[i] = balanced ? (variances[0] + variances[1]) / 4 : variances[chosen]
        }

        // Spanning with several ITDs: wild-type-looking fragments at site i also come from other
        // ITD alleles whose reads did not run through that ITD's junction (those that did were
        // excluded above): S_WT_i = pi_i * n_WT * (1 + sum_j delta_ij AR_j), with delta_ij the
        // fraction of the wild-type-informative fragments at i that do NOT cover ITD j's
        // insertion point (measured on the fragments themselves).
        // Solve AR_i = (S_M_i / S_WT_i) * (1 + sum_j delta_ij AR_j) by fixed-point iteration
        // (the window estimator already subtracts other alleles exactly).
        let useSpanning = (0..<n).map { i in spanMut[i] * 2 >= winJ[i] && spanMut[i] + spanWT[i] > 0 }
        func delta(_ i: Int, _ j: Int) -> Double {
            spanWT[i] > 0 ? 1 - Double(coverJ[i][j]) / Double(spanWT[i]) : 1
        }
        var ar = (0..<n).map { i -> Double in
            let (m, w) = useSpanning[i] ? (spanMut[i], spanWT[i]) : (winJ[i], winWT[i])
            return w > 0 ? Double(m) / Double(w) : (m > 0 ? .infinity : 0)
        }
        var scale = [Double](repeating: 1, count: n)
        if n > 1 {
            for _ in 0..<50 {
                for i in 0..<n where useSpanning[i] {
                    var s = 1.0
                    for j in 0..<n where j != i && ar[j].isFinite { s += delta(i, j) * ar[j] }
                    scale[i] = s
                    ar[i] = spanWT[i] > 0 ? Double(spanMut[i]) / Double(spanWT[i]) * s : .infinity
                }
            }
        }

        return (0..<n).map { i in
            let mut = useSpanning[i] ? spanMut[i] : winJ[i]
            let wt = useSpanning[i] ? Int((Double(spanWT[i]) / scale[i]).rounded()) : winWT[i]
            var estimate = useSpanning[i]
                ? WilsonInterval.allelicRatio(mutant: Double(mut), wildType: Double(spanWT[i]) / scale[i])
                : SubtractionInterval.allelicRatio(mutant: Double(mut), wildType: Double(wt), wildTypeVariance: winWTVariance[i])
            if useSpanning[i] && scale[i] != 1 && spanWT[i] > 0 { estimate.value = ar[i] }
            return ITDQuantification(
                mutantFragments: mut, wildTypeFragments: wt,
                allelicRatio: estimate,
                junctionFragments: anyJ[i], junctionDepth: useSpanning[i] ? spanMut[i] + spanWT[i] : mut + winW[i],
                estimator: useSpanning[i] ? "spanning" : "window")
        }
    }

    /// The reference stretches a mate reads through as wild type: its segments joined across
    /// every break that is not an ITD junction — sequencing indels, small deletions (<= 50 bp)
    /// and non-duplication insertions are alleles without an ITD, so they count as wild type.
    /// Larger forward jumps (splicing on the genome) stay breaks.
    static func contiguousSpans(_ mate: MateGeometry, itdJunctions: Set<Int32>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for (k, span) in mate.spans.enumerated() {
            let r = Int(span.lowerBound)..<Int(span.upperBound)
            if k > 0, let last = out.last {
                let id = mate.junctionIDs[k - 1]
                let isITD = id >= 0 && itdJunctions.contains(id)
                let gap = r.lowerBound - last.upperBound
                if !isITD && gap <= 50 {
                    out[out.count - 1] = min(last.lowerBound, r.lowerBound)..<max(last.upperBound, r.upperBound)
                    continue
                }
            }
            out.append(r)
        }
        return out
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
