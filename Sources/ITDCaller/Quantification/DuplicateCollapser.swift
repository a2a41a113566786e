/// Counts PCR and optical duplicates once (`--collapse-duplicates`): fragments whose reads start
/// at the same places are taken to be copies of one molecule.
///
/// Why: every count of the estimators and every interval takes a fragment as a molecule of the
/// sample. A capture library that sequenced the same molecule three times triples both counts and
/// leaves the ratio unbiased, but makes it look three times as sure as it is (the interval
/// ~1.7 times too narrow).
///
/// The duplicate key of a fragment is, for each aligned mate in read order, its reference, strand
/// and 5' end: the reference base its first read base lies on (the first span projected over the
/// bases before it, sense reads; the last span projected past the bases after it, antisense
/// reads). That end does not move with the sequencing errors that change where an alignment
/// stops, so copies of one molecule share it, as they do in Picard MarkDuplicates. Each group of
/// fragments with one key counts once, as its most common shape (a tie: the shape that shows a
/// junction, then the first in a fixed order), since the copies' reads differ only by errors.
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
///   allele about once: a sample whose largest group holds more than ``ampliconShare`` of its
///   locus fragments (and more than ``ampliconMinimum``);
/// - single-end reads (most locus fragments unpaired): only one end is known, and at panel depth
///   distinct molecules share it (the validation grid's 18 capture 1x100 samples: locus depth
///   2,244 -> 1,267 summed, 44% collapsed away, and 5 calls changed);
/// - RNA-seq (most locus fragments on the mRNA): a transcript's fragments crowd its short
///   length, so distinct molecules share both ends by chance.
enum DuplicateCollapser {
    /// Share of the aligned fragments in one duplicate group above which the library is taken
    /// for an amplicon (each orientation of an amplicon holds about half of its fragments; a
    /// capture library, well under 1%).
    static let ampliconShare = 0.05
    /// Fragments a group must also exceed for that (a handful of fragments proves nothing).
    static let ampliconMinimum = 50

    struct Key: Hashable {
        var ends: [Int64]
        var isPair: Bool
    }

    /// The result: the collapsed shapes and how many fragments were counted once; or, when not
    /// applied, why (then `geometries` is the input, unchanged, and `duplicates` 0).
    struct Result {
        var geometries: [FragmentGeometry: Int]
        var duplicates: Int
        var notApplied: String?
    }

    /// The 5' end of a read, in reference coordinates with its strand and reference folded in.
    static func fivePrimeEnd(_ m: MateGeometry) -> Int64 {
        let end = m.isSense ? m.projectedStart : m.projectedEnd
        return (Int64(end) << 2) | (m.isSense ? 2 : 0) | (m.reference == .genomic ? 1 : 0)
    }

    static func key(_ g: FragmentGeometry) -> Key {
        Key(ends: g.mates.map(fivePrimeEnd), isPair: g.isPair)
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

    static func collapse(_ geometries: [FragmentGeometry: Int]) -> Result {
        var groups: [Key: [(FragmentGeometry, Int)]] = [:]
        var out: [FragmentGeometry: Int] = [:]
        var total = 0, paired = 0, onMRNA = 0
        for (g, n) in geometries {
            guard atLocus(g) else {
                out[g, default: 0] += n
                continue
            }
            groups[key(g), default: []].append((g, n))
            total += n
            if g.isPair { paired += n }
            if g.mates[0].reference == .mrna { onMRNA += n }
        }
        func unchanged(_ why: String) -> Result { Result(geometries: geometries, duplicates: 0, notApplied: why) }
        let largest = groups.values.map { $0.reduce(0) { $0 + $1.1 } }.max() ?? 0
        if largest > ampliconMinimum, Double(largest) > ampliconShare * Double(total) {
            return unchanged("\(largest) of \(total) locus fragments share both read starts, as in an amplicon library (every fragment starts at a primer), where collapsing would count each allele about once")
        }
        if 2 * paired < total {
            return unchanged("single-end reads: with one end known, distinct molecules that start at the same base cannot be told from copies")
        }
        if 2 * onMRNA > total {
            return unchanged("RNA-seq reads: fragments crowd the transcript, so distinct molecules share both ends by chance")
        }
        for members in groups.values {
            let kept = members.max { a, b in
                if a.1 != b.1 { return a.1 < b.1 }
                if a.0.hasBackwardJunction != b.0.hasBackwardJunction { return !a.0.hasBackwardJunction }
                return b.0.tieOrder.lexicographicallyPrecedes(a.0.tieOrder)
            }!
            out[kept.0, default: 0] += 1
        }
        return Result(geometries: out, duplicates: total - groups.count, notApplied: nil)
    }
}

extension FragmentGeometry {
    /// A fixed order among shapes that tie (not the hash, which varies between runs): by the
    /// mates' spans, then their lengths.
    fileprivate var tieOrder: [Int64] {
        reads.flatMap { m in m.spans.flatMap { [Int64($0.lowerBound), Int64($0.upperBound)] } + [Int64(m.readLength), Int64(m.clipStart)] }
    }
}
