import Foundation
import Testing
@testable import ITDCaller

/// Unusual but legal FASTQ is analysed exactly like its plain form; odd bases never make a
/// junction; long reads neither crash nor blow memory; and the result is byte-identical whatever
/// the reader's buffer size, thread count, inflater or gzip layout.
@Suite(.timeLimit(.minutes(3)))
struct HardeningInputTests {
    typealias S = SyntheticReads

    /// 20 copies of wild-type tiling plus 10 of a 30-bp exon-14 ITD: a HAR sample (see
    /// DetectionTests.pureDuplicationInExon14IsFoundWithExactLengthAndHGVS).
    static let reads: [SequenceRecord] = {
        let c = S.senseOffset(c: "1770")
        let mutant = S.itd(c: c, b: c + 30)
        let region = (c - 300)..<(c + 330)
        var out: [SequenceRecord] = []
        for k in 0..<20 {
            out += S.tiled(S.genome, readLength: 150, step: 10, region: region, errorRate: 0.002, seed: UInt64(k + 1), name: "wt\(k)_")
        }
        for k in 0..<10 {
            out += S.tiled(mutant, readLength: 150, step: 10, region: region, errorRate: 0.002, seed: UInt64(100 + k), name: "mut\(k)_")
        }
        return out
    }()

    static func fastq(_ reads: [SequenceRecord], plusRepeatsName: Bool = false, lineEnd: String = "\n") -> [UInt8] {
        var out: [UInt8] = []
        for r in reads {
            out += Array("@\(r.name)\(lineEnd)".utf8) + r.sequence + Array(lineEnd.utf8)
            out += Array((plusRepeatsName ? "+\(r.name)" : "+").utf8) + Array(lineEnd.utf8)
            out += r.quality + Array(lineEnd.utf8)
        }
        return out
    }

    /// JSON, TSV and VCF of one analysis of `spec`, with fixed sample and input names so that
    /// only the analysis can make them differ.
    static func reports(_ spec: InputSpec, backend: InflateBackend = .auto, threads: Int = 1,
                        bufferSize: Int = 1 << 20) throws -> (result: SampleResult, text: String) {
        var source = try FastqFragmentSource(spec, backend: backend, threads: threads, bufferSize: bufferSize)
        // The analysis options (echoed in the JSON) stay the defaults: only the reading varies.
        var analyzer = ITDAnalyzer(options: AnalysisOptions())
        try analyzer.consume(&source)
        let result = analyzer.finish(sample: "s", inputs: ["in.fastq"])
        let json = try JSONReport.string(for: result, commandLine: ["flt3ar", "in.fastq"])
        return (result, json + TSVReport.render(result) + VCFReport.render(result))
    }

    static let baseline: (result: SampleResult, text: String) = {
        let dir = try! ReaderTempDir()
        return try! reports(.singleEnd([dir.write("plain.fastq", fastq(reads))]))
    }()

    @Test func baselineIsAHARCallWithOneITD() {
        #expect(Self.baseline.result.call == .har)
        #expect(Self.baseline.result.itds.count == 1)
        #expect(Self.baseline.result.itds.first?.annotation.length == 30)
    }

