import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The environment going wrong around the binary: closed pipes, full disks, unwritable paths,
/// a run killed mid-input, odd input paths, and option values that make no sense. Each ends in a
/// one-line error naming the path or flag with the documented status, or a quiet exit — never a
/// trace, and never a report file that looks complete but is not.
@Suite(.timeLimit(.minutes(3)))
struct CLIHardeningTests {
    static let amplicon = [CLI.testReads("getitd_real_amplicon/test_R1.fastq.gz"), CLI.testReads("getitd_real_amplicon/test_R2.fastq.gz")]
    static let good = CLI.testReads("reader/good.fastq")

    /// Runs `script` with bash (the binary as $FLT3AR) and returns its stdout and stderr.
    static func shell(_ script: String) throws -> CLI.Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        p.environment = ProcessInfo.processInfo.environment.merging(["FLT3AR": CLI.binary.path]) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func files(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    // MARK: - Closed pipes

    /// The reader of stdout goes away before the summary or the JSON is written: quiet, status 0.
    @Test(arguments: [[], ["--quiet", "--json", "-"]])
    func closedStdoutPipeEndsQuietly(args: [String]) throws {
        let files = Self.amplicon.joined(separator: " ")
        let out = try Self.shell("\"$FLT3AR\" \(args.joined(separator: " ")) \(files) | true; echo \"status ${PIPESTATUS[0]}\"")
        #expect(out.stdout == "status 0\n", "\(out.stdout)")
        #expect(out.stderr.isEmpty, "\(out.stderr)")
    }

    @Test func headOfTheSummaryEndsQuietly() throws {
        let out = try Self.shell("\"$FLT3AR\" \(Self.amplicon.joined(separator: " ")) | head -1; echo \"status ${PIPESTATUS[0]}\"")
        #expect(out.stdout.hasSuffix("status 0\n"), "\(out.stdout)")
        #expect(out.stderr.isEmpty, "\(out.stderr)")
    }

    @Test func closedStderrPipeDoesNotCrashAnError() throws {
        let out = try Self.shell("\"$FLT3AR\" /nonexistent.fastq 2>&1 | true; echo \"status ${PIPESTATUS[0]}\"")
        #expect(out.stdout == "status 1\n", "\(out.stdout)")
    }

    // MARK: - Write failures

    /// A full device is written directly (a rename would replace the device node) and the
    /// failure is exit status 2 naming the path.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullDiskIsStatus2NamingThePath() throws {
        let out = try CLI.run(["--quiet", "--json", "/dev/full", Self.good])
        CLI.expectOneLineError(out, status: 2, naming: "/dev/full")
        #expect(out.stderr.contains("No space left"))
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/full must still be a device")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullStdoutIsStatus2() throws {
        let out = try Self.shell("\"$FLT3AR\" --quiet --json - \(Self.good) > /dev/full")
        CLI.expectOneLineError(out, status: 2, naming: "standard output")
    }

