import Foundation
import PrimerFigures

/// The render stage: parsed pages and their lessons' results to a
/// complete site in memory.
struct PageRenderer {
    let content: LoadedContent
    /// Each page's tree and code, by page path.
    let pages: [String: LessonCode]
    /// Outputs of each lesson that has code, by lesson path.
    let results: [String: LessonResults]

    private struct ResolvedPage {
        var source: SourcePage
        var document: MarkdownNode
        var title: String
        /// The title as HTML when it is the page's first heading (formulas
        /// rendered); nil when it is plain text.
        var titleHTML: String?
    }

    func render() throws(BuildFailure) -> GeneratedSite {
        var log = DiagnosticLog()
        let resolved = content.pages.map { source in
            Self.titled(source, document: resolve(source, log: &log), log: &log)
        }
        let navigation = SiteNavigation(
            pages: content.pages,
            titles: Dictionary(uniqueKeysWithValues: resolved.map { ($0.source.path, $0.title) }),
            configuration: content.configuration)
        let layout = PageLayout(configuration: content.configuration, navigation: navigation)
        var links = SiteLinks(pages: content.pages, staticFiles: content.staticFiles)

        var files: [String: [UInt8]] = [:]
        var anchors: [String: Set<String>] = [:]
        for page in resolved {
            let file = page.source.displayPath
            let words = Localization.forLanguage(page.source.language)
            var renderer = HTMLRenderer(reservedAnchors: PageLayout.reservedAnchors, words: words, scrollRegions: true) {
                destination, line, column in
                links.href(for: destination, from: page.source.path, at: SourceLocation(file: file, line: line, column: column))
            }
            let body = renderer.render(document: page.document)
            for raw in body.rawHTML {
                links.checkRawHTML(raw.html, from: page.source.path, at: SourceLocation(file: file, line: raw.line, column: raw.column))
            }
            anchors[page.source.outputPath] = body.ids.union(PageLayout.reservedAnchors)
            let html = layout.render(
                PageLayout.Page(
                    outputPath: page.source.outputPath, sourcePath: page.source.path, language: page.source.language,
                    title: page.title, titleHTML: page.titleHTML, description: page.source.frontMatter.description,
                    bodyHTML: body.html, headings: body.headings))
            let limit = content.configuration.limits.pageSize
            if html.utf8.count > limit {
                log.append(
                    Diagnostic(
                        at: SourceLocation(file: file), id: "page.size",
                        "the page's HTML is \(Limits.describe(bytes: html.utf8.count)), over the limit of \(Limits.describe(bytes: limit))",
                        notes: ["split the page, or raise the limit: 'limits: {page-size: 50 MB}' in \(SiteConfiguration.fileName)"]))
            }
            files[page.source.outputPath] = Array(html.utf8)
        }
        links.checkFragments(anchors: anchors)
        log.append(contentsOf: links.diagnostics)

        var written: [String: String] = [:]  // what Primer writes at each path, for messages
        for page in content.pages { written[page.outputPath] = "the page that \(page.path) becomes" }
        if files["index.html"] == nil {
            files["index.html"] = Array(landingPage(layout: layout, navigation: navigation).utf8)
            written["index.html"] = "the site's front page (add an index.md to write your own)"
        }
        files[PageLayout.stylesheetPath] = Array(Stylesheet.css.utf8)
        written[PageLayout.stylesheetPath] = "Primer's stylesheet"
        // The math font and its licence, for every site (see MathWebFont).
        for (path, bytes) in try MathWebFont.files() {
            files[path] = bytes
            written[path] = "the math font Primer ships"
        }
        files[".nojekyll"] = []
        // A file of the content folder must not silently replace, or be
        // replaced by, what Primer writes.
        for file in content.staticFiles {
            if let what = written[file.path] {
                log.append(
                    Diagnostic(
                        at: SourceLocation(file: file.displayPath), id: "file.clash",
                        "this file has the path of \(what)", notes: ["rename or move it"]))
            }
            files[file.path] = file.contents
        }
        try log.throwIfErrors()
        return GeneratedSite(files: files, pageCount: resolved.count + (content.pages.contains { $0.outputPath == "index.html" } ? 0 : 1))
    }

