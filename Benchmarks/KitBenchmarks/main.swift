// Kit benchmarks: the activations' array kernels, activation code as
// lessons write it, the 10-layer experiment of the sigmoid and tanh lessons
// and one training step of a multilayer perceptron, against NumPy measured
// in the same run.
//
//     swift run -c release kit-benchmarks [repetitions]
//
// Every row prints the time of PrimerKit and of NumPy (minimum of the timed
// runs, median in parentheses) and their ratio, NumPy's time over
// PrimerKit's: above 1, PrimerKit is faster. "into buffer" rows write into
// a preallocated array (NumPy's `out=`); "new array" rows allocate the
// result as the idiomatic call does. The network rows add what a run costs
// in memory: calls to malloc, the bytes they asked for, and minor page
// faults (fresh pages, the cost of memory handed back to the system and
// taken again); NumPy's page faults are counted the same way.
//
// The NumPy side runs `../kit_benchmarks_numpy.py` on one thread (PrimerKit
// uses one), with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its
// environment so that OpenBLAS picks its own kernels. Without python3 and
// NumPy the benchmark stops with an error: it has nothing to compare with.
//
// PrimerKit is built as lesson programs get it: `-O -target-cpu native`
// (the processor's own vector instructions), as NumPy dispatches at run
// time to AVX-512 where the processor has it.
import Foundation
import PrimerKit

let repetitions = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20
let sizes = [1_000_000, 10_000_000]
/// PrimerKit and NumPy take turns, a round each at a time, so that a slow
/// spell of this shared machine falls on both: each row is the minimum of
/// the rounds' minima and the median of their medians.
let rounds = 3
let repetitionsPerRound = max(1, (repetitions + rounds - 1) / rounds)
let experimentRuns = max(10, 50 / rounds)
let stepRuns = max(20, 100 / rounds)
func runs(_ n: Int) -> Int { n >= 10_000_000 ? max(repetitionsPerRound / 2, 2) : repetitionsPerRound }

NumPyBaseline.check()

// MARK: PrimerKit

struct Row {
    var name: String
    var mode: String
    var n: Int
    var minimum: Double
    var median: Double
}

/// A copy loop over the same buffers: the memory-bandwidth floor that
/// ReLU should reach.
func copy(_ input: UnsafeBufferPointer<Double>, _ output: UnsafeMutableBufferPointer<Double>) {
    guard let source = input.baseAddress, let target = output.baseAddress else { return }
    for index in 0..<input.count { target[index] = source[index] }
}

/// The experiment's time and memory for one activation, a new seed (and
/// so a new network) every run.
struct ExperimentResult {
    var activation: Activation
    var timing: BenchmarkResult
    var memory: MemoryCounts
}

/// One round of PrimerKit's measurements.
struct KitRound {
    var kernels: [Row] = []
    var lesson: [(task: LessonTask, row: Row)] = []
    var experiments: [ExperimentResult] = []
    var step: BenchmarkResult
    var stepMemory: MemoryCounts
}

var checksum = 0.0
var seed: UInt64 = 1

@MainActor func measureKit() -> KitRound {
    var kernels: [Row] = []
    var lesson: [(task: LessonTask, row: Row)] = []
    for n in sizes {
        var generator = SeededGenerator(seed: 1)
        let xs = generator.uniform(count: n, in: -10..<10)
        func record(_ result: BenchmarkResult, _ mode: String) {
            kernels.append(
                Row(
                    name: result.name, mode: mode, n: n, minimum: result.nanosecondsPerElement,
                    median: result.medianNanosecondsPerElement))
        }
        for activation in [Activation.sigmoid, .tanh, .relu] {
            record(Benchmark.measure(activation.name, over: xs, repetitions: runs(n)) { activation.apply($0, into: $1) }, "out")
            record(Benchmark.measure(activation.name, over: xs, repetitions: runs(n)) { activation($0) }, "new")
            record(
                Benchmark.measure(activation.name + "′", over: xs, repetitions: runs(n)) {
                    activation.applyDerivative($0, into: $1)
                }, "out")
            record(Benchmark.measure(activation.name + "′", over: xs, repetitions: runs(n)) { activation.derivative($0) }, "new")
        }
        record(Benchmark.measure("copy", over: xs, repetitions: runs(n)) { copy($0, $1) }, "out")
        for task in lessonTasks {
            let result = Benchmark.measure(task.name, over: xs, repetitions: runs(n), task.body)
            lesson.append(
                (
                    task,
                    Row(name: task.name, mode: "", n: n, minimum: result.nanosecondsPerElement, median: result.medianNanosecondsPerElement)
                ))
        }
    }
    let experiments = [Activation.sigmoid, .tanh].map { activation in
        let memory = MemoryCounts.measure(runs: experimentRuns) {
            seed += 1
            checksum += depthExperiment(activation, seed: seed)
        }
        let timing = Benchmark.measure("experiment", repetitions: experimentRuns) { () -> Double in
            seed += 1
            return depthExperiment(activation, seed: seed)
        }
        return ExperimentResult(activation: activation, timing: timing, memory: memory)
    }

    var generator = SeededGenerator(seed: 0)
    var network = Network(sizes: Array(repeating: 64, count: 11), activation: .relu, weights: .heNormal, using: &generator)
    let inputs = Matrix(rows: 128, columns: 64, elements: generator.normal(count: 128 * 64))
    let targets = Matrix(rows: 128, columns: 64, elements: generator.normal(count: 128 * 64))
    var optimizer = SGD(learningRate: 0.01)
    let stepMemory = MemoryCounts.measure(runs: stepRuns) {
        checksum += network.train(on: inputs, targets: targets, loss: .meanSquaredError, optimizer: &optimizer)
    }
    let step = Benchmark.measure("MLP step", repetitions: stepRuns) {
        network.train(on: inputs, targets: targets, loss: .meanSquaredError, optimizer: &optimizer)
    }
    return KitRound(kernels: kernels, lesson: lesson, experiments: experiments, step: step, stepMemory: stepMemory)
}

