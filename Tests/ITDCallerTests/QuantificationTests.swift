import Foundation
import Testing
@testable import ITDCaller

/// Allelic-ratio estimation on synthetic reads whose true ratio is known exactly: reads start at
/// every base of each haplotype (no sampling noise), so any deviation is estimator bias.
@Suite struct QuantificationTests {
    typealias S = SyntheticReads
    /// Exons 14-15 and some flank (sense offsets); reads are tiled over it on every haplotype.
    let locus = 440..<880

    /// `copies[h]` copies of reads starting at every base (step 1) over the locus of haplotype h.
    func singleEnd(_ haplotypes: [([UInt8], Int)], readLength: Int = 150) -> [SequenceRecord] {
        var reads: [SequenceRecord] = []
        for (h, (hap, copies)) in haplotypes.enumerated() {
            let region = locus.lowerBound..<(locus.upperBound + hap.count - S.genome.count)
            for k in 0..<copies {
                reads += S.tiled(hap, readLength: readLength, step: 1, region: region, seed: UInt64(h * 100 + k + 1), name: "h\(h)c\(k)_")
            }
        }
        return reads
    }

    /// Read pairs: fragments of `fragmentLength` starting at every base, mate 1 sense from the
    /// left end and mate 2 antisense from the right end.
    func pairs(_ haplotypes: [([UInt8], Int)], readLength: Int, fragmentLength: Int) -> [(SequenceRecord, SequenceRecord?)] {
        var out: [(SequenceRecord, SequenceRecord?)] = []
        for (h, (hap, copies)) in haplotypes.enumerated() {
            let end = locus.upperBound + hap.count - S.genome.count
            for k in 0..<copies {
                var start = locus.lowerBound - fragmentLength + 1
                while start + fragmentLength <= end + fragmentLength - 1 {
                    if start >= 0, start + fragmentLength <= hap.count {
                        let frag = Array(hap[start..<(start + fragmentLength)])
                        let r1 = Array(frag[..<readLength])
                        let r2 = reverseComplement(Array(frag[(fragmentLength - readLength)...]))
                        let name = "h\(h)c\(k)s\(start)"
                        out.append((SequenceRecord(name: name, sequence: String(decoding: r1, as: UTF8.self)),
                                    SequenceRecord(name: name, sequence: String(decoding: r2, as: UTF8.self))))
                    }
                    start += 1
                }
            }
        }
        return out
    }

    func analyzePairs(_ fragments: [(SequenceRecord, SequenceRecord?)]) throws -> SampleResult {
        var source = InMemoryFragmentSource(fragments: fragments)
        var analyzer = ITDAnalyzer(options: AnalysisOptions())
        try analyzer.consume(&source)
        return analyzer.finish(sample: "synthetic", inputs: ["memory"])
    }

    func ratio(_ r: SampleResult, length: Int) -> Double? {
        r.itds.first { $0.annotation.length == length }?.quantification.allelicRatio.value
    }

    /// c.1790_1834dup: the base before the duplicated span (sense offset c - 1) equals the last
    /// duplicated base, so a mutant read starting one base before the second copy reads exactly
    /// like wild type entering the span. Counting it as wild type under-estimated AR by ~20%.
    @Test func mutantReadsStartingJustBeforeTheSecondCopyAreNotWildType() throws {
        let c = S.senseOffset(c: "1790"), p = c + 45
        #expect(S.genome[c - 1] == S.genome[p - 1])
        let mutant = S.itd(c: c, b: p)
        let r = try S.analyze(singleEnd([(S.genome, 1), (mutant, 3)]))
        let ar = try #require(ratio(r, length: 45))
        #expect(abs(ar - 3) / 3 < 0.03, "AR \(ar), true 3")
    }

    /// With read pairs whose mates lie on both sides of the span, counting a fragment when either
    /// mate enters favours the allele whose mates lie farther apart (the mutant's, by the
    /// inserted length). Counting mates as halves keeps the expectation equal for both alleles.
    @Test(arguments: [21, 45, 90])
    func readPairsAroundTheSpanGiveTheSameRatioAsSingleReads(length: Int) throws {
        let c = S.senseOffset(c: "1780"), p = c + length
        let mutant = S.itd(c: c, b: p)
        let r = try analyzePairs(pairs([(S.genome, 1), (mutant, 2)], readLength: 100, fragmentLength: 220))
        let ar = try #require(ratio(r, length: length))
        #expect(abs(ar - 2) / 2 < 0.05, "AR \(ar), true 2")
    }

