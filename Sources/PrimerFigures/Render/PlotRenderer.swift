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
    /// How the table writes x and y: like the axes' tick labels.
    var xFormat: NumberFormat = .significant(4)
    var yFormat: NumberFormat = .significant(4)
}

/// A heat map's grid as drawn, for the plot's data table.
struct PlottedHeatMap {
    var grid: HeatMapGrid
    var label: String?
    var xFormat: NumberFormat
    var yFormat: NumberFormat
    /// Like the colour bar's tick labels.
    var valueFormat: NumberFormat
}

/// Lays out and draws a `Plot` as SVG.
///
/// The functions marked `@_optimize(none)` run a few times a figure and
/// mostly join text (the frame, the axes, the legend's box, the
/// description, the `<svg>` element): unoptimised, they cost a figure
/// next to nothing, and the kit's compile half of PrimerFigures' CPU
/// time (README, "The kit"). What runs once a point (sampling, pixels,
/// placing the legend and labels, paths, the data table) stays optimised.
struct PlotRenderer {
    let plot: Plot
    let id: String

    /// The text size in the SVG's own units; the narrow variant uses a larger one.
    var fontSize = 12.0
    /// Whether an automatic legend that finds no free place inside the
    /// frame goes under the plot (a plot of its own: yes; a panel: no).
    var legendMayGoBelow = false
    private static let tickLength = 4.0

    struct Output {
        var svg: String
        var series: [PlottedSeries]
        var summary: String
        var heatMaps: [PlottedHeatMap] = []
        /// Height added under the plot for a legend placed there.
        var addedHeight = 0.0
    }

    /// The y range the plot shows, after widening to nice ticks.
    var yDomain: ClosedRange<Double> { makeLayout().yTicks.domain }

    // MARK: Layout

    private struct Layout {
        var left: Double, top: Double, right: Double, bottom: Double
        var x: AxisMap, y: AxisMap
        var xTicks: Ticks, yTicks: Ticks
        var colourBar: ColourBar?
        var width: Double { right - left }
        var height: Double { bottom - top }
    }

    /// The scale of a heat map's colours: beside the plot area, or below it
    /// in a narrow layout.
    private struct ColourBar {
        var values: ClosedRange<Double>
        var ticks: Ticks
        var label: String?
        var contours: [Double]
        var vertical: Bool
        var x: Double, y: Double, width: Double, height: Double
    }

    /// Whether this layout is the narrow one, where the colour bar goes below the plot.
    private var isNarrow: Bool { plot.width <= Plot.narrowWidth }

    /// The first heat map: its grid, contour levels and label.
    @_optimize(none) private func heatMap() -> (grid: HeatMapGrid, contours: [Double], label: String?)? {
        for mark in plot.marks {
            if case let .heatMap(grid, contours) = mark.shape { return (grid, contours, mark.label) }
        }
        return nil
    }

    /// The range of a grid's finite values, never of zero width.
    private static func valueRange(_ grid: HeatMapGrid) -> ClosedRange<Double>? {
        let finite = grid.values.flatMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return low...high
    }

    /// The whole `<svg>` element; `variant` is its class ("plot-wide" or
    /// "plot-narrow") when the page gets both layouts.
    @_optimize(none) func render(variant: String? = nil) -> Output {
        var renderer = self
        renderer.legendMayGoBelow = true
        var output = renderer.renderBody()
        output.svg = Self.svgElement(
            id: id, width: plot.width, height: plot.height + output.addedHeight, fontSize: fontSize, variant: variant,
            title: plot.title ?? plot.caption ?? shortTitle(), summary: output.summary, body: output.svg)
        return output
    }

    /// The opening and closing of an accessible, themable `<svg>`.
    @_optimize(none) static func svgElement(
        id: String, width: Double, height: Double, fontSize: Double = 12, variant: String? = nil, title: String, summary: String,
        body: String
    ) -> String {
        let classes = variant.map { "plot \($0)" } ?? "plot"
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(classes)\" width=\"\(pixels(width))\" height=\"\(pixels(height))\" viewBox=\"0 0 \(pixels(width)) \(pixels(height))\""
        let describedBy = summary != title ? " aria-describedby=\"\(id)-d\"" : ""
        svg +=
            " role=\"img\" aria-labelledby=\"\(id)-t\"\(describedBy) font-size=\"\(pixels(fontSize))\" style=\"font-family:var(--font-body,system-ui,sans-serif)\">"
        svg += "<title id=\"\(id)-t\">\(title.escapedAsMarkupText)</title>"
        if summary != title { svg += "<desc id=\"\(id)-d\">\(summary.escapedAsMarkupText)</desc>" }
        return svg + body + "</svg>"
    }

