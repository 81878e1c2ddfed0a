import Foundation
import PythonBaseline

/// What `kit_benchmarks_numpy.py` measured, from its one line of JSON.
struct Baseline: Decodable {
    struct Entry: Decodable {
        var name: String
        var mode: String
        var n: Int
        var min: Double
        var median: Double
    }
    struct LessonEntry: Decodable {
        var name: String
        var n: Int
        var min: Double
        var median: Double
    }
    struct Experiment: Decodable {
        var activation: String
        var min: Double
        var median: Double
        var page_faults: Double
    }
    struct Step: Decodable {
        var min: Double
        var median: Double
        var page_faults: Double
    }
    var numpy: String
    var elementwise: [Entry]
    var lesson: [LessonEntry]
    var experiment: [Experiment]
    var mlp: Step
}

/// Runs the NumPy baseline in the same run, or stops the benchmark.
enum NumPyBaseline {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("kit_benchmarks_numpy.py")

    /// NumPy gets one thread, as PrimerKit uses one, and OpenBLAS picks its
    /// own kernels (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which this
    /// machine may set for old OpenBLAS builds, are removed).
    static let python: PythonBaseline = {
        var python = PythonBaseline(
            benchmark: "kit-benchmarks", what: "the NumPy baseline",
            installHint: "python3 \(script.lastPathComponent); install NumPy with `python3 -m pip install numpy`")
        python.environment["OPENBLAS_CORETYPE"] = nil
        python.environment["OPENBLAS_L2_SIZE"] = nil
        python.environment["OPENBLAS_NUM_THREADS"] = "1"
        python.environment["OMP_NUM_THREADS"] = "1"
        return python
    }()

    /// Checks that python3 runs and imports NumPy, before minutes of
    /// measurements are spent.
    static func check() {
        _ = python.output(of: ["-c", "import numpy"])
    }

    static func measure(repetitions: Int, experimentRuns: Int, stepRuns: Int, sizes: [Int]) -> Baseline {
        python.decoded(
            Baseline.self, from: [script.path] + [repetitions, experimentRuns, stepRuns].map(String.init) + sizes.map(String.init))
    }
}

extension Baseline {
    /// Several rounds' baselines as one: each figure's minimum and median
    /// combined by `combine` (minimum of minima, median of medians); page
    /// faults are the last round's.
    static func combined(
        _ rounds: [Baseline], by combine: ([(minimum: Double, median: Double)]) -> (minimum: Double, median: Double)
    ) -> Baseline {
        var result = rounds[rounds.count - 1]
        for index in result.elementwise.indices {
            (result.elementwise[index].min, result.elementwise[index].median) = combine(
                rounds.map { ($0.elementwise[index].min, $0.elementwise[index].median) })
        }
        for index in result.lesson.indices {
            (result.lesson[index].min, result.lesson[index].median) = combine(
                rounds.map { ($0.lesson[index].min, $0.lesson[index].median) })
        }
        for index in result.experiment.indices {
            (result.experiment[index].min, result.experiment[index].median) = combine(
                rounds.map { ($0.experiment[index].min, $0.experiment[index].median) })
        }
        (result.mlp.min, result.mlp.median) = combine(rounds.map { ($0.mlp.min, $0.mlp.median) })
        return result
    }
}
