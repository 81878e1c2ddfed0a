import PrimerFigures

/// A heading of the page, for the table of contents.
struct HeadingEntry: Hashable, Sendable {
    var level: Int
    /// Its plain text, for attributes and titles.
    var text: String
    /// Its content as HTML without links (formulas rendered), for the
    /// table of contents and the page's `<h1>`.
    var html: String
    var anchor: String
}

/// The body of a page rendered to HTML, with what the layout and the link
/// check need to know.
struct RenderedBody: Sendable {
    var html: String
    var headings: [HeadingEntry]
    /// Every `id` the body has: headings, footnotes, labelled cells and
    /// equations, and those written in raw HTML.
    var ids: Set<String>
    /// Raw HTML as the author wrote it, with its position, for its links
    /// to be checked.
    var rawHTML: [(html: String, line: Int, column: Int)]
}

/// Renders a `MarkdownNode` tree to HTML5.
///
/// Primer renders the tree itself (rather than calling cmark's renderer) so
/// that headings get anchors, links between lessons are rewritten and
/// checked, and later stages can render their own nodes.
struct HTMLRenderer {
    /// Rewrites a link or image destination; called with the node's position.
    typealias LinkRewriter = (_ destination: String, _ line: Int, _ column: Int) -> String

    private var anchors: HeadingAnchors
    private let rewriteLink: LinkRewriter
    private var headings: [HeadingEntry] = []
    private var footnoteReferenceCounts: [Int: Int] = [:]
    private var ids: Set<String> = []
    private var rawHTML: [(html: String, line: Int, column: Int)] = []
    /// Inside a heading's copy for the table of contents: links become
    /// their text, so the entry's own link is the only one.
    private var rendersLinksAsText = false
    private var output = ""

    /// The page's words: callouts' labels, claims' verdicts.
    private let words: Localization
    /// Wraps code blocks, tables and display equations in focusable,
    /// labelled regions that scroll sideways (`scrollRegion`); off for
    /// bodies compared with cmark-gfm's HTML.
    private let scrollRegions: Bool
    /// Swift code is highlighted (swift-syntax parses it); the fuzzers turn
    /// it off, to spend their time in Primer's own parsers.
    private let highlightsSwift: Bool
    /// Inside a container whose role is `img`: its content is presentational,
    /// so nothing in it may take the focus.
    private var insideImage = false

    init(
        reservedAnchors: Set<String> = [], words: Localization = .english, scrollRegions: Bool = false,
        highlightsSwift: Bool = true, rewriteLink: @escaping LinkRewriter = { destination, _, _ in destination }
    ) {
        self.words = words
        self.scrollRegions = scrollRegions
        self.highlightsSwift = highlightsSwift
        anchors = HeadingAnchors(reserved: reservedAnchors)
        self.rewriteLink = rewriteLink
    }

    mutating func render(document: MarkdownNode) -> RenderedBody {
        output = ""
        headings = []
        let footnotes = document.children.filter { $0.kind == .footnoteDefinition }
        renderChildren(of: document, tight: false)
        if !footnotes.isEmpty { renderFootnotes(footnotes) }
        return RenderedBody(html: output, headings: headings, ids: ids, rawHTML: rawHTML)
    }

    /// Inline nodes as HTML (an inline value's printed Markdown).
    mutating func renderInlines(_ nodes: [MarkdownNode]) -> String {
        let saved = output
        output = ""
        renderChildren(of: MarkdownNode(.paragraph, children: nodes), tight: false)
        defer { output = saved }
        return output
    }

    // MARK: Blocks

