/// One self-contained HTML page per sample: the call in words, the read funnel, the table of ITDs
/// and an SVG figure of exons 14-15 with each ITD's span and the measured depth (`LocusFigure`).
///
/// No network assets, no scripts: CSS and SVG are inline, so the file can be mailed or archived
/// and opened anywhere. Deterministic: no dates, same bytes for the same result.
public enum HTMLReport {
    /// The page as UTF-8 text. `commandLine` is shown in the provenance section when not empty.
    public static func render(_ result: SampleResult, commandLine: [String] = []) -> String {
        let e = HTMLEscape.text
        let g = ReportNumberFormat.grouped
        let f = result.funnel
        var h: [String] = []
        h.append("<!DOCTYPE html>")
        h.append("<html lang=\"en\">")
        h.append("<head>")
        h.append("<meta charset=\"utf-8\">")
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.append("<title>FLT3-ITD report: \(e(result.sample))</title>")
        h.append("<style>\n\(css)\n</style>")
        h.append("</head>")
        h.append("<body>")
        h.append("<header><h1>FLT3-ITD report <span class=\"sample\">\(e(result.sample))</span></h1>")
        h.append("<p class=\"tool\">\(e(ToolInfo.name)) \(e(ToolInfo.version)) · GRCh38 · NM_004119.3</p></header>")

        // The call.
        h.append("<section class=\"call call-\(result.call.rawValue.lowercased())\">")
        h.append("<p class=\"call-word\">\(e(result.call.rawValue))\(result.borderline ? " <span class=\"borderline\">borderline</span>" : "")</p>")
        h.append("<p class=\"call-why\">\(e(TerminalSummary.callWords(result)))</p>")
        h.append("<p class=\"call-meaning\">\(e(meaning(result)))</p>")
        h.append("</section>")

        // Read funnel.
        h.append("<section><h2>Reads</h2>")
        h.append("<table class=\"funnel\"><tbody>")
        let funnelRows = [
            ("Reads examined", "\(g(f.totalReads)) reads (\(g(f.totalFragments)) fragments)"),
            ("Fragments at FLT3 (share a k-mer)", g(f.onTargetFragments)),
            ("Fragments aligned to exons 13-15", g(f.alignedFragments)),
            ("Aligned reads cut at adapter read-through",
             result.options.trimAdapters ? g(f.adapterTrimmedReads) : "not looked for (--no-adapter-trim)"),
            ("Pairs joined across a mate overlap of \(MateMerger.minimumOverlap)-\(MateMerger.longestOverlap(anchor: result.options.anchor)) bases",
             result.options.mergeMates ? g(f.mergedFragments) : "not joined (--no-mate-merge)"),
            ("Duplicate fragments (same read starts) counted once",
             f.duplicateFragments.map { g($0) } ?? (result.options.collapseDuplicates ? "not applied (see the warnings)" : "not collapsed (no --collapse-duplicates)")),
            ("Fragments with a candidate junction", g(f.junctionFragments)),
            ("Fragments supporting a reported ITD", g(f.itdFragments)),
            ("Locus depth (fragments, least-covered base of \(ReportNumberFormat.codingRange(result.options.depthRegion)))",
             g(result.locusDepth)),
            ("Minimum depth to call negative", g(result.options.minDepth)),
            ("Detection limit", result.detectionLimitDescription),
        ]
        for (label, value) in funnelRows {
            h.append("<tr><th scope=\"row\">\(e(label))</th><td class=\"num\">\(e(value))</td></tr>")
        }
        h.append("</tbody></table></section>")

        // ITDs.
        h.append("<section><h2>ITDs</h2>")
        if result.itds.isEmpty {
            h.append("<p>No ITD found.\(result.totalAllelicRatio.value == nil ? " Total allelic ratio: \(e(TerminalSummary.notMeasured(result)))." : "")</p>")
        } else {
            h.append("<p>Total allelic ratio (AR, mutant / wild type): <strong>\(e(result.totalAllelicRatio.value == nil ? TerminalSummary.notMeasured(result) : ratio(result.totalAllelicRatio, threshold: result.harThreshold)))</strong>; VAF \(e(vaf(result.totalVAF))). HAR threshold: total AR &gt; \(e(ReportNumberFormat.compact(result.harThreshold, decimals: 6))).</p>")
            h.append("<table class=\"itds\"><thead><tr>")
            for c in ["ITD", "Length", "HGVS c.", "HGVS p.", "GRCh38 span", "Region / domain", "Frame",
                      "Mutant", "Wild type", "Junction depth", "AR (95% CI)", "VAF"] {
                h.append("<th scope=\"col\">\(e(c))</th>")
            }
            h.append("</tr></thead><tbody>")
            for itd in result.itds {
                let a = itd.annotation
                let q = itd.quantification
                var length = "\(a.length) bp"
                if !a.nontemplatedBases.isEmpty {
                    length += " + \(a.nontemplatedBases.count) non-templated (\(a.nontemplatedBases))"
                }
                let cells = [
                    itd.id, length, a.hgvsC, a.hgvsP,
                    "chr13:\(g(a.grch38Start))-\(g(a.grch38End))",
                    a.domain.isEmpty ? a.region : "\(a.region) / \(a.domain)",
                    a.frameDescription,
                    g(q.mutantFragments), g(q.wildTypeFragments), g(q.junctionDepth),
                    ratio(q.allelicRatio, threshold: result.harThreshold), vaf(result.vaf(of: itd)),
                ]
                // Long HGVS strings may wrap anywhere; short cells never wrap.
                let classes = ["nowrap", "", "seq", "seq", "", "", a.reachesIntron ? "" : "nowrap", "num", "num", "num", "nowrap", "num"]
                let row = zip(cells, classes).map { cell, cls in
                    cls.isEmpty ? "<td>\(e(cell))</td>" : "<td class=\"\(cls)\">\(e(cell))</td>"
                }
                h.append("<tr\(a.inFrame || a.reachesIntron ? "" : " class=\"out-of-frame\"")>" + row.joined() + "</tr>")
            }
            h.append("</tbody></table>")
        }
        h.append("</section>")

        // Figure.
        h.append("<section><h2>Exons 14-15</h2>")
        h.append("<figure>")
        h.append(LocusFigure.svg(result))
        h.append("<figcaption>Exon 14, intron 14 and exon 15 to scale, 5' to 3' of the transcript (GRCh38 coordinates decrease to the right). Bars: duplicated span of each ITD (red in frame, purple out of frame; orange tick: non-templated bases at the insertion point). Depth (fragments, linear from 0): green area = fragments covering each base with anchors on both sides, dashed green line = locus depth, drawn over the exonic bases it was measured on, dotted grey line = minimum depth to call negative; stacked bar at each insertion point = wild-type (grey) and mutant (red) fragments at that junction.</figcaption>")
        h.append("</figure></section>")

        if !result.warnings.isEmpty {
            h.append("<section class=\"warnings\"><h2>Warnings</h2><ul>")
            for w in result.warnings { h.append("<li>\(e(w))</li>") }
            h.append("</ul></section>")
        }

        // Provenance.
        let o = result.options
        h.append("<section class=\"provenance\"><h2>Analysis</h2><dl>")
        h.append("<dt>Inputs</dt><dd>\(result.inputs.map { "<code>\(e($0))</code>" }.joined(separator: " "))</dd>")
        if !commandLine.isEmpty {
            h.append("<dt>Command line</dt><dd><code>\(e(commandLine.joined(separator: " ")))</code></dd>")
        }
        let options = "k-mer \(o.kmerSize), anchor \(o.anchor) bp, min support \(o.minSupport), min fraction \(ReportNumberFormat.compact(o.minFraction, decimals: 9)), min depth \(o.minDepth) on \(ReportNumberFormat.codingRange(o.depthRegion)), HAR threshold \(ReportNumberFormat.compact(o.harThreshold, decimals: 9)), min ITD length \(o.minITDLength) bp, adapter trimming \(o.trimAdapters ? "on" : "off"), mate joining \(o.mergeMates ? "on" : "off"), input copies \(o.inputCopies.map { g($0) } ?? "not given"), duplicates \(!o.collapseDuplicates ? "kept" : (f.duplicateFragments == nil ? "collapse asked for, not applied (see the warnings)" : "collapsed")), threads \(o.threads)"
        h.append("<dt>Options</dt><dd>\(e(options))</dd>")
        h.append("<dt>Definitions</dt><dd>AR = mutant / wild-type fragments (fragment-analysis convention; can exceed 1, infinite when no wild type is seen). VAF of an ITD = its share of all alleles, mutant / (wild type + every ITD's mutant fragments) = AR / (1 + total AR), which is AR / (1 + AR) for a single ITD; the ITDs' VAFs add up to the total VAF, total AR / (1 + total AR). Total AR = sum of each ITD's mutant fragments over wild type. 95% confidence intervals\(o.inputCopies.map { ", including the sampling of the \(g($0)) input molecules" } ?? " from the read counts").</dd>")
        h.append("</dl></section>")
        h.append("</body>")
        h.append("</html>")
        return h.joined(separator: "\n") + "\n"
    }

