import Testing
@testable import ITDCaller

/// Overlapping mates joined into one read of their fragment (``MateMerger``), and what that
/// changes for detection and counting.
@Suite struct MateMergeTests {
    typealias S = SyntheticReads

    /// Joins `r1` and `r2` (mate 2 as read) with the given qualities ("I" when nil), overlaps of
    /// up to 100 bases (the default anchor's bound).
    func join(_ r1: [UInt8], _ r2: [UInt8], q1: [UInt8]? = nil, q2: [UInt8]? = nil, longest: Int = 100) -> [UInt8]? {
        var merger = MateMerger()
        let qa = q1 ?? [UInt8](repeating: UInt8(ascii: "I"), count: r1.count)
        let qb = q2 ?? [UInt8](repeating: UInt8(ascii: "I"), count: r2.count)
        let ok = r1.withUnsafeBufferPointer { a in qa.withUnsafeBufferPointer { qa in
            r2.withUnsafeBufferPointer { b in qb.withUnsafeBufferPointer { qb in merger.merge(a, qa, b, qb, longestOverlap: longest) } } } }
        return ok ? merger.merged : nil
    }

    /// Mates of `fragment` read `readLength` bases from each end (mate 2 reverse-complemented).
    func mates(_ fragment: [UInt8], readLength: Int) -> ([UInt8], [UInt8]) {
        (Array(fragment[..<readLength]), reverseComplement(Array(fragment[(fragment.count - readLength)...])))
    }

    @Test(arguments: [12, 21, 40, 41, 100])
    func overlappingMatesJoinIntoTheirFragment(overlap: Int) throws {
        let fragment = Array(S.genome[500..<(500 + 500 - overlap)])
        let (r1, r2) = mates(fragment, readLength: 250)
        #expect(join(r1, r2) == fragment)
    }

    /// Mates sharing more than the bound each read every counting window of their overlap whole:
    /// they are not joined (nor are the mates of a fragment shorter than the reads).
    @Test(arguments: [101, 150, 250])
    func matesOverlappingByMoreThanTheBoundStayApart(overlap: Int) {
        let fragment = Array(S.genome[500..<(500 + 500 - overlap)])
        let (r1, r2) = mates(fragment, readLength: 250)
        #expect(join(r1, r2) == nil)
        #expect(join(r1, r2, longest: overlap) == fragment)
    }

    @Test func matesThatDoNotOverlapStayApart() {
        for gap in [-11, 0, 30] {   // overlap 11 (< 12), touching, 30 bases apart
            let fragment = Array(S.genome[400..<(400 + 300 + gap)])
            let (r1, r2) = mates(fragment, readLength: 150)
            #expect(join(r1, r2) == nil, "gap \(gap)")
        }
    }

    /// A fragment shorter than the reads (adapter already cut): each mate holds all of it, and
    /// joins only when the whole fragment is within the bound.
    @Test func matesOfAFragmentShorterThanTheReadsJoinOnlyWithinTheBound() {
        let fragment = Array(S.genome[600..<680])
        #expect(join(fragment, reverseComplement(fragment)) == fragment)
        #expect(join(Array(S.genome[600..<780]), reverseComplement(Array(S.genome[600..<780]))) == nil)
    }

    /// Errors at the mates' 3' ends (low quality) do not stop a short overlap from joining, and the
    /// better-read base is kept; the same mismatches read confidently do.
    @Test func lowQualityMismatchesInAShortOverlapAreErrorsAndTheBetterBaseIsKept() throws {
        let fragment = Array(S.genome[500..<779])   // 2 x 150, overlap 21
        var (r1, r2) = mates(fragment, readLength: 150)
        var q1 = [UInt8](repeating: UInt8(ascii: "I"), count: 150), q2 = q1
        // mate 1 misreads its last base and third-to-last, mate 2 its last (= fragment offset 129)
        for i in [149, 147] { r1[i] = r1[i] == UInt8(ascii: "A") ? UInt8(ascii: "C") : UInt8(ascii: "A"); q1[i] = UInt8(ascii: "#") }
        r2[149] = r2[149] == UInt8(ascii: "A") ? UInt8(ascii: "C") : UInt8(ascii: "A"); q2[149] = UInt8(ascii: "#")
        #expect(try #require(join(r1, r2, q1: q1, q2: q2)) == fragment)
        // read with confidence, three mismatches in 21 bases are too many
        #expect(join(r1, r2) == nil)
    }