    /// A name for a plot without title or caption: what it shows, in a few words.
    @_optimize(none) func shortTitle() -> String {
        let names = plot.marks.filter(\.isSeries).compactMap(\.label)
        var kind = "Plot"
        if plot.marks.contains(where: { if case .heatMap = $0.shape { true } else { false } }) { kind = "Heat map" }
        guard !names.isEmpty else { return kind }
        let shown = names.count > 3 ? names.prefix(3).joined(separator: ", ") + ", …" : names.joined(separator: ", ")
        return "\(kind) of \(shown)"
    }

    /// What goes inside the `<svg>`, for a plot of its own or a panel.
    @_optimize(none) func renderBody() -> Output {
        let layout = makeLayout()
        var svg = ""
        svg.reserveCapacity(8192)
        var series: [PlottedSeries] = []
        // Everything drawn in data coordinates stops at the frame: markers
        // too, cut at the edge like matplotlib's clip_on, drawn over the lines.
        svg +=
            "<defs><clipPath id=\"\(id)-c\"><rect x=\"\(pixels(layout.left))\" y=\"\(pixels(layout.top))\" width=\"\(pixels(layout.width))\" height=\"\(pixels(layout.height))\"/></clipPath>"
            + (layout.colourBar.map(colourBarGradient) ?? "") + "</defs>"
        if let heading = plot.title {
            svg +=
                "<text x=\"\(pixels(plot.width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"600\" style=\"fill:\(Palette.text)\">\(heading.escapedAsMarkupText)</text>"
        }
        svg += grid(layout)
        svg += "<g clip-path=\"url(#\(id)-c)\">"
        var seriesIndex = 0
        // Labels are drawn after the clipped marks, so the plot's edge never cuts them.
        var labelRequests: [LabelRequest] = []
        var markers = ""
        var legend: [LegendEntry] = []
        for mark in plot.marks {
            let index = seriesIndex
            if mark.isSeries { seriesIndex += 1 }
            let drawn = draw(mark, series: index, layout: layout, into: &svg, markers: &markers, labels: &labelRequests)
            if mark.isSeries {
                let name = mark.label ?? "series \(index + 1)"
                series.append(
                    PlottedSeries(name: name, points: drawn, xFormat: layout.xTicks.format, yFormat: layout.yTicks.format))
                if let label = mark.label {
                    var swatch = LegendEntry.Swatch.line
                    if case .scatter = mark.shape { swatch = .marker }
                    if case .bars = mark.shape { swatch = .bar }
                    if case .area = mark.shape { swatch = .area }
                    legend.append(LegendEntry(name: label, series: index, swatch: swatch))
                }
            }
        }
        svg += "</g>"
        if !markers.isEmpty { svg += "<g clip-path=\"url(#\(id)-c)\">" + markers + "</g>" }
        // The legend takes its corner first; labels then keep clear of it.
        let legendFrame = self.legendFrame(legend, layout: layout)
        svg += placeLabels(labelRequests, layout: layout, avoiding: legendFrame.map { [$0.box] } ?? [])
        svg += axes(layout)
        if let legendFrame { svg += legendBox(legend, in: legendFrame) }
        let addedHeight = legendFrame.map { max(0, $0.box.top + $0.box.height + 4 - plot.height) } ?? 0
        if let bar = layout.colourBar { svg += colourBar(bar) }
        var heatMaps: [PlottedHeatMap] = []
        for mark in plot.marks {
            if case let .heatMap(grid, _) = mark.shape {
                heatMaps.append(
                    PlottedHeatMap(
                        grid: grid, label: mark.label, xFormat: layout.xTicks.format, yFormat: layout.yTicks.format,
                        valueFormat: layout.colourBar?.ticks.format ?? .significant(4)))
            }
        }
        return Output(
            svg: svg, series: series, summary: describe(layout, series: series), heatMaps: heatMaps, addedHeight: addedHeight)
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
        let heat = heatMap()
        let values = heat.flatMap { Self.valueRange($0.grid) }
        // Below the plot in a narrow layout: the bar, its tick labels and its label.
        let barRoom = values != nil && isNarrow ? 24 + fontSize + (heat?.label == nil ? 0 : fontSize + 4) : 0
        let bottom =
            plot.height - barRoom - (fontSize + Self.tickLength + 8 + (plot.x.label == nil ? 0 : fontSize + 8))
        let yDomain = domain(for: plot.y, values: yValues(xDomain: xDomain), fallback: 0...1)
        let yTicks = Ticks.make(
            domain: yDomain, scale: plot.y.scale, length: bottom - top, spacing: 36,
            widen: plot.y.domain == nil && heat == nil, labelRoom: { _ in fontSize })
        let labelWidth = yTicks.labels.map { TextMetrics.width($0, fontSize: fontSize) }.max() ?? 0
        let left = labelWidth + Self.tickLength + 10 + (plot.y.label == nil ? 0 : fontSize + 10)
        var right = plot.width - 14
        var colourBar: ColourBar?
        if let heat, let values {
            let domain = values.upperBound > values.lowerBound ? values : (values.lowerBound - 1)...(values.upperBound + 1)
            if isNarrow {
                let ticks = Ticks.make(
                    domain: domain, scale: .linear, length: right - left, spacing: 50, widen: false,
                    labelRoom: { TextMetrics.width($0, fontSize: fontSize) })
                colourBar = ColourBar(
                    values: domain, ticks: ticks, label: heat.label, contours: heat.contours, vertical: false,
                    x: left, y: plot.height - barRoom + 6, width: right - left, height: 10)
            } else {
                let ticks = Ticks.make(
                    domain: domain, scale: .linear, length: bottom - top, spacing: 36, widen: false, labelRoom: { _ in fontSize })
                let widest = ticks.labels.map { TextMetrics.width($0, fontSize: fontSize) }.max() ?? 0
                right -= 14 + 12 + Self.tickLength + 3 + widest + (heat.label == nil ? 0 : fontSize + 8)
                colourBar = ColourBar(
                    values: domain, ticks: ticks, label: heat.label, contours: heat.contours, vertical: true,
                    x: right + 14, y: top, width: 12, height: bottom - top)
            }
        }
        let xTicks =
            categories().map { values in
                // A category axis: a tick under each bar, half a step of room at each end.
                Ticks(
                    values: values, labels: values.map { NumberFormat.fixed(0).format($0) },
                    domain: (values[0] - 0.6)...(values[values.count - 1] + 0.6), format: .fixed(0))
            }
            ?? Ticks.make(
                domain: xDomain, scale: plot.x.scale, length: right - left, spacing: 60, widen: widenX,
                labelRoom: { TextMetrics.width($0, fontSize: fontSize) })
        return Layout(
            left: left, top: top, right: right, bottom: bottom,
            x: AxisMap(domain: xTicks.domain, scale: plot.x.scale, start: left, end: right),
            y: AxisMap(domain: yTicks.domain, scale: plot.y.scale, start: bottom, end: top),
            xTicks: xTicks, yTicks: yTicks, colourBar: colourBar)
    }

