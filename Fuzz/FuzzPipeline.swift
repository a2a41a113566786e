import Foundation

/// libFuzzer target: reader, detection, quantification, annotation and every report format.
/// Inputs that parse as FASTQ are analysed (single-end, and interleaved when the read count
/// allows) with thresholds lowered so that any junction found is called, annotated and
/// reported. A crash, a sanitizer report or a hang is a finding. Built and run by scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipelineOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    FuzzInput.write(UnsafeRawBufferPointer(start: data, count: count))
    let (backend, bufferSize, _) = FuzzInput.settings(count)
    for layout in [InputSpec.singleEnd([FuzzInput.path]), .interleaved([FuzzInput.path])] {
        do {
            var source = try FastqFragmentSource(layout, backend: backend, threads: 1, bufferSize: bufferSize)
            var analyzer = ITDAnalyzer(options: FuzzPipeline.options)
            try analyzer.consume(&source)
            let result = analyzer.finish(sample: "fuzz", inputs: [FuzzInput.path])
            precondition(result.funnel.totalFragments > 0, "a result from an input with no fragment")
            _ = try JSONReport.data(for: result, commandLine: ["flt3ar", "fuzz"])
            _ = TSVReport.render(result)
            _ = VCFReport.render(result)
            _ = HTMLReport.render(result, commandLine: ["flt3ar", "fuzz"])
            _ = try MultiQCReport.data(for: [result])
        } catch is InputError {
            // Refused by name: the expected end for bad input.
        } catch {
            fatalError("unexpected error type \(type(of: error)): \(error)")
        }
    }
    return 0
}

enum FuzzPipeline {
    /// Low thresholds: a single supporting fragment makes a call, so calls reach the reports.
    static let options: AnalysisOptions = {
        var o = AnalysisOptions()
        o.minSupport = 1
        o.minFraction = 0
        o.minDepth = 1
        o.threads = 1
        return o
    }()
}
