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
        #expect(html.contains("<title id=\"pf"))
        #expect(html.contains("squares (line): 3 points, x from 0 to 2, y from 0 to 4. Axes: x axis (n) from 0 to 2"))
        #expect(html.contains("<details class=\"plot-data\"><summary>Data</summary>"))
        #expect(html.contains("<tr><td>2.0</td><td>4.0</td></tr>"))
        // Right-aligned by the table's class, not by a style on every cell.
        #expect(html.contains("<table class=\"numbers\">"))
        #expect(html.contains("<figcaption>Squares.\n<details class=\"plot-data\">"))
    }

    /// The `<title>` and `<desc>` of each `<svg>` in `text`.
    private func titleAndDesc(_ text: String) -> [(String, String)] {
        text.matches(of: /<title id="[^"]+">([^<]*)<\/title><desc id="[^"]+">([^<]*)<\/desc>/).map {
            (String($0.output.1), String($0.output.2))
        }
    }

    @Test("title names the plot, desc describes the data, and they differ")
    func titleAndDescription() {
        let plot = Plot {
            Line({ $0 * $0 }, x: 0...2, label: "square")
            Scatter(x: [0, 1], y: [3, 5], label: "measured")
        }.title("Squares")
        let pairs = titleAndDesc(svg(plot))
        #expect(pairs.count == 1)
        #expect(pairs.first?.0 == "Squares")
        let desc = pairs.first?.1 ?? ""
        #expect(desc.contains("square (line):") && desc.contains("x from 0 to 2, y from 0 to 4"))
        #expect(desc.contains("measured (scatter): 2 points, x from 0 to 1, y from 3 to 5"))
        let untitled = titleAndDesc(svg(Plot { Line(x: [0, 1], y: [1, 2], label: "a") }))
        #expect(untitled.first?.0 == "Plot of a")
        #expect(untitled.first.map { $0.0 != $0.1 } == true)
    }

    @Test("the page gets a wide and a narrow layout; text renders at 11 px or more from a 280-px column up")
    func narrowLayout() {
        let html = Plot { Line(x: [0, 1], y: [0, 1], label: "a") }.title("T").html()
        let svgs = html.matches(of: /<svg [^>]*class="plot (plot-wide|plot-narrow)" width="([\d.]+)"[^>]*font-size="([\d.]+)"/)
        #expect(svgs.map { String($0.output.1) } == ["plot-wide", "plot-narrow"])
        let wide = svgs.first.map { (Double($0.output.2)!, Double($0.output.3)!) } ?? (0, 0)
        let narrow = svgs.last.map { (Double($0.output.2)!, Double($0.output.3)!) } ?? (0, 0)
        // The stylesheet shows the wide one from a 587-px column up, the narrow one below.
        #expect(wide.1 * 587 / wide.0 >= 11)
        #expect(narrow.1 * 280 / narrow.0 >= 11)
        // Smaller text in the SVG (legend, ticks) uses the SVG's size: nothing is set smaller.
        #expect(!html.contains("font-size=\"1") || html.contains("font-size=\"13\"") || html.contains("font-size=\"15\""))
        #expect(
            PlotGoldenTests.isWellFormedXML(
                svgs.isEmpty ? "" : String(html[html.range(of: "<svg")!.lowerBound..<html.range(of: "</svg>")!.upperBound])))
    }

    @Test("panels sit side by side when wide and stack when narrow")
    func panelsStack() {
        let panels = Panels(
            Plot { Line({ $0 }, x: 0...1) }.size(width: 320, height: 240),
            Plot { Line({ -$0 }, x: 0...1) }.size(width: 320, height: 240))
        let html = panels.html()
        let sizes = html.matches(of: /<svg [^>]*class="plot (plot-wide|plot-narrow)" width="([\d.]+)" height="([\d.]+)"/).map {
            (String($0.output.1), Double($0.output.2)!, Double($0.output.3)!)
        }
        #expect(sizes.count == 2)
        #expect(sizes.first?.1 == 640 && sizes.first?.2 == 240)
        #expect(sizes.last?.1 == Plot.narrowWidth && sizes.last?.2 ?? 0 >= 400)
    }

    @Test("series colours reach 3:1 against the light background")
    func contrast() {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let bytes: [Int] = [value >> 16, (value >> 8) & 255, value & 255]
            let channels: [Double] = bytes.map { (byte: Int) -> Double in
                let c = Double(byte) / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        for colour in Palette.fallbackColours {
            let ratio = (1.05) / (luminance(colour) + 0.05)
            #expect(ratio >= 3, "\(colour): \(ratio)")
        }
    }

    @Test("rule labels and annotations move off other rules")
    func labelsAvoidRules() {
        let output = svg(
            Plot {
                Line({ 1 / (1 + exp(-$0)) }, x: -6...6, label: "σ(x)")
                RuleY(0.25, label: "σ′(0) = 0.25")
                RuleX(5, label: "x = 5")
            })
        let ruleX = output.firstMatch(of: /<path d="M([\d.]+) [\d.]+V[\d.]+" stroke-dasharray="5 4"/).map { Double($0.output.1)! } ?? 0
        let label = output.firstMatch(of: /<text x="([\d.]+)" y="[\d.]+" text-anchor="end" style="[^"]*">σ′\(0\) = 0.25</)
        let end = label.map { Double($0.output.1)! } ?? 0
        let width = TextMetrics.width("σ′(0) = 0.25", fontSize: 12)
        #expect(ruleX > 0 && end > 0)
        #expect(ruleX < end - width - 2 || ruleX > end + 2, "label [\(end - width), \(end)] crosses x = \(ruleX)")
    }

    @Test("an automatic legend takes the corner with the least data")
    func bestLegend() {
        let xs = (0...40).map { Double($0) / 4 }
        // Rising steps fill the bottom-left and top-right; the top-left is empty.
        let output = svg(Plot { Step(x: xs, y: xs.map { ($0 * 2).rounded(.down) / 10 - 1 }, label: "steps") })
        let box = output.firstMatch(of: /<g><rect x="([\d.]+)" y="([\d.]+)"/).map { (Double($0.output.1)!, Double($0.output.2)!) }
        #expect(box.map { $0.0 < 200 && $0.1 < 100 } == true, "legend at \(String(describing: box))")
    }

    @Test("when every corner holds data, the legend takes the free middle of an edge")
    func legendBetweenCorners() {
        // A U-shaped pair of curves: data in all four corners, none at the top middle.
        let xs = (0...40).map { Double($0) / 20 - 1 }
        let output = svg(
            Plot {
                Line(x: xs, y: xs.map { $0 * $0 }, label: "x²")
                Line(x: xs, y: xs.map { $0 * $0 * 0.9 }, label: "0.9 x²")
                Line(x: xs, y: xs.map { $0 * $0 * 0.8 }, label: "0.8 x²")
                Scatter(x: [-1, 1, -1, 1], y: [0, 0, 1, 1], label: "corners")
            })
        let box = output.firstMatch(of: /<g><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/)
            .map { (Double($0.output.1)!, Double($0.output.2)!, Double($0.output.3)!, Double($0.output.4)!) }
        guard let (left, top, width, height) = box else {
            Issue.record("no legend")
            return
        }
        #expect(abs(left + width / 2 - 329) < 40, "legend centred near the middle, at [\(left), \(left + width)]")
        #expect(top < 40 && top + height < 200, "legend at the top, y from \(top) to \(top + height)")
    }

    @Test("lines and markers are clipped to the frame, as matplotlib's clip_on")
    func clipping() {
        let output = svg(Plot { Line({ 1 / $0 }, x: -2...2) }.yDomain(-5...5))
        let frame = output.firstMatch(of: /<clipPath id="t-c"><rect x="([\d.]+)" y="([\d.]+)"/)
        #expect(frame.map { Double($0.output.2)! } == 10)
        #expect(output.contains("<g clip-path=\"url(#t-c)\"><path"))
        let scatter = svg(Plot { Scatter(x: [0, 1, 2], y: [0, 1, 2], label: "edge") }.xDomain(0...2).yDomain(0...2))
        #expect(scatter.components(separatedBy: "<clipPath ").count == 2)
        #expect(scatter.contains("<g clip-path=\"url(#t-c)\"><path d=\"M"))
        #expect(!scatter.contains("t-m"))
    }

    @Test("a heat map has a colour bar: beside the plot when wide, below when narrow, labelled, described")
    func colourBar() {
        let plot = Plot { HeatMap(x: 0...1, y: 0...1, resolution: 8, label: "loss") { x, y in 100 * x * y } }
        let wide = svg(plot)
        #expect(wide.contains("<linearGradient id=\"t-s\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"))
        #expect(wide.contains("fill=\"url(#t-s)\""))
        // The map's image is drawn inside the frame's clip: it cannot overshoot the axes.
        #expect(wide.contains("<g clip-path=\"url(#t-c)\"><image "))
        #expect(wide.contains("rotate(-90)\" text-anchor=\"middle\">loss</text>"))
        // Ticks at nice values, labelled at the plot's text size (inherited) in the theme's text colour.
        for label in ["0", "20", "40", "60", "80", "100"] { #expect(wide.contains(">\(label)</text>")) }
        #expect(wide.contains("a colour bar of loss beside the plot, from dark purple to yellow, ticked at 0, 20, 40, 60, 80, 100"))
        #expect(wide.components(separatedBy: "font-size=").count == 2)  // no other text size inside the plot
        // The plot area leaves room for it on the right.
        let frame = wide.firstMatch(of: /<clipPath id="t-c"><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/)
        let right = frame.map { Double($0.output.1)! + Double($0.output.2)! } ?? 640
        #expect(right < 640 - 14 - 40)
        let narrow = PlotRenderer(plot: plot.narrowed(), id: "n", fontSize: Plot.narrowFontSize).render().svg
        #expect(narrow.contains("<linearGradient id=\"n-s\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\">"))
        #expect(narrow.contains("a colour bar of loss below the plot"))
        #expect(PlotGoldenTests.isWellFormedXML(wide) && PlotGoldenTests.isWellFormedXML(narrow))
        // No colour bar without a heat map.
        #expect(!svg(Plot { Line(x: [0, 1], y: [0, 1]) }).contains("linearGradient"))
    }

    @Test("the data table lists a heat map's values, at most 12 × 12, saying so")
    func heatMapTable() {
        let small = Plot { HeatMap(x: 0...1, y: 0...2, resolution: 3, label: "z") { x, y in x + y } }.xLabel("a").html()
        #expect(small.contains("<caption>Heat map: z at all 3 × 3 grid points</caption>"))
        #expect(
            small.contains(
                "<thead><tr><th>a</th><th>y</th><th>z</th></tr></thead>"
            ))
        #expect(small.matches(of: /<tr><td/).count == 9)
        #expect(
            small.contains(
                "<tr><td>0.5</td><td>2.0</td><td>2.5</td></tr>"
            ))
        let large = Plot { HeatMap(x: 0...1, y: 0...1, resolution: 48) { x, y in x * y } }.html()
        #expect(large.contains("<caption>Heat map: value at 12 × 12 of its 48 × 48 grid points, spread evenly</caption>"))
        #expect(large.matches(of: /<tr><td/).count == 144)
        #expect(DataTable.sampleIndices(48, count: 40).first == 0 && DataTable.sampleIndices(48, count: 40).last == 47)
        #expect(DataTable.sampleIndices(10, count: 40) == Array(0..<10))
    }

    @Test("table columns are written like their axis' ticks, and right-aligned")
    func tableFormats() {
        let html = Plot { Line(x: [0, 1, 2, 3, 4], y: [0.25, 1.5, 2.125, 3, 4], label: "y") }.xDomain(0...4).html()
        // Ticks every 0.5 on both axes: one decimal in both columns.
        #expect(html.contains("<tr><td>1.0</td><td>1.5</td></tr>"))
        #expect(html.contains("<tr><td>4.0</td><td>4.0</td></tr>"))
        // x values the tick format would write alike get the decimals to tell them apart.
        #expect(DataTable.distinguishing(.fixed(0), [0, 0.2, 0.4]) == .fixed(1))
        #expect(DataTable.distinguishing(.fixed(1), [0, 1]) == .fixed(1))
    }

    @Test("an area's legend swatch is a light fill under the series' line")
    func areaSwatch() {
        let output = svg(Plot { Area(x: [0, 1, 2], y: [1, 2, 1], label: "area") })
        #expect(output.contains("height=\"10\" fill-opacity=\".22\" style=\"fill:var(--series-1,#0072b2)\"/><path d=\"M"))
        #expect(output.contains("h20\" stroke-width=\"1.6\" style=\"stroke:var(--series-1,#0072b2)\"/>"))
    }

    @Test("bars: headroom above the tallest, a tick per category")
    func barsLayout() {
        let output = svg(Plot { Bars(x: [1, 2, 3, 4, 5], y: [4, 7, 3, 8, 5]) })
        let xLabels = output.matches(of: /<text x="[\d.]+" y="[\d.]+">([^<]+)<\/text>/).map { String($0.output.1) }
        #expect(Array(xLabels.prefix(5)) == ["1", "2", "3", "4", "5"])
        let renderer = PlotRenderer(plot: Plot { Bars(x: [1, 2, 3, 4, 5], y: [4, 7, 3, 8, 5]) }, id: "t")
        #expect(renderer.yDomain.upperBound > 8)
    }

    @Test("a lone finite point between gaps is drawn as a dot")
    func lonePoint() {
        let output = svg(Plot { Line(x: [0, 1, 2, 3, 4], y: [0, 1, .nan, 2, .nan]) })
        #expect(output.contains("<g clip-path=\"url(#t-c)\"><path d=\"M"))
    }

    @Test("the data table is wide: x headed like the axis, a column per series, every point")
    func wideTable() {
        let xs = (0..<92).map(Double.init)
        let html = Plot {
            Line(x: xs, y: xs.map { $0 * 2 }, label: "double")
            Line(x: xs, y: xs.map { -$0 }, label: "negated")
        }.xLabel("step").html()
        #expect(
            html.contains(
                "<thead><tr><th>step</th><th>double</th><th>negated</th></tr></thead>"
            ))
        #expect(html.matches(of: /<tr><td/).count == 92)
        // The caption comes before the disclosure, next to the plot.
        let captioned = Plot { Line(x: [0, 1], y: [0, 1]) }.caption("C").html()
        #expect(captioned.range(of: "<figcaption>")!.lowerBound < captioned.range(of: "<details")!.lowerBound)
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
