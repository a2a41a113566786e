import Foundation
import Testing
@testable import ITDCaller

/// The sample's limit of detection: the AR at which an ITD is called in 95% of samples.
@Suite struct DetectionLimitTests {
    /// At the limit the junction count reaches the call's k fragments with probability 0.95;
    /// 10% below it, less. k = max(min support, ceil(min fraction x depth)).
    @Test(arguments: [(3000, 15), (383, 3), (100, 3), (20_000, 100)])
    func atTheLimitTheCallsThresholdIsReachedIn95Percent(depth: Int, k: Int) throws {
        let limit = try #require(DetectionLimit.allelicRatio(depth: depth, minSupport: 3, minFraction: 0.005))
        let f = limit / (1 + limit)
        #expect(abs(DetectionLimit.atLeast(k, of: depth, fraction: f) - 0.95) < 1e-6)
        #expect(DetectionLimit.atLeast(k, of: depth, fraction: 0.9 * f) < 0.93)
        #expect(DetectionLimit.atLeast(k - 1, of: depth, fraction: f) > 0.95, "k is the call's threshold, not k - 1")
    }

    @Test func knownValuesAndOrder() throws {
        // Poisson-like: 3 of 100 fragments in 95% needs a mean of about 6.3
        let at100 = try #require(DetectionLimit.allelicRatio(depth: 100, minSupport: 3, minFraction: 0.005))
        #expect(at100 > 0.060 && at100 < 0.072, "\(at100)")
        let at3000 = try #require(DetectionLimit.allelicRatio(depth: 3000, minSupport: 3, minFraction: 0.005))
        #expect(at3000 > 0.0070 && at3000 < 0.0077, "\(at3000)")
        #expect(DetectionLimit.allelicRatio(depth: 2, minSupport: 3, minFraction: 0.005) == nil)
        #expect(DetectionLimit.allelicRatio(depth: 0, minSupport: 3, minFraction: 0.005) == nil)
    }

    /// Few input molecules raise the limit; many leave the binomial one.
    @Test func inputCopiesRaiseTheLimit() throws {
        let reads = try #require(DetectionLimit.allelicRatio(depth: 3000, minSupport: 3, minFraction: 0.005))
        let few = try #require(DetectionLimit.allelicRatio(depth: 3000, minSupport: 3, minFraction: 0.005, inputCopies: 300))
        let many = try #require(DetectionLimit.allelicRatio(depth: 3000, minSupport: 3, minFraction: 0.005, inputCopies: 10_000_000))
        #expect(few > 1.5 * reads)
        #expect(abs(many / reads - 1) < 0.01)
    }

    /// Monte Carlo: samples of 300 molecules read 3,000 times, the ITD at the limit computed with
    /// --input-copies 300: about 95% reach the call's 15 junction fragments.
    @Test func theBetaBinomialLimitHoldsForMoleculesReadManyTimes() throws {
        let limit = try #require(DetectionLimit.allelicRatio(depth: 3000, minSupport: 3, minFraction: 0.005, inputCopies: 300))
        let f = limit / (1 + limit)
        var rng = InputSamplingTests.SeededGenerator(state: 7)
        let trials = 2000
        var reached = 0
        for _ in 0..<trials {
            let molecules = InputSamplingTests.multinomial(300, [1 - f, f], &rng)[1]
            let reads = InputSamplingTests.multinomial(3000, [1 - Double(molecules) / 300, Double(molecules) / 300], &rng)[1]
            if reads >= 15 { reached += 1 }
        }
        #expect((trials * 93 / 100...trials * 97 / 100).contains(reached), "\(reached) of \(trials)")
    }
}
