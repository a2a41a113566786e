/// The SVG figure of the HTML report: FLT3 exon 14, intron 14 and exon 15 drawn to scale in
/// transcript orientation (5' left, 3' right; GRCh38 coordinates decrease to the right), the
/// JMD / TKD1 sub-domains, each ITD's duplicated span as a bar, and the depth that was measured.
///
/// Depth: the per-base coverage profile (`SampleResult.coverage`, fragments with anchors on both
/// sides) as a filled area, the locus depth (least-covered exonic base of the depth region,
/// `AnalysisOptions.depthRegion`) as a dashed level over the drawn exonic bases of that region
/// and, per ITD, the junction depth split into mutant and wild-type fragments.
enum LocusFigure {
    /// Drawn window, GRCh38: from a little 5' of exon 14 to a little 3' of exon 15.
    static let leftGRCh38 = 28_034_244   // 30 bp upstream (transcript) of exon 14
    static let rightGRCh38 = 28_033_857  // 30 bp downstream (transcript) of exon 15

    static let width = 1000.0
    static let marginLeft = 60.0
    static let marginRight = 40.0

    /// x of the left edge of a GRCh38 base (transcript orientation: higher coordinate is further left).
    static func x(_ g: Int) -> Double {
        let span = Double(leftGRCh38 - rightGRCh38 + 1)
        return marginLeft + Double(leftGRCh38 - g) / span * (width - marginLeft - marginRight)
    }

    /// x of the right edge of a GRCh38 base.
    static func xEnd(_ g: Int) -> Double { x(g - 1) }

    static func svg(_ result: SampleResult) -> String {
        let ref = FLT3Reference.shared
        let exons = ref.exons.filter { $0.name == "exon14" || $0.name == "exon15" }
        let modelY = 40.0
        let domainY = 78.0
        let itdTop = 120.0
        let itdRow = 30.0
        let depthTop = itdTop + Double(max(result.itds.count, 1)) * itdRow + 30
        let depthHeight = 90.0
        let axisY = depthTop + depthHeight + 20
        let height = axisY + 40

        var s: [String] = []
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"FLT3 exons 14-15 with ITD spans\">")
        s.append("<title>FLT3 exon 14, intron 14 and exon 15 (GRCh38, transcript orientation) with ITD spans and depth</title>")
        s.append("<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>")

        // Gene model: intron line, exon boxes.
        s.append(line(x(leftGRCh38), modelY, xEnd(rightGRCh38), modelY, stroke: "#555555", width: 2))
        for e in exons {
            let x0 = x(e.grch38End)
            let x1 = xEnd(e.grch38Start)
            s.append("<rect class=\"exon\" x=\"\(n(x0))\" y=\"\(n(modelY - 14))\" width=\"\(n(x1 - x0))\" height=\"28\" fill=\"#3b6ea5\" stroke=\"#1f3f63\"/>")
            let label = "\(e.name.replacingPrefix("exon", with: "exon ")) (c.\(e.cStart)-\(e.cEnd))"
            s.append(text(label, x: (x0 + x1) / 2, y: modelY + 5, anchor: "middle", fill: "#ffffff", size: 12))
        }
        if let e14 = exons.first(where: { $0.name == "exon14" }), let e15 = exons.first(where: { $0.name == "exon15" }) {
            let mid = (xEnd(e14.grch38Start) + x(e15.grch38End)) / 2
            s.append(text("intron 14", x: mid, y: modelY - 20, anchor: "middle", fill: "#555555", size: 11))
        }
        s.append(text("5'", x: marginLeft - 22, y: modelY + 4, anchor: "start", fill: "#555555", size: 12))
        s.append(text("3'", x: width - marginRight + 8, y: modelY + 4, anchor: "start", fill: "#555555", size: 12))

        // Protein sub-domains, mapped from c. positions onto the exons (split across the splice site).
        for d in ref.domains {
            for (g0, g1) in genomicPieces(cStart: d.cStart, cEnd: d.cEnd, exons: exons) {
                let x0 = x(g0)
                let x1 = xEnd(g1)
                let colour = d.name.hasPrefix("JMD") ? "#f2c57c" : "#a7c796"
                s.append("<rect class=\"domain\" x=\"\(n(x0))\" y=\"\(n(domainY - 9))\" width=\"\(n(x1 - x0))\" height=\"18\" fill=\"\(colour)\" stroke=\"#ffffff\"><title>\(HTMLEscape.text(d.name)) (p.\(d.proteinStart)-\(d.proteinEnd))</title></rect>")
                if x1 - x0 > 24 {
                    s.append(text(shortDomainName(d.name), x: (x0 + x1) / 2, y: domainY + 4, anchor: "middle", fill: "#333333", size: 10))
                }
            }
        }
        s.append(text("domains", x: 4, y: domainY + 4, anchor: "start", fill: "#555555", size: 11))

