import Foundation
import PrimerFigures
internal import PrimerNotebookFormat

/// What a value looks like on a page: one of the kinds of output a lesson
/// can produce, like a Jupyter MIME bundle with one entry.
public enum DisplayOutput: Sendable, Equatable {
    /// Plain text, shown as it is.
    case text(String)
    /// Markdown, rendered like the lesson's own text.
    case markdown(String)
    /// An HTML fragment, inserted as it is.
    case html(String)
    /// An SVG image, inserted inline.
    case svg(String)
    /// A checked claim (`Claim`), as data Primer draws in the page's language.
    case claim(String)
    /// A plot without a caption of its own: its HTML, and its data table,
    /// which goes in the caption of the cell's figure (`//| caption:`), or
    /// under the plot when the cell has none.
    case plot(html: String, data: String)

    /// The MIME type Primer knows this kind of output by (a plot's: its HTML's).
    public var mimeType: String { records[0].kind.rawValue }

    /// The output as the records that carry it: one, or a plot's two.
    var records: [(kind: NotebookRecord.OutputKind, content: String)] {
        switch self {
        case .text(let text): [(.text, text)]
        case .markdown(let markdown): [(.markdown, markdown)]
        case .html(let html): [(.html, html)]
        case .svg(let svg): [(.svg, svg)]
        case .claim(let json): [(.claim, json)]
        case let .plot(html, data): data.isEmpty ? [(.html, html)] : [(.html, html), (.plotData, data)]
        }
    }

    /// The output as one text: a plot's HTML and data table together.
    public var content: String { records.map(\.content).joined() }
}

/// A type that knows how to show itself on a page.
///
/// Adopt it to make a type usable as a directive (`@MyChart(…)`), an inline
/// value, or an argument of `show(_:)`:
///
/// ```swift
/// struct Badge: Displayable {
///     var text: String
///     var displayOutput: DisplayOutput { .html("<mark>\(text)</mark>") }
/// }
/// ```
public protocol Displayable {
    var displayOutput: DisplayOutput { get }
}

extension Table: Displayable {
    /// HTML, the same markup as the page's own GFM tables: a table is data
    /// already, so it is never written as Markdown to be parsed again.
    public var displayOutput: DisplayOutput { .html(html) }
}

extension Plot: Displayable {
    public var displayOutput: DisplayOutput {
        let (html, data) = figureParts()
        return .plot(html: html, data: data)
    }
}

extension Panels: Displayable {
    public var displayOutput: DisplayOutput {
        let (html, data) = figureParts()
        return .plot(html: html, data: data)
    }
}

/// Shows `value` in the output of the running cell, after what the cell
/// has printed so far.
///
/// Numbers are formatted as `format(_:)` does; a value that is not
/// `Displayable` is shown as text, from its description.
@_optimize(none) public func show(_ value: Any) {
    Notebook.display(DisplayOutput(value))
}

extension DisplayOutput {
    /// The output for any value: its own when `Displayable`, else text.
    public init(_ value: Any) {
        switch value {
        case let displayable as Displayable: self = displayable.displayOutput
        case let number as Double: self = .text(format(number))
        case let number as Float: self = .text(format(Double(number)))
        case let numbers as [Double]: self = .text("[" + numbers.map { format($0) }.joined(separator: ", ") + "]")
        case let text as String: self = .text(text)
        default: self = .text(String(describing: value))
        }
    }
}
