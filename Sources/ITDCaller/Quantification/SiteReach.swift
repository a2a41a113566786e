/// Where a read lies relative to one ITD's site, measured in *read bases*, for the spanning
/// estimator.
///
/// A sense read **enters** site i (duplicated span [c, p) with m non-templated bases, anchor A)
/// when it has at least A + `left` bases before reference base c and at least (p - c) + m + A
/// bases from c on: then the read must either show the junction (allele i) or read on through
/// the site. An antisense read enters when it has A + `right` bases after base p - 1 and
/// (p - c) + m + A bases up to it. Offsets are taken where the read really has them — c at its
/// *first* occurrence in the read, p - 1 at its *last* — so that a read of another ITD's allele
/// that crossed that ITD's junction on the way is measured by the bases it really has, not by
/// reference coordinates (which would overstate its reach by the other insertion's length).
///
/// A read that enters and shows no junction of ITD i is counted as *another* allele at site i
/// (wild type or any other ITD) when its aligned bases cover the read interval the site needs
/// (``needed``), through breaks that are explained: sequencing indels and small deletions (as
/// ``AllelicRatioEstimator/contiguousSpans(_:itdJunctions:)``) and junctions of the *other*
/// called ITDs. Which of those other alleles it is, is solved for in ``AlleleMixture``.
struct SiteReach {
    /// The read enters the site (see above).
    var enters: Bool
    /// Read offsets [start, end) (sense orientation) the read must have aligned to count as
    /// another allele at the site.
    var needed: Range<Int>

    /// `others`: the other called ITDs on the mate's reference, each with its site and its
    /// non-templated length (see ``offsetOfFirst(_:in:others:)`` and
    /// ``offsetPastLast(_:in:others:)``).
    ///
    /// The site's own ITD is measured the same way: a read of its allele whose first copy did not
    /// align (too short, or an error in it) has its alignment start at the second copy, and c
    /// occurs first in the first copy, d + m bases before where the alignment puts it; the mirror
    /// image for antisense reads. Measured along the second copy, such a read entered the site
    /// although it starts inside the duplication, where its wild-type twin does not: 0.35% of the
    /// entering mutant mates of an 18-bp ITD with 3 nt in simulated RNA-seq 2x100, all of them
    /// counted as mutant (they show the junction by ``AllelicRatioEstimator/lostJunction``).
    init(_ mate: MateGeometry, site: AllelicRatioEstimator.Site, nontemplated m: Int, anchor a: Int,
         others: [(site: AllelicRatioEstimator.Site, m: Int)] = []) {
        let need = (site.p - site.c) + m + a
        let length = Int(mate.readLength)
        let others = others + [(site, m)]
        if mate.isSense {
            let o = Self.offsetOfFirst(site.c, in: mate, others: others)
            enters = o >= a + site.left && length - o >= need
            needed = (o - site.left - a)..<(o + need)
        } else {
            let e = Self.offsetPastLast(site.p, in: mate, others: others)
            enters = length - e >= a + site.right && e >= need
            needed = (e - need)..<(e + site.right + a)
        }
    }

    /// For each ITD i, the other called ITDs' sites per reference with their non-templated
    /// lengths: the `others` of ``init(_:site:nontemplated:anchor:others:)`` at i's site.
    static func otherSites(_ sites: [[ReferenceID: AllelicRatioEstimator.Site]], nontemplated: [Int])
        -> [[ReferenceID: [(site: AllelicRatioEstimator.Site, m: Int)]]] {
        sites.indices.map { i in
            var out: [ReferenceID: [(site: AllelicRatioEstimator.Site, m: Int)]] = [:]
            for j in sites.indices where j != i {
                for (reference, s) in sites[j] { out[reference, default: []].append((s, nontemplated[j])) }
            }
            return out
        }
    }

    /// ``readOffset(ofFirst:in:)``, except for a read whose alignment starts at another called
    /// ITD j's second copy (``AllelicRatioEstimator/Site/isSecondCopyStart(_:)``) with unaligned bases
    /// before it, when `x` lies in j's duplicated span [c_j, p_j): those bases are taken for j's
    /// first copy and non-templated bases (too short to align), so `x` occurs first in the first
    /// copy, at the read offset a read of j's allele starting there has — before the read start.
    /// Projected along the second copy instead, such a read (started in the first copy past `x`)
    /// entered a site inside j's duplication that a read of that allele never enters when fully
    /// aligned, as the replay in ``AlleleMixture`` aligns it.
    static func offsetOfFirst(_ x: Int, in mate: MateGeometry, others: [(site: AllelicRatioEstimator.Site, m: Int)]) -> Int {
        if mate.clipStart > 0, let first = mate.spans.first {
            let s0 = Int(first.lowerBound)
            for (o, m) in others where o.c <= x && x < o.p && o.isSecondCopyStart(s0) {
                // haplotype of j: s0 lies in the second copy; x (first copy) at x
                return Int(mate.readStarts[0]) - (o.secondCopyPosition(s0, nontemplated: m) - x)
            }
        }
        return readOffset(ofFirst: x, in: mate)
    }