        // ITDs: duplicated span as a bar; the insertion point (3' end in transcript orientation) as a tick.
        if result.itds.isEmpty {
            s.append(text("no ITD found (\(result.call.rawValue))", x: width / 2, y: itdTop + 15, anchor: "middle", fill: "#555555", size: 13))
        }
        for (i, itd) in result.itds.enumerated() {
            let a = itd.annotation
            let y = itdTop + Double(i) * itdRow
            let rawX0 = x(a.grch38End)
            let rawX1 = xEnd(a.grch38Start)
            let x0 = clamp(rawX0)
            let x1 = clamp(rawX1)
            let colour = a.inFrame ? "#c0392b" : "#8e44ad"
            s.append("<rect class=\"itd\" x=\"\(n(x0))\" y=\"\(n(y))\" width=\"\(n(max(x1 - x0, 1)))\" height=\"14\" fill=\"\(colour)\" fill-opacity=\"0.85\"><title>\(HTMLEscape.text(itd.id)): \(HTMLEscape.text(a.hgvsC)), chr13:\(a.grch38Start)-\(a.grch38End)</title></rect>")
            if rawX0 < x0 { s.append(text("◀", x: x0 - 12, y: y + 12, anchor: "start", fill: colour, size: 12)) }
            if rawX1 > x1 { s.append(text("▶", x: x1 + 2, y: y + 12, anchor: "start", fill: colour, size: 12)) }
            if !a.nontemplatedBases.isEmpty {
                s.append("<rect class=\"ntb\" x=\"\(n(x1))\" y=\"\(n(y - 3))\" width=\"4\" height=\"20\" fill=\"#f39c12\"><title>\(a.nontemplatedBases.count) non-templated bases: \(HTMLEscape.text(a.nontemplatedBases))</title></rect>")
            }
            var label = "\(itd.id) \(a.length) bp"
            if !a.nontemplatedBases.isEmpty { label += " +\(a.nontemplatedBases.count) nt" }
            label += ", AR " + arText(itd.quantification.allelicRatio.value, threshold: result.harThreshold)
            let labelRight = x1 + 8 + Double(label.count) * 6.5 < width
            s.append(text(label, x: labelRight ? x1 + 8 : x0 - 8, y: y + 11, anchor: labelRight ? "start" : "end", fill: "#222222", size: 12))
        }
        s.append(text("ITD spans", x: 4, y: itdTop + 11, anchor: "start", fill: "#555555", size: 11))

        // Depth: locus depth as a dashed level over the depth region; per ITD, the junction depth as a
        // stacked bar (mutant on wild type) at the insertion point.
        // The scale includes --min-depth, so a sample below it visibly falls short of the line.
        let senseRange = (FLT3Reference.grch38AtSenseZero - leftGRCh38)...(FLT3Reference.grch38AtSenseZero - rightGRCh38)
        let profile = result.coverage.count > senseRange.upperBound ? Array(result.coverage[senseRange]) : []
        let maxDepth = max(result.locusDepth, result.options.minDepth,
                           result.itds.map(\.quantification.junctionDepth).max() ?? 0, profile.max() ?? 0, 1)
        let yOf = { (d: Int) -> Double in depthTop + depthHeight - Double(d) / Double(maxDepth) * depthHeight }
        s.append(line(x(leftGRCh38), depthTop + depthHeight, xEnd(rightGRCh38), depthTop + depthHeight, stroke: "#999999", width: 1))
        s.append(text("depth", x: 4, y: depthTop + depthHeight / 2 + 4, anchor: "start", fill: "#555555", size: 11))
        if !profile.isEmpty {
            var d = "M\(n(x(leftGRCh38))) \(n(depthTop + depthHeight))"
            for (k, v) in profile.enumerated() {
                let g = leftGRCh38 - k
                d += " L\(n(x(g))) \(n(yOf(v))) L\(n(xEnd(g))) \(n(yOf(v)))"
            }
            d += " L\(n(xEnd(rightGRCh38))) \(n(depthTop + depthHeight)) Z"
            s.append("<path class=\"coverage\" d=\"\(d)\" fill=\"#cfe3d6\" stroke=\"#7fb08f\" stroke-width=\"0.5\"><title>fragments covering each base with \(result.options.anchor)-bp anchors</title></path>")
        }
        let region = result.options.depthRegion
        let regionPieces = genomicPieces(cStart: region.lowerBound, cEnd: region.upperBound, exons: exons)
        let ly = yOf(result.locusDepth)
        for (g0, g1) in regionPieces {
            s.append("<line class=\"locus-depth\" x1=\"\(n(x(g0)))\" y1=\"\(n(ly))\" x2=\"\(n(xEnd(g1)))\" y2=\"\(n(ly))\" stroke=\"#2c7a4b\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>")
        }
        // A region wholly in exon 13 (not drawn) still gets its label, at the left edge.
        s.append(text("locus depth \(ReportNumberFormat.grouped(result.locusDepth)) fragments (\(ReportNumberFormat.codingRange(region)))",
                      x: regionPieces.first.map { x($0.0) } ?? marginLeft, y: ly - 5, anchor: "start", fill: "#2c7a4b", size: 11))
        let minY = yOf(result.options.minDepth)
        s.append("<line class=\"min-depth\" x1=\"\(n(x(leftGRCh38)))\" y1=\"\(n(minY))\" x2=\"\(n(xEnd(rightGRCh38)))\" y2=\"\(n(minY))\" stroke=\"#999999\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>")
        s.append(text("min depth \(ReportNumberFormat.grouped(result.options.minDepth))", x: xEnd(rightGRCh38), y: minY - 4, anchor: "end", fill: "#777777", size: 10))
        s.append(text("0", x: x(leftGRCh38) - 4, y: depthTop + depthHeight + 4, anchor: "end", fill: "#777777", size: 10))
        s.append(text(ReportNumberFormat.grouped(maxDepth), x: x(leftGRCh38) - 4, y: depthTop + 4, anchor: "end", fill: "#777777", size: 10))
        for itd in result.itds {
            let q = itd.quantification
            let jx = clamp(xEnd(itd.annotation.grch38Start))
            let wtTop = yOf(q.wildTypeFragments)
            let base = depthTop + depthHeight
            let mutTop = yOf(q.wildTypeFragments + q.mutantFragments)
            s.append("<rect class=\"depth-wt\" x=\"\(n(jx - 4))\" y=\"\(n(wtTop))\" width=\"8\" height=\"\(n(base - wtTop))\" fill=\"#9aa5b1\"><title>\(HTMLEscape.text(itd.id)) wild type: \(q.wildTypeFragments) fragments</title></rect>")
            s.append("<rect class=\"depth-mut\" x=\"\(n(jx - 4))\" y=\"\(n(mutTop))\" width=\"8\" height=\"\(n(wtTop - mutTop))\" fill=\"#c0392b\"><title>\(HTMLEscape.text(itd.id)) mutant: \(q.mutantFragments) fragments</title></rect>")
        }

