/// Puts computed content where the scanner left markers: each code block's
/// outputs, each formula as MathML, numbered captions, and cross-references
/// (`@fig-name`) as links with their numbers.
///
/// Markdown outputs (tables) are parsed like the lesson's own text.
struct OutputInjector {
    let file: String
    let blocks: [CodeBlock]
    let outputs: [[BlockOutput]]
    let formulas: [Formula]
    let references: CrossReferences
    let parser = MarkdownParser()
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, blocks: [CodeBlock], outputs: [[BlockOutput]], formulas: [Formula], language: String) {
        self.file = file
        self.blocks = blocks
        self.outputs = outputs
        self.formulas = formulas
        references = CrossReferences(
            labels: blocks.compactMap(\.options.label) + formulas.compactMap(\.label), language: language)
    }

    mutating func inject(into node: MarkdownNode) -> MarkdownNode {
        var node = node
        var children: [MarkdownNode] = []
        for child in node.children {
            switch child.kind {
            case .htmlBlock(let html):
                if let index = Self.markerIndex(html, prefix: NotebookScanner.blockMarkerPrefix) {
                    children.append(blockNode(index, at: child))
                } else if let index = Self.markerIndex(html, prefix: NotebookScanner.mathMarkerPrefix) {
                    children.append(displayFormula(index, at: child))
                } else {
                    children.append(child)
                }
            case .code(let code) where code.first == NotebookScanner.inlineMarker:
                children.append(inlineNode(Int(code.dropFirst().prefix { $0.isNumber }) ?? -1, at: child))
            case .code(let code) where code.first == NotebookScanner.mathMarker:
                children.append(inlineFormula(Int(code.dropFirst().prefix { $0.isNumber }) ?? -1, at: child))
            case .text(let text) where text.contains("@"):
                children += resolvingReferences(in: text, at: child)
            default:
                children.append(inject(into: child))
            }
        }
        node.children = children
        return node
    }

    private static func markerIndex(_ html: String, prefix: String) -> Int? {
        let trimmed = html.drop { $0 == " " }
        guard trimmed.hasPrefix(prefix) else { return nil }
        return Int(trimmed.dropFirst(prefix.count).prefix { $0.isNumber })
    }

    // MARK: Code blocks

    private func blockNode(_ index: Int, at marker: MarkdownNode) -> MarkdownNode {
        guard blocks.indices.contains(index) else { return marker }
        let block = blocks[index]
        var children: [MarkdownNode] = []
        if block.kind == .cell && block.options.echo {
            children.append(MarkdownNode(.codeBlock(info: "swift", code: Self.echoedCode(block)), line: marker.line, column: marker.column))
        }
        if block.options.output, outputs.indices.contains(index) {
            for output in outputs[index] { children += nodes(for: output) }
        }
        let presentation = MarkdownNode.CodeBlockPresentation(
            isCell: block.kind == .cell, label: block.options.label,
            caption: block.options.caption.map { references.caption($0, label: block.options.label) }, alt: block.options.alt)
        return MarkdownNode(.codeBlockOutput(presentation), children: children, line: marker.line, column: marker.column)
    }

    private func nodes(for output: BlockOutput) -> [MarkdownNode] {
        switch output.kind {
        case .stdout, .text: [MarkdownNode(.codeBlock(info: "primer-output stdout", code: output.text))]
        case .stderr: [MarkdownNode(.codeBlock(info: "primer-output stderr", code: output.text))]
        case .error: [MarkdownNode(.codeBlock(info: "primer-output error", code: output.text))]
        case .html, .svg: [MarkdownNode(.rawOutput(html: output.text))]
        case .markdown: parser.parse(output.text).children
        }
    }

    private func inlineNode(_ index: Int, at marker: MarkdownNode) -> MarkdownNode {
        guard outputs.indices.contains(index) else { return marker }
        var html = ""
        var text = ""
        for output in outputs[index] {
            switch output.kind {
            case .stdout, .stderr, .text, .error:
                html += output.text.escapedAsMarkupText
                text += output.text
            case .html, .svg:
                html += output.text
            case .markdown:
                // Inline Markdown: the inlines of its first paragraph.
                let paragraph = parser.parse(output.text).children.first
                var renderer = HTMLRenderer()
                html += renderer.render(document: MarkdownNode(.document, children: paragraph?.children ?? [])).html
                text += paragraph?.plainText ?? ""
            }
        }
        return MarkdownNode(.inlineValue(html: html, text: text), line: marker.line, column: marker.column)
    }

    /// A cell's code as shown: without its `//|` option lines and the blank
    /// lines around it.
    static func echoedCode(_ block: CodeBlock) -> String {
        var lines = block.code.split(separator: "\n", omittingEmptySubsequences: false).drop { CellOptions.isOptionLine($0) }
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Math

    private mutating func mathML(_ formula: Formula) -> String? {
        do {
            return try TeXConverter.convert(formula.tex, display: formula.display)
        } catch {
            let before = Array(formula.tex.utf8.prefix(error.offset))
            let newlines = before.count { $0 == 0x0A }
            let lineStart: Int = (before.lastIndex(of: 0x0A) ?? -1) + 1
            let column = newlines == 0 ? formula.column + before.count : before.count - lineStart + 1
            diagnostics.append(Diagnostic(
                at: SourceLocation(file: file, line: formula.line + newlines, column: column), id: "math.tex", error.message))
            return nil
        }
    }

    private mutating func inlineFormula(_ index: Int, at marker: MarkdownNode) -> MarkdownNode {
        guard formulas.indices.contains(index), let math = mathML(formulas[index]) else { return marker }
        return MarkdownNode(.inlineValue(html: math, text: formulas[index].tex), line: marker.line, column: marker.column)
    }

    private mutating func displayFormula(_ index: Int, at marker: MarkdownNode) -> MarkdownNode {
        guard formulas.indices.contains(index), let math = mathML(formulas[index]) else { return marker }
        let formula = formulas[index]
        var html = "<div class=\"equation\""
        if let label = formula.label { html += " id=\"\(label.escapedAsMarkupAttribute)\"" }
        html += ">" + math
        if let number = references.equationNumber(formula.label) {
            html += "<span class=\"equation-number\">\(number)</span>"
        }
        return MarkdownNode(.rawOutput(html: html + "</div>"), line: marker.line, column: marker.column)
    }

    // MARK: Cross-references

    /// Splits `text` at each `@fig-…`, `@tbl-…` or `@eq-…` into a link to its
    /// target, named with its number.
    private mutating func resolvingReferences(in text: String, at node: MarkdownNode) -> [MarkdownNode] {
        var nodes: [MarkdownNode] = []
        var rest = text[...]
        var consumed = 0
        while let at = rest.firstIndex(of: "@") {
            let previous = rest[..<at].last ?? (consumed == 0 ? " " : "x")
            let after = rest[rest.index(after: at)...]
            let label = String(after.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }).trimmingTrailingHyphens
            let isReference = !(previous.isLetter || previous.isNumber || previous == "." || previous == "_" || previous == "@")
                && CrossReferences.kind(of: label) != nil
            guard isReference else {
                let next = rest.index(after: at)
                consumed += rest[..<next].utf8.count
                nodes.appendText(String(rest[..<next]), at: node)
                rest = rest[next...]
                continue
            }
            nodes.appendText(String(rest[..<at]), at: node)
            let offset = consumed + rest[..<at].utf8.count
            if let name = references.reference(to: label) {
                nodes.append(MarkdownNode(.link(destination: "#" + label, title: ""), children: [MarkdownNode(.text(name))], line: node.line, column: node.column + offset))
            } else {
                let known = references.targets.keys.sorted()
                diagnostics.append(Diagnostic(
                    at: SourceLocation(file: file, line: node.line, column: node.column + offset), id: "crossref.unknown",
                    "reference to unknown label '@\(label)'",
                    notes: [known.isEmpty ? "this lesson has no labels" : "labels in this lesson: " + known.joined(separator: ", ")]))
                nodes.appendText("@" + label, at: node)
            }
            let end = after.index(after.startIndex, offsetBy: label.count)
            consumed += rest[..<end].utf8.count
            rest = rest[end...]
        }
        nodes.appendText(String(rest), at: node)
        return nodes
    }
}

extension Array where Element == MarkdownNode {
    fileprivate mutating func appendText(_ text: String, at node: MarkdownNode) {
        guard !text.isEmpty else { return }
        if let last = last, case .text(let previous) = last.kind {
            self[count - 1].kind = .text(previous + text)
        } else {
            append(MarkdownNode(.text(text), line: node.line, column: node.column))
        }
    }
}

extension String {
    fileprivate var trimmingTrailingHyphens: String {
        var text = self[...]
        while let last = text.last, last == "-" || last == "_" { text.removeLast() }
        return String(text)
    }
}
