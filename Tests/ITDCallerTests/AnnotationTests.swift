import Testing
@testable import ITDCaller

/// Builds the insertion that duplicates sense offsets [start, end) of the genomic window, with
/// optional non-templated bases between the copies, placed right after the span (at `end`).
private func duplicationEvent(senseStart start: Int, end: Int, nontemplated: String = "") -> InsertionEvent {
    let ref = FLT3Reference.shared.genomicSense
    return InsertionEvent(reference: .genomic, position: end, inserted: Array(nontemplated.utf8) + Array(ref[start ..< end]))
}

/// Sense offsets of a GRCh37 span (1-based inclusive, plus strand) as a half-open range.
private func senseSpan(grch37Start: Int, grch37End: Int) -> Range<Int> {
    let g38Start = grch37Start - FLT3Reference.grch37Offset, g38End = grch37End - FLT3Reference.grch37Offset
    return (FLT3Reference.grch38AtSenseZero - g38End) ..< (FLT3Reference.grch38AtSenseZero - g38Start + 1)
}

@Suite struct AnnotationTests {
    let annotator = ITDAnnotator()

    // MARK: real and published ITDs

    @Test func realDataITDIsC1775To1795DupAtHg19Site28608260() throws {
        // Insertion after hg19 chr13:28608260 on the plus strand = before sense offset 28034707 - 28034123.
        let site38 = 28_608_260 - FLT3Reference.grch37Offset
        let event = InsertionEvent(reference: .genomic, position: FLT3Reference.grch38AtSenseZero - site38,
                                   inserted: Array("TTGATTTCAGAGAATATGAAT".utf8))
        let a = try annotator.annotate(event)
        #expect(a.hgvsC == "NM_004119.3:c.1775_1795dup")
        #expect(a.length == 21)
        #expect(a.insertionLength == 21)
        #expect(a.nontemplatedBases == "")
        #expect(a.insertedSequence == "TTGATTTCAGAGAATATGAAT")
        #expect(a.vcfPos == site38)
        #expect(a.grch37Start == 28_608_261)
        #expect(a.grch37End == 28_608_281)
        #expect(a.grch38Start == 28_608_261 - FLT3Reference.grch37Offset)
        #expect(a.vcfRef == "T")
        #expect(a.vcfAlt == "TATTCATATTCTCTGAAATCAA")
        #expect(a.inFrame)
        #expect(a.region == "exon14")
        #expect(a.domain == "JMD_zipperMotif")
        // E598 then FDFREYE inserted before Y599 (codon 599 TAT becomes TTT + ...): not a protein dup.
        #expect(a.hgvsP == "p.(Glu598_Tyr599insPheAspPheArgGluTyrGlu)")
    }

    @Test func itdseek20bpDuplicationOfHg19_28608211_28608230() throws {
        let span = senseSpan(grch37Start: 28_608_211, grch37End: 28_608_230)
        let a = try annotator.annotate(duplicationEvent(senseStart: span.lowerBound, end: span.upperBound))
        #expect(a.length == 20)
        #expect(a.grch37Start == 28_608_211)
        #expect(a.grch37End == 28_608_230)
        #expect(a.grch38Start == 28_034_074)
        #expect(a.grch38End == 28_034_093)
        #expect(a.hgvsC == "NM_004119.3:c.1826_1837+8dup")
        #expect(a.vcfPos == 28_034_073)
        #expect(a.vcfRef == "C")
        #expect(a.vcfAlt == "CATTCTTACCAAACTCTAAAT")
        #expect(!a.inFrame)
        #expect(a.region == "exon14-intron14")
        #expect(a.hgvsP == "p.?")
        #expect(a.domain == "")  // last duplicated base c.1837+8 is intronic
    }

    @Test func itdseek100bpDuplicationOfHg19_28608211_28608310() throws {
        let span = senseSpan(grch37Start: 28_608_211, grch37End: 28_608_310)
        let a = try annotator.annotate(duplicationEvent(senseStart: span.lowerBound, end: span.upperBound))
        #expect(a.length == 100)
        #expect(a.grch37Start == 28_608_211)
        #expect(a.grch37End == 28_608_310)
        #expect(a.grch38Start == 28_034_074)
        #expect(a.grch38End == 28_034_173)
        #expect(a.hgvsC == "NM_004119.3:c.1746_1837+8dup")
        #expect(a.vcfPos == 28_034_073)
        #expect(a.vcfAlt.count == 101)
        #expect(a.region == "exon14-intron14")
    }

