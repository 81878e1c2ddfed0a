/// A TeX formula found in a lesson's prose: `$…$` inline, `$$…$$` display.
struct Formula: Sendable, Hashable {
    var tex: String
    var display: Bool
    /// Where the TeX starts in the Markdown file (after the dollars).
    var line: Int
    var column: Int
    /// `{#eq-name}` after a display formula: it is numbered and can be
    /// referenced as `@eq-name`.
    var label: String?
}

/// A directive as written: `@Name(arguments)` on lines of its own.
struct DirectiveSource: Sendable, Hashable {
    /// `Name(arguments)`, without the `@`, container prefixes removed.
    var code: String
    /// Where `code` starts in the Markdown file.
    var line: Int
    var column: Int
    var endLine: Int
}
