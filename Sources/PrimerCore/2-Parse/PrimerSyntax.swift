import CCmarkGFM

/// Primer's own Markdown syntax, taught to cmark-gfm through its syntax
/// extension API (the one GFM's `table` and `strikethrough` use):
///
/// - `$$ … $$` starting a line: a display equation (a block, which may span
///   lines and carry a `{#eq-label}` after its closing `$$`);
/// - `@Name(arguments)` starting a line: a directive (a block; its
///   arguments may span lines);
/// - `$…$` and `$$…$$` within text: a formula (an inline).
///
/// Why an extension and not a pass over the text before cmark: only cmark
/// knows which characters are prose. Code spans, code blocks, raw HTML,
/// autolinks and link destinations are consumed by cmark before a `$`
/// reaches the inline hook, and container prefixes (`>`, a list item's
/// indentation) are stripped before a line reaches the block hooks. A
/// pre-pass would have to re-implement CommonMark's block structure to
/// get the same answers.
///
/// What a hook finds is kept in a `SyntaxNodeContent` attached to the node
/// as its user data; `MarkdownParser` copies it into Swift values. This
/// file and `MarkdownParser.swift` are the only ones that touch cmark.
enum PrimerSyntax {
    /// The block extension: display equations and directives.
    nonisolated(unsafe) static let blocks: OpaquePointer = {
        let syntax = cmark_syntax_extension_new("primer-blocks")!
        cmark_syntax_extension_set_open_block_func(syntax, openBlock)
        cmark_syntax_extension_set_match_block_func(syntax, continueBlock)
        cmark_syntax_extension_set_get_type_string_func(syntax, typeName)
        cmark_syntax_extension_set_can_contain_func(syntax, { _, _, _ in 0 })
        cmark_syntax_extension_set_contains_inlines_func(syntax, { _, _ in 0 })
        return syntax
    }()

    /// The inline extension: formulas within text.
    nonisolated(unsafe) static let inlines: OpaquePointer = {
        let syntax = cmark_syntax_extension_new("primer-math")!
        cmark_syntax_extension_set_match_inline_func(syntax, matchInline)
        cmark_syntax_extension_set_get_type_string_func(syntax, typeName)
        cmark_syntax_extension_set_can_contain_func(syntax, { _, _, _ in 0 })
        let dollar = UnsafeMutableRawPointer(bitPattern: UInt(UInt8(ascii: "$")))
        cmark_syntax_extension_set_special_inline_chars(
            syntax, cmark_llist_append(cmark_get_default_mem_allocator(), nil, dollar))
        return syntax
    }()

    static let displayMathType = cmark_syntax_extension_add_node(0)
    static let directiveType = cmark_syntax_extension_add_node(0)

    /// What a hook found, for `MarkdownParser` to read: the content of one
    /// of Primer's blocks, or of an inline formula. A formula is a code-span
    /// node with an empty literal: GFM's table cells refuse inline nodes of
    /// types they do not know, and the autolink extension merges and splits
    /// text nodes.
    static func content(of node: OpaquePointer) -> SyntaxNodeContent? {
        guard let pointer = cmark_node_get_user_data(node) else { return nil }
        return Unmanaged<SyntaxNodeContent>.fromOpaque(pointer).takeUnretainedValue()
    }

    // MARK: Hooks

    private static let typeName: cmark_get_type_string_func = { _, node in
        switch node.map(cmark_node_get_type) {
        case displayMathType: return UnsafePointer(staticString: "primer_display_math")
        case directiveType: return UnsafePointer(staticString: "primer_directive")
        default: return UnsafePointer(staticString: "primer_inline_math")
        }
    }

