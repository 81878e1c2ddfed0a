import Foundation

/// Ids unique within a page: a lesson's figures are all rendered by one
/// program, in document order, so a process-wide counter is deterministic.
enum FigureIDs {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var count = 0

    static func next() -> String {
        lock.withLock {
            count += 1
            return "pf\(count)"
        }
    }
}

/// A series as drawn, in data coordinates, for the plot's data table.
struct PlottedSeries {
    var name: String
    var points: [Point]
}

/// Lays out and draws a `Plot` as SVG.
struct PlotRenderer {
    let plot: Plot
    let id: String

    static let fontSize = 12.0
    private static let tickLength = 4.0

    struct Output {
        var svg: String
        var series: [PlottedSeries]
        var summary: String
    }

    /// The y range the plot shows, after widening to nice ticks.
    var yDomain: ClosedRange<Double> { makeLayout().yTicks.domain }

    // MARK: Layout

    private struct Layout {
        var left: Double, top: Double, right: Double, bottom: Double
        var x: AxisMap, y: AxisMap
        var xTicks: Ticks, yTicks: Ticks
        var width: Double { right - left }
        var height: Double { bottom - top }
    }

    /// The whole `<svg>` element.
    func render() -> Output {
        var output = renderBody()
        output.svg = Self.svgElement(
            id: id, width: plot.width, height: plot.height,
            title: plot.title ?? plot.caption ?? output.summary, summary: output.summary, body: output.svg)
        return output
    }

    /// The opening and closing of an accessible, themable `<svg>`.
    static func svgElement(id: String, width: Double, height: Double, title: String, summary: String, body: String) -> String {
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"\(pixels(width))\" height=\"\(pixels(height))\" viewBox=\"0 0 \(pixels(width)) \(pixels(height))\""
        svg +=
            " role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" font-size=\"\(pixels(fontSize))\" style=\"font-family:var(--font-body,system-ui,sans-serif)\">"
        svg += "<title id=\"\(id)-t\">\(title.escapedAsMarkupText)</title>"
        svg += "<desc id=\"\(id)-d\">\(summary.escapedAsMarkupText)</desc>"
        return svg + body + "</svg>"
    }

    /// What goes inside the `<svg>`, for a plot of its own or a panel.
    func renderBody() -> Output {
        let layout = makeLayout()
        var svg = ""
        svg.reserveCapacity(8192)
        var series: [PlottedSeries] = []
        let summary = describe(layout)
        // The clip leaves room for a marker or a line's width at the domain's edge.
        let bleed = 4.0
        svg +=
            "<defs><clipPath id=\"\(id)-c\"><rect x=\"\(pixels(layout.left - bleed))\" y=\"\(pixels(layout.top - bleed))\" width=\"\(pixels(layout.width + 2 * bleed))\" height=\"\(pixels(layout.height + 2 * bleed))\"/></clipPath></defs>"
        if let heading = plot.title {
            svg +=
                "<text x=\"\(pixels(plot.width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"600\" style=\"fill:\(Palette.text)\">\(heading.escapedAsMarkupText)</text>"
        }
        svg += grid(layout)
        svg += "<g clip-path=\"url(#\(id)-c)\">"
        var seriesIndex = 0
        // Labels are drawn after the clipped marks, so the plot's edge never cuts them.
        var labels = ""
        var legend: [(name: String, series: Int, isScatter: Bool, isFilled: Bool)] = []
        for mark in plot.marks {
            let index = seriesIndex
            if mark.isSeries { seriesIndex += 1 }
            let drawn = draw(mark, series: index, layout: layout, into: &svg, labels: &labels)
            if mark.isSeries {
                let name = mark.label ?? "series \(index + 1)"
                series.append(PlottedSeries(name: name, points: drawn))
                if let label = mark.label {
                    var isScatter = false
                    var isFilled = false
                    if case .scatter = mark.shape { isScatter = true }
                    if case .bars = mark.shape { isFilled = true }
                    legend.append((label, index, isScatter, isFilled))
                }
            }
        }
        svg += "</g>"
        svg += labels
        svg += axes(layout)
        svg += legendBox(legend, layout: layout)
        return Output(svg: svg, series: series, summary: summary)
    }

