import Foundation
import Testing
@testable import ITDCaller

/// One row of TestReads/annotation/cases.tsv (made by scripts/make-annotation-cases.py from the
/// read simulator's truth; see TestReads/annotation/README.md).
struct AnnotationSimulatorCase: Sendable, CustomTestStringConvertible {
    var fields: [String: String]

    var id: String { fields["id"] ?? "?" }
    var testDescription: String { "\(id) \(fields["sim_spec"] ?? "")" }
    func int(_ key: String) -> Int { Int(fields[key] ?? "") ?? Int.min }
    func text(_ key: String) -> String { fields[key] ?? "<missing \(key)>" }

    /// The event exactly as the simulator placed it (often not the canonical placement).
    var simulatorEvent: InsertionEvent {
        InsertionEvent(reference: .genomic, position: int("event_position"), inserted: Array(text("event_inserted").utf8))
    }

    /// The simulator writes a one-base duplication as `c.X_Xdup`; HGVS writes `c.Xdup`.
    static func hgvsOneBaseDupAsHGVS(_ s: String) -> String {
        guard s.hasSuffix("dup"), let underscore = s.firstIndex(of: "_") else { return s }
        let first = s[s.index(s.startIndex, offsetBy: 2) ..< underscore]
        let last = s[s.index(after: underscore) ..< s.index(s.endIndex, offsetBy: -3)]
        return first == last ? "c.\(first)dup" : s
    }
}

/// Locates TestReads/ from this source file (the package root is two levels above Tests/ITDCallerTests).
private func annotationFixtureURL(_ relative: String) -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TestReads").appendingPathComponent(relative)
}

private func loadAnnotationCases() -> [AnnotationSimulatorCase] {
    guard let text = try? String(contentsOf: annotationFixtureURL("annotation/cases.tsv"), encoding: .utf8) else {
        return []
    }
    let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { row in
        AnnotationSimulatorCase(fields: Dictionary(uniqueKeysWithValues: zip(header, row)))
    }
}

@Suite struct AnnotationSimulatorCaseTests {
    static let cases = loadAnnotationCases()

    @Test func simulatorCaseTableIsPresentAndComplete() {
        #expect(Self.cases.count == 63)
        #expect(Self.cases.allSatisfy { $0.fields.count == 21 })
    }

    @Test(arguments: cases)
    func annotationMatchesSimulatorTruthAtTheCanonicalPosition(_ row: AnnotationSimulatorCase) throws {
        let a = try ITDAnnotator().annotate(row.simulatorEvent)
        #expect(a.hgvsC == "NM_004119.3:" + AnnotationSimulatorCase.hgvsOneBaseDupAsHGVS(row.text("hgvs_c")))
        #expect(a.vcfPos == row.int("vcf_pos"))
        #expect(a.vcfRef == row.text("vcf_ref"))
        #expect(a.vcfAlt == row.text("vcf_alt"))
        #expect(a.grch38Start == row.int("grch38_start"))
        #expect(a.grch38End == row.int("grch38_end"))
        #expect(a.grch37Start == row.int("grch37_start"))
        #expect(a.grch37End == row.int("grch37_end"))
        #expect(a.length == row.int("length"))
        #expect(a.nontemplatedBases == row.text("nontemplated"))
        #expect(a.insertionLength == row.int("insertion_length"))
        #expect(a.inFrame == (row.text("in_frame") == "true"))
    }

    /// The simulator's own 3'-most HGVS of the event as it placed it: identical for duplications;
    /// for insertions it writes the whole rotated inserted string, as we do, unless our maximal
    /// decomposition found every inserted base templated (then we write a duplication).
    @Test(arguments: cases)
    func hgvsAgreesWithSimulatorsThreePrimeDescription(_ row: AnnotationSimulatorCase) throws {
        let a = try ITDAnnotator().annotate(row.simulatorEvent)
        let simulator3Prime = AnnotationSimulatorCase.hgvsOneBaseDupAsHGVS(row.text("sim_hgvs_c_3prime"))
        let simulatorSaysDup = simulator3Prime.hasSuffix("dup")
        if simulatorSaysDup || !a.nontemplatedBases.isEmpty {
            #expect(a.hgvsC == "NM_004119.3:" + simulator3Prime)
        } else {
            #expect(a.hgvsC.hasSuffix("dup"))
            #expect(a.length > row.int("sim_length"))
            #expect(a.insertionLength == row.int("sim_length") + row.text("sim_nontemplated").count)
        }
    }

    @Test(arguments: cases)
    func annotationIsTheSameFromTheCanonicalEvent(_ row: AnnotationSimulatorCase) throws {
        let annotator = ITDAnnotator()
        let fromSimulator = try annotator.annotate(row.simulatorEvent)
        let canonical = InsertionEvent(
            reference: .genomic, position: FLT3Reference.grch38AtSenseZero - row.int("vcf_pos"),
            inserted: Array(fromSimulator.insertedSequence.utf8))
        #expect(try annotator.annotate(canonical) == fromSimulator)
        let normalized = try ITDNormalizer().normalize(row.simulatorEvent)
        #expect(normalized.event == canonical)
    }
}
