import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReportTerminalTests {
    @Test(arguments: ReportFixtures.all.map(\.name))
    func plainSummaryMatchesGoldenFile(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        try ReportGolden.check(TerminalSummary.render(result, colour: false), against: "\(name).txt")
    }

    @Test func callIsSpelledOutWithTheNumbersThatDecidedIt() {
        #expect(TerminalSummary.callWords(ReportFixtures.harTwoITDs) == "HAR (total AR 0.68 > 0.40)")
        #expect(TerminalSummary.callWords(ReportFixtures.negative) == "NEGATIVE (no ITD at AR ≥ 0.0079; locus depth 2,310 ≥ 100)")
        #expect(TerminalSummary.callWords(ReportFixtures.indeterminate)
                == "INDETERMINATE (locus depth 12 < 100: too little coverage to call negative)")
        #expect(TerminalSummary.callWords(ReportFixtures.larBorderline)
                == "LAR (total AR 0.37 ≤ 0.40)  borderline: 95% CI 0.29-0.46 contains 0.40")
        #expect(TerminalSummary.callWords(ReportFixtures.infiniteAR)
                == "HAR (total AR ∞ > 0.50: no wild-type fragments)")
    }

    /// INDETERMINATE without ITD: the total AR was not measured (nil), and every report says so
    /// rather than showing 0.
    @Test func unmeasuredTotalRatioIsShownAsNotMeasuredInEveryReport() throws {
        let result = ReportFixtures.indeterminate
        #expect(result.totalAllelicRatio.value == nil)
        let text = TerminalSummary.render(result, colour: false)
        #expect(text.contains("Total AR        not measured (no ITD seen, but too little coverage to call negative)"))
        let html = HTMLReport.render(result)
        #expect(html.contains("<p>No ITD found. Total allelic ratio: not measured (no ITD seen, but too little coverage to call negative).</p>"))

        let cohort = CohortTSVReport.row(result)
        for column in ["total_allelic_ratio", "total_allelic_ratio_ci_low", "total_allelic_ratio_ci_high", "total_vaf"] {
            #expect(cohort[try #require(CohortTSVReport.columns.firstIndex(of: column))] == "NA", "\(column)")
        }
        let tsv = TSVReport.rows(result)[0]
        #expect(tsv[try #require(TSVReport.columns.firstIndex(of: "total_allelic_ratio"))] == "NA")

        let doc = try #require(try JSONSerialization.jsonObject(with: JSONReport.data(for: result, commandLine: [])) as? [String: Any])
        #expect(doc["total_allelic_ratio"] is NSNull && doc["total_vaf"] is NSNull)
        #expect(doc["total_allelic_ratio_infinite"] as? Bool == false)

        let mqc = try #require(try JSONSerialization.jsonObject(with: MultiQCReport.data(for: [result])) as? [String: Any])
        let row = try #require((mqc["data"] as? [String: [String: Any]])?[result.sample])
        #expect(row["total_allelic_ratio"] is NSNull && row["total_vaf"] is NSNull)

        let header = VCFReport.header(result)
        #expect(header.contains("##flt3ar_total_allelic_ratio=NA"))
        #expect(header.contains("##flt3ar_total_allelic_ratio_ci=NA,NA"))
    }

    /// INDETERMINATE because an ITD's AR could not be measured: not "too little coverage".
    @Test func indeterminateWithAnITDSaysTheRatioWasNotMeasured() {
        var result = ReportFixtures.larBorderline
        result.itds[0].quantification.allelicRatio = AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil)
        result.totalAllelicRatio = AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil)
        result.call = .indeterminate
        result.borderline = false
        #expect(TerminalSummary.callWords(result) == "INDETERMINATE (ITD found; total AR not measured)")
        let text = TerminalSummary.render(result, colour: false)
        #expect(text.contains("Total AR        not measured (an ITD's allelic ratio could not be measured)"))
        #expect(text.contains("AR not measured") && text.contains("VAF n/a"))
        #expect(HTMLReport.meaning(result) == "FLT3-ITD found, but its allelic ratio could not be measured.")
        #expect(!HTMLReport.render(result).contains("too little coverage"))
    }

    @Test func ratioJustAboveThresholdIsNotRoundedOntoIt() {
        var result = ReportFixtures.harTwoITDs
        result.totalAllelicRatio = AllelicRatioEstimate(value: 0.4004, ciLow: 0.41, ciHigh: 0.43)
        #expect(TerminalSummary.callWords(result) == "HAR (total AR 0.4004 > 0.40)")
    }

    @Test(arguments: [
        (0.68227, nil, "0.68"), (2.3149, nil, "2.31"), (0.1, nil, "0.10"), (0.0042, nil, "0.0042"),
        (0.065, nil, "0.065"), (0.0079612, nil, "0.0080"), (0, nil, "0"), (Double.infinity, nil, "∞"),
        (0.4002, 0.4, "0.4002"), (0.3998, 0.4, "0.3998"), (0.4, 0.4, "0.40"), (0.41, 0.4, "0.41"),
        (0.0504, 0.05, "0.0504"), (0.4049, 0.405, "0.40"), (0.4051, 0.405, "0.4051"),
    ] as [(Double, Double?, String)])
    func ratiosForPeopleHaveTwoDecimalsTwoSignificantDigitsBelowPointOneAndNeverSitOnTheThreshold(
        x: Double, threshold: Double?, text: String) {
        #expect(ReportNumberFormat.humanRatio(x, against: threshold) == text)
    }

    /// A called ITD at AR 0.004 must not read "AR 0.00 ... VAF 0.00" nor "total AR 0.00".
    @Test func smallCalledRatioIsShownWithSignificantDigitsEverywhere() {
        var result = ReportFixtures.larBorderline
        let ar = AllelicRatioEstimate(value: 0.004, ciLow: 0.0021, ciHigh: 0.0071)
        result.itds[0].quantification.allelicRatio = ar
        result.totalAllelicRatio = ar
        result.borderline = false
        let text = TerminalSummary.render(result, colour: false)
        #expect(text.contains("AR 0.0040 (95% CI 0.0021-0.0071)  VAF 0.0040"))
        #expect(text.contains("Total AR        0.0040 (95% CI 0.0021-0.0071)"))
        #expect(TerminalSummary.callWords(result) == "LAR (total AR 0.0040 ≤ 0.40)")
        let html = HTMLReport.render(result)
        #expect(html.contains("<strong>0.0040 (0.0021-0.0071)</strong>; VAF 0.0040"))
        #expect(html.contains("<td class=\"nowrap\">0.0040 (0.0021-0.0071)</td><td class=\"num\">0.0040</td>"))
        #expect(html.contains(", AR 0.0040</text>"))
        #expect(!text.contains("0.00 ") && !html.contains("0.00 "))
    }

    /// The "Total AR" row, the ITD's AR and the interval bounds read on the same side of the
    /// threshold as the call line: never "Total AR 0.40" above "HAR (total AR 0.4002 > 0.40)".
    @Test func totalRatioRowAndBoundsAgreeWithTheCallNearTheThreshold() {
        var result = ReportFixtures.larBorderline
        let ar = AllelicRatioEstimate(value: 0.4002, ciLow: 0.3998, ciHigh: 0.52)
        result.itds[0].quantification.allelicRatio = ar
        result.totalAllelicRatio = ar
        result.call = .har
        let text = TerminalSummary.render(result, colour: false)
        #expect(text.contains("Total AR        0.4002 (95% CI 0.3998-0.52)"))
        #expect(text.contains("AR 0.4002 (95% CI 0.3998-0.52)"))
        #expect(TerminalSummary.callWords(result) == "HAR (total AR 0.4002 > 0.40)  borderline: 95% CI 0.3998-0.52 contains 0.40")
        #expect(HTMLReport.render(result).contains("<strong>0.4002 (0.3998-0.52)</strong>"))
    }

    @Test func summaryCarriesFunnelDepthAndEveryITDOnItsOwnLine() {
        let text = TerminalSummary.render(ReportFixtures.harTwoITDs, colour: false)
        #expect(text.contains("2,468,000 reads (1,234,000 fragments)"))
        #expect(text.contains("3,412 fragments on target"))
        #expect(text.contains("Locus depth     2,310 fragments (least-covered base of c.1730-c.1900)"))
        #expect(TerminalSummary.render(ReportFixtures.negative, colour: false)
                .contains("Locus depth     2,310 fragments (least-covered base of c.1730-c.1834)"))
        let itdLines = text.split(separator: "\n").filter { $0.hasPrefix("    ITD") }
        #expect(itdLines.count == 2)
        #expect(itdLines[0].contains("NM_004119.3:c.1770_1790dup") && itdLines[0].contains("p.(Tyr591_Tyr597dup)"))
        #expect(itdLines[0].contains("GRCh38 chr13:28,034,129-28,034,149"))
        #expect(itdLines[0].contains("mutant 620 / WT 1,480 fragments"))
        #expect(itdLines[0].contains("AR 0.42 (95% CI 0.38-0.46)") && itdLines[0].contains("VAF 0.25"))
        #expect(itdLines[1].contains("30 bp (+3 non-templated GAC)"))
        #expect(text.contains("Total AR        0.68 (95% CI 0.63-0.74)"))
    }

    @Test func outOfFrameAndInfiniteRatiosAreSaidInWords() {
        let text = TerminalSummary.render(ReportFixtures.infiniteAR, colour: false)
        // the fixture's ITD reaches intron 14: its frame is not the transcript's
        #expect(text.contains("exon14-intron14  reaches an intron: transcript effect unknown (length not 3n)"))
        #expect(!text.contains("OUT-OF-FRAME") && !text.contains("in-frame"))
        var exonic = ReportFixtures.infiniteAR
        exonic.itds[0].annotation.region = "exon14"
        #expect(TerminalSummary.render(exonic, colour: false).contains("exon14  OUT-OF-FRAME"))
        #expect(text.contains("AR ∞ (no wild-type fragments; 95% CI 12.35-∞)"))
        #expect(text.contains("VAF 1.00"))
        #expect(!text.contains("inf "))
    }

    @Test(arguments: ReportFixtures.all.map(\.name))
    func colourAppearsOnlyWhenAskedAndChangesNothingElse(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        let plain = TerminalSummary.render(result, colour: false)
        let coloured = TerminalSummary.render(result, colour: true)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}["))
        #expect(stripANSI(coloured) == plain)
    }

    private func stripANSI(_ s: String) -> String {
        var out = ""
        var inEscape = false
        for ch in s {
            if inEscape {
                if ch == "m" { inEscape = false }
            } else if ch == "\u{1B}" {
                inEscape = true
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
