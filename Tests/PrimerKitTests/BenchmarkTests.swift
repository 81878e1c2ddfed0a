import Foundation
import PrimerKit
import Testing

@Suite("Micro-benchmarks")
struct BenchmarkTests {
    @Test("each repetition runs the work once, after one warm-up run")
    func repetitions() {
        var calls = 0
        let result = Benchmark.measure("count", elements: 10, repetitions: 7) { () -> Int in
            calls += 1
            return calls
        }
        #expect(calls == 8)
        #expect(result.runs.count == 7)
        #expect(result.runs.allSatisfy { $0 >= 0 })
        #expect(result.minimum <= result.median)
        #expect(result.nanosecondsPerElement == result.minimum / 10)
    }

    @Test("minimum and median of known runs")
    func statistics() {
        let odd = BenchmarkResult(name: "a", elements: 2, runs: [30, 10, 20])
        #expect(odd.minimum == 10 && odd.median == 20 && odd.nanosecondsPerElement == 5 && odd.medianNanosecondsPerElement == 10)
        let even = BenchmarkResult(name: "b", elements: 1, runs: [4, 1, 2, 3])
        #expect(even.median == 2.5)
    }

    @Test("kernels get the input and a buffer for their results")
    func buffers() {
        let input = (0..<1000).map(Double.init)
        var seen: [Double] = []
        let result = Benchmark.measure("relu", over: input, repetitions: 2) { source, target in
            Activation.relu.apply(source, into: target)
            seen = Array(target)
        }
        #expect(seen == input)
        #expect(result.elements == 1000)
        let arrays = Benchmark.measure("sigmoid", over: input, repetitions: 2) { Activation.sigmoid($0) }
        #expect(arrays.name == "sigmoid" && arrays.runs.count == 2)
    }

    @Test("results show as a Markdown table")
    func table() {
        let results = [
            BenchmarkResult(name: "sigmoid", elements: 1_000_000, runs: [2_000_000, 2_500_000]),
            BenchmarkResult(name: "ReLU", elements: 1_000_000, runs: [600_000]),
        ]
        let markdown = BenchmarkResult.table(results).markdown
        #expect(markdown.contains("| sigmoid | 1000000 | 2.000 | 2.250 |"))
        #expect(markdown.contains("| ReLU | 1000000 | 0.600 | 0.600 |"))
        #expect(results[0].displayOutput == .html(BenchmarkResult.table([results[0]]).html))
    }
}
