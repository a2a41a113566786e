import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReaderInputSpecTests {
    /// The option named by the OptionError `body` throws, or nil if it does not throw.
    static func failingOption(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as OptionError {
            #expect(!error.message.isEmpty)
            return error.option
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func positionalFilesAreSingleEnd() throws {
        let spec = try InputSpec(reads: ["a.fq", "b.fq.gz"])
        #expect(spec.layout == .singleEnd(["a.fq", "b.fq.gz"]))
        #expect(!spec.isPaired)
        #expect(spec.files == ["a.fq", "b.fq.gz"])
    }

    @Test func lanesPairR1WithR2InOrder() throws {
        let spec = try InputSpec(r1: ["L1_R1", "L2_R1"], r2: ["L1_R2", "L2_R2"])
        #expect(spec.isPaired)
        #expect(spec.lanes == [InputSpec.Lane(first: "L1_R1", second: "L1_R2"), InputSpec.Lane(first: "L2_R1", second: "L2_R2")])
        #expect(spec.files == ["L1_R1", "L1_R2", "L2_R1", "L2_R2"])
    }

    @Test func interleavedTakesPositionalOrR1Files() throws {
        #expect(try InputSpec(reads: ["i.fq"], interleaved: true).layout == .interleaved(["i.fq"]))
        #expect(try InputSpec(r1: ["i.fq"], interleaved: true).layout == .interleaved(["i.fq"]))
        #expect(try InputSpec(reads: ["-"], interleaved: true).isPaired)
    }

    @Test func r2WithoutR1NamesR2() {
        #expect(Self.failingOption { _ = try InputSpec(r2: ["b"]) } == "--r2")
    }

    @Test func r1WithoutR2NamesR1() {
        #expect(Self.failingOption { _ = try InputSpec(r1: ["a"]) } == "--r1")
    }

    @Test func differentNumbersOfR1AndR2FilesNameR2() {
        #expect(Self.failingOption { _ = try InputSpec(r1: ["a", "c"], r2: ["b"]) } == "--r2")
    }

    @Test func sameFileAsR1AndR2IsRejected() {
        #expect(Self.failingOption { _ = try InputSpec(r1: ["x.fq"], r2: ["x.fq"]) } == "--r2")
        #expect(Self.failingOption { _ = try InputSpec(r1: ["a", "x.fq"], r2: ["x.fq", "b"]) } == "--r2")
    }

    @Test func stdinTwiceIsRejected() {
        #expect(Self.failingOption { _ = try InputSpec(reads: ["-", "-"]) } == "<reads>")
        #expect(Self.failingOption { _ = try InputSpec(r1: ["-"], r2: ["-"]) } == "--r2")
        #expect(Self.failingOption { _ = try InputSpec(r1: ["-", "-"], r2: ["a", "b"]) } == "--r1")
        #expect(Self.failingOption { _ = try InputSpec(r1: ["-"], r2: ["b"]) } == nil, "stdin once is fine")
    }

    @Test func noInputAndMixedFormsAreRejected() {
        #expect(Self.failingOption { _ = try InputSpec() } == "<reads>")
        #expect(Self.failingOption { _ = try InputSpec(reads: ["a"], r1: ["b"], r2: ["c"]) } == "<reads>")
        #expect(Self.failingOption { _ = try InputSpec(r1: ["a"], r2: ["b"], interleaved: true) } == "--r2")
        #expect(Self.failingOption { _ = try InputSpec(reads: [""]) } == "<reads>")
        #expect(Self.failingOption { try InputSpec.paired(r1: [], r2: []).validate() } == "--r1")
    }

    @Test func flagSpellingsFollowTheCommandLine() {
        let flags = InputSpec.FlagNames(reads: "FASTQ", r1: "-1", r2: "-2", interleaved: "--interleaved")
        #expect(Self.failingOption { _ = try InputSpec(r2: ["b"], flags: flags) } == "-2")
        #expect(Self.failingOption { _ = try InputSpec(flags: flags) } == "FASTQ")
    }

    /// One file under two spellings (relative and absolute, a symbolic link), as two lanes of R1
    /// or as R1 and R2, is refused naming the flag of the second: its reads would count twice.
    @Test func oneFileUnderTwoNamesIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flt3ar-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.fq").path, other = dir.appendingPathComponent("b.fq").path
        try Data("@r\nACGT\n+\nIIII\n".utf8).write(to: URL(fileURLWithPath: file))
        try Data("@r\nACGT\n+\nIIII\n".utf8).write(to: URL(fileURLWithPath: other))
        let link = dir.appendingPathComponent("link.fq").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        let dotted = dir.path + "/./a.fq"
        #expect(Self.failingOption { _ = try InputSpec(r1: [file, dotted], r2: [other, other + "2"]) } == "--r1")
        #expect(Self.failingOption { _ = try InputSpec(r1: [file], r2: [link]) } == "--r2")
        #expect(Self.failingOption { _ = try InputSpec(reads: [file, link]) } == "<reads>")
        #expect(Self.failingOption { _ = try InputSpec(reads: [file, other]) } == nil)
    }
}
