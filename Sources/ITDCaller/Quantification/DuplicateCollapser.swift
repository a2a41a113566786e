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
/// Not for amplicon libraries: there every fragment starts at a primer, so all of one allele
/// share their ends and collapsing would count each allele about once. A sample whose largest
/// group holds more than ``ampliconShare`` of its fragments (and more than ``ampliconMinimum``)
/// is taken for an amplicon and left as it is, which the analysis reports. Nor advised for
/// RNA-seq, whose highly expressed transcripts share ends by chance.
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

    /// The result: the collapsed shapes, how many fragments were dropped as copies, and whether
    /// the library looked like an amplicon (then `geometries` is the input, unchanged).
    struct Result {
        var geometries: [FragmentGeometry: Int]
        var duplicates: Int
        var looksLikeAmplicon: Bool
    }

    /// The 5' end of a read, in reference coordinates with its strand and reference folded in.
    static func fivePrimeEnd(_ m: MateGeometry) -> Int64 {
        let end = m.isSense ? m.projectedStart : m.projectedEnd
        return (Int64(end) << 2) | (m.isSense ? 2 : 0) | (m.reference == .genomic ? 1 : 0)
    }

    static func key(_ g: FragmentGeometry) -> Key {
        Key(ends: g.mates.map(fivePrimeEnd), isPair: g.isPair)
    }

    static func collapse(_ geometries: [FragmentGeometry: Int]) -> Result {
        var groups: [Key: [(FragmentGeometry, Int)]] = [:]
        var total = 0
        for (g, n) in geometries {
            groups[key(g), default: []].append((g, n))
            total += n
        }
        let largest = groups.values.map { $0.reduce(0) { $0 + $1.1 } }.max() ?? 0
        if largest > ampliconMinimum, Double(largest) > ampliconShare * Double(total) {
            return Result(geometries: geometries, duplicates: 0, looksLikeAmplicon: true)
        }
        var out: [FragmentGeometry: Int] = [:]
        for members in groups.values {
            let kept = members.max { a, b in
                if a.1 != b.1 { return a.1 < b.1 }
                if a.0.hasBackwardJunction != b.0.hasBackwardJunction { return !a.0.hasBackwardJunction }
                return b.0.tieOrder.lexicographicallyPrecedes(a.0.tieOrder)
            }!
            out[kept.0, default: 0] += 1
        }
        return Result(geometries: out, duplicates: total - groups.count, looksLikeAmplicon: false)
    }
}

extension FragmentGeometry {
    /// A fixed order among shapes that tie (not the hash, which varies between runs): by the
    /// mates' spans, then their lengths.
    fileprivate var tieOrder: [Int64] {
        reads.flatMap { m in m.spans.flatMap { [Int64($0.lowerBound), Int64($0.upperBound)] } + [Int64(m.readLength), Int64(m.clipStart)] }
    }
}