    /// The page's tree with its citations (and reference list), its code's
    /// outputs, formulas and cross-references in place.
    private func resolve(_ source: SourcePage, log: inout DiagnosticLog) -> MarkdownNode {
        guard var code = pages[source.path] else { return MarkdownNode(.document) }
        code.document = citations(in: code.document, of: source, log: &log)
        var resolver = DocumentResolver(
            file: source.displayPath, language: source.language, code: code,
            outputs: results[source.path]?.blocks ?? [])
        let document = resolver.resolve(code.document)
        log.append(contentsOf: resolver.diagnostics)
        return document
    }

    /// The page's title: its front matter's `title`, else the level-1
    /// heading the page starts with (taken out of the body: the layout shows
    /// the title), else its file name. Both at once would show two titles:
    /// an error at the heading.
    private static func titled(_ source: SourcePage, document: MarkdownNode, log: inout DiagnosticLog) -> ResolvedPage {
        let first = document.children.first.flatMap { $0.kind == .heading(level: 1) ? $0 : nil }
        if let title = source.frontMatter.title {
            if let first {
                log.append(
                    Diagnostic(
                        at: SourceLocation(file: source.displayPath, line: first.line, column: first.column), id: "title.twice",
                        "the page has two titles: front matter's 'title: \(title)' and this heading",
                        notes: ["remove one: without a front-matter title, a leading '# heading' is the title"]))
            }
            return ResolvedPage(source: source, document: document, title: title)
        }
        if let first {
            var body = document
            body.children.removeFirst()
            var renderer = HTMLRenderer()
            let html = renderer.renderInlines(first.children)
            let title = first.plainText
            return ResolvedPage(source: source, document: body, title: title, titleHTML: html == title.escapedAsMarkupText ? nil : html)
        }
        let name = String(source.path.split(separator: "/").last?.dropLast(".md".count) ?? "")
        return ResolvedPage(source: source, document: document, title: name)
    }

    /// The site's front door when the content has no `index.md`: every
    /// language's edition with its lessons.
    private func landingPage(layout: PageLayout, navigation: SiteNavigation) -> String {
        let configuration = content.configuration
        var body = ""
        var anchors = HeadingAnchors(reserved: PageLayout.reservedAnchors)
        for language in configuration.languages {
            let entries = navigation.pages(in: language)
            guard !entries.isEmpty else { continue }
            let title = configuration.title(for: language)
            let anchor = anchors.anchor(for: language)
            body += "<section lang=\"\(language.escapedAsMarkupAttribute)\">\n"
            body += "<h2 id=\"\(anchor.escapedAsMarkupAttribute)\">\(title.escapedAsMarkupText)</h2>\n<ol>\n"
            for entry in entries {
                body += "<li><a href=\"\(entry.outputPath.escapedAsMarkupAttribute)\">\(entry.title.escapedAsMarkupText)</a></li>\n"
            }
            body += "</ol>\n</section>\n"
        }
        return layout.render(
            PageLayout.Page(
                outputPath: "index.html", sourcePath: nil, language: configuration.defaultLanguage,
                title: configuration.title(for: configuration.defaultLanguage), titleHTML: nil, description: nil,
                bodyHTML: body, headings: []))
    }
}

extension PageRenderer {
    /// One Markdown text through the parse, resolve and render stages, with
    /// no lesson code run and links kept as written (percent-encoded): the
    /// path of the GFM conformance test and of the renderer's own tests.
    static func renderStandalone(
        _ markdown: String, file: String = "page.md", language: String = "en", highlightsSwift: Bool = true
    ) -> (
        body: RenderedBody, diagnostics: [Diagnostic]
    ) {
        var log = DiagnosticLog()
        let code = PageParser.parse(markdown, file: file, log: &log) ?? LessonCode(document: MarkdownNode(.document), blocks: [])
        var diagnostics = log.diagnostics
        var resolver = DocumentResolver(file: file, language: language, code: code, outputs: [])
        let document = resolver.resolve(code.document)
        diagnostics += resolver.diagnostics
        var renderer = HTMLRenderer(words: Localization.forLanguage(language), highlightsSwift: highlightsSwift) { destination, _, _ in
            LinkReference.percentEncoded(destination)
        }
        return (renderer.render(document: document), diagnostics)
    }
}
