/// Plots side by side in one figure, such as a function and its derivative;
/// by default they share the y axis' range, so heights compare directly.
/// (`@_optimize(none)`: text joined a few times a figure, as in `PlotRenderer`.)
public struct Panels: Sendable {
    public var plots: [Plot]
    public var sharedY: Bool
    public var caption: String?
    /// The summary of the panels' data table: by default "Data" in the page's language.
    public var dataLabel = PageLanguage.dataLabel

    public init(_ plots: Plot..., sharedY: Bool = true, caption: String? = nil) {
        self.plots = plots
        self.sharedY = sharedY
        self.caption = caption
    }

    public func caption(_ caption: String) -> Panels {
        var copy = self
        copy.caption = caption
        return copy
    }

    public func dataLabel(_ text: String) -> Panels {
        var copy = self
        copy.dataLabel = text
        return copy
    }

    /// Each panel's renderer, with a shared y range; a legend with no
    /// free place inside its panel goes under it.
    @_optimize(none) private func renderers(id: String, narrow: Bool) -> [PlotRenderer] {
        var plots = self.plots
        if sharedY {
            let domains = plots.map { PlotRenderer(plot: $0, id: id).yDomain }
            if let low = domains.map(\.lowerBound).min(), let high = domains.map(\.upperBound).max() {
                for index in plots.indices where plots[index].y.domain == nil { plots[index].y.domain = low...high }
            }
        }
        return plots.enumerated().map { index, plot in
            var renderer = PlotRenderer(
                plot: narrow ? plot.narrowed() : plot, id: "\(id)-\(index + 1)", fontSize: narrow ? Plot.narrowFontSize : 12)
            renderer.legendMayGoBelow = true
            return renderer
        }
    }

    @_optimize(none) private func render(id: String, narrow: Bool) -> (svg: String, series: [PlottedSeries], heatMaps: [PlottedHeatMap]) {
        var body = ""
        var series: [PlottedSeries] = []
        var heatMaps: [PlottedHeatMap] = []
        var summaries: [String] = []
        var width = 0.0
        var height = 0.0
        // Left to right, or, for the narrow layout, stacked top to bottom.
        var (x, y) = (0.0, 0.0)
        for renderer in renderers(id: id, narrow: narrow) {
            let output = renderer.renderBody()
            let panelHeight = renderer.plot.height + output.addedHeight
            defer { if narrow { y += panelHeight } else { x += renderer.plot.width } }
            body += "<g transform=\"translate(\(pixels(x)) \(pixels(y)))\">" + output.svg + "</g>"
            let prefix = renderer.plot.title.map { "\($0): " } ?? ""
            series += output.series.map {
                PlottedSeries(name: prefix + $0.name, points: $0.points, xFormat: $0.xFormat, yFormat: $0.yFormat)
            }
            heatMaps += output.heatMaps
            summaries.append(prefix + output.summary)
            width = max(width, x + renderer.plot.width)
            height = max(height, y + panelHeight)
        }
        let titles = plots.map { $0.title ?? PlotRenderer(plot: $0, id: id).shortTitle() }
        let title = caption ?? "\(plots.count) panels: " + titles.joined(separator: "; ")
        let summary = "\(plots.count) panels \(narrow ? "one above the other" : "side by side"). " + summaries.joined(separator: " ")
        let svg = PlotRenderer.svgElement(
            id: id, width: width, height: height, fontSize: narrow ? Plot.narrowFontSize : 12,
            variant: narrow ? "plot-narrow" : nil, title: title, summary: summary, body: body)
        return (svg, series, heatMaps)
    }

    @_optimize(none) public func svg() -> String {
        render(id: FigureIDs.next(), narrow: false).svg
    }

    /// Side by side, and stacked for narrow columns (the stylesheet shows one).
    @_optimize(none) public func html() -> String {
        let (html, data) = figureParts()
        return html + data
    }

    /// The panels' HTML and, without a caption of their own, their data
    /// table apart (see `Plot.figureParts()`).
    @_optimize(none) public func figureParts() -> (html: String, data: String) {
        let id = FigureIDs.next()
        let (svg, series, heatMaps) = render(id: id, narrow: false)
        let wide = svg.replacingOccurrences(of: "class=\"plot\"", with: "class=\"plot plot-wide\"")
        let narrow = render(id: id + "n", narrow: true).svg
        return DataTable.figure(svg: wide + "\n" + narrow, series: series, heatMaps: heatMaps, dataLabel: dataLabel, caption: caption)
    }
}
