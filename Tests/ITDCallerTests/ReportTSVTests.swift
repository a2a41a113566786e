import Testing
@testable import ITDCaller

@Suite struct ReportTSVTests {
    private func table(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test(arguments: ReportFixtures.all.map(\.name))
    func tsvMatchesGoldenFile(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        try ReportGolden.check(TSVReport.render(result), against: "\(name).tsv")
    }

    @Test func cohortTSVMatchesGoldenFile() throws {
        try ReportGolden.check(CohortTSVReport.render(ReportFixtures.all.map(\.result)), against: "cohort.tsv")
    }

    @Test func tsvColumnNamesAreStableAndHaveNoSpaces() {
        // Pipelines select columns by name: changing these breaks them. Append only.
        #expect(TSVReport.columns.prefix(15) == [
            "record_type", "sample", "call", "borderline", "har_threshold", "locus_depth",
            "total_reads", "total_fragments", "on_target_fragments", "aligned_fragments",
            "total_allelic_ratio", "total_allelic_ratio_ci_low", "total_allelic_ratio_ci_high", "total_vaf",
            "n_itds",
        ])
        #expect(TSVReport.columns.count == 47)
        #expect(Set(TSVReport.columns).count == TSVReport.columns.count)
        for name in TSVReport.columns + CohortTSVReport.columns {
            #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(name)")
        }
        #expect(CohortTSVReport.columns.prefix(5) == ["sample", "call", "borderline", "har_threshold", "total_allelic_ratio"])
    }

    /// The read funnel's adapter-trimmed count, the depth region and the detection limit reach
    /// both tables, as they reach the JSON: appended after every older column (so pipelines
    /// selecting by position keep working) and filled on every row. The fixtures use values other
    /// than the defaults.
    @Test func adapterTrimmedReadsDepthRegionAndDetectionLimitAreAppendedToBothTables() throws {
        let appended = ["adapter_trimmed_reads", "depth_region_start", "depth_region_end", "detection_limit_ar",
                        "input_copies", "duplicate_fragments"]
        #expect(Array(TSVReport.columns.suffix(6)) == appended)
        #expect(Array(CohortTSVReport.columns.suffix(6)) == appended)
        #expect(Array(CohortTSVReport.columns.dropLast(6).suffix(3)) == ["n_itds", "itds", "warnings"])
        for result in [ReportFixtures.harTwoITDs, ReportFixtures.negative] {
            let region = result.options.depthRegion
            let limit = try #require(result.detectionLimit)
            let want = [String(result.funnel.adapterTrimmedReads), String(region.lowerBound), String(region.upperBound), TSVField.ratio(limit),
                        result.options.inputCopies.map(String.init) ?? "NA", result.funnel.duplicateFragments.map(String.init) ?? "NA"]
            let rows = table(TSVReport.render(result)).dropFirst()
            #expect(rows.count == 1 + result.itds.count)
            for row in rows { #expect(Array(row.suffix(6)) == want, "\(result.sample)") }
            let cohort = table(CohortTSVReport.render([result]))
            #expect(Array(cohort[1].suffix(6)) == want, "\(result.sample)")
        }
        var empty = ReportFixtures.indeterminate
        empty.locusDepth = 2
        #expect(table(TSVReport.render(empty))[1].suffix(3).first == "NA", "below a call's 3 fragments: no limit")
        empty.options.inputCopies = 300
        empty.funnel.duplicateFragments = 12
        #expect(Array(table(CohortTSVReport.render([empty]))[1].suffix(2)) == ["300", "12"])
        #expect(ReportFixtures.harTwoITDs.funnel.adapterTrimmedReads > 0)
        #expect(ReportFixtures.negative.options.depthRegion != AnalysisOptions.defaultDepthRegion)
    }

    @Test(arguments: ReportFixtures.all.map(\.name))
    func everyRowHasOneCellPerColumnAndOneRowPerITDAfterTheSampleRow(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        let t = table(TSVReport.render(result))
        #expect(t[0] == TSVReport.columns)
        #expect(t.count == 2 + result.itds.count)
        #expect(t.allSatisfy { $0.count == TSVReport.columns.count })
        #expect(t[1][0] == "sample")
        #expect(t.dropFirst(2).allSatisfy { $0[0] == "itd" })
        let itdID = try #require(TSVReport.columns.firstIndex(of: "itd_id"))
        #expect(t[1][itdID] == "")
        #expect(t.dropFirst(2).map { $0[itdID] } == result.itds.map(\.id))
    }

    @Test func tsvWritesInfiniteAsInfAndUndefinedAsNA() throws {
        let t = table(TSVReport.render(ReportFixtures.infiniteAR))
        let col = { (name: String) in TSVReport.columns.firstIndex(of: name)! }
        #expect(t[1][col("total_allelic_ratio")] == "Inf")
        #expect(t[1][col("total_allelic_ratio_ci_high")] == "Inf")
        #expect(t[1][col("total_allelic_ratio_ci_low")] == "12.35")
        #expect(t[2][col("allelic_ratio")] == "Inf")
        #expect(t[2][col("vaf")] == "1")
        #expect(t[2][col("in_frame")] == "false")

        var undefined = ReportFixtures.indeterminate
        undefined.totalAllelicRatio = AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil)
        let u = table(TSVReport.render(undefined))
        #expect(u[1][col("total_allelic_ratio")] == "NA")
        #expect(u[1][col("total_vaf")] == "NA")
    }

    @Test func tabsAndNewlinesInSampleNamesCannotBreakRows() {
        var result = ReportFixtures.negative
        result.sample = "bad\tname\nhere"
        let t = table(TSVReport.render(result))
        #expect(t.count == 2)
        #expect(t[1][1] == "bad name here")
    }

    @Test func cohortHasOneRowPerSampleWithITDsAsHGVSColonAR() {
        let t = table(CohortTSVReport.render(ReportFixtures.all.map(\.result)))
        #expect(t.count == 1 + ReportFixtures.all.count)
        #expect(t.map { $0[0] } == ["sample"] + ReportFixtures.all.map(\.result.sample))
        let itds = CohortTSVReport.columns.firstIndex(of: "itds")!
        #expect(t[1][itds] == "c.1770_1790dup:0.418919;c.1824_1825insGACTATGATCTCAAATGGGAGTTTCCAAGAGAA:0.264901")
        #expect(t[3][itds] == "c.1831_1837+34dup:Inf")
        #expect(t[4][itds] == "")
        #expect(t[5][1] == "INDETERMINATE")
        #expect(t.allSatisfy { $0.count == CohortTSVReport.columns.count })
    }
}
