import Foundation

/// A table of text and numbers, with a number format and alignment per
/// column, an optional caption, and rows or cells to highlight.
///
/// On a page it is HTML with the same structure as a Markdown table, so it
/// looks like any other table; `markdown` gives it as a GFM pipe table.
///
/// ```swift
/// Table(columns: [.text("x"), .number("σ(x)", format: .fixed(4))],
///       rows: [[.text("0"), .number(0.5)]])
/// Table(activations, columns: [
///     .text("name") { .text($0.name) },
///     .number("f(1)", format: .fixed(3)) { .number($0(1)) },
/// ])
/// ```
public struct Table: Sendable, Equatable {
    public enum Alignment: String, Sendable, Equatable {
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

    /// A column of a table made from records: its heading and format, and
    /// how to read its cell from a record.
    public struct RecordColumn<Record> {
        public var column: Column
        public var cell: (Record) -> Cell

        public static func text(_ title: String, alignment: Alignment = .left, _ cell: @escaping (Record) -> Cell) -> RecordColumn {
            RecordColumn(column: .text(title, alignment: alignment), cell: cell)
        }

        public static func number(
            _ title: String, format: NumberFormat = .significant(6), alignment: Alignment = .right,
            _ cell: @escaping (Record) -> Cell
        ) -> RecordColumn {
            RecordColumn(column: .number(title, format: format, alignment: alignment), cell: cell)
        }
    }

    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    /// A cell's place: its row and column, from 0, not counting the header.
    public struct CellPosition: Sendable, Hashable {
        public var row: Int
        public var column: Int

        public init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }

    public var columns: [Column]
    public var rows: [[Cell]]
    public var caption: String?
    public var highlightedRows: Set<Int> = []
    public var highlightedCells: Set<CellPosition> = []

    public init(columns: [Column], rows: [[Cell]], caption: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.caption = caption
    }

    /// A table with a row per record.
    public init<Record>(_ records: [Record], columns: [RecordColumn<Record>], caption: String? = nil) {
        self.columns = columns.map(\.column)
        self.rows = records.map { record in columns.map { $0.cell(record) } }
        self.caption = caption
    }

    public func caption(_ caption: String) -> Table {
        var copy = self
        copy.caption = caption
        return copy
    }

    /// Marks rows (from 0) to stand out.
    public func highlighting(rows: Int...) -> Table {
        var copy = self
        copy.highlightedRows.formUnion(rows)
        return copy
    }

    /// Marks one cell to stand out.
    public func highlighting(row: Int, column: Int) -> Table {
        var copy = self
        copy.highlightedCells.insert(CellPosition(row: row, column: column))
        return copy
    }

    /// The text of a cell as the reader sees it.
    public func text(row: Int, column: Int) -> String {
        guard rows.indices.contains(row), rows[row].indices.contains(column) else { return "" }
        return switch rows[row][column] {
        case .text(let text): text
        case .number(let value): columns[column].format.format(value)
        }
    }

    /// The table as HTML, shaped like the page's Markdown tables.
    public var html: String {
        var html = "<table>\n"
        if let caption { html += "<caption>\(caption.escapedAsMarkupText)</caption>\n" }
        html += "<thead>\n<tr>\n"
        for column in columns {
            html += "<th\(alignment(column))>\(column.title.escapedAsMarkupText)</th>\n"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in rows.indices {
            html += highlightedRows.contains(row) ? "<tr class=\"highlight\">\n" : "<tr>\n"
            for column in columns.indices {
                let highlighted = highlightedCells.contains(CellPosition(row: row, column: column))
                html += "<td\(alignment(columns[column]))\(highlighted ? " class=\"highlight\"" : "")>"
                html += text(row: row, column: column).escapedAsMarkupText + "</td>\n"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private func alignment(_ column: Column) -> String {
        " style=\"text-align: \(column.alignment.rawValue)\""
    }

    /// The table as a GFM pipe table (without caption or highlighting,
    /// which Markdown cannot express).
    public var markdown: String {
        var lines = [row(columns.map { Self.escape($0.title) })]
        lines.append(
            row(
                columns.map { column in
                    switch column.alignment {
                    case .left: ":---"
                    case .center: ":---:"
                    case .right: "---:"
                    }
                }))
        for cells in rows.indices {
            lines.append(row(columns.indices.map { Self.escape(text(row: cells, column: $0)) }))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// Cells are data, not Markdown: escape what Markdown would interpret.
    private static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\", "|", "*", "_", "`", "[", "]", "<", "~", "$": escaped += "\\" + String(character)
            case "\n": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