    /// A mutant read whose junction side is too short or too erroneous to align loses its
    /// junction, while its wild-type twin still reads through; deciding which mates enter the
    /// span from where the reads lie (not from what aligned) and the allele from any mate keeps
    /// such fragments counted through their mates (here mates overlap, so both cross the junction).
    @Test func mutantMatesThatLostTheirJunctionStillCountThroughTheirPartner() throws {
        let c = S.senseOffset(c: "1780"), p = c + 21
        let mutant = S.itd(c: c, b: p)
        let clean = pairs([(S.genome, 1), (mutant, 2)], readLength: 100, fragmentLength: 120)
        var damaged = clean
        for k in damaged.indices where damaged[k].0.name.hasPrefix("h1") && k % 2 == 0 {
            // scramble the last 30 bases of mate 1 (reversed: no longer reference sequence)
            var bases = damaged[k].0.sequence
            bases.replaceSubrange((bases.count - 30)..., with: bases[(bases.count - 30)...].reversed())
            damaged[k].0.sequence = bases
        }
        let arClean = try #require(ratio(try analyzePairs(clean), length: 21))
        let arDamaged = try #require(ratio(try analyzePairs(damaged), length: 21))
        #expect(abs(arClean - 2) / 2 < 0.05, "clean AR \(arClean)")
        #expect(abs(arDamaged - arClean) / arClean < 0.05, "damaged AR \(arDamaged), clean \(arClean)")
    }

    /// Single-end reads have no mate to vouch for them: a mutant read whose alignment stops at
    /// the end of the first copy, with enough unaligned bases after it to have shown the junction,
    /// is counted as the mutant read it is (its wild-type twin reads straight through).
    /// (Reversing a tail can leave a few bases that still match; the slack allows for it.)
    @Test func singleReadsThatLostTheirJunctionSideStillCount() throws {
        let c = S.senseOffset(c: "1780"), p = c + 45
        let mutant = S.itd(c: c, b: p)
        let clean = singleEnd([(S.genome, 1), (mutant, 2)], readLength: 150)
        var damaged = clean
        var scrambled = 0
        for k in damaged.indices where damaged[k].name.hasPrefix("h1") && k % 3 == 0 {
            // sense reads with 25-60 bases after the junction: scramble all of them (reversed,
            // so no longer reference), as an error there can leave the far side unaligned
            let seq = damaged[k].sequence
            guard let at = (0..<(seq.count - 45)).first(where: { Array(seq[$0..<($0 + 45)]) == Array(mutant[(p - 20)..<(p + 25)]) }),
                  seq.count - (at + 20) <= 60
            else { continue }
            var bases = seq
            bases.replaceSubrange((at + 20)..., with: seq[(at + 20)...].reversed())
            damaged[k].sequence = bases
            scrambled += 1
        }
        #expect(scrambled > 10)
        let arClean = try #require(ratio(try S.analyze(clean), length: 45))
        let arDamaged = try #require(ratio(try S.analyze(damaged), length: 45))
        #expect(abs(arDamaged - arClean) / arClean < 0.04, "damaged AR \(arDamaged), clean \(arClean)")
    }

    /// RNA-seq reads of c.1718_1837dup (a 120-bp duplication ending at the last base of exon 14):
    /// mutant reads that run past the second copy into exon 15 align to the mRNA only, where the
    /// junction's 3'-most position is the exon's end. They must count for the same ITD as the
    /// genomic-looking reads; they were lost from the mutant count (AR 1.58 for 2 here).
    @Test func mrnaReadsCrossingIntoExon15AfterTheSecondCopyAreMutant() throws {
        let mrna = FLT3Reference.shared.mrna
        let exon14 = try #require(FLT3Reference.shared.exons.first { $0.name == "exon14" })
        let end = exon14.mrnaSpan.upperBound
        let mutant = Array(mrna[..<end]) + Array(mrna[(end - 120)..<end]) + Array(mrna[end...])
        var reads = S.tiled(mrna, readLength: 150, step: 1, seed: 1, name: "wt")
        for k in 0..<2 { reads += S.tiled(mutant, readLength: 150, step: 1, seed: UInt64(k + 2), name: "m\(k)_") }
        let r = try S.analyze(reads)
        #expect(r.itds.count == 1)
        let ar = try #require(ratio(r, length: 120))
        #expect(abs(ar - 2) / 2 < 0.05, "AR \(ar), true 2")
    }

