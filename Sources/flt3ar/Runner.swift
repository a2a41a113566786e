import Foundation
import ITDCaller

/// One sample to analyse: its name and inputs.
struct SampleJob {
    var name: String
    var spec: InputSpec
    /// The sample sheet's `input_copies`, which overrides `--input-copies` for this sample.
    var inputCopies: Int? = nil
}

/// Runs the analyses the command asked for and writes every output. Returns the results, in
/// sample order.
struct Runner {
    let command: Flt3ar
    let commandLine: [String]

    func run() throws -> [SampleResult] {
        let options = command.analysisOptions()
        let jobs = try makeJobs()
        if command.sampleSheet != nil, let dir = command.outdir { try OutputFile.makeDirectory(dir) }
        var results: [SampleResult] = []
        for job in jobs {
            let result = try analyse(job, options: options)
            results.append(result)
            try writeOutputs(result, isBatch: command.sampleSheet != nil)
        }
        if command.sampleSheet != nil, let dir = command.outdir {
            try OutputFile.write(CohortTSVReport.render(results), to: (dir as NSString).appendingPathComponent("cohort.tsv"))
        }
        if let p = command.cohortTSV { try OutputFile.write(CohortTSVReport.render(results), to: p) }
        return results
    }

    private func makeJobs() throws -> [SampleJob] {
        if let sheet = command.sampleSheet {
            return try SampleSheet.read(sheet, interleaved: command.interleaved, reference: command.reference)
        }
        var reads = command.reads, r1 = command.r1, r2 = command.r2
        var flags = InputSpec.FlagNames()
        if !command.interleaved, reads.count == 2, r1.isEmpty, r2.isEmpty {
            r1 = [reads[0]]
            r2 = [reads[1]]
            reads = []
            flags = InputSpec.FlagNames(r1: "<reads>", r2: "<reads>")
        }
        let spec = try InputSpec(reads: reads, r1: r1, r2: r2, interleaved: command.interleaved, flags: flags)
        return [SampleJob(name: command.sample ?? SampleSheet.sampleName(fromPath: spec.files[0]), spec: spec)]
    }

    private func analyse(_ job: SampleJob, options: AnalysisOptions) throws -> SampleResult {
        let progress = Progress(enabled: !command.quiet && isatty(STDERR_FILENO) == 1, sample: job.name)
        do {
            var source = try makeSource(job, threads: options.threads)
            let reader = source
            var options = options
            if let copies = job.inputCopies { options.inputCopies = copies }
            var analyzer = ITDAnalyzer(options: options)
            try analyzer.consume(&source) { fragments in
                progress.update(fragments: fragments, bytes: reader.bytesConsumed, total: reader.totalBytes)
            }
            progress.finish()
            var result = analyzer.finish(sample: job.name, inputs: job.spec.files)
            if let reference = command.reference, !job.spec.files.contains(where: { BAMFormat.detect(path: $0) == .cram }) {
                result.warnings.append("--reference \(reference) is used only for CRAM input; ignored (no input of this sample is CRAM)")
            }
            return result
        } catch {
            progress.finish()
            throw error
        }
    }

    /// SAM, BAM and CRAM inputs, recognised by content rather than name, are read through htslib;
    /// everything else as FASTQ. One sample's inputs must all be of one kind.
    private func makeSource(_ job: SampleJob, threads: Int) throws -> any FragmentSource {
        let files = job.spec.files
        let alignment = files.filter { BAMFormat.detect(path: $0) != nil }
        if alignment.isEmpty {
            return try FastqFragmentSource(job.spec, backend: command.inflate, threads: threads)
        }
        if let fastq = files.first(where: { !alignment.contains($0) }) {
            throw InputError(.notFASTQ, file: fastq, detail: "sample '\(job.name)' mixes SAM/BAM/CRAM (\(alignment[0])) with another format; give one kind of input per sample")
        }
        return try BAMFragmentSource(paths: files, reference: command.reference, threads: threads)
    }

    private func writeOutputs(_ result: SampleResult, isBatch: Bool) throws {
        func path(_ explicit: String?, _ suffix: String) -> String? {
            if isBatch, let dir = command.outdir { return (dir as NSString).appendingPathComponent(result.sample + suffix) }
            return explicit
        }
        if let p = path(command.json, ".json") {
            try OutputFile.write(String(decoding: try JSONReport.data(for: result, commandLine: commandLine), as: UTF8.self), to: p)
        }
        if let p = path(command.tsv, ".tsv") { try OutputFile.write(TSVReport.render(result), to: p) }
        if let p = path(command.vcf, ".vcf") { try OutputFile.write(VCFReport.render(result), to: p) }
        if let p = path(command.html, ".html") { try OutputFile.write(HTMLReport.render(result, commandLine: commandLine), to: p) }
        if isBatch, let dir = command.outdir {
            let p = (dir as NSString).appendingPathComponent(MultiQCReport.fileName(forSample: result.sample))
            try OutputFile.write(String(decoding: try MultiQCReport.data(for: [result]), as: UTF8.self), to: p)
        } else if let p = command.multiqc {
            try OutputFile.write(String(decoding: try MultiQCReport.data(for: [result]), as: UTF8.self), to: p)
        }
        // a report on stdout takes it: the summary would corrupt it (`--tsv - | cut ...`)
        let reportOnStdout = [command.json, command.tsv, command.vcf, command.html, command.multiqc, command.cohortTSV].contains("-")
        if !command.quiet && !reportOnStdout {
            let colour = !command.noColor && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            try OutputFile.stdout(TerminalSummary.render(result, colour: colour))
        }
    }
}