    private func makeLayout() -> Layout {
        let xDomain = domain(for: plot.x, values: xValues(), fallback: 0...1)
        let widenX =
            plot.x.domain == nil
            && !plot.marks.contains { mark in
                if case .function = mark.shape { return true }
                if case .heatMap = mark.shape { return true }
                return false
            }
        let top = plot.title == nil ? 10.0 : 28.0
        let bottom = plot.height - (Self.fontSize + Self.tickLength + 8 + (plot.x.label == nil ? 0 : Self.fontSize + 8))
        let yDomain = domain(for: plot.y, values: yValues(xDomain: xDomain), fallback: 0...1)
        let yTicks = Ticks.make(
            domain: yDomain, scale: plot.y.scale, length: bottom - top, spacing: 36,
            widen: plot.y.domain == nil, labelRoom: { _ in Self.fontSize })
        let labelWidth = yTicks.labels.map { TextMetrics.width($0, fontSize: Self.fontSize) }.max() ?? 0
        let left = labelWidth + Self.tickLength + 10 + (plot.y.label == nil ? 0 : Self.fontSize + 10)
        let right = plot.width - 14
        let xTicks = Ticks.make(
            domain: xDomain, scale: plot.x.scale, length: right - left, spacing: 60, widen: widenX,
            labelRoom: { TextMetrics.width($0, fontSize: Self.fontSize) })
        return Layout(
            left: left, top: top, right: right, bottom: bottom,
            x: AxisMap(domain: xTicks.domain, scale: plot.x.scale, start: left, end: right),
            y: AxisMap(domain: yTicks.domain, scale: plot.y.scale, start: bottom, end: top),
            xTicks: xTicks, yTicks: yTicks)
    }

    /// The axis' fixed domain, else the finite values' range; never empty,
    /// never of zero width, and positive on a log axis.
    private func domain(for axis: Axis, values: [Double], fallback: ClosedRange<Double>) -> ClosedRange<Double> {
        if let domain = axis.domain, domain.upperBound > domain.lowerBound,
            axis.scale == .linear || domain.lowerBound > 0
        {
            return domain
        }
        // Beyond ±1e300 a range's width overflows; such values cannot be drawn apart anyway.
        let usable = values.filter { $0.isFinite && (axis.scale == .linear || $0 > 0) }.map { min(max($0, -1e300), 1e300) }
        guard var low = usable.min(), var high = usable.max() else {
            return axis.scale == .log ? 1...10 : fallback
        }
        if high == low {
            if axis.scale == .log {
                low /= 10
                high *= 10
            } else {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                low -= pad
                high += pad
            }
        }
        return low...high
    }

    private func xValues() -> [Double] {
        var values: [Double] = []
        for mark in plot.marks {
            switch mark.shape {
            case let .line(points, _), let .scatter(points), let .area(points, _), let .trajectory(points):
                values += points.filter { $0.y.isFinite }.map(\.x)
            case let .bars(points, width):
                values += points.flatMap { [$0.x - width / 2, $0.x + width / 2] }
            case let .function(_, domain?):
                values += [domain.lowerBound, domain.upperBound]
            case let .heatMap(grid, _):
                values += [grid.x.lowerBound, grid.x.upperBound]
            case let .ruleX(x):
                values.append(x)
            case let .annotation(_, at: point):
                values.append(point.x)
            default:
                break
            }
        }
        return values
    }

    private func yValues(xDomain: ClosedRange<Double>) -> [Double] {
        var values: [Double] = []
        for mark in plot.marks {
            switch mark.shape {
            case let .line(points, _), let .scatter(points), let .trajectory(points):
                values += points.filter { xDomain.contains($0.x) }.map(\.y)
            case let .area(points, baseline):
                values += points.filter { xDomain.contains($0.x) }.map(\.y) + [baseline]
            case let .bars(points, _):
                values += points.map(\.y) + (plot.y.scale == .linear ? [0] : [])
            case let .function(function, domain):
                let range = domain.map { $0.clamped(to: xDomain) } ?? xDomain
                values += (0...256).map { function(range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / 256) }
            case let .heatMap(grid, _):
                values += [grid.y.lowerBound, grid.y.upperBound]
            case let .ruleY(y):
                values.append(y)
            case let .annotation(_, at: point):
                values.append(point.y)
            default:
                break
            }
        }
        return values
    }

    // MARK: Marks