    /// The window interval counts each fragment once. 100-bp single reads around a 150-bp ITD:
    /// each read is its own fragment and covers at most one of the junction and the two windows,
    /// so WT = (W3 + W5)/2 - J takes +1/2 from a read covering a window and -1 from one showing
    /// the junction: var(WT) = (W3 + W5)/4 + J = (WT + J)/2 + J, and cov(M, WT) = -J, hence
    /// var(log AR) = 1/M + var(WT)/WT^2 + 2/WT. The interval used to add J's variance once per
    /// window, halve it over the two, and leave out the covariance: 30% too narrow here, and its
    /// 95% intervals covered the truth 89% of the time on simulated capture (150 bp, AR 2).
    @Test func windowIntervalCountsTheSubtractedJunctionAsTheSameReads() throws {
        let c = S.senseOffset(c: "1760"), p = c + 150
        let mutant = S.itd(c: c, b: p)
        let r = try S.analyze(singleEnd([(S.genome, 1), (mutant, 2)], readLength: 100))
        let q = try #require(r.itds.first { $0.annotation.length == 150 }).quantification
        #expect(q.estimator == "window")
        let ar = try #require(q.allelicRatio.value)
        #expect(abs(ar - 2) / 2 < 0.05, "AR \(ar), true 2")
        let high = try #require(q.allelicRatio.ciHigh)
        let sd = log(high / ar) / WilsonInterval.z
        let m = Double(q.mutantFragments), wt = Double(q.wildTypeFragments)
        let expected = (1 / m + ((wt + m) / 2 + m) / (wt * wt) + 2 / wt).squareRoot()
        #expect(abs(sd - expected) / expected < 0.03, "sd(log AR) \(sd), expected \(expected)")
    }

    /// Three ITDs close enough that reads entering one often miss the others' junctions: the
    /// reads at each site without its junction include the other alleles, whose share the
    /// mixture solve computes from the haplotypes. An allele j read needs len_j more bases than a
    /// wild-type read to reach site i from j's side; the earlier solve assumed it did not and
    /// read 1.45 / 0.94 / 0.45 here (now 1.505 / 1.004 / 0.503).
    @Test func threeNearbyITDsEachGetTheirOwnRatio() throws {
        let c1 = S.senseOffset(c: "1754"), c2 = S.senseOffset(c: "1791"), c3 = S.senseOffset(c: "1830")
        let m1 = S.itd(c: c1, b: c1 + 6), m2 = S.itd(c: c2, b: c2 + 15), m3 = S.itd(c: c3, b: c3 + 24)
        // WT 2 copies; AR 1.5, 1.0, 0.5
        let r = try S.analyze(singleEnd([(S.genome, 2), (m1, 3), (m2, 2), (m3, 1)]))
        #expect(r.itds.count == 3)
        for (length, truth) in [(6, 1.5), (15, 1.0), (24, 0.5)] {
            let ar = try #require(ratio(r, length: length))
            #expect(abs(ar - truth) / truth < 0.02, "\(length) bp: AR \(ar), true \(truth)")
        }
        let total = try #require(r.totalAllelicRatio.value)
        #expect(abs(total - 3.0) / 3.0 < 0.02, "total AR \(total), true 3")
        // the total's interval holds the total and is at least as wide as each ITD's
        let low = try #require(r.totalAllelicRatio.ciLow), high = try #require(r.totalAllelicRatio.ciHigh)
        #expect(low <= total && total <= high)
        for itd in r.itds {
            let q = itd.quantification.allelicRatio
            #expect(high - low >= (q.ciHigh ?? 0) - (q.ciLow ?? 0))
        }
    }

    /// Two ITDs whose duplications overlap: at each site the other allele is read once or twice
    /// (inside the other's duplication) and its reads cross the other insertion on the way; the
    /// mixture solve counts that from the haplotypes instead of assuming it.
    @Test func overlappingITDsEachGetTheirOwnRatio() throws {
        let c1 = S.senseOffset(c: "1780"), c2 = S.senseOffset(c: "1795")
        let m1 = S.itd(c: c1, b: c1 + 30), m2 = S.itd(c: c2, b: c2 + 21)
        let r = try S.analyze(singleEnd([(S.genome, 2), (m1, 2), (m2, 1)]))
        #expect(r.itds.count == 2)
        // measured 1.010 and 0.502 (0.997 and 0.483 before the replay weighted placements
        // inside a duplicated span by the copies they hold)
        for (length, truth) in [(30, 1.0), (21, 0.5)] {
            let ar = try #require(ratio(r, length: length))
            #expect(abs(ar - truth) / truth < 0.02, "\(length) bp: AR \(ar), true \(truth)")
        }
    }

