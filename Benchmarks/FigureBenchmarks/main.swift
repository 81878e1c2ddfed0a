// Figure benchmarks: the time and size of rendering a plot of 2 series ×
// 1000 points with axes and legend, against matplotlib rendering the same
// figure to SVG, measured in the same run.
//
//     swift run -c release figure-benchmarks [iterations]
//
// Writes both SVGs to /tmp (primer-benchmark.svg, matplotlib-*.svg) so they
// can be compared on screen.
import Foundation
import PrimerFigures

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 500

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
let primer = measure { figure().svg().utf8.count }

// The baseline, in the same run.
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("matplotlib_baseline.py")
let python = Process()
python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
python.arguments = ["python3", script.path, "20"]
let pipe = Pipe()
python.standardOutput = pipe
try python.run()
let data = pipe.fileHandleForReading.readDataToEndOfFile()
python.waitUntilExit()

struct Baseline: Decodable {
    struct Entry: Decodable {
        var min_ms: Double
        var median_ms: Double
        var bytes: Int
    }
    var path: Entry
    var none: Entry
}

print("Figure: 2 series × 1000 points, axes, grid, legend (\(iterations) runs)")
print(String(format: "  Primer      min %.3f ms  median %.3f ms  %6d bytes", primer.min, primer.median, svg.utf8.count))
if python.terminationStatus == 0, let baseline = try? JSONDecoder().decode(Baseline.self, from: data) {
    print(
        String(
            format: "  matplotlib  min %.3f ms  median %.3f ms  %6d bytes (text as paths), %d bytes (text as text)",
            baseline.path.min_ms, baseline.path.median_ms, baseline.path.bytes, baseline.none.bytes))
    print(
        String(
            format: "  ratio       %.0f× faster (median), %.1f× smaller than matplotlib's text-as-text SVG",
            baseline.path.median_ms / primer.median, Double(baseline.none.bytes) / Double(svg.utf8.count)))
} else {
    print("  matplotlib  not available (pip install matplotlib) — no baseline")
}
print(
    String(
        format: "  targets     time < 0.5 ms: %@   size < 8 KB: %@",
        primer.median < 0.5 ? "met" : "NOT met", svg.utf8.count < 8192 ? "met" : "NOT met"))