    /// Opens a block when a line (after its containers' prefixes) starts
    /// with `$$` or `@Name(`; indented lines are code or paragraph text.
    private static let openBlock: cmark_open_block_func = { syntax, indented, parser, parent, input, length in
        guard indented == 0, let syntax, let parser, let parent, let input else { return nil }
        // A table's rows are the table's, whatever they start with.
        if String(cString: cmark_node_get_type_string(parent)) == "table" { return nil }
        let line = UnsafeBufferPointer(start: input, count: Int(length))
        let start = Int(cmark_parser_get_first_nonspace(parser))
        let end = contentEnd(of: line)
        guard start < end else { return nil }
        let lineNumber = Int(cmark_parser_get_line_number(parser))
        let content: SyntaxNodeContent
        let type: cmark_node_type
        if line[start] == UInt8(ascii: "$"), start + 1 < end, line[start + 1] == UInt8(ascii: "$") {
            content = SyntaxNodeContent(kind: .displayMath, line: lineNumber)
            content.append(line[(start + 2)..<end], column: start + 3)
            content.scanForClosingDollars()
            // `$$x$$ and more text` is a formula inside a paragraph.
            if content.isClosed && content.problem != nil { return nil }
            type = displayMathType
        } else if isDirectiveStart(line[start..<end]) {
            content = SyntaxNodeContent(kind: .directive, line: lineNumber)
            content.append(line[(start + 1)..<end], column: start + 2)
            content.lexDirective()
            type = directiveType
        } else {
            return nil
        }
        guard let node = cmark_parser_add_child(parser, parent, type, Int32(start + 1)) else { return nil }
        cmark_node_set_syntax_extension(node, syntax)
        attach(content, to: node)
        consumeLine(parser, input, until: end)
        return node
    }

    /// Gives an open block its next line, whatever the line holds, until
    /// the block has closed (`$$`, or the directive's last `)`).
    private static let continueBlock: cmark_match_block_func = { _, parser, input, length, node in
        guard let parser, let input, let node, let content = content(of: node), !content.isClosed else { return 0 }
        let line = UnsafeBufferPointer(start: input, count: Int(length))
        let offset = Int(cmark_parser_get_offset(parser))
        let end = max(offset, contentEnd(of: line))
        content.appendLine(line[offset..<end], column: offset + 1)
        switch content.kind {
        case .displayMath: content.scanForClosingDollars()
        case .directive: content.lexDirective()
        case .inlineMath: break
        }
        consumeLine(parser, input, until: end)
        return 1
    }

    /// Reads `$…$` or `$$…$$` at the inline parser's offset.
    private static let matchInline: cmark_match_inline_func = { syntax, _, _, character, inlineParser in
        guard character == UInt8(ascii: "$"), let inlineParser, let chunk = cmark_inline_parser_get_chunk(inlineParser),
            let data = chunk.pointee.data
        else { return nil }
        let text = UnsafeBufferPointer(start: data, count: Int(chunk.pointee.len))
        let start = Int(cmark_inline_parser_get_offset(inlineParser))
        guard let formula = InlineFormulaScanner(text: text).formula(at: start) else { return nil }
        let content = SyntaxNodeContent(kind: .inlineMath(display: formula.display), line: Int(cmark_inline_parser_get_line(inlineParser)))
        content.append(text[formula.tex], column: Int(cmark_inline_parser_get_column(inlineParser)) + formula.tex.lowerBound - start)
        content.label = formula.label
        content.isClosed = true
        guard let node = cmark_node_new_with_mem_and_ext(CMARK_NODE_CODE, cmark_get_default_mem_allocator(), syntax) else { return nil }
        attach(content, to: node)
        cmark_inline_parser_set_offset(inlineParser, Int32(formula.end))
        return node
    }

    // MARK: Helpers

    private static func attach(_ content: SyntaxNodeContent, to node: OpaquePointer) {
        cmark_node_set_user_data(node, Unmanaged.passRetained(content).toOpaque())
        cmark_node_set_user_data_free_func(node) { _, pointer in
            if let pointer { Unmanaged<SyntaxNodeContent>.fromOpaque(pointer).release() }
        }
    }

