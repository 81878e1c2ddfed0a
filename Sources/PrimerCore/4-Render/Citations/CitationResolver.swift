import Foundation
import PrimerFigures

/// Puts a page's citations in place: each becomes links to its entries in
/// the reference list, which is added at the end of the page with only the
/// works the page cites.
///
/// It runs on the parsed page before `DocumentResolver`, on text nodes
/// only, so citations are never found in code, raw HTML, link destinations
/// or math; and not in link text either (a link inside a link is not HTML).
/// A bracketed citation (`[@key]`) must name keys of the bibliography, or
/// it is an error at the key; a bare `@key` is a citation when the key is in
/// the bibliography, an error when it looks like a citation key (it ends in
/// a year: `@glorot2011`), and text otherwise (`@MainActor`). `\@key` is
/// text. Cross-reference labels (`@fig-…`, `@tbl-…`, `@eq-…`) are left to
/// `DocumentResolver`.
struct CitationResolver {
    let bibliography: Bibliography?
    let style: CitationStyle
    let formatter: ReferenceFormatter
    let file: String
    /// The page's Markdown by line, as UTF-8, to find citations' columns.
    private let sourceLines: [[UInt8]]
    private(set) var diagnostics: [Diagnostic] = []
    /// Cited keys, in the order of their first citation.
    private var cited: [String] = []
    private var numbers: [String: Int] = [:]
    /// The year each cited work shows, with a letter when two works of the
    /// same authors and year are cited ("2015a").
    private var years: [String: String] = [:]

    init(bibliography: Bibliography?, style: CitationStyle, language: String, file: String, markdown: String) {
        self.bibliography = bibliography
        self.style = style
        formatter = ReferenceFormatter(style: style, language: language)
        self.file = file
        sourceLines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
    }

    /// The page with its citations as links and its reference list at the
    /// end; the page unchanged when it cites nothing.
    mutating func resolve(_ document: MarkdownNode) -> MarkdownNode {
        guard document.containsAt else { return document }
        _ = rewrite(document, hint: CitationPlace(line: 1, column: 1), emit: false)
        guard !cited.isEmpty else { return document }
        assignLabels()
        var page = rewrite(document, hint: CitationPlace(line: 1, column: 1), emit: true)
        page.children = appendingReferenceList(to: page.children)
        return page
    }

    /// The id of a work's entry in the reference list.
    static func anchor(for key: String) -> String {
        "ref-" + String(key.map { $0.isWhitespace ? "-" : $0 })
    }

    // MARK: The tree

    /// With `emit` false, finds the citations (and reports unknown keys);
    /// with `emit` true, puts them in place.
    private mutating func rewrite(_ node: MarkdownNode, hint: CitationPlace, emit: Bool) -> MarkdownNode {
        switch node.kind {
        case .link, .image, .code, .codeBlock, .htmlBlock, .htmlInline, .lessonCode, .directive, .displayMath, .inlineMath:
            return node
        default:
            break
        }
        var known = node.line > 0 ? CitationPlace(line: node.line, column: node.column) : hint
        var children: [MarkdownNode] = []
        var index = 0
        while index < node.children.count {
            let child = node.children[index]
            if child.isRunPart {
                var end = index
                while end < node.children.count, node.children[end].isRunPart { end += 1 }
                children += run(Array(node.children[index..<end]), hint: known, emit: emit)
                for part in node.children[index..<end] where part.line > 0 { known = CitationPlace(line: part.line, column: part.column) }
                index = end
            } else {
                children.append(rewrite(child, hint: known, emit: emit))
                if child.line > 0 { known = CitationPlace(line: child.line, column: child.column) }
                index += 1
            }
        }
        var result = node
        result.children = children
        return result
    }

