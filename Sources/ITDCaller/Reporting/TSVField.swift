/// Cell encoding shared by the TSV-based formats (`TSVReport`, `CohortTSVReport`, `MultiQCReport`).
///
/// - an infinite ratio is `Inf` (read as infinity by R, pandas and Python's `float`);
/// - an undefined value is `NA`;
/// - a value that does not apply to the row is the empty string;
/// - ratios have at most 6 decimals, trailing zeros removed;
/// - tabs, carriage returns and newlines inside text become spaces, so a cell never breaks a row.
enum TSVField {
    static func ratio(_ x: Double?) -> String {
        guard let x else { return "NA" }
        return ReportNumberFormat.compact(x, decimals: JSONReportDocument.ratioDecimals, infinity: "Inf")
    }

    static func flag(_ b: Bool) -> String { b ? "true" : "false" }

    static func text(_ s: String) -> String {
        String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    static func line(_ cells: [String]) -> String {
        cells.map(text).joined(separator: "\t") + "\n"
    }
}
