/// Puts each code block's outputs where the block stood in the lesson.
///
/// The scanner left markers in the Markdown; this replaces the marker nodes
/// of the parsed document with nodes for the code (when echoed) and its
/// outputs. Markdown outputs (tables) are parsed like the lesson's own text.
struct OutputInjector {
    let blocks: [CodeBlock]
    let outputs: [[BlockOutput]]
    let parser = MarkdownParser()

    func inject(into node: MarkdownNode) -> MarkdownNode {
        var node = node
        node.children = node.children.map { child in
            if case .htmlBlock(let html) = child.kind, let index = Self.blockIndex(html) {
                return blockNode(index, at: child)
            }
            if case .code(let code) = child.kind, code.first == NotebookScanner.inlineMarker,
               let index = Int(code.dropFirst().prefix { $0.isNumber })
            {
                return inlineNode(index, at: child)
            }
            return inject(into: child)
        }
        return node
    }

    private static func blockIndex(_ html: String) -> Int? {
        let trimmed = html.drop { $0 == " " }
        guard trimmed.hasPrefix(NotebookScanner.blockMarkerPrefix) else { return nil }
        return Int(trimmed.dropFirst(NotebookScanner.blockMarkerPrefix.count).prefix { $0.isNumber })
    }

    private func blockNode(_ index: Int, at marker: MarkdownNode) -> MarkdownNode {
        guard blocks.indices.contains(index) else { return marker }
        let block = blocks[index]
        var children: [MarkdownNode] = []
        if block.kind == .cell && block.options.echo {
            children.append(MarkdownNode(.codeBlock(info: "swift", code: Self.echoedCode(block)), line: marker.line, column: marker.column))
        }
        if block.options.output, outputs.indices.contains(index) {
            for output in outputs[index] { children += nodes(for: output, at: marker) }
        }
        let presentation = MarkdownNode.CodeBlockPresentation(
            isCell: block.kind == .cell, label: block.options.label, caption: block.options.caption, alt: block.options.alt)
        return MarkdownNode(.codeBlockOutput(presentation), children: children, line: marker.line, column: marker.column)
    }

    private func nodes(for output: BlockOutput, at marker: MarkdownNode) -> [MarkdownNode] {
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
                let rendered = renderer.render(document: MarkdownNode(.document, children: paragraph?.children ?? [])).html
                html += rendered
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
}
