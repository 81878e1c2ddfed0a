import CCmarkGFM

/// The GitHub Flavored Markdown parser: cmark-gfm with its extensions.
///
/// This is the only file that touches cmark-gfm: the C tree is copied into
/// `MarkdownNode` values and freed before `parse` returns.
struct MarkdownParser: Sendable {
    /// Parser options, translated to cmark's C flags in one place.
    struct Options: OptionSet, Sendable {
        let rawValue: Int
        static let footnotes = Options(rawValue: 1 << 0)
        static let table = Options(rawValue: 1 << 1)
        static let strikethrough = Options(rawValue: 1 << 2)
        static let autolink = Options(rawValue: 1 << 3)
        static let tagfilter = Options(rawValue: 1 << 4)
        static let tasklist = Options(rawValue: 1 << 5)

        static let gitHubFlavored: Options = [
            .footnotes, .table, .strikethrough, .autolink, .tagfilter, .tasklist,
        ]

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

    var options: Options = .gitHubFlavored

    /// Parses `source`; cmark-gfm accepts any text, so this cannot fail.
    func parse(_ source: String) -> MarkdownNode {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(options.cmarkFlags) else {
            preconditionFailure("cmark_parser_new failed: out of memory")
        }
        defer { cmark_parser_free(parser) }
        for name in options.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
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
        return Self.convert(document)
    }

    private static func convert(_ node: OpaquePointer) -> MarkdownNode {
        var children: [MarkdownNode] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            children.append(convert(current))
            child = cmark_node_next(current)
        }
        return MarkdownNode(
            kind(of: node),
            children: children,
            line: Int(cmark_node_get_start_line(node)),
            column: max(1, Int(cmark_node_get_start_column(node)))
        )
    }

    /// Maps a C node to its Swift kind: core nodes by cmark's public enum,
    /// extension nodes by their type string (their enums are not public).
    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        switch cmark_node_get_type(node) {
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

    private static func extensionKind(of node: OpaquePointer) -> MarkdownNode.Kind {
        let typeName = string(cmark_node_get_type_string(node))
        switch typeName {
        case "table":
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            let alignments = cmark_gfm_extensions_get_table_alignments(node)
            return .table(alignments: (0..<columns).map { index in
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

    private static func literal(_ node: OpaquePointer) -> String {
        string(cmark_node_get_literal(node))
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
