/// A Markdown document as Swift values: cmark-gfm's tree, Primer's syntax
/// (formulas, directives) and, once a lesson has run, what its code
/// computed — all typed nodes of one tree that one renderer turns into HTML.
///
/// Positions are those of the Markdown file: 1-based lines and UTF-8 columns.
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

        // Primer's syntax, from its cmark-gfm extensions
        /// `$$ … $$` on lines of its own.
        case displayMath(Formula)
        /// `$…$`, or `$$…$$` within text.
        case inlineMath(Formula)
        /// `@Name(arguments)` on lines of its own.
        case directive(DirectiveSource)

        // A lesson's code, taken out of the tree by `LessonCode`
        /// The cell, directive or inline value at this index of the lesson's code.
        case lessonCode(index: Int)

        // What the code computed and the formulas became (`DocumentResolver`)
        /// A cell or directive: its echoed code and outputs are the children.
        case cell(CellPresentation)
        /// Text a lesson printed, or an expected error.
        case output(OutputStream, String)
        /// HTML or SVG from lesson code (a plot, a table), inserted as it is.
        case fragment(html: String)
        /// A plot's data table: in the caption of the cell's figure, else where it stands.
        case plotData(html: String)
        /// An inline value or formula: its HTML, and its plain-text reading
        /// for titles, anchors and labels.
        case inlineFragment(html: String, text: String)
        /// A display equation as MathML, with its label and number.
        case equation(mathML: String, label: String?, number: String?)
        /// A GitHub alert (`> [!NOTE]`): the first child holds the title's
        /// inlines (empty for the default title), the rest are the content.
        case callout(CalloutKind)
        /// A claim checked by lesson code, with the parts in its children.
        case claim(ClaimVerdict)
        /// One part of a claim: its children are inlines.
        case claimPart(ClaimPart)

        /// A node type this version of Primer does not know (from a newer
        /// cmark-gfm); its children are still rendered.
        case unknown(typeName: String)
    }

    /// GitHub's five kinds of alert.
    enum CalloutKind: String, Hashable, Sendable, CaseIterable {
        case note, tip, important, warning, caution
    }

    enum ClaimVerdict: String, Hashable, Sendable {
        case supported, partly, notSupported
    }

    enum ClaimPart: String, Hashable, Sendable {
        case statement, reason, evidence, measured
    }

    /// The streams of text output.
    enum OutputStream: String, Hashable, Sendable {
        case stdout, stderr, error
    }

    /// How a cell or directive is wrapped on the page.
    struct CellPresentation: Hashable, Sendable {
        var isCell: Bool
        var label: String?
        var caption: String?
        var alt: String?
    }

    var kind: Kind
    var children: [MarkdownNode]
    var line: Int
    var column: Int
    /// The last line of a block (for inlines, the line they start on).
    var endLine: Int

    init(_ kind: Kind, children: [MarkdownNode] = [], line: Int = 0, column: Int = 0, endLine: Int? = nil) {
        self.kind = kind
        self.children = children
        self.line = line
        self.column = column
        self.endLine = endLine ?? line
    }

    /// The text a reader sees, without markup (for slugs, titles, the TOC).
    var plainText: String {
        switch kind {
        case .text(let text), .code(let text): text
        case .softBreak, .lineBreak: " "
        case .inlineFragment(_, let text): text
        case .inlineMath(let formula): formula.tex
        case .htmlInline, .htmlBlock, .footnoteReference, .fragment, .plotData: ""
        default: children.map(\.plainText).joined()
        }
    }

    /// The tree with `transform` applied to every node, children first.
    func rewritten(_ transform: (MarkdownNode) throws -> [MarkdownNode]) rethrows -> [MarkdownNode] {
        var node = self
        node.children = try children.flatMap { try $0.rewritten(transform) }
        return try transform(node)
    }
}