    /// A run of text and soft breaks: the nodes, or the same nodes with
    /// citations in place.
    private mutating func run(_ nodes: [MarkdownNode], hint: CitationPlace, emit: Bool) -> [MarkdownNode] {
        var text = ""
        var segments: [(start: Int, line: Int, column: Int)] = []
        for node in nodes {
            segments.append((text.utf8.count, node.kind == .softBreak ? 0 : node.line, node.column))
            if case .text(let value) = node.kind { text += value } else { text += "\n" }
        }
        guard text.contains("@") else { return nodes }
        let bytes = Array(text.utf8)

        func position(_ offset: Int) -> CitationPlace? {
            guard let segment = segments.last(where: { $0.start <= offset }), segment.line > 0 else { return nil }
            return CitationPlace(line: segment.line, column: segment.column + offset - segment.start)
        }
        /// The start of the last text before `offset` that has a position.
        func known(_ offset: Int) -> CitationPlace {
            segments.last { $0.start <= offset && $0.line > 0 }.map { CitationPlace(line: $0.line, column: $0.column) } ?? hint
        }

        var accepted: [CitationSyntax.Match] = []
        for match in CitationSyntax.matches(in: text) {
            let first = match.items[0]
            let place = locate(first.key, near: position(first.offset), hint: known(first.offset))
            if place.escaped { continue }
            let unknown = match.items.filter { bibliography?.works[$0.key] == nil }
            if match.form == .bare, !unknown.isEmpty, !CitationSyntax.looksLikeCitationKey(first.key) { continue }
            if !unknown.isEmpty {
                if !emit {
                    for item in unknown {
                        let at = item == first ? place : locate(item.key, near: position(item.offset), hint: known(item.offset))
                        report(unknownKey: item.key, at: CitationPlace(line: at.line, column: at.column))
                    }
                }
                continue
            }
            if !emit {
                for item in match.items where numbers[item.key] == nil {
                    numbers[item.key] = cited.count + 1
                    cited.append(item.key)
                }
            }
            accepted.append(match)
        }
        guard emit, !accepted.isEmpty else { return nodes }

        var output: [MarkdownNode] = []
        func appendText(_ range: Range<Int>) {
            var start = range.lowerBound
            for offset in range where bytes[offset] == UInt8(ascii: "\n") {
                output.appendText(String(decoding: bytes[start..<offset], as: UTF8.self), at: position(start))
                output.append(MarkdownNode(.softBreak))
                start = offset + 1
            }
            output.appendText(String(decoding: bytes[start..<range.upperBound], as: UTF8.self), at: position(start))
        }
        var cursor = 0
        for match in accepted {
            appendText(cursor..<match.range.lowerBound)
            let place = position(match.range.lowerBound) ?? hint
            for node in citation(match) {
                if case .text(let value) = node.kind {
                    output.appendText(value, at: place)
                } else {
                    var link = node
                    link.line = place.line
                    link.column = place.column
                    output.append(link)
                }
            }
            cursor = match.range.upperBound
        }
        appendText(cursor..<bytes.count)
        return output
    }

    // MARK: Citations

    /// The nodes a citation becomes: text and links to the list.
    private func citation(_ match: CitationSyntax.Match) -> [MarkdownNode] {
        let f = formatter
        func link(_ key: String, _ text: String) -> MarkdownNode {
            let title = bibliography?.works[key]?.title.map { ReferenceFormatter.reading($0.sentenceCased) } ?? ""
            return MarkdownNode(.link(destination: "#" + Self.anchor(for: key), title: title), children: [MarkdownNode(.text(text))])
        }
        func work(_ key: String) -> Work { bibliography!.works[key]! }
        let locator = { (item: CitationSyntax.Item) in item.suffix.isEmpty ? "" : f.comma + item.suffix }
        let prefix = { (item: CitationSyntax.Item) in item.prefix.isEmpty ? "" : item.prefix + " " }

        switch (style, match.form) {
        case (.numeric, .bare):
            let item = match.items[0]
            let number = "\(numbers[item.key] ?? 0)" + (item.suffix.isEmpty ? "" : ", " + item.suffix)
            return [link(item.key, f.names(work(item.key)) + (f.isChinese ? "" : " ") + "[\(number)]")]
        case (.numeric, .bracketed):
            // With a locator or a prefix, each work in brackets of its own:
            // "[1], [2, p. 3]"; else "[1, 3]", three or more in a row "[1–3]".
            guard match.items.allSatisfy({ $0.prefix.isEmpty && $0.suffix.isEmpty }) else {
                var nodes: [MarkdownNode] = []
                for (index, item) in match.items.enumerated() {
                    if index > 0 { nodes.append(MarkdownNode(.text(f.numberSeparator))) }
                    nodes.append(MarkdownNode(.text("[" + prefix(item))))
                    nodes.append(link(item.key, "\(numbers[item.key] ?? 0)"))
                    nodes.append(MarkdownNode(.text((item.suffix.isEmpty ? "" : ", " + item.suffix) + "]")))
                }
                return nodes
            }
            let sorted = Array(Set(match.items.compactMap { numbers[$0.key] })).sorted()
            let keys = Dictionary(match.items.map { (numbers[$0.key] ?? 0, $0.key) }, uniquingKeysWith: { first, _ in first })
            var nodes = [MarkdownNode(.text("["))]
            var index = 0
            while index < sorted.count {
                if index > 0 { nodes.append(MarkdownNode(.text(f.numberSeparator))) }
                var end = index
                while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
                nodes.append(link(keys[sorted[index]] ?? "", "\(sorted[index])"))
                if end - index >= 2 {
                    nodes.append(MarkdownNode(.text("–")))
                    nodes.append(link(keys[sorted[end]] ?? "", "\(sorted[end])"))
                    index = end
                }
                index += 1
            }
            nodes.append(MarkdownNode(.text("]")))
            return nodes
        case (.authorYear, .bare):
            let item = match.items[0]
            let year = years[item.key] ?? f.noDate
            return [link(item.key, f.names(work(item.key)) + (f.isChinese ? "" : " ") + f.open + year + locator(item) + f.close)]
        case (.authorYear, .bracketed):
            var nodes = [MarkdownNode(.text(f.open))]
            for (index, item) in match.items.enumerated() {
                if index > 0 { nodes.append(MarkdownNode(.text(f.semicolon))) }
                if !item.prefix.isEmpty { nodes.append(MarkdownNode(.text(prefix(item)))) }
                let year = years[item.key] ?? f.noDate
                nodes.append(link(item.key, item.suppressesAuthor ? year : f.names(work(item.key)) + f.comma + year))
                if !item.suffix.isEmpty { nodes.append(MarkdownNode(.text(locator(item)))) }
            }
            nodes.append(MarkdownNode(.text(f.close)))
            return nodes
        }
    }

