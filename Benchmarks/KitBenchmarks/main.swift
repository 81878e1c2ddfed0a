// Kit benchmarks: the activations' array kernels and one training step of a
// multilayer perceptron, against NumPy measured in the same run.
//
//     swift run -c release --scratch-path .build-kit kit-benchmarks [repetitions]
//
// Every row prints the time per element of PrimerKit and of NumPy (minimum
// of the timed runs, median in parentheses) and their ratio, NumPy's time
// over PrimerKit's: above 1, PrimerKit is faster. "into buffer" rows write
// into a preallocated array (NumPy's `out=`); "new array" rows allocate the
// result as the idiomatic call does. The NumPy side runs
// `../kit_benchmarks_numpy.py`, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
// removed from its environment so that OpenBLAS picks its own kernels.
//
// PrimerKit is built as lesson programs get it: `-O -target-cpu haswell`
// (AVX2 and FMA: four Doubles per vector instruction), while NumPy
// dispatches at run time to AVX-512 where the processor has it.
import Foundation
import PrimerKit

let repetitions = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20
let sizes = [1_000_000, 10_000_000]

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

var swiftRows: [Row] = []
for n in sizes {
    var generator = SeededGenerator(seed: 1)
    let xs = generator.uniform(count: n, in: -10..<10)
    let runs = n >= 10_000_000 ? max(repetitions / 2, 3) : repetitions
    func record(_ result: BenchmarkResult, _ mode: String) {
        swiftRows.append(
            Row(
                name: result.name, mode: mode, n: n, minimum: result.nanosecondsPerElement,
                median: result.medianNanosecondsPerElement))
    }
    for activation in [Activation.sigmoid, .tanh, .relu] {
        record(Benchmark.measure(activation.name, over: xs, repetitions: runs) { activation.apply($0, into: $1) }, "out")
        record(Benchmark.measure(activation.name, over: xs, repetitions: runs) { activation($0) }, "new")
        record(
            Benchmark.measure(activation.name + "′", over: xs, repetitions: runs) {
                activation.applyDerivative($0, into: $1)
            }, "out")
        record(Benchmark.measure(activation.name + "′", over: xs, repetitions: runs) { activation.derivative($0) }, "new")
    }
    record(Benchmark.measure("copy", over: xs, repetitions: runs) { copy($0, $1) }, "out")
}

var generator = SeededGenerator(seed: 0)
var network = Network(sizes: Array(repeating: 64, count: 11), activation: .relu, weights: .heNormal, using: &generator)
let inputs = Matrix(rows: 128, columns: 64, elements: generator.normal(count: 128 * 64))
let targets = Matrix(rows: 128, columns: 64, elements: generator.normal(count: 128 * 64))
var optimizer = SGD(learningRate: 0.01)
let step = Benchmark.measure("MLP step", repetitions: 100) {
    network.train(on: inputs, targets: targets, loss: .meanSquaredError, optimizer: &optimizer)
}

// MARK: NumPy, in the same run

struct Baseline: Decodable {
    struct Entry: Decodable {
        var name: String
        var mode: String
        var n: Int
        var min: Double
        var median: Double
    }
    struct Step: Decodable {
        var min: Double
        var median: Double
    }
    var numpy: String
    var elementwise: [Entry]
    var mlp: Step
}

func numpyBaseline() -> Baseline? {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("kit_benchmarks_numpy.py")
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", script.path, String(repetitions)] + sizes.map(String.init)
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_CORETYPE"] = nil
    environment["OPENBLAS_L2_SIZE"] = nil
    python.environment = environment
    let pipe = Pipe()
    python.standardOutput = pipe
    do {
        try python.run()
    } catch {
        return nil
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    python.waitUntilExit()
    guard python.terminationStatus == 0 else { return nil }
    return try? JSONDecoder().decode(Baseline.self, from: data)
}

// MARK: Report

let baseline = numpyBaseline()
print("PrimerKit vs NumPy \(baseline?.numpy ?? "(not available: pip install numpy)"), same run, same machine")
print("ns per element: minimum of \(repetitions) runs (\(max(repetitions / 2, 3)) for 10⁷), median in parentheses;")
print("ratio = NumPy time / PrimerKit time (minimum): above 1, PrimerKit is faster\n")
func cell(_ minimum: Double, _ median: Double) -> String {
    String(format: "%6.3f (%6.3f)", minimum, median)
}
print("task       n     mode          PrimerKit          NumPy          ratio")
for row in swiftRows {
    let other = baseline?.elementwise.first { $0.name == row.name && $0.mode == row.mode && $0.n == row.n }
    let mode = row.mode == "out" ? "into buffer" : "new array  "
    let exponent = row.n == 1_000_000 ? "10⁶" : "10⁷"
    let numpy = other.map { cell($0.min, $0.median) } ?? "        —        "
    let ratio = other.map { String(format: "%5.2f×", $0.min / row.minimum) } ?? "  —"
    print(
        "\(row.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(exponent)  \(mode)  \(cell(row.minimum, row.median))  \(numpy)  \(ratio)"
    )
}
let stepMilliseconds = (step.minimum / 1e6, step.median / 1e6)
print("\nMLP training step, 10 dense layers 64→64 (ReLU), batch 128, MSE, backward, SGD (ms, 100 runs):")
if let mlp = baseline?.mlp {
    print(
        String(
            format: "  PrimerKit %.3f (%.3f)   NumPy %.3f (%.3f)   ratio %.2f×",
            stepMilliseconds.0, stepMilliseconds.1, mlp.min, mlp.median, mlp.min / stepMilliseconds.0))
} else {
    print(String(format: "  PrimerKit %.3f (%.3f)", stepMilliseconds.0, stepMilliseconds.1))
}
