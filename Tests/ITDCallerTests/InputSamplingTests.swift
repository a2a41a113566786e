import Foundation
import Testing
@testable import ITDCaller

/// `--input-copies`: intervals widened by the sampling of the library's input molecules.
@Suite struct InputSamplingTests {
    /// Deterministic generator for the Monte Carlo checks (SplitMix64).
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Draws from `n` trials of a categorical distribution with `fractions` (summing to 1).
    static func multinomial(_ n: Int, _ fractions: [Double], _ rng: inout SeededGenerator) -> [Int] {
        var counts = [Int](repeating: 0, count: fractions.count)
        for _ in 0..<n {
            var u = Double.random(in: 0..<1, using: &rng)
            var k = 0
            while k < fractions.count - 1, u >= fractions[k] { u -= fractions[k]; k += 1 }
            counts[k] += 1
        }
        return counts
    }

    @Test func oneITDsBoundsMoveByTheMoleculeVarianceOnTheLogScale() {
        let reads = AllelicRatioEstimate(value: 0.5, ciLow: 0.45, ciHigh: 0.56)
        let wide = InputSampling.widened(reads, totalRatio: 0.5, copies: 300)
        let variance = 1.5 * 1.5 / (0.5 * 300)   // (1 + AR)^2 / (AR N)
        let z = WilsonInterval.z
        let low = 0.5 * exp(-(pow(log(0.5 / 0.45), 2) + z * z * variance).squareRoot())
        let high = 0.5 * exp((pow(log(0.56 / 0.5), 2) + z * z * variance).squareRoot())
        #expect(wide.value == 0.5)
        #expect(abs(wide.ciLow! - low) < 1e-12 && abs(wide.ciHigh! - high) < 1e-12)
        #expect(wide.ciLow! < 0.40 && wide.ciHigh! > 0.62, "300 molecules dominate 20% read-count bounds")
    }

    @Test func moreCopiesNarrowTheIntervalTowardsTheReadCountOne() {
        let reads = AllelicRatioEstimate(value: 2.3, ciLow: 2.11, ciHigh: 2.51)
        let widths = [100, 1000, 10000, 1_000_000_000].map { n -> Double in
            let w = InputSampling.widened(reads, totalRatio: 2.3, copies: n)
            #expect(w.ciLow! <= reads.ciLow! && w.ciHigh! >= reads.ciHigh!)
            return w.ciHigh! - w.ciLow!
        }
        #expect(widths == widths.sorted(by: >))
        #expect(abs(widths.last! - (2.51 - 2.11)) < 1e-6)
    }

    /// Beside an ITD without wild-type evidence at its own site (AR infinite), the others are
    /// still widened, with T summed over the finite ratios.
    @Test func finiteRatiosBesideAnInfiniteOneAreWidened() {
        let finite = AllelicRatioEstimate(value: 0.5, ciLow: 0.45, ciHigh: 0.56)
        let infinite = AllelicRatioEstimate(value: .infinity, ciLow: 12, ciHigh: .infinity)
        let out = InputSampling.widened([infinite, finite], copies: 300)
        #expect(out[0] == infinite)
        #expect(out[1] == InputSampling.widened(finite, totalRatio: 0.5, copies: 300))
        #expect(out[1].ciLow! < 0.40)
    }

    @Test func infiniteUndefinedAndOpenBoundsAreLeftAlone() {
        let infinite = AllelicRatioEstimate(value: .infinity, ciLow: 12, ciHigh: .infinity)
        #expect(InputSampling.widened(infinite, totalRatio: .infinity, copies: 100) == infinite)
        let undefined = AllelicRatioEstimate(value: nil, ciLow: nil, ciHigh: nil)
        #expect(InputSampling.widened(undefined, totalRatio: 1, copies: 100) == undefined)
        let open = InputSampling.widened(AllelicRatioEstimate(value: 3, ciLow: 1, ciHigh: .infinity), totalRatio: 3, copies: 100)
        #expect(open.ciHigh == .infinity && open.ciLow! < 1)
    }

    /// Few molecules read many times (an amplicon from 300 template molecules, 3,000 reads):
    /// read-count intervals cover the true ratios far less than 95% of the time; widened by the
    /// molecules' sampling, about 95%. One ITD at AR 0.5, and two at 0.6 and 0.4 (each measured
    /// against the wild type, the total as the sum of the bounds).
    @Test(arguments: [[2.0 / 3, 1.0 / 3], [0.5, 0.3, 0.2]])
    func intervalsCoverTheTrueRatiosWhenFewMoleculesAreReadManyTimes(fractions: [Double]) {
        var rng = SeededGenerator(state: 20261202)
        let trials = 1000, molecules = 300, readCount = 3000
        let truth = fractions.dropFirst().map { $0 / fractions[0] }
        var coveredReads = [Int](repeating: 0, count: truth.count), coveredWide = coveredReads
        var coveredTotal = 0
        for _ in 0..<trials {
            let drawn = Self.multinomial(molecules, fractions, &rng)
            let pool = drawn.map { Double($0) / Double(molecules) }
            let reads = Self.multinomial(readCount, pool, &rng)
            let estimates = (1..<reads.count).map { WilsonInterval.allelicRatio(mutant: Double(reads[$0]), wildType: Double(reads[0])) }
            let total = estimates.compactMap(\.value).reduce(0, +)
            let wide = estimates.map { InputSampling.widened($0, totalRatio: total, copies: molecules) }
            for i in truth.indices {
                if estimates[i].intervalContains(truth[i]) { coveredReads[i] += 1 }
                if wide[i].intervalContains(truth[i]) { coveredWide[i] += 1 }
            }
            let summed = SampleCaller.totalAllelicRatio(wide.map { ITDQuantification(mutantFragments: 1, wildTypeFragments: 1, allelicRatio: $0, junctionFragments: 1, junctionDepth: 1, estimator: "spanning") })
            if summed.intervalContains(truth.reduce(0, +)) { coveredTotal += 1 }
        }
        for i in truth.indices {
            #expect(coveredReads[i] < trials * 6 / 10, "read counts alone: \(coveredReads[i]) of \(trials)")
            #expect((trials * 93 / 100...trials * 975 / 1000).contains(coveredWide[i]), "widened: \(coveredWide[i]) of \(trials)")
        }
        #expect(coveredTotal >= trials * 93 / 100, "total: \(coveredTotal) of \(trials)")
    }
}
