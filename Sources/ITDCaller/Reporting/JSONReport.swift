import Foundation

/// The machine-readable result: one JSON object per sample (schema ``JSONReportDocument``).
///
/// Output is deterministic: keys sorted, two-space indentation, ratios rounded to
/// ``JSONReportDocument/ratioDecimals`` places, a final newline.
public enum JSONReport {
    /// The JSON document for `result`, UTF-8, ending in a newline.
    /// - Parameter commandLine: the argument vector as given (`CommandLine.arguments`), recorded verbatim.
    public static func data(for result: SampleResult, commandLine: [String]) throws -> Data {
        try data(encoding: JSONReportDocument(result, commandLine: commandLine))
    }

    /// ``data(for:commandLine:)`` as a string.
    public static func string(for result: SampleResult, commandLine: [String]) throws -> String {
        String(decoding: try data(for: result, commandLine: commandLine), as: UTF8.self)
    }

    /// Encodes any report value with the report's settings (sorted keys, pretty, unescaped slashes).
    static func data<T: Encodable>(encoding value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
