import Testing
@testable import ITDCaller

/// The streaming pass's ``FastReadAligner`` (one k-mer pass, scratch buffers) must give exactly
/// what the straightforward ``ReadAligner`` gives on the normalised read, for every kind of read.
@Suite struct AlignerEquivalenceTests {
    typealias S = SyntheticReads

    func expectSame(_ reads: [[UInt8]], k: Int = 15, sourceLocation: SourceLocation = #_sourceLocation) {
        let index = ReferenceIndex(k: k)
        let reference = ReadAligner(index: index)
        let fast = FastReadAligner(index: index)
        var aligned = 0
        for read in reads {
            let expected = reference.align(normalizedBases(read))
            let got = read.withUnsafeBufferPointer { fast.align($0) }
            #expect(got == expected, "read \(String(decoding: read, as: UTF8.self))", sourceLocation: sourceLocation)
            if expected != nil { aligned += 1 }
        }
        #expect(aligned > 0 || reads.isEmpty, sourceLocation: sourceLocation)
    }

    /// Reads tiled over wild type, ITD (with and without non-templated bases) and mRNA haplotypes,
    /// both strands, with and without substitution errors.
    @Test func fastAlignerEqualsReferenceOnSimulatedReads() {
        let e14 = S.senseOffset(c: "1780")
        let haplotypes: [[UInt8]] = [
            S.genome,
            S.itd(c: e14, b: e14 + 60),
            S.itd(c: e14 - 40, b: e14 + 21, nontemplated: "GATC"),
            S.itd(c: e14 - 100, b: e14 + 150),
            FLT3Reference.shared.mrna,
        ]
        var reads: [[UInt8]] = []
        for (h, hap) in haplotypes.enumerated() {
            for (len, rate) in [(150, 0.0), (250, 0.01), (100, 0.03), (31, 0.0)] {
                reads += S.tiled(hap, readLength: len, step: 11, errorRate: rate, seed: UInt64(h * 10 + len))
                    .map(\.sequence)
            }
        }
        expectSame(reads)
        expectSame(Array(reads.prefix(200)), k: 21)
    }

    /// Random reads (mostly unaligned), reads with N, lowercase and IUPAC codes, and reads shorter
    /// than k.
    @Test func fastAlignerEqualsReferenceOnRandomAndOddReads() {
        var rng = S.LCG(state: 42)
        let alphabet = Array("ACGT".utf8)
        var reads: [[UInt8]] = (0..<300).map { _ in (0..<(20 + rng.uniform(230))).map { _ in alphabet[rng.uniform(4)] } }
        reads += [[], Array("ACGT".utf8), Array("NNNNNNNNNNNNNNNNNNNNNNNNN".utf8)]
        // Pieces of the reference with odd bytes and random joins (chimeras, junction-like reads).
        let g = S.genome
        for i in 0..<300 {
            let a = rng.uniform(g.count - 120), b = rng.uniform(g.count - 120)
            var read = Array(g[a..<(a + 60 + rng.uniform(60))]) + Array(g[b..<(b + 60)])
            if i % 3 == 0 { read[rng.uniform(read.count)] = UInt8(ascii: "N") }
            if i % 5 == 0 { read[rng.uniform(read.count)] = UInt8(ascii: "R") }
            if i % 7 == 0 { read = read.map { $0 | 0x20 } }
            if i % 2 == 1 { read = reverseComplement(read) }
            reads.append(read)
        }
        expectSame(reads)
    }
}
