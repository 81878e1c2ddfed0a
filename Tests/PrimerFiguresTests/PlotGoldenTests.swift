import Foundation
import PrimerTestSupport
import Testing

@testable import PrimerFigures

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One golden SVG per mark and option. Each was looked at in Chromium, in
/// light and dark mode, before it was recorded (`PRIMER_RECORD=1`).
@Suite("Plot goldens")
struct PlotGoldenTests {
    static let golden = Golden(
        folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden"))

    static let xs = (0..<40).map { Double($0) / 4 }

    /// Every golden case by name.
    static let cases: [(String, Plot)] = [
        (
            "function-lines",
            Plot {
                Line({ 1 / (1 + exp(-$0)) }, x: -6...6, label: "σ(x)")
                Line(
                    {
                        let s = 1 / (1 + exp(-$0))
                        return s * (1 - s)
                    }, x: -6...6, label: "σ′(x)")
            }.xLabel("x").yLabel("value")
        ),
        (
            "data-line-with-gaps",
            Plot {
                Line(x: [0, 1, 2, 3, 4, 5, 6, 7], y: [1, 2, .nan, 4, 5, .infinity, 3, 2], label: "with gaps")
            }
        ),
        (
            "scatter",
            Plot {
                Scatter(x: xs, y: xs.map { sin($0) }, label: "sin")
                Scatter(x: xs, y: xs.map { cos($0) }, label: "cos")
                Scatter(x: xs, y: xs.map { sin($0) * cos($0) }, label: "product")
            }
        ),
        (
            "step-and-area",
            Plot {
                Step(x: xs, y: xs.map { ($0 * 2).rounded(.down) / 4 }, label: "steps")
                Area(x: xs, y: xs.map { 0.5 + 0.5 * sin($0) }, label: "area")
            }
        ),
        (
            "bars",
            Plot {
                Bars(x: [1, 2, 3, 4, 5], y: [3, 1, 4, 1, 5], label: "counts")
            }.xLabel("category").yLabel("count")
        ),
        (
            "histogram",
            Plot {
                Histogram((0..<500).map { i in sin(Double(i)) + sin(Double(i) * 0.37) }, label: "values")
            }
        ),
        (
            "log-axis",
            Plot {
                Line(x: (1...30).map(Double.init), y: (1...30).map { pow(0.25, Double($0)) }, label: "0.25ⁿ")
                Line(x: (1...30).map(Double.init), y: (1...30).map { pow(0.9, Double($0)) }, label: "0.9ⁿ")
            }.yScale(.log).xLabel("layers").yLabel("gradient norm")
        ),
        (
            "heat-map-and-trajectory",
            Plot {
                HeatMap(x: -10...10, y: -3...3, resolution: 24) { x, y in x * x + 10 * y * y }
                Trajectory(x: [-9, -7.4, -6.1, -5, -4.1], y: [2, -1.6, 1.3, -1, 0.8], label: "gradient descent")
            }.xLabel("w₁").yLabel("w₂")
        ),
        (
            "rules-annotations-title",
            Plot {
                Line({ tanh($0) }, x: -4...4, label: "tanh")
                RuleY(0, label: "zero")
                RuleX(2, label: "x = 2")
                Annotation("saturates", x: 2.6, y: 0.7)
            }.title("tanh is zero-centred").legend(.bottomRight)
        ),
        (
            "chinese-labels",
            Plot {
                Line({ max(0, $0) }, x: -2...2, label: "线性整流")
            }.xLabel("输入 x").yLabel("输出").title("ReLU 函数")
        ),
        ("empty", Plot { Line(x: [], y: [], label: "nothing") }),
        ("single-point", Plot { Scatter(x: [3], y: [7], label: "one") }),
    ]

    @Test("each case matches its golden SVG", arguments: cases.map(\.0))
    func golden(name: String) throws {
        let plot = try #require(Self.cases.first { $0.0 == name }?.1)
        let svg = PlotRenderer(plot: plot, id: "g").render().svg
        try Self.golden.expect(svg + "\n", matches: "\(name).svg")
        #expect(Self.isWellFormedXML(svg), "\(name) is not well-formed XML")
        #expect(!svg.contains("nan") && !svg.contains("inf"), "\(name) has non-finite numbers")
    }

    /// The narrow layout the page shows in columns under 586 px, as `Plot.html()` renders it.
    static let narrowCases: [(String, Plot)] = [
        (
            "narrow-heat-map",
            Plot {
                HeatMap(x: -10...10, y: -3...3, resolution: 24, label: "loss") { x, y in x * x + 10 * y * y }
                Trajectory(x: [-9, -7.4, -6.1, -5, -4.1], y: [2, -1.6, 1.3, -1, 0.8], label: "gradient descent")
            }.xLabel("w₁").yLabel("w₂")
        ),
        (
            "narrow-step-and-area",
            Plot {
                Step(x: xs, y: xs.map { ($0 * 2).rounded(.down) / 4 }, label: "steps")
                Area(x: xs, y: xs.map { 0.5 + 0.5 * sin($0) }, label: "area")
            }.xLabel("t")
        ),
    ]

    @Test("the narrow layout matches its golden SVG", arguments: narrowCases.map(\.0))
    func narrowGolden(name: String) throws {
        let plot = try #require(Self.narrowCases.first { $0.0 == name }?.1)
        let svg = PlotRenderer(plot: plot.narrowed(), id: "g", fontSize: Plot.narrowFontSize).render(variant: "plot-narrow").svg
        try Self.golden.expect(svg + "\n", matches: "\(name).svg")
        #expect(Self.isWellFormedXML(svg), "\(name) is not well-formed XML")
        #expect(!svg.contains("nan") && !svg.contains("inf"), "\(name) has non-finite numbers")
    }

    @Test("panels side by side match their golden SVG")
    func panels() throws {
        let panels = Panels(
            Plot { Line({ tanh($0) }, x: -4...4, label: "tanh") }.title("tanh").size(width: 320, height: 240),
            Plot { Line({ 1 - tanh($0) * tanh($0) }, x: -4...4, label: "tanh′") }.title("derivative").size(width: 320, height: 240))
        let svg = panels.svg().replacing(/pf\d+/, with: "g")
        try Self.golden.expect(svg + "\n", matches: "panels.svg")
        #expect(Self.isWellFormedXML(svg))
    }

    static func isWellFormedXML(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }
}
