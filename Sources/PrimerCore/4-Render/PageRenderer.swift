import Foundation
import PrimerFigures

/// The render stage: parsed pages and their lessons' results to a
/// complete site in memory. Pages are resolved and rendered on every core.
///
/// Pages the last build left as they are (`SourcePage.remembered`) are not
/// rendered: their files are reused, and their titles, anchors and links
/// come from the build memory — provided that what every page depends on
/// besides itself (`siteContextHash`) is what it was then.
struct PageRenderer {
    let content: LoadedContent
    /// Each page's tree and code, by page path (remembered pages have none).
    let pages: [String: LessonCode]
    /// Outputs of each lesson that has code, by lesson path.
    let results: [String: LessonResults]
    /// The site context the remembered pages were rendered in.
    var rememberedContext: String? = nil
    /// Where the remembered pages' files are (the current output folder).
    var outputFolder: String? = nil

    private struct ResolvedPage {
        var source: SourcePage
        var document: MarkdownNode
        var title: String
        /// The title as HTML when it is the page's first heading (formulas
        /// rendered); nil when it is plain text.
        var titleHTML: String?
    }

    /// One page rendered, with what the build memory keeps of it.
    private struct RenderedPage {
        var html: [UInt8]
        var anchors: Set<String>
        var fragmentLinks: [SiteLinks.FragmentLink]
        var diagnostics: [Diagnostic]
        /// The page's lines of the search index and its text file; nil for
        /// a page with `search: false`.
        var search: SearchIndex.Entry?
    }

    /// The site, or nil when pages were remembered but the site context
    /// changed: then every page must be rendered (build again without memory).
    func render() throws(BuildFailure) -> GeneratedSite? {
        var log = DiagnosticLog()
        let fresh = content.pages.filter { $0.remembered == nil }
        let resolved: [ResolvedPage] = Parallel.map(fresh) { source in
            var log = DiagnosticLog()
            let page = Self.titled(source, document: resolve(source, log: &log), log: &log)
            return (page, log.diagnostics)
        }
        .map { page, diagnostics in
            log.append(contentsOf: diagnostics)
            return page
        }
        var titles: [String: (text: String, html: String?)] = [:]
        for page in resolved { titles[page.source.path] = (page.title, page.titleHTML) }
        for page in content.pages {
            if let remembered = page.remembered { titles[page.path] = (remembered.title, remembered.titleHTML) }
        }
        let context = Self.siteContextHash(content, titles: titles)
        if fresh.count < content.pages.count && context != rememberedContext { return nil }

        let navigation = SiteNavigation(
            pages: content.pages, titles: titles.mapValues(\.text), configuration: content.configuration)
        let layout = PageLayout(configuration: content.configuration, navigation: navigation)
        let links = SiteLinks(pages: content.pages, staticFiles: content.staticFiles)
        let limit = content.configuration.limits.pageSize
        let renderedPages: RenderedPages = resolved.isEmpty ? .none : resolved.count == content.pages.count ? .all : .some
        // The last build's search index, which only some pages rendered
        // update, is read while they render (at 200 lessons, 18 ms of a
        // prose edit's 160).
        let outputFolder = outputFolder
        let readLastSearchIndex = { renderedPages == .some ? outputFolder.flatMap(SearchIndex.Lines.written) : nil }
        let (rendered, lastSearchIndex) = Parallel.both(
            { Parallel.map(resolved) { page in render(page, layout: layout, links: links, pageSizeLimit: limit) } },
            readLastSearchIndex)

        var site = GeneratedSite(files: [:], pageCount: content.pages.count)
        var anchors: [String: Set<String>] = [:]
        var fragmentLinks: [SiteLinks.FragmentLink] = []
        var searchEntries: [String: SearchIndex.Entry] = [:]
        for (page, output) in zip(resolved, rendered) {
            log.append(contentsOf: output.diagnostics)
            site.files[page.source.outputPath] = output.html
            if let entry = output.search {
                searchEntries[page.source.outputPath] = entry
                site.files[SearchIndex.textPath(forPage: page.source.outputPath)] = entry.textFile
            }
            anchors[page.source.outputPath] = output.anchors
            fragmentLinks += output.fragmentLinks
            site.pages[page.source.path] = GeneratedSite.PageRecord(
                title: page.title, titleHTML: page.titleHTML, anchors: output.anchors.sorted(), fragmentLinks: output.fragmentLinks)
        }
        var searchedAsBefore: Set<String> = []
        for page in content.pages {
            guard let remembered = page.remembered, let outputFolder else { continue }
            site.reused[page.outputPath] = outputFolder + "/" + page.outputPath
            if page.frontMatter.search != .none {
                let textPath = SearchIndex.textPath(forPage: page.outputPath)
                site.reused[textPath] = outputFolder + "/" + textPath
                searchedAsBefore.insert(page.outputPath)
            }
            anchors[page.outputPath] = Set(remembered.anchors)
            fragmentLinks += remembered.fragmentLinks
            site.pages[page.path] = GeneratedSite.PageRecord(
                title: remembered.title, titleHTML: remembered.titleHTML, anchors: remembered.anchors,
                fragmentLinks: remembered.fragmentLinks)
        }
        log.append(contentsOf: SiteLinks.check(fragmentLinks, anchors: anchors))
        site.siteContext = context

        var written: [String: String] = [:]  // what Primer writes at each path, for messages
        for page in content.pages { written[page.outputPath] = "the page that \(page.path) becomes" }
        if !content.pages.contains(where: { $0.outputPath == "index.html" }) {
            site.files["index.html"] = Array(landingPage(layout: layout, navigation: navigation).utf8)
            written["index.html"] = "the site's front page (add an index.md to write your own)"
            site.pageCount += 1
        }
        site.files[PageLayout.stylesheetPath] = Array(Stylesheet.css.utf8)
        written[PageLayout.stylesheetPath] = "Primer's stylesheet"
        site.files[SearchIndex.scriptPath] = try EmbeddedFiles.resource("search.js")
        written[SearchIndex.scriptPath] = "Primer's search script"
        guard
            let searchFiles = searchIndex(
                entries: searchEntries, kept: searchedAsBefore, rendered: renderedPages, last: lastSearchIndex)
        else { return nil }
        site.files.merge(searchFiles.written) { $1 }
        for path in searchFiles.kept { site.reused[path] = outputFolder.map { $0 + "/" + path } }
        for path in site.paths where path.hasPrefix(SearchIndex.folder) { written[path] = "the site's search index" }
        // The math font and its licence, for every site (see MathWebFont).
        for (path, bytes) in try MathWebFont.files() {
            site.files[path] = bytes
            written[path] = "the math font Primer ships"
        }
        site.files[".nojekyll"] = []
        // A file of the content folder must not silently replace, or be
        // replaced by, what Primer writes.
        for file in content.staticFiles {
            if let what = written[file.path] {
                log.append(
                    Diagnostic(
                        at: SourceLocation(file: file.displayPath), id: "file.clash",
                        "this file has the path of \(what)", notes: ["rename or move it"]))
            }
            site.files[file.path] = file.contents
        }
        try log.throwIfErrors()
        return site
    }

