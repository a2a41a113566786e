import Foundation
import Testing

/// Bad input and bad options end in one line naming the file or flag, and a non-zero status.
@Suite struct CLIErrorTests {
    @Test func helpListsTheMainOptionsAndExitStatuses() throws {
        let out = try CLI.run(["--help"])
        #expect(out.status == 0)
        for word in ["--json", "--har-threshold", "--r1", "--r2", "--threads", "--quiet", "--fail-on", "borderline", "EXIT STATUS", "INDETERMINATE"] {
            #expect(out.stdout.contains(word), "help lacks \(word)")
        }
    }

    @Test func versionPrintsTheToolVersion() throws {
        let out = try CLI.run(["--version"])
        #expect(out.status == 0)
        #expect(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil)
    }

    @Test func missingFileIsOneLineNamingTheFileWithStatus1() throws {
        let out = try CLI.run(["/nonexistent/sample.fastq.gz"])
        CLI.expectOneLineError(out, status: 1, naming: "/nonexistent/sample.fastq.gz")
    }

    @Test(arguments: [["--har-threshold", "0"], ["--har-threshold", "101"], ["--kmer", "40"], ["--threads", "0"]])
    func nonsenseOptionsAreRefusedNamingTheFlag(args: [String]) throws {
        let out = try CLI.run([CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz")] + args)
        CLI.expectOneLineError(out, status: 64, naming: args[0])
    }

    /// Errors found by argument-parser itself (unknown flag, missing or unparsable value, no
    /// input): one line naming the flag with a pointer to --help, not its "Help:"/"Usage:" lines.
    @Test(arguments: [
        (["--frobnicate"], "--frobnicate"), (["--threads", "two"], "--threads"), (["--json"], "--json"),
        (["--inflate", "gzip"], "--inflate"), ([], "no input"),
    ])
    func parseErrorsAreOneLineNamingTheFlag(args: [String], naming: String) throws {
        let input = args.isEmpty ? [] : [CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz")]
        let out = try CLI.run(input + args)
        CLI.expectOneLineError(out, status: 64, naming: naming)
        #expect(out.stderr.hasSuffix("(see flt3ar --help)\n"), "\(out.stderr)")
        #expect(!out.stderr.contains("Usage:") && !out.stderr.contains("Help:"), "\(out.stderr)")
    }

    @Test func r2WithoutR1IsRefused() throws {
        let out = try CLI.run(["--r2", CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz")])
        CLI.expectOneLineError(out, status: 64, naming: "--r2")
        #expect(out.stderr.contains("--r1"), "\(out.stderr)")
    }

    @Test func sameFileAsR1AndR2IsRefused() throws {
        let f = CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz")
        let out = try CLI.run([f, f])
        CLI.expectOneLineError(out, status: 64, naming: f)
    }

    /// A BAM holds both mates: as one side of --r1/--r2, or with --interleaved, it would be read
    /// as one more BAM of the sample without a word.
    @Test(arguments: [
        (["--r1", "reader/bam_given.bam", "--r2", "reader/good.fastq"], "--r1"),
        (["--r1", "reader/good.fastq", "--r2", "reader/sam_given.sam"], "--r2"),
        (["--interleaved", "reader/cram_given.cram"], "--interleaved"),
        (["--interleaved", "--r1", "reader/bam_given.bam"], "--interleaved"),
    ])
    func alignmentFilesAsMatesAreRefusedNamingTheFlag(args: [String], flag: String) throws {
        let out = try CLI.run(["--quiet"] + args.map { $0.hasPrefix("--") ? $0 : CLI.testReads($0) })
        CLI.expectOneLineError(out, status: 64, naming: flag)
        #expect(out.stderr.contains("holds both mates"), "\(out.stderr)")
    }

    @Test func mismatchedPairsNameBothFilesAndTheRecord() throws {
        let out = try CLI.run([CLI.testReads("getitd_real_amplicon/test_R1.fastq.gz"), CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz")])
        #expect(out.status == 1)
        #expect(out.stderr.contains("test_R1.fastq.gz"))
        #expect(out.stderr.contains("record"))
    }
}
