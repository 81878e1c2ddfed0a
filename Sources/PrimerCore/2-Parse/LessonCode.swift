/// A page's code — its `{swift}` cells, `{swift}` inline values and
/// `@Name(…)` directives, in document order — taken out of the parsed
/// tree, which keeps a `.lessonCode(index:)` node in each one's place.
///
/// Everything here was recognised by cmark and Primer's syntax extension,
/// so code is only ever found where Markdown has prose: never in a code
/// block, raw HTML or a link destination.
struct LessonCode: Sendable {
    var document: MarkdownNode
    var blocks: [CodeBlock]

    static func extract(from document: MarkdownNode, source: String, file: String) throws(BuildFailure) -> LessonCode {
        var extractor = Extractor(file: file, sourceLines: source.split(separator: "\n", omittingEmptySubsequences: false))
        let tree = extractor.take(document)
        try extractor.log.throwIfErrors()
        return LessonCode(document: tree, blocks: extractor.blocks)
    }

    /// The prefix of inline code that makes it an inline value.
    static let inlinePrefix = "{swift}"
    /// The info string of a code cell's fence.
    static let cellInfo = "{swift}"
}

private struct Extractor {
    let file: String
    let sourceLines: [Substring]
    var blocks: [CodeBlock] = []
    var log = DiagnosticLog()

    mutating func take(_ node: MarkdownNode) -> MarkdownNode {
        switch node.kind {
        case .codeBlock(let info, let code) where info == LessonCode.cellInfo:
            return replace(node, with: cell(node, code: code))
        case .directive(let directive):
            return replace(
                node,
                with: CodeBlock(
                    index: blocks.count, kind: .directive, code: directive.code,
                    line: directive.line, column: directive.column, endLine: directive.endLine, options: CellOptions()))
        case .code(let literal) where Self.isInlineValue(literal):
            return replace(node, with: inlineValue(node, literal: literal))
        default:
            var node = node
            node.children = node.children.map { take($0) }
            return node
        }
    }

    private mutating func replace(_ node: MarkdownNode, with block: CodeBlock) -> MarkdownNode {
        blocks.append(block)
        return MarkdownNode(.lessonCode(index: block.index), line: node.line, column: node.column, endLine: node.endLine)
    }

    /// `{swift} expression`; `{swift} ` alone is prose about the syntax.
    static func isInlineValue(_ literal: String) -> Bool {
        let rest = literal.dropFirst(LessonCode.inlinePrefix.count)
        return literal.hasPrefix(LessonCode.inlinePrefix) && rest.first == " " && rest.contains { !$0.isWhitespace }
    }

    private mutating func cell(_ node: MarkdownNode, code literal: String) -> CodeBlock {
        if !isClosedFence(node) {
            log.append(
                Diagnostic(
                    at: SourceLocation(file: file, line: node.line, column: node.column), id: "cell.unclosed",
                    "code cell is never closed", notes: ["add a line ``` after the cell's last line"]))
        }
        let code = literal.hasSuffix("\n") ? String(literal.dropLast()) : literal
        let options =
            log.collect { () throws(BuildFailure) in
                try CellOptions.parse(cellCode: code, file: file, line: node.line + 1)
            } ?? CellOptions()
        return CodeBlock(
            index: blocks.count, kind: .cell, code: code, line: node.line + 1, column: 1,
            endLine: node.endLine, options: options)
    }

    /// Whether a fenced block's last line is its closing fence; cmark ends
    /// an unclosed block silently with its container.
    private func isClosedFence(_ node: MarkdownNode) -> Bool {
        guard node.endLine > node.line, node.endLine <= sourceLines.count else { return false }
        let last = sourceLines[node.endLine - 1].drop { $0 == " " || $0 == "\t" || $0 == ">" }
        return last.hasPrefix("```") || last.hasPrefix("~~~")
    }

    private mutating func inlineValue(_ node: MarkdownNode, literal: String) -> CodeBlock {
        let expression = literal.dropFirst(LessonCode.inlinePrefix.count).drop { $0 == " " }
        var column = node.column
        // The expression's own column, found in the line the code span starts on.
        if node.line >= 1, node.line <= sourceLines.count {
            let line = sourceLines[node.line - 1].utf8
            let from = line.index(line.startIndex, offsetBy: min(max(0, node.column - 1), line.count))
            if let found = line[from...].firstRange(of: LessonCode.inlinePrefix.utf8) {
                let start = line[found.upperBound...].drop { $0 == UInt8(ascii: " ") }.startIndex
                column = line.distance(from: line.startIndex, to: start) + 1
            }
        }
        return CodeBlock(
            index: blocks.count, kind: .inline, code: String(expression).trimmingTrailingWhitespace,
            line: node.line, column: column, endLine: node.line, options: CellOptions())
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var text = self[...]
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        drop { $0 == " " || $0 == "\t" }.trimmingTrailingSpaces
    }
}
