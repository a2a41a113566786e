/// Turns the raw backward junctions seen in reads into ITD candidates: maps mRNA junctions onto
/// the genomic window, keeps those inside the ITD region, writes each as a 3'-shifted insertion,
/// keeps only tandem duplications, gathers all reads of one ITD into one candidate and merges
/// sequencing-error variants into the ITD they came from.
struct JunctionClusterer {
    let options: AnalysisOptions
    let index: ReferenceIndex
    private let genome = FLT3Reference.shared.genomicSense
    private let normalizer = ITDNormalizer()

    init(options: AnalysisOptions, index: ReferenceIndex) {
        self.options = options
        self.index = index
    }

    /// The canonical (3'-most, genomic when possible) form of a raw junction when it is an ITD:
    /// a tandem duplication of at least `minITDLength` templated bases, with at most
    /// max(templated, 6) non-templated bases (ITDs often carry a few; an insertion that is mostly
    /// non-templated sequence is not a duplication), whose span lies in the window and overlaps
    /// exons 13-15.
    func canonicalITD(_ j: RawJunction) -> NormalizedInsertion? {
        guard j.c <= j.b, let n = try? normalizer.normalize(j.event), n.event.reference == .genomic else { return nil }
        let span = n.duplicatedSpan
        guard n.templatedLength >= options.minITDLength, n.nontemplated.count <= max(n.templatedLength, 6),
              span.lowerBound >= index.itdRegion.lowerBound, span.upperBound <= index.itdRegion.upperBound,
              span.overlaps(index.exonRegion)
        else { return nil }
        return n
    }

    /// Candidates from the evidence, strongest first; error variants merged.
    func candidates(from store: EvidenceStore) -> [ITDCandidate] {
        // Raw junction -> canonical key.
        var keyOf: [Int32: Int] = [:]
        var keys: [InsertionEvent] = []
        var keyIndex: [InsertionEvent: Int] = [:]
        var templated: [Int] = []
        var nontemplated: [Int] = []
        for (id, raw) in store.junctions.enumerated() {
            guard let n = canonicalITD(raw) else { continue }
            let k: Int
            if let existing = keyIndex[n.event] {
                k = existing
            } else {
                k = keys.count
                keys.append(n.event)
                keyIndex[n.event] = k
                templated.append(n.templatedLength)
                nontemplated.append(n.nontemplated.count)
            }
            keyOf[Int32(id)] = k
        }
        // Fragment support per key (a fragment counts once even if both mates show it).
        var support = [Int](repeating: 0, count: keys.count)
        var seen = [Set<ReferenceID>](repeating: [], count: keys.count)
        for (g, n) in store.geometries where g.hasBackwardJunction {
            var ks = Set<Int>()
            for m in g.reads {
                for id in m.junctionIDs where id >= 0 {
                    if let k = keyOf[id] {
                        ks.insert(k)
                        seen[k].insert(m.reference)
                    }
                }
            }
            for k in ks { support[k] += n }
        }
        var cands: [ITDCandidate] = keys.indices.map { k in
            ITDCandidate(event: keys[k], templatedLength: templated[k], nontemplatedLength: nontemplated[k],
                         members: Set(keyOf.filter { $0.value == k }.map(\.key)),
                         support: support[k], seenOn: seen[k])
        }
        cands.sort { ($0.support, $1.event.position, $1.event.inserted.count) > ($1.support, $0.event.position, $0.event.inserted.count) }

        // Merge variants into a stronger candidate of the same inserted length whose mutant
        // haplotype differs by at most two bases: sequencing errors, and SNVs inside a copy, which
        // move the junction and turn templated into "non-templated" bases. Two real ITDs of one
        // length at different positions differ in many haplotype bases and stay apart.
        var kept: [ITDCandidate] = []
        for c in cands {
            if let i = kept.firstIndex(where: { isErrorVariant(c, of: $0) }) {
                kept[i].members.formUnion(c.members)
                kept[i].support += c.support
                kept[i].seenOn.formUnion(c.seenOn)
            } else {
                kept.append(c)
            }
        }
        return kept
    }

    private func isErrorVariant(_ minor: ITDCandidate, of major: ITDCandidate) -> Bool {
        let n = major.event.inserted.count
        guard minor.event.inserted.count == n, minor.support <= major.support,
              abs(minor.p - major.p) <= n + 5 else { return false }
        let lo = max(0, min(minor.p, major.p) - n - 10)
        let hi = min(genome.count, max(minor.p, major.p) + 10)
        let a = haplotype(minor.event, lo, hi), b = haplotype(major.event, lo, hi)
        guard a.count == b.count else { return false }
        var diff = 0
        for (x, y) in zip(a, b) where x != y {
            diff += 1
            if diff > 2 { return false }
        }
        return true
    }

    /// Mutant sequence over reference window [lo, hi) (lo <= p <= hi).
    private func haplotype(_ e: InsertionEvent, _ lo: Int, _ hi: Int) -> [UInt8] {
        Array(genome[lo..<e.position]) + e.inserted + Array(genome[e.position..<hi])
    }
}
