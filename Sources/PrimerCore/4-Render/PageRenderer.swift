import Foundation
import PrimerFigures

/// The parse and render stages: Markdown pages to a complete site in memory.
struct PageRenderer {
    let content: LoadedContent
    /// Each page's code blocks, and its Markdown with markers in their place.
    let notebooks: [String: NotebookScanner.Result]
    /// Outputs of each lesson that has code, by lesson path.
    let results: [String: LessonResults]

    private struct ParsedPage {
        var source: SourcePage
        var document: MarkdownNode
        var title: String
    }

    /// A link to a fragment of a page, checked once every page is rendered.
    private struct FragmentLink {
        var targetPath: String
        var fragment: String
        var location: SourceLocation
    }

    func render() throws(BuildFailure) -> GeneratedSite {
        let parser = MarkdownParser()
        var log = DiagnosticLog()
        let pages = content.pages.map { source in
            Self.titled(source, document: document(of: source, parser: parser, log: &log))
        }
        let navigation = SiteNavigation(
            pages: content.pages,
            titles: Dictionary(uniqueKeysWithValues: pages.map { ($0.source.path, $0.title) }),
            configuration: content.configuration)
        let layout = PageLayout(configuration: content.configuration, navigation: navigation)
        let targets = LinkTargets(pages: content.pages, staticFiles: content.staticFiles)

        var files: [String: [UInt8]] = [:]
        var fragmentLinks: [FragmentLink] = []
        for page in pages {
            let labels = notebooks[page.source.path]?.blocks.compactMap(\.options.label) ?? []
            var renderer = HTMLRenderer(reservedAnchors: PageLayout.reservedAnchors.union(labels)) { destination, line, column in
                let location = SourceLocation(file: page.source.displayPath, line: line, column: column)
                switch targets.rewrite(destination, from: page.source.path) {
                case .unchanged:
                    return destination
                case let .rewritten(href, target, fragment):
                    if let target, let fragment { fragmentLinks.append(FragmentLink(targetPath: target, fragment: fragment, location: location)) }
                    return href
                case .broken(let diagnostic):
                    log.append(Diagnostic(at: location, id: "link.broken", diagnostic.summary, notes: diagnostic.notes))
                    return destination
                }
            }
            let body = renderer.render(document: page.document)
            let html = layout.render(PageLayout.Page(
                outputPath: page.source.outputPath, sourcePath: page.source.path, language: page.source.language,
                title: page.title, description: page.source.frontMatter.description,
                bodyHTML: body.html, headings: body.headings))
            files[page.source.outputPath] = Array(html.utf8)
        }
        for link in fragmentLinks where !LinkChecker.ids(in: files[link.targetPath] ?? []).contains(link.fragment) {
            log.append(Diagnostic(at: link.location, id: "link.anchor", "link to '#\(link.fragment)', which is not a heading or anchor of \(link.targetPath)"))
        }
        try log.throwIfErrors()

        if files["index.html"] == nil {
            files["index.html"] = Array(landingPage(layout: layout, navigation: navigation).utf8)
        }
        for file in content.staticFiles {
            files[file.path] = file.contents
        }
        files[PageLayout.stylesheetPath] = Array(Stylesheet.css.utf8)
        files[".nojekyll"] = []
        return GeneratedSite(files: files, pageCount: pages.count + (content.pages.contains { $0.outputPath == "index.html" } ? 0 : 1))
    }

    /// The page's Markdown, parsed, with its code blocks' outputs, formulas
    /// and cross-references in place.
    private func document(of source: SourcePage, parser: MarkdownParser, log: inout DiagnosticLog) -> MarkdownNode {
        guard let notebook = notebooks[source.path] else { return parser.parse(source.body) }
        var injector = OutputInjector(
            file: source.displayPath, blocks: notebook.blocks, outputs: results[source.path]?.blocks ?? [],
            formulas: notebook.formulas, language: source.language)
        let document = injector.inject(into: parser.parse(notebook.markdown))
        log.append(contentsOf: injector.diagnostics)
        return document
    }

    /// The page's title: its front matter's `title`, else the level-1
    /// heading the page starts with (taken out of the body: the layout shows
    /// the title), else its file name.
    private static func titled(_ source: SourcePage, document: MarkdownNode) -> ParsedPage {
        if let title = source.frontMatter.title {
            return ParsedPage(source: source, document: document, title: title)
        }
        if let first = document.children.first, first.kind == .heading(level: 1) {
            var body = document
            body.children.removeFirst()
            return ParsedPage(source: source, document: body, title: first.plainText)
        }
        let name = String(source.path.split(separator: "/").last?.dropLast(".md".count) ?? "")
        return ParsedPage(source: source, document: document, title: name)
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
        return layout.render(PageLayout.Page(
            outputPath: "index.html", sourcePath: nil, language: configuration.defaultLanguage,
            title: configuration.title(for: configuration.defaultLanguage), description: nil,
            bodyHTML: body, headings: []))
    }
}
