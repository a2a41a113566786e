import Foundation
import Testing
@testable import ITDCaller

@Suite struct ReaderFragmentSourceTests {
    /// (R1 name, R2 name or nil) per fragment, copied.
    static func fragments(_ spec: InputSpec, threads: Int = 1, bufferSize: Int = 1 << 20) throws -> [(SequenceRecord, SequenceRecord?)] {
        let source = try FastqFragmentSource(spec, threads: threads, bufferSize: bufferSize)
        var out: [(SequenceRecord, SequenceRecord?)] = []
        try source.forEachFragment { r1, r2 in
            out.append((SequenceRecord(r1), r2.map(SequenceRecord.init)))
        }
        return out
    }

    static func p(_ name: String) -> String { ReaderFixture.path(name) }

    @Test func singleEndFilesAreReadOneAfterAnother() throws {
        let frags = try Self.fragments(.singleEnd([Self.p("good.fastq"), Self.p("good.fastq.gz")]))
        #expect(frags.count == 120)
        #expect(frags.allSatisfy { $0.1 == nil })
        #expect(frags[0].0 == frags[60].0)
    }

    @Test(arguments: [1, 2])
    func slashOneSlashTwoMatesArePaired(threads: Int) throws {
        let frags = try Self.fragments(.paired(r1: [Self.p("pair_slash_R1.fastq")], r2: [Self.p("pair_slash_R2.fastq")]), threads: threads)
        #expect(frags.count == 30)
        #expect(frags[0].0.name == "frag1/1")
        #expect(frags[0].1?.name == "frag1/2")
        #expect(frags[29].1?.name == "frag30/2")
    }

    @Test func illuminaCommentsAreIgnoredWhenPairing() throws {
        let frags = try Self.fragments(.paired(r1: [Self.p("pair_casava_R1.fastq.gz")], r2: [Self.p("pair_casava_R2.fastq.gz")]))
        #expect(frags.count == 30)
        #expect(frags[4].0.name == "frag5 1:N:0:ACGTACGT")
        #expect(frags[4].1?.name == "frag5 2:N:0:ACGTACGT")
    }

    @Test func casavaPairsCarryTheSameBasesAsSlashPairs() throws {
        let slash = try Self.fragments(.paired(r1: [Self.p("pair_slash_R1.fastq")], r2: [Self.p("pair_slash_R2.fastq")]))
        let casava = try Self.fragments(.paired(r1: [Self.p("pair_casava_R1.fastq.gz")], r2: [Self.p("pair_casava_R2.fastq.gz")]))
        #expect(slash.map(\.0.sequence) == casava.map(\.0.sequence))
        #expect(slash.map { $0.1!.quality } == casava.map { $0.1!.quality })
    }

    @Test(arguments: [1, 2])
    func mismatchedMateNamesAreRejectedNamingBothFiles(threads: Int) {
        let r1 = Self.p("pair_slash_R1.fastq"), r2 = Self.p("pair_name_mismatch_R2.fastq")
        let error = ReaderFixture.expectError(.pairNameMismatch, file: r1, record: 12) {
            _ = try Self.fragments(.paired(r1: [r1], r2: [r2]), threads: threads)
        }
        #expect(error?.detail.contains(r2) == true)
        #expect(error?.detail.contains("frag12/1") == true)
        #expect(error?.detail.contains("other12/2") == true)
    }

    @Test func r1LongerThanR2IsACountMismatchNamingTheFileThatEndedFirst() {
        let r1 = Self.p("pair_r1_longer_R1.fastq"), r2 = Self.p("pair_r1_longer_R2.fastq")
        let error = ReaderFixture.expectError(.pairCountMismatch, file: r2, record: 31) {
            _ = try Self.fragments(.paired(r1: [r1], r2: [r2]))
        }
        #expect(error?.detail.contains("R2 file ended first") == true)
        #expect(error?.detail.contains(r1) == true)
    }

    @Test func r2LongerThanR1IsACountMismatchNamingR1() throws {
        let dir = try ReaderTempDir()
        let r1 = try dir.write("R1.fq", Self.fastq((1...30).map { "frag\($0)/1" }))
        let r2 = try dir.write("R2.fq", Self.fastq((1...31).map { "frag\($0)/2" }))
        let error = ReaderFixture.expectError(.pairCountMismatch, file: r1, record: 31) {
            _ = try Self.fragments(.paired(r1: [r1], r2: [r2]))
        }
        #expect(error?.detail.contains("R1 file ended first") == true)
    }