    /// Draws `mark` and returns its points in data coordinates.
    private func draw(_ mark: Mark, series: Int, layout: Layout, into svg: inout String, labels: inout String) -> [Point] {
        let toPixel = { (p: Point) in Point(layout.x(p.x), layout.y(p.y)) }
        let colour = Palette.colour(series)
        let dash = Palette.dash(series)
        let dashAttribute = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
        func strokePath(_ path: SVGPath, width: Double = 2) {
            guard !path.isEmpty else { return }
            svg +=
                "<path d=\"\(path.data)\" fill=\"none\" stroke-width=\"\(pixels(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dashAttribute) style=\"stroke:\(colour)\"/>"
        }
        switch mark.shape {
        case let .function(function, domain):
            let range = domain.map { $0.clamped(to: layout.x.domain) } ?? layout.x.domain
            let points = AdaptiveSampler.sample(function, over: range, toPixel: toPixel)
            strokePath(simplifiedPolyline(points.map(toPixel)))
            return points
        case let .line(points, steps):
            var pixelPoints = points.map(toPixel)
            if steps { pixelPoints = Self.stepped(pixelPoints) }
            strokePath(simplifiedPolyline(pixelPoints))
            return points
        case let .scatter(points):
            var path = ""
            for point in points.map(toPixel) where point.x.isFinite && point.y.isFinite {
                path += Palette.marker(series, at: point)
            }
            if !path.isEmpty {
                let filled = series % 5 != 4
                svg +=
                    "<path d=\"\(path)\" stroke-width=\"1.2\" style=\"stroke:\(colour);fill:\(filled ? colour : "none")\" fill-opacity=\".75\"/>"
            }
            return points
        case let .area(points, baseline):
            let base = layout.y(baseline).isFinite ? layout.y(baseline) : layout.bottom
            var path = SVGPath()
            for run in Self.finiteRuns(points.map(toPixel)) {
                guard let first = run.first, let last = run.last else { continue }
                path.move(to: Point(first.x, base))
                for point in PathSimplifier.simplify(run) { path.line(to: point) }
                path.line(to: Point(last.x, base))
                path.close()
            }
            if !path.isEmpty { svg += "<path d=\"\(path.data)\" fill-opacity=\".22\" style=\"fill:\(colour)\"/>" }
            strokePath(simplifiedPolyline(points.map(toPixel)), width: 1.6)
            return points
        case let .bars(points, width):
            let base = plot.y.scale == .log ? layout.bottom : min(max(layout.y(0), layout.top), layout.bottom)
            var path = SVGPath()
            for point in points where point.x.isFinite && point.y.isFinite {
                let x0 = layout.x(point.x - width / 2)
                let x1 = layout.x(point.x + width / 2)
                let top = layout.y(point.y)
                guard x0.isFinite, x1.isFinite, top.isFinite else { continue }
                path.move(to: Point(x0, base))
                path.line(to: Point(x0, top))
                path.line(to: Point(x1, top))
                path.line(to: Point(x1, base))
                path.close()
            }
            if !path.isEmpty {
                svg +=
                    "<path d=\"\(path.data)\" fill-opacity=\".8\" stroke-width=\".8\" style=\"fill:\(colour);stroke:\(Palette.background)\"/>"
            }
            return points
        case let .heatMap(grid, contours):
            drawHeatMap(grid, contours: contours, layout: layout, into: &svg)
            return []
        case let .trajectory(points):
            let pixelPoints = points.map(toPixel)
            // A light halo keeps the path visible over a heat map.
            let path = SVGPath.polyline(pixelPoints)
            if !path.isEmpty {
                svg +=
                    "<path d=\"\(path.data)\" fill=\"none\" stroke-width=\"4\" stroke-linejoin=\"round\" stroke-opacity=\".8\" style=\"stroke:\(Palette.background)\"/>"
            }
            strokePath(path, width: 1.8)
            var heads = ""
            for (a, b) in zip(pixelPoints, pixelPoints.dropFirst()) {
                heads += Self.arrowhead(from: a, to: b)
            }
            if !heads.isEmpty { svg += "<path d=\"\(heads)\" style=\"fill:\(colour)\"/>" }
            if let start = pixelPoints.first, start.x.isFinite, start.y.isFinite {
                svg += "<path d=\"\(Palette.marker(0, at: start, size: 3.5))\" style=\"fill:\(colour)\"/>"
            }
            return points
        case let .ruleX(x):
            let px = layout.x(x)
            guard px.isFinite else { return [] }
            svg +=
                "<path d=\"M\(pixels(px)) \(pixels(layout.top))V\(pixels(layout.bottom))\" stroke-dasharray=\"5 4\" style=\"stroke:\(Palette.muted)\"/>"
            if let label = mark.label {
                labels += text(label, at: Point(px + 4, layout.top + 12), layout: layout, colour: Palette.muted)
            }
            return []
        case let .ruleY(y):
            let py = layout.y(y)
            guard py.isFinite else { return [] }
            svg +=
                "<path d=\"M\(pixels(layout.left)) \(pixels(py))H\(pixels(layout.right))\" stroke-dasharray=\"5 4\" style=\"stroke:\(Palette.muted)\"/>"
            if let label = mark.label {
                labels += text(label, at: Point(layout.right - 4, py - 5), layout: layout, colour: Palette.muted, anchorEnd: true)
            }
            return []
        case let .annotation(text, at: point):
            let p = toPixel(point)
            guard p.x.isFinite, p.y.isFinite else { return [] }
            labels += self.text(text, at: Point(p.x + 4, p.y - 4), layout: layout, colour: Palette.text)
            return []
        }
    }