// MARK: Both, round by round

var kitRounds: [KitRound] = []
var numpyRounds: [Baseline] = []
for _ in 0..<rounds {
    kitRounds.append(measureKit())
    numpyRounds.append(
        NumPyBaseline.measure(
            repetitions: repetitionsPerRound, experimentRuns: experimentRuns, stepRuns: stepRuns, sizes: sizes))
}

func medianOf(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
/// (minimum of minima, median of medians) over the rounds.
func combined(_ pairs: [(minimum: Double, median: Double)]) -> (minimum: Double, median: Double) {
    (pairs.map(\.minimum).min() ?? .nan, medianOf(pairs.map(\.median)))
}
func combinedRows(_ rows: [[Row]]) -> [Row] {
    rows[0].indices.map { index in
        let (minimum, median) = combined(rows.map { ($0[index].minimum, $0[index].median) })
        var row = rows[0][index]
        (row.minimum, row.median) = (minimum, median)
        return row
    }
}
let swiftRows = combinedRows(kitRounds.map(\.kernels))
let lessonRows = zip(kitRounds[0].lesson.map(\.task), combinedRows(kitRounds.map { $0.lesson.map(\.row) })).map { (task: $0, row: $1) }
let baseline = Baseline.combined(numpyRounds, by: combined)

// MARK: Report

func cell(_ minimum: Double, _ median: Double) -> String {
    String(format: "%7.3f (%7.3f)", minimum, median)
}
func ratio(_ numpy: Double, _ kit: Double) -> String { String(format: "%6.2f×", numpy / kit) }
func exponent(_ n: Int) -> String { n == 1_000_000 ? "10⁶" : "10⁷" }
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

print("PrimerKit vs NumPy \(baseline.numpy) (one thread), same run, same machine")
print("ratio = NumPy time / PrimerKit time (minima): above 1, PrimerKit is faster\n")
print(
    "PrimerKit and NumPy in turn, \(rounds) rounds: minimum of the rounds' minima, median of their medians (in parentheses)\n")
print(
    "Activation kernels, ns per element: \(repetitionsPerRound) runs a round (\(runs(10_000_000)) for 10⁷)")
print("task       n     mode               PrimerKit             NumPy     ratio")
for row in swiftRows {
    guard let other = baseline.elementwise.first(where: { $0.name == row.name && $0.mode == row.mode && $0.n == row.n }) else {
        continue
    }
    let mode = row.mode == "out" ? "into buffer" : "new array  "
    print(
        "\(padded(row.name, 9)) \(exponent(row.n))  \(mode)  \(cell(row.minimum, row.median))  \(cell(other.min, other.median))  \(ratio(other.min, row.minimum))"
    )
}

print("\nLesson code, ns per element (x: [Double] uniform on [−10, 10); NumPy: the same expression on an ndarray)")
print("PrimerKit                              n            PrimerKit             NumPy     ratio")
for (task, row) in lessonRows {
    guard let other = baseline.lesson.first(where: { $0.name == task.numpy && $0.n == row.n }) else { continue }
    print(
        "\(padded(task.name, 36)) \(exponent(row.n))  \(cell(row.minimum, row.median))  \(cell(other.min, other.median))  \(ratio(other.min, row.minimum))"
    )
}

print("\nThe 10-layer experiment (sigmoid and tanh lessons): 10 dense layers 64→64 built for a new seed, a 256×64 batch,")
print("forward, backward, every layer's gradient norms and mean derivative; ms per run (\(experimentRuns) runs a round), memory per run")
for (index, experiment) in kitRounds[0].experiments.enumerated() {
    guard let other = baseline.experiment.first(where: { $0.activation == experiment.activation.name }) else { continue }
    let timing = combined(kitRounds.map { ($0.experiments[index].timing.minimum, $0.experiments[index].timing.median) })
    let memory = kitRounds.last!.experiments[index].memory
    let kit = (timing.minimum / 1e6, timing.median / 1e6)
    print(
        String(
            format: "  %-8@ PrimerKit %@   NumPy %@   ratio %@", experiment.activation.name, cell(kit.0, kit.1),
            cell(other.min, other.median),
            ratio(other.min, kit.0)))
    print(
        String(
            format: "           PrimerKit %.0f mallocs, %.0f kB, %.0f page faults; NumPy %.0f page faults",
            memory.allocations, memory.bytes / 1e3, memory.pageFaults, other.page_faults))
}

print("\nMLP training step, 10 dense layers 64→64 (ReLU), batch 128, MSE, backward, SGD (ms per step, \(stepRuns) steps a round),")
print("memory per step:")
let step = combined(kitRounds.map { ($0.step.minimum, $0.step.median) })
let stepMemory = kitRounds.last!.stepMemory
let stepMilliseconds = (step.minimum / 1e6, step.median / 1e6)
print(
    String(
        format: "  PrimerKit %@   NumPy %@   ratio %@", cell(stepMilliseconds.0, stepMilliseconds.1),
        cell(baseline.mlp.min, baseline.mlp.median), ratio(baseline.mlp.min, stepMilliseconds.0)))
print(
    String(
        format: "  PrimerKit %.0f mallocs, %.0f kB, %.0f page faults; NumPy %.0f page faults",
        stepMemory.allocations, stepMemory.bytes / 1e3, stepMemory.pageFaults, baseline.mlp.page_faults))
if checksum.isNaN { print("(checksum \(checksum))") }
