import Foundation
import Testing

@testable import PrimerFigures

@Suite("Plot behaviour")
struct PlotBehaviourTests {
    private func svg(_ plot: Plot) -> String {
        PlotRenderer(plot: plot, id: "t").render().svg
    }

    @Test("a 1000-point curve is simplified to what shows, and stays small")
    func compact() {
        let xs = (0..<1000).map { -6 + 12 * Double($0) / 999 }
        let output = svg(
            Plot {
                Line(x: xs, y: xs.map { 1 / (1 + exp(-$0)) }, label: "σ")
                Line(
                    x: xs,
                    y: xs.map {
                        let s = 1 / (1 + exp(-$0))
                        return s * (1 - s)
                    }, label: "σ′")
            })
        #expect(output.utf8.count < 8192)
        let curve = output.firstMatch(of: /<path d="(M[^"]+)" fill="none" stroke-width="2"/)?.output.1 ?? ""
        // Relative coordinates after the first point: count the numbers.
        let numbers = curve.matches(of: /-?\d*\.?\d+/).count
        #expect(numbers > 20 && numbers < 400, "\(numbers) numbers for 1000 points")
    }

    @Test("NaN and ±∞ break a line instead of producing invalid path data")
    func nonFinite() {
        let output = svg(Plot { Line(x: [0, 1, 2, 3, 4], y: [0, .nan, 2, .infinity, -.infinity]) })
        #expect(!output.contains("nan") && !output.contains("inf"))
        #expect(PlotGoldenTests.isWellFormedXML(output))
        let functionOutput = svg(Plot { Line({ 1 / $0 }, x: -1...1) })
        #expect(!functionOutput.contains("nan") && !functionOutput.contains("inf"))
        #expect(PlotGoldenTests.isWellFormedXML(functionOutput))
    }

    @Test(
        "degenerate domains still render axes",
        arguments: [
            Plot { Line(x: [], y: []) },
            Plot { Scatter(x: [2], y: [2]) },
            Plot { Line(x: [1, 1, 1], y: [5, 5, 5]) },
            Plot { Line(x: [0, 1], y: [-1e300, 1e300]) },
            Plot { Line(x: [-1e-300, 1e-300], y: [1e-300, 2e-300]) },
            Plot { Line(x: [1, 2], y: [0, -5]) }.yScale(.log),
            Plot { Line({ $0 }, x: 1...1) },
        ])
    func degenerate(plot: Plot) {
        let output = svg(plot)
        #expect(PlotGoldenTests.isWellFormedXML(output))
        #expect(!output.contains("nan") && !output.contains("inf"))
        #expect(output.contains("text-anchor=\"middle\"><text"))
    }

    @Test("text is escaped once, everywhere it appears")
    func escaping() {
        let output = svg(Plot { Line(x: [0, 1], y: [0, 1], label: "a<b & \"c\"") }.title("<title>").xLabel("x & y"))
        #expect(output.contains("a&lt;b &amp; &quot;c&quot;"))
        #expect(output.contains("&lt;title&gt;"))
        #expect(!output.contains("<b &"))
        #expect(PlotGoldenTests.isWellFormedXML(output))
    }

    @Test("output is deterministic")
    func deterministic() {
        let plot = Plot { Line({ sin($0) }, x: 0...10, label: "sin") }
        #expect(svg(plot) == svg(plot))
    }

    @Test("ids are unique within a page")
    func uniqueIDs() {
        let plot = Plot { Line(x: [0, 1], y: [0, 1]) }
        let ids = [plot.svg(), plot.svg()].map { $0.firstMatch(of: /<title id="([^"]+)"/)?.output.1 ?? "" }
        #expect(ids[0] != ids[1])
    }

    @Test("accessible: role, title, description, and the data as a table")
    func accessible() {
        let plot = Plot { Line(x: [0, 1, 2], y: [0, 1, 4], label: "squares") }.xLabel("n").caption("Squares.")
        let html = plot.html()
        #expect(html.contains("role=\"img\" aria-labelledby=\""))
        #expect(html.contains("<desc id="))
        #expect(html.contains("Plot of 1 series: squares; x axis (n) from 0 to 2"))
        #expect(html.contains("<details class=\"plot-data\"><summary>Data</summary>"))
        #expect(html.contains("<tr><td>squares</td><td>2</td><td>4</td></tr>"))
        #expect(html.contains("<figcaption>Squares.</figcaption>"))
    }

    @Test("series differ in dash pattern as well as colour")
    func distinguishable() {
        let output = svg(
            Plot {
                Line(x: [0, 1], y: [0, 1], label: "a")
                Line(x: [0, 1], y: [1, 0], label: "b")
            })
        #expect(output.contains("style=\"stroke:var(--series-1,#0072b2)\""))
        #expect(output.contains("stroke-dasharray=\"7 3\" style=\"stroke:var(--series-2,#d55e00)\""))
    }
}