    // MARK: normalisation

    @Test func everyEquivalentPlacementInATandemRepeatGivesTheCanonicalAnnotation() throws {
        // GAATAT GAATAT at c.1786-1797: a 6-bp duplication slides over 15 positions.
        let given = duplicationEvent(senseStart: 574, end: 580)
        let normalized = try ITDNormalizer().normalize(given)
        #expect(normalized.equivalentPositions == 574 ... 588)
        #expect(normalized.event.position == 588)
        let canonical = try annotator.annotate(given)
        #expect(canonical.hgvsC == "NM_004119.3:c.1794_1799dup")
        #expect(canonical.vcfPos == 28_034_707 - 588)
        for p in normalized.equivalentPositions {
            // Placing the insertion k bases further 3' rotates the inserted string left by k.
            let k = ((p - 580) % 6 + 6) % 6
            let event = InsertionEvent(reference: .genomic, position: p,
                                       inserted: Array(given.inserted[k...] + given.inserted[..<k]))
            #expect(try annotator.annotate(event) == canonical, "placement \(p)")
        }
    }

    @Test func shiftedEventWithNontemplatedBasesNormalisesToTheSameAnnotation() throws {
        // "AGG" + c.1775_1795 at its first placement, then the same mutant written one base further 3'.
        let first = duplicationEvent(senseStart: 563, end: 584, nontemplated: "AGG")
        let n = try ITDNormalizer().normalize(first)
        #expect(n.event.position > 584)
        let shift = n.event.position - 584
        let rotated = Array(first.inserted[shift...] + first.inserted[..<shift])
        let later = InsertionEvent(reference: .genomic, position: n.event.position, inserted: rotated)
        #expect(try annotator.annotate(later) == annotator.annotate(first))
    }

    @Test func decompositionTakesTheLongestTemplatedSuffixAsTheDuplication() throws {
        // "GA" then c.1781_1810: the duplicated part is the 30 reference bases before the site.
        let n = try ITDNormalizer().normalize(duplicationEvent(senseStart: 569, end: 599, nontemplated: "GA"))
        #expect(n.templatedLength == 30)
        #expect(n.nontemplated == Array("GA".utf8))
        #expect(n.duplicatedSpan == 569 ..< 599)
        let a = try annotator.annotate(n)
        #expect(a.hgvsC == "NM_004119.3:c.1810_1811insGATCAGAGAATATGAATATGATCTCAAATGGG")
        #expect(a.nontemplatedBases == "GA")
        #expect(a.length == 30)
        #expect(a.insertionLength == 32)
        #expect(!a.inFrame)
    }

    @Test func nontemplatedBasesThatRepeatTheFlankAreCountedAsDuplicated() throws {
        // c.1773_1774 = "CG": "CG" + c.1775_1795 is a pure 23-bp duplication of c.1773_1795.
        let a = try annotator.annotate(duplicationEvent(senseStart: 563, end: 584, nontemplated: "CG"))
        #expect(a.nontemplatedBases == "")
        #expect(a.length == 23)
        #expect(a.hgvsC.hasSuffix("dup"))
    }

    @Test func oneBaseDuplicationUsesSinglePositionHGVS() throws {
        let a = try annotator.annotate(duplicationEvent(senseStart: 580, end: 581))
        #expect(a.hgvsC == "NM_004119.3:c.1792dup")
        #expect(a.grch38Start == a.grch38End)
    }

