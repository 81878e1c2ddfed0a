// `@_optimize(none)`: text joined a few times a figure, as in `PlotRenderer`.
extension Plot {
    /// The plot as an SVG element, ready to inline in a page or save as a file.
    @_optimize(none) public func svg() -> String {
        PlotRenderer(plot: self, id: FigureIDs.next()).render().svg
    }

    /// The plot for a page: the SVG, its data as a table for readers who
    /// cannot see it, and its caption.
    /// Two layouts of the plot, and the page's stylesheet shows one: the
    /// plot as sized, and a narrow one for phones (`Plot.narrowWidth` wide,
    /// with larger text), so text never renders much below 11 CSS pixels.
    @_optimize(none) public func html() -> String {
        let (html, data) = figureParts()
        return html + data
    }

    /// The plot's HTML and, when it has no caption of its own, its data
    /// table apart, for the page to put in the caption of the figure the
    /// plot stands in.
    @_optimize(none) public func figureParts() -> (html: String, data: String) {
        let id = FigureIDs.next()
        let output = PlotRenderer(plot: self, id: id).render(variant: "plot-wide")
        let narrow = PlotRenderer(plot: narrowed(), id: id + "n", fontSize: Plot.narrowFontSize).render(variant: "plot-narrow")
        return DataTable.figure(
            svg: output.svg + "\n" + narrow.svg, series: output.series, heatMaps: output.heatMaps, dataLabel: dataLabel,
            caption: caption, xLabel: x.label, yLabel: y.label)
    }

    /// The narrow layout's width: at a 320-pixel screen the column is about
    /// 280 pixels, where 13-unit text renders at 11.4 pixels.
    static let narrowWidth = 320.0
    static let narrowFontSize = 13.0

    /// The plot laid out for a narrow column: `narrowWidth` wide, a little
    /// taller than the width alone would make it.
    @_optimize(none) func narrowed() -> Plot {
        var copy = self
        copy.width = Self.narrowWidth
        copy.height = max(200, min(height, (height * Self.narrowWidth / width * 1.5).rounded()))
        return copy
    }
}

/// The data behind a plot as an HTML table in a `<details>` element, in
/// wide form: a column for x (headed like the x axis) and one per series,
/// a row per x value, every plotted point, numbers aligned right and
/// written like the axes' tick labels. A heat map adds a table of x, y and
/// value at its grid points, at most `heatMapSamples` in each direction.
enum DataTable {
    /// Enough to read the surface's shape; a table of every pixel of the
    /// map would weigh more than the rest of the page.
    static let heatMapSamples = 12

    /// A figure for a page: the SVG, its caption, then its data table, so
    /// opening the table does not push the caption away from the plot. The
    /// table goes inside the `<figcaption>`, which HTML allows only as a
    /// figure's first or last child. Without a caption, the plot and its
    /// table come apart: the page puts the table in the caption of the
    /// cell's figure, if it has one (see `DisplayOutput.plot`).
    @_optimize(none) static func figure(
        svg: String, series: [PlottedSeries], heatMaps: [PlottedHeatMap] = [], dataLabel: String, caption: String?,
        xLabel: String? = nil, yLabel: String? = nil
    ) -> (html: String, data: String) {
        let table = Self.html(series, heatMaps: heatMaps, summary: dataLabel, xLabel: xLabel, yLabel: yLabel)
        guard let caption else { return ("<div class=\"plot\">\n" + svg + "\n</div>\n", table) }
        let figure =
            "<figure class=\"plot\">\n" + svg + "\n<figcaption>\(caption.escapedAsMarkupText)\n" + table + "</figcaption>\n</figure>\n"
        return (figure, "")
    }

    @_optimize(none) static func html(
        _ series: [PlottedSeries], heatMaps: [PlottedHeatMap] = [], summary: String, xLabel: String? = nil, yLabel: String? = nil
    ) -> String {
        let tables =
            seriesTable(series, xLabel: xLabel, yLabel: yLabel) + heatMaps.map { heatMapTable($0, xLabel: xLabel, yLabel: yLabel) }.joined()
        guard !tables.isEmpty else { return "" }
        // Wide tables scroll inside a focusable, labelled region, as the page's own tables do.
        return "<details class=\"plot-data\"><summary>\(summary.escapedAsMarkupText)</summary>\n"
            + "<div class=\"scroll table\" tabindex=\"0\" role=\"group\" aria-label=\"\(summary.escapedAsMarkupAttribute)\">\n"
            + tables + "</div>\n</details>\n"
    }

