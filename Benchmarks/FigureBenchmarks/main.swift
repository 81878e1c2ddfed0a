// Figure benchmarks: the time and size of rendering a plot of 2 series ×
// 1000 points with axes and legend, and the time of a lesson's plot cell
// (the sigmoid and its derivative computed at 1000 points, then plotted),
// against matplotlib doing the same in the same run.
//
//     swift run -c release figure-benchmarks [iterations]
//
// Prints both sides and their ratios (matplotlib's time over Primer's:
// above 1, Primer is faster). Without python3, NumPy and matplotlib the
// benchmark stops with an error: it has nothing to compare with. Writes
// the SVGs to /tmp (primer-benchmark.svg, primer-lesson.svg,
// matplotlib-*.svg) so they can be compared on screen.
import Foundation
import PrimerFigures
import PythonBaseline

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 500

let matplotlib = PythonBaseline(
    benchmark: "figure-benchmarks", what: "the matplotlib baseline",
    installHint: "python3 matplotlib_baseline.py; install them with `python3 -m pip install numpy matplotlib`")

// Fail before the measurements if the baseline cannot run at all.
_ = matplotlib.output(of: ["-c", "import numpy, matplotlib"])

let xs = (0..<1000).map { -6 + 12 * Double($0) / 999 }
let sigmoid = xs.map { 1 / (1 + exp(-$0)) }
let derivative = sigmoid.map { $0 * (1 - $0) }

func figure() -> Plot {
    Plot {
        Line(x: xs, y: sigmoid, label: "σ(x)")
        Line(x: xs, y: derivative, label: "σ′(x)")
    }
    .xLabel("x").yLabel("value")
}

/// A lesson's cell as the sigmoid lesson writes it: f and f′ computed at
/// 1000 points, plotted, rendered.
func lessonCell() -> String {
    func f(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    let x = (0..<1000).map { -10 + 20 * Double($0) / 999 }
    return Plot {
        Line(x: x, y: x.map(f), label: "σ(x)")
        Line(x: x, y: x.map { f($0) * (1 - f($0)) }, label: "σ′(x)")
    }
    .xLabel("x").yLabel("value").svg()
}

func measure(_ body: () -> Int) -> (min: Double, median: Double, result: Int) {
    var times: [Double] = []
    var result = 0
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        result &+= body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    return (times[0], times[times.count / 2], result)
}

let svg = figure().svg()
try svg.write(toFile: "/tmp/primer-benchmark.svg", atomically: true, encoding: .utf8)
try lessonCell().write(toFile: "/tmp/primer-lesson.svg", atomically: true, encoding: .utf8)
let primer = measure { figure().svg().utf8.count }
let lesson = measure { lessonCell().utf8.count }

// The baseline, in the same run.
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("matplotlib_baseline.py")

struct Baseline: Decodable {
    struct Entry: Decodable {
        var min_ms: Double
        var median_ms: Double
        var bytes: Int
    }
    var path: Entry
    var none: Entry
    var lesson: Entry
}
let baseline = matplotlib.decoded(Baseline.self, from: [script.path, "20"])

print("Primer vs matplotlib, same run, same machine; ratio = matplotlib time / Primer time (medians)\n")
print("Figure: 2 series × 1000 points, axes, grid, legend (Primer \(iterations) runs, matplotlib 20)")
print(String(format: "  Primer      min %7.3f ms  median %7.3f ms  %6d bytes", primer.min, primer.median, svg.utf8.count))
print(
    String(
        format: "  matplotlib  min %7.3f ms  median %7.3f ms  %6d bytes (text as paths), %d bytes (text as text)",
        baseline.path.min_ms, baseline.path.median_ms, baseline.path.bytes, baseline.none.bytes))
print(
    String(
        format: "  ratio       %.1f× faster, %.1f× smaller than matplotlib's text-as-text SVG",
        baseline.path.median_ms / primer.median, Double(baseline.none.bytes) / Double(svg.utf8.count)))
print("\nLesson cell: σ and σ′ computed at 1000 points, plotted and rendered to SVG")
print(String(format: "  Primer      min %7.3f ms  median %7.3f ms", lesson.min, lesson.median))
print(String(format: "  matplotlib  min %7.3f ms  median %7.3f ms (NumPy arrays)", baseline.lesson.min_ms, baseline.lesson.median_ms))
print(String(format: "  ratio       %.1f× faster", baseline.lesson.median_ms / lesson.median))
print(
    String(
        format: "\n  targets     time < 0.5 ms: %@   size < 8 KB: %@",
        primer.median < 0.5 ? "met" : "NOT met", svg.utf8.count < 8192 ? "met" : "NOT met"))
