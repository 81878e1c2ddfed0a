/// A Markdown document as Swift values, copied out of cmark-gfm's C tree.
///
/// Positions are those of the source text handed to the parser: 1-based
/// lines and UTF-8 columns.
struct MarkdownNode: Hashable, Sendable {
    enum TableAlignment: Hashable, Sendable {
        case none, left, center, right
    }

    enum Kind: Hashable, Sendable {
        // Blocks
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        /// A list item; `checked` is non-nil for a GFM task-list item.
        case item(checked: Bool?)
        case codeBlock(info: String, code: String)
        case htmlBlock(String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        case footnoteDefinition
        case table(alignments: [TableAlignment])
        case tableRow(isHeader: Bool)
        case tableCell
        // Inlines
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// A reference to footnote `number` (numbered by first reference).
        case footnoteReference(number: Int)
        // Computed content, put in place of a lesson's code blocks
        /// A code cell or directive with its outputs as children.
        case codeBlockOutput(CodeBlockPresentation)
        /// HTML or SVG from lesson code, inserted as it is.
        case rawOutput(html: String)
        /// An inline value: its HTML, and its text for headings' anchors.
        case inlineValue(html: String, text: String)
        /// A node type this version of Primer does not know (from a newer
        /// cmark-gfm); its children are still rendered.
        case unknown(typeName: String)
    }

    /// How a cell or directive is wrapped on the page.
    struct CodeBlockPresentation: Hashable, Sendable {
        var isCell: Bool
        var label: String?
        var caption: String?
        var alt: String?
    }

    var kind: Kind
    var children: [MarkdownNode]
    var line: Int
    var column: Int

    init(_ kind: Kind, children: [MarkdownNode] = [], line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.children = children
        self.line = line
        self.column = column
    }

    /// The text a reader sees, without markup (for slugs, titles, the TOC).
    var plainText: String {
        switch kind {
        case .text(let text), .code(let text): text
        case .softBreak, .lineBreak: " "
        case .inlineValue(_, let text): text
        case .htmlInline, .htmlBlock, .footnoteReference, .rawOutput: ""
        default: children.map(\.plainText).joined()
        }
    }
}
