/// The human summary a lab bioinformatician reads on the terminal (stdout).
///
/// Plain text, one fact per line, one line per ITD. ANSI colour codes appear only when the caller
/// passes `colour: true` (the command decides, from `isatty` and `--no-colour`); with `false` the
/// text is pure and stable enough to diff. Ratios are AR (mutant / wild type), not VAF.
public enum TerminalSummary {
    /// The summary of one sample, ending in a newline.
    public static func render(_ result: SampleResult, colour: Bool) -> String {
        let style = Style(enabled: colour)
        let f = result.funnel
        var lines: [String] = []
        lines.append(style.bold("\(ToolInfo.name) \(ToolInfo.version)") + "  sample " + style.bold(result.sample))
        lines.append(row("Reads examined", "\(g(f.totalReads)) reads (\(g(f.totalFragments)) fragments)"))
        var notes: [String] = []
        if f.adapterTrimmedReads > 0 { notes.append("\(g(f.adapterTrimmedReads)) reads cut at adapter read-through") }
        if f.mergedFragments > 0 { notes.append("\(g(f.mergedFragments)) pairs joined across a mate overlap of "
                                                    + "\(MateMerger.minimumOverlap)-\(MateMerger.longestOverlap(anchor: result.options.anchor)) bases") }
        if let d = f.duplicateFragments { notes.append("\(g(d)) exon 14-15 fragments set aside as duplicates") }
        lines.append(row("Reads at FLT3", "\(g(f.onTargetFragments)) fragments on target, "
                         + "\(g(f.alignedFragments)) aligned to exons 13-15"
                         + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")))
        lines.append(row("Locus depth", "\(g(result.locusDepth)) fragments"
                         + " (least-covered base of \(ReportNumberFormat.codingRange(result.options.depthRegion)))"))
        lines.append(row("Detection limit", result.detectionLimitDescription))
        lines.append(row("ITDs", result.itds.isEmpty ? "none found" : "\(result.itds.count)"))
        for itd in result.itds {
            lines.append("    " + itdLine(itd, vaf: result.vaf(of: itd), threshold: result.harThreshold, style: style))
        }
        if result.totalAllelicRatio.value == nil {
            lines.append(row("Total AR", notMeasured(result)))
        } else if !result.itds.isEmpty {
            lines.append(row("Total AR", ratioWithInterval(result.totalAllelicRatio, threshold: result.harThreshold)))
        }
        if !result.itds.isEmpty {
            if let copies = result.options.inputCopies {
                lines.append(row("", "(95% CIs include the sampling of \(g(copies)) input molecules, --input-copies)"))
            }
        }
        lines.append(row("Call", callWords(result, style: style)))
        if !result.warnings.isEmpty {
            lines.append(row("Warnings", style.yellow(result.warnings[0])))
            for w in result.warnings.dropFirst() {
                lines.append(String(repeating: " ", count: labelWidth + 2) + style.yellow(w))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``render(_:colour:)`` to `stream`.
    public static func write<Stream: TextOutputStream>(_ result: SampleResult, colour: Bool, to stream: inout Stream) {
        stream.write(render(result, colour: colour))
    }

    /// The call in words, without colour: "HAR (total AR 0.62 > 0.40)",
    /// "INDETERMINATE (locus depth 12 < 100: too little coverage to call negative)",
    /// "INDETERMINATE (ITD found; total AR not measured)", ...
    public static func callWords(_ result: SampleResult) -> String {
        callWords(result, style: Style(enabled: false))
    }

    // MARK: - Pieces

    private static let labelWidth = 16

    private static func row(_ label: String, _ value: String) -> String {
        "  " + label.padding(to: labelWidth) + value
    }

    private static func g(_ n: Int) -> String { ReportNumberFormat.grouped(n) }

    private static func itdLine(_ itd: ITDCall, vaf: Double?, threshold: Double, style: Style) -> String {
        let a = itd.annotation
        let q = itd.quantification
        var parts: [String] = [style.bold(itd.id), "\(a.length) bp"]
        if !a.nontemplatedBases.isEmpty {
            parts[1] += " (+\(a.nontemplatedBases.count) non-templated \(a.nontemplatedBases))"
        }
        parts.append(a.hgvsC)
        parts.append(a.hgvsP)
        parts.append("GRCh38 chr13:\(g(a.grch38Start))-\(g(a.grch38End))")
        parts.append(a.domain.isEmpty ? a.region : "\(a.region) \(a.domain)")
        parts.append(a.inFrame && !a.reachesIntron ? a.frameDescription : style.yellow(a.reachesIntron ? a.frameDescription : "OUT-OF-FRAME"))
        parts.append("mutant \(g(q.mutantFragments)) / WT \(g(q.wildTypeFragments)) fragments")
        parts.append("AR " + ratioWithInterval(q.allelicRatio, threshold: threshold))
        parts.append("VAF " + (vaf.map { ReportNumberFormat.humanRatio($0) } ?? "n/a"))
        return parts.joined(separator: "  ")
    }

    /// Why the total AR has no value: no ITD but too little coverage to call negative, or an ITD
    /// whose own AR could not be measured.
    static func notMeasured(_ result: SampleResult) -> String {
        result.itds.isEmpty
            ? "not measured (no ITD seen, but too little coverage to call negative)"
            : "not measured (an ITD's allelic ratio could not be measured)"
    }

    /// "0.62 (95% CI 0.55-0.70)", "∞ (no wild-type fragments; 95% CI 4.10-∞)", "not measured (...)".
    /// The value and its bounds get more decimals where two would put them on `threshold`.
    private static func ratioWithInterval(_ e: AllelicRatioEstimate, threshold: Double) -> String {
        guard let v = e.value else { return "not measured (no fragment counted as mutant or wild type)" }
        var text = ReportNumberFormat.humanRatio(v, against: threshold)
        var notes: [String] = []
        if v.isInfinite { notes.append("no wild-type fragments") }
        if let lo = e.ciLow, let hi = e.ciHigh {
            notes.append("95% CI \(ReportNumberFormat.humanRatio(lo, against: threshold))-\(ReportNumberFormat.humanRatio(hi, against: threshold))")
        }
        if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
        return text
    }

    private static func callWords(_ result: SampleResult, style: Style) -> String {
        let t = result.harThreshold
        let thresholdText = ReportNumberFormat.fixed(t, decimals: max(2, decimalsNeeded(t)))
        let total = result.totalAllelicRatio
        let arText = total.value.map { ReportNumberFormat.humanRatio($0, against: t) } ?? "not measured"
        var words: String
        switch result.call {
        case .har:
            words = style.red(style.bold("HAR")) + " (total AR \(arText) > \(thresholdText)"
            if total.value?.isInfinite == true { words += ": no wild-type fragments" }
        case .lar:
            words = style.yellow(style.bold("LAR")) + " (total AR \(arText) ≤ \(thresholdText)"
        case .negative:
            words = style.green(style.bold("NEGATIVE"))
                + " (no ITD" + (result.detectionLimit.map { " at AR ≥ \(ReportNumberFormat.humanRatio($0))" } ?? "")
                + "; locus depth \(g(result.locusDepth)) ≥ \(g(result.options.minDepth))"
        case .indeterminate where !result.itds.isEmpty:
            words = style.magenta(style.bold("INDETERMINATE")) + " (ITD found; total AR not measured"
        case .indeterminate:
            words = style.magenta(style.bold("INDETERMINATE"))
                + " (locus depth \(g(result.locusDepth)) < \(g(result.options.minDepth)):"
                + " too little coverage to call negative"
        }
        words += ")"
        if result.borderline {
            var why = "borderline"
            if let lo = total.ciLow, let hi = total.ciHigh {
                why += ": 95% CI \(ReportNumberFormat.humanRatio(lo, against: t))-\(ReportNumberFormat.humanRatio(hi, against: t))"
                    + " contains \(thresholdText)"
            }
            words += "  " + style.yellow(style.bold(why))
        }
        return words
    }

    /// Decimal places needed to show a threshold such as 0.4 or 0.375 exactly (at most 6).
    private static func decimalsNeeded(_ x: Double) -> Int {
        var d = 0
        while d < 6 && ReportNumberFormat.rounded(x, decimals: d) != x { d += 1 }
        return d
    }

    /// ANSI styling that is a no-op when disabled.
    private struct Style {
        var enabled: Bool
        func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap(s, "1") }
        func red(_ s: String) -> String { wrap(s, "31") }
        func green(_ s: String) -> String { wrap(s, "32") }
        func yellow(_ s: String) -> String { wrap(s, "33") }
        func magenta(_ s: String) -> String { wrap(s, "35") }
    }
}

private extension String {
    /// Left-aligned in a field of `width` characters (never truncated; at least one space after).
    func padding(to width: Int) -> String {
        self + String(repeating: " ", count: Swift.max(1, width - count))
    }
}