    // MARK: The list

    /// Years with letters for works that would read alike ("He et al.,
    /// 2015a"), in the order of the list.
    private mutating func assignLabels() {
        guard let bibliography else { return }
        for key in cited { years[key] = bibliography.works[key]?.year ?? formatter.noDate }
        guard style == .authorYear else { return }
        var groups: [String: [String]] = [:]
        for key in listOrder() {
            guard let work = bibliography.works[key] else { continue }
            groups[formatter.names(work) + "\u{0}" + (years[key] ?? ""), default: []].append(key)
        }
        for keys in groups.values where keys.count > 1 {
            for (index, key) in keys.enumerated() {
                years[key, default: ""] += String(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(min(index, 25)))))
            }
        }
    }

    /// Numeric: by first citation. Author–year: by the first author's
    /// family name, then year, then title.
    private func listOrder() -> [String] {
        guard style == .authorYear, let bibliography else { return cited }
        func sortKey(_ key: String) -> [String] {
            guard let work = bibliography.works[key] else { return [key] }
            let names = (work.authors.isEmpty ? work.editors : work.authors).names
            let fold = { (text: String) in text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
            let title = fold(work.title?.plain ?? "")
            return [fold(names.first.map { $0.family + " " + $0.given } ?? title), fold(formatter.names(work)), work.year ?? "", title]
        }
        return cited.sorted { sortKey($0).lexicographicallyPrecedes(sortKey($1)) }
    }

    /// The page's blocks with the reference list at the end, under the
    /// page's own closing "References" heading if it has one.
    private func appendingReferenceList(to blocks: [MarkdownNode]) -> [MarkdownNode] {
        guard let bibliography else { return blocks }
        var blocks = blocks
        var heading = MarkdownNode(.heading(level: 2), children: [MarkdownNode(.text(formatter.heading))])
        if let last = blocks.lastIndex(where: { $0.kind != .footnoteDefinition }), case .heading = blocks[last].kind,
            ReferenceFormatter.headingNames.contains(blocks[last].plainText.trimmingCharacters(in: .whitespaces).lowercased())
        {
            heading = blocks.remove(at: last)
        }
        let tag = style == .numeric ? "ol" : "ul"
        var list = "<\(tag) class=\"references\">\n"
        for key in listOrder() {
            guard let work = bibliography.works[key] else { continue }
            let entry = formatter.entryHTML(work, year: years[key] ?? formatter.noDate)
            list += "<li id=\"\(Self.anchor(for: key).escapedAsMarkupAttribute)\">\(entry)</li>\n"
        }
        list += "</\(tag)>\n</section>\n"
        let label = heading.plainText.trimmingCharacters(in: .whitespaces)
        blocks += [
            MarkdownNode(
                .fragment(
                    html: "<section class=\"references\" role=\"doc-bibliography\" aria-label=\"\(label.escapedAsMarkupAttribute)\">\n")),
            heading,
            MarkdownNode(.fragment(html: list)),
        ]
        return blocks
    }

    // MARK: Places

    /// Where the key's `@` is in the Markdown: at `near` when the text there
    /// reads `@key`, else the first `@key` from there (or from `hint`) on —
    /// escapes and entities make text shorter than its source, and some
    /// inlines have no position. `escaped` when a backslash precedes it.
    private func locate(_ key: String, near: CitationPlace?, hint: CitationPlace) -> (line: Int, column: Int, escaped: Bool) {
        let needles = [Array(("@" + key).utf8), Array(("@{" + key + "}").utf8)]
        func found(_ line: Int, _ column: Int) -> Bool {
            guard sourceLines.indices.contains(line - 1) else { return false }
            let bytes = sourceLines[line - 1]
            let start = column - 1
            guard start >= 0, start < bytes.count else { return false }
            return needles.contains { needle in
                guard bytes[start...].starts(with: needle) else { return false }
                let after = start + needle.count
                return after >= bytes.count || !(bytes[after].isASCIILetterOrDigit || bytes[after] == UInt8(ascii: "_"))
            }
        }
        func escaped(_ line: Int, _ column: Int) -> Bool {
            column >= 2 && sourceLines[line - 1][column - 2] == UInt8(ascii: "\\")
        }
        if let near, found(near.line, near.column) { return (near.line, near.column, escaped(near.line, near.column)) }
        let from = near ?? hint
        let firstLine = max(1, from.line)
        for line in firstLine..<max(firstLine, min(firstLine + 60, sourceLines.count + 1)) {
            let bytes = sourceLines[line - 1]
            let start = line == from.line ? min(max(0, from.column - 1), bytes.count) : 0
            for offset in start..<bytes.count where bytes[offset] == UInt8(ascii: "@") && found(line, offset + 1) {
                return (line, offset + 1, escaped(line, offset + 1))
            }
        }
        return (from.line, from.column, false)
    }

    private mutating func report(unknownKey key: String, at place: CitationPlace) {
        let location = SourceLocation(file: file, line: place.line, column: place.column)
        guard let bibliography else {
            diagnostics.append(
                Diagnostic(
                    at: location, id: "citation.no-bibliography", "citation of '@\(key)', but the site has no bibliography",
                    notes: [
                        "put a BibTeX file named \(Bibliography.defaultFileName) in the content folder, or name one with 'bibliography:' in \(SiteConfiguration.fileName)"
                    ]))
            return
        }
        var notes: [String] = []
        let suggestion = bibliography.keys.min { Self.editDistance($0, key) < Self.editDistance($1, key) }
        if let suggestion, Self.editDistance(suggestion, key) <= max(2, key.count / 4) {
            notes.append("did you mean '@\(suggestion)'?")
        } else if bibliography.keys.isEmpty {
            notes.append("\(bibliography.file) has no entries")
        } else {
            let shown = bibliography.keys.sorted().prefix(12)
            notes.append(
                "keys in \(bibliography.file): " + shown.joined(separator: ", ") + (bibliography.keys.count > shown.count ? ", …" : ""))
        }
        diagnostics.append(
            Diagnostic(
                at: location, id: "citation.unknown-key", "unknown citation key '@\(key)' (not in \(bibliography.file))", notes: notes))
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

/// A line and UTF-8 column of the page's Markdown.
private struct CitationPlace {
    var line: Int
    var column: Int
}

extension MarkdownNode {
    /// Text and soft breaks: what a citation may span.
    fileprivate var isRunPart: Bool {
        switch kind {
        case .text, .softBreak: true
        default: false
        }
    }

    /// Whether any text of the tree holds an `@` (else there is nothing to do).
    fileprivate var containsAt: Bool {
        if case .text(let text) = kind { return text.contains("@") }
        return children.contains { $0.containsAt }
    }
}

extension Array where Element == MarkdownNode {
    fileprivate mutating func appendText(_ text: String, at place: CitationPlace?) {
        guard !text.isEmpty else { return }
        if let last, case .text(let previous) = last.kind {
            self[count - 1].kind = .text(previous + text)
        } else {
            append(MarkdownNode(.text(text), line: place?.line ?? 0, column: place?.column ?? 1))
        }
    }
}

extension PageRenderer {
    /// The page's citations as links, and its reference list (`CitationResolver`).
    func citations(in document: MarkdownNode, of source: SourcePage, log: inout DiagnosticLog) -> MarkdownNode {
        var resolver = CitationResolver(
            bibliography: content.bibliography, style: content.configuration.citationStyle, language: source.language,
            file: source.displayPath, markdown: source.body)
        let resolved = resolver.resolve(document)
        log.append(contentsOf: resolver.diagnostics)
        return resolved
    }
}
