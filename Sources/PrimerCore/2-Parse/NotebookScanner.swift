/// Finds a lesson's code before cmark parses its Markdown, so that code
/// reaches the compiler exactly as written (cmark never turns a `*` in
/// `@Plot(x: 2*a)` into emphasis).
///
/// Each cell and directive is replaced by an HTML comment spanning the same
/// lines, and each inline value by a code span holding a marker; the
/// renderer puts the block's outputs where the marker is. Line numbers of the
/// rest of the file do not change.
struct NotebookScanner {
    /// The result: the code blocks and formulas, and the Markdown with
    /// markers in their place.
    struct Result: Sendable {
        var blocks: [CodeBlock]
        var formulas: [Formula]
        var markdown: String
    }

    /// Markers the renderer recognises.
    static let blockMarkerPrefix = "<!--primer:block:"
    static let inlineMarker: Character = "\u{E000}"
    static let inlineFiller: Character = "\u{E001}"
    static let mathMarkerPrefix = "<!--primer:math:"
    static let mathMarker: Character = "\u{E002}"

    let file: String
    private var lines: [String]
    private var blocks: [CodeBlock] = []
    private var formulas: [Formula] = []
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
                scanProse(lines: proseStart..<index)
                index = scanFence(fence, at: index)
                proseStart = index
            } else if let directive = DirectiveStart(line) {
                scanProse(lines: proseStart..<index)
                index = scanDirective(directive, at: index)
                proseStart = index
            } else {
                index += 1
            }
        }
        scanProse(lines: proseStart..<lines.count)
        try log.throwIfErrors()
        // Blocks are found in document order: prose before a fence or
        // directive is scanned before it.
        return Result(blocks: blocks, formulas: formulas, markdown: lines.joined(separator: "\n"))
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

    // MARK: Prose: inline values and math

    /// Finds `` `{swift} expression` `` code spans and `$…$`, `$$…$$` math
    /// in prose lines, following CommonMark's rules for backtick strings and
    /// backslash escapes: code spans are never math, `\$` is a dollar.
    private mutating func scanProse(lines range: Range<Int>) {
        guard !range.isEmpty else { return }
        let text = lines[range].joined(separator: "\n")
        guard text.contains("{swift}") || text.contains("$") else { return }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        let backtick = UInt8(ascii: "`"), dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\")
        while index < bytes.count {
            let byte = bytes[index]
            if byte == backslash, index + 1 < bytes.count, bytes[index + 1] == backtick || bytes[index + 1] == dollar || bytes[index + 1] == backslash {
                output += bytes[index...(index + 1)]
                index += 2
                continue
            }
            if byte == dollar, let (end, marker) = math(in: bytes, at: index, firstLine: range.lowerBound) {
                output += marker
                index = end
                continue
            }
            guard byte == backtick else {
                output.append(byte)
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
                output += Self.inlineMarker(Self.inlineMarker, blockIndex, runLength: runLength, spanning: content)
            } else {
                output += bytes[index..<(close + runLength)]
            }
            index = close + runLength
        }
        let replaced = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, line) in replaced.enumerated() { lines[range.lowerBound + offset] = String(line) }
    }

    /// A code span holding `marker` and a number, with as many line breaks as
    /// the text it replaces, so later lines keep their numbers.
    private static func inlineMarker(_ marker: Character, _ index: Int, runLength: Int, spanning content: ArraySlice<UInt8>) -> [UInt8] {
        var text = String(repeating: "`", count: runLength) + String(marker) + "\(index)"
        for byte in content where byte == 0x0A { text += "\n" + String(inlineFiller) }
        text += String(repeating: "`", count: runLength)
        return Array(text.utf8)
    }

    /// The formula starting with the `$` at `start`, if there is one: the
    /// offset after it, and the marker that replaces it.
    ///
    /// Pandoc's rule keeps prices from being math: an inline `$` must be
    /// followed by a non-space, and its closing `$` preceded by a non-space
    /// and not followed by a digit.
    private mutating func math(in bytes: [UInt8], at start: Int, firstLine: Int) -> (Int, [UInt8])? {
        let dollar = UInt8(ascii: "$")
        let display = start + 1 < bytes.count && bytes[start + 1] == dollar
        let texStart = start + (display ? 2 : 1)
        var index = texStart
        var close: Int?
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
            // Inline math never reaches into a code span.
            if !display && bytes[index] == UInt8(ascii: "`") { break }
            // A blank line ends the paragraph, and any formula in it.
            if bytes[index] == 0x0A, bytes[(index + 1)...].first(where: { $0 != 0x20 && $0 != 0x09 }) ?? 0x0A == 0x0A { break }
            if bytes[index] == dollar {
                if display {
                    if index + 1 < bytes.count, bytes[index + 1] == dollar { close = index; break }
                } else {
                    let before = bytes[index - 1]
                    let after = index + 1 < bytes.count ? bytes[index + 1] : 0x20
                    if before != 0x20, before != 0x0A, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(after) { close = index; break }
                }
            }
            index += 1
        }
        guard let close, close > texStart else { return nil }
        if !display {
            let first = bytes[texStart]
            if first == 0x20 || first == 0x0A { return nil }
        }
        var end = close + (display ? 2 : 1)
        let tex = String(decoding: bytes[texStart..<close], as: UTF8.self)
        let (line, column) = SwiftLexer.position(of: texStart, in: bytes)
        // `{#eq-name}` after a display formula labels it.
        var label: String?
        if display {
            let rest = bytes[end...].prefix { $0 != 0x0A }
            let trimmed = rest.drop { $0 == 0x20 }
            if trimmed.starts(with: Array("{#".utf8)), let closing = trimmed.firstIndex(of: UInt8(ascii: "}")) {
                label = String(decoding: trimmed[(trimmed.startIndex + 2)..<closing], as: UTF8.self)
                end = closing + 1
            }
        }
        let lineStart = bytes[..<start].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = bytes[end...].firstIndex(of: 0x0A) ?? bytes.count
        let ownLines = display && bytes[lineStart..<start].allSatisfy { $0 == 0x20 } && bytes[end..<lineEnd].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        let formulaIndex = formulas.count
        formulas.append(Formula(
            index: formulaIndex, tex: tex, display: display, line: firstLine + line, column: column,
            label: label, isBlock: ownLines))
        let spanned = bytes[start..<end]
        if ownLines {
            // An HTML comment spanning the same lines: a block of its own.
            var marker = "\(Self.mathMarkerPrefix)\(formulaIndex)"
            marker += String(repeating: "\n", count: spanned.count { $0 == 0x0A })
            return (end, Array((marker + "-->").utf8))
        }
        return (end, Self.inlineMarker(Self.mathMarker, formulaIndex, runLength: 1, spanning: spanned))
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
