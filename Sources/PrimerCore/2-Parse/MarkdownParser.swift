import CCmarkGFM
import Foundation

/// The GitHub Flavored Markdown parser: cmark-gfm with its extensions and
/// Primer's own (`PrimerSyntax`: formulas and directives).
///
/// The C tree is copied into `MarkdownNode` values and freed before `parse`
/// returns; with `PrimerSyntax.swift`, this is the only file that touches
/// cmark-gfm.
struct MarkdownParser: Sendable {
    /// A problem the parser found, at a position of the Markdown text.
    struct Problem: Sendable, Equatable {
        var line: Int
        var column: Int
        var id: String
        var message: String
        var notes: [String] = []
    }

    /// The document, and what was malformed in Primer's syntax.
    struct Parsed: Sendable {
        var document: MarkdownNode
        var problems: [Problem]
    }

    /// Parser options, translated to cmark's C flags in one place.
    struct Options: OptionSet, Sendable {
        let rawValue: Int
        static let footnotes = Options(rawValue: 1 << 0)
        static let table = Options(rawValue: 1 << 1)
        static let strikethrough = Options(rawValue: 1 << 2)
        static let autolink = Options(rawValue: 1 << 3)
        static let tagfilter = Options(rawValue: 1 << 4)
        static let tasklist = Options(rawValue: 1 << 5)
        /// `$…$` and `$$…$$` formulas.
        static let math = Options(rawValue: 1 << 6)
        /// `@Name(…)` directives.
        static let directives = Options(rawValue: 1 << 7)

        static let gitHubFlavored: Options = [
            .footnotes, .table, .strikethrough, .autolink, .tagfilter, .tasklist,
        ]
        /// What lessons are written in.
        static let lesson: Options = gitHubFlavored.union([.math, .directives])

        var cmarkFlags: Int32 {
            var flags = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
            if contains(.footnotes) { flags |= CMARK_OPT_FOOTNOTES }
            return flags
        }

        var extensionNames: [String] {
            [
                (Options.table, "table"), (.strikethrough, "strikethrough"),
                (.autolink, "autolink"), (.tagfilter, "tagfilter"), (.tasklist, "tasklist"),
            ].filter { contains($0.0) }.map(\.1)
        }
    }

    var options: Options = .lesson
    /// How deeply nodes may nest (`Limits.nestingDepth`); deeper content
    /// is left out of the tree and reported.
    var nestingLimit = Limits().nestingDepth

    /// Parses `source`; cmark-gfm accepts any text, and malformed Primer
    /// syntax is reported as problems beside the tree.
    /// cmark-gfm keeps the table of inline special characters in one
    /// global array, which every parser sets and clears for its extensions
    /// (`cmark_manage_extensions_special_characters`): two parses at once
    /// lose each other's `$`, `:` and `w` (autolinks stop working). Parses
    /// take turns.
    private static let oneParseAtATime = NSLock()

    func parse(_ source: String) -> Parsed {
        Self.oneParseAtATime.lock()
        defer { Self.oneParseAtATime.unlock() }
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(options.cmarkFlags) else {
            preconditionFailure("cmark_parser_new failed: out of memory")
        }
        defer { cmark_parser_free(parser) }
        // Primer's blocks go first: GFM's table claims every line that
        // continues a paragraph (its hook returns the paragraph even when no
        // table starts), so a hook after it would never see `$$` there.
        if options.contains(.math) || options.contains(.directives) {
            cmark_parser_attach_syntax_extension(parser, PrimerSyntax.blocks)
        }
        for name in options.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        if options.contains(.math) {
            cmark_parser_attach_syntax_extension(parser, PrimerSyntax.inlines)
        }
        var utf8 = Array(source.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else {
            preconditionFailure("cmark_parser_finish failed: out of memory")
        }
        defer { cmark_node_free(document) }
        var converter = Converter(allowsDirectives: options.contains(.directives), nestingLimit: nestingLimit)
        let tree = converter.convert(document, depth: 0)
        return Parsed(document: tree, problems: converter.problems)
    }
}

/// Copies cmark's C tree into `MarkdownNode` values.
private struct Converter {
    let allowsDirectives: Bool
    let nestingLimit: Int
    var problems: [MarkdownParser.Problem] = []
    /// Lines to add to inline positions: cmark's inline parser does not
    /// count the line breaks inside a formula that an extension read.
    private var lineShift = 0

    init(allowsDirectives: Bool, nestingLimit: Int) {
        self.allowsDirectives = allowsDirectives
        self.nestingLimit = nestingLimit
    }

    /// The node and its descendants, down to `nestingLimit` levels: this
    /// walk, and every later one over the tree, recurse once a level.
    mutating func convert(_ node: OpaquePointer, depth: Int) -> MarkdownNode {
        let isBlock = Self.isBlock(node)
        if isBlock { lineShift = 0 }
        var line = Int(cmark_node_get_start_line(node)) + (isBlock ? 0 : lineShift)
        var column = max(1, Int(cmark_node_get_start_column(node)))
        if !isBlock, let content = PrimerSyntax.content(of: node) {
            // A node made by an inline hook has no position of its own.
            line = content.line + lineShift
            column = content.column
        }
        let kind = kind(of: node, line: line, column: column)
        var children: [MarkdownNode] = []
        var child = cmark_node_first_child(node)
        if child != nil, depth == nestingLimit {
            if !problems.contains(where: { $0.id == "markdown.nesting" }) {
                problems.append(
                    MarkdownParser.Problem(
                        line: line, column: column, id: "markdown.nesting",
                        message: "Markdown nests more than \(nestingLimit) levels deep here "
                            + "(quotes, lists, emphasis or links in one another)",
                        notes: ["the limit is set in \(SiteConfiguration.fileName): 'limits: {nesting-depth: N}'"]))
            }
            child = nil
        }
        while let current = child {
            children.append(convert(current, depth: depth + 1))
            child = cmark_node_next(current)
        }
        if isBlock { lineShift = 0 }
        if case .directive(let directive) = kind, !allowsDirectives {
            // Markdown that lesson code printed runs nothing.
            return MarkdownNode(
                .paragraph, children: [MarkdownNode(.text("@" + directive.code), line: line, column: column)], line: line, column: column)
        }
        var converted = MarkdownNode(
            kind, children: children, line: line, column: column,
            endLine: isBlock ? max(line, Int(cmark_node_get_end_line(node))) : line)
        if case let .list(ordered, start, false) = kind, Self.isTightByPosition(converted) {
            converted.kind = .list(ordered: ordered, start: start, tight: true)
        }
        return converted
    }