    /// Marks the rest of the line as read, so cmark starts no block in it.
    private static func consumeLine(_ parser: OpaquePointer, _ input: UnsafeMutablePointer<UInt8>, until end: Int) {
        let offset = Int(cmark_parser_get_offset(parser))
        guard end > offset else { return }
        input.withMemoryRebound(to: CChar.self, capacity: end) { characters in
            cmark_parser_advance_offset(parser, characters, Int32(end - offset), 0)
        }
    }

    /// The end of a line's text, before its line ending.
    private static func contentEnd(of line: UnsafeBufferPointer<UInt8>) -> Int {
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// `@` and a capitalised Swift name directly followed by `(`.
    static func isDirectiveStart<C: Collection<UInt8>>(_ text: C) -> Bool {
        var bytes = text.makeIterator()
        guard bytes.next() == UInt8(ascii: "@"), let first = bytes.next(), (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else {
            return false
        }
        while let byte = bytes.next() {
            if byte == UInt8(ascii: "(") { return true }
            guard byte == UInt8(ascii: "_") || byte.isASCIILetterOrDigit else { return false }
        }
        return false
    }
}

/// What one of Primer's syntax hooks found: a node's text as it stood in
/// the Markdown (container prefixes removed), and where it came from.
final class SyntaxNodeContent {
    enum Kind: Equatable {
        case displayMath
        case directive
        case inlineMath(display: Bool)
    }

    /// A problem to report at a place in the Markdown file.
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    let kind: Kind
    /// The TeX between the dollars, or a directive's `Name(arguments)`.
    private(set) var text: [UInt8] = []
    /// The Markdown line of `text`'s first line.
    let line: Int
    /// The 1-based UTF-8 column in the Markdown file where each line of
    /// `text` starts.
    private(set) var lineColumns: [Int] = []
    var isClosed = false
    var label: String?
    var problem: Problem?

    init(kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    var string: String { String(decoding: text, as: UTF8.self) }
    var column: Int { lineColumns.first ?? 1 }
    var lastLine: Int { line + max(0, lineColumns.count - 1) }

    func append(_ bytes: some Collection<UInt8>, column: Int) {
        text += bytes
        lineColumns.append(column)
    }

    func appendLine(_ bytes: some Collection<UInt8>, column: Int) {
        text.append(0x0A)
        append(bytes, column: column)
    }

    /// The Markdown position of a byte offset into `text`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let (lineOffset, column) = SwiftLexer.position(of: offset, in: text)
        return (line + lineOffset - 1, lineColumns[min(lineOffset - 1, lineColumns.count - 1)] + column - 1)
    }

    /// Closes a display equation at the first `$$` of its last line; what
    /// follows may only be a label.
    func scanForClosingDollars() {
        let lineStart = (text.lastIndex(of: 0x0A) ?? -1) + 1
        var index = lineStart
        while index + 1 < text.count {
            if text[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            guard text[index] == UInt8(ascii: "$"), text[index + 1] == UInt8(ascii: "$") else {
                index += 1
                continue
            }
            isClosed = true
            let tail = text[(index + 2)...]
            defer { text.removeSubrange(index...) }
            switch EquationLabel.parse(tail) {
            case .none: break
            case .label(let name): label = name
            case .invalid(let offset):
                let (line, column) = position(of: index + 2 + offset)
                problem = Problem(
                    line: line, column: column,
                    message: "unexpected text after the closing '$$' of a display equation; only a label such as {#eq-name} may follow")
            }
            return
        }
    }

    /// Closes a directive when its argument list is complete.
    func lexDirective() {
        var lexer = SwiftLexer(text, start: 0)
        do {
            let end = try lexer.endOfCall()
            isClosed = true
            let rest = text[end...].prefix { $0 != 0x0A }
            defer { text.removeSubrange(end...) }
            if let extra = rest.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) {
                let (line, column) = position(of: extra)
                problem = Problem(
                    line: line, column: column,
                    message: "unexpected text after the directive's closing ')'; a directive stands on lines of its own")
            }
        } catch {
            // Out of text: the arguments go on in the next line.
            if error.needsMoreText { return }
            isClosed = true
            let (line, column) = position(of: error.offset)
            problem = Problem(line: line, column: column, message: error.message)
        }
    }

    /// The problem of a block that its container closed before it was
    /// complete: a missing `$$` or `)`.
    var unclosedProblem: Problem {
        switch kind {
        case .directive:
            var lexer = SwiftLexer(text, start: 0)
            do {
                _ = try lexer.endOfCall()
            } catch {
                let (line, column) = position(of: error.offset)
                return Problem(line: line, column: column, message: error.message)
            }
            return Problem(line: line, column: column - 1, message: "directive is never closed")
        case .displayMath, .inlineMath:
            return Problem(
                line: line, column: max(1, column - 2),
                message: "display equation is never closed: add a line '$$' after its last line")
        }
    }
}

/// `{#eq-name}` after a display equation's closing `$$`.
enum EquationLabel: Equatable {
    case none
    case label(String)
    /// Other text, at this offset into the tail.
    case invalid(offset: Int)

    static func parse(_ tail: some Collection<UInt8>) -> EquationLabel {
        let bytes = Array(tail)
        var index = 0
        func skipSpaces() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        skipSpaces()
        guard index < bytes.count else { return .none }
        guard bytes[index...].starts(with: Array("{#".utf8)), let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else {
            return .invalid(offset: index)
        }
        let name = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
        index = close + 1
        skipSpaces()
        return index < bytes.count ? .invalid(offset: index) : .label(name)
    }
}

/// Finds an inline formula in a paragraph's text.
///
/// Pandoc's rule keeps prices from being math: an inline `$` must be
/// followed by a non-space, and its closing `$` preceded by a non-space
/// and not followed by a digit. A formula never reaches into a code span.
struct InlineFormulaScanner {
    struct Found {
        var display: Bool
        /// The TeX's byte range.
        var tex: Range<Int>
        /// The offset after the formula (and its label).
        var end: Int
        var label: String?
    }

    let text: UnsafeBufferPointer<UInt8>

    func formula(at start: Int) -> Found? {
        let dollar = UInt8(ascii: "$")
        let display = start + 1 < text.count && text[start + 1] == dollar
        let texStart = start + (display ? 2 : 1)
        if !display, texStart < text.count, text[texStart] == 0x20 || text[texStart] == 0x0A { return nil }
        var index = texStart
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if !display && byte == UInt8(ascii: "`") { return nil }
            if byte == dollar {
                if display {
                    if index + 1 < text.count, text[index + 1] == dollar { return found(display: true, tex: texStart..<index) }
                } else {
                    let before = text[index - 1]
                    let after = index + 1 < text.count ? text[index + 1] : 0x20
                    if before != 0x20, before != 0x0A, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(after) {
                        return found(display: false, tex: texStart..<index)
                    }
                }
            }
            index += 1
        }
        return nil
    }

    private func found(display: Bool, tex: Range<Int>) -> Found? {
        guard !tex.isEmpty else { return nil }
        var end = tex.upperBound + (display ? 2 : 1)
        var label: String?
        if display {
            // `{#eq-name}` right after a display formula labels it.
            var index = end
            while index < text.count, text[index] == 0x20 { index += 1 }
            if index + 1 < text.count, text[index] == UInt8(ascii: "{"), text[index + 1] == UInt8(ascii: "#"),
                let close = text[index...].firstIndex(where: { $0 == UInt8(ascii: "}") || $0 == 0x0A }), text[close] == UInt8(ascii: "}")
            {
                label = String(decoding: text[(index + 2)..<close], as: UTF8.self)
                end = close + 1
            }
        }
        return Found(display: display, tex: tex, end: end, label: label)
    }
}

extension UInt8 {
    var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

extension UnsafePointer where Pointee == CChar {
    /// A C string that lives as long as the program: a static string's bytes.
    init(staticString: StaticString) {
        self = UnsafeRawPointer(staticString.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
