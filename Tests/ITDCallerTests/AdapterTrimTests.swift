import Testing
@testable import ITDCaller

/// Reads of fragments shorter than the read run into the library adapter; they are cut where it
/// starts before alignment (``AdapterTrimmer``), so that quantification sees only locus bases.
@Suite struct AdapterTrimTests {
    typealias S = SyntheticReads
    /// What Illumina reads show after the insert (adapter, index, flow-cell oligo), R1 and R2.
    static let truSeqReadThrough = ("AGATCGGAAGAGCACACGTCTGAACTCCAGTCACACGTACGTATCTCGTATGCCGTCTTCTGCTTG",
                                    "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGTTTAGGCATGTGTAGATCTCGGTGGTCGCCGTATCATT")
    static let nexteraReadThrough = "CTGTCTCTTATACACATCTCCGAGCCCACGAGACACGTACGTATCTCGTATGCCGTCTTCTGCTTG"

    func locusLength(_ read: [UInt8]) -> Int {
        read.withUnsafeBufferPointer { AdapterTrimmer.locusLength($0) }
    }

    /// `bases` followed by `adapter`, cut or padded with G (no signal) to `length`.
    func readThrough(_ bases: [UInt8], _ adapter: String, length: Int) -> [UInt8] {
        Array((bases + Array(adapter.utf8) + [UInt8](repeating: UInt8(ascii: "G"), count: length))[..<length])
    }

    @Test func readsRunningIntoTruSeqOrNexteraAdapterAreCutWhereItStarts() {
        let insert = Array(S.genome[500..<680])
        #expect(locusLength(readThrough(insert, Self.truSeqReadThrough.0, length: 300)) == 180)
        #expect(locusLength(readThrough(insert, Self.truSeqReadThrough.1, length: 300)) == 180)
        #expect(locusLength(readThrough(insert, Self.nexteraReadThrough, length: 300)) == 180)
        let lower = readThrough(insert, Self.truSeqReadThrough.0, length: 300).map { $0 | 0x20 }
        #expect(locusLength(lower) == 180, "lower-case bases")
        #expect(locusLength(Array(S.genome[500..<800])) == 300, "no adapter: the whole read")
    }

    /// The adapter's start running off the read's 3' end is cut from 8 bases on; shorter starts
    /// occur in FLT3 itself (see the next test) and stay.
    @Test func aPartialAdapterAtTheReadsEndIsCutFromEightBases() {
        let insert = Array(S.genome[500..<780])
        for adapter in ["AGATCGGAAGAGC", "CTGTCTCTTATACACATCT"] {
            for k in 1..<adapter.count {
                let read = insert + Array(adapter.utf8.prefix(k))
                #expect(locusLength(read) == (k >= AdapterTrimmer.minimumOverlap ? 280 : 280 + k), "\(adapter.prefix(k))")
            }
        }
    }

    /// One sequencing error in the adapter is tolerated (from 10 bases compared), wherever it
    /// falls; two in the 13-base TruSeq start are not, nor is any in a 9-base tail.
    @Test func anAdapterWithOneErrorIsStillCutButNotWithTwo() {
        let insert = Array(S.genome[500..<680])
        for (adapter, readThroughSequence) in [("AGATCGGAAGAGC", Self.truSeqReadThrough.0), ("CTGTCTCTTATACACATCT", Self.nexteraReadThrough)] {
            for k in 0..<adapter.count {
                var read = readThrough(insert, readThroughSequence, length: 300)
                read[180 + k] = read[180 + k] == UInt8(ascii: "A") ? UInt8(ascii: "C") : UInt8(ascii: "A")
                #expect(locusLength(read) == 180, "\(adapter) with an error at its base \(k)")
                read[180 + k] = UInt8(ascii: "N")
                #expect(locusLength(read) == 180, "\(adapter) with N at its base \(k)")
            }
        }
        var one = readThrough(insert, Self.truSeqReadThrough.0, length: 300)
        one[185] = UInt8(ascii: "T")   // G -> T
        #expect(locusLength(one) == 180)
        var two = one
        two[181] = UInt8(ascii: "C")   // G -> C
        two[195...] = ArraySlice(repeating: UInt8(ascii: "T"), count: 105)   // and nothing after it
        #expect(locusLength(two) == 300)
        var tail = insert + Array("AGATCGGAA".utf8)
        tail[tail.count - 2] = UInt8(ascii: "C")
        #expect(locusLength(tail) == tail.count)
    }

