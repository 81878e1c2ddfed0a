extension Plot {
    /// The plot as an SVG element, ready to inline in a page or save as a file.
    public func svg() -> String {
        PlotRenderer(plot: self, id: FigureIDs.next()).render().svg
    }

    /// The plot for a page: the SVG, its data as a table for readers who
    /// cannot see it, and its caption.
    public func html() -> String {
        let output = PlotRenderer(plot: self, id: FigureIDs.next()).render()
        return DataTable.figure(svg: output.svg, series: output.series, dataLabel: dataLabel, caption: caption)
    }
}

/// The data behind a plot as an HTML table in a `<details>` element: at most
/// `maximumRows` rows a series, evenly spread, so long series stay readable.
enum DataTable {
    static let maximumRows = 24

    /// A figure for a page: the SVG, its data table, and its caption.
    static func figure(svg: String, series: [PlottedSeries], dataLabel: String, caption: String?) -> String {
        var html = caption == nil ? "<div class=\"plot\">\n" : "<figure class=\"plot\">\n"
        html += svg + "\n" + Self.html(series, summary: dataLabel)
        if let caption { html += "<figcaption>\(caption.escapedAsMarkupText)</figcaption>\n" }
        return html + (caption == nil ? "</div>\n" : "</figure>\n")
    }

    static func html(_ series: [PlottedSeries], summary: String) -> String {
        let rows = series.flatMap { series -> [(String, Point)] in
            let finite = series.points.filter { $0.x.isFinite && $0.y.isFinite }
            let stride = max(1, Int((Double(finite.count) / Double(maximumRows)).rounded(.up)))
            var picked = Swift.stride(from: 0, to: finite.count, by: stride).map { finite[$0] }
            if let last = finite.last, picked.last != last { picked.append(last) }
            return picked.map { (series.name, $0) }
        }
        guard !rows.isEmpty else { return "" }
        let format = NumberFormat.significant(4)
        var html = "<details class=\"plot-data\"><summary>\(summary.escapedAsMarkupText)</summary>\n<table>\n"
        html += "<thead><tr><th>series</th><th>x</th><th>y</th></tr></thead>\n<tbody>\n"
        for (name, point) in rows {
            html += "<tr><td>\(name.escapedAsMarkupText)</td><td>\(format.format(point.x))</td><td>\(format.format(point.y))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</details>\n"
    }
}
