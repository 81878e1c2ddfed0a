import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The skeleton of a `<math>` element exactly as
/// `Fixtures/tex-corpus/make_reference.py` computes it (its docstring holds
/// the eight rules; this is a line-by-line port of its `skeleton` function),
/// so that Primer's MathML can be compared with the stored skeletons of
/// latex2mathml's: `x = \frac12` is `mrow(mi:𝑥 mo:= mfrac(mn:1 mn:2))`.
///
/// It differs from `MathMLSkeleton` (the shorthand `MathTests` uses) on
/// purpose: it shows what MathML Core displays (single-letter `mi` in
/// italic, invisible operators dropped, operator names as `mi`, space-only
/// `mtext` as `mspace`), so that two converters that write the same visible
/// formula in different markup get the same skeleton.
enum CorpusSkeleton {
    /// The MathML is not well-formed XML, or its root is not `math`
    /// (the script's `ET.ParseError`).
    struct NotXML: Error, CustomStringConvertible {
        var description: String
    }

    /// The skeleton of `mathML`, a `<math>` element.
    static func skeleton(of mathML: String) throws(NotXML) -> String {
        written(try items(of: mathML))
    }

    /// The normalised children of the `math` root (rules 1–6), before rule 8 writes them.
    static func items(of mathML: String) throws(NotXML) -> [Node] {
        let root = try XMLTree.parse(mathML)
        guard root.localName == "math" else { throw NotXML(description: "the root element is <\(root.localName)>, not <math>") }
        return normalise(root)?.children ?? []
    }

    /// Rule 8: one item alone, none as "", several in an `mrow`.
    static func written(_ items: [Node]) -> String {
        if items.count == 1 { return items[0].written }
        if items.isEmpty { return "" }
        return Node(name: "mrow", children: items).written
    }

    // MARK: Rules 2–7

    private static let tokens: Set<String> = ["mi", "mn", "mo", "mtext", "ms"]
    private static let rows: Set<String> = ["mrow", "mstyle"]
    private static let rowContainers: Set<String> = ["math", "mrow", "mstyle", "mtd", "msqrt", "mpadded", "mphantom", "menclose", "merror"]
    private static let invisibleOperators: Set<String> = ["\u{2061}", "\u{2062}", "\u{2063}", "\u{2064}"]
    private static let primes: Set<String> = ["\u{2032}", "\u{2033}", "\u{2034}", "\u{2057}"]

    /// A normalised node: a token (`text` set) or an element (`children`).
    struct Node: Equatable, Sendable {
        var name: String
        var text: String?
        var children: [Node] = []

        var isToken: Bool { text != nil }

        /// Rule 7.
        var written: String {
            if let text { return "\(name):\(CorpusSkeleton.quoted(text))" }
            if children.isEmpty { return name }
            return "\(name)(\(children.map(\.written).joined(separator: " ")))"
        }
    }