    /// One 4-base record per name.
    static func fastq(_ names: [String]) -> [UInt8] {
        Array(names.map { "@\($0)\nACGT\n+\nIIII\n" }.joined().utf8)
    }

    // MARK: - Mate read numbers

    @Test(arguments: [1, 2])
    func anR1FileGivenTwiceIsAMateOrderError(threads: Int) throws {
        // `flt3ar R1.fq R1copy.fq`: the names match, but both say read 1 (1:N:0).
        let dir = try ReaderTempDir()
        let r1 = Self.p("pair_casava_R1.fastq.gz")
        let copy = try dir.write("R1copy.fq.gz", Array(try Data(contentsOf: URL(fileURLWithPath: r1))))
        let error = ReaderFixture.expectError(.mateOrder, file: r1, record: 1) {
            _ = try Self.fragments(.paired(r1: [r1], r2: [copy]), threads: threads)
        }
        #expect(error?.detail.contains(copy) == true)
        #expect(error?.detail.contains("an R1 file given twice") == true)
        #expect(error.map { !$0.description.contains("\n") } == true)
    }

    @Test func swappedR1AndR2AreAMateOrderError() {
        let r1 = Self.p("pair_slash_R2.fastq"), r2 = Self.p("pair_slash_R1.fastq")
        let error = ReaderFixture.expectError(.mateOrder, file: r1, record: 1) {
            _ = try Self.fragments(.paired(r1: [r1], r2: [r2]))
        }
        #expect(error?.detail.contains("swapped") == true)
    }

    @Test func interleavedPairsMustBeMateOneThenMateTwo() throws {
        let dir = try ReaderTempDir()
        let bothOne = try dir.write("ones.fq", Self.fastq(["f1 1:N:0:A", "f1 1:N:0:A"]))
        ReaderFixture.expectError(.mateOrder, file: bothOne, record: 2) {
            _ = try Self.fragments(.interleaved([bothOne]))
        }
        let r2First = try dir.write("r2first.fq", Self.fastq(["f1/1", "f1/2", "f2/2", "f2/1"]))
        ReaderFixture.expectError(.mateOrder, file: r2First, record: 4) {
            _ = try Self.fragments(.interleaved([r2First]))
        }
    }

    @Test func namesWithoutReadNumbersOrWithOnlyOnePairByNameAlone() throws {
        let dir = try ReaderTempDir()
        let plain1 = try dir.write("p1.fq", Self.fastq(["f1", "f2 x:1"]))
        let plain2 = try dir.write("p2.fq", Self.fastq(["f1", "f2 x:1"]))
        #expect(try Self.fragments(.paired(r1: [plain1], r2: [plain2])).count == 2)
        let numbered = try dir.write("n2.fq", Self.fastq(["f1/2", "f2 2:N:0:A"]))
        #expect(try Self.fragments(.paired(r1: [plain1], r2: [numbered])).count == 2)
    }

    @Test func readNumberComesFromTheCasavaCommentOrTheSlashSuffix() {
        func number(_ name: String) -> Int? {
            Array(name.utf8).withUnsafeBufferPointer { MateName.readNumber($0) }
        }
        #expect(number("f 1:N:0:ACGT") == 1)
        #expect(number("f\t2:Y:0:1") == 2)
        #expect(number("f/2") == 2)
        #expect(number("f/2 1:N:0:A") == 1, "the comment wins")
        #expect(number("f 3:N:0:A") == nil)
        #expect(number("f 1") == nil)
        #expect(number("f 12:N") == nil)
        #expect(number("SRR1.1.1") == nil)
        #expect(number("f/") == nil)
        #expect(number("") == nil)
    }

    @Test func sraReadIdNamesGetAHintInTheMateNameError() throws {
        let dir = try ReaderTempDir()
        let r1 = try dir.write("s_1.fq", Self.fastq(["SRR123.1.1 1 length=4"]))
        let r2 = try dir.write("s_2.fq", Self.fastq(["SRR123.1.2 1 length=4"]))
        let error = ReaderFixture.expectError(.pairNameMismatch, file: r1, record: 1) {
            _ = try Self.fragments(.paired(r1: [r1], r2: [r2]))
        }
        #expect(error?.detail.contains("--readids") == true)
        let unrelated = ReaderFixture.expectError(.pairNameMismatch, file: Self.p("pair_slash_R1.fastq"), record: 12) {
            _ = try Self.fragments(.paired(r1: [Self.p("pair_slash_R1.fastq")], r2: [Self.p("pair_name_mismatch_R2.fastq")]))
        }
        #expect(unrelated?.detail.contains("--readids") == false)
    }