    /// ``readOffset(pastLast:in:)``, except for a read whose alignment ends at another called ITD
    /// j's first copy (``AllelicRatioEstimator/Site/isFirstCopyEnd(_:)``) with unaligned bases
    /// after it, when `x - 1` lies in j's duplicated span [c_j, p_j): those bases are taken for
    /// j's non-templated bases and second copy, so `x - 1` occurs last in the second copy, at the
    /// read offset a read of j's allele ending there has — past the read end. The mirror image of
    /// ``offsetOfFirst(_:in:others:)``.
    static func offsetPastLast(_ x: Int, in mate: MateGeometry, others: [(site: AllelicRatioEstimator.Site, m: Int)]) -> Int {
        if mate.clipEnd > 0, let last = mate.spans.last {
            let s1 = Int(last.upperBound)
            let end = Int(mate.readStarts[mate.spans.count - 1]) + last.count
            for (o, m) in others where o.c < x && x <= o.p && o.isFirstCopyEnd(s1) {
                // haplotype of j: s1 lies at s1 (first copy and the stretch after it that reads
                // like the inserted bases); the end x (exclusive) at its place in the second copy
                return end + (o.secondCopyPosition(x, nontemplated: m) - s1)
            }
        }
        return readOffset(pastLast: x, in: mate)
    }

    /// Read offset of reference base `x` at its first occurrence along the read: in the first
    /// span (read order) that reaches past `x`, or projected along that span's direction when `x`
    /// lies before it (before the read's start, or in a deletion); past the last span, projected
    /// along it.
    static func readOffset(ofFirst x: Int, in mate: MateGeometry) -> Int {
        for (k, span) in mate.spans.enumerated() where Int(span.upperBound) > x {
            return Int(mate.readStarts[k]) + (x - Int(span.lowerBound))
        }
        let k = mate.spans.count - 1
        return Int(mate.readStarts[k]) + (x - Int(mate.spans[k].lowerBound))
    }

    /// Read offset just past reference base `x - 1` at its last occurrence along the read: in the
    /// last span (read order) that starts before `x`, projected past its end when `x - 1` lies
    /// after it; before the first span, projected along it.
    static func readOffset(pastLast x: Int, in mate: MateGeometry) -> Int {
        for k in mate.spans.indices.reversed() where Int(mate.spans[k].lowerBound) < x {
            return Int(mate.readStarts[k]) + (x - Int(mate.spans[k].lowerBound))
        }
        return Int(mate.readStarts[0]) + (x - Int(mate.spans[0].lowerBound))
    }

    /// The read intervals (sense orientation) the mate has aligned, joined across explained
    /// breaks: junctions of called ITDs other than `own`, and the breaks
    /// ``AllelicRatioEstimator/contiguousSpans(_:itdJunctions:)`` reads through (indels, small
    /// deletions). Unaligned read ends up to ``AllelicRatioEstimator/endTrimAllowance`` count as
    /// aligned, as everywhere else (``AllelicRatioEstimator/projected(_:of:)``).
    static func alignedIntervals(_ mate: MateGeometry, own: Set<Int32>, itdJunctions: Set<Int32>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for (k, span) in mate.spans.enumerated() {
            let r = Int(mate.readStarts[k])..<(Int(mate.readStarts[k]) + span.count)
            if k > 0, let last = out.last,
               AllelicRatioEstimator.readsThrough(junction: mate.junctionIDs[k - 1],
                                                  gap: Int(span.lowerBound) - Int(mate.spans[k - 1].upperBound),
                                                  itdJunctions: itdJunctions, otherThan: own) {
                out[out.count - 1] = min(last.lowerBound, r.lowerBound)..<max(last.upperBound, r.upperBound)
                continue
            }
            out.append(r)
        }
        return AllelicRatioEstimator.projected(out, of: mate)
    }

    /// Whether one of `intervals` holds the whole ``needed`` interval.
    func isCovered(by intervals: [Range<Int>]) -> Bool {
        intervals.contains { $0.lowerBound <= needed.lowerBound && $0.upperBound >= needed.upperBound }
    }
}