    /// A label at `p`, turned to end there when it would run past the plot's right edge.
    private func text(_ text: String, at p: Point, layout: Layout, colour: String, anchorEnd: Bool = false) -> String {
        let width = TextMetrics.width(text, fontSize: Self.fontSize)
        let endsAtPoint = anchorEnd || p.x + width > plot.width - 2
        let x = endsAtPoint && !anchorEnd ? p.x - 8 : p.x
        return
            "<text x=\"\(pixels(x))\" y=\"\(pixels(p.y))\"\(endsAtPoint ? " text-anchor=\"end\"" : "") style=\"fill:\(colour)\">\(text.escapedAsMarkupText)</text>"
    }

    private func simplifiedPolyline(_ pixelPoints: [Point]) -> SVGPath {
        var path = SVGPath()
        for run in Self.finiteRuns(pixelPoints) {
            path.addPolyline(PathSimplifier.simplify(run))
        }
        return path
    }

    /// Runs of consecutive finite points.
    private static func finiteRuns(_ points: [Point]) -> [[Point]] {
        var runs: [[Point]] = []
        var current: [Point] = []
        for point in points {
            if point.x.isFinite && point.y.isFinite {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    private static func stepped(_ points: [Point]) -> [Point] {
        var result: [Point] = []
        for (index, point) in points.enumerated() {
            if index > 0, point.y.isFinite, result.last?.y.isFinite == true {
                result.append(Point(point.x, result[result.count - 1].y))
            }
            result.append(point)
        }
        return result
    }

    private static func arrowhead(from a: Point, to b: Point) -> String {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 7, length.isFinite else { return "" }
        let ux = dx / length
        let uy = dy / length
        let size = 7.0
        let half = 3.2
        let base = Point(b.x - ux * size, b.y - uy * size)
        return
            "M\(pixels(b.x)) \(pixels(b.y))L\(pixels(base.x - uy * half)) \(pixels(base.y + ux * half))L\(pixels(base.x + uy * half)) \(pixels(base.y - ux * half))z"
    }

    private func drawHeatMap(_ grid: HeatMapGrid, contours: [Double], layout: Layout, into svg: inout String) {
        let rows = grid.values.count
        guard rows > 1, let columns = grid.values.first?.count, columns > 1 else { return }
        let finite = grid.values.flatMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return }
        var rgb: [UInt8] = []
        rgb.reserveCapacity(rows * columns * 3)
        // The image's first row is the top: the grid's highest y.
        for row in grid.values.reversed() {
            for value in row.prefix(columns) {
                let (r, g, b) = Palette.viridis(high > low ? (value - low) / (high - low) : 0.5)
                rgb += [r, g, b]
            }
        }
        let png = PNGEncoder.encode(width: columns, height: rows, rgb: rgb)
        // Pixel centres sit on the grid points: the image reaches half a cell beyond them.
        let cellX = (grid.x.upperBound - grid.x.lowerBound) / Double(columns - 1)
        let cellY = (grid.y.upperBound - grid.y.lowerBound) / Double(rows - 1)
        let x0 = layout.x(grid.x.lowerBound - cellX / 2)
        let x1 = layout.x(grid.x.upperBound + cellX / 2)
        let y0 = layout.y(grid.y.upperBound + cellY / 2)
        let y1 = layout.y(grid.y.lowerBound - cellY / 2)
        svg +=
            "<image x=\"\(pixels(x0))\" y=\"\(pixels(y0))\" width=\"\(pixels(x1 - x0))\" height=\"\(pixels(y1 - y0))\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,\(PNGEncoder.base64(png))\"/>"
        var path = SVGPath()
        for level in contours {
            for line in Contours.polylines(Contours.segments(grid.values, level: level)) {
                let pixelsLine = line.map { p in
                    Point(layout.x(grid.x.lowerBound + p.x * cellX), layout.y(grid.y.lowerBound + p.y * cellY))
                }
                path.addPolyline(PathSimplifier.simplify(pixelsLine, tolerance: 0.3))
            }
        }
        if !path.isEmpty {
            svg += "<path d=\"\(path.data)\" fill=\"none\" stroke=\"#fff\" stroke-opacity=\".7\" stroke-width=\".9\"/>"
        }
    }

    // MARK: Axes, grid, legend

    private func grid(_ layout: Layout) -> String {
        var path = SVGPath()
        for value in layout.xTicks.values {
            let x = layout.x(value)
            guard x.isFinite else { continue }
            path.move(to: Point(x, layout.top))
            path.line(to: Point(x, layout.bottom))
        }
        for value in layout.yTicks.values {
            let y = layout.y(value)
            guard y.isFinite else { continue }
            path.move(to: Point(layout.left, y))
            path.line(to: Point(layout.right, y))
        }
        return "<path d=\"\(path.data)\" fill=\"none\" stroke-width=\".6\" style=\"stroke:\(Palette.grid)\"/>"
    }

    private func axes(_ layout: Layout) -> String {
        var svg = ""
        var ticks = SVGPath()
        ticks.move(to: Point(layout.left, layout.top))
        ticks.line(to: Point(layout.left, layout.bottom))
        ticks.line(to: Point(layout.right, layout.bottom))
        for value in layout.xTicks.values {
            let x = layout.x(value)
            ticks.move(to: Point(x, layout.bottom))
            ticks.line(to: Point(x, layout.bottom + Self.tickLength))
        }
        for value in layout.yTicks.values {
            let y = layout.y(value)
            ticks.move(to: Point(layout.left - Self.tickLength, y))
            ticks.line(to: Point(layout.left, y))
        }
        svg += "<path d=\"\(ticks.data)\" fill=\"none\" style=\"stroke:\(Palette.muted)\"/>"
        svg += "<g style=\"fill:\(Palette.text)\">"
        svg += "<g text-anchor=\"middle\">"
        let xLabelY = layout.bottom + Self.tickLength + Self.fontSize + 2
        for (value, label) in zip(layout.xTicks.values, layout.xTicks.labels) {
            svg += "<text x=\"\(pixels(layout.x(value)))\" y=\"\(pixels(xLabelY))\">\(label.escapedAsMarkupText)</text>"
        }
        svg += "</g><g text-anchor=\"end\">"
        for (value, label) in zip(layout.yTicks.values, layout.yTicks.labels) {
            svg +=
                "<text x=\"\(pixels(layout.left - Self.tickLength - 3))\" y=\"\(pixels(layout.y(value) + Self.fontSize * 0.35))\">\(label.escapedAsMarkupText)</text>"
        }
        svg += "</g>"
        if let label = plot.x.label {
            svg +=
                "<text x=\"\(pixels((layout.left + layout.right) / 2))\" y=\"\(pixels(plot.height - 6))\" text-anchor=\"middle\">\(label.escapedAsMarkupText)</text>"
        }
        if let label = plot.y.label {
            let x = Self.fontSize + 2
            let y = (layout.top + layout.bottom) / 2
            svg +=
                "<text transform=\"translate(\(pixels(x)) \(pixels(y))) rotate(-90)\" text-anchor=\"middle\">\(label.escapedAsMarkupText)</text>"
        }
        return svg + "</g>"
    }

    private func legendBox(_ entries: [(name: String, series: Int, isScatter: Bool, isFilled: Bool)], layout: Layout) -> String {
        guard !entries.isEmpty, plot.legend != .hidden else { return "" }
        let rowHeight = 17.0
        let width = (entries.map { TextMetrics.width($0.name, fontSize: Self.fontSize) }.max() ?? 0) + 40
        let height = Double(entries.count) * rowHeight + 8
        let corner = plot.legend == .automatic ? emptiestCorner(width: width, height: height, layout: layout) : plot.legend
        let left = corner == .topLeft || corner == .bottomLeft ? layout.left + 8 : layout.right - width - 8
        let top = corner == .topLeft || corner == .topRight ? layout.top + 8 : layout.bottom - height - 8
        var svg =
            "<g><rect x=\"\(pixels(left))\" y=\"\(pixels(top))\" width=\"\(pixels(width))\" height=\"\(pixels(height))\" rx=\"4\" fill-opacity=\".85\" style=\"fill:\(Palette.background);stroke:\(Palette.grid)\"/>"
        for (row, entry) in entries.enumerated() {
            let y = top + 4 + rowHeight * (Double(row) + 0.5)
            let colour = Palette.colour(entry.series)
            if entry.isScatter {
                svg +=
                    "<path d=\"\(Palette.marker(entry.series, at: Point(left + 18, y)))\" style=\"stroke:\(colour);fill:\(entry.series % 5 == 4 ? "none" : colour)\"/>"
            } else if entry.isFilled {
                svg += "<rect x=\"\(pixels(left + 10))\" y=\"\(pixels(y - 5))\" width=\"16\" height=\"10\" style=\"fill:\(colour)\"/>"
            } else {
                let dash = Palette.dash(entry.series)
                svg +=
                    "<path d=\"M\(pixels(left + 6)) \(pixels(y))h22\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") style=\"stroke:\(colour)\"/>"
            }
            svg +=
                "<text x=\"\(pixels(left + 34))\" y=\"\(pixels(y + 4))\" style=\"fill:\(Palette.text)\">\(entry.name.escapedAsMarkupText)</text>"
        }
        return svg + "</g>"
    }

    /// The plot corner whose legend-sized box covers the fewest data points.
    private func emptiestCorner(width: Double, height: Double, layout: Layout) -> Plot.LegendPosition {
        var points: [Point] = []
        for mark in plot.marks {
            switch mark.shape {
            case let .line(data, _), let .scatter(data), let .area(data, _), let .bars(data, _), let .trajectory(data):
                points += data.map { Point(layout.x($0.x), layout.y($0.y)) }
            case let .function(function, domain):
                let range = domain.map { $0.clamped(to: layout.x.domain) } ?? layout.x.domain
                points += (0...100).map { step -> Point in
                    let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(step) / 100
                    return Point(layout.x(x), layout.y(function(x)))
                }
            default:
                break
            }
        }
        let corners: [Plot.LegendPosition] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
        return corners.min { a, b in count(points, in: a, width, height, layout) < count(points, in: b, width, height, layout) }
            ?? .topRight
    }

    private func count(_ points: [Point], in corner: Plot.LegendPosition, _ width: Double, _ height: Double, _ layout: Layout) -> Int {
        let left = corner == .topLeft || corner == .bottomLeft ? layout.left : layout.right - width - 16
        let top = corner == .topLeft || corner == .topRight ? layout.top : layout.bottom - height - 16
        return points.count { $0.x >= left && $0.x <= left + width + 16 && $0.y >= top && $0.y <= top + height + 16 }
    }

    /// A sentence for screen readers: the kinds of marks, the series, the axes.
    private func describe(_ layout: Layout) -> String {
        let names = plot.marks.filter(\.isSeries).enumerated().map { $1.label ?? "series \($0 + 1)" }
        var parts: [String] = []
        if !names.isEmpty { parts.append("\(names.count) series: \(names.joined(separator: ", "))") }
        if plot.marks.contains(where: { if case .heatMap = $0.shape { true } else { false } }) {
            parts.append("a heat map with contour lines")
        }
        func axis(_ name: String, _ axis: Axis, _ ticks: Ticks) -> String {
            let label = axis.label.map { " (\($0))" } ?? ""
            let low = NumberFormat.significant(4).format(ticks.domain.lowerBound)
            let high = NumberFormat.significant(4).format(ticks.domain.upperBound)
            return "\(name) axis\(label) from \(low) to \(high)\(axis.scale == .log ? ", logarithmic" : "")"
        }
        parts.append(axis("x", plot.x, layout.xTicks))
        parts.append(axis("y", plot.y, layout.yTicks))
        return plot.description ?? ("Plot of " + parts.joined(separator: "; ") + ".")
    }
}
