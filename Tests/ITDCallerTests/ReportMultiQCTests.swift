import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReportMultiQCTests {
    @Test(arguments: ReportFixtures.all.map(\.name))
    func multiQCFileMatchesGoldenFile(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        let text = String(decoding: try MultiQCReport.data(for: [result]), as: UTF8.self)
        try ReportGolden.check(text, against: "\(name).flt3ar_mqc.json")
    }

    @Test func multiQCFileIsGeneralStatsCustomContentWithOneRowPerSample() throws {
        let data = try MultiQCReport.data(for: ReportFixtures.all.map(\.result))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(doc["id"] as? String == "flt3ar")
        #expect(doc["plot_type"] as? String == "generalstats")
        let rows = try #require(doc["data"] as? [String: [String: Any]])
        #expect(Set(rows.keys) == Set(ReportFixtures.all.map(\.result.sample)))
        let har = try #require(rows["S01_HAR"])
        #expect(har["call"] as? String == "HAR")
        #expect(har["total_allelic_ratio"] as? Double == 0.682274)
        #expect(har["locus_depth"] as? Int == 2310)
        #expect(har["n_itds"] as? Int == 2)
        let loh = try #require(rows["S03_LOH"])
        #expect(loh["total_allelic_ratio"] is NSNull)
        #expect(loh["total_vaf"] as? Double == 1)
        #expect(rows["S02_LAR"]?["borderline"] as? String == "yes")
        let columns = try #require(doc["pconfig"] as? [String: Any])
        #expect(Set(columns.keys) == Set(har.keys))
        // Where the locus depth was measured: a column the reader can show, hidden by default.
        let region = ReportFixtures.negative.options.depthRegion
        #expect(rows["S04_NEG"]?["depth_region"] as? String == "c.\(region.lowerBound)-c.\(region.upperBound)")
        #expect(har["depth_region"] as? String == "c.1730-c.1900")
        let regionColumn = try #require(columns["depth_region"] as? [String: Any])
        #expect(regionColumn["hidden"] as? Bool == true)
        #expect((columns["locus_depth"] as? [String: Any])?["hidden"] == nil)
    }

    /// A borderline call can be judged from MultiQC alone: the threshold and the total AR's
    /// interval are there (hidden until shown), and the call column says what HAR means.
    @Test func thresholdAndTotalIntervalAreHiddenColumnsAndTheCallSaysTheRule() throws {
        let results = [ReportFixtures.larBorderline, ReportFixtures.infiniteAR]
        let doc = try #require(try JSONSerialization.jsonObject(with: MultiQCReport.data(for: results)) as? [String: Any])
        let rows = try #require(doc["data"] as? [String: [String: Any]])
        let lar = try #require(rows["S02_LAR"])
        #expect(lar["har_threshold"] as? Double == 0.4)
        #expect(lar["total_allelic_ratio_ci_low"] as? Double == 0.2881)
        #expect(lar["total_allelic_ratio_ci_high"] as? Double == 0.4617)
        let loh = try #require(rows["S03_LOH"])
        #expect(loh["har_threshold"] as? Double == 0.5)
        #expect(loh["total_allelic_ratio_ci_low"] as? Double == 12.35)
        #expect(loh["total_allelic_ratio_ci_high"] is NSNull)
        let columns = try #require(doc["pconfig"] as? [String: [String: Any]])
        for key in ["har_threshold", "total_allelic_ratio_ci_low", "total_allelic_ratio_ci_high"] {
            #expect(columns[key]?["hidden"] as? Bool == true, "\(key)")
        }
        let callDescription = try #require(columns["call"]?["description"] as? String)
        #expect(callDescription.contains("above the HAR threshold") && callDescription.contains("--har-threshold"))
    }

    /// One format string serves every sample: four decimals, so a called ITD at AR 0.004 does
    /// not show as 0.00 and 0.4004 does not show as the 0.4 threshold.
    @Test func ratioColumnsShowFourDecimals() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: MultiQCReport.data(for: [ReportFixtures.harTwoITDs])) as? [String: Any])
        let columns = try #require(doc["pconfig"] as? [String: [String: Any]])
        for key in ["total_allelic_ratio", "total_vaf"] {
            #expect(columns[key]?["format"] as? String == "{:,.4f}", "\(key)")
        }
    }

    @Test func fileNamesEndInMqcJsonAndCannotEscapeTheDirectory() {
        #expect(MultiQCReport.fileName(forSample: "S01") == "S01.flt3ar_mqc.json")
        #expect(MultiQCReport.fileName(forSample: "../x/y") == ".._x_y.flt3ar_mqc.json")
        #expect(MultiQCReport.fileName(forSample: "..") == "sample.flt3ar_mqc.json")
        #expect(MultiQCReport.fileName(forSample: "a").hasSuffix("_mqc.json"))
    }
}