    /// The call in one plain sentence under the headline. A borderline HAR or LAR says so
    /// rather than "high" or "low"; a NEGATIVE names the coding range whose coverage backs it
    /// (`options.depthRegion`), which `--depth-region` may have narrowed.
    static func meaning(_ r: SampleResult) -> String {
        let t = r.harThreshold
        switch r.call {
        case .har, .lar:
            guard r.borderline else {
                return r.call == .har ? "FLT3-ITD positive with a high allelic ratio." : "FLT3-ITD positive with a low allelic ratio."
            }
            var text = "FLT3-ITD positive; allelic ratio borderline around the \(ReportNumberFormat.compact(t, decimals: 6)) threshold"
            if let lo = r.totalAllelicRatio.ciLow, let hi = r.totalAllelicRatio.ciHigh {
                text += " (interval \(ReportNumberFormat.humanRatio(lo, against: t))-\(ReportNumberFormat.humanRatio(hi, against: t)))"
            }
            return text + "."
        case .negative:
            return "No FLT3-ITD found, with enough coverage of \(ReportNumberFormat.codingRange(r.options.depthRegion)) (the exonic bases the locus depth was measured on) to say so."
        case .indeterminate:
            if !r.itds.isEmpty { return "FLT3-ITD found, but its allelic ratio could not be measured." }
            return "No FLT3-ITD found, but coverage was too low to call the sample negative."
        }
    }