    /// When the overlap starts in an ITD's first copy and is longer than the duplication, it also
    /// fits one copy further on (mate 2's start read against the second copy): joining at the
    /// wrong offset would drop a copy, so the mates stay apart.
    @Test func anOverlapThatAlsoFitsOneCopyAwayIsAmbiguousAndNotJoined() {
        let c = 600, b = 660   // 60-bp duplication: the mutant reads [600, 720) as two copies
        let hap = S.itd(c: c, b: b)
        // mates 2 x 150 over [540, 750): overlap [600, 690), 90 bases from the first copy's start
        let fragment = Array(hap[540..<750])
        let (r1, r2) = mates(fragment, readLength: 150)
        #expect(join(r1, r2) == nil)
        // the same layout on the wild type joins
        let wt = Array(S.genome[540..<750])
        let (w1, w2) = mates(wt, readLength: 150)
        #expect(join(w1, w2) == wt)
    }

    /// MiSeq 2x300 over an amplicon whose ITD puts the junction in the mates' short overlap (8 and
    /// 13 bases from their ends): neither mate shows it, the joined read does. Without joining the
    /// sample read NEGATIVE; joined, the ITD is found with the AR of the fragments.
    @Test func aJunctionInTheMatesOverlapIsFoundAndCounted() throws {
        let c = S.senseOffset(c: "1746"), b = c + 250
        let start = c - 37, wtLength = 329
        let mutant = S.itd(c: c, b: b)
        var fragments: [(SequenceRecord, SequenceRecord?)] = []
        var rng = S.LCG(state: 7)
        func add(_ hap: [UInt8], length: Int, copies: Int, tag: String) {
            for k in 0..<copies {
                var (r1, r2) = mates(Array(hap[start..<(start + length)]), readLength: 300)
                // one substitution per mate somewhere, as sequencers do
                for i in [rng.uniform(300), rng.uniform(300)] { r1[i] = r1[i] == UInt8(ascii: "A") ? UInt8(ascii: "G") : UInt8(ascii: "A") }
                r2[rng.uniform(300)] = UInt8(ascii: "N")
                fragments.append((SequenceRecord(name: "\(tag)\(k)", sequence: String(decoding: r1, as: UTF8.self)),
                                  SequenceRecord(name: "\(tag)\(k)", sequence: String(decoding: r2, as: UTF8.self))))
            }
        }
        add(S.genome, length: wtLength, copies: 400, tag: "w")
        add(mutant, length: wtLength + 250, copies: 100, tag: "m")
        func analyze(merge: Bool) throws -> SampleResult {
            var options = AnalysisOptions()
            options.mergeMates = merge
            return try S.analyze(fragments: fragments, options: options)
        }
        let joined = try analyze(merge: true)
        let itd = try #require(joined.itds.first)
        #expect(joined.itds.count == 1 && itd.annotation.length == 250)
        let ar = try #require(itd.quantification.allelicRatio.value)
        #expect(abs(ar - 0.25) / 0.25 < 0.05, "AR \(ar), true 0.25")
        // only the mutant pairs are joined: the wild-type mates overlap by 271 bases, beyond the bound
        #expect(joined.funnel.mergedFragments == 100)
        #expect(joined.call == .lar)
        // the cause, on the same reads: mates alone do not show the junction
        let apart = try analyze(merge: false)
        #expect(apart.itds.isEmpty && apart.funnel.mergedFragments == 0)
    }

    /// A long ITD whose junction sits in a 14-base overlap, 7 bases from each mate's end: each mate
    /// leaves its 7 junction-side bases unaligned, and read as reference the mates seem to overlap
    /// by 164 bases (the duplication between them is not seen) — beyond the bound, yet they must be
    /// tried: joined, the junction is read.
    @Test func aLongITDsJunctionHiddenInATinyOverlapIsStillJoined() throws {
        let c = S.senseOffset(c: "1746"), b = c + 150
        let mutant = S.itd(c: c, b: b)
        let s = b - 93   // mate 1 reads 93 bases before the junction and 7 after
        let mutantFragment = Array(mutant[s..<(s + 186)])
        let wildTypeFragment = Array(S.genome[s..<(s + 186)])
        var fragments: [(SequenceRecord, SequenceRecord?)] = []
        for (tag, fragment, copies) in [("m", mutantFragment, 60), ("w", wildTypeFragment, 60)] {
            let (r1, r2) = mates(fragment, readLength: 100)
            for k in 0..<copies {
                fragments.append((SequenceRecord(name: "\(tag)\(k)", sequence: String(decoding: r1, as: UTF8.self)),
                                  SequenceRecord(name: "\(tag)\(k)", sequence: String(decoding: r2, as: UTF8.self))))
            }
        }
        let result = try S.analyze(fragments: fragments)
        #expect(result.funnel.mergedFragments == 120)
        #expect(result.itds.map(\.annotation.length) == [150])
    }
}
