import Foundation
import PrimerKit
import Testing

@Suite("Seeded random numbers and data sets")
struct RandomTests {
    @Test("xoshiro256** matches an independent implementation", arguments: ["0", "42", "18446744073709551615"])
    func bits(seed: String) throws {
        let expected = References.random("next", seed: seed).compactMap { UInt64($0) }
        #expect(expected.count == 8)
        var generator = SeededGenerator(seed: try #require(UInt64(seed)))
        #expect((0..<8).map { _ in generator.next() } == expected)
    }

    @Test("uniform draws are the top 53 bits")
    func uniform() {
        let expected = References.random("uniform", seed: "42").map { References.double($0) }
        var generator = SeededGenerator(seed: 42)
        #expect((0..<8).map { _ in generator.uniform() } == expected)
        var ranged = SeededGenerator(seed: 42)
        #expect(ranged.uniform(in: 2..<4) == 2 + 2 * expected[0])
    }

    @Test("normal draws: pinned bits, within 2 ulps of the exact polar method")
    func normal() {
        let expected = References.random("normal", seed: "42").map { References.double($0) }
        #expect(expected.count == 200)
        var generator = SeededGenerator(seed: 42)
        let draws = generator.normal(count: 200)
        for (draw, exact) in zip(draws, expected) {
            #expect(ulpError(draw, exact) <= 2, "\(draw) vs \(exact)")
        }
        // The same bits on every platform: no C library call is involved.
        #expect(
            draws.prefix(4).map(\.bitPattern) == [
                0xBFE7_3D2F_EB0F_B377, 0xBFCB_0880_2869_3F9C, 0x3FCC_5E21_F781_2A4C, 0x3FE0_BA8B_B0C5_FA51,
            ])
        var scaled = SeededGenerator(seed: 42)
        #expect(scaled.normal(mean: 3, standardDeviation: 2) == 3 + 2 * draws[0])
    }

    @Test("normal draws have mean 0 and variance 1")
    func normalStatistics() {
        var generator = SeededGenerator(seed: 1)
        let draws = generator.normal(count: 100_000)
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        // Five standard errors.
        #expect(abs(mean) < 5 / Double(draws.count).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(draws.count)).squareRoot())
    }

    @Test("bounded integers and shuffles match the reference")
    func integers() {
        let bounds = [1, 2, 3, 6, 10, 1000, Int(Int32.max), (1 << 62) + 1]
        let expected = References.random("integer", seed: "42").compactMap { Int($0) }
        var generator = SeededGenerator(seed: 42)
        #expect(bounds.map { generator.integer(below: $0) } == expected)
        var shuffler = SeededGenerator(seed: 7)
        var elements = Array(0..<10)
        shuffler.shuffle(&elements)
        #expect(elements == References.random("shuffle", seed: "7").compactMap { Int($0) })
    }

    @Test("data sets are the same for the same seed and differ for another")
    func determinism() {
        var first = SeededGenerator(seed: 3)
        var second = SeededGenerator(seed: 3)
        var other = SeededGenerator(seed: 4)
        #expect(DataSet.twoMoons(count: 50, using: &first).inputs == DataSet.twoMoons(count: 50, using: &second).inputs)
        #expect(
            DataSet.spirals(count: 60, classes: 3, using: &first).inputs
                == DataSet.spirals(count: 60, classes: 3, using: &second).inputs)
        #expect(DataSet.regression(count: 20, using: &first).targets == DataSet.regression(count: 20, using: &second).targets)
        #expect(DataSet.twoMoons(count: 50, using: &first).inputs != DataSet.twoMoons(count: 50, using: &other).inputs)
    }

    @Test("two moons lie on their half circles")
    func twoMoons() {
        var generator = SeededGenerator(seed: 1)
        let data = DataSet.twoMoons(count: 101, noise: 0, using: &generator)
        #expect(data.count == 101 && data.inputs.columns == 2)
        #expect(data.labels.filter { $0 == 0 }.count == 51)
        #expect(data.targets == .oneHot(data.labels, classes: 2))
        #expect(data.binaryTargets.elements == data.labels.map(Double.init))
        for i in 0..<data.count {
            var (x, y) = (data.inputs[i, 0], data.inputs[i, 1])
            if data.labels[i] == 1 { (x, y) = (1 - x, 0.5 - y) }
            #expect(abs(x * x + y * y - 1) < 1e-15)
            #expect(y >= 0)
        }
    }

    @Test("spiral arms wind outwards, one class per arm")
    func spirals() {
        var generator = SeededGenerator(seed: 1)
        let data = DataSet.spirals(count: 300, classes: 3, noise: 0, using: &generator)
        #expect(data.count == 300 && data.targets.columns == 3)
        #expect((0..<3).map { c in data.labels.filter { $0 == c }.count } == [100, 100, 100])
        for i in 0..<data.count {
            let radius = (data.inputs[i, 0] * data.inputs[i, 0] + data.inputs[i, 1] * data.inputs[i, 1]).squareRoot()
            #expect(radius <= 1 + 1e-15)
        }
    }

    @Test("the regression data scatter around sin(πx) with the noise asked for")
    func regression() {
        var generator = SeededGenerator(seed: 1)
        let data = DataSet.regression(count: 20_000, noise: 0.1, using: &generator)
        let residuals = (0..<data.count).map { data.targets[$0, 0] - sin(Double.pi * data.inputs[$0, 0]) }
        let deviation = (residuals.reduce(0) { $0 + $1 * $1 } / Double(data.count)).squareRoot()
        #expect(abs(deviation - 0.1) < 0.005)
        #expect(data.inputs.elements.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(data.labels.isEmpty)
    }

    @Test(
        "normal(count:) gives the values and leaves the state of as many normal() calls",
        arguments: [(0, false), (1, false), (1, true), (2, true), (7, false), (513, true), (1000, false)])
    func batchedNormals(count: Int, startWithSpare: Bool) {
        var batched = SeededGenerator(seed: UInt64(count))
        var single = batched
        if startWithSpare {
            _ = batched.normal()
            _ = single.normal()
        }
        let values = batched.normal(count: count, mean: 0.5, standardDeviation: 3)
        let expected = (0..<count).map { _ in single.normal(mean: 0.5, standardDeviation: 3) }
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
        // The same state afterwards, spare value included.
        #expect(batched.normal().bitPattern == single.normal().bitPattern)
        #expect(batched.normal().bitPattern == single.normal().bitPattern)
        #expect(batched.next() == single.next())
    }
}