    /// Numbers are right-aligned by the table's class (`plot-data` tables
    /// hold only numbers), not by a style on each of their many cells.
    private static let right = ""

    /// `format`, with more decimals if it would write different values alike (up to four more).
    static func distinguishing(_ format: NumberFormat, _ values: [Double]) -> NumberFormat {
        guard case let .fixed(decimals) = format else { return format }
        let distinct = Set(values).count
        for extra in 0...4 where Set(values.map(NumberFormat.fixed(decimals + extra).format)).count == distinct {
            return .fixed(decimals + extra)
        }
        return .significant(6)
    }

    private static func seriesTable(_ series: [PlottedSeries], xLabel: String?, yLabel: String?) -> String {
        let columns = series.map { $0.points.filter { $0.x.isFinite && $0.y.isFinite } }
        let xs = Array(Set(columns.flatMap { $0.map(\.x) })).sorted()
        guard !xs.isEmpty else { return "" }
        var lookup: [[Double: Double]] = columns.map { points in
            var values: [Double: Double] = [:]
            for point in points where values[point.x] == nil { values[point.x] = point.y }
            return values
        }
        let xFormat = distinguishing(series.first?.xFormat ?? .significant(4), xs)
        let yFormats = series.map(\.yFormat)
        var html = "<table class=\"numbers\">\n<thead><tr>"
        html += "<th\(right)>\((xLabel ?? "x").escapedAsMarkupText)</th>"
        for item in series {
            let name = series.count == 1 && item.name.hasPrefix("series ") ? (yLabel ?? "y") : item.name
            html += "<th\(right)>\(name.escapedAsMarkupText)</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for x in xs {
            html += "<tr><td\(right)>\(xFormat.format(x))</td>"
            for index in lookup.indices {
                html += "<td\(right)>\(lookup[index][x].map(yFormats[index].format) ?? "")</td>"
            }
            html += "</tr>\n"
        }
        lookup.removeAll()
        return html + "</tbody>\n</table>\n"
    }

    /// Up to `count` indices spread evenly over `0..<n`, both ends included.
    static func sampleIndices(_ n: Int, count: Int) -> [Int] {
        guard n > count, count > 1 else { return Array(0..<n) }
        let last = Double(n - 1)
        let divisions = Double(count - 1)
        return (0..<count).map { (index: Int) -> Int in Int((Double(index) * last / divisions).rounded()) }
    }

    /// A heat map's values, a row per grid point: x, y, value.
    @_optimize(none) private static func heatMapTable(_ heat: PlottedHeatMap, xLabel: String?, yLabel: String?) -> String {
        let grid = heat.grid
        let rowCount = grid.values.count
        let columnCount = grid.values.map(\.count).min() ?? 0
        guard rowCount > 1, columnCount > 1 else { return "" }
        let rows = sampleIndices(rowCount, count: heatMapSamples)
        let columns = sampleIndices(columnCount, count: heatMapSamples)
        func x(_ column: Int) -> Double {
            grid.x.lowerBound + (grid.x.upperBound - grid.x.lowerBound) * Double(column) / Double(columnCount - 1)
        }
        func y(_ row: Int) -> Double {
            grid.y.lowerBound + (grid.y.upperBound - grid.y.lowerBound) * Double(row) / Double(rowCount - 1)
        }
        let xFormat = distinguishing(heat.xFormat, columns.map(x))
        let yFormat = distinguishing(heat.yFormat, rows.map(y))
        let name = heat.label ?? "value"
        let sampled =
            rows.count == rowCount && columns.count == columnCount
            ? "at all \(columnCount) × \(rowCount) grid points"
            : "at \(columns.count) × \(rows.count) of its \(columnCount) × \(rowCount) grid points, spread evenly"
        var html = "<table class=\"numbers\">\n<caption>Heat map: \(name.escapedAsMarkupText) \(sampled)</caption>\n<thead><tr>"
        for heading in [xLabel ?? "x", yLabel ?? "y", name] { html += "<th\(right)>\(heading.escapedAsMarkupText)</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            for column in columns {
                html +=
                    "<tr><td\(right)>\(xFormat.format(x(column)))</td><td\(right)>\(yFormat.format(y(row)))</td><td\(right)>\(heat.valueFormat.format(grid.values[row][column]))</td></tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }
}
