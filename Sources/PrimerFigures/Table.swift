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

    /// How a column writes its numbers.
    public enum NumberFormat: Sendable, Equatable {
        /// A fixed number of digits after the point: `0.2500`.
        case fixed(Int)
        /// A number of significant digits: `0.000123`, `1.23e+09`.
        case significant(Int)
        /// Scientific notation with a number of digits after the point: `2.50e-01`.
        case scientific(Int)
        /// A percentage with a number of digits after the point: `25.0%`.
        case percent(Int)

        public func format(_ value: Double) -> String {
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value > 0 ? "∞" : "−∞" }
            let text = switch self {
            case .fixed(let digits): String(format: "%.\(max(0, digits))f", value)
            case .significant(let digits): String(format: "%.\(max(1, digits))g", value)
            case .scientific(let digits): String(format: "%.\(max(0, digits))e", value)
            case .percent(let digits): String(format: "%.\(max(0, digits))f%%", value * 100)
            }
            // A typographic minus, and no "-0.000" for values that round to zero.
            return Self.isNegativeZero(text) ? String(text.dropFirst()) : text.replacingOccurrences(of: "-", with: "−", options: .anchored)
        }

        /// `-0.000`: a negative value that rounds to zero at this precision.
        private static func isNegativeZero(_ text: String) -> Bool {
            let mantissa = text.prefix { $0 != "e" }
            return text.hasPrefix("-") && !mantissa.contains { ("1"..."9").contains($0) }
        }
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