    enum RenderedPages { case none, some, all }

    /// The search index's files: written from `entries` (the rendered
    /// pages') when every page was rendered; else the last build's lines
    /// (`last`, read from the output folder) updated with them, and the
    /// files whose lines did not change kept as they are. Nil when the last
    /// build's index is missing or lacks a page it should have: then every
    /// page must be rendered.
    private func searchIndex(
        entries: [String: SearchIndex.Entry], kept: Set<String>, rendered: RenderedPages, last: SearchIndex.Lines?
    ) -> (written: [String: [UInt8]], kept: [String])? {
        let languages = content.configuration.languages
        switch rendered {
        case .all: return SearchIndex.Lines(entries: entries).files(languages: languages)
        case .none: return outputFolder.flatMap(SearchIndex.indexFiles).map { ([:], $0) }
        case .some: break
        }
        guard let (lines, changed) = last?.updated(keeping: kept, entries: entries) else { return nil }
        return lines.files(languages: languages, only: changed)
    }

    /// A hash of what each page's HTML depends on besides the page itself
    /// and its results: this Primer, the site's settings and bibliography,
    /// every page's place, language and title (the navigation), and which
    /// files exist (links to them are checked as they are rendered).
    static func siteContextHash(_ content: LoadedContent, titles: [String: (text: String, html: String?)]) -> String {
        var hasher = SHA256()
        hasher.update("primer-site-context-v1\n\(BuildMemory.currentIdentity)\n\(content.settingsHash)\n")
        for page in content.pages {
            let title = titles[page.path]
            let order = page.frontMatter.order.map { "\($0)" } ?? "-"
            hasher.update(
                "page \(page.path)\n\(page.language)\n\(order)\n\(title?.text ?? "")\n\(title?.html ?? "-")\n"
                    + "\(page.frontMatter.description ?? "-")\n")
        }
        for file in content.staticFiles { hasher.update("file \(file.path)\n") }
        return hasher.finalize()
    }

    /// One page through the HTML renderer and the layout.
    private func render(_ page: ResolvedPage, layout: PageLayout, links: SiteLinks, pageSizeLimit limit: Int) -> RenderedPage {
        var links = links
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
        let html = layout.render(
            PageLayout.Page(
                outputPath: page.source.outputPath, sourcePath: page.source.path, language: page.source.language,
                title: page.title, titleHTML: page.titleHTML, description: page.source.frontMatter.description,
                bodyHTML: body.html, headings: body.headings))
        var diagnostics = links.diagnostics
        if html.utf8.count > limit {
            diagnostics.append(
                Diagnostic(
                    at: SourceLocation(file: file), id: "page.size",
                    "the page's HTML is \(Limits.describe(bytes: html.utf8.count)), over the limit of \(Limits.describe(bytes: limit))",
                    notes: ["split the page, or raise the limit: 'limits: {page-size: 50 MB}' in \(SiteConfiguration.fileName)"]))
        }
        var search: SearchIndex.Entry?
        if page.source.frontMatter.search != .none {
            let searchPage = SearchIndex.Page(
                outputPath: page.source.outputPath, language: page.source.language, title: page.title,
                sections: SearchText.sections(
                    ofBody: body.html, title: page.title, includesCode: page.source.frontMatter.search == .textAndCode))
            search = SearchIndex.entry(searchPage)
        }
        return RenderedPage(
            html: Array(html.utf8), anchors: body.ids.union(PageLayout.reservedAnchors), fragmentLinks: links.fragmentLinks,
            diagnostics: diagnostics, search: search)
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
