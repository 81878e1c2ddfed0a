/// GitHub's alerts — a block quote whose first line is `[!NOTE]`, `[!TIP]`,
/// `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` — as callouts, which render
/// on GitHub too. Text after the marker on its line is the callout's title
/// (`> [!NOTE] The article says`), as in Obsidian and Quarto.
enum Callouts {
    /// The callout a block quote is, or nil for an ordinary quotation.
    static func callout(from quote: MarkdownNode) -> MarkdownNode? {
        guard quote.kind == .blockQuote, let first = quote.children.first, first.kind == .paragraph,
            let lead = first.children.first, case .text(let text) = lead.kind,
            let (kind, rest) = marker(in: text)
        else { return nil }
        // The title runs to the end of the marker's line; the rest of the
        // paragraph is the callout's first paragraph.
        var inlines = first.children
        inlines[0].kind = .text(String(rest.drop { $0 == " " }))
        if inlines[0].kind == .text("") { inlines.removeFirst() }
        let lineEnd = inlines.firstIndex { $0.kind == .softBreak || $0.kind == .lineBreak } ?? inlines.count
        let title = MarkdownNode(.paragraph, children: Array(inlines[..<lineEnd]), line: first.line, column: first.column)
        var content = Array(quote.children.dropFirst())
        let remainder = Array(inlines.dropFirst(min(lineEnd + 1, inlines.count)))
        if !remainder.isEmpty {
            content.insert(MarkdownNode(.paragraph, children: remainder, line: first.line + 1, column: first.column), at: 0)
        }
        return MarkdownNode(.callout(kind), children: [title] + content, line: quote.line, column: quote.column, endLine: quote.endLine)
    }

    /// `[!KIND]` at the start of `text` (any case, as GitHub reads it).
    private static func marker(in text: String) -> (MarkdownNode.CalloutKind, Substring)? {
        guard text.hasPrefix("[!"), let close = text.firstIndex(of: "]") else { return nil }
        let name = text[text.index(text.startIndex, offsetBy: 2)..<close].lowercased()
        guard let kind = MarkdownNode.CalloutKind(rawValue: name) else { return nil }
        let rest = text[text.index(after: close)...]
        // `[!NOTE]x` is text, not a marker.
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (kind, rest)
    }

    /// The icon of each kind: a shape of its own, so the kind does not rest
    /// on colour alone (the label says it in words too).
    static func icon(_ kind: MarkdownNode.CalloutKind) -> String {
        let shape: String
        switch kind {
        case .note:
            shape = #"<circle cx="8" cy="8" r="6.25"/><path d="M8 7.25v4M8 4.6v.3"/>"#
        case .tip:
            shape = #"<path d="M5.5 10.5a4.25 4.25 0 1 1 5 0V12h-5z"/><path d="M6 14.25h4"/>"#
        case .important:
            shape = #"<path d="M2.25 2.75h11.5v8.5H7l-3 2.5v-2.5H2.25z"/><path d="M8 4.75v3.5M8 9.9v.2"/>"#
        case .warning:
            shape = #"<path d="M8 1.9l6.4 11.35H1.6z"/><path d="M8 6.25v3.5M8 11.6v.2"/>"#
        case .caution:
            shape = #"<path d="M5.3 1.75h5.4l3.55 3.55v5.4l-3.55 3.55H5.3l-3.55-3.55V5.3z"/><path d="M8 4.75v3.75M8 10.9v.2"/>"#
        }
        return "<svg class=\"callout-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">"
            + "<g fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">"
            + shape + "</g></svg>"
    }
}
