/// Counts PCR and optical duplicates once (`--collapse-duplicates`): fragments whose reads start
/// at the same places are taken to be copies of one molecule.
///
/// Why: every count of the estimators and every interval takes a fragment as a molecule of the
/// sample. A capture library that sequenced the same molecule three times triples both counts and
/// leaves the ratio unbiased, but makes it look three times as sure as it is (the interval
/// ~1.7 times too narrow).
///
/// The duplicate key of a fragment is the set of its aligned mates' (reference, strand, 5' end),
/// the 5' end being the reference base a read's first base lies on (the first span projected over
/// the bases before it, sense reads; the last span projected past the bases after it, antisense
/// reads). That end does not move with the sequencing errors that change where an alignment
/// stops, so copies of one molecule share it; and as a set, not in R1/R2 order, it is the same
/// for copies of either strand of the molecule (R1 at its left end or at its right), as in
/// Picard MarkDuplicates, which orders a pair's ends by coordinate. (A read whose 5' part before
/// a junction failed to align projects its end from the other side of the junction, one ITD
/// length away: such a copy forms a group of its own.) Each group of
/// fragments with one key counts once, as its most common shape (a tie: the first in a fixed
/// order of the shapes' fields), since the copies' reads differ only by errors. The key also holds
/// whether the reads show a junction: a copy whose junction side failed to align (an error there)
/// is then counted apart, a small excess of the molecules that were read most.
/// Distinct molecules that happen to share both ends (rare for paired reads at panel depth) are
/// counted once too.
///
/// Only fragments with a read on exon 14 or 15 (the ITD locus) are grouped; the others, such as
/// background reads of repeats that also lie in FLT3's introns (many reads of one repeat
/// sequence align alike), pass unchanged and are neither counted as duplicates nor taken as a
/// sign of an amplicon.
///
/// Applied only where shared ends mean copies: paired DNA libraries. Not applied (the result
/// says why, and the fragments pass unchanged) to
/// - amplicon libraries, whose fragments all start at the primers, so collapsing would count each
///   allele about once: ``LibraryProfile/isAmplicon``, more than 30% of the locus fragments with
///   a sense read start it at one base (and more than 50). That is the primer in
///   an amplicon, whatever the allele; in capture it would be one molecule copied into a third of
///   the library. (Counting whole groups instead took a low-depth capture sample with one PCR
///   jackpot, 60 copies among 366 fragments, for an amplicon, where collapsing matters most.)
/// - single-end reads (most locus fragments unpaired): only one end is known, and at panel depth
///   distinct molecules share it (the validation grid's 18 capture 1x100 samples: locus depth
///   2,244 -> 1,267 summed, 44% collapsed away, and 5 calls changed);
/// - RNA-seq (most locus fragments on the mRNA): a transcript's fragments crowd its short
///   length, so distinct molecules share both ends by chance.
enum DuplicateCollapser {
    struct Key: Hashable {
        var ends: [Int64]
        var isPair: Bool
        /// Whether the fragment's reads show a junction: copies of one molecule carry one allele,
        /// so a fragment with a junction and one without are not taken for copies (merging them
        /// keeps one allele's shape: on simulated capture without duplicates, keeping the
        /// junction's raised every ratio by ~1%). Not which junction: copies of one mutant
        /// molecule with errors near it show it drawn a few bases apart (keyed by the junction's
        /// content they were counted apart, and ratios rose 10-13% on duplicated samples).
        var showsJunction: Bool
    }

    /// The result: the collapsed shapes and how many fragments were counted once; or, when not
    /// applied, why (then `geometries` is the input, unchanged, and `duplicates` 0).
    struct Result {
        var geometries: [FragmentGeometry: Int]
        var duplicates: Int
        var notApplied: String?
        /// Distinct molecules at the locus after collapsing (0 when not applied).
        var molecules: Int = 0
    }

    /// The 5' end of a read, in reference coordinates with its strand and reference folded in.
    static func fivePrimeEnd(_ m: MateGeometry) -> Int64 {
        let end = m.isSense ? m.projectedStart : m.projectedEnd
        return (Int64(end) << 2) | (m.isSense ? 2 : 0) | (m.reference == .genomic ? 1 : 0)
    }

