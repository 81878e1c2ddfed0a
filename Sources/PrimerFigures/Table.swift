import Foundation

/// A table of text and numbers that renders as a GitHub Flavored Markdown
/// table, so it looks like any other table of the page.
///
/// ```swift
/// Table(columns: [.text("x"), .number("σ(x)", format: .fixed(4))],
///       rows: [[.text("0"), .number(0.5)]])
/// ```
public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        case left, center, right
    }

    public struct Column: Sendable, Equatable {
        public var title: String
        public var alignment: Alignment
        public var format: NumberFormat

        /// A column of text, aligned left.
        public static func text(_ title: String, alignment: Alignment = .left) -> Column {
            Column(title: title, alignment: alignment, format: .significant(6))
        }

        /// A column of numbers, aligned right.
        public static func number(_ title: String, format: NumberFormat = .significant(6), alignment: Alignment = .right) -> Column {
            Column(title: title, alignment: alignment, format: format)
        }
    }

    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    public var columns: [Column]
    public var rows: [[Cell]]

    public init(columns: [Column], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The table as a GFM pipe table.
    public var markdown: String {
        var lines = [row(columns.map { Self.escape($0.title) })]
        lines.append(row(columns.map { column in
            switch column.alignment {
            case .left: ":---"
            case .center: ":---:"
            case .right: "---:"
            }
        }))
        for cells in rows {
            lines.append(row(columns.indices.map { index in
                guard index < cells.count else { return "" }
                return switch cells[index] {
                case .text(let text): Self.escape(text)
                case .number(let value): columns[index].format.format(value)
                }
            }))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// Pipes would end a cell and line breaks would end the table.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