    /// Two 21-bp ITDs side by side, one's junction at the other's first duplicated base: a read
    /// of the first shows a jump back by 21 at c.1796, the 21-base insertion a garbled junction of
    /// the second would be. It is the first ITD's read (it shows its junction), never the second's
    /// (which got every fragment of the first: AR 0.30 for 0.10 in a simulated amplicon).
    @Test func adjacentITDsOfOneLengthDoNotTakeEachOthersReads() throws {
        let c1 = S.senseOffset(c: "1775"), c2 = S.senseOffset(c: "1796")
        let m1 = S.itd(c: c1, b: c1 + 21), m2 = S.itd(c: c2, b: c2 + 21)
        let r = try S.analyze(singleEnd([(S.genome, 4), (m1, 2), (m2, 1)]))
        let byStart = Dictionary(uniqueKeysWithValues: r.itds.map { ($0.annotation.hgvsC, $0) })
        for (hgvs, truth) in [("NM_004119.3:c.1775_1795dup", 0.5), ("NM_004119.3:c.1796_1816dup", 0.25)] {
            let itd = try #require(byStart[hgvs], "\(hgvs) not called: \(r.itds.map(\.annotation.hgvsC))")
            let ar = try #require(itd.quantification.allelicRatio.value)
            #expect(abs(ar - truth) / truth < 0.02, "\(hgvs): AR \(ar), true \(truth)")
            #expect(itd.quantification.mutantFragments <= itd.quantification.junctionFragments + itd.quantification.junctionFragments / 10,
                    "\(hgvs): \(itd.quantification.mutantFragments) mutant for \(itd.quantification.junctionFragments) showing the junction")
        }
    }

    /// Two ITDs with little wild type left (amplicon-like pairs: every fragment enters both
    /// sites): both ARs rest on the same 50 wild-type fragments, so each interval is about as
    /// wide as 50 fragments allow (log-scale SE ~ 1/√50), not as narrow as the thousands of
    /// mutant fragments would make it; with no wild type at all both ARs are infinite, their
    /// intervals open above, and no fragment is called wild type.
    @Test func severalITDsWithLittleWildTypeHaveIntervalsAsWideAsTheWildType() throws {
        let c1 = S.senseOffset(c: "1775"), c2 = S.senseOffset(c: "1800")
        let m1 = S.itd(c: c1, b: c1 + 21), m2 = S.itd(c: c2, b: c2 + 30)
        func amplicon(_ haplotypes: [([UInt8], Int)]) -> [(SequenceRecord, SequenceRecord?)] {
            S.ampliconPairs(haplotypes, readLength: 250)
        }
        let r = try analyzePairs(amplicon([(S.genome, 50), (m1, 2000), (m2, 1000)]))
        #expect(r.itds.count == 2)
        for (length, truth) in [(21, 40.0), (30, 20.0)] {
            let q = try #require(r.itds.first { $0.annotation.length == length }?.quantification.allelicRatio)
            let ar = try #require(q.value), low = try #require(q.ciLow), high = try #require(q.ciHigh)
            #expect(abs(ar - truth) / truth < 0.02, "\(length) bp: AR \(ar), true \(truth)")
            // 95% interval of 50 wild-type fragments: about exp(±1.96/√50) = x0.76-1.32
            #expect(high / low > 1.6 && high / low < 2.2, "\(length) bp: interval \(low)-\(high)")
        }
        let none = try analyzePairs(amplicon([(m1, 2000), (m2, 1000)]))
        #expect(none.itds.count == 2)
        for itd in none.itds {
            let q = itd.quantification
            #expect(q.allelicRatio.value == .infinity)
            #expect(q.allelicRatio.ciHigh == .infinity)
            #expect((q.allelicRatio.ciLow ?? 0) > 1, "\(String(describing: q.allelicRatio.ciLow))")
            #expect(q.wildTypeFragments == 0)
        }
    }

    /// Window counts with overlapping ITDs (2x100 pairs of 250-bp fragments): the 30-bp ITD's
    /// 3' window ends 5 bases past the 9-bp ITD's junction and starts 1 base before the 42-bp
    /// one's second copy. A read of those alleles whose alignment stops at their junction, with
    /// the other copy's first bases unaligned, was extended over them as read-through and taken
    /// for a window copy that allele does not have: AR 0.43 and 0.41 for 0.5 (and 0.93 for 1.0
    /// through the mixture solve) before the window spans stopped at called junctions.
    @Test func windowCountsDoNotReadAcrossAnotherITDsJunction() throws {
        let c1 = S.senseOffset(c: "1760"), c2 = S.senseOffset(c: "1775"), c3 = S.senseOffset(c: "1800")
        let m1 = S.itd(c: c1, b: c1 + 30), m2 = S.itd(c: c2, b: c2 + 42), m3 = S.itd(c: c3, b: c3 + 9)
        let r = try analyzePairs(pairs([(S.genome, 2), (m1, 1), (m2, 1), (m3, 2)], readLength: 100, fragmentLength: 250))
        #expect(r.itds.count == 3)
        for length in [30, 42] {
            let itd = try #require(r.itds.first { $0.annotation.length == length })
            #expect(itd.quantification.estimator == "window", "\(length) bp")
        }
        for (length, truth) in [(30, 0.5), (42, 0.5)] {
            let ar = try #require(ratio(r, length: length))
            #expect(abs(ar - truth) / truth < 0.03, "\(length) bp: AR \(ar), true \(truth)")
        }
        // The 9-bp ITD is measured by the spanning estimator through the mixture solve. A read
        // placement inside the 30-bp duplication holds both copies of that allele; at full weight
        // at both, occ(9-bp site, 30-bp allele) came out 1.078 where these tiled reads give 1.000
        // and the 9-bp ITD read 1.031. Weighted by the copies the position holds
        // (AlleleMixture.occupancy), it reads 1.008.
        let ar9 = try #require(ratio(r, length: 9))
        #expect(abs(ar9 - 1.0) < 0.02, "9 bp: AR \(ar9), true 1.0")
    }

    /// A 15-bp ITD (spanning) inside the duplicated span of a 60-bp ITD with 6 non-templated
    /// bases (window), beside a 21-bp one elsewhere (2x150 pairs of 300-bp fragments, as the
    /// grid's capture_2x150_p05). A read of the 60-bp allele starting a few bases before its
    /// second copy has those bases unaligned; its alignment starts at the second copy, and the
    /// 15-bp site was taken to lie there, A + left bases into the read: it entered the site and
    /// counted as another allele, where the same read fully aligned (as the mixture replays it)
    /// starts past the site's first copy and does not. The antisense mirror image likewise.
    /// AR 0.946 for 1.0 (and 0.489 for 0.5 through the mixture solve) here before such reads
    /// were measured against the first copy; 1.001 and 0.500 after.
    @Test func readsStartingAtAnotherITDsSecondCopyDoNotEnterASiteInsideItsDuplication() throws {
        let c1 = S.senseOffset(c: "1897"), c2 = S.senseOffset(c: "1736"), c3 = S.senseOffset(c: "1879")
        let m1 = S.itd(c: c1, b: c1 + 15), m2 = S.itd(c: c2, b: c2 + 21), m3 = S.itd(c: c3, b: c3 + 60, nontemplated: "CGTACG")
        let r = try analyzePairs(pairs([(S.genome, 2), (m1, 2), (m2, 1), (m3, 1)], readLength: 150, fragmentLength: 300))
        #expect(r.itds.count == 3)
        let spanning = try #require(r.itds.first { $0.annotation.length == 15 })
        #expect(spanning.quantification.estimator == "spanning")
        for (length, truth) in [(15, 1.0), (21, 0.5)] {
            let ar = try #require(ratio(r, length: length))
            #expect(abs(ar - truth) / truth < 0.02, "\(length) bp: AR \(ar), true \(truth)")
        }
    }

    /// A 90-bp ITD with 5 non-templated bases (window estimator) beside a 15- and a 6-bp ITD
    /// (2x150 pairs of 250-bp fragments). Its wild-type windows are 45 bases wide, and it
    /// subtracts the other alleles' copies of them as their junction counts: those must be
    /// counted over windows as wide, or each overstates its allele's copies by the 5 read starts
    /// a 40-base window has more (AR 0.519 for 0.5 here before all windows were made as wide, 0.5
    /// after).
    @Test func windowsAndJunctionsOfSeveralITDsAreEquallyWide() throws {
        let c1 = S.senseOffset(c: "1720"), c2 = S.senseOffset(c: "1870"), c3 = S.senseOffset(c: "1900")
        let m1 = S.itd(c: c1, b: c1 + 90, nontemplated: "TGCCC"), m2 = S.itd(c: c2, b: c2 + 15), m3 = S.itd(c: c3, b: c3 + 6)
        let r = try analyzePairs(pairs([(S.genome, 2), (m1, 1), (m2, 2), (m3, 1)], readLength: 150, fragmentLength: 250))
        #expect(r.itds.count == 3)
        let long = try #require(r.itds.first { $0.annotation.length == 90 })
        #expect(long.quantification.estimator == "window")
        let ar = try #require(long.quantification.allelicRatio.value)
        #expect(abs(ar - 0.5) / 0.5 < 0.02, "AR \(ar), true 0.5")
    }

    /// Mates of a mutant fragment that end in the first copy and start in the second, one
    /// inserted length apart, read the same bases there and are joined as if they overlapped:
    /// a wild-type read one copy short, covering the wild-type windows in its overlap without
    /// the junction between them. 2x100 pairs of 334-bp fragments over a 150-bp duplication
    /// (AR 1) join that way by 16 bases where mate 1 ends in the last or first 20 bases of the
    /// first copy; 160-bp fragments overlap for real by 40. Taking the joined reads in the
    /// windows counted 491 in each wild-type window for 243 at the junction (AR 0.980); each
    /// mate alone counts every window alike, and the wild type (each window less the junction)
    /// equals the mutant exactly.
    @Test func mutantMatesOneCopyApartJoinedAsWildTypeAddNoWildType() throws {
        let c = S.senseOffset(c: "1760"), p = c + 150
        let mutant = S.itd(c: c, b: p)
        let fragments = pairs([(S.genome, 1), (mutant, 1)], readLength: 100, fragmentLength: 334)
            + pairs([(S.genome, 1), (mutant, 1)], readLength: 100, fragmentLength: 160)
        let r = try analyzePairs(fragments)
        #expect(r.funnel.mergedFragments > 0)
        let q = try #require(r.itds.first { $0.annotation.length == 150 }).quantification
        #expect(q.estimator == "window")
        #expect(q.windowFragments == [2 * q.mutantFragments, 2 * q.mutantFragments], "J \(q.mutantFragments), W \(q.windowFragments)")
        let ar = try #require(q.allelicRatio.value)
        #expect(abs(ar - 1) < 1e-9, "AR \(ar), true 1")
    }

    /// Amplicon-like pairs: every haplotype read from the same two primer ends. A read of the
    /// 30-bp ITD's allele needs 30 more bases than a wild-type read to get past the second ITD, so
    /// its first mate does not enter that site at all while the wild type's does; the allele
    /// weights come from where the sample's reads start, so the ratio stays exact.
    @Test func primerAnchoredPairsWithTwoITDs() throws {
        let c1 = S.senseOffset(c: "1740"), c2 = S.senseOffset(c: "1800")
        let m1 = S.itd(c: c1, b: c1 + 30), m2 = S.itd(c: c2, b: c2 + 15)
        let fragments = S.ampliconPairs([(S.genome, 200), (m1, 300), (m2, 100)], readLength: 150)
        let r = try analyzePairs(fragments)
        for (length, truth) in [(30, 1.5), (15, 0.5)] {
            let ar = try #require(ratio(r, length: length))
            #expect(abs(ar - truth) / truth < 0.01, "\(length) bp: AR \(ar), true \(truth)")
        }
    }

    /// Distances at a site are read bases: a read of another ITD's allele that crossed that
    /// insertion reaches the site later in the read than its reference coordinates say.
    @Test func siteOffsetsAreReadBasesAcrossAnotherInsertion() throws {
        let allele = AlleleMixture.Allele(p: 600, c: 570, m: 2, junctionID: 0)
        let mate = try #require(AlleleMixture.syntheticMate(start: 550, length: 150, isSense: true, allele: allele,
                                                            reference: .genomic, referenceLength: 2000))
        #expect(mate.spans == [550..<600, 570..<668])
        #expect(mate.readStarts == [0, 52])
        // reference base 650 lies after the insertion: 100 + 32 inserted bases into the read
        #expect(SiteReach.readOffset(ofFirst: 650, in: mate) == 132)
        #expect(SiteReach.readOffset(pastLast: 650, in: mate) == 132)
        // a base inside the duplicated span: first occurrence in the first copy, last in the second
        #expect(SiteReach.readOffset(ofFirst: 580, in: mate) == 30)
        #expect(SiteReach.readOffset(pastLast: 581, in: mate) == 52 + 11)
        #expect(AlleleMixture.haplotypePositions(of: 580, in: allele) == [580, 612])
        #expect(AlleleMixture.haplotypePositions(of: 650, in: allele) == [682])
    }

    /// An 18-bp ITD with 3 non-templated bases 7 bp before a 27-bp ITD (2x100 pairs of 250-bp
    /// fragments, the design of the replicate study's rnaseq_2x100_deepmulti_m00). Reads of the
    /// 18-bp allele starting or ending in its non-templated bases reach the 27-bp site like
    /// their neighbours, but have no reference position to be replayed from; and a read of the
    /// 27-bp allele placed inside its duplicated span stands for two of its positions. Before
    /// the replay covered both, these tiled reads gave 1.005 and 0.486; now 1.000 and 0.500.
    @Test func nonTemplatedBasesBesideAnotherITDAreReplayed() throws {
        let c1 = S.senseOffset(c: "1855"), c2 = S.senseOffset(c: "1880")
        let m1 = S.itd(c: c1, b: c1 + 18, nontemplated: "TTT"), m2 = S.itd(c: c2, b: c2 + 27)
        let r = try analyzePairs(pairs([(S.genome, 2), (m1, 2), (m2, 1)], readLength: 100, fragmentLength: 250))
        #expect(r.itds.count == 2)
        for (length, truth) in [(18, 1.0), (27, 0.5)] {
            let itd = try #require(r.itds.first { $0.annotation.length == length })
            #expect(itd.quantification.estimator == "spanning", "\(length) bp")
            let ar = try #require(itd.quantification.allelicRatio.value)
            #expect(abs(ar - truth) / truth < 0.01, "\(length) bp: AR \(ar), true \(truth)")
        }
    }

    /// The replay's haplotype positions: the non-templated bases go with the base after the
    /// insertion point, and a read of an ITD's allele whose short junction side did not align is
    /// placed where it lies on that allele's haplotype, not along the copy it aligned to.
    @Test func nonTemplatedPositionsAndClippedJunctionReadsArePlacedOnTheHaplotype() throws {
        let allele = AlleleMixture.Allele(p: 600, c: 570, m: 3, junctionID: 0)
        #expect(AlleleMixture.haplotypePositions(of: 600, in: allele) == [633, 600, 601, 602])
        #expect(AlleleMixture.haplotypePositions(of: 599, in: allele) == [599, 632])
        #expect(AlleleMixture.haplotypePositions(of: 601, in: AlleleMixture.Allele(p: 600, c: 570, m: 0, junctionID: 0)) == [631])
        var ref = [UInt8](repeating: UInt8(ascii: "A"), count: 1000)
        for k in ref.indices { ref[k] = Array("ACGT".utf8)[(k * 7 + k / 3) % 4] }
        let site = AllelicRatioEstimator.Site(p: 600, c: 570, inserted: Array("GGG".utf8) + Array(ref[570..<600]), reference: ref)
        let itds = [(site: site, m: 3)]
        // sense read of the allele starting at haplotype 590 (first copy): 10 + 3 bases unaligned
        // before the second copy, whose alignment starts at reference 570 (haplotype 603)
        let sense = MateGeometry(reference: .genomic, isSense: true, spans: [570..<657], junctionIDs: [],
                                 readStarts: [13], clipStart: 13, clipEnd: 0, readLength: 100)
        #expect(sense.projectedStart == 557)
        #expect(AlleleMixture.placementPosition(sense, itds: itds) == 590)
        // antisense read ending at haplotype 613 (the second copy's 10th base, reference 579):
        // its alignment ends at the first copy's end with 3 + 10 bases unaligned
        let antisense = MateGeometry(reference: .genomic, isSense: false, spans: [513..<600], junctionIDs: [],
                                     readStarts: [0], clipStart: 0, clipEnd: 13, readLength: 100)
        #expect(antisense.projectedEnd == 613)
        #expect(AlleleMixture.placementPosition(antisense, itds: itds) == 580)
        // reads that do not stop at the junction keep their projected ends
        let plain = MateGeometry(reference: .genomic, isSense: true, spans: [500..<598], junctionIDs: [],
                                 readStarts: [2], clipStart: 2, clipEnd: 0, readLength: 100)
        #expect(AlleleMixture.placementPosition(plain, itds: itds) == 498)
    }

    /// A 30-bp ITD inside the duplicated span of a 110-bp ITD (window) at AR 3 (2x150 pairs of
    /// 300-bp fragments, as the grid's capture_2x150_p03). Reads of the long allele that start
    /// inside its span are placed at the reference positions both its copies share, so those
    /// positions collect 1 + 0.6 times the reads of the others; replayed at full weight on both
    /// copies, the long allele was counted too often at the 30-bp site: AR 1.053 here, 0.998
    /// weighted by the copies.
    @Test func shortITDInsideADominantLongDuplication() throws {
        let c1 = S.senseOffset(c: "1732"), c2 = S.senseOffset(c: "1739")
        let m1 = S.itd(c: c1, b: c1 + 110), m2 = S.itd(c: c2, b: c2 + 30)
        let r = try analyzePairs(pairs([(S.genome, 1), (m1, 3), (m2, 1)], readLength: 150, fragmentLength: 300))
        let short = try #require(r.itds.first { $0.annotation.length == 30 })
        #expect(short.quantification.estimator == "spanning")
        let ar = try #require(short.quantification.allelicRatio.value)
        #expect(abs(ar - 1.0) < 0.02, "AR \(ar), true 1.0")
    }

    /// A mate whose partner did not align (it lies off the reference: the locus edge, an exon
    /// the reference does not hold) still weighs half a fragment. Whether the partner lands on
    /// the reference depends on the allele — a mutant fragment's far end lies `len` bases
    /// nearer in reference coordinates — so counting lone mates as whole fragments favoured the
    /// wild type (RNA-seq 2x100 near c.1880, simulated: 0.437 for 0.471).
    @Test func matesWhosePartnerFellOffTheReferenceStillCountAsHalves() throws {
        let c = S.senseOffset(c: "1800"), length = 27
        let mutant = S.itd(c: c, b: c + length)
        let all = pairs([(S.genome, 2), (mutant, 1)], readLength: 100, fragmentLength: 250)
        // partners whose reference end lies past c + 200 are lost: most wild-type partners of
        // first mates entering the site, few mutant ones
        let edge = c + 200
        var lone = 0
        let fragments = all.map { (r1, r2) -> (SequenceRecord, SequenceRecord?) in
            let isMutant = r1.name.hasPrefix("h1")
            let start = Int(r1.name.split(separator: "s").last!)!
            let hapEnd = start + 250
            let refEnd = isMutant && hapEnd > c + length ? hapEnd - length : hapEnd
            guard refEnd > edge, let mate = r2 else { return (r1, r2) }
            lone += 1
            // not FLT3: the partner does not align
            return (r1, SequenceRecord(name: mate.name, sequence: String(repeating: "ACGTTGCA", count: 13).prefix(100).description))
        }
        #expect(lone > 100)
        let arAll = try #require(ratio(try analyzePairs(all), length: length))
        let arLone = try #require(ratio(try analyzePairs(fragments), length: length))
        #expect(abs(arAll - 0.5) / 0.5 < 0.03, "all partners: AR \(arAll)")
        #expect(abs(arLone - arAll) / arAll < 0.02, "lost partners: AR \(arLone), all \(arAll)")
    }

    /// A sequencing error in or next to a short duplication makes the aligner draw its junction
    /// another way (a jump back by 2 with 4 unaligned bases for 6 bp, say); the read still
    /// inserts exactly the ITD's length at the site and is that allele, not wild type.
    @Test func shortITDReadsWithAnErrorAtTheJunctionAreNotWildType() throws {
        let c = S.senseOffset(c: "1754")
        let mutant = S.itd(c: c, b: c + 6)
        var reads: [SequenceRecord] = []
        for (h, (hap, copies)) in [(S.genome, 1), (mutant, 3)].enumerated() {
            let region = locus.lowerBound..<(locus.upperBound + hap.count - S.genome.count)
            for k in 0..<copies {
                reads += S.tiled(hap, readLength: 150, step: 1, region: region, errorRate: 0.02,
                                 seed: UInt64(h * 100 + k + 1), name: "h\(h)c\(k)_")
            }
        }
        let r = try S.analyze(reads)
        let ar = try #require(ratio(r, length: 6))
        #expect(abs(ar - 3) / 3 < 0.04, "AR \(ar), true 3")
    }

    /// A long ITD whose second copy is barely read (a capture target ending inside it): the two
    /// wild-type windows disagree, and the report says so instead of giving a confident ratio.
    @Test func unevenCoverageAcrossALongITDIsWarned() throws {
        let c = S.senseOffset(c: "1750"), p = c + 150
        let mutant = S.itd(c: c, b: p)
        var reads = S.tiled(S.genome, readLength: 100, step: 1, region: locus, seed: 1, name: "w")
        // mutant reads start no later than 40 bases past the junction: its 3' window copy is unread
        for k in 0..<2 {
            reads += S.tiled(mutant, readLength: 100, step: 1, region: locus.lowerBound..<(p + 40), seed: UInt64(10 + k), name: "m\(k)_")
        }
        let r = try S.analyze(reads)
        let itd = try #require(r.itds.first { $0.annotation.length == 150 })
        #expect(itd.quantification.estimator == "window")
        #expect(itd.quantification.windowsDisagree)
        #expect(r.warnings.contains { $0.contains("coverage is not uniform across the duplication") })
    }

    /// The same ITD read evenly: no such warning.
    @Test func evenCoverageAcrossALongITDIsNotWarned() throws {
        let c = S.senseOffset(c: "1750"), p = c + 150
        let mutant = S.itd(c: c, b: p)
        let r = try S.analyze(singleEnd([(S.genome, 1), (mutant, 2)], readLength: 100))
        let itd = try #require(r.itds.first { $0.annotation.length == 150 })
        #expect(!itd.quantification.windowsDisagree)
        #expect(!r.warnings.contains { $0.contains("coverage is not uniform") })
    }
}
