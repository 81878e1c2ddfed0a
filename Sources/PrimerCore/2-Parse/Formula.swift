/// A TeX formula found in a lesson's prose: `$…$` inline, `$$…$$` display.
struct Formula: Sendable, Equatable {
    var index: Int
    var tex: String
    var display: Bool
    /// Where the TeX starts in the Markdown file (after the dollars).
    var line: Int
    var column: Int
    /// `{#eq-name}` after a display formula: it is numbered and can be
    /// referenced as `@eq-name`.
    var label: String?
    /// Whether the formula stands on lines of its own (a block of the page).
    var isBlock: Bool
}