    // MARK: - Interleaved input read as single-end

    @Test(arguments: [1, 2])
    func interleavedFileGivenAsSingleEndIsRefusedAtRecordTwo(threads: Int) {
        let path = Self.p("interleaved.fastq")
        let error = ReaderFixture.expectError(.looksInterleaved, file: path, record: 2) {
            _ = try Self.fragments(.singleEnd([path]), threads: threads)
        }
        #expect(error?.detail.contains("--interleaved") == true)
        #expect(error?.detail.contains("records 1-2") == true)
    }

    @Test func singleEndRecordsOneAndTwoThatAreNotMateOneThenTwoAreRead() throws {
        let dir = try ReaderTempDir()
        let twoThenOne = try dir.write("a.fq", Self.fastq(["f1/2", "f1/1", "f2/2"]))
        let sameNumber = try dir.write("b.fq", Self.fastq(["f1 1:N:0:A", "f1 1:N:0:A"]))
        let distinct = try dir.write("c.fq", Self.fastq(["f1/1", "f2/1"]))
        #expect(try Self.fragments(.singleEnd([twoThenOne])).count == 3)
        #expect(try Self.fragments(.singleEnd([sameNumber])).count == 2)
        #expect(try Self.fragments(.singleEnd([distinct])).count == 2)
    }

    @Test func onlyTheFirstSingleEndFileIsCheckedForInterleaving() throws {
        let frags = try Self.fragments(.singleEnd([Self.p("good.fastq"), Self.p("interleaved.fastq")]))
        #expect(frags.count == 120)
    }

    // MARK: - Empty lanes

    @Test(arguments: [0, 1])
    func aLaneWhoseR1AndR2AreBothEmptyIsSkippedWithAWarning(emptyLane: Int) throws {
        let dir = try ReaderTempDir()
        let e1 = try dir.write("e_R1.fastq.gz", [])
        let e2 = try dir.write("e_R2.fastq", Array("\n".utf8))
        var r1 = [Self.p("lane1_R1.fastq.gz")], r2 = [Self.p("lane1_R2.fastq.gz")]
        r1.insert(e1, at: emptyLane)
        r2.insert(e2, at: emptyLane)
        let source = try FastqFragmentSource(.paired(r1: r1, r2: r2))
        var count = 0
        try source.forEachFragment { _, _ in count += 1 }
        #expect(count == 18)
        #expect(source.warnings.count == 1)
        #expect(source.warnings.first?.contains("lane \(emptyLane + 1) of 2") == true)
        #expect(source.warnings.first?.contains(e1) == true)
        #expect(source.warnings.first?.contains(e2) == true)
    }

    @Test func everyLaneEmptyIsStillAnEmptyInputError() throws {
        let dir = try ReaderTempDir()
        let files = try (1...4).map { try dir.write("e\($0).fq", []) }
        ReaderFixture.expectError(.empty, file: files[0]) {
            _ = try Self.fragments(.paired(r1: [files[0], files[1]], r2: [files[2], files[3]]))
        }
    }

    @Test func aLaneWithOnlyItsR1OrOnlyItsR2EmptyIsACountMismatch() throws {
        let dir = try ReaderTempDir()
        let empty = try dir.write("e.fq", [])
        let r1 = [Self.p("lane1_R1.fastq.gz"), empty], r2 = [Self.p("lane1_R2.fastq.gz"), Self.p("lane2_R2.fastq.gz")]
        let error = ReaderFixture.expectError(.pairCountMismatch, file: empty, record: 1) {
            _ = try Self.fragments(.paired(r1: r1, r2: r2))
        }
        #expect(error?.detail.contains(Self.p("lane2_R2.fastq.gz")) == true)
        ReaderFixture.expectError(.pairCountMismatch, file: empty, record: 1) {
            _ = try Self.fragments(.paired(r1: [Self.p("lane1_R1.fastq.gz")], r2: [empty]))
        }
    }

    @Test func readingAgainStartsWithNoWarnings() throws {
        let dir = try ReaderTempDir()
        let source = try FastqFragmentSource(.singleEnd([try dir.write("e.fq", []), Self.p("good.fastq")]))
        try source.forEachFragment { _, _ in }
        try source.forEachFragment { _, _ in }
        #expect(source.warnings.count == 1)
    }