    private static func isBlock(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        if type == PrimerSyntax.displayMathType || type == PrimerSyntax.directiveType { return true }
        // cmark-gfm.h: CMARK_NODE_TYPE_MASK 0xc000, CMARK_NODE_TYPE_BLOCK 0x8000.
        return type.rawValue & 0xC000 == 0x8000
    }

    /// cmark counts the line after one of Primer's blocks as blank (the
    /// block consumed it), so a list holding one looks loose. Tightness by
    /// positions, CommonMark's own rule (no blank line between items, or
    /// between an item's blocks), decides for such lists.
    private static func isTightByPosition(_ list: MarkdownNode) -> Bool {
        func isPrimerBlock(_ node: MarkdownNode) -> Bool {
            switch node.kind {
            case .displayMath, .directive: true
            default: false
            }
        }
        guard list.children.contains(where: { $0.children.contains(where: isPrimerBlock) }) else { return false }
        func lastLine(_ node: MarkdownNode) -> Int {
            switch node.kind {
            case .list, .item: node.children.last.map(lastLine) ?? node.line
            default: node.endLine
            }
        }
        for (index, item) in list.children.enumerated() {
            for (block, next) in zip(item.children, item.children.dropFirst()) where next.line > lastLine(block) + 1 {
                return false
            }
            if index + 1 < list.children.count, list.children[index + 1].line > lastLine(item) + 1 { return false }
        }
        return true
    }

    /// Maps a C node to its Swift kind: core nodes by cmark's public enum,
    /// extension nodes by their type (Primer's) or type string (GFM's,
    /// whose enums are not public).
    private mutating func kind(of node: OpaquePointer, line: Int, column: Int) -> MarkdownNode.Kind {
        let type = cmark_node_get_type(node)
        if type == PrimerSyntax.displayMathType || type == CMARK_NODE_CODE || type == PrimerSyntax.directiveType,
            let content = PrimerSyntax.content(of: node)
        {
            return primerKind(content, line: line)
        }
        switch type {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0
            )
        case CMARK_NODE_ITEM:
            // The tasklist extension marks items without changing their type.
            let isTask = string(cmark_node_get_type_string(node)) == "tasklist"
            return .item(checked: isTask ? cmark_gfm_extensions_get_tasklist_item_checked(node) : nil)
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), code: literal(node))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal(node))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition
        case CMARK_NODE_TEXT: return .text(literal(node))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal(node))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal(node))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            // cmark-gfm stores the reference's number (by first use) as its literal.
            return .footnoteReference(number: Int(literal(node)) ?? 0)
        default:
            return extensionKind(of: node)
        }
    }

    /// A formula or directive, or a paragraph holding its text as written
    /// when it is malformed (the problem fails the build).
    private mutating func primerKind(_ content: SyntaxNodeContent, line: Int) -> MarkdownNode.Kind {
        var problem = content.problem
        if !content.isClosed { problem = content.unclosedProblem }
        switch content.kind {
        case .inlineMath(let display):
            let formula = Formula(tex: content.string, display: display, line: line, column: content.column, label: content.label)
            lineShift += content.lineColumns.count - 1
            return .inlineMath(formula)
        case .displayMath:
            if let problem { report(problem, id: "math.unclosed") }
            return .displayMath(
                Formula(tex: content.string, display: true, line: content.line, column: content.column, label: content.label))
        case .directive:
            if let problem { report(problem, id: "directive.malformed") }
            return .directive(DirectiveSource(code: content.string, line: content.line, column: content.column, endLine: content.lastLine))
        }
    }

    private mutating func report(_ problem: SyntaxNodeContent.Problem, id: String) {
        problems.append(MarkdownParser.Problem(line: problem.line, column: problem.column, id: id, message: problem.message))
    }

    private func extensionKind(of node: OpaquePointer) -> MarkdownNode.Kind {
        let typeName = string(cmark_node_get_type_string(node))
        switch typeName {
        case "table":
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            let alignments = cmark_gfm_extensions_get_table_alignments(node)
            return .table(
                alignments: (0..<columns).map { index in
                    switch alignments?[index] {
                    case UInt8(ascii: "l"): .left
                    case UInt8(ascii: "c"): .center
                    case UInt8(ascii: "r"): .right
                    default: .none
                    }
                })
        case "table_header": return .tableRow(isHeader: true)
        case "table_row": return .tableRow(isHeader: false)
        case "table_cell": return .tableCell
        case "strikethrough": return .strikethrough
        default: return .unknown(typeName: typeName)
        }
    }

    private func literal(_ node: OpaquePointer) -> String {
        string(cmark_node_get_literal(node))
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
