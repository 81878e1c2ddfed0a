import Foundation

/// The structure of MathML without its attributes, for comparing Primer's
/// output with expectations and with latex2mathml's: `mfrac(mn:1 mn:2)`.
///
/// The rules (the same as `Fixtures/tex-corpus/make_reference.py`):
/// token elements (`mi`, `mn`, `mo`, `mtext`, `ms`) are `name:text`, with
/// character references decoded and white space trimmed; `mspace` is
/// `mspace`; `math`, `semantics` and `annotation` are dropped; an `mrow`
/// with one child is that child, and an `mrow` inside an `mrow` gives its
/// children to its parent; other elements are `name(children)`, children
/// separated by one space.
enum MathMLSkeleton {
    static func skeleton(of mathML: String) -> String {
        var parser = Parser(text: Array(mathML.unicodeScalars))
        let nodes = parser.nodes()
        return normalize(nodes, insideRow: true).map(\.description).joined(separator: " ")
    }

    fileprivate indirect enum Node: CustomStringConvertible {
        case element(String, [Node])
        case text(String)

        var description: String {
            switch self {
            case .text(let text):
                return text
            case let .element(name, children):
                if ["mi", "mn", "mo", "mtext", "ms"].contains(name) {
                    let text = children.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
                    return "\(name):\(text.trimmingCharacters(in: .whitespacesAndNewlines))"
                }
                if name == "mspace" { return "mspace" }
                return "\(name)(\(children.map(\.description).joined(separator: " ")))"
            }
        }
    }

    private static func normalize(_ nodes: [Node], insideRow: Bool) -> [Node] {
        var result: [Node] = []
        for node in nodes {
            guard case let .element(name, children) = node else { continue }
            switch name {
            case "math", "semantics":
                result += normalize(children, insideRow: true)
            case "annotation", "annotation-xml":
                continue
            case "mrow":
                let inner = normalize(children, insideRow: true)
                if inner.count == 1 || insideRow {
                    result += inner
                } else {
                    result.append(.element("mrow", inner))
                }
            case "mi", "mn", "mo", "mtext", "ms":
                result.append(node)
            default:
                // Each child of a layout element (mfrac, msup, …) is one argument.
                let arguments = children.compactMap { child -> Node? in
                    guard case .element = child else { return nil }
                    let normalized = normalize([child], insideRow: false)
                    return normalized.count == 1 ? normalized[0] : .element("mrow", normalized)
                }
                result.append(.element(name, arguments))
            }
        }
        return result
    }

    /// Just enough XML for Primer's and latex2mathml's MathML.
    private struct Parser {
        let text: [Unicode.Scalar]
        var index = 0

        mutating func nodes(until closing: String? = nil) -> [Node] {
            var nodes: [Node] = []
            while index < text.count {
                if text[index] == "<" {
                    if index + 1 < text.count, text[index + 1] == "/" {
                        while index < text.count, text[index] != ">" { index += 1 }
                        index += 1
                        return nodes
                    }
                    index += 1
                    var name = ""
                    while index < text.count, !" />\n\t".unicodeScalars.contains(text[index]) {
                        name.unicodeScalars.append(text[index])
                        index += 1
                    }
                    var selfClosing = false
                    var quote: Unicode.Scalar?
                    while index < text.count {
                        let scalar = text[index]
                        if let open = quote {
                            if scalar == open { quote = nil }
                        } else if scalar == "\"" || scalar == "'" {
                            quote = scalar
                        } else if scalar == ">" {
                            selfClosing = index > 0 && text[index - 1] == "/"
                            break
                        }
                        index += 1
                    }
                    index += 1
                    nodes.append(.element(name, selfClosing ? [] : self.nodes(until: name)))
                } else {
                    var content = ""
                    while index < text.count, text[index] != "<" {
                        content.unicodeScalars.append(text[index])
                        index += 1
                    }
                    nodes.append(.text(Self.decode(content)))
                }
            }
            return nodes
        }

        static func decode(_ text: String) -> String {
            guard text.contains("&") else { return text }
            var result = ""
            var rest = text[...]
            while let amp = rest.firstIndex(of: "&"), let semicolon = rest[amp...].firstIndex(of: ";") {
                result += rest[..<amp]
                let entity = String(rest[rest.index(after: amp)..<semicolon])
                let named = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
                if let value = named[entity] {
                    result += value
                } else if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(code)
                {
                    result.unicodeScalars.append(scalar)
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&\(entity);"
                }
                rest = rest[rest.index(after: semicolon)...]
            }
            return result + rest
        }
    }
}
