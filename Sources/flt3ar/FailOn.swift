import Foundation
import ITDCaller

/// What `--fail-on` asks for: the calls that end the run with exit status 3, and whether a
/// borderline sample (total-AR interval containing the HAR threshold) does too. Codable only
/// because the command that holds it is (argument-parser keeps its default value).
struct FailOn: Sendable, Equatable, Codable {
    var calls: Set<SampleCall> = []
    var borderline = false

    /// The words `--fail-on` accepts, as listed in errors and `--help`.
    static let words = "indeterminate, negative, lar, har, borderline"

    /// "indeterminate,har,borderline": comma-separated words, case and surrounding spaces ignored,
    /// empty items skipped. An unknown word is one error naming it.
    static func parse(_ text: String) throws(OptionError) -> FailOn {
        var out = FailOn()
        for item in text.split(separator: ",") {
            let word = item.trimmingCharacters(in: .whitespaces)
            if word.isEmpty { continue }
            if word.lowercased() == "borderline" {
                out.borderline = true
            } else if let c = SampleCall(rawValue: word.uppercased()) {
                out.calls.insert(c)
            } else {
                throw OptionError(option: "--fail-on", message: "unknown call '\(word)' (use \(words))")
            }
        }
        return out
    }

    /// The `--fail-on` words `result` matches, lowercase, call first ("har", "borderline"); empty
    /// when none does.
    func matches(_ result: SampleResult) -> [String] {
        var words: [String] = []
        if calls.contains(result.call) { words.append(result.call.rawValue.lowercased()) }
        if borderline && result.borderline { words.append("borderline") }
        return words
    }

    /// The stderr line that explains exit status 3 for one sample, without a newline:
    /// "flt3ar: sample S: call HAR matched --fail-on har"; a borderline call says
    /// "call LAR (borderline)". Newlines and tabs in the sample name become spaces.
    static func message(_ result: SampleResult, matched: [String]) -> String {
        let sample = String(result.sample.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let call = result.call.rawValue + (result.borderline ? " (borderline)" : "")
        return "flt3ar: sample \(sample): call \(call) matched --fail-on \(matched.joined(separator: ","))"
    }
}
