import ArgumentParser
import Foundation
import ITDCaller

/// The `flt3ar` command: parses and validates options, runs the library, writes outputs.
/// It holds no analysis logic.
@main
struct Flt3ar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flt3ar",
        abstract: "Find FLT3 internal tandem duplications (ITDs) in sequencing reads and report their allelic ratio.",
        discussion: """
            INPUT: FASTQ, plain or gzip (single or multi-member, BGZF); '-' reads stdin.
              flt3ar sample.fastq.gz              single-end
              flt3ar R1.fastq.gz R2.fastq.gz      paired-end (one fragment per pair)
              flt3ar --interleaved pairs.fq.gz    interleaved pairs
              flt3ar sample.bam                   BAM/SAM (indexed: FLT3 region only)
              flt3ar sample.cram --reference ref.fa
              flt3ar --r1 L1_R1.fq.gz --r1 L2_R1.fq.gz --r2 L1_R2.fq.gz --r2 L2_R2.fq.gz
                                                  several lanes of one sample
              flt3ar --sample-sheet sheet.tsv --outdir results/
                                                  many samples (sample, r1[, r2])

            ALLELIC RATIO: AR = mutant / wild-type fragments, counted at each ITD's
            junction with the same anchors (not VAF; VAF = AR / (1 + AR)). With
            several ITDs, total AR = sum of mutant_i / WT, and each ITD's VAF is its
            share of all alleles, AR_i / (1 + total AR). The call is HAR when
            total AR > --har-threshold (strictly; default 0.4, COG AAML1031), LAR
            when an ITD is present at or below it, NEGATIVE when none is found with
            locus depth >= --min-depth, and INDETERMINATE when the depth is lower.

            EXIT STATUS: 0 analysis completed (whatever the call); 1 unreadable or
            malformed input; 2 an output could not be written; 3 the call matched
            --fail-on (one stderr line per matching sample, also with --quiet);
            64 invalid options.
            """,
        version: ToolInfo.version)

    @Argument(help: ArgumentHelp("FASTQ file(s): one for single-end, two for the R1 and R2 of a pair; or a SAM/BAM/CRAM file.", valueName: "reads"))
    var reads: [String] = []

    @Option(name: .customLong("r1"), help: ArgumentHelp("R1 file of a lane (repeat for several lanes).", valueName: "file"))
    var r1: [String] = []

    @Option(name: .customLong("r2"), help: ArgumentHelp("R2 file of a lane, in the same order as --r1.", valueName: "file"))
    var r2: [String] = []

    @Flag(help: "The input file(s) hold both mates of each pair, one after the other.")
    var interleaved = false

    @Option(help: "Sample name in reports (default: derived from the first input file name).")
    var sample: String?

    @Option(name: .customLong("sample-sheet"), help: ArgumentHelp("Tab-separated sample sheet: sample, r1[, r2] per line; '#' comments. A header 'sample r1 r2 input_copies' (any order) adds each sample's --input-copies.", valueName: "tsv"))
    var sampleSheet: String?

    @Option(help: ArgumentHelp("Directory for per-sample outputs with --sample-sheet (JSON, TSV, VCF, HTML, MultiQC, cohort.tsv).", valueName: "dir"))
    var outdir: String?

    @Option(help: ArgumentHelp("Write the JSON report here ('-' for stdout).", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write the TSV report (a sample row and one row per ITD; '-' for stdout).", valueName: "file"))
    var tsv: String?

    @Option(help: ArgumentHelp("Write the ITDs as VCF 4.2 (GRCh38; '-' for stdout).", valueName: "file"))
    var vcf: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("Write MultiQC custom content (name it *_mqc.json so MultiQC finds it).", valueName: "file"))
    var multiqc: String?

    @Option(name: .customLong("cohort-tsv"), help: ArgumentHelp(
        "Write the cohort table (the columns of --sample-sheet's cohort.tsv, one row per sample): this sample's row, or with --sample-sheet every sample's. Rows of several runs, under one header, make one cohort table.",
        valueName: "file"))
    var cohortTSV: String?

    @Option(name: .customLong("har-threshold"), parsing: .unconditional, help: "HAR when total AR is strictly greater than this (0.4 = COG AAML1031; ELN 2017 used 0.5).")
    var harThreshold: Double = 0.4

    @Option(name: .customLong("input-copies"), parsing: .unconditional, help: ArgumentHelp(
        "Template molecules in the library's input, if known (haploid genomes: about 303 per ng of human DNA). The AR intervals and the detection limit then include the sampling of those molecules, which read counts cannot show (PCR copies of few molecules look precise).",
        valueName: "n"))
    var inputCopies: Int?

    @Option(name: .customLong("min-depth"), parsing: .unconditional, help: "Locus depth (fragments) below which a sample without ITD is INDETERMINATE, not NEGATIVE.")
    var minDepth: Int = 100

    @Option(name: .customLong("depth-region"), help: ArgumentHelp(
        "Coding positions whose exonic bases the locus depth is measured on (default 1730-1900, the ITD hotspot). Narrow it to what your assay reads, e.g. 1730-1834 for 2x150 reads on the exon 14-15 amplicon; a negative then covers only that stretch, and the report says so.",
        valueName: "START-END"))
    var depthRegion: String?

    /// `--depth-region` as parsed by `validate()`, the one place it is parsed; the default hotspot
    /// when the option is not given. Not a command-line argument (argument-parser keeps a plain
    /// property's default value).
    private var parsedDepthRegion = AnalysisOptions.defaultDepthRegion

    @Option(name: .customLong("min-support"), parsing: .unconditional, help: "Minimum fragments showing an ITD's junction for a call.")
    var minSupport: Int = 3

    @Option(name: .customLong("min-fraction"), parsing: .unconditional, help: "Minimum junction fragments as a fraction of the junction depth for a call.")
    var minFraction: Double = 0.005

    @Option(parsing: .unconditional, help: "Bases of reference required on each side of a junction (and of the wild-type window) when counting.")
    var anchor: Int = 20

    @Option(name: .customLong("kmer"), parsing: .unconditional, help: "k-mer length of the FLT3 index (11-31).")
    var kmer: Int = 15

    @Option(name: .customLong("min-itd-length"), parsing: .unconditional, help: "Shortest duplicated length (bp) reported as an ITD.")
    var minITDLength: Int = 3

    @Flag(name: .customLong("no-adapter-trim"), help: "Align reads whole: do not cut them where TruSeq or Nextera adapter read-through starts.")
    var noAdapterTrim = false

    @Flag(name: .customLong("no-mate-merge"), help: "Keep the mates of a pair apart: do not join mates that overlap into one read of their fragment (a junction in the overlap is then missed).")
    var noMateMerge = false

    @Flag(name: .customLong("collapse-duplicates"), help: "Count fragments whose reads start at the same places once (PCR/optical duplicates), for paired capture libraries; not applied (with a warning) to amplicons, whose fragments all start at the primers, single-end reads or RNA-seq.")
    var collapseDuplicates = false

    @Option(parsing: .unconditional, help: "Threads: 1 runs everything on one thread; 2 or more inflate on a second thread.")
    var threads: Int = 2

    @Option(help: "gzip inflater: auto (ISA-L), isal or zlib. Results are identical.")
    var inflate: InflateBackend = .auto

    @Option(help: ArgumentHelp("Reference FASTA a CRAM input was compressed against.", valueName: "fasta"))
    var reference: String?

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit with status 3, naming each matching sample and its call on stderr, when the call is one of these (comma-separated: indeterminate, negative, lar, har), or with 'borderline' when the total-AR interval contains the HAR threshold.", valueName: "calls"))
    var failOn: String?

    /// `--fail-on` as parsed by `validate()`, the one place it is parsed; empty when the option is
    /// not given. Not a command-line argument (like `parsedDepthRegion`).
    private var parsedFailOn = FailOn()

    @Flag(help: "No progress or summary on the terminal; errors only (and the --fail-on line that explains exit status 3).")
    var quiet = false

    @Flag(name: .customLong("no-color"), help: "Never colour the terminal summary.")
    var noColor = false

    mutating func validate() throws {
        if sampleSheet == nil, reads.isEmpty, r1.isEmpty, r2.isEmpty {
            throw ValidationError("no input: give a FASTQ file, R1 and R2, --r1/--r2, or --sample-sheet")
        }
        if sampleSheet != nil, !(reads.isEmpty && r1.isEmpty && r2.isEmpty) {
            throw ValidationError("--sample-sheet: give the inputs in the sheet, not on the command line")
        }
        if outdir != nil, sampleSheet == nil {
            throw ValidationError("--outdir: only with --sample-sheet; for one sample name the files with --json, --tsv, --vcf, --html, --multiqc")
        }
        if sampleSheet != nil,
           let flag = [("--json", json), ("--tsv", tsv), ("--vcf", vcf), ("--html", html), ("--multiqc", multiqc)].first(where: { $0.1 != nil })?.0 {
            throw ValidationError("\(flag): with --sample-sheet every sample would overwrite this one file; use --outdir for per-sample reports")
        }
        if sampleSheet != nil, sample != nil {
            throw ValidationError("--sample: the sample names come from the sheet's first column with --sample-sheet")
        }
        let toStdout = [("--json", json), ("--tsv", tsv), ("--vcf", vcf), ("--html", html), ("--multiqc", multiqc), ("--cohort-tsv", cohortTSV)]
            .filter { $0.1 == "-" }.map(\.0)
        if toStdout.count > 1 {
            throw ValidationError("\(toStdout[1]): '-' (stdout) is already taken by \(toStdout[0]); one report can go to stdout")
        }
        if !interleaved, reads.count > 2 {
            throw ValidationError("<reads>: give one file (single-end) or two (R1 R2); for lanes use --r1/--r2, for many samples --sample-sheet")
        }
        // `do throws(OptionError)` with a plain `catch`: Swift 6.3.1's SILGen crashes on
        // `catch let e as OptionError` once every call in the block throws OptionError.
        do throws(OptionError) {
            try Self.refuseAlignmentFilesAsMates(reads: reads, r1: r1, r2: r2, interleaved: interleaved)
            if let depthRegion { parsedDepthRegion = try Self.parseDepthRegion(depthRegion) }
            try analysisOptions().validate()
            if let failOn { parsedFailOn = try FailOn.parse(failOn) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// A SAM/BAM/CRAM file (recognised by content, as the runner does) holds both mates of every
    /// pair, so it cannot be one side of an `--r1`/`--r2` pair or an interleaved file: read as
    /// such it would silently become one more BAM of the sample. Throws naming the flag.
    static func refuseAlignmentFilesAsMates(reads: [String], r1: [String], r2: [String], interleaved: Bool) throws(OptionError) {
        let named = interleaved
            ? (reads + r1).map { ("--interleaved", $0) } + r2.map { ("--r2", $0) }
            : r1.map { ("--r1", $0) } + r2.map { ("--r2", $0) }
        for (flag, file) in named {
            if let format = BAMFormat.detect(path: file) {
                throw OptionError(option: flag, message: "'\(file)' is a \(format.rawValue) file, which holds both mates: give it as one positional argument (flt3ar \(file)), without --r1/--r2 or --interleaved")
            }
        }
    }

    func analysisOptions() -> AnalysisOptions {
        var o = AnalysisOptions()
        o.harThreshold = harThreshold
        o.minDepth = minDepth
        o.minSupport = minSupport
        o.minFraction = minFraction
        o.anchor = anchor
        o.kmerSize = kmer
        o.minITDLength = minITDLength
        o.threads = threads
        o.trimAdapters = !noAdapterTrim
        o.mergeMates = !noMateMerge
        o.collapseDuplicates = collapseDuplicates
        o.depthRegion = parsedDepthRegion
        o.inputCopies = inputCopies
        return o
    }

    /// "1730-1900" or "c.1730-c.1900" (coding positions, inclusive). Only the syntax and
    /// START <= END are checked here; `AnalysisOptions.validate()` checks that the region lies
    /// within exons 13-15.
    static func parseDepthRegion(_ text: String) throws(OptionError) -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
            $0.hasPrefix("c.") ? $0.dropFirst(2) : $0[...]
        }
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a <= b else {
            throw OptionError(option: "--depth-region", message: "expected START-END in coding positions with START <= END, e.g. 1730-1900, got '\(text)'")
        }
        return a...b
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let runner = Runner(command: self, commandLine: CommandLine.arguments)
        let results = try runner.run()
        // Exit status 3 explains itself: one line per matching sample, printed even with --quiet
        // (which keeps errors), since it is why the run did not end with 0.
        var matched = false
        for result in results {
            let words = parsedFailOn.matches(result)
            guard !words.isEmpty else { continue }
            Self.printToStderr(FailOn.message(result, matched: words))
            matched = true
        }
        if matched { throw ExitCode(3) }
    }
}

extension InflateBackend: ExpressibleByArgument {}