    @Test(arguments: [1, 2])
    func lanesAreReadInOrderAndPairLaneByLane(threads: Int) throws {
        let spec = InputSpec.paired(r1: [Self.p("lane1_R1.fastq.gz"), Self.p("lane2_R1.fastq.gz")],
                                    r2: [Self.p("lane1_R2.fastq.gz"), Self.p("lane2_R2.fastq.gz")])
        let lanes = try Self.fragments(spec, threads: threads, bufferSize: 333)
        let whole = try Self.fragments(.paired(r1: [Self.p("pair_slash_R1.fastq")], r2: [Self.p("pair_slash_R2.fastq")]))
        #expect(lanes.count == 30)
        #expect(lanes.map(\.0) == whole.map(\.0))
        #expect(lanes.map(\.1) == whole.map(\.1))
    }

    @Test func lanesInSwappedOrderFailOnNames() {
        let spec = InputSpec.paired(r1: [Self.p("lane1_R1.fastq.gz"), Self.p("lane2_R1.fastq.gz")],
                                    r2: [Self.p("lane2_R2.fastq.gz"), Self.p("lane1_R2.fastq.gz")])
        ReaderFixture.expectError(.pairNameMismatch, file: Self.p("lane1_R1.fastq.gz"), record: 1) {
            _ = try Self.fragments(spec)
        }
    }

    @Test(arguments: [1, 64, 1 << 20])
    func interleavedFilesGiveTheSamePairsAsTwoFiles(bufferSize: Int) throws {
        let inter = try Self.fragments(.interleaved([Self.p("interleaved.fastq")]), bufferSize: bufferSize)
        let two = try Self.fragments(.paired(r1: [Self.p("pair_slash_R1.fastq")], r2: [Self.p("pair_slash_R2.fastq")]))
        #expect(inter.count == 30)
        #expect(inter.map(\.0) == two.map(\.0))
        #expect(inter.map(\.1) == two.map(\.1))
    }

    @Test func interleavedFileWithAnOddReadCountIsRejected() {
        let path = Self.p("interleaved_odd.fastq")
        ReaderFixture.expectError(.pairCountMismatch, file: path, record: 59) {
            _ = try Self.fragments(.interleaved([path]))
        }
    }

    @Test func interleavedMatesWithDifferentNamesAreRejected() {
        // pair_slash_R1 holds frag1/1, frag2/1, ...: read as interleaved, frag1 meets frag2.
        let path = Self.p("pair_slash_R1.fastq")
        ReaderFixture.expectError(.pairNameMismatch, file: path, record: 2) {
            _ = try Self.fragments(.interleaved([path]))
        }
    }

    @Test func totalBytesIsTheSumOfFileSizesAndBytesConsumedReachesIt() throws {
        let files = [Self.p("lane1_R1.fastq.gz"), Self.p("lane2_R1.fastq.gz")]
        let sizes = try files.map { try #require(FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }
        let source = try FastqFragmentSource(.singleEnd(files))
        #expect(source.totalBytes == sizes.reduce(0, +))
        #expect(source.bytesConsumed == 0)
        var seen: [Int] = []
        try source.forEachFragment { _, _ in seen.append(source.bytesConsumed) }
        #expect(seen.first! > 0)
        #expect(seen == seen.sorted(), "progress never goes back")
        #expect(source.bytesConsumed == sizes.reduce(0, +))
    }

    @Test func stdinMakesTotalBytesUnknown() throws {
        // Only constructs the source: stdin is not read here.
        let source = try FastqFragmentSource(.singleEnd([Self.p("good.fastq"), "-"]))
        #expect(source.totalBytes == nil)
    }

    @Test func missingFileIsReportedBeforeAnyReading() {
        let missing = Self.p("no_such_R2.fastq")
        ReaderFixture.expectError(.unreadable, file: missing) {
            _ = try FastqFragmentSource(.paired(r1: [Self.p("pair_slash_R1.fastq")], r2: [missing]))
        }
    }

    @Test func errorsInsideALaneNameTheLaneFile() {
        let bad = Self.p("seq_qual_mismatch.fastq")
        ReaderFixture.expectError(.lengthMismatch, file: bad, line: 12, record: 3) {
            _ = try Self.fragments(.singleEnd([Self.p("good.fastq"), bad]))
        }
    }
}
