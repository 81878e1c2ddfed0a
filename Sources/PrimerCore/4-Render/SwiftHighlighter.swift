import PrimerFigures
import SwiftIDEUtils
import SwiftSyntax

/// Swift syntax highlighting at build time, with swift-syntax's own
/// classifier: the same parser as the compiler, so highlighting is exact
/// for any Swift the compiler accepts (and sensible for code it does not).
///
/// Each classified range becomes a `<span>` with a short class the site's
/// stylesheet colours in light and dark mode.
enum SwiftHighlighter {
    static func html(_ code: String) -> String {
        let bytes = Array(code.utf8)
        guard let tree = SwiftParsing.parse(code) else { return text(bytes[...]) }
        var html = ""
        html.reserveCapacity(bytes.count * 2)
        var position = 0
        for range in tree.classifications {
            let start = max(position, min(range.range.lowerBound.utf8Offset, bytes.count))
            let end = min(range.range.upperBound.utf8Offset, bytes.count)
            if start > position { html += text(bytes[position..<start]) }
            guard end > start else { continue }
            let piece = text(bytes[start..<end])
            if let name = cssClass(range.kind) {
                html += "<span class=\"\(name)\">\(piece)</span>"
            } else {
                html += piece
            }
            position = end
        }
        if position < bytes.count { html += text(bytes[position...]) }
        return html
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self).escapedAsMarkupText
    }

    /// Short class names keep pages small: k keyword, t type, s string,
    /// n number, c comment, a attribute, d directive, r regex, l label.
    private static func cssClass(_ kind: SyntaxClassification) -> String? {
        switch kind {
        case .keyword: "k"
        case .type: "t"
        case .stringLiteral: "s"
        case .integerLiteral, .floatLiteral: "n"
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: "c"
        case .attribute: "a"
        case .ifConfigDirective: "d"
        case .regexLiteral: "r"
        case .argumentLabel: "l"
        case .dollarIdentifier, .editorPlaceholder, .identifier, .operator, .none: nil
        @unknown default: nil
        }
    }
}