    /// The node for `element`, or nil when it disappears (the script's `_normalise`).
    private static func normalise(_ element: XMLTree.Element) -> Node? {
        let name = element.localName
        if name == "annotation" || name == "annotation-xml" { return nil }
        if name == "semantics" {
            // The first child that is not an annotation, even if it then disappears.
            guard let first = element.elements.first(where: { !["annotation", "annotation-xml"].contains($0.localName) }) else {
                return nil
            }
            return normalise(first)
        }
        if tokens.contains(name) {
            var text = tokenText(element)
            let scalars = Array(text.unicodeScalars)
            if name == "mo" && invisibleOperators.contains(text) { return nil }
            if name == "mo" && scalars.count >= 2 && scalars.allSatisfy(isLetter) { return Node(name: "mi", text: text) }
            if name == "mi" && primes.contains(text) { return Node(name: "mo", text: text) }
            if name == "mtext" && !text.isEmpty && text.unicodeScalars.allSatisfy({ $0 == " " }) { return Node(name: "mspace") }
            if name == "mi" && scalars.count == 1 {
                let variant = (element.attributes["mathvariant"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\r"))
                if variant.lowercased() != "normal", let italic = italic[scalars[0]] { text = String(italic) }
            }
            return Node(name: name, text: text)
        }
        let children = element.elements.compactMap(normalise)
        if rowContainers.contains(name) {
            var flat: [Node] = []
            for child in children {
                if rows.contains(child.name) && !child.isToken {
                    flat += child.children
                } else if child.isToken && child.text == "" {
                    continue
                } else {
                    flat.append(child)
                }
            }
            return Node(name: name, children: flat)
        }
        let fixed = children.map { child in
            guard rows.contains(child.name) && !child.isToken else { return child }
            return child.children.count == 1 ? child.children[0] : Node(name: "mrow", children: child.children)
        }
        return Node(name: name, children: fixed)
    }

    /// Rule 3: all character data inside the token, white space runs
    /// collapsed and trimmed, then no-break spaces made spaces.
    private static func tokenText(_ element: XMLTree.Element) -> String {
        var out: [Unicode.Scalar] = []
        var inSpace = false
        for scalar in element.allText.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                if !inSpace { out.append(" ") }
                inSpace = true
            } else {
                out.append(scalar)
                inSpace = false
            }
        }
        if out.first == " " { out.removeFirst() }
        if out.last == " " { out.removeLast() }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: out.map { $0 == "\u{A0}" ? " " : $0 })
        return String(text)
    }

    /// Unicode general category L* (Python's `unicodedata.category(c).startswith("L")`).
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// Rule 7: bare, or quoted when empty or holding a space, a parenthesis, a quote or a backslash.
    private static func quoted(_ text: String) -> String {
        let special: Set<Unicode.Scalar> = [" ", "(", ")", "\"", "\\"]
        if !text.isEmpty && !text.unicodeScalars.contains(where: special.contains) { return text }
        var quoted = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { quoted.append("\\") }
            quoted.append(scalar)
        }
        return "\"\(String(quoted))\""
    }

    // MARK: Rule 4

    /// Each letter and its MATHEMATICAL ITALIC form, as MathML Core's
    /// `text-transform: math-auto` shows a one-letter `mi` (the script's `ITALIC`).
    static let italic: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        func span(_ first: UInt32, _ last: UInt32, _ target: UInt32) {
            for offset in 0...(last - first) { table[Unicode.Scalar(first + offset)!] = Unicode.Scalar(target + offset)! }
        }
        span(0x41, 0x5A, 0x1D434)
        span(0x61, 0x7A, 0x1D44E)
        table["h"] = "\u{210E}"
        table["\u{0131}"] = "\u{1D6A4}"
        table["\u{0237}"] = "\u{1D6A5}"
        span(0x391, 0x3A1, 0x1D6E2)
        table["\u{03F4}"] = "\u{1D6F3}"
        span(0x3A3, 0x3A9, 0x1D6F4)
        table["\u{2207}"] = "\u{1D6FB}"
        span(0x3B1, 0x3C9, 0x1D6FC)
        table["\u{2202}"] = "\u{1D715}"
        for (source, target) in zip("\u{03F5}\u{03D1}\u{03F0}\u{03D5}\u{03F1}\u{03D6}".unicodeScalars, 0x1D716...0x1D71B) {
            table[source] = Unicode.Scalar(UInt32(target))!
        }
        return table
    }()

    // MARK: Rule 1

    /// A parsed XML document: elements by local name, their attributes and
    /// their character data, comments and processing instructions left out
    /// (as Python's `xml.etree.ElementTree.fromstring` reads it).
    private enum XMLTree {
        final class Element {
            let localName: String
            let attributes: [String: String]
            var content: [Content] = []

            init(qualifiedName: String, attributes: [String: String]) {
                // The script's `_local`: after any `}` and any prefix.
                let name = qualifiedName.split(separator: "}", omittingEmptySubsequences: false).last ?? ""
                localName = String(name.split(separator: ":", omittingEmptySubsequences: false).last ?? "")
                self.attributes = attributes
            }

            var elements: [Element] {
                content.compactMap { if case .element(let element) = $0 { element } else { nil } }
            }

            /// All character data inside, descendants' included, in document order.
            var allText: String {
                content.map {
                    switch $0 {
                    case .text(let text): text
                    case .element(let element): element.allText
                    }
                }.joined()
            }
        }

        enum Content {
            case text(String)
            case element(Element)
        }

        static func parse(_ text: String) throws(NotXML) -> Element {
            let parser = XMLParser(data: Data(text.utf8))
            let builder = Builder()
            parser.delegate = builder
            guard parser.parse(), let root = builder.root else {
                throw NotXML(description: "not well-formed XML: \(parser.parserError.map(String.init(describing:)) ?? "no root element")")
            }
            return root
        }

        private final class Builder: NSObject, XMLParserDelegate {
            var root: Element?
            var open: [Element] = []

            func parser(
                _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]
            ) {
                let element = Element(qualifiedName: elementName, attributes: attributeDict)
                if let parent = open.last { parent.content.append(.element(element)) } else { root = element }
                open.append(element)
            }

            func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
                open.removeLast()
            }

            func parser(_ parser: XMLParser, foundCharacters string: String) {
                open.last?.content.append(.text(string))
            }

            func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
                open.last?.content.append(.text(String(decoding: CDATABlock, as: UTF8.self)))
            }
        }
    }
}