    /// "0.42 (0.38-0.46)"; the value and bounds are kept off `threshold` (``ReportNumberFormat/humanRatio(_:against:infinity:)``).
    private static func ratio(_ est: AllelicRatioEstimate, threshold: Double) -> String {
        guard let v = est.value else { return "not measured" }
        var s = ReportNumberFormat.humanRatio(v, against: threshold)
        if let lo = est.ciLow, let hi = est.ciHigh {
            s += " (\(ReportNumberFormat.humanRatio(lo, against: threshold))-\(ReportNumberFormat.humanRatio(hi, against: threshold)))"
        }
        return s
    }

    private static func vaf(_ vaf: Double?) -> String {
        vaf.map { ReportNumberFormat.humanRatio($0) } ?? "not measured"
    }

    private static let css = """
    body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 24px auto; max-width: 1080px; color: #222; line-height: 1.4; padding: 0 16px; }
    header h1 { font-size: 22px; margin: 0; }
    .sample { color: #1f3f63; }
    .tool { color: #666; margin: 2px 0 16px; font-size: 13px; }
    h2 { font-size: 17px; border-bottom: 1px solid #ddd; padding-bottom: 3px; margin-top: 24px; }
    .call { border-radius: 6px; padding: 10px 16px; border-left: 8px solid #888; background: #f4f4f4; }
    .call p { margin: 4px 0; }
    .call-word { font-size: 26px; font-weight: 700; }
    .call-why { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 14px; }
    .call-har { border-color: #b71c1c; background: #fdecea; } .call-har .call-word { color: #b71c1c; }
    .call-lar { border-color: #e08a00; background: #fff6e0; } .call-lar .call-word { color: #a35f00; }
    .call-negative { border-color: #2e7d32; background: #e9f5ea; } .call-negative .call-word { color: #1b5e20; }
    .call-indeterminate { border-color: #6a1b9a; background: #f3e9f7; } .call-indeterminate .call-word { color: #6a1b9a; }
    .borderline { font-size: 14px; font-weight: 600; color: #7a4a00; background: #ffe0a3; border-radius: 4px; padding: 2px 8px; vertical-align: middle; }
    table { border-collapse: collapse; font-size: 13px; }
    th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
    thead th { background: #f0f3f7; }
    .funnel th { font-weight: normal; background: #fafafa; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .itds td.seq { word-break: break-all; min-width: 9em; }
    .itds td.nowrap { white-space: nowrap; }
    .itds td.num { text-align: right; white-space: nowrap; }
    tr.out-of-frame td { background: #f7effa; }
    figure { margin: 0; }
    figure svg { max-width: 100%; height: auto; font-family: Arial, sans-serif; }
    figcaption { font-size: 12px; color: #555; margin-top: 6px; }
    .warnings li { color: #7a4a00; }
    .provenance dt { font-weight: 600; margin-top: 6px; }
    .provenance dd { margin-left: 16px; font-size: 13px; }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; background: #f4f4f4; padding: 1px 3px; }
    """
}
