/// One piece of a lesson's code, found in its Markdown before cmark sees it.
struct CodeBlock: Sendable, Equatable {
    enum Kind: String, Sendable, Codable {
        /// A fenced ```` ```{swift} ```` cell: statements, run in order.
        case cell
        /// `` `{swift} expression` `` in prose: replaced by the value.
        case inline
        /// `@Name(arguments)` on its own lines: evaluated as `Name(arguments)`.
        case directive
    }

    /// Position in the lesson, from 0, in document order.
    var index: Int
    var kind: Kind
    /// The code as written: a cell's lines (options included), an inline
    /// expression, or a directive's `Name(arguments)` without the `@`.
    var code: String
    /// Where `code` starts in the Markdown file (1-based line, UTF-8 column).
    var line: Int
    var column: Int
    /// The last line of the block in the Markdown file (a cell's closing fence).
    var endLine: Int
    var options: CellOptions

    /// The Markdown line of the cell's `//| name:` option, if it has one.
    func optionLine(named name: String) -> Int? {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).prefix { CellOptions.isOptionLine($0) }
        let index = lines.firstIndex { line in
            line.drop { $0 == " " || $0 == "\t" }.dropFirst("//|".count).drop { $0 == " " }.hasPrefix(name + ":")
        }
        return index.map { line + $0 }
    }

    /// The code that runs: without its `//|` option lines, which change
    /// how the block is shown, not what it computes.
    var executableCode: String {
        guard kind == .cell else { return code }
        return code.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !CellOptions.isOptionLine($0) }
            .joined(separator: "\n")
    }

    /// How the block is named in messages: `cell 'label'`, `cell at line 12`.
    var displayName: String {
        switch kind {
        case .cell: options.label.map { "cell '\($0)'" } ?? "cell at line \(line - 1)"
        case .inline: "inline value at line \(line)"
        case .directive: "directive at line \(line)"
        }
    }
}
