import PrimerNotebookFormat

/// Turns a parsed page into the tree the renderer draws: each piece of
/// lesson code becomes what it computed (a cell with its outputs, an inline
/// value), each formula becomes MathML, captions are numbered, and
/// cross-references (`@fig-name`) become links with their numbers.
///
/// Markdown that lesson code printed is parsed like the page's own text
/// (without directives: printed text runs nothing).
struct DocumentResolver {
    let file: String
    let blocks: [CodeBlock]
    let outputs: [[BlockOutput]]
    private(set) var references: CrossReferences
    private(set) var diagnostics: [Diagnostic] = []
    /// Every formula of the page, converted in document order (which is how
    /// equations are numbered), before any is put in place: a reference may
    /// come before its equation.
    private var converted: [Formula: TeXConverter.Converted] = [:]

    init(file: String, language: String, code: LessonCode, outputs: [[BlockOutput]]) {
        self.file = file
        self.blocks = code.blocks
        self.outputs = outputs
        references = CrossReferences(labels: [], equations: [:], language: language)
        var numbers = EquationNumbers()
        var equationLabels: [LabelUse] = []
        convertFormulas(in: code.document, numbers: &numbers, labels: &equationLabels)
        references = CrossReferences(labels: code.blocks.compactMap(\.options.label), equations: numbers.numbers, language: language)
        let cellLabels = code.blocks.compactMap { block in
            block.options.label.map { LabelUse(label: $0, line: block.optionLine(named: "label") ?? block.line, column: 1) }
        }
        reportDuplicates(among: cellLabels + equationLabels)
    }

    /// A label where the page gives it: a cell's option line, or an equation.
    private struct LabelUse {
        var label: String
        var line: Int
        var column: Int
    }

    private mutating func convertFormulas(in node: MarkdownNode, numbers: inout EquationNumbers, labels: inout [LabelUse]) {
        switch node.kind {
        case .displayMath(let formula), .inlineMath(let formula):
            // A formula that fails is reported once, here, and stays empty.
            guard converted[formula] == nil else { return }
            let given = numbers.labelsGiven.count
            converted[formula] = convert(formula, numbers: &numbers) ?? TeXConverter.Converted(mathML: "")
            labels += numbers.labelsGiven[given...].map { LabelUse(label: $0, line: formula.line, column: formula.column) }
        default:
            for child in node.children { convertFormulas(in: child, numbers: &numbers, labels: &labels) }
        }
    }

    /// A label names one figure, table or equation: given twice, it would
    /// give two elements one `id` and a reference two targets.
    private mutating func reportDuplicates(among uses: [LabelUse]) {
        var first: [String: LabelUse] = [:]
        for use in uses.sorted(by: { ($0.line, $0.column) < ($1.line, $1.column) }) {
            guard let earlier = first[use.label] else {
                first[use.label] = use
                continue
            }
            diagnostics.append(
                Diagnostic(
                    at: SourceLocation(file: file, line: use.line, column: use.column), id: "label.duplicate",
                    "label '\(use.label)' is already used on line \(earlier.line)",
                    notes: ["a label names one figure, table or equation: rename one of them"]))
        }
    }

    mutating func resolve(_ node: MarkdownNode) -> MarkdownNode {
        var node = node
        var children: [MarkdownNode] = []
        for child in node.children {
            switch child.kind {
            case .lessonCode(let index) where blocks.indices.contains(index):
                children.append(blocks[index].kind == .inline ? inlineValue(index, at: child) : cell(index, at: child))
            case .displayMath(let formula):
                children.append(equation(formula, at: child))
            case .inlineMath(let formula):
                children.append(inlineFormula(formula, at: child))
            case .text(let text) where text.contains("@"):
                children += resolvingReferences(in: text, at: child)
            case .blockQuote where Callouts.callout(from: child) != nil:
                children.append(resolve(Callouts.callout(from: child) ?? child))
            default:
                children.append(resolve(child))
            }
        }
        node.children = children
        return node
    }

