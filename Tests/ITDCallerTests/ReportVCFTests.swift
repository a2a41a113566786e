import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReportVCFTests {
    @Test(arguments: ReportFixtures.all.map(\.name))
    func vcfMatchesGoldenFile(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        try ReportGolden.check(VCFReport.render(result), against: "\(name).vcf")
    }

    @Test func negativeAndIndeterminateSamplesGiveHeaderOnlyVCFThatStillStatesTheCall() {
        for result in [ReportFixtures.negative, ReportFixtures.indeterminate] {
            let lines = VCFReport.render(result).split(separator: "\n")
            #expect(lines.allSatisfy { $0.hasPrefix("#") })
            #expect(lines.first == "##fileformat=VCFv4.2")
            #expect(lines.last?.hasPrefix("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t") == true)
            #expect(lines.contains("##flt3ar_call=\(result.call.rawValue)"))
            #expect(lines.contains("##flt3ar_locus_depth=\(result.locusDepth)"))
        }
    }

    /// The header states the read funnel's adapter-trimmed count, the coding positions the
    /// locus depth was measured on and the detection limit, after the older `##flt3ar_*` lines.
    @Test func headerCarriesAdapterTrimmedReadsAndDepthRegionAfterTheOlderSampleLines() throws {
        for result in [ReportFixtures.harTwoITDs, ReportFixtures.negative] {
            let lines = VCFReport.render(result).split(separator: "\n").map(String.init)
            let region = result.options.depthRegion
            let trimmed = try #require(lines.firstIndex(of: "##flt3ar_adapter_trimmed_reads=\(result.funnel.adapterTrimmedReads)"))
            let depthRegion = try #require(lines.firstIndex(of: "##flt3ar_depth_region=c.\(region.lowerBound)-c.\(region.upperBound)"))
            let onTarget = try #require(lines.firstIndex { $0.hasPrefix("##flt3ar_on_target_fragments=") })
            let limit = try #require(lines.firstIndex { $0.hasPrefix("##flt3ar_detection_limit_ar=") })
            #expect(onTarget < trimmed && trimmed < depthRegion && depthRegion < limit)
            #expect(limit == lines.lastIndex { $0.hasPrefix("##") })
            #expect(lines[limit] == "##flt3ar_detection_limit_ar=" + TSVField.ratio(result.detectionLimit))
        }
    }

    @Test func recordsAreSortedByPositionAndCarryAnnotationAndCounts() throws {
        let records = VCFReport.render(ReportFixtures.harTwoITDs).split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t").map(String.init) }
        #expect(records.count == 2)
        // ITD2 (c.1824_1825ins, 28,034,094) lies upstream of ITD1 on the plus strand.
        #expect(records.map { $0[2] } == ["ITD2", "ITD1"])
        #expect(records.map { $0[1] } == ["28034094", "28034128"])
        let itd1 = records[1]
        #expect(Array(itd1[0...7].prefix(7)) == ["chr13", "28034128", "ITD1", "A", "ATATTCTCTGAAATCAACGTAG", ".", "PASS"])
        let info = Set(itd1[7].split(separator: ";").map(String.init))
        #expect(info.isSuperset(of: ["ITDLEN=21", "INSLEN=21", "INFRAME", "AR=0.418919", "ARLO=0.3812", "ARHI=0.4594",
                                     "VAF=0.249019", "MUT=620", "WT=1480", "HGVSC=NM_004119.3:c.1770_1790dup"]))
        #expect(!info.contains { $0.hasPrefix("NTB=") })
        #expect(itd1[8] == "GT:AD:AF:DP")
        #expect(itd1[9] == "0/1:1480,620:0.249019:2100")
        #expect(records[0][7].contains("NTB=GAC"))
    }

    /// `JF` (the JSON's `junction_fragments`) is declared as an Integer INFO after `EST` and is the
    /// last INFO key of every record, so the keys written before it keep their order.
    @Test func junctionFragmentsAreDeclaredAndAppendedToEveryRecord() throws {
        for (name, result) in ReportFixtures.all {
            let lines = VCFReport.render(result).split(separator: "\n").map(String.init)
            let est = try #require(lines.firstIndex { $0.hasPrefix("##INFO=<ID=EST,") }, "\(name)")
            #expect(lines[est + 1].hasPrefix("##INFO=<ID=JF,Number=1,Type=Integer,"), "\(name)")
            let records = lines.filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
            #expect(records.count == result.itds.count, "\(name)")
            for record in records {
                let itd = try #require(result.itds.first { $0.id == record[2] })
                let keys = record[7].split(separator: ";").map(String.init)
                #expect(keys.last == "JF=\(itd.quantification.junctionFragments)", "\(name) \(record[2])")
                #expect(keys.dropLast().last?.hasPrefix("EST=") == true, "\(name) \(record[2])")
            }
        }
    }

    @Test func infiniteRatioIsAFlagNotANumber() throws {
        let record = try #require(VCFReport.render(ReportFixtures.infiniteAR).split(separator: "\n").last)
        let fields = record.split(separator: "\t")
        let info = Set(fields[7].split(separator: ";").map(String.init))
        #expect(info.contains("ARINF"))
        #expect(info.contains("ARLO=12.35"))
        #expect(info.contains("VAF=1"))
        #expect(!info.contains { $0.hasPrefix("AR=") || $0.hasPrefix("ARHI=") })
        #expect(!info.contains("INFRAME"))
        #expect(fields[9] == "1/1:0,48:1:48")
        #expect(!fields[7].split(separator: ";").contains { $0.lowercased().hasSuffix("=inf") || $0.contains("e+") })
    }

    @Test func reservedCharactersInInfoTextArePercentEncoded() {
        #expect(VCFReport.escape("a;b=c,d e%") == "a%3Bb%3Dc%2Cd%20e%25")
        #expect(VCFReport.escape("p.(Tyr591_Tyr597dup)") == "p.(Tyr591_Tyr597dup)")
    }

    @Test(.enabled(if: ExternalTool.find("bcftools") != nil, "bcftools not on PATH"))
    func bcftoolsAcceptsTheVCFAndFindsEveryRecordLeftAlignedWithTheRightReference() throws {
        let dir = try Self.makeReferenceDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fasta = dir.appendingPathComponent("chr13_window.fa")
        for (name, result) in ReportFixtures.all {
            let vcf = dir.appendingPathComponent("\(name).vcf")
            try Data(VCFReport.render(result).utf8).write(to: vcf)

            let view = try ExternalTool.run("bcftools", ["view", "-H", vcf.path])
            #expect(view.status == 0, "\(name): bcftools view: \(view.stderr)")
            let records = view.stdout.split(separator: "\n")
            #expect(records.count == result.itds.count, "\(name)")

            // JF is read through its header declaration, as the integer it declares.
            let query = try ExternalTool.run("bcftools", ["query", "-f", "%ID\t%INFO/JF\n", vcf.path])
            #expect(query.status == 0 && !query.stderr.contains("[W::"), "\(name): bcftools query: \(query.stderr)")
            #expect(Set(query.stdout.split(separator: "\n").map(String.init))
                    == Set(result.itds.map { "\($0.id)\t\($0.quantification.junctionFragments)" }), "\(name)")

            let norm = try ExternalTool.run("bcftools", ["norm", "--check-ref", "e", "-f", fasta.path, "-O", "v", vcf.path])
            #expect(norm.status == 0, "\(name): bcftools norm: \(norm.stderr)")
            // Already left-aligned: norm realigns nothing and reproduces the records unchanged.
            let normRecords = norm.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(normRecords == records, "\(name)")
            #expect(norm.stderr.contains("total/split/joined/realigned/skipped:\t\(result.itds.count)/0/0/0/0")
                    || norm.stderr.contains("total/split/realigned/skipped:\t\(result.itds.count)/0/0/0"),
                    "\(name): \(norm.stderr)")
        }
    }

    /// A new temporary directory holding `chr13_window.fa`: chr13 with N up to 28,033,339, then the
    /// embedded plus-strand context GRCh38 chr13:28,033,340-28,034,800 (covers the whole window).
    static func makeReferenceDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("flt3ar-vcf-test-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fasta = dir.appendingPathComponent("chr13_window.fa")
        var data = Data(">chr13\n".utf8)
        data.append(Data(repeating: UInt8(ascii: "N"), count: 28_033_339))
        data.append(contentsOf: FLT3Reference.shared.genomicContextPlus)
        data.append(UInt8(ascii: "\n"))
        try data.write(to: fasta)
        if ExternalTool.find("samtools") != nil {
            let faidx = try ExternalTool.run("samtools", ["faidx", fasta.path])
            guard faidx.status == 0 else { throw ExternalTool.Failure(message: "samtools faidx: \(faidx.stderr)") }
        }
        return dir
    }

    @Test func testFastaPutsTheEmbeddedContextAtItsGRCh38Position() throws {
        // 28,034,128 is the anchor base of ITD1 (A), and exon 14 ends at 28,034,214.
        let ctx = FLT3Reference.shared.genomicContextPlus
        #expect(ctx[28_034_128 - 28_033_340] == UInt8(ascii: "A"))
        #expect(ctx.count == 28_034_800 - 28_033_340 + 1)
    }

    /// JDP and DP are every fragment informative at the junction, other ITDs' alleles included:
    /// the header must not promise MUT + WT (with two ITDs DP exceeds the sum of AD).
    @Test func junctionDepthIsDescribedAsInformativeFragmentsNotMutantPlusWildType() throws {
        let header = VCFReport.header(ReportFixtures.harTwoITDs)
        let jdp = try #require(header.first { $0.hasPrefix("##INFO=<ID=JDP,") })
        let dp = try #require(header.first { $0.hasPrefix("##FORMAT=<ID=DP,") })
        for line in [jdp, dp] {
            #expect(line.contains("reading through the wild-type sequence") && line.contains("other ITDs' alleles"))
        }
        #expect(jdp.contains("not MUT + WT") && dp.contains("not the sum of AD"))
    }
}

/// Finds and runs command-line programs for tests that check output with external tools.
enum ExternalTool {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ name: String, _ arguments: [String]) throws -> Output {
        let executable = try #require(find(name))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let errData = DispatchQueue.global()
        nonisolated(unsafe) var stderrData = Data()
        let group = DispatchGroup()
        group.enter()
        errData.async {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
