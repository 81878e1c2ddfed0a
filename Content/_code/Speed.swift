// The speed measurements of the ReLU and comparison lessons: the kit's
// activation functions and the textbook one-liners, on the same inputs,
// timed with the kit's `Benchmark.measure` (one untimed warm-up run, then
// the best of several).
import Foundation
import PrimerFigures
import PrimerKit

/// One timed function.
struct SpeedRow: Sendable {
    var name: String
    /// "kit" or "textbook".
    var kind: String
    var result: BenchmarkResult
    /// The best run's nanoseconds per element.
    var nanoseconds: Double { result.nanosecondsPerElement }
}

/// `count` inputs drawn uniformly from [−6, 6), the range where the
/// functions of this series differ, from a fixed seed.
func speedInputs(count: Int) -> [Double] {
    var generator = SeededGenerator(seed: 7)
    return generator.uniform(count: count, in: -6..<6)
}

/// The plain formulas, as a first implementation would write them.
let textbookFormulas: [(name: String, body: ([Double]) -> [Double])] = [
    ("sigmoid", { $0.map { 1 / (1 + exp(-$0)) } }),
    ("tanh", { $0.map { tanh($0) } }),
    ("ReLU", { $0.map { max(0, $0) } }),
]

/// Times each of `functions` (the kit's array versions, which return a new
/// array) and the textbook formulas over the same `inputs`.
func measureSpeeds(_ functions: [Activation], inputs: [Double], repetitions: Int = 5) -> [SpeedRow] {
    var rows = functions.map { activation in
        SpeedRow(
            name: activation.name, kind: "kit",
            result: Benchmark.measure(activation.name, over: inputs, repetitions: repetitions) { activation($0) })
    }
    for formula in textbookFormulas {
        rows.append(
            SpeedRow(
                name: formula.name, kind: "textbook",
                result: Benchmark.measure(formula.name, over: inputs, repetitions: repetitions, formula.body)))
    }
    return rows
}

/// Times the kit's kernels writing into a buffer allocated once, which
/// leaves the cost of fresh memory out: arithmetic, reads and writes only.
func measureKernels(_ functions: [Activation], inputs: [Double], repetitions: Int = 5) -> [SpeedRow] {
    functions.map { activation in
        SpeedRow(
            name: activation.name, kind: "kit, into a buffer",
            result: Benchmark.measure(activation.name, over: inputs, repetitions: repetitions) { input, output in
                activation.apply(input, into: output)
            })
    }
}

/// Times the kit's kernels on `count` inputs that stay in the processor's
/// cache (10⁴ doubles are 80 kB), best of many short runs: the cost of the
/// arithmetic itself, which memory traffic and other processes on the
/// machine disturb least.
func measureInCache(_ functions: [Activation], count: Int = 10_000, repetitions: Int = 200) -> [SpeedRow] {
    let inputs = speedInputs(count: count)
    return functions.map { activation in
        SpeedRow(
            name: activation.name, kind: "kit, in cache",
            result: Benchmark.measure(activation.name, over: inputs, repetitions: repetitions) { input, output in
                activation.apply(input, into: output)
            })
    }
}

extension Array where Element == SpeedRow {
    /// The row of `name` of `kind`.
    func row(_ name: String, _ kind: String = "kit") -> SpeedRow? {
        first { $0.name == name && $0.kind == kind }
    }

    /// Nanoseconds per element of `name`, divided by those of the kit's ReLU
    /// of `reference` kind.
    func ratioToReLU(_ name: String, _ kind: String = "kit", reference: String = "kit") -> Double {
        guard let measured = row(name, kind), let relu = row("ReLU", reference) else { return .nan }
        return measured.nanoseconds / relu.nanoseconds
    }
}
