/// Plots side by side in one figure, such as a function and its derivative;
/// by default they share the y axis' range, so heights compare directly.
public struct Panels: Sendable {
    public var plots: [Plot]
    public var sharedY: Bool
    public var caption: String?
    public var dataLabel = "Data"

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

    /// Each panel's renderer, placed left to right with a shared y range.
    private func renderers(id: String) -> [(PlotRenderer, x: Double)] {
        var plots = self.plots
        if sharedY {
            let domains = plots.map { PlotRenderer(plot: $0, id: id).yDomain }
            if let low = domains.map(\.lowerBound).min(), let high = domains.map(\.upperBound).max() {
                for index in plots.indices where plots[index].y.domain == nil { plots[index].y.domain = low...high }
            }
        }
        var x = 0.0
        return plots.enumerated().map { index, plot in
            defer { x += plot.width }
            return (PlotRenderer(plot: plot, id: "\(id)-\(index + 1)"), x)
        }
    }

    private func render() -> (svg: String, series: [PlottedSeries]) {
        let id = FigureIDs.next()
        var body = ""
        var series: [PlottedSeries] = []
        var summaries: [String] = []
        for (renderer, x) in renderers(id: id) {
            let output = renderer.renderBody()
            body += "<g transform=\"translate(\(pixels(x)) 0)\">" + output.svg + "</g>"
            let prefix = renderer.plot.title.map { "\($0): " } ?? ""
            series += output.series.map { PlottedSeries(name: prefix + $0.name, points: $0.points) }
            summaries.append(output.summary)
        }
        let width = plots.map(\.width).reduce(0, +)
        let height = plots.map(\.height).max() ?? 0
        let summary = "\(plots.count) panels side by side. " + summaries.joined(separator: " ")
        let svg = PlotRenderer.svgElement(id: id, width: width, height: height, title: caption ?? summary, summary: summary, body: body)
        return (svg, series)
    }

    public func svg() -> String {
        render().svg
    }

    public func html() -> String {
        let (svg, series) = render()
        return DataTable.figure(svg: svg, series: series, dataLabel: dataLabel, caption: caption)
    }
}
