/// Finds a lesson's code before cmark parses its Markdown, so that code
/// reaches the compiler exactly as written (cmark never turns a `*` in
/// `@Plot(x: 2*a)` into emphasis).
///
/// Each cell and directive is replaced by an HTML comment spanning the same
/// lines, and each inline value by a code span holding a marker; the
/// renderer puts the block's outputs where the marker is. Line numbers of the
/// rest of the file do not change.
struct NotebookScanner {
    /// The result: the code blocks, and the Markdown with markers in their place.
    struct Result: Sendable {
        var blocks: [CodeBlock]
        var markdown: String
    }

    /// Markers the renderer recognises.
    static let blockMarkerPrefix = "<!--primer:block:"
    static let inlineMarker: Character = "\u{E000}"
    static let inlineFiller: Character = "\u{E001}"

    let file: String
    private var lines: [String]
    private var blocks: [CodeBlock] = []
    private var log = DiagnosticLog()

    init(markdown: String, file: String) {
        self.file = file
        self.lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func scan(_ markdown: String, file: String) throws(BuildFailure) -> Result {
        var scanner = NotebookScanner(markdown: markdown, file: file)
        return try scanner.run()
    }

    private mutating func run() throws(BuildFailure) -> Result {
        var index = 0
        var proseStart = 0
        while index < lines.count {
            let line = lines[index]
            if let fence = Fence(opening: line) {
                scanInlineValues(lines: proseStart..<index)
                index = scanFence(fence, at: index)
                proseStart = index
            } else if let directive = DirectiveStart(line) {
                scanInlineValues(lines: proseStart..<index)
                index = scanDirective(directive, at: index)
                proseStart = index
            } else {
                index += 1
            }
        }
        scanInlineValues(lines: proseStart..<lines.count)
        try log.throwIfErrors()
        // Blocks are found in document order: prose before a fence or
        // directive is scanned before it.
        return Result(blocks: blocks, markdown: lines.joined(separator: "\n"))
    }

    // MARK: Fenced code

    /// An opening code fence: up to three spaces, then ``` or ~~~ (three or more).
    private struct Fence {
        var indentation: Int
        var character: Character
        var length: Int
        var info: Substring

        init?(opening line: String) {
            let indentation = line.prefix { $0 == " " }.count
            guard indentation <= 3 else { return nil }
            let rest = line.dropFirst(indentation)
            guard let character = rest.first, character == "`" || character == "~" else { return nil }
            let length = rest.prefix { $0 == character }.count
            guard length >= 3 else { return nil }
            let info = rest.dropFirst(length)
            if character == "`" && info.contains("`") { return nil }
            self.indentation = indentation
            self.character = character
            self.length = length
            self.info = info.trimmingSpaces
        }

        func isClosed(by line: String) -> Bool {
            let indentation = line.prefix { $0 == " " }.count
            guard indentation <= 3 else { return false }
            let rest = line.dropFirst(indentation)
            let length = rest.prefix { $0 == character }.count
            return length >= self.length && rest.dropFirst(length).allSatisfy { $0 == " " || $0 == "\t" }
        }

        var isSwiftCell: Bool { info == "{swift}" }
    }

    /// Skips a fenced block, or takes a `{swift}` cell out; returns the line after it.
    private mutating func scanFence(_ fence: Fence, at start: Int) -> Int {
        let closing = lines.indices.dropFirst(start + 1).first { fence.isClosed(by: lines[$0]) }
        guard fence.isSwiftCell else { return (closing ?? lines.count - 1) + 1 }
        guard let closing else {
            log.append(Diagnostic(
                at: location(line: start + 1, column: fence.indentation + 1), id: "cell.unclosed",
                "code cell is never closed", notes: ["add a line \(String(repeating: fence.character, count: fence.length)) after the cell's last line"]))
            return lines.count
        }
        let code = lines[(start + 1)..<closing].joined(separator: "\n")
        let options = log.collect { () throws(BuildFailure) in
            try CellOptions.parse(cellCode: code, file: file, line: start + 2)
        } ?? CellOptions()
        blocks.append(CodeBlock(index: blocks.count, kind: .cell, code: code, line: start + 2, column: 1, endLine: closing + 1, options: options))
        replaceWithBlockMarker(start...closing, indentation: fence.indentation)
        return closing + 1
    }

    // MARK: Directives

    /// `@Name(` at the start of a line (up to three spaces before it).
    private struct DirectiveStart {
        var indentation: Int

        init?(_ line: String) {
            let indentation = line.prefix { $0 == " " }.count
            guard indentation <= 3 else { return nil }
            let rest = line.utf8.dropFirst(indentation)
            guard rest.first == UInt8(ascii: "@"), let first = rest.dropFirst().first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else { return nil }
            let name = rest.dropFirst().prefix { $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            guard rest.dropFirst(1 + name.count).first == UInt8(ascii: "(") else { return nil }
            self.indentation = indentation
        }
    }

    private mutating func scanDirective(_ directive: DirectiveStart, at start: Int) -> Int {
        let text = Array(lines[start...].joined(separator: "\n").utf8)
        let codeStart = directive.indentation + 1  // after the "@"
        var lexer = SwiftLexer(text, start: codeStart)
        let end: Int
        do {
            end = try lexer.endOfCall()
        } catch {
            let (line, column) = SwiftLexer.position(of: error.offset, in: text)
            log.append(Diagnostic(at: location(line: start + line, column: column), id: "directive.malformed", error.message))
            return lines.count
        }
        let code = String(decoding: text[codeStart..<end], as: UTF8.self)
        let (endLineOffset, endColumn) = SwiftLexer.position(of: end, in: text)
        let endLine = start + endLineOffset - 1
        let rest = text[end...].prefix { $0 != 0x0A }
        if !rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            log.append(Diagnostic(
                at: location(line: endLine + 1, column: endColumn), id: "directive.trailing-text",
                "unexpected text after the directive's closing ')'", notes: ["a directive stands on lines of its own"]))
        }
        blocks.append(CodeBlock(
            index: blocks.count, kind: .directive, code: code, line: start + 1,
            column: directive.indentation + 2, endLine: endLine + 1, options: CellOptions()))
        replaceWithBlockMarker(start...endLine, indentation: directive.indentation)
        return endLine + 1
    }

    // MARK: Inline values

    /// Finds `` `{swift} expression` `` code spans in prose lines, following
    /// CommonMark's rules for backtick strings and backslash escapes.
    private mutating func scanInlineValues(lines range: Range<Int>) {
        guard !range.isEmpty else { return }
        let text = lines[range].joined(separator: "\n")
        guard text.contains("{swift}") else { return }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        let backtick = UInt8(ascii: "`")
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == backtick {
                output += bytes[index...(index + 1)]
                index += 2
                continue
            }
            guard bytes[index] == backtick else {
                output.append(bytes[index])
                index += 1
                continue
            }
            let runLength = bytes[index...].prefix { $0 == backtick }.count
            guard let close = Self.closingRun(in: bytes, from: index + runLength, length: runLength) else {
                output += bytes[index..<(index + runLength)]
                index += runLength
                continue
            }
            let content = bytes[(index + runLength)..<close]
            let prefix = Array("{swift}".utf8)
            if content.starts(with: prefix), let separator = content.dropFirst(prefix.count).first, separator == 0x20 || separator == 0x0A {
                let expressionStart = content.startIndex + prefix.count + content.dropFirst(prefix.count).prefix { $0 == 0x20 || $0 == 0x0A }.count
                let expression = String(decoding: bytes[expressionStart..<close], as: UTF8.self)
                let (line, column) = SwiftLexer.position(of: expressionStart, in: bytes)
                let blockIndex = blocks.count
                blocks.append(CodeBlock(
                    index: blockIndex, kind: .inline, code: expression.trimmingTrailingWhitespace,
                    line: range.lowerBound + line, column: column,
                    endLine: range.lowerBound + line + expression.count { $0 == "\n" }, options: CellOptions()))
                var marker = String(repeating: "`", count: runLength) + String(Self.inlineMarker) + "\(blockIndex)"
                for byte in content where byte == 0x0A { marker += "\n" + String(Self.inlineFiller) }
                marker += String(repeating: "`", count: runLength)
                output += Array(marker.utf8)
            } else {
                output += bytes[index..<(close + runLength)]
            }
            index = close + runLength
        }
        let replaced = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in replaced.enumerated() { lines[range.lowerBound + offset] = String(line) }
    }

    /// The start of the next run of exactly `length` backticks.
    private static func closingRun(in bytes: [UInt8], from start: Int, length: Int) -> Int? {
        var index = start
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "`") else { index += 1; continue }
            let run = bytes[index...].prefix { $0 == UInt8(ascii: "`") }.count
            if run == length { return index }
            index += run
        }
        return nil
    }

    // MARK: Markers

    /// Replaces lines with one HTML comment spanning them, keeping their
    /// indentation so the comment stays inside the same list item.
    private mutating func replaceWithBlockMarker(_ range: ClosedRange<Int>, indentation: Int) {
        let pad = String(repeating: " ", count: indentation)
        let index = blocks.count - 1
        for line in range {
            lines[line] = pad + (line == range.lowerBound ? "\(Self.blockMarkerPrefix)\(index)" : "")
        }
        lines[range.upperBound] += "-->"
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
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
