import Testing
@testable import ITDCaller

/// ``ScreenPrefilter`` may only reject reads that hold no screen k-mer at all, so that the
/// screen's counts, and every report, are the same with and without it.
@Suite struct ScreenPrefilterTests {
    typealias S = SyntheticReads

    /// Reads from the locus (genomic, ITD, mRNA; both strands; errors; every length 0-160),
    /// pieces of it at the read ends, chimeras, and reads with N, IUPAC codes, lowercase and odd
    /// bytes, plus random reads.
    static func reads() -> [[UInt8]] {
        var rng = S.LCG(state: 7)
        let e14 = S.senseOffset(c: "1780")
        let haplotypes = [S.genome, S.itd(c: e14, b: e14 + 60), FLT3Reference.shared.mrna]
        var reads: [[UInt8]] = []
        for (h, hap) in haplotypes.enumerated() {
            for (len, rate) in [(150, 0.0), (101, 0.02), (37, 0.05)] {
                reads += S.tiled(hap, readLength: len, step: 13, errorRate: rate, seed: UInt64(h * 100 + len)).map(\.sequence)
            }
        }
        let acgt = Array("ACGT".utf8)
        let odd: [UInt8] = Array("NRYnry.".utf8) + [0, 0x20, 0xFF]
        let g = S.genome
        for i in 0..<3000 {
            // A stretch of 10-40 locus bases inside random sequence, at any offset: the stretches
            // just long enough for one k-mer are where a too-coarse stride would miss.
            let n = rng.uniform(161)
            var read = (0..<n).map { _ in acgt[rng.uniform(4)] }
            let len = min(n, 10 + rng.uniform(31))
            if len > 0 {
                let from = rng.uniform(g.count - len), at = rng.uniform(n - len + 1)
                read.replaceSubrange(at..<(at + len), with: g[from..<(from + len)])
            }
            if i % 3 == 0, n > 0 { read[rng.uniform(n)] = odd[rng.uniform(odd.count)] }
            if i % 5 == 0 { read = read.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
            if i % 2 == 1 { read = reverseComplement(read) }
            reads.append(read)
        }
        return reads
    }

    @Test(arguments: [15, 16, 19, 21, 25, 31])
    func prefilterRejectsOnlyReadsWithoutAScreenKmer(k: Int) throws {
        let index = ReferenceIndex(k: k)
        let prefilter = try #require(index.prefilter)
        var withHits = 0
        for read in Self.reads() {
            read.withUnsafeBufferPointer { bases in
                let full = index.fullScreenHits(bases)
                if full > 0 {
                    withHits += 1
                    #expect(prefilter.mayHit(bases), "k \(k): \(String(decoding: bases, as: UTF8.self)) has \(full) screen k-mers")
                }
                #expect(index.screenHits(bases) == full)
                #expect(index.screenHits(bases, limit: 2) == index.fullScreenHits(bases, limit: 2))
            }
        }
        #expect(withHits > 1000)
    }

    @Test func noPrefilterBelowK15() {
        #expect(ReferenceIndex(k: 14).prefilter == nil)
        #expect(ReferenceIndex(k: 11).prefilter == nil)
    }

    /// Not a timing: the prefilter must actually spare the full screen on off-target reads.
    @Test func prefilterRejectsAlmostAllRandomReads() throws {
        let prefilter = try #require(ReferenceIndex(k: 15).prefilter)
        var rng = S.LCG(state: 99)
        let acgt = Array("ACGT".utf8)
        var passed = 0
        for _ in 0..<10_000 {
            let read = (0..<150).map { _ in acgt[rng.uniform(4)] }
            if read.withUnsafeBufferPointer({ prefilter.mayHit($0) }) { passed += 1 }
        }
        #expect(passed < 500, "\(passed) of 10,000 random reads passed")
    }

    @Test func packKeepsEachBaseCodeInItsTwoBits() {
        var rng = S.LCG(state: 3)
        for _ in 0..<1000 {
            let bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var word: UInt64 = 0
            var expected: UInt64 = 0
            for (i, b) in bytes.enumerated() {
                word |= UInt64(b) << (8 * UInt64(i))
                expected |= ScreenPrefilter.code(b) << (2 * UInt64(i))
            }
            #expect(ScreenPrefilter.pack(word) == expected)
        }
    }
}