    @Test func insertionWithoutTemplatedBasesIsRejected() {
        // c.1795 is T and c.1796 is A; "CCCC" repeats neither flank.
        let event = InsertionEvent(reference: .genomic, position: 584, inserted: Array("CCCC".utf8))
        #expect(throws: ITDAnnotationError.noTemplatedBases(reference: .genomic, position: 584)) {
            try annotator.annotate(event)
        }
    }

    @Test func emptyAndOutOfWindowEventsAreRejected() {
        #expect(throws: ITDAnnotationError.emptyInsertion) {
            try annotator.annotate(InsertionEvent(reference: .genomic, position: 584, inserted: []))
        }
        #expect(throws: ITDAnnotationError.self) {
            try annotator.annotate(InsertionEvent(reference: .genomic, position: 5000, inserted: Array("A".utf8)))
        }
    }

    // MARK: mRNA events

    @Test func mrnaEventInsideExon14IsAnnotatedOnTheGenome() throws {
        let ref = FLT3Reference.shared
        let exon14 = try #require(ref.exons.first { $0.name == "exon14" })
        let senseStart = try #require(exon14.senseSpan).lowerBound
        let mrnaStart = exon14.mrnaSpan.lowerBound
        // c.1775_1795dup in mRNA offsets.
        let m0 = mrnaStart + (563 - senseStart), m1 = mrnaStart + (584 - senseStart)
        let event = InsertionEvent(reference: .mrna, position: m1, inserted: Array(ref.mrna[m0 ..< m1]))
        let n = try ITDNormalizer().normalize(event)
        #expect(n.event.reference == .genomic)
        #expect(try annotator.annotate(event) == annotator.annotate(duplicationEvent(senseStart: 563, end: 584)))
    }

    /// A duplication ending at the last base of exon 14 (c.1837): on the mRNA its 3'-most
    /// insertion point is the exon's end (120 bp: the next mRNA base, exon 15's first, differs)
    /// or past it (5 and 29 bp: exon 15 starts like the duplicated span, so the mRNA shift runs
    /// into exon 15 while the genome's runs into intron 14). Both are the exonic duplication the
    /// genomic reads show; kept on the mRNA, the RNA-seq reads that cross exon 15 after the second
    /// copy were no ITD candidate's and their fragments were lost to the mutant count (AR 1.85
    /// for 2 on a simulated 120-bp ITD at c.1717_1836 = c.1718_1837).
    @Test(arguments: [120, 5, 29])
    func mrnaDuplicationEndingAtTheExon14EndIsTheGenomicDuplication(length: Int) throws {
        let ref = FLT3Reference.shared
        let exon14 = try #require(ref.exons.first { $0.name == "exon14" })
        let mEnd = exon14.mrnaSpan.upperBound, sEnd = try #require(exon14.senseSpan).upperBound
        let event = InsertionEvent(reference: .mrna, position: mEnd, inserted: Array(ref.mrna[(mEnd - length) ..< mEnd]))
        let onMrna = ITDNormalizer.normalize(event, in: ref.mrna)
        #expect(length == 120 ? onMrna.event.position == mEnd : onMrna.event.position > mEnd)
        let n = try ITDNormalizer().normalize(event)
        let genomic = try ITDNormalizer().normalize(duplicationEvent(senseStart: sEnd - length, end: sEnd))
        #expect(n.event.reference == .genomic)
        #expect(n == genomic)
    }

    @Test func mrnaDuplicationAcrossTheExon14To15JunctionStaysOnTheMrna() throws {
        let ref = FLT3Reference.shared
        // c.1828_1846 (10 bases of exon 14, 9 of exon 15); c.1847 is T like c.1828, so the
        // canonical form is one base 3': c.1829_1847dup, inserted before c.1848 (A).
        let m0 = 1828 - FLT3Reference.mrnaFirstC, m1 = 1847 - FLT3Reference.mrnaFirstC
        let event = InsertionEvent(reference: .mrna, position: m1, inserted: Array(ref.mrna[m0 ..< m1]))
        let n = try ITDNormalizer().normalize(event)
        #expect(n.event.reference == .mrna)
        #expect(n.event.position == m1 + 1)
        let a = try annotator.annotate(event)
        #expect(a.hgvsC == "NM_004119.3:c.1829_1847dup")
        #expect(a.region == "exon14-exon15")
        #expect(a.length == 19)
        #expect(!a.inFrame)
        // GRCh38 of c.1847 (exon 15) and c.1829 (exon 14): the span covers intron 14 between them.
        #expect(a.grch38Start == 28_033_982)
        #expect(a.grch38End == 28_034_090)
        #expect(a.vcfPos == 28_033_981)
        #expect(a.vcfRef == "T")
        #expect(a.vcfAlt == "TAGTACCTTCCCAAACTCTA")
        #expect(a.hgvsP == "p.(Gly617Argfs*23)")
        #expect(a.domain == "TKD1_nucleotideBindingLoop")
    }

    // MARK: protein consequence

    @Test func inFrameWholeCodonDuplicationIsAProteinDuplication() throws {
        // c.1786_1800dup duplicates codons 596-600 (EYEYD).
        let a = try annotator.annotate(duplicationEvent(senseStart: 574, end: 589))
        #expect(a.hgvsC == "NM_004119.3:c.1786_1800dup")
        #expect(a.hgvsP == "p.(Glu596_Asp600dup)")
        #expect(a.inFrame)
    }

    @Test func outOfFrameDuplicationEndingInAStopIsANonsenseChange() throws {
        // c.1787_1790dup: codon 597 becomes TAA.
        let a = try annotator.annotate(duplicationEvent(senseStart: 575, end: 579))
        #expect(a.hgvsC == "NM_004119.3:c.1787_1790dup")
        #expect(a.hgvsP == "p.(Tyr597Ter)")
        #expect(!a.inFrame)
    }

    @Test func outOfFrameDuplicationIsAFrameshiftWithTheNewStop() throws {
        // c.1772_1791dup (20 bp): E598 becomes Thr, then 18 new residues and a stop (…NGSFQEKI*).
        let a = try annotator.annotate(duplicationEvent(senseStart: 560, end: 580))
        #expect(a.hgvsC == "NM_004119.3:c.1772_1791dup")
        #expect(!a.inFrame)
        #expect(a.hgvsP == "p.(Glu598Thrfs*20)")
    }

    @Test func nontemplatedStopCodonBetweenCopiesIsANonsenseChange() throws {
        // "TAA" + c.1786_1800 inserted after c.1800 (codon boundary): the copy starts with a stop.
        // c.1785 is A, so the last "A" counts as templated: "TA" + c.1785_1800 (16 bp).
        let a = try annotator.annotate(duplicationEvent(senseStart: 574, end: 589, nontemplated: "TAA"))
        #expect(a.hgvsC == "NM_004119.3:c.1800_1801insTAAGAATATGAATATGAT")
        #expect(a.nontemplatedBases == "TA")
        #expect(a.length == 16)
        #expect(a.inFrame)
        #expect(a.hgvsP == "p.(Leu601Ter)")
    }

    @Test func proteinInsertionIsWrittenThreePrimeMostAndAsDupWhenItRepeats() {
        let cds = FLT3Reference.shared.cds
        // After c.1796 (TA|T, Tyr599): TAT GAT + GAT(600) → one extra Asp, i.e. a dup of Asp600.
        #expect(ProteinConsequence.describe(inserting: Array("TGA".utf8), atCDSIndex: 1796, cds: cds) == "p.(Asp600dup)")
        // "CCC" there gives TAC CCT: an extra Pro between Tyr599 and Asp600.
        #expect(ProteinConsequence.describe(inserting: Array("CCC".utf8), atCDSIndex: 1796, cds: cds)
            == "p.(Tyr599_Asp600insPro)")
    }

    @Test func proteinDelinsWhenTheInsertionSplitsAndChangesACodon() {
        let cds = FLT3Reference.shared.cds
        // After c.1798 (G|AT, Asp600): GCC CAT → Ala His replace Asp600.
        #expect(ProteinConsequence.describe(inserting: Array("CCC".utf8), atCDSIndex: 1798, cds: cds)
            == "p.(Asp600delinsAlaHis)")
        // In frame with a stop after a new residue: GAT GCC TAA → Ala then stop after Asp600.
        #expect(ProteinConsequence.describe(inserting: Array("GCCTAA".utf8), atCDSIndex: 1800, cds: cds)
            == "p.(Leu601delinsAlaTer)")
    }

    @Test func intronicDuplicationHasUnknownProteinEffectAndNoDomain() throws {
        // c.1837+3_1837+14dup
        let a = try annotator.annotate(duplicationEvent(senseStart: 628, end: 640))
        #expect(a.hgvsC == "NM_004119.3:c.1837+3_1837+14dup")
        #expect(a.region == "intron14")
        #expect(a.hgvsP == "p.?")
        #expect(a.domain == "")
    }

    @Test func domainIsThatOfTheLastDuplicatedBase() throws {
        // c.1770_1832dup ends in codon 611 (TKD1 beta1 sheet, c.1828-1845). It starts at the third
        // base of codon 590, so the copy's first codon is new (Asp): an insertion, not a protein dup.
        let a = try annotator.annotate(duplicationEvent(senseStart: 558, end: 621))
        #expect(a.domain == "TKD1_beta1Sheet")
        #expect(a.hgvsP == "p.(Leu610_Glu611ins"
            + "AspTyrValAspPheArgGluTyrGluTyrAspLeuLysTrpGluPheProArgGluAsnLeu)")
    }

    @Test func translationOfWildTypeCDSHas993ResiduesAndLandmarks() {
        let protein = ProteinConsequence.translate(FLT3Reference.shared.cds)
        #expect(protein.count == 994)
        #expect(protein.last == UInt8(ascii: "*"))
        #expect(String(decoding: protein[594 ..< 624], as: UTF8.self) == "REYEYDLKWEFPRENLEFGKVLGSGAFGKV")
    }
}
