import PrimerFigures

/// Wraps a rendered page body in the site's HTML5 page: header, sidebar of
/// lessons, table of contents, previous/next links and footer.
///
/// All links are relative, so the site works from `file://` as well as from
/// a web server.
struct PageLayout: Sendable {
    static let stylesheetPath = "assets/primer.css"
    /// Ids the layout itself uses; headings never take them.
    static let reservedAnchors: Set<String> = ["content", "lessons", "toc"]

    struct Page: Sendable {
        var outputPath: String
        var sourcePath: String?
        var language: String
        var title: String
        /// The title with its formulas rendered, for the page's `<h1>`.
        var titleHTML: String?
        var description: String?
        var bodyHTML: String
        var headings: [HeadingEntry]
    }

    let configuration: SiteConfiguration
    let navigation: SiteNavigation

    func render(_ page: Page) -> String {
        let words = Localization.forLanguage(page.language)
        let siteTitle = configuration.title(for: page.language)
        var html = """
            <!DOCTYPE html>
            <html lang="\(page.language.escapedAsMarkupAttribute)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="generator" content="Primer">
            <title>\(documentTitle(page, siteTitle: siteTitle).escapedAsMarkupText)</title>

            """
        if let description = page.description {
            html += "<meta name=\"description\" content=\"\(description.escapedAsMarkupAttribute)\">\n"
        }
        html += "<link rel=\"stylesheet\" href=\"\(link(from: page, to: Self.stylesheetPath))\">\n"
        html += searchScript(page, words: words)
        html += "</head>\n<body>\n"
        html += "<a class=\"skip-link\" href=\"#content\">\(words.skipToContent.escapedAsMarkupText)</a>\n"
        html += header(page, siteTitle: siteTitle, words: words)
        html += menu(page, words: words)
        html += "<div class=\"layout\">\n"
        html += sidebar(page, words: words)
        html += "<main id=\"content\">\n<article>\n"
        html += "<h1>\(page.titleHTML ?? page.title.escapedAsMarkupText)</h1>\n"
        html += tableOfContents(page, words: words)
        html += page.bodyHTML
        html += "</article>\n"
        html += pager(page, words: words)
        html += "</main>\n</div>\n"
        html += "<footer class=\"site-footer\"><p>\(words.builtWith.escapedAsMarkupText)</p></footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    /// The search script (`SearchIndex`), with the words of its box.
    private func searchScript(_ page: Page, words: Localization) -> String {
        let attributes = [
            ("label", words.search), ("placeholder", words.searchHint), ("results", words.searchResults),
            ("none", words.noResults), ("count-one", words.oneResult), ("count", words.results),
        ]
        .map { " data-\($0)=\"\($1.escapedAsMarkupAttribute)\"" }.joined()
        return "<script src=\"\(link(from: page, to: SearchIndex.scriptPath))\" defer\(attributes)></script>\n"
    }

    private func documentTitle(_ page: Page, siteTitle: String) -> String {
        page.title == siteTitle ? siteTitle : "\(page.title) · \(siteTitle)"
    }

    private func link(from page: Page, to path: String) -> String {
        RelativePath.relative(from: page.outputPath, to: path).escapedAsMarkupAttribute
    }

    private func header(_ page: Page, siteTitle: String, words: Localization) -> String {
        var html = "<header class=\"site-header\">\n"
        html += "<a class=\"site-title\" href=\"\(link(from: page, to: "index.html"))\">\(siteTitle.escapedAsMarkupText)</a>\n"
        let others = configuration.languages.filter { $0 != page.language }.compactMap { language in
            navigation.counterpart(of: page.sourcePath ?? "", in: language).map { (language, $0) }
        }
        if !others.isEmpty {
            html += "<nav class=\"language-switch\" aria-label=\"\(words.languages.escapedAsMarkupAttribute)\">\n"
            for (language, entry) in others {
                html +=
                    "<a href=\"\(link(from: page, to: entry.outputPath))\" hreflang=\"\(language.escapedAsMarkupAttribute)\" lang=\"\(language.escapedAsMarkupAttribute)\">\(Localization.nativeName(of: language).escapedAsMarkupText)</a>\n"
            }
            html += "</nav>\n"
        }
        return html + "</header>\n"
    }

    /// The menu of narrow screens, at the top of the page: the lessons and
    /// the table of contents, each folded in a `<details>` (no JavaScript).
    /// The stylesheet shows it only where the sidebar does not fit. It is
    /// one landmark of its own ("Menu"), so it never repeats the sidebar's.
    private func menu(_ page: Page, words: Localization) -> String {
        var parts: [String] = []
        if let lessons = lessonList(page) {
            parts.append(
                "<details class=\"menu-lessons\">\n<summary>\(words.lessons.escapedAsMarkupText)</summary>\n\(lessons)</details>\n")
        }
        if let contents = contentsList(page) {
            parts.append(
                "<details class=\"menu-toc\">\n<summary>\(words.onThisPage.escapedAsMarkupText)</summary>\n\(contents)</details>\n")
        }
        guard !parts.isEmpty else { return "" }
        return "<nav class=\"site-menu\" aria-label=\"\(words.menu.escapedAsMarkupAttribute)\">\n" + parts.joined() + "</nav>\n"
    }

    private func sidebar(_ page: Page, words: Localization) -> String {
        guard let lessons = lessonList(page) else { return "" }
        var html = "<nav class=\"sidebar\" id=\"lessons\" aria-label=\"\(words.lessons.escapedAsMarkupAttribute)\">\n"
        html += "<h2>\(words.lessons.escapedAsMarkupText)</h2>\n"
        return html + lessons + "</nav>\n"
    }

    /// The lessons of the page's language, in order, the page marked.
    private func lessonList(_ page: Page) -> String? {
        let entries = navigation.pages(in: page.language)
        guard !entries.isEmpty else { return nil }
        var html = "<ol>\n"
        for entry in entries {
            let current = entry.outputPath == page.outputPath ? " aria-current=\"page\"" : ""
            html += "<li><a href=\"\(link(from: page, to: entry.outputPath))\"\(current)>\(entry.title.escapedAsMarkupText)</a></li>\n"
        }
        return html + "</ol>\n"
    }

    private func tableOfContents(_ page: Page, words: Localization) -> String {
        guard let contents = contentsList(page) else { return "" }
        var html = "<nav class=\"toc\" id=\"toc\" aria-label=\"\(words.onThisPage.escapedAsMarkupAttribute)\">\n"
        html += "<h2>\(words.onThisPage.escapedAsMarkupText)</h2>\n"
        return html + contents + "</nav>\n"
    }

    /// Second- and third-level headings, nested; none for fewer than two.
    private func contentsList(_ page: Page) -> String? {
        let entries = page.headings.filter { $0.level == 2 || $0.level == 3 }
        guard entries.count >= 2 else { return nil }
        var html = "<ol>\n"
        var openSublist = false
        for (index, entry) in entries.enumerated() {
            let item = "<li><a href=\"#\(entry.anchor.escapedAsMarkupAttribute)\">\(entry.html)</a>"
            if entry.level == 3 && index > 0 && !openSublist {
                // Nest under the previous second-level item, still open.
                html.removeLast("</li>\n".count)
                html += "\n<ol>\n"
                openSublist = true
            } else if entry.level == 2 && openSublist {
                html += "</ol>\n</li>\n"
                openSublist = false
            }
            html += item + "</li>\n"
        }
        if openSublist { html += "</ol>\n</li>\n" }
        return html + "</ol>\n"
    }

    private func pager(_ page: Page, words: Localization) -> String {
        guard let source = page.sourcePath else { return "" }
        let (previous, next) = navigation.neighbours(of: source)
        guard previous != nil || next != nil else { return "" }
        var html =
            "<nav class=\"pager\" aria-label=\"\(words.previous.escapedAsMarkupAttribute) / \(words.next.escapedAsMarkupAttribute)\">\n"
        if let previous {
            html +=
                "<a class=\"previous\" rel=\"prev\" href=\"\(link(from: page, to: previous.outputPath))\"><span>\(words.previous.escapedAsMarkupText)</span> \(previous.title.escapedAsMarkupText)</a>\n"
        }
        if let next {
            html +=
                "<a class=\"next\" rel=\"next\" href=\"\(link(from: page, to: next.outputPath))\"><span>\(words.next.escapedAsMarkupText)</span> \(next.title.escapedAsMarkupText)</a>\n"
        }
        return html + "</nav>\n"
    }
}
