import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReportJSONTests {
    private func object(_ result: SampleResult) throws -> [String: Any] {
        let data = try JSONReport.data(for: result, commandLine: ReportFixtures.commandLine)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: ReportFixtures.all.map(\.name))
    func jsonMatchesGoldenFile(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        let text = try JSONReport.string(for: result, commandLine: ReportFixtures.commandLine)
        try ReportGolden.check(text, against: "\(name).json")
    }

    @Test(arguments: ReportFixtures.all.map(\.name))
    func jsonHasEveryRequiredKeyOfThePublishedSchemaWithItsType(name: String) throws {
        let result = try #require(ReportFixtures.all.first { $0.name == name }?.result)
        let schemaURL = ReportGolden.packageRoot.appendingPathComponent("docs/schema/flt3ar-result.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        let doc = try object(result)
        try SchemaShape.check(doc, against: schema, root: schema, at: "$")
        let itds = try #require(doc["itds"] as? [Any])
        #expect(itds.count == result.itds.count)
    }

    @Test(.enabled(if: ExternalTool.find("python3") != nil, "python3 not on PATH"))
    func freshJSONOfEveryFixturePassesTheFullJSONSchemaValidator() throws {
        let check = try ExternalTool.run("python3", ["-c", "import jsonschema"])
        try #require(check.status == 0, "python3 jsonschema not installed")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flt3ar-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (name, result) in ReportFixtures.all {
            let url = dir.appendingPathComponent("\(name).json")
            try JSONReport.data(for: result, commandLine: ReportFixtures.commandLine).write(to: url)
            paths.append(url.path)
        }
        let script = ReportGolden.packageRoot.appendingPathComponent("scripts/check-json-schema").path
        let run = try ExternalTool.run("bash", [script] + paths)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix("valid: ") }.count == paths.count)
    }

    @Test func jsonRecordsSchemaVersionToolAndCommandLineVerbatim() throws {
        let doc = try object(ReportFixtures.harTwoITDs)
        #expect(doc["schema_version"] as? String == JSONReportDocument.schemaVersion)
        #expect(JSONReportDocument.schemaVersion == "1.5")
        let tool = try #require(doc["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "flt3ar")
        #expect(tool["version"] as? String == ToolInfo.version)
        #expect(doc["command_line"] as? [String] == ReportFixtures.commandLine)
        #expect(doc["inputs"] as? [String] == ["runs/S01_R1.fastq.gz", "runs/S01_R2.fastq.gz"])
        let options = try #require(doc["options"] as? [String: Any])
        #expect(options["threads"] as? Int == 8)
        #expect(options["har_threshold"] as? Double == 0.4)
        #expect(options["min_itd_length"] as? Int == 3)
        #expect(options["merge_mates"] as? Bool == true)
        let reads = try #require(doc["reads"] as? [String: Any])
        #expect(reads["merged_fragments"] as? Int == ReportFixtures.harTwoITDs.funnel.mergedFragments)
    }

    @Test func jsonWritesInfiniteAllelicRatioAsNullWithFlagNeverANumber() throws {
        let text = try JSONReport.string(for: ReportFixtures.infiniteAR, commandLine: [])
        #expect(!text.lowercased().contains("inf\""))
        #expect(!text.contains("1e+") && !text.contains("e308"))
        let doc = try object(ReportFixtures.infiniteAR)
        #expect(doc["total_allelic_ratio"] is NSNull)
        #expect(doc["total_allelic_ratio_infinite"] as? Bool == true)
        let ci = try #require(doc["total_allelic_ratio_ci"] as? [Any])
        #expect(ci.count == 2)
        #expect(ci.first as? Double == 12.35)
        #expect(ci.last is NSNull)
        #expect(doc["total_vaf"] as? Double == 1)
        let itd = try #require((doc["itds"] as? [[String: Any]])?.first)
        #expect(itd["allelic_ratio"] is NSNull)
        #expect(itd["allelic_ratio_infinite"] as? Bool == true)
        #expect(itd["wild_type_fragments"] as? Int == 0)
        #expect(itd["domain"] is NSNull)
    }

    @Test func jsonWritesUndefinedAllelicRatioAsNullWithFlagFalse() throws {
        var result = ReportFixtures.indeterminate
        result.totalAllelicRatio = AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil)
        let doc = try object(result)
        #expect(doc["total_allelic_ratio"] is NSNull)
        #expect(doc["total_allelic_ratio_infinite"] as? Bool == false)
        #expect(doc["total_vaf"] is NSNull)
        let ci = try #require(doc["total_allelic_ratio_ci"] as? [Any])
        #expect(ci.count == 2 && ci.allSatisfy { $0 is NSNull })
    }

    @Test func jsonRoundsRatiosToSixDecimalsAndKeepsVAFConsistent() throws {
        let doc = try object(ReportFixtures.harTwoITDs)
        let itds = try #require(doc["itds"] as? [[String: Any]])
        // 620 / 1480 = 0.41891891...; VAF = its share of all alleles, 0.418919 / (1 + total AR
        // 1020 / 1495) = 0.24901...
        #expect(itds[0]["allelic_ratio"] as? Double == 0.418919)
        #expect(itds[0]["vaf"] as? Double == 0.249019)
        #expect(itds[1]["nontemplated_bases"] as? String == "GAC")
        #expect(itds[1]["insertion_length"] as? Int == 33)
        #expect(itds[1]["length"] as? Int == 30)
        #expect(doc["total_allelic_ratio"] as? Double == 0.682274)
    }

    @Test func jsonIsByteIdenticalAcrossRunsWithSortedKeys() throws {
        let a = try JSONReport.data(for: ReportFixtures.harTwoITDs, commandLine: ReportFixtures.commandLine)
        let b = try JSONReport.data(for: ReportFixtures.harTwoITDs, commandLine: ReportFixtures.commandLine)
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == topKeys.sorted())
        #expect(topKeys.count == 18)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("runs/S01_R1.fastq.gz"))  // slashes unescaped
    }
}