@Suite("Ticks")
struct TickTests {
    @Test("nice steps", arguments: [(0.13, 0.2), (0.7, 1.0), (3.0, 5.0), (1.0, 1.0), (12.0, 20.0), (0.0004, 0.0005)])
    func niceSteps(rough: Double, nice: Double) {
        #expect(abs(Ticks.niceStep(rough) - nice) < nice * 1e-12)
    }

    @Test("labels never show floating-point noise")
    func labels() {
        let ticks = Ticks.make(domain: 0...0.3, scale: .linear, length: 400, spacing: 40, widen: true)
        #expect(
            ticks.labels == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"].map { $0 } || ticks.labels.allSatisfy { $0.count <= 4 }
        )
        #expect(!ticks.labels.contains { $0.contains("0000") })
        let negative = Ticks.make(domain: -1...1, scale: .linear, length: 300, spacing: 60, widen: true)
        #expect(negative.labels.first == "−1.0")
        #expect(negative.labels.contains("0.0"))
    }

    @Test("labels that would overlap are thinned")
    func noOverlap() {
        let width = { (text: String) in TextMetrics.width(text, fontSize: 12) }
        let ticks = Ticks.make(domain: 1_000_000...9_000_000, scale: .linear, length: 200, spacing: 20, widen: true, labelRoom: width)
        let pixelsPerTick = 200 / Double(max(1, ticks.values.count - 1))
        #expect(ticks.labels.map(width).max()! + 6 <= pixelsPerTick)
    }

    @Test("log axes tick at powers of ten")
    func logTicks() {
        let ticks = Ticks.make(domain: 1e-9...1, scale: .log, length: 300, spacing: 36, widen: true)
        #expect(ticks.labels.contains("10⁻⁶"))
        #expect(ticks.values.allSatisfy { abs(log10($0) - log10($0).rounded()) < 1e-9 })
        let short = Ticks.make(domain: 1...50, scale: .log, length: 300, spacing: 36, widen: true)
        #expect(short.labels == ["1", "2", "5", "10", "20", "50", "100"])
    }
}

@Suite("Plot geometry")
struct GeometryTests {
    @Test("histogram counts every finite value in equal bins")
    func histogram() {
        let histogram = Histogram([0, 0.1, 0.5, 0.9, 1, .nan], bins: 2)
        #expect(histogram.counts == [2, 3])
        #expect(histogram.edges == [0, 0.5])
    }

    @Test("contours of a cone are closed rings")
    func contours() {
        let values = (0..<21).map { row in (0..<21).map { column in hypot(Double(column) - 10, Double(row) - 10) } }
        let lines = Contours.polylines(Contours.segments(values, level: 5.3))
        #expect(lines.count == 1)
        let ring = lines[0]
        #expect(hypot(ring[0].x - ring[ring.count - 1].x, ring[0].y - ring[ring.count - 1].y) < 1e-9)
        #expect(ring.allSatisfy { abs(hypot($0.x - 10, $0.y - 10) - 5.3) < 0.2 })
    }

    @Test("simplification keeps the shape within its tolerance")
    func simplification() {
        let points = (0...1000).map { Point(Double($0), 100 * sin(Double($0) / 100)) }
        let simplified = PathSimplifier.simplify(points, tolerance: 0.1)
        #expect(simplified.count < 200)
        #expect(simplified.first == points.first && simplified.last == points.last)
    }

    @Test("path data is compact and exact to a tenth of a pixel")
    func pathData() {
        let path = SVGPath.polyline([Point(10, 20), Point(10.55, 20.04), Point(12, 18.5), Point(.nan, 0), Point(20, 20)])
        #expect(path.data == "M10 20l.6 0 1.4-1.5m8 1.5")
    }

    @Test("PNG heat maps have a valid signature and chunk layout")
    func png() {
        let png = PNGEncoder.encode(width: 2, height: 2, rgb: [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        #expect(String(decoding: png.suffix(8).prefix(4), as: UTF8.self) == "IEND")
        #expect(PNGEncoder.base64([0x4D, 0x61, 0x6E]) == "TWFu")
        #expect(PNGEncoder.base64([0x4D, 0x61]) == "TWE=")
    }
}
