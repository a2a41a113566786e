@testable import ITDCaller

/// Deterministic synthetic reads from haplotypes of the embedded reference, for detection and
/// quantification tests that need a known truth without the simulator.
struct SyntheticReads {
    /// A small linear congruential generator: reproducible across platforms.
    struct LCG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func uniform(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
    }

    static let genome = FLT3Reference.shared.genomicSense

    /// The mutant genomic sequence (sense) with `inserted` placed before sense offset `position`.
    static func mutant(_ position: Int, _ inserted: [UInt8], in ref: [UInt8] = genome) -> [UInt8] {
        Array(ref[..<position]) + inserted + Array(ref[position...])
    }

    /// The tandem duplication of sense span [c, b) with `nontemplated` bases between the copies.
    static func itd(c: Int, b: Int, nontemplated: String = "", in ref: [UInt8] = genome) -> [UInt8] {
        mutant(b, Array(nontemplated.utf8) + Array(ref[c..<b]), in: ref)
    }

    /// Single-end reads of length `readLength` starting at every `step` bases over `region` of
    /// `haplotype` (both strands alternately), with substitution errors at `errorRate`.
    static func tiled(_ haplotype: [UInt8], readLength: Int, step: Int, region: Range<Int>? = nil,
                      errorRate: Double = 0, seed: UInt64 = 1, name: String = "r") -> [SequenceRecord] {
        var rng = LCG(state: seed)
        let r = region ?? 0..<haplotype.count
        var out: [SequenceRecord] = []
        var start = max(0, r.lowerBound - readLength + 1)
        var i = 0
        while start + readLength <= min(haplotype.count, r.upperBound + readLength - 1) {
            var bases = Array(haplotype[start..<(start + readLength)])
            if errorRate > 0 {
                for j in bases.indices where rng.chance(errorRate) {
                    let alts: [UInt8] = Array("ACGT".utf8).filter { $0 != bases[j] }
                    bases[j] = alts[rng.uniform(3)]
                }
            }
            if i % 2 == 1 { bases = reverseComplement(bases) }
            out.append(SequenceRecord(name: "\(name)\(i)", sequence: String(decoding: bases, as: UTF8.self)))
            start += step
            i += 1
        }
        return out
    }

    /// Amplicon read pairs: for each haplotype, `copies` identical pairs of `readLength` reads
    /// from the two ends of its exon 14-15 PCR product (primers c.1727 / c.1919, 20 bases of
    /// primer each), read 1 sense from the forward primer, read 2 antisense from the reverse one.
    static func ampliconPairs(_ haplotypes: [([UInt8], Int)], readLength: Int) -> [(SequenceRecord, SequenceRecord?)] {
        let start = senseOffset(c: "1727") - 20, end = senseOffset(c: "1919") + 20
        var fragments: [(SequenceRecord, SequenceRecord?)] = []
        for (h, (hap, copies)) in haplotypes.enumerated() {
            let product = Array(hap[start..<(end + hap.count - genome.count)])
            let r1 = String(decoding: product[..<readLength], as: UTF8.self)
            let r2 = String(decoding: reverseComplement(Array(product[(product.count - readLength)...])), as: UTF8.self)
            for k in 0..<copies {
                fragments.append((SequenceRecord(name: "h\(h)_\(k)", sequence: r1), SequenceRecord(name: "h\(h)_\(k)", sequence: r2)))
            }
        }
        return fragments
    }

    /// Runs the analysis over single-end reads.
    static func analyze(_ reads: [SequenceRecord], options: AnalysisOptions = AnalysisOptions()) throws -> SampleResult {
        try analyze(fragments: reads.map { ($0, nil) }, options: options)
    }

    /// Runs the analysis over fragments (read pairs, or single reads with a nil mate).
    static func analyze(fragments: [(SequenceRecord, SequenceRecord?)], options: AnalysisOptions = AnalysisOptions()) throws -> SampleResult {
        var source = InMemoryFragmentSource(fragments: fragments)
        var analyzer = ITDAnalyzer(options: options)
        try analyzer.consume(&source)
        return analyzer.finish(sample: "synthetic", inputs: ["memory"])
    }

    /// Sense offset of a c. position inside the genomic window.
    static func senseOffset(c: String) -> Int {
        (0..<genome.count).first { FLT3Reference.shared.cLabel(senseOffset: $0) == c }!
    }
}