/// A small structural check of a JSON value against the subset of JSON Schema the published
/// schema uses: type, required, properties, additionalProperties: false, items, prefixItems, $ref,
/// enum, const. The full validation runs in scripts/check-json-schema (Python jsonschema).
enum SchemaShape {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ value: Any, against schema: [String: Any], root: [String: Any], at path: String) throws {
        if let ref = schema["$ref"] as? String {
            let name = try #require(ref.split(separator: "/").last.map(String.init))
            let defs = try #require(root["$defs"] as? [String: Any])
            let target = try #require(defs[name] as? [String: Any])
            try check(value, against: target, root: root, at: path)
            return
        }
        if let types = schema["type"] {
            let allowed = (types as? [String]) ?? [types as? String ?? ""]
            guard allowed.contains(where: { matches(value, $0) }) else {
                throw Mismatch(description: "\(path): \(value) is not of type \(allowed)")
            }
        }
        if let options = schema["enum"] as? [String], let s = value as? String, !options.contains(s) {
            throw Mismatch(description: "\(path): \(s) not in \(options)")
        }
        if let constant = schema["const"] as? String, value as? String != constant {
            throw Mismatch(description: "\(path): expected \(constant)")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                throw Mismatch(description: "\(path): missing required key \(key)")
            }
            if schema["additionalProperties"] as? Bool == false {
                for key in object.keys where properties[key] == nil {
                    throw Mismatch(description: "\(path): key \(key) is not in the schema")
                }
            }
            for (key, sub) in properties {
                if let v = object[key], let s = sub as? [String: Any] {
                    try check(v, against: s, root: root, at: "\(path).\(key)")
                }
            }
        }
        if let array = value as? [Any] {
            let prefix = schema["prefixItems"] as? [[String: Any]] ?? []
            for (i, element) in array.enumerated() {
                if i < prefix.count {
                    try check(element, against: prefix[i], root: root, at: "\(path)[\(i)]")
                } else if let items = schema["items"] as? [String: Any] {
                    try check(element, against: items, root: root, at: "\(path)[\(i)]")
                }
            }
        }
    }

    private static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer": return !isBool(value) && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } == true
        case "number": return !isBool(value) && value is NSNumber
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    private static func isBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c" || type(of: value) == Bool.self
    }
}