        // Axis: GRCh38 positions every 50 bp.
        s.append(line(x(leftGRCh38), axisY, xEnd(rightGRCh38), axisY, stroke: "#333333", width: 1))
        var tick = (leftGRCh38 / 50) * 50
        while tick >= rightGRCh38 {
            let tx = x(tick)
            s.append(line(tx, axisY, tx, axisY + 5, stroke: "#333333", width: 1))
            s.append(text(ReportNumberFormat.grouped(tick), x: tx, y: axisY + 18, anchor: "middle", fill: "#333333", size: 10))
            tick -= 50
        }
        s.append(text("GRCh38 chr13 (minus-strand gene: coordinates decrease 5'→3')", x: width / 2, y: axisY + 34, anchor: "middle", fill: "#555555", size: 11))
        s.append("</svg>")
        return s.joined(separator: "\n")
    }

    /// GRCh38 pieces (high, low) of a c. interval that falls in the drawn exons.
    static func genomicPieces(cStart: Int, cEnd: Int, exons: [Exon]) -> [(Int, Int)] {
        exons.compactMap { e in
            let lo = max(cStart, e.cStart)
            let hi = min(cEnd, e.cEnd)
            guard lo <= hi else { return nil }
            // c. increases as GRCh38 decreases (minus strand).
            return (e.grch38End - (lo - e.cStart), e.grch38End - (hi - e.cStart))
        }
    }

    static func shortDomainName(_ name: String) -> String {
        switch name {
        case "JMD_bindingMotif": return "binding"
        case "JMD_switchMotif": return "switch"
        case "JMD_zipperMotif": return "zipper"
        case "JMD_hingeRegion": return "hinge"
        case "TKD1_beta1Sheet": return "β1"
        case "TKD1_nucleotideBindingLoop": return "NBL"
        case "TKD1_beta2Sheet": return "β2"
        default: return name
        }
    }

    private static func arText(_ v: Double?, threshold: Double) -> String {
        guard let v else { return "not measured" }
        return ReportNumberFormat.humanRatio(v, against: threshold)
    }

    private static func clamp(_ v: Double) -> Double { min(max(v, marginLeft), width - marginRight) }

    /// Coordinates with at most one decimal, so the SVG is compact and deterministic.
    private static func n(_ v: Double) -> String { ReportNumberFormat.compact(v, decimals: 1) }

    private static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"/>"
    }

    private static func text(_ t: String, x: Double, y: Double, anchor: String, fill: String, size: Int) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\" font-size=\"\(size)\">\(HTMLEscape.text(t))</text>"
    }
}

private extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