    private mutating func render(_ node: MarkdownNode, tight: Bool) {
        switch node.kind {
        case .document:
            renderChildren(of: node, tight: tight)
        case .blockQuote:
            output += "<blockquote>\n"
            renderChildren(of: node, tight: false)
            output += "</blockquote>\n"
        case let .list(ordered, start, isTight):
            let tag = ordered ? "ol" : "ul"
            let isTaskList = node.children.contains { if case .item(checked: _?) = $0.kind { true } else { false } }
            output += "<\(tag)"
            if ordered && start != 1 { output += " start=\"\(start)\"" }
            if isTaskList { output += " class=\"task-list\"" }
            output += ">\n"
            for item in node.children { render(item, tight: isTight) }
            output += "</\(tag)>\n"
        case .item(let checked):
            if let checked {
                output += "<li class=\"task-list-item\"><input type=\"checkbox\" disabled"
                output += checked ? " checked" : ""
                output += " aria-label=\"\((checked ? words.done : words.toDo).escapedAsMarkupAttribute)\"> "
            } else {
                output += "<li>"
            }
            renderChildren(of: node, tight: tight)
            if output.hasSuffix("\n") { output.removeLast() }
            output += "</li>\n"
        case let .output(stream, text):
            openScrollRegion(kind: "output \(stream.rawValue)", label: words.output)
            output +=
                "<pre class=\"output \(stream.rawValue)\"\(stream == .error ? " role=\"alert\"" : "")><code>\(text.escapedAsMarkupText)</code></pre>\n"
            closeScrollRegion()
        case let .codeBlock(info, code):
            let language = info.split(separator: " ").first.map(String.init) ?? ""
            openScrollRegion(kind: "code", label: words.code)
            output += "<pre><code"
            if !language.isEmpty { output += " class=\"language-\(language.escapedAsMarkupAttribute)\"" }
            // Swift is highlighted at build time; other languages are shown plain.
            output += ">\(language == "swift" && highlightsSwift ? SwiftHighlighter.html(code) : code.escapedAsMarkupText)</code></pre>\n"
            closeScrollRegion()
        case .htmlBlock(let html):
            noteRawHTML(html, at: node)
            output += TagFilter.apply(to: html)
        case .paragraph:
            if tight {
                renderChildren(of: node, tight: tight)
                output += "\n"
            } else {
                output += "<p>"
                renderChildren(of: node, tight: tight)
                output += "</p>\n"
            }
        case .heading(let level):
            renderHeading(node, level: level)
        case .thematicBreak:
            output += "<hr>\n"
        case .footnoteDefinition:
            break  // rendered together at the end of the page
        case .table(let alignments):
            renderTable(node, alignments: alignments)
        case .cell(let presentation):
            renderCell(node, presentation)
        case .plotData(let html):
            output += html
        case .fragment(let html):
            noteIDs(in: html)
            // A table directive's table scrolls as a Markdown table does.
            let isTable = html.hasPrefix("<table")
            if isTable { openScrollRegion(kind: "table", label: words.table) }
            output += html
            if !html.hasSuffix("\n") { output += "\n" }
            if isTable { closeScrollRegion() }
        case let .equation(mathML, label, number):
            noteIDs(in: mathML)  // rows of an `align` carry their labels
            output += "<div class=\"equation\""
            if let label {
                ids.insert(label)
                output += " id=\"\(label.escapedAsMarkupAttribute)\""
            }
            output += ">"
            // The number stays beside the formula, outside the part that scrolls.
            let label = number.map { "\(words.equation) \($0)" } ?? words.equation
            if scrollRegions && !insideImage {
                output += "<div class=\"scroll\" tabindex=\"0\" role=\"group\" aria-label=\"\(label.escapedAsMarkupAttribute)\">"
                output += mathML + "</div>"
            } else {
                output += mathML
            }
            if let number { output += "<span class=\"equation-number\">\(number.escapedAsMarkupText)</span>" }
            output += "</div>\n"
        case .callout(let kind):
            renderCallout(node, kind: kind)
        case .claim(let verdict):
            renderClaim(node, verdict: verdict)
        case .claimPart:
            renderChildren(of: node, tight: false)
        case .displayMath, .directive, .lessonCode:
            break  // resolved before rendering (DocumentResolver)
        case .tableRow, .tableCell:
            renderChildren(of: node, tight: tight)
        default:
            renderInline(node)
        }
    }

    private mutating func renderChildren(of node: MarkdownNode, tight: Bool) {
        for (index, child) in node.children.enumerated() {
            if child.kind == .softBreak {
                output += Self.softBreak(between: node.children[..<index].last, and: node.children.dropFirst(index + 1).first)
            } else {
                render(child, tight: tight)
            }
        }
    }

    private mutating func renderHeading(_ node: MarkdownNode, level: Int) {
        let text = node.plainText
        let anchor = anchors.anchor(for: text)
        ids.insert(anchor)
        output += "<h\(level) id=\"\(anchor.escapedAsMarkupAttribute)\">"
        let start = output.endIndex
        renderChildren(of: node, tight: false)
        let content = String(output[start...])
        // The table of contents links to the heading: no links inside it.
        var linkFree = content
        if content.contains("<a ") {
            var copy = self
            copy.rendersLinksAsText = true
            copy.output = ""
            copy.renderChildren(of: node, tight: false)
            linkFree = copy.output
        }
        headings.append(HeadingEntry(level: level, text: text, html: linkFree, anchor: anchor))
        output +=
            " <a class=\"anchor\" href=\"#\(anchor.escapedAsMarkupAttribute)\" aria-label=\"§ \(text.escapedAsMarkupAttribute)\">#</a>"
        output += "</h\(level)>\n"
    }

    /// Raw HTML: its ids are anchors of the page, its links are checked.
    private mutating func noteRawHTML(_ html: String, at node: MarkdownNode) {
        guard html.contains("=") else { return }
        rawHTML.append((html, node.line, node.column))
        noteIDs(in: html)
    }

    private mutating func noteIDs(in html: String) {
        guard html.contains("id=") else { return }
        ids.formUnion(LinkChecker.attributeValues(named: ["id"], in: html))
    }

    /// A labelled group (not a landmark: a page has many) that scrolls sideways when its content is wider than the
    /// column: focusable, so keyboards can scroll it, and named, so screen
    /// readers say what it holds.
    private mutating func openScrollRegion(kind: String, label: String) {
        guard scrollRegions && !insideImage else { return }
        output += "<div class=\"scroll \(kind)\" tabindex=\"0\" role=\"group\" aria-label=\"\(label.escapedAsMarkupAttribute)\">\n"
    }

    private mutating func closeScrollRegion() {
        guard scrollRegions && !insideImage else { return }
        output += "</div>\n"
    }

    private mutating func renderTable(_ node: MarkdownNode, alignments: [MarkdownNode.TableAlignment]) {
        openScrollRegion(kind: "table", label: words.table)
        output += "<table>\n"
        let header = node.children.filter { $0.kind == .tableRow(isHeader: true) }
        let body = node.children.filter { $0.kind != .tableRow(isHeader: true) }
        for (section, rows, cellTag) in [("thead", header, "th"), ("tbody", body, "td")] where !rows.isEmpty {
            output += "<\(section)>\n"
            for row in rows {
                output += "<tr>\n"
                for (column, cell) in row.children.enumerated() {
                    output += "<\(cellTag)"
                    switch alignments.indices.contains(column) ? alignments[column] : .none {
                    case .left: output += " style=\"text-align: left\""
                    case .center: output += " style=\"text-align: center\""
                    case .right: output += " style=\"text-align: right\""
                    case .none: break
                    }
                    output += ">"
                    renderChildren(of: cell, tight: false)
                    output += "</\(cellTag)>\n"
                }
                output += "</tr>\n"
            }
            output += "</\(section)>\n"
        }
        output += "</table>\n"
        closeScrollRegion()
    }

    private mutating func renderCell(_ node: MarkdownNode, _ presentation: MarkdownNode.CellPresentation) {
        let tag = presentation.caption == nil ? "div" : "figure"
        output += "<\(tag) class=\"\(presentation.isCell ? "cell" : "directive")\""
        if let label = presentation.label {
            ids.insert(label)
            output += " id=\"\(label.escapedAsMarkupAttribute)\""
        }
        if let alt = presentation.alt { output += " role=\"img\" aria-label=\"\(alt.escapedAsMarkupAttribute)\"" }
        output += ">\n"
        let wasInsideImage = insideImage
        insideImage = insideImage || presentation.alt != nil
        // A figure's plot data goes in its caption, so that opening it does
        // not push the caption away from the plot.
        var content = node
        var plotData: [String] = []
        if presentation.caption != nil {
            content.children = node.children.filter { child in
                guard case let .plotData(html) = child.kind else { return true }
                plotData.append(html)
                return false
            }
        }
        renderChildren(of: content, tight: false)
        insideImage = wasInsideImage
        if let caption = presentation.caption {
            let data = plotData.isEmpty ? "" : "\n" + plotData.joined()
            output += "<figcaption>\(caption.escapedAsMarkupText)\(data)</figcaption>\n"
        }
        output += "</\(tag)>\n"
    }

    /// A callout: a labelled note whose label says its kind in words, with
    /// an icon of its own shape, and the author's title after it.
    private mutating func renderCallout(_ node: MarkdownNode, kind: MarkdownNode.CalloutKind) {
        let id = anchors.anchor(for: "callout-\(kind.rawValue)")
        ids.insert(id)
        let label = words.callouts[kind] ?? kind.rawValue
        output += "<div class=\"callout callout-\(kind.rawValue)\" role=\"note\" aria-labelledby=\"\(id)\">\n"
        output +=
            "<p class=\"callout-title\" id=\"\(id)\">\(Callouts.icon(kind))<span class=\"callout-label\">\(label.escapedAsMarkupText)</span>"
        if let title = node.children.first, !title.children.isEmpty {
            output += "<span class=\"callout-heading\">"
            renderChildren(of: title, tight: false)
            output += "</span>"
        }
        output += "</p>\n"
        for child in node.children.dropFirst() { render(child, tight: false) }
        output += "</div>\n"
    }

    /// A claim: the verdict first, at a glance (a symbol and a word), then the
    /// statement, the reason, the evidence and what was measured.
    private mutating func renderClaim(_ node: MarkdownNode, verdict: MarkdownNode.ClaimVerdict) {
        let symbol = ["supported": "✓", "partly": "◐", "notSupported": "✗"][verdict.rawValue] ?? ""
        let word = words.verdicts[verdict] ?? verdict.rawValue
        let className = verdict == .notSupported ? "not-supported" : verdict.rawValue
        output +=
            "<div class=\"claim claim-\(className)\" role=\"group\" aria-label=\"\(words.claim.escapedAsMarkupAttribute): \(word.escapedAsMarkupAttribute)\">\n"
        output +=
            "<p class=\"claim-verdict\"><span class=\"claim-symbol\" aria-hidden=\"true\">\(symbol)</span> \(word.escapedAsMarkupText)</p>\n"
        for part in node.children {
            guard case .claimPart(let role) = part.kind else { continue }
            output += "<p class=\"claim-\(role.rawValue)\">"
            switch role {
            case .evidence: output += "<span class=\"claim-key\">\(words.evidence.escapedAsMarkupText)</span> "
            case .measured: output += "<span class=\"claim-key\">\(words.measured.escapedAsMarkupText)</span> "
            case .statement, .reason: break
            }
            renderChildren(of: part, tight: false)
            output += "</p>\n"
        }
        output += "</div>\n"
    }

    private mutating func renderFootnotes(_ definitions: [MarkdownNode]) {
        output += "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n"
        for (index, definition) in definitions.enumerated() {
            let number = index + 1
            ids.insert("fn-\(number)")
            output += "<li id=\"fn-\(number)\">\n"
            renderChildren(of: definition, tight: false)
            let backReferences = (0..<max(1, footnoteReferenceCounts[number] ?? 0)).map { occurrence in
                "<a href=\"#\(Self.footnoteReferenceID(number, occurrence))\" class=\"footnote-backref\" aria-label=\"↩ \(number)\">↩</a>"
            }
            // Put the back-links inside the last paragraph, as GitHub does.
            let links = " " + backReferences.joined(separator: " ")
            if output.hasSuffix("</p>\n") {
                output.removeLast("</p>\n".count)
                output += links + "</p>\n"
            } else {
                output += links + "\n"
            }
            output += "</li>\n"
        }
        output += "</ol>\n</section>\n"
    }

    private static func footnoteReferenceID(_ number: Int, _ occurrence: Int) -> String {
        occurrence == 0 ? "fnref-\(number)" : "fnref-\(number)-\(occurrence + 1)"
    }

    // MARK: Inlines

    private mutating func renderInline(_ node: MarkdownNode) {
        switch node.kind {
        case .text(let text):
            output += text.escapedAsMarkupText
        case .softBreak:
            output += "\n"
        case .lineBreak:
            output += "<br>\n"
        case .code(let code):
            output += "<code>\(code.escapedAsMarkupText)</code>"
        case .htmlInline(let html):
            noteRawHTML(html, at: node)
            output += TagFilter.apply(to: html)
        case .emphasis:
            wrap(node, in: "em")
        case .strong:
            wrap(node, in: "strong")
        case .strikethrough:
            wrap(node, in: "del")
        case .link where rendersLinksAsText:
            renderChildren(of: node, tight: false)
        case let .link(destination, title):
            let href = rewriteLink(destination, node.line, node.column)
            output += "<a href=\"\(href.escapedAsMarkupAttribute)\""
            if !title.isEmpty { output += " title=\"\(title.escapedAsMarkupAttribute)\"" }
            output += ">"
            renderChildren(of: node, tight: false)
            output += "</a>"
        case let .image(source, title):
            let src = rewriteLink(source, node.line, node.column)
            output += "<img src=\"\(src.escapedAsMarkupAttribute)\" alt=\"\(node.plainText.escapedAsMarkupAttribute)\""
            if !title.isEmpty { output += " title=\"\(title.escapedAsMarkupAttribute)\"" }
            output += ">"
        case .inlineFragment(let html, _):
            noteIDs(in: html)
            output += html
        case .footnoteReference where rendersLinksAsText:
            break
        case .footnoteReference(let number):
            let occurrence = footnoteReferenceCounts[number, default: 0]
            footnoteReferenceCounts[number] = occurrence + 1
            ids.insert(Self.footnoteReferenceID(number, occurrence))
            output +=
                "<sup class=\"footnote-ref\"><a href=\"#fn-\(number)\" id=\"\(Self.footnoteReferenceID(number, occurrence))\" role=\"doc-noteref\">\(number)</a></sup>"
        case .unknown, .tableRow, .tableCell:
            renderChildren(of: node, tight: false)
        case .inlineMath, .lessonCode:
            break  // resolved before rendering (DocumentResolver)
        default:
            render(node, tight: false)
        }
    }

    private mutating func wrap(_ node: MarkdownNode, in tag: String) {
        output += "<\(tag)>"
        renderChildren(of: node, tight: false)
        output += "</\(tag)>"
    }

    /// A line break inside a paragraph is a space, except between two CJK
    /// characters, where a space would show as a gap in the sentence.
    private static func softBreak(between previous: MarkdownNode?, and next: MarkdownNode?) -> String {
        guard let last = previous?.plainText.unicodeScalars.last, let first = next?.plainText.unicodeScalars.first,
            last.isWideCJK, first.isWideCJK
        else { return "\n" }
        return ""
    }
}

extension Unicode.Scalar {
    /// Han, kana, Hangul and full-width punctuation: scripts written without spaces.
    var isWideCJK: Bool {
        switch value {
        case 0x1100...0x11FF, 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFF:
            true
        default:
            false
        }
    }
}

/// GFM's tagfilter: raw HTML may not open tags that change how the rest of
/// the page is parsed (`<script>`, `<style>`, `<textarea>`, …).
enum TagFilter {
    private static let filtered = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]

    static func apply(to html: String) -> String {
        guard html.contains("<") else { return html }
        var result = ""
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let afterOpen = rest[rest.index(after: open)...]
            let name = afterOpen.drop { $0 == "/" }.prefix { $0.isLetter }.lowercased()
            let nameEnd = afterOpen.drop { $0 == "/" }.dropFirst(name.count).first
            let isTagBoundary = nameEnd == nil || nameEnd == ">" || nameEnd == "/" || nameEnd!.isWhitespace
            result += filtered.contains(name) && isTagBoundary ? "&lt;" : "<"
            rest = afterOpen
        }
        return result + rest
    }
}