    /// The bars' x values when every series is bars at consecutive whole
    /// numbers (categories 1, 2, 3, …), on an axis left to its default.
    @_optimize(none) private func categories() -> [Double]? {
        guard plot.x.domain == nil, plot.x.scale == .linear else { return nil }
        var xs: Set<Double> = []
        for mark in plot.marks where mark.isSeries {
            guard case let .bars(points, width) = mark.shape, width <= 1 else { return nil }
            xs.formUnion(points.map(\.x).filter(\.isFinite))
        }
        let sorted = xs.sorted()
        guard sorted.count >= 2, sorted.count <= 30, sorted.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e6 }),
            zip(sorted, sorted.dropFirst()).allSatisfy({ $1 - $0 == 1 })
        else { return nil }
        return sorted
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
                for point in points where point.y.isFinite { values.append(point.x) }
            case let .bars(points, width):
                for point in points { values += [point.x - width / 2, point.x + width / 2] }
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
                // Headroom: the tallest bar stays clear of the frame.
                let heights = points.map(\.y).filter(\.isFinite)
                let top = heights.max() ?? 0
                values += heights + (plot.y.scale == .linear ? [0, top + 0.06 * abs(top)] : [top * 1.3])
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
    private func draw(
        _ mark: Mark, series: Int, layout: Layout, into svg: inout String, markers: inout String, labels: inout [LabelRequest]
    ) -> [Point] {
        let toPixel = { (p: Point) in Point(layout.x(p.x), layout.y(p.y)) }
        let colour = Palette.colour(series)
        let dash = Palette.dash(series)
        let dashAttribute = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
        func strokePath(_ path: SVGPath, width: Double = 2) {
            // A finite point between gaps has no segment to draw: it shows as a dot.
            if !path.lonePoints.isEmpty {
                let dots = path.lonePoints.map { Palette.marker(0, at: $0, size: width * 1.2) }.joined()
                markers += "<path d=\"\(dots)\" style=\"fill:\(colour)\"/>"
            }
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
                markers +=
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
                markers += "<path d=\"\(Palette.marker(0, at: start, size: 3.5))\" style=\"fill:\(colour)\"/>"
            }
            return points
        case let .ruleX(x):
            let px = layout.x(x)
            guard px.isFinite else { return [] }
            svg +=
                "<path d=\"M\(pixels(px)) \(pixels(layout.top))V\(pixels(layout.bottom))\" stroke-dasharray=\"5 4\" style=\"stroke:\(Palette.muted)\"/>"
            if let label = mark.label {
                // By the rule near the top, else lower down or on its left, wherever the data is not.
                let ys = [layout.top + 14, layout.top + layout.height * 0.5, layout.bottom - 6]
                let candidates = ys.flatMap { y in [(Point(px + 4, y), false), (Point(px - 4, y), true)] }
                labels.append(LabelRequest(text: label, candidates: candidates, colour: Palette.muted))
            }
            return []
        case let .ruleY(y):
            let py = layout.y(y)
            guard py.isFinite else { return [] }
            svg +=
                "<path d=\"M\(pixels(layout.left)) \(pixels(py))H\(pixels(layout.right))\" stroke-dasharray=\"5 4\" style=\"stroke:\(Palette.muted)\"/>"
            if let label = mark.label {
                // Above the rule at its right end, else along it, else below it.
                // Just left of a vertical rule is a natural second place.
                let beforeRules = plot.marks.compactMap { mark -> Double? in
                    if case let .ruleX(x) = mark.shape, layout.x(x).isFinite { return layout.x(x) - 4 }
                    return nil
                }
                let along = [0.62, 0.38, 0.85, 0.15, 0.5, 0.75, 0.25].map { layout.left + layout.width * $0 }
                let xs = [layout.right - 4] + beforeRules + along
                let candidates = [py - 5, py + fontSize + 3].flatMap { y in xs.map { (Point($0, y), true) } }
                labels.append(LabelRequest(text: label, candidates: candidates, colour: Palette.muted))
            }
            return []
        case let .annotation(text, at: point):
            let p = toPixel(point)
            guard p.x.isFinite, p.y.isFinite else { return [] }
            labels.append(
                LabelRequest(
                    text: text,
                    candidates: [
                        (Point(p.x + 4, p.y - 4), false), (Point(p.x + 4, p.y + fontSize + 2), false), (Point(p.x - 4, p.y - 4), true),
                        (Point(p.x - 4, p.y + fontSize + 2), true),
                    ], colour: Palette.text))
            return []
        }
    }

    struct LabelRequest {
        var text: String
        /// Baseline positions to try, best first, and whether the text ends there.
        var candidates: [(Point, Bool)]
        var colour: String
    }

    /// Each label at the candidate that overlaps the fewest curve samples,
    /// rules and labels already placed (the first one on a tie).
    private func placeLabels(_ requests: [LabelRequest], layout: Layout, avoiding taken: [Box]) -> String {
        guard !requests.isEmpty else { return "" }
        let points = dataPixels(layout)
        let (rulesX, rulesY) = rulePixels(layout)
        var placed = taken.map { ($0.left, $0.top, $0.left + $0.width, $0.top + $0.height) }
        var svg = ""
        for request in requests {
            let width = TextMetrics.width(request.text, fontSize: fontSize)
            // Where `text(_:at:)` will really draw it, turned back from the right edge included.
            func box(_ candidate: (Point, Bool)) -> (Double, Double, Double, Double) {
                let (p, endsThere) = candidate
                let x0 = textStart(request.text, at: p, anchorEnd: endsThere)
                return (x0 - 3, p.y - fontSize * 0.85 - 2, x0 + width + 3, p.y + fontSize * 0.25 + 3)
            }
            func cost(_ candidate: (Point, Bool)) -> Int {
                let b = box(candidate)
                var cost = points.count { $0.x >= b.0 && $0.x <= b.2 && $0.y >= b.1 && $0.y <= b.3 }
                cost += 20 * rulesX.count { $0 >= b.0 && $0 <= b.2 }
                cost += 20 * rulesY.count { $0 >= b.1 && $0 <= b.3 }
                cost += 50 * placed.count { $0.0 < b.2 && b.0 < $0.2 && $0.1 < b.3 && b.1 < $0.3 }
                if b.0 < 0 || b.2 > plot.width { cost += 1000 }
                return cost
            }
            let inside = request.candidates.filter { box($0).1 >= layout.top - 2 && box($0).3 <= layout.bottom + 2 }
            let options = inside.isEmpty ? request.candidates : inside
            guard var best = options.first else { continue }
            var bestCost = cost(best)
            for candidate in options.dropFirst() where bestCost > 0 {
                let c = cost(candidate)
                if c < bestCost { (best, bestCost) = (candidate, c) }
            }
            placed.append(box(best))
            svg += text(request.text, at: best.0, layout: layout, colour: request.colour, anchorEnd: best.1)
        }
        return svg
    }

    /// Where the vertical and the horizontal reference lines are, in pixels.
    private func rulePixels(_ layout: Layout) -> (x: [Double], y: [Double]) {
        var rulesX: [Double] = []
        var rulesY: [Double] = []
        for mark in plot.marks {
            if case let .ruleX(x) = mark.shape, layout.x(x).isFinite { rulesX.append(layout.x(x)) }
            if case let .ruleY(y) = mark.shape, layout.y(y).isFinite { rulesY.append(layout.y(y)) }
        }
        return (rulesX, rulesY)
    }

    /// The series as pixel samples a few pixels apart, for placing labels and the legend.
    private func dataPixels(_ layout: Layout) -> [Point] {
        var points: [Point] = []
        func addPolyline(_ pixels: [Point]) {
            for (a, b) in zip(pixels, pixels.dropFirst()) where a.x.isFinite && a.y.isFinite && b.x.isFinite && b.y.isFinite {
                let steps = min(200, Int((abs(b.x - a.x) + abs(b.y - a.y)) / 3) + 1)
                for k in 0..<steps {
                    let t = Double(k) / Double(steps)
                    points.append(Point(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                }
            }
            if let last = pixels.last, last.x.isFinite, last.y.isFinite { points.append(last) }
        }
        for mark in plot.marks {
            switch mark.shape {
            case let .line(data, steps):
                let pixels = data.map { Point(layout.x($0.x), layout.y($0.y)) }
                addPolyline(steps ? Self.stepped(pixels) : pixels)
            case let .area(data, _), let .trajectory(data):
                addPolyline(data.map { Point(layout.x($0.x), layout.y($0.y)) })
            case let .scatter(data):
                points += data.map { Point(layout.x($0.x), layout.y($0.y)) }
            case let .bars(data, width):
                let base = layout.y(0).isFinite ? layout.y(0) : layout.bottom
                for bar in data {
                    let x0 = layout.x(bar.x - width / 2)
                    let x1 = layout.x(bar.x + width / 2)
                    let top = layout.y(bar.y)
                    guard x0.isFinite, x1.isFinite, top.isFinite else { continue }
                    for x in stride(from: x0, through: x1, by: 4) {
                        for y in stride(from: min(top, base), through: max(top, base), by: 4) { points.append(Point(x, y)) }
                    }
                }
            case let .function(function, domain):
                let range = domain.map { $0.clamped(to: layout.x.domain) } ?? layout.x.domain
                addPolyline(
                    (0...200).map { step -> Point in
                        let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(step) / 200
                        return Point(layout.x(x), layout.y(function(x)))
                    })
            default:
                break
            }
        }
        return points.filter { $0.x >= layout.left && $0.x <= layout.right && $0.y >= layout.top && $0.y <= layout.bottom }
    }

    /// A label at `p`, turned to end there when it would run past the plot's right edge.
    private func text(_ text: String, at p: Point, layout: Layout, colour: String, anchorEnd: Bool = false) -> String {
        let width = TextMetrics.width(text, fontSize: fontSize)
        let endsAtPoint = anchorEnd || p.x + width > plot.width - 2
        let x = endsAtPoint && !anchorEnd ? p.x - 8 : p.x
        return
            "<text x=\"\(pixels(x))\" y=\"\(pixels(p.y))\"\(endsAtPoint ? " text-anchor=\"end\"" : "") style=\"fill:\(colour)\">\(text.escapedAsMarkupText)</text>"
    }

    /// The left edge of a label drawn by `text(_:at:)`.
    private func textStart(_ text: String, at p: Point, anchorEnd: Bool) -> Double {
        let width = TextMetrics.width(text, fontSize: fontSize)
        if anchorEnd { return p.x - width }
        return p.x + width > plot.width - 2 ? p.x - 8 - width : p.x
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

    @_optimize(none) private static func arrowhead(from a: Point, to b: Point) -> String {
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
            svg += "<path d=\"\(path.data)\" fill=\"none\" class=\"contour\" stroke=\"#fff\" stroke-opacity=\".7\" stroke-width=\".9\"/>"
        }
    }

    // MARK: Axes, grid, legend

    @_optimize(none) private func grid(_ layout: Layout) -> String {
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

    @_optimize(none) private func axes(_ layout: Layout) -> String {
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
        let xLabelY = layout.bottom + Self.tickLength + fontSize + 2
        for (value, label) in zip(layout.xTicks.values, layout.xTicks.labels) {
            svg += "<text x=\"\(pixels(layout.x(value)))\" y=\"\(pixels(xLabelY))\">\(label.escapedAsMarkupText)</text>"
        }
        svg += "</g><g text-anchor=\"end\">"
        for (value, label) in zip(layout.yTicks.values, layout.yTicks.labels) {
            svg +=
                "<text x=\"\(pixels(layout.left - Self.tickLength - 3))\" y=\"\(pixels(layout.y(value) + fontSize * 0.35))\">\(label.escapedAsMarkupText)</text>"
        }
        svg += "</g>"
        if let label = plot.x.label {
            svg +=
                "<text x=\"\(pixels((layout.left + layout.right) / 2))\" y=\"\(pixels(layout.bottom + Self.tickLength + 2 * fontSize + 10))\" text-anchor=\"middle\">\(label.escapedAsMarkupText)</text>"
        }
        if let label = plot.y.label {
            let x = fontSize + 2
            let y = (layout.top + layout.bottom) / 2
            svg +=
                "<text transform=\"translate(\(pixels(x)) \(pixels(y))) rotate(-90)\" text-anchor=\"middle\">\(label.escapedAsMarkupText)</text>"
        }
        return svg + "</g>"
    }

    private struct LegendEntry {
        enum Swatch { case line, marker, bar, area }
        var name: String
        var series: Int
        var swatch: Swatch
    }

    /// A rectangle in pixels.
    struct Box {
        var left, top, width, height: Double
    }

    /// A legend's place and shape: entries row by row in `columns` columns.
    private struct LegendFrame {
        var box: Box
        var columns: Int
        var columnWidth: Double
    }

    private static let legendRowHeight = 17.0

    /// Where the legend goes: the corner asked for; or, like matplotlib's
    /// `loc="best"`, the place (a corner, or the middle of the top or the
    /// bottom edge) and shape (one column, or two for three or more
    /// entries) that covers the fewest data points, a reference line
    /// counting as many; the first on a tie. When every place covers
    /// some, a plot of its own puts the legend under the plot instead, in
    /// as many columns as fit.
    private func legendFrame(_ entries: [LegendEntry], layout: Layout) -> LegendFrame? {
        guard !entries.isEmpty, plot.legend != .hidden else { return nil }
        let columnWidth = (entries.map { TextMetrics.width($0.name, fontSize: fontSize) }.max() ?? 0) + 40
        func frame(columns: Int, at place: LegendPlace) -> LegendFrame {
            let rows = (entries.count + columns - 1) / columns
            let (width, height) = (columnWidth * Double(columns), Double(rows) * Self.legendRowHeight + 8)
            let left =
                switch place {
                case .topLeft, .bottomLeft: layout.left + 8
                case .topRight, .bottomRight: layout.right - width - 8
                case .top, .bottom: layout.left + (layout.width - width) / 2
                }
            let top =
                switch place {
                case .topLeft, .topRight, .top: layout.top + 8
                case .bottomLeft, .bottomRight, .bottom: layout.bottom - height - 8
                }
            return LegendFrame(box: Box(left: left, top: top, width: width, height: height), columns: columns, columnWidth: columnWidth)
        }
        switch plot.legend {
        case .topLeft: return frame(columns: 1, at: .topLeft)
        case .topRight: return frame(columns: 1, at: .topRight)
        case .bottomLeft: return frame(columns: 1, at: .bottomLeft)
        case .bottomRight: return frame(columns: 1, at: .bottomRight)
        case .automatic, .hidden: break
        }
        let points = dataPixels(layout)
        let (rulesX, rulesY) = rulePixels(layout)
        func cost(_ frame: LegendFrame) -> Int {
            let b = frame.box
            let (left, top, right, bottom) = (b.left - 8, b.top - 8, b.left + b.width + 8, b.top + b.height + 8)
            let covered: Int = points.count { $0.x >= left && $0.x <= right && $0.y >= top && $0.y <= bottom }
            let crossed: Int = rulesX.count { $0 >= left && $0 <= right } + rulesY.count { $0 >= top && $0 <= bottom }
            return covered + 20 * crossed
        }
        let shapes = entries.count >= 3 ? [1, 2] : [1]
        let frames = shapes.flatMap { columns in
            LegendPlace.allCases.map { frame(columns: columns, at: $0) }
        }.filter { $0.box.width <= layout.width - 16 }
        let best = frames.min { cost($0) < cost($1) } ?? frame(columns: 1, at: .topRight)
        guard legendMayGoBelow, cost(best) > 0 else { return best }
        let columns = max(1, min(entries.count, Int((plot.width - 16) / columnWidth)))
        let rows = (entries.count + columns - 1) / columns
        let width = columnWidth * Double(columns)
        return LegendFrame(
            box: Box(left: (plot.width - width) / 2, top: plot.height, width: width, height: Double(rows) * Self.legendRowHeight + 8),
            columns: columns, columnWidth: columnWidth)
    }

    /// The places a legend can take, in the order tried.
    private enum LegendPlace: CaseIterable {
        case topRight, topLeft, bottomRight, bottomLeft, top, bottom
    }

    @_optimize(none) private func legendBox(_ entries: [LegendEntry], in frame: LegendFrame) -> String {
        let rowHeight = Self.legendRowHeight
        let (boxLeft, top, width, height) = (frame.box.left, frame.box.top, frame.box.width, frame.box.height)
        var svg =
            "<g><rect x=\"\(pixels(boxLeft))\" y=\"\(pixels(top))\" width=\"\(pixels(width))\" height=\"\(pixels(height))\" rx=\"4\" fill-opacity=\".85\" style=\"fill:\(Palette.background);stroke:\(Palette.grid)\"/>"
        for (index, entry) in entries.enumerated() {
            let (row, column) = index.quotientAndRemainder(dividingBy: frame.columns)
            let left = boxLeft + frame.columnWidth * Double(column)
            let y = top + 4 + rowHeight * (Double(row) + 0.5)
            let colour = Palette.colour(entry.series)
            switch entry.swatch {
            case .marker:
                svg +=
                    "<path d=\"\(Palette.marker(entry.series, at: Point(left + 18, y)))\" style=\"stroke:\(colour);fill:\(entry.series % 5 == 4 ? "none" : colour)\"/>"
            case .bar:
                svg +=
                    "<rect x=\"\(pixels(left + 10))\" y=\"\(pixels(y - 5))\" width=\"16\" height=\"10\" fill-opacity=\".8\" style=\"fill:\(colour)\"/>"
            case .area:
                // As plotted: a light fill under the series' line.
                let dash = Palette.dash(entry.series)
                svg +=
                    "<rect x=\"\(pixels(left + 8))\" y=\"\(pixels(y - 4))\" width=\"20\" height=\"10\" fill-opacity=\".22\" style=\"fill:\(colour)\"/>"
                    + "<path d=\"M\(pixels(left + 8)) \(pixels(y - 4))h20\" stroke-width=\"1.6\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") style=\"stroke:\(colour)\"/>"
            case .line:
                let dash = Palette.dash(entry.series)
                svg +=
                    "<path d=\"M\(pixels(left + 6)) \(pixels(y))h22\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") style=\"stroke:\(colour)\"/>"
            }
            svg +=
                "<text x=\"\(pixels(left + 34))\" y=\"\(pixels(y + 4))\" style=\"fill:\(Palette.text)\">\(entry.name.escapedAsMarkupText)</text>"
        }
        return svg + "</g>"
    }

    /// The colour bar's gradient, Viridis from the lowest value to the highest.
    @_optimize(none) private func colourBarGradient(_ bar: ColourBar) -> String {
        let end = bar.vertical ? "x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\"" : "x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\""
        var svg = "<linearGradient id=\"\(id)-s\" \(end)>"
        for step in 0...10 {
            let t = Double(step) / 10
            let (r, g, b) = Palette.viridis(t)
            svg += "<stop offset=\"\(pixels(t))\" stop-color=\"rgb(\(r),\(g),\(b))\"/>"
        }
        return svg + "</linearGradient>"
    }

    /// The colour bar: the gradient in a frame, the contour levels across
    /// it, nice ticks on the outside, and the values' label.
    @_optimize(none) private func colourBar(_ bar: ColourBar) -> String {
        let span = bar.values.upperBound - bar.values.lowerBound
        /// The position of a value along the bar, in pixels.
        func position(_ value: Double) -> Double {
            let t = (value - bar.values.lowerBound) / span
            return bar.vertical ? bar.y + bar.height * (1 - t) : bar.x + bar.width * t
        }
        var svg =
            "<g><rect x=\"\(pixels(bar.x))\" y=\"\(pixels(bar.y))\" width=\"\(pixels(bar.width))\" height=\"\(pixels(bar.height))\" fill=\"url(#\(id)-s)\"/>"
        var levels = SVGPath()
        for level in bar.contours where bar.values.contains(level) {
            let p = position(level)
            if bar.vertical {
                levels.move(to: Point(bar.x, p))
                levels.line(to: Point(bar.x + bar.width, p))
            } else {
                levels.move(to: Point(p, bar.y))
                levels.line(to: Point(p, bar.y + bar.height))
            }
        }
        if !levels.isEmpty {
            svg += "<path d=\"\(levels.data)\" fill=\"none\" class=\"contour\" stroke=\"#fff\" stroke-opacity=\".7\" stroke-width=\".9\"/>"
        }
        var ticks = SVGPath()
        for value in bar.ticks.values {
            let p = position(value)
            if bar.vertical {
                ticks.move(to: Point(bar.x + bar.width, p))
                ticks.line(to: Point(bar.x + bar.width + Self.tickLength, p))
            } else {
                ticks.move(to: Point(p, bar.y + bar.height))
                ticks.line(to: Point(p, bar.y + bar.height + Self.tickLength))
            }
        }
        svg +=
            "<rect x=\"\(pixels(bar.x))\" y=\"\(pixels(bar.y))\" width=\"\(pixels(bar.width))\" height=\"\(pixels(bar.height))\" fill=\"none\" style=\"stroke:\(Palette.muted)\"/>"
        svg += "<path d=\"\(ticks.data)\" fill=\"none\" style=\"stroke:\(Palette.muted)\"/>"
        svg += "<g style=\"fill:\(Palette.text)\"\(bar.vertical ? "" : " text-anchor=\"middle\"")>"
        var widest = 0.0
        for (value, label) in zip(bar.ticks.values, bar.ticks.labels) {
            let p = position(value)
            widest = max(widest, TextMetrics.width(label, fontSize: fontSize))
            if bar.vertical {
                svg +=
                    "<text x=\"\(pixels(bar.x + bar.width + Self.tickLength + 3))\" y=\"\(pixels(p + fontSize * 0.35))\">\(label.escapedAsMarkupText)</text>"
            } else {
                // The end labels stay within the bar's span, so they never run off the plot.
                let half = TextMetrics.width(label, fontSize: fontSize) / 2
                let x = min(max(p, bar.x + half - 4), bar.x + bar.width - half + 4)
                svg +=
                    "<text x=\"\(pixels(x))\" y=\"\(pixels(bar.y + bar.height + Self.tickLength + fontSize + 1))\">\(label.escapedAsMarkupText)</text>"
            }
        }
        if let label = bar.label {
            if bar.vertical {
                let x = bar.x + bar.width + Self.tickLength + 3 + widest + 6 + fontSize * 0.8
                svg +=
                    "<text transform=\"translate(\(pixels(x)) \(pixels(bar.y + bar.height / 2))) rotate(-90)\" text-anchor=\"middle\">\(label.escapedAsMarkupText)</text>"
            } else {
                svg +=
                    "<text x=\"\(pixels(bar.x + bar.width / 2))\" y=\"\(pixels(bar.y + bar.height + Self.tickLength + 2 * fontSize + 5))\">\(label.escapedAsMarkupText)</text>"
            }
        }
        return svg + "</g></g>"
    }

    /// Sentences for screen readers about the data: each series' kind, size
    /// and ranges, then the axes.
    @_optimize(none) private func describe(_ layout: Layout, series: [PlottedSeries]) -> String {
        if let description = plot.description { return description }
        let format = NumberFormat.significant(3)
        var parts: [String] = []
        let seriesMarks = plot.marks.filter(\.isSeries)
        for (mark, drawn) in zip(seriesMarks, series) {
            var sentence = "\(drawn.name) (\(Self.kind(of: mark)))"
            if let extent = Self.extent(of: drawn.points) {
                let count = extent.count
                sentence +=
                    ": \(count) point\(count == 1 ? "" : "s"), x from \(format.format(extent.x.lowerBound)) to \(format.format(extent.x.upperBound)), y from \(format.format(extent.y.lowerBound)) to \(format.format(extent.y.upperBound))"
            } else {
                sentence += ": no finite points"
            }
            parts.append(sentence)
        }
        for mark in plot.marks {
            if case let .heatMap(grid, contours) = mark.shape {
                let finite = grid.values.flatMap { $0 }.filter(\.isFinite)
                var sentence =
                    "a heat map over x from \(format.format(grid.x.lowerBound)) to \(format.format(grid.x.upperBound)), y from \(format.format(grid.y.lowerBound)) to \(format.format(grid.y.upperBound))"
                if let low = finite.min(), let high = finite.max() {
                    sentence += ", values from \(format.format(low)) (dark purple) to \(format.format(high)) (yellow)"
                }
                if !contours.isEmpty { sentence += ", with \(contours.count) contour lines" }
                if let bar = layout.colourBar {
                    let named = bar.label.map { " of \($0)" } ?? ""
                    let ticks = bar.ticks.labels.joined(separator: ", ")
                    sentence +=
                        "; a colour bar\(named) \(bar.vertical ? "beside" : "below") the plot, from dark purple to yellow, ticked at \(ticks)"
                }
                parts.append(sentence)
            }
        }
        func axis(_ name: String, _ axis: Axis, _ ticks: Ticks) -> String {
            let label = axis.label.map { " (\($0))" } ?? ""
            let low = NumberFormat.significant(4).format(ticks.domain.lowerBound)
            let high = NumberFormat.significant(4).format(ticks.domain.upperBound)
            return "\(name) axis\(label) from \(low) to \(high)\(axis.scale == .log ? ", logarithmic" : "")"
        }
        let axes = axis("x", plot.x, layout.xTicks) + "; " + axis("y", plot.y, layout.yTicks)
        if parts.isEmpty { return "An empty plot; \(axes)." }
        return parts.joined(separator: "; ") + ". Axes: \(axes)."
    }

    /// How many of `points` are finite, and the ranges of their x and y;
    /// nil if none is.
    private static func extent(of points: [Point]) -> (count: Int, x: ClosedRange<Double>, y: ClosedRange<Double>)? {
        var count = 0
        var (left, right, low, high) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
        for point in points where point.x.isFinite && point.y.isFinite {
            count += 1
            // Comparisons, not min and max, keep the first of equals (0 and −0), as Array's min() and max() do.
            if point.x < left { left = point.x }
            if point.x > right { right = point.x }
            if point.y < low { low = point.y }
            if point.y > high { high = point.y }
        }
        return count == 0 ? nil : (count, left...right, low...high)
    }

    @_optimize(none) private static func kind(of mark: Mark) -> String {
        switch mark.shape {
        case .line(_, steps: true): "steps"
        case .line, .function: "line"
        case .scatter: "scatter"
        case .area: "area"
        case .bars: "bars"
        case .trajectory: "path"
        default: "mark"
        }
    }
}
