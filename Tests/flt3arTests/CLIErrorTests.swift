import Foundation
import Testing

/// Bad input and bad options end in one line naming the file or flag, and a non-zero status.
@Suite struct CLIErrorTests {
    @Test func helpListsTheMainOptionsAndExitStatuses() throws {
        let out = try CLI.run(["--help"])
        #expect(out.status == 0)
        for word in ["--json", "--har-threshold", "--r1", "--r2", "--threads", "--quiet", "--fail-on", "EXIT STATUS", "INDETERMINATE"] {
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
        #expect(out.status == 1)
        #expect(out.stderr.contains("/nonexistent/sample.fastq.gz"))
        #expect(out.stderr.split(separator: "\n").count == 1)
        #expect(!out.stderr.contains("Fatal error"))
    }

    @Test(arguments: [["--har-threshold", "0"], ["--har-threshold", "101"], ["--kmer", "40"], ["--threads", "0"]])
    func nonsenseOptionsAreRefusedNamingTheFlag(args: [String]) throws {
        let out = try CLI.run([CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz")] + args)
        #expect(out.status != 0)
        #expect(out.stderr.contains(args[0]))
    }

    @Test func r2WithoutR1IsRefused() throws {
        let out = try CLI.run(["--r2", CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz")])
        #expect(out.status != 0)
        #expect(out.stderr.contains("--r"))
    }

    @Test func sameFileAsR1AndR2IsRefused() throws {
        let f = CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz")
        let out = try CLI.run([f, f])
        #expect(out.status != 0)
        #expect(!out.stderr.isEmpty)
    }

    @Test func mismatchedPairsNameBothFilesAndTheRecord() throws {
        let out = try CLI.run([CLI.testReads("getitd_real_amplicon/test_R1.fastq.gz"), CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz")])
        #expect(out.status == 1)
        #expect(out.stderr.contains("test_R1.fastq.gz"))
        #expect(out.stderr.contains("record"))
    }
}