    /// No read of wild-type FLT3 is cut: every read ending at any base of the embedded genomic
    /// window (with its flanking context) or mRNA, on either strand, keeps its full length.
    @Test func noReadOfFLT3ItselfIsTrimmed() {
        let ref = FLT3Reference.shared
        let context = ref.genomicContextPlus
        for sequence in [context, reverseComplement(context), ref.genomicSense, ref.mrna, reverseComplement(ref.mrna)] {
            for end in 1...sequence.count {
                let read = Array(sequence[max(0, end - 150)..<end])
                #expect(locusLength(read) == read.count, "read ending at \(end) of a \(sequence.count)-base reference")
            }
        }
    }

    /// Pairs whose fragments (180 bp) are shorter than the reads (250): each mate reads the whole
    /// fragment, then adapter. `adapter: false` gives the same pairs already trimmed.
    func readThroughPairs(_ haplotypes: [([UInt8], Int)], fragmentLength: Int = 180, readLength: Int = 250,
                          adapter: Bool) -> [(SequenceRecord, SequenceRecord?)] {
        let locus = 440..<880
        var out: [(SequenceRecord, SequenceRecord?)] = []
        for (h, (hap, copies)) in haplotypes.enumerated() {
            let end = locus.upperBound + hap.count - S.genome.count
            for k in 0..<copies {
                for start in max(0, locus.lowerBound - fragmentLength + 1)...(end - 1) where start + fragmentLength <= hap.count {
                    let frag = Array(hap[start..<(start + fragmentLength)])
                    let r1 = adapter ? readThrough(frag, Self.truSeqReadThrough.0, length: readLength) : frag
                    let r2 = adapter ? readThrough(reverseComplement(frag), Self.truSeqReadThrough.1, length: readLength)
                                     : reverseComplement(frag)
                    let name = "h\(h)c\(k)s\(start)"
                    out.append((SequenceRecord(name: name, sequence: String(decoding: r1, as: UTF8.self)),
                                SequenceRecord(name: name, sequence: String(decoding: r2, as: UTF8.self))))
                }
            }
        }
        return out
    }

    func analyze(_ fragments: [(SequenceRecord, SequenceRecord?)], trim: Bool = true) throws -> SampleResult {
        var options = AnalysisOptions()
        options.trimAdapters = trim
        return try S.analyze(fragments: fragments, options: options)
    }

    /// Counted with the adapter as locus, a mate was taken to reach as far as its read length:
    /// a mutant fragment still counted (its mate shows the junction) where its wild-type twin
    /// could not cover the site, so AR read high. Cut at the adapter, the pairs give the AR of
    /// the same pairs without adapter, and the truth.
    @Test(arguments: [15, 45])
    func adapterReadThroughDoesNotFavourTheMutant(length: Int) throws {
        let c = S.senseOffset(c: "1773"), p = c + length
        let haplotypes = [(S.genome, 1), (S.itd(c: c, b: p), 2)]
        let withAdapter = try analyze(readThroughPairs(haplotypes, adapter: true))
        let without = try analyze(readThroughPairs(haplotypes, adapter: false))
        let untrimmed = try analyze(readThroughPairs(haplotypes, adapter: true), trim: false)
        func ar(_ r: SampleResult) throws -> Double {
            try #require(r.itds.first { $0.annotation.length == length }?.quantification.allelicRatio.value)
        }
        let trimmedAR = try ar(withAdapter), withoutAR = try ar(without), untrimmedAR = try ar(untrimmed)
        #expect(abs(trimmedAR - 2) / 2 < 0.05, "AR \(trimmedAR), true 2")
        #expect(abs(trimmedAR - withoutAR) < 1e-9, "trimmed \(trimmedAR), no adapter \(withoutAR)")
        // the cause, shown on the same reads: not cut, the adapter counts as locus
        #expect(untrimmedAR > 2.2, "untrimmed AR \(untrimmedAR)")
    }

    /// The funnel counts the aligned reads that were cut; none when trimming is turned off.
    @Test func adapterTrimmedReadsAreCountedInTheFunnel() throws {
        let fragments = readThroughPairs([(S.genome, 1)], adapter: true)
        let trimmed = try analyze(fragments)
        let aligned = trimmed.funnel.alignedFragments
        #expect(aligned > 100)
        #expect(trimmed.funnel.adapterTrimmedReads == 2 * aligned)
        #expect(try analyze(fragments, trim: false).funnel.adapterTrimmedReads == 0)
        #expect(try analyze(readThroughPairs([(S.genome, 1)], adapter: false)).funnel.adapterTrimmedReads == 0)
    }
}