    @Test func crlfLineEndsGiveTheSameReports() throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("crlf.fastq", Self.fastq(Self.reads, lineEnd: "\r\n"))
        #expect(try Self.reports(.singleEnd([path]), bufferSize: 333).text == Self.baseline.text)
    }

    @Test func plusLinesRepeatingTheHeaderGiveTheSameReports() throws {
        let dir = try ReaderTempDir()
        let path = try dir.write("plus.fastq", Self.fastq(Self.reads, plusRepeatsName: true))
        #expect(try Self.reports(.singleEnd([path])).text == Self.baseline.text)
    }

    @Test func lowercaseBasesGiveTheSameCall() throws {
        let lower = Self.reads.map { r in
            SequenceRecord(name: r.name, sequence: r.sequence.map { $0 | 0x20 }, quality: r.quality)
        }
        let dir = try ReaderTempDir()
        let result = try Self.reports(.singleEnd([dir.write("lower.fastq", Self.fastq(lower))])).result
        #expect(result.call == Self.baseline.result.call)
        #expect(result.itds.map(\.annotation.hgvsC) == Self.baseline.result.itds.map(\.annotation.hgvsC))
        #expect(result.locusDepth == Self.baseline.result.locusDepth)
        #expect(result.funnel == Self.baseline.result.funnel)
    }

    /// Quality values are not used by the analysis: the extremes of the accepted range ('!',
    /// Phred+33 0, and '~') change nothing. (A byte outside it, such as a space, is refused by the
    /// reader: ReaderErrorTests.)
    @Test func qualityValuesChangeNothing() throws {
        let extremes = Self.reads.map { r in
            SequenceRecord(name: r.name, sequence: r.sequence, quality: r.quality.enumerated().map {
                switch $0.offset % 3 { case 0: UInt8(ascii: "!"); case 1: UInt8(ascii: "~"); default: $0.element }
            })
        }
        let dir = try ReaderTempDir()
        #expect(try Self.reports(.singleEnd([dir.write("q.fastq", Self.fastq(extremes))])).text == Self.baseline.text)
    }

    /// A tab ends the name like a space does: interleaved mates whose names carry tab comments pair.
    @Test func namesWithTabsPairByTheirFirstToken() throws {
        let pairs = stride(from: 0, to: Self.reads.count - 1, by: 2).map { (Self.reads[$0], Self.reads[$0 + 1]) }
        var tabbed: [UInt8] = [], plain: [UInt8] = []
        for (i, (a, b)) in pairs.enumerated() {
            tabbed += Self.fastq([SequenceRecord(name: "p\(i)/1\tBC:Z:ACGT\tx", sequence: a.sequence, quality: a.quality),
                                  SequenceRecord(name: "p\(i)/2\tBC:Z:ACGT", sequence: b.sequence, quality: b.quality)])
            plain += Self.fastq([SequenceRecord(name: "p\(i)", sequence: a.sequence, quality: a.quality),
                                 SequenceRecord(name: "p\(i)", sequence: b.sequence, quality: b.quality)])
        }
        let dir = try ReaderTempDir()
        let withTabs = try Self.reports(.interleaved([dir.write("tabs.fastq", tabbed)]))
        let without = try Self.reports(.interleaved([dir.write("plain.fastq", plain)]))
        #expect(withTabs.result.funnel.totalFragments == pairs.count)
        #expect(withTabs.result.funnel.totalReads == pairs.count * 2)
        #expect(withTabs.text == without.text)
    }

    /// Interleaved pairs give the same reports as the same pairs in R1 and R2 files.
    @Test func interleavedPairsEqualTwoFiles() throws {
        let pairs = stride(from: 0, to: Self.reads.count - 1, by: 2).map { i in
            (SequenceRecord(name: "p\(i) 1:N:0:A", sequence: Self.reads[i].sequence, quality: Self.reads[i].quality),
             SequenceRecord(name: "p\(i) 2:N:0:A", sequence: Self.reads[i + 1].sequence, quality: Self.reads[i + 1].quality))
        }
        let dir = try ReaderTempDir()
        let r1 = try dir.write("R1.fastq", Self.fastq(pairs.map(\.0)))
        let r2 = try dir.write("R2.fastq", Self.fastq(pairs.map(\.1)))
        let inter = try dir.write("inter.fastq", Self.fastq(pairs.flatMap { [$0.0, $0.1] }))
        let two = try Self.reports(.paired(r1: [r1], r2: [r2]))
        let one = try Self.reports(.interleaved([inter]), bufferSize: 64)
        #expect(one.text == two.text)
        #expect(two.result.funnel.totalFragments == pairs.count)
    }

    /// IUPAC codes and N runs inside wild-type reads: no ITD may appear from them, nothing crashes.
    @Test func iupacCodesAndNRunsMakeNoJunction() throws {
        var rng = S.LCG(state: 99)
        let iupac = Array("RYKMSWBDHVNrykmswbdhvn".utf8)
        let c = S.senseOffset(c: "1770")
        let wt = (0..<30).flatMap { k in
            S.tiled(S.genome, readLength: 150, step: 10, region: (c - 300)..<(c + 330), seed: UInt64(k + 1), name: "wt\(k)_")
        }
        let odd = wt.enumerated().map { i, r -> SequenceRecord in
            var s = r.sequence
            switch i % 4 {
            case 0:  // scattered IUPAC codes
                for j in s.indices where rng.chance(0.03) { s[j] = iupac[rng.uniform(iupac.count)] }
            case 1:  // an N run in the middle
                let at = rng.uniform(s.count - 40)
                for j in at..<(at + 30) { s[j] = UInt8(ascii: "N") }
            case 2:  // all N
                s = [UInt8](repeating: UInt8(ascii: "N"), count: s.count)
            default:
                break
            }
            return SequenceRecord(name: r.name, sequence: s, quality: r.quality)
        }
        let dir = try ReaderTempDir()
        let result = try Self.reports(.singleEnd([dir.write("iupac.fastq", Self.fastq(odd))])).result
        #expect(result.itds.isEmpty, "\(result.itds.map(\.annotation.hgvsC))")
        #expect(result.call == .negative)
        #expect(result.funnel.totalReads == odd.count)
    }

    /// Reads from 35 bp to 100 kb in one file: the long reads (random sequence around a FLT3
    /// stretch) are aligned or skipped without a crash, and the short ones are counted.
    @Test func readsFrom35BasesTo100KilobasesAreAnalysed() throws {
        var rng = S.LCG(state: 5)
        func random(_ n: Int) -> [UInt8] { (0..<n).map { _ in Array("ACGT".utf8)[rng.uniform(4)] } }
        let c = S.senseOffset(c: "1770")
        var reads: [SequenceRecord] = []
        for k in 0..<40 {
            let start = c - 200 + 5 * k
            reads.append(SequenceRecord(name: "short\(k)", sequence: Array(S.genome[start..<(start + 35)]), quality: [UInt8](repeating: 73, count: 35)))
        }
        let locus = Array(S.genome[(c - 400)..<(c + 400)])
        for (k, length) in [1_000, 10_000, 100_000].enumerated() {
            let flank = (length - locus.count) / 2
            let seq = random(flank) + locus + random(length - flank - locus.count)
            reads.append(SequenceRecord(name: "long\(k)", sequence: seq, quality: [UInt8](repeating: 73, count: seq.count)))
        }
        reads.append(SequenceRecord(name: "allN", sequence: [UInt8](repeating: UInt8(ascii: "N"), count: 100_000), quality: [UInt8](repeating: 73, count: 100_000)))
        let dir = try ReaderTempDir()
        let path = try dir.write("lengths.fastq", Self.fastq(reads))
        for bufferSize in [4096, 1 << 20] {
            let result = try Self.reports(.singleEnd([path]), bufferSize: bufferSize).result
            #expect(result.funnel.totalReads == reads.count)
            #expect(result.itds.isEmpty)
            #expect(result.call == .indeterminate, "44 reads cannot give a depth of 100")
        }
    }

    /// The same reads as plain, gzip (one member, many members, BGZF), through both inflaters,
    /// with and without the inflate thread, and chunk sizes that split records: identical JSON,
    /// TSV and VCF.
    @Test func reportsAreByteIdenticalAcrossBufferSizesThreadsInflatersAndLayouts() throws {
        let text = Self.fastq(Self.reads)
        let dir = try ReaderTempDir()
        let half = text.count / 2
        let cut = text[half...].firstIndex(of: UInt8(ascii: "@"))!
        let files = [
            try dir.write("plain.fastq", text),
            try dir.write("one.fastq.gz", ReaderSynthetic.gzipMember(text)),
            try dir.write("two.fastq.gz", ReaderSynthetic.gzipMember(Array(text[..<cut])) + ReaderSynthetic.gzipMember(Array(text[cut...]))),
            try dir.write("bgzf.fastq.gz", ReaderSynthetic.bgzf(text, blockSize: 20_000)),
        ]
        for file in files {
            for backend in [InflateBackend.zlib, .isal] {
                for (threads, bufferSize) in [(1, 1 << 20), (2, 1 << 20), (1, 97), (2, 4096)] {
                    let got = try Self.reports(.singleEnd([file]), backend: backend, threads: threads, bufferSize: bufferSize)
                    #expect(got.text == Self.baseline.text, "\(file) \(backend) threads \(threads) buffer \(bufferSize)")
                }
            }
        }
    }

    /// A tiny buffer (every record straddles chunks) on a smaller input: still identical.
    @Test func oneByteChunksGiveIdenticalReports() throws {
        let few = Array(Self.reads.prefix(200))
        let dir = try ReaderTempDir()
        let path = try dir.write("few.fastq", Self.fastq(few))
        let big = try Self.reports(.singleEnd([path]))
        let tiny = try Self.reports(.singleEnd([path]), bufferSize: 1)
        #expect(tiny.text == big.text)
    }
}
