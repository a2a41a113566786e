import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReportHTMLTests {
    @Test(arguments: ReportFixtures.all.map(\.name))
    func htmlMatchesGoldenFile(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        try ReportGolden.check(HTMLReport.render(result, commandLine: ReportFixtures.commandLine), against: "\(name).html")
    }

    @Test(arguments: ReportFixtures.all.map(\.name))
    func pageIsSelfContainedWithoutScriptsOrNetworkAssets(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        let html = HTMLReport.render(result).lowercased()
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        // The only URL allowed is the SVG namespace identifier.
        #expect(html.components(separatedBy: "http").count - 1 == 1)
        #expect(html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.components(separatedBy: "<svg").count == 2 && html.contains("</svg>"))
    }

    @Test func pageStatesCallFunnelAndEveryITD() {
        let html = HTMLReport.render(ReportFixtures.harTwoITDs)
        #expect(html.contains("HAR (total AR 0.68 &gt; 0.40)"))
        #expect(html.contains("2,468,000 reads (1,234,000 fragments)"))
        #expect(html.contains("NM_004119.3:c.1770_1790dup"))
        #expect(html.contains("p.(Glu608_Asn609insAspTyrAspLeuLysTrpGluPheProArgGlu)"))
        #expect(html.contains("30 bp + 3 non-templated (GAC)"))
        #expect(html.components(separatedBy: "class=\"itd\"").count - 1 == 2)
        #expect(html.components(separatedBy: "class=\"ntb\"").count - 1 == 1)
        let indeterminate = HTMLReport.render(ReportFixtures.indeterminate)
        #expect(indeterminate.contains("call-indeterminate"))
        #expect(indeterminate.contains("too little coverage to call negative"))
        #expect(HTMLReport.render(ReportFixtures.larBorderline).contains("class=\"borderline\""))
    }

    /// The funnel always has its adapter row (0 when nothing was cut; "not looked for" with
    /// --no-adapter-trim), and the locus depth says which coding positions it was measured on,
    /// in the table and in the figure, whose dashed line spans exactly the region's exonic bases.
    @Test func funnelCarriesAdapterTrimmedReadsAndTheDepthRegion() throws {
        let row = { (label: String, value: String) in
            "<tr><th scope=\"row\">\(label)</th><td class=\"num\">\(value)</td></tr>"
        }
        let adapterLabel = "Aligned reads cut at adapter read-through"
        #expect(HTMLReport.render(ReportFixtures.harTwoITDs).contains(row(adapterLabel, "148")))
        #expect(HTMLReport.render(ReportFixtures.larBorderline).contains(row(adapterLabel, "0")))
        let untrimmed = HTMLReport.render(ReportFixtures.infiniteAR)
        #expect(untrimmed.contains(row(adapterLabel, "not looked for (--no-adapter-trim)")))
        #expect(untrimmed.contains("adapter trimming off"))

        let negative = ReportFixtures.negative
        let html = HTMLReport.render(negative)
        #expect(html.contains(row("Locus depth (fragments, least-covered base of c.1730-c.1834)", "2,310")))
        #expect(html.contains("locus depth 2,310 fragments (c.1730-c.1834)"))
        let exons = FLT3Reference.shared.exons.filter { $0.name == "exon14" || $0.name == "exon15" }
        let pieces = LocusFigure.genomicPieces(cStart: 1730, cEnd: 1834, exons: exons)
        #expect(pieces.count == 1)
        let x1 = ReportNumberFormat.compact(LocusFigure.x(pieces[0].0), decimals: 1)
        let x2 = ReportNumberFormat.compact(LocusFigure.xEnd(pieces[0].1), decimals: 1)
        let dashed = html.components(separatedBy: "<line class=\"locus-depth\"").dropFirst()
        #expect(dashed.count == 1)
        #expect(dashed.first?.hasPrefix(" x1=\"\(x1)\"") == true && dashed.first?.contains("x2=\"\(x2)\"") == true)
        // The default region reaches into exon 15: one dashed piece per exon.
        #expect(HTMLReport.render(ReportFixtures.harTwoITDs).components(separatedBy: "<line class=\"locus-depth\"").count - 1 == 2)
    }

    /// A NEGATIVE names the coding range its coverage was measured on, not "exons 14-15", which
    /// --depth-region may have narrowed.
    @Test func negativeNamesTheMeasuredCodingRange() {
        #expect(HTMLReport.meaning(ReportFixtures.negative)
                == "No FLT3-ITD found, with enough coverage of c.1730-c.1834 (the exonic bases the locus depth was measured on) to say so.")
        #expect(HTMLReport.render(ReportFixtures.negative).contains("enough coverage of c.1730-c.1834"))
        var wide = ReportFixtures.negative
        wide.options.depthRegion = AnalysisOptions.defaultDepthRegion
        #expect(HTMLReport.meaning(wide).contains("coverage of c.1730-c.1900"))
        #expect(!HTMLReport.render(ReportFixtures.negative).contains("exons 14-15 to say so"))
    }

    /// A borderline HAR or LAR is not "high" or "low": the headline says borderline, with the interval.
    @Test func borderlineHeadlineSaysBorderlineWithTheInterval() {
        #expect(HTMLReport.meaning(ReportFixtures.larBorderline)
                == "FLT3-ITD positive; allelic ratio borderline around the 0.4 threshold (interval 0.29-0.46).")
        var har = ReportFixtures.larBorderline
        har.call = .har
        har.totalAllelicRatio = AllelicRatioEstimate(value: 0.41, ciLow: 0.3996, ciHigh: 0.45)
        #expect(HTMLReport.meaning(har) == "FLT3-ITD positive; allelic ratio borderline around the 0.4 threshold (interval 0.3996-0.45).")
        #expect(!HTMLReport.render(har).contains("high allelic ratio"))
        #expect(HTMLReport.meaning(ReportFixtures.harTwoITDs) == "FLT3-ITD positive with a high allelic ratio.")
    }

    @Test func sampleNamesAndTextAreEscaped() {
        var result = ReportFixtures.negative
        result.sample = "<b>S&1</b>"
        let html = HTMLReport.render(result)
        #expect(html.contains("&lt;b&gt;S&amp;1&lt;/b&gt;"))
        #expect(!html.contains("<b>S&1</b>"))
    }

    @Test func figureIsToScaleInTranscriptOrientation() throws {
        // Exon 14 (133 bp) is drawn left of exon 15 (105 bp), widths in proportion to length.
        let ref = FLT3Reference.shared
        let e14 = try #require(ref.exons.first { $0.name == "exon14" })
        let e15 = try #require(ref.exons.first { $0.name == "exon15" })
        let w14 = LocusFigure.xEnd(e14.grch38Start) - LocusFigure.x(e14.grch38End)
        let w15 = LocusFigure.xEnd(e15.grch38Start) - LocusFigure.x(e15.grch38End)
        #expect(abs(w14 / w15 - 133.0 / 105.0) < 1e-9)
        #expect(LocusFigure.x(e14.grch38End) < LocusFigure.x(e15.grch38End))
        // Intron 14 is 90 bp.
        let intron = LocusFigure.x(e15.grch38End) - LocusFigure.xEnd(e14.grch38Start)
        #expect(abs(intron / w14 - 90.0 / 133.0) < 1e-9)
        // TKD1 beta1 sheet (c.1828-1845) straddles the exon 14/15 boundary: two pieces.
        let pieces = LocusFigure.genomicPieces(cStart: 1828, cEnd: 1845, exons: [e14, e15])
        #expect(pieces.count == 2)
        #expect(pieces[0] == (28_034_091, 28_034_082) && pieces[1] == (28_033_991, 28_033_984))
    }
}