    // MARK: Code

    private mutating func cell(_ index: Int, at place: MarkdownNode) -> MarkdownNode {
        let block = blocks[index]
        var children: [MarkdownNode] = []
        if block.kind == .cell && block.options.echo {
            children.append(MarkdownNode(.codeBlock(info: "swift", code: Self.echoedCode(block)), line: place.line, column: place.column))
        }
        if block.options.output, outputs.indices.contains(index) {
            for output in outputs[index] { children += nodes(for: output, at: place) }
        }
        let presentation = MarkdownNode.CellPresentation(
            isCell: block.kind == .cell, label: block.options.label,
            caption: block.options.caption.map { references.caption($0, label: block.options.label) }, alt: block.options.alt)
        return MarkdownNode(.cell(presentation), children: children, line: place.line, column: place.column, endLine: place.endLine)
    }

    private mutating func nodes(for output: BlockOutput, at place: MarkdownNode) -> [MarkdownNode] {
        switch output.kind {
        case .stdout, .text: [MarkdownNode(.output(.stdout, output.text))]
        case .stderr: [MarkdownNode(.output(.stderr, output.text))]
        case .error: [MarkdownNode(.output(.error, output.text))]
        case .html, .svg: [MarkdownNode(.fragment(html: output.text))]
        case .plotData: [MarkdownNode(.plotData(html: output.text))]
        case .markdown: resolve(printedMarkdown(output.text)).children
        case .claim: [claim(output.text, at: place)]
        }
    }

    private mutating func inlineValue(_ index: Int, at place: MarkdownNode) -> MarkdownNode {
        var html = ""
        var text = ""
        for output in outputs.indices.contains(index) ? outputs[index] : [] {
            switch output.kind {
            case .stdout, .stderr, .text, .error:
                html += output.text.escapedAsMarkupText
                text += output.text
            case .html, .svg, .plotData:
                html += output.text
            case .markdown:
                // Inline Markdown: the inlines of its first paragraph.
                let paragraph = resolve(printedMarkdown(output.text)).children.first
                var renderer = HTMLRenderer()
                html += renderer.renderInlines(paragraph?.children ?? [])
                text += paragraph?.plainText ?? ""
            case .claim:
                // A claim within a sentence is its verdict in words.
                let verdict = (try? ClaimRecord(json: output.text))?.verdict
                let word = verdict.flatMap { Localization.forLanguage(references.language).verdicts[Self.verdict($0)] } ?? ""
                html += word.escapedAsMarkupText
                text += word
            }
        }
        // The value says where it comes from: the expression, on hover and on
        // focus (and to screen readers, as its description), without
        // changing the text a reader reads.
        let expression = blocks[index].code.escapedAsMarkupAttribute
        html = "<span class=\"computed\" tabindex=\"0\" title=\"\(expression)\">\(html)</span>"
        return MarkdownNode(.inlineFragment(html: html, text: text), line: place.line, column: place.column)
    }

    /// A claim's verdict and parts; their Markdown is read like the page's
    /// own, so `@fig-slope` in the evidence links to the figure.
    private mutating func claim(_ json: String, at place: MarkdownNode) -> MarkdownNode {
        guard let record = try? ClaimRecord(json: json) else {
            diagnostics.append(
                Diagnostic(
                    at: SourceLocation(file: file, line: place.line, column: place.column), id: "claim.unreadable",
                    "the claim's output cannot be read; rebuild with --fresh"))
            return MarkdownNode(.fragment(html: ""))
        }
        let parts: [(MarkdownNode.ClaimPart, String?)] = [
            (.statement, record.statement), (.reason, record.reason), (.evidence, record.evidence), (.measured, record.measured),
        ]
        var children: [MarkdownNode] = []
        for case let (part, text?) in parts {
            let inlines = resolve(printedMarkdown(text)).children.first?.children ?? []
            children.append(MarkdownNode(.claimPart(part), children: inlines, line: place.line, column: place.column))
        }
        return MarkdownNode(.claim(Self.verdict(record.verdict)), children: children, line: place.line, column: place.column)
    }