    static func key(_ g: FragmentGeometry) -> Key {
        Key(ends: g.mates.map(fivePrimeEnd).sorted(), isPair: g.isPair, showsJunction: g.hasBackwardJunction)
    }

    /// Exons 14 and 15 on each reference (genomic sense window, mRNA).
    static let locus: [ReferenceID: [Range<Int32>]] = {
        let exons = FLT3Reference.shared.exons.filter { $0.name == "exon14" || $0.name == "exon15" }
        func spans(_ r: [Range<Int>]) -> [Range<Int32>] { r.map { Int32($0.lowerBound)..<Int32($0.upperBound) } }
        return [.genomic: spans(exons.compactMap(\.senseSpan)), .mrna: spans(exons.map(\.mrnaSpan))]
    }()

    /// Whether a read of the fragment lies on exon 14 or 15.
    static func atLocus(_ g: FragmentGeometry) -> Bool {
        g.mates.contains { m in
            let exons = locus[m.reference] ?? []
            return m.spans.contains { s in exons.contains { $0.overlaps(s) } }
        }
    }

    /// `junctions`: the store's interned junctions, so that shapes tied on count are ordered by
    /// what their junctions are, not by interning order or hash.
    static func collapse(_ geometries: [FragmentGeometry: Int], junctions: [RawJunction] = []) -> Result {
        var groups: [Key: [(FragmentGeometry, Int)]] = [:]
        var out: [FragmentGeometry: Int] = [:]
        // in an amplicon, most fragments' sense reads start at the forward primer's base
        var profile = LibraryProfile()
        for (g, n) in geometries {
            guard atLocus(g) else {
                out[g, default: 0] += n
                continue
            }
            groups[key(g), default: []].append((g, n))
            profile.add(g, count: n)
        }
        func unchanged(_ why: String) -> Result { Result(geometries: geometries, duplicates: 0, notApplied: why) }
        if profile.isAmplicon {
            return unchanged("\(ReportNumberFormat.grouped(profile.commonestSenseStart)) of \(ReportNumberFormat.grouped(profile.withSenseRead)) locus fragments start their sense read at one base, as in an amplicon library (every fragment starts at a primer), where collapsing would count each allele about once")
        }
        if profile.isMostlySingleEnd {
            return unchanged("single-end reads: with one end known, distinct molecules that start at the same base cannot be told from copies")
        }
        if profile.isRNA {
            return unchanged("RNA-seq reads: fragments crowd the transcript, so distinct molecules share both ends by chance")
        }
        for members in groups.values {
            let kept = members.max { a, b in
                if a.1 != b.1 { return a.1 < b.1 }
                return b.0.tieOrder(junctions).lexicographicallyPrecedes(a.0.tieOrder(junctions))
            }!
            out[kept.0, default: 0] += 1
        }
        return Result(geometries: out, duplicates: profile.fragments - groups.count, notApplied: nil, molecules: groups.count)
    }
}

extension FragmentGeometry {
    /// A total order among shapes that tie on count (not the hash, which varies between runs):
    /// every field of every read (mates, then the joined read), junctions by their content
    /// (b, c, non-templated bases; an ID the store does not hold by the ID).
    fileprivate func tieOrder(_ junctions: [RawJunction]) -> [Int64] {
        var out: [Int64] = [isPair ? 1 : 0, Int64(mates.count), joined == nil ? 0 : 1]
        for m in reads {
            out += [m.reference == .genomic ? 0 : 1, m.isSense ? 1 : 0, Int64(m.readLength), Int64(m.clipStart), Int64(m.clipEnd), Int64(m.spans.count)]
            out += m.spans.flatMap { [Int64($0.lowerBound), Int64($0.upperBound)] }
            out += m.readStarts.map(Int64.init)
            for id in m.junctionIDs {
                guard id >= 0, Int(id) < junctions.count else { out += [-1, Int64(id)]; continue }
                let j = junctions[Int(id)]
                out += [Int64(j.b), Int64(j.c), Int64(j.nontemplated.count)] + j.nontemplated.map(Int64.init)
            }
        }
        return out
    }
}
