import Foundation
import Testing
@testable import ITDCaller

/// An ITD's VAF is its share of all alleles, AR_i / (1 + total AR) (``SampleResult/vaf(of:)``),
/// the same in every report.
@Suite struct ReportVAFTests {
    /// Two ITDs at AR 0.3 and 0.1 over one wild type: total AR 0.4, as the pipeline sums them.
    static var twoITDs: SampleResult {
        var r = ReportFixtures.harTwoITDs
        r.itds[0].quantification.allelicRatio = .init(value: 0.3, ciLow: 0.25, ciHigh: 0.35)
        r.itds[1].quantification.allelicRatio = .init(value: 0.1, ciLow: 0.08, ciHigh: 0.12)
        r.totalAllelicRatio = .init(value: 0.4, ciLow: 0.33, ciHigh: 0.47)
        return r
    }

    @Test func severalITDsVAFsAreSharesOfAllAllelesAndAddUpToTheTotalVAF() throws {
        let r = Self.twoITDs
        let vafs = try r.itds.map { try #require(r.vaf(of: $0)) }
        #expect(abs(vafs[0] - 0.3 / 1.4) < 1e-12)
        #expect(abs(vafs[1] - 0.1 / 1.4) < 1e-12)
        let total = try #require(r.totalVAF)
        #expect(abs(vafs.reduce(0, +) - total) < 1e-12)
        // The old AR_i / (1 + AR_i) would have added up to more than the total.
        #expect(0.3 / 1.3 + 0.1 / 1.1 > total)
    }

    @Test func singleITDVAFIsAROverOnePlusAR() throws {
        let r = ReportFixtures.larBorderline
        let ar = 95.0 / 260
        #expect(try #require(r.vaf(of: r.itds[0])) == ar / (1 + ar))
        #expect(ReportFixtures.infiniteAR.vaf(of: ReportFixtures.infiniteAR.itds[0]) == 1)
    }

    /// No wild type anywhere: the total VAF is 1, but how it divides between several ITDs is not
    /// measured, so each ITD's VAF is absent rather than a made-up number.
    @Test func infiniteTotalWithSeveralITDsLeavesEachITDsVAFOut() throws {
        var r = Self.twoITDs
        for i in r.itds.indices {
            r.itds[i].quantification.wildTypeFragments = 0
            r.itds[i].quantification.allelicRatio = .init(value: .infinity, ciLow: 5, ciHigh: .infinity)
        }
        r.totalAllelicRatio = .init(value: .infinity, ciLow: 10, ciHigh: .infinity)
        #expect(r.itds.allSatisfy { r.vaf(of: $0) == nil })
        #expect(r.totalVAF == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: JSONReport.data(for: r, commandLine: [])) as? [String: Any])
        let itds = try #require(doc["itds"] as? [[String: Any]])
        #expect(itds.allSatisfy { $0["vaf"] is NSNull })
        #expect(doc["total_vaf"] as? Double == 1)
        let records = VCFReport.render(r).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(records.count == 2)
        for record in records {
            let cols = record.split(separator: "\t")
            #expect(!cols[7].split(separator: ";").contains { $0.hasPrefix("VAF=") })
            #expect(cols[9].split(separator: ":")[2] == ".")
        }
    }

    /// JSON `vaf`, TSV `vaf`, VCF INFO `VAF` and FORMAT `AF`, terminal and HTML all show the share.
    @Test func everyReportShowsTheShareOfAllAlleles() throws {
        let r = Self.twoITDs
        let doc = try #require(try JSONSerialization.jsonObject(with: JSONReport.data(for: r, commandLine: [])) as? [String: Any])
        let itds = try #require(doc["itds"] as? [[String: Any]])
        #expect(itds.map { $0["vaf"] as? Double } == [0.214286, 0.071429])

        let tsv = TSVReport.rows(r)
        let vafColumn = try #require(TSVReport.columns.firstIndex(of: "vaf"))
        #expect(tsv.dropFirst().map { $0[vafColumn] } == ["0.214286", "0.071429"])

        let records = VCFReport.render(r).split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t").map(String.init) }
        // records are in POS order: ITD2 first
        #expect(records.map { $0[9].split(separator: ":")[2] } == ["0.071429", "0.214286"])
        #expect(records.map { $0[7].contains("VAF=\($0[9].split(separator: ":")[2]);") } == [true, true])

        let text = TerminalSummary.render(r, colour: false)
        #expect(text.contains("VAF 0.21") && text.contains("VAF 0.071"))
        let html = HTMLReport.render(r)
        #expect(html.contains("<td class=\"num\">0.21</td>") && html.contains("<td class=\"num\">0.071</td>"))
    }
}