    @Test func outputUnderARegularFileIsStatus2NamingThePath() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        let target = file.appendingPathComponent("out.json").path
        let out = try CLI.run(["--quiet", "--json", target, Self.good])
        CLI.expectOneLineError(out, status: 2, naming: target)
    }

    /// An output to /dev/null or a FIFO is written into, not replaced.
    @Test func outputToAFIFOIsWrittenIntoNotReplaced() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("report.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let out = try CLI.run(["--quiet", "--json", fifo, "--tsv", "/dev/null", Self.good])
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(text.contains("\"call\""))
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    // MARK: - No partial reports

    /// SIGKILL while reading a slow stdin: nothing at the report paths, and no temporary file.
    @Test func killedRunLeavesNoReports() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["--quiet", "-"] + ["json", "tsv", "vcf", "html", "multiqc"].flatMap { ["--\($0)", dir.appendingPathComponent("r.\($0)").path] }
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let fastq = try Data(contentsOf: URL(fileURLWithPath: Self.good))
        input.fileHandleForWriting.write(fastq.prefix(fastq.count / 2))
        usleep(500_000)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(Self.files(dir).isEmpty, "\(Self.files(dir))")
    }

    /// Bad input discovered at the end of reading: no report at all, no temporary file.
    @Test func inputErrorLeavesNoReportsOrTemporaryFiles() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = CLI.testReads("reader/truncated.fastq.gz")
        let out = try CLI.run(["--quiet", path] + ["json", "tsv", "vcf", "html"].flatMap { ["--\($0)", dir.appendingPathComponent("r.\($0)").path] })
        CLI.expectOneLineError(out, status: 1, naming: path)
        #expect(Self.files(dir).isEmpty, "\(Self.files(dir))")
    }

    /// One output fails: status 2; the reports already written are complete and no temporary
    /// file (named `.<name>.tmp.XXXXXX`) is left anywhere.
    @Test func failedOutputLeavesNoTemporaryFiles() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("r.tsv")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        let out = try CLI.run(["--quiet", "--json", dir.appendingPathComponent("r.json").path, "--tsv", blocker.path, Self.good])
        CLI.expectOneLineError(out, status: 2, naming: blocker.path)
        #expect(Self.files(dir) == ["r.json", "r.tsv"])
        #expect(Self.files(blocker).isEmpty)
        _ = try CLI.json(dir.appendingPathComponent("r.json"))
    }

    // MARK: - Odd inputs

    @Test func emptyFileIsStatus1NamingIt() throws {
        for name in ["reader/empty.fastq", "reader/empty.fastq.gz"] {
            let path = CLI.testReads(name)
            let out = try CLI.run(["--quiet", path])
            CLI.expectOneLineError(out, status: 1, naming: path)
            #expect(out.stderr.contains("empty"))
        }
    }

    /// No FLT3 read at all: INDETERMINATE with depth 0, never NEGATIVE.
    @Test func zeroFLT3ReadsIsIndeterminateWithDepthZero() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json")
        let out = try CLI.run(["--quiet", "--json", json.path, "--fail-on", "negative", Self.good])
        #expect(out.status == 0, "\(out.stderr)")
        let report = try CLI.json(json)
        #expect(report["call"] as? String == "INDETERMINATE")
        #expect(report["locus_depth"] as? Int == 0)
    }

    @Test func directoryAsInputIsStatus1() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try CLI.run(["--quiet", dir.path])
        CLI.expectOneLineError(out, status: 1, naming: dir.path)
        #expect(out.stderr.contains("directory"))
    }

    @Test func brokenSymlinkIsStatus1NamingIt() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = dir.appendingPathComponent("sample.fastq.gz").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir.appendingPathComponent("gone.fastq.gz").path)
        let out = try CLI.run(["--quiet", link])
        CLI.expectOneLineError(out, status: 1, naming: link)
    }

    /// Root reads anything, so this runs only as another user.
    @Test(.enabled(if: getuid() != 0))
    func fileWithoutReadPermissionIsStatus1NamingIt() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("locked.fastq").path
        try Data(contentsOf: URL(fileURLWithPath: Self.good)).write(to: URL(fileURLWithPath: path))
        chmod(path, 0)
        let out = try CLI.run(["--quiet", path])
        CLI.expectOneLineError(out, status: 1, naming: path)
    }

    /// A FIFO is read like stdin.
    @Test func fifoInputIsReadLikeAFile() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("reads.fastq").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat \"$0\" > \"$1\"", Self.good, fifo]
        try writer.run()
        let viaFIFO = try CLI.run(["--quiet", "--json", "-", fifo])
        writer.waitUntilExit()
        let viaFile = try CLI.run(["--quiet", "--json", "-", Self.good])
        #expect(viaFIFO.status == 0, "\(viaFIFO.stderr)")
        let a = try JSONSerialization.jsonObject(with: Data(viaFIFO.stdout.utf8)) as? [String: Any]
        let b = try JSONSerialization.jsonObject(with: Data(viaFile.stdout.utf8)) as? [String: Any]
        #expect(a?["reads"] as? NSDictionary == b?["reads"] as? NSDictionary)
    }

    @Test func multiLineFastqIsRefusedByName() throws {
        let path = CLI.testReads("reader/multiline.fastq")
        let out = try CLI.run(["--quiet", path])
        CLI.expectOneLineError(out, status: 1, naming: path)
        #expect(out.stderr.contains("multi-line"))
    }

    @Test func interleavedFileWithAnOddReadCountIsRefused() throws {
        let path = CLI.testReads("reader/interleaved_odd.fastq")
        let out = try CLI.run(["--quiet", "--interleaved", path])
        CLI.expectOneLineError(out, status: 1, naming: path)
    }

    @Test(arguments: ["reads.bam", "reads.cram", "reads.sam", "reads.fastq"])
    func zeroByteFileSaysEmptyWhateverItsName(name: String) throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data())
        let out = try CLI.run(["--quiet", path])
        CLI.expectOneLineError(out, status: 1, naming: path)
        #expect(out.stderr.contains("empty file (0 bytes): no reads"), "\(out.stderr)")
        #expect(!out.stderr.contains("FASTQ"), "\(out.stderr)")
    }

    @Test func closedStdinIsNamedAsStdin() throws {
        let out = try Self.shell("\"$FLT3AR\" --quiet - <&-")
        CLI.expectOneLineError(out, status: 1, naming: "<stdin>")
        #expect(out.stderr.contains("closed"), "\(out.stderr)")
    }

    @Test func interleavedFileGivenWithoutTheFlagIsRefused() throws {
        let path = CLI.testReads("reader/interleaved.fastq")
        let out = try CLI.run(["--quiet", path])
        CLI.expectOneLineError(out, status: 1, naming: path)
        #expect(out.stderr.contains("records 1-2"), "\(out.stderr)")
        #expect(out.stderr.contains("--interleaved"), "\(out.stderr)")
    }

    @Test func r1GivenTwiceUnderTwoNamesIsRefused() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r1 = CLI.testReads("reader/pair_casava_R1.fastq.gz")
        let copy = dir.appendingPathComponent("R1copy.fastq.gz").path
        try FileManager.default.copyItem(atPath: r1, toPath: copy)
        let out = try CLI.run(["--quiet", r1, copy])
        CLI.expectOneLineError(out, status: 1, naming: r1)
        #expect(out.stderr.contains(copy) && out.stderr.contains("record 1"), "\(out.stderr)")
    }

    /// bcl2fastq writes empty files for a lane without reads of the sample: skipped, and said.
    @Test func emptyLaneIsSkippedWithAReportWarning() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let e1 = dir.appendingPathComponent("L2_R1.fastq.gz").path, e2 = dir.appendingPathComponent("L2_R2.fastq.gz").path
        FileManager.default.createFile(atPath: e1, contents: Data())
        FileManager.default.createFile(atPath: e2, contents: Data())
        let json = dir.appendingPathComponent("r.json")
        let out = try CLI.run(["--quiet", "--json", json.path, "--r1", CLI.testReads("reader/lane1_R1.fastq.gz"), "--r1", e1,
                               "--r2", CLI.testReads("reader/lane1_R2.fastq.gz"), "--r2", e2])
        #expect(out.status == 0, "\(out.stderr)")
        let warnings = try #require(try CLI.json(json)["warnings"] as? [String])
        #expect(warnings.contains { $0.hasPrefix("lane 2 of 2 skipped") && $0.contains(e1) && $0.contains(e2) }, "\(warnings)")
        let allEmpty = try CLI.run(["--quiet", "--r1", e1, "--r2", e2])
        CLI.expectOneLineError(allEmpty, status: 1, naming: e1)
    }

    // MARK: - Options

    /// Values the existing CLIErrorTests do not try; each is refused with status 64 naming its flag.
    @Test(arguments: [
        ["--min-depth=-1"], ["--anchor", "0"], ["--anchor", "61"], ["--fail-on", "positive"],
        ["--kmer", "10"], ["--kmer", "32"], ["--har-threshold", "nan"], ["--har-threshold=-0.4"],
        ["--har-threshold", "100.5"], ["--min-fraction", "1"], ["--min-fraction=-0.1"],
        ["--min-support", "0"], ["--threads", "257"], ["--inflate", "gzip"], ["--min-itd-length", "0"],
        ["--outdir", "/tmp/flt3ar-out"], ["--depth-region", "1900-1730"], ["--depth-region", "100-200"],
        ["--depth-region", "1730"], ["--depth-region", "c.1730-x"],
        ["--input-copies", "0"], ["--input-copies", "1000000001"], ["--tsv", "-", "--json", "-"], ["--vcf", "-", "--cohort-tsv", "-"],
    ])
    func nonsenseOptionValuesAreRefusedNamingTheFlag(args: [String]) throws {
        let out = try CLI.run([Self.good] + args)
        CLI.expectOneLineError(out, status: 64, naming: String(args[0].split(separator: "=")[0]))
    }

    /// --depth-region is parsed once, in validate(); its messages are the ones it always gave:
    /// the syntax (with START <= END), then the limits of exons 13-15.
    @Test(arguments: [
        ("1730", "--depth-region: expected START-END in coding positions with START <= END, e.g. 1730-1900, got '1730'"),
        ("1900-1730", "--depth-region: expected START-END in coding positions with START <= END, e.g. 1730-1900, got '1900-1730'"),
        ("c.1730-x", "--depth-region: expected START-END in coding positions with START <= END, e.g. 1730-1900, got 'c.1730-x'"),
        ("100-200", "--depth-region: must lie within exons 13-15, c.1598-c.1942, got c.100-c.200"),
    ])
    func depthRegionErrorsKeepTheirMessages(value: String, message: String) throws {
        let out = try CLI.run([Self.good, "--depth-region", value])
        #expect(out.status == 64)
        #expect(out.stderr == "flt3ar: error: \(message) (see flt3ar --help)\n")
    }

    /// The parsed region is the one analysed and reported; without the option, the hotspot.
    @Test(arguments: [(["--depth-region", "c.1730-c.1834"], [1730, 1834]), (["--depth-region", "1598-1942"], [1598, 1942]),
                      ([], [1730, 1900])])
    func depthRegionReachesTheReport(args: [String], region: [Int]) throws {
        let out = try CLI.run(["--quiet", "--json", "-"] + args + [Self.good])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        #expect((doc?["options"] as? [String: Any])?["depth_region"] as? [Int] == region)
    }

    /// --fail-on is parsed once, in validate(): an unknown call is one line naming the value (the
    /// word as given, without the spaces around it), refused before any input is read or any
    /// report written.
    @Test(arguments: [
        ("positive", "positive"), ("har, Positive", "Positive"), ("har,lar,,nope ", "nope"), (" ", nil),
    ] as [(String, String?)])
    func failOnErrorIsOneLineNamingTheValue(value: String, bad: String?) throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json")
        let out = try CLI.run(["--quiet", "--json", json.path, "--fail-on", value, Self.good])
        guard let bad else {
            // Only separators and spaces: no call named, nothing to fail on.
            #expect(out.status == 0, "\(out.stderr)")
            return
        }
        #expect(out.status == 64)
        #expect(out.stderr == "flt3ar: error: --fail-on: unknown call '\(bad)' (use indeterminate, negative, lar, har, borderline) (see flt3ar --help)\n")
        #expect(Self.files(dir).isEmpty)
    }

    /// The parsed calls decide the exit status: case and spaces are ignored; status 3 only when
    /// the sample's call (here INDETERMINATE, no FLT3 read) is one of them, and then one stderr
    /// line, even with --quiet, says which sample and call matched.
    @Test(arguments: [(" Indeterminate , har", Int32(3)), ("HAR,lar", 0), ("negative", 0), ("indeterminate", 3), ("borderline", 0)])
    func failOnDecidesTheExitStatusAndSaysWhy(value: String, status: Int32) throws {
        let out = try CLI.run(["--quiet", "--sample", "S", "--fail-on", value, Self.good])
        #expect(out.status == status, "\(out.stderr)")
        #expect(out.stderr == (status == 3 ? "flt3ar: sample S: call INDETERMINATE matched --fail-on indeterminate\n" : ""))
        #expect(out.stdout.isEmpty)
    }

    /// `borderline` matches a sample whose total-AR interval contains the threshold, whatever its
    /// call: ITD.100.20 has total AR 1.0 (interval about 0.92-1.09), so threshold 1 makes it
    /// borderline and threshold 0.5 does not.
    @Test(arguments: [("1", Int32(3)), ("0.5", 0)])
    func failOnBorderlineMatchesTheBorderlineFlag(threshold: String, status: Int32) throws {
        let reads = ["itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz", "itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz"].map(CLI.testReads)
        let out = try CLI.run(["--quiet", "--sample", "S", "--har-threshold", threshold, "--fail-on", "borderline"] + reads)
        #expect(out.status == status, "\(out.stderr)")
        #expect(out.stderr == (status == 3 ? "flt3ar: sample S: call LAR (borderline) matched --fail-on borderline\n" : ""))
    }

    /// With a sample sheet, one line per matching sample, in sheet order; others say nothing.
    @Test func failOnWithASampleSheetNamesEachMatchingSample() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.tsv")
        let itd = ["itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz", "itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz"].map(CLI.testReads)
        try Data("a\t\(Self.good)\nb\t\(itd[0])\t\(itd[1])\nc\t\(Self.good)\n".utf8).write(to: sheet)
        let out = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--fail-on", "indeterminate"])
        #expect(out.status == 3, "\(out.stderr)")
        #expect(out.stderr == "flt3ar: sample a: call INDETERMINATE matched --fail-on indeterminate\n"
                + "flt3ar: sample c: call INDETERMINATE matched --fail-on indeterminate\n")
    }

    /// With a sample sheet each sample would overwrite one --json/--tsv/... file: refused.
    @Test(arguments: ["--json", "--tsv", "--vcf", "--html", "--multiqc"])
    func singleReportFilesWithASampleSheetAreRefused(flag: String) throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try Data("a\t\(Self.good)\nb\t\(Self.good)\n".utf8).write(to: sheet)
        let out = try CLI.run(["--sample-sheet", sheet.path, flag, dir.appendingPathComponent("r").path])
        CLI.expectOneLineError(out, status: 64, naming: flag)
        #expect(Self.files(dir) == ["sheet.tsv"])
    }

    /// `--outdir` is created with its missing parents before any sample is read; a path that is
    /// a file is an output error (exit status 2) naming it, and no sample is analysed.
    @Test func sampleSheetOutdirIsCreatedOrRefusedBeforeAnalysis() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try Data("a\t\(Self.good)\n".utf8).write(to: sheet)
        let nested = dir.appendingPathComponent("results/run1")
        let made = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", nested.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(Self.files(nested) == ["a.flt3ar_mqc.json", "a.html", "a.json", "a.tsv", "a.vcf", "cohort.tsv"])

        let file = dir.appendingPathComponent("taken")
        try Data().write(to: file)
        let refused = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", file.path])
        CLI.expectOneLineError(refused, status: 2, naming: file.path)
        #expect(refused.stderr.contains("not a directory"))
    }

    /// A sheet saved by a spreadsheet on Windows (CRLF line ends, UTF-8 byte-order mark, a quoted
    /// field) reads like any other; a three-column header with the known names is honoured in
    /// its order, also when `sample` is not its first column.
    @Test func sampleSheetsWithCRLFABOMOrReorderedColumnsRead() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r1 = CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R1.fastq.gz"), r2 = CLI.testReads("itdseek_sim_amplicon/ITD.100.20_R2.fastq.gz")
        let sheet = dir.appendingPathComponent("windows.tsv")
        try Data([0xEF, 0xBB, 0xBF] + Array("sample\tr2\tr1\r\nfirst\t\(r2)\t\(r1)\r\nsecond\t\"\(r2)\"\t\(r1)\r\n".utf8)).write(to: sheet)
        let out = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", dir.appendingPathComponent("out").path])
        #expect(out.status == 0, "\(out.stderr)")
        for name in ["first", "second"] {
            let doc = try CLI.json(dir.appendingPathComponent("out/\(name).json"))
            #expect(doc["inputs"] as? [String] == [r1, r2])
            #expect(doc["call"] as? String == "HAR")
        }

        let reordered = dir.appendingPathComponent("reordered.tsv")
        try Data("R2\tSample\tr1\n\(r2)\tthird\t\(r1)\n".utf8).write(to: reordered)
        let third = try CLI.run(["--quiet", "--sample-sheet", reordered.path, "--outdir", dir.appendingPathComponent("out3").path])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try CLI.json(dir.appendingPathComponent("out3/third.json"))["inputs"] as? [String] == [r1, r2])
    }

    /// Sample names become file names in --outdir: a name that would leave it, hide the file or
    /// overwrite cohort.tsv is refused with its line; so is an input that cannot be read, before
    /// any sample is analysed (nothing is written).
    @Test(arguments: [("../escape", "cannot name output files"), ("a/b", "cannot name output files"),
                      (".hidden", "cannot name output files"), ("-x", "cannot name output files"), ("cohort", "cohort.tsv"),
                      ("FIRST", "appears twice"), ("", "is empty"), ("ok", "no such file")])
    func sampleSheetRowsAreCheckedBeforeAnySampleRuns(name: String, message: String) throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.tsv")
        let second = name == "ok" ? "\(name)\t\(dir.path)/missing_R1.fastq.gz\n" : "\(name)\t\(Self.good)\n"
        try Data("first\t\(Self.good)\n\(second)".utf8).write(to: sheet)
        let outdir = dir.appendingPathComponent("out")
        let out = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", outdir.path])
        CLI.expectOneLineError(out, status: 1, naming: "sheet.tsv:2")
        #expect(out.stderr.contains(message), "\(out.stderr)")
        #expect(Self.files(outdir).isEmpty)
    }

    /// A CRAM row without its reference fails before any sample runs (nothing written), naming
    /// the sheet's line and the sample, as an unreadable file does.
    @Test func sampleSheetCramWithoutReferenceFailsBeforeAnySampleRuns() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try Data("first\t\(Self.good)\ncram\t\(CLI.testReads("bam/itd_100_20.ctx.cram"))\n".utf8).write(to: sheet)
        let outdir = dir.appendingPathComponent("out")
        let out = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", outdir.path])
        CLI.expectOneLineError(out, status: 1, naming: "sheet.tsv:2")
        #expect(out.stderr.contains("sample 'cram'") && out.stderr.contains("--reference"), "\(out.stderr)")
        #expect(Self.files(outdir).isEmpty)
    }

    /// A sheet row giving SAM/BAM/CRAM files as r1 and r2 is refused with its line (a BAM holds
    /// both mates), before any sample runs.
    @Test func sampleSheetBamAsAMatePairIsRefused() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try Data("first\t\(Self.good)\npair\t\(CLI.testReads("bam/itd_100_20.unaligned.bam"))\t\(CLI.testReads("bam/itd_100_20.grch38.bam"))\n".utf8).write(to: sheet)
        let outdir = dir.appendingPathComponent("out")
        let out = try CLI.run(["--quiet", "--sample-sheet", sheet.path, "--outdir", outdir.path])
        CLI.expectOneLineError(out, status: 1, naming: "sheet.tsv:2")
        #expect(out.stderr.contains("holds both mates"), "\(out.stderr)")
        #expect(Self.files(outdir).isEmpty)
    }

    /// `--reference` with no CRAM input is not used, and the report says so.
    @Test func referenceWithoutCramIsReportedAsIgnored() throws {
        let out = try CLI.run(["--quiet", "--json", "-", "--reference", CLI.testReads("bam/flt3_context.fa"), Self.good])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("is used only for CRAM input; ignored"), "\(out.stdout)")
    }

    /// A negative value after a space is a value, not an unknown option: the range check answers
    /// ("--min-depth -5" said "Missing value for '--min-depth'").
    @Test(arguments: [("--har-threshold", "-1", "must be in (0, 100]"), ("--min-depth", "-5", "must be >= 0"),
                      ("--min-fraction", "-0.1", "must be in [0, 1)"), ("--input-copies", "-3", "must be 1-1000000000"),
                      ("--threads", "-2", "must be 1-256")])
    func negativeValuesGetTheRangeMessage(flag: String, value: String, message: String) throws {
        let out = try CLI.run([Self.good, flag, value])
        CLI.expectOneLineError(out, status: 64, naming: flag)
        #expect(out.stderr.contains(message), "\(out.stderr)")
    }

    /// Any report written to stdout takes it: no terminal summary after the TSV or VCF.
    @Test(arguments: ["--tsv", "--vcf", "--cohort-tsv", "--json"])
    func aReportOnStdoutIsAllThatStdoutHolds(flag: String) throws {
        let out = try CLI.run([Self.good, flag, "-"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!out.stdout.contains("Reads examined"))
        #expect(!out.stdout.isEmpty)
    }

    /// --sample names one sample; with a sheet the names come from the sheet.
    @Test func sampleWithASampleSheetIsRefused() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = dir.appendingPathComponent("sheet.tsv")
        try Data("a\t\(Self.good)\n".utf8).write(to: sheet)
        let out = try CLI.run(["--sample-sheet", sheet.path, "--sample", "x", "--outdir", dir.appendingPathComponent("o").path])
        CLI.expectOneLineError(out, status: 64, naming: "--sample")
    }
}