    private static func verdict(_ verdict: ClaimRecord.Verdict) -> MarkdownNode.ClaimVerdict {
        switch verdict {
        case .supported: .supported
        case .partly: .partly
        case .notSupported: .notSupported
        }
    }

    private func printedMarkdown(_ text: String) -> MarkdownNode {
        var parser = MarkdownParser()
        parser.options.remove(.directives)
        return parser.parse(text).document
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

    /// The formula as MathML; an error is reported at its place in the file.
    private mutating func convert(_ formula: Formula, numbers: inout EquationNumbers) -> TeXConverter.Converted? {
        do {
            return try TeXConverter.convert(formula.tex, display: formula.display, label: formula.label, numbers: &numbers)
        } catch {
            let before = Array(formula.tex.utf8.prefix(error.offset))
            let newlines = before.count { $0 == 0x0A }
            let lineStart: Int = (before.lastIndex(of: 0x0A) ?? -1) + 1
            let column = newlines == 0 ? formula.column + before.count : before.count - lineStart + 1
            diagnostics.append(
                Diagnostic(
                    at: SourceLocation(file: file, line: formula.line + newlines, column: column), id: "math.tex", error.message))
            return nil
        }
    }

    /// A formula converted before, or (in Markdown that code printed) now.
    private mutating func conversion(of formula: Formula) -> TeXConverter.Converted {
        if let known = converted[formula] { return known }
        var numbers = EquationNumbers()
        return convert(formula, numbers: &numbers) ?? TeXConverter.Converted(mathML: "")
    }

    /// A formula within text; a numbered one (`$$…$$ {#eq-name}` inside a
    /// paragraph) keeps its number beside it.
    private mutating func inlineFormula(_ formula: Formula, at place: MarkdownNode) -> MarkdownNode {
        let result = conversion(of: formula)
        var html = result.mathML
        if let number = result.number {
            let id = result.label.map { " id=\"\($0.escapedAsMarkupAttribute)\"" } ?? ""
            html = "<span class=\"equation\"\(id)>" + html + "<span class=\"equation-number\">\(number.escapedAsMarkupText)</span></span>"
        }
        return MarkdownNode(
            .inlineFragment(html: html, text: MathMLText.reading(of: result.mathML)), line: place.line, column: place.column)
    }

    private mutating func equation(_ formula: Formula, at place: MarkdownNode) -> MarkdownNode {
        let result = conversion(of: formula)
        return MarkdownNode(
            .equation(mathML: result.mathML, label: result.label, number: result.number),
            line: place.line, column: place.column, endLine: place.endLine)
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
            let isReference =
                !(previous.isLetter || previous.isNumber || previous == "." || previous == "_" || previous == "@")
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
                nodes.append(
                    MarkdownNode(
                        .link(destination: "#" + label, title: ""), children: [MarkdownNode(.text(name))], line: node.line,
                        column: node.column + offset))
            } else {
                let known = references.targets.keys.sorted()
                diagnostics.append(
                    Diagnostic(
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

/// The plain-text reading of MathML, for places that cannot hold markup
/// (`<title>`, `aria-label`, the sidebar): `σ(x)` for `\sigma(x)`.
enum MathMLText {
    static func reading(of mathML: String) -> String {
        var rest = mathML[...]
        // The TeX source kept as an annotation is not part of the reading.
        if let annotation = rest.range(of: "<annotation"), let end = rest.range(of: "</annotation>") {
            rest = rest[..<annotation.lowerBound] + rest[end.upperBound...]
        }
        var text = ""
        var inTag = false
        for character in rest {
            switch character {
            case "<": inTag = true
            case ">": inTag = false
            default: if !inTag { text.append(character) }
            }
        }
        return text.decodingMarkupEntities
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
