/// A part of a page for search: the text under one heading.
struct SearchSection: Sendable, Equatable {
    /// The heading's id; "" for the text before the first heading.
    var anchor: String
    /// The heading's text (the page title for the text before the first).
    var heading: String
    var text: String
}

/// What a reader can search on a page, read from the page's rendered body
/// (the HTML the reader sees, so computed values and tables are there as
/// shown): its prose, headings, captions, tables, claims and the printed
/// output of its cells, split at its headings.
///
/// Left out: the source of code cells (unless the page asks, with
/// `search: code`), plots' drawings (their captions and data stay
/// findable through the caption), plots' data tables, formulas' TeX, and
/// what is hidden from assistive technology (`aria-hidden`).
enum SearchText {
    static func sections(ofBody html: String, title: String, includesCode: Bool) -> [SearchSection] {
        var reader = Reader(bytes: Array(html.utf8), includesCode: includesCode)
        reader.sections = [SearchSection(anchor: "", heading: title, text: "")]
        reader.read()
        return reader.sections
    }

    /// Elements that end a run of words: their text is not run into the next.
    private static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ]
    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    private static let skippedElements: Set<String> = ["annotation", "annotation-xml", "button", "script", "style", "svg", "template"]

    private struct Reader {
        let bytes: [UInt8]
        let includesCode: Bool
        var sections: [SearchSection] = []
        var position = 0
        /// While inside a heading that starts a section: its level, id and text.
        var heading: (level: String, anchor: String, text: [UInt8])?
        var text: [UInt8] = []

        mutating func read() {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "<") {
                    readMarkup()
                } else {
                    let end = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                    if heading != nil { heading!.text += bytes[position..<end] } else { text += bytes[position..<end] }
                    position = end
                }
            }
            endSection()
        }

        private mutating func readMarkup() {
            if let end = MarkupTag.endOfComment(in: bytes, at: position) {
                position = end
                return
            }
            guard let tag = MarkupTag.read(bytes, at: position) else {
                // A "<" in text, or a tag cut off by the end.
                if heading != nil { heading!.text.append(bytes[position]) } else { text.append(bytes[position]) }
                position += 1
                return
            }
            position = tag.end
            if SearchText.blockElements.contains(tag.name) { separate() }
            if tag.isClosing {
                close(tag.name)
            } else {
                opened(tag)
            }
        }

        private mutating func opened(_ tag: MarkupTag) {
            let name = tag.name
            if SearchText.voidElements.contains(name) || tag.isSelfClosing {
                if name == "img", let alt = tag.value(of: "alt") { append(" \(alt) ") }
                return
            }
            let classes = Set((tag.value(of: "class") ?? "").split(separator: " ").map(String.init))
            if SearchText.skippedElements.contains(name) || tag.value(of: "aria-hidden") == "true"
                || (name == "a" && classes.contains("anchor")) || (name == "details" && classes.contains("plot-data"))
                || (name == "div" && classes.contains("code") && !includesCode)
            {
                skipElement(named: Array(name.utf8))
            } else if name.count == 2, name.first == "h", let level = name.last, ("2"..."6").contains(level),
                let anchor = tag.value(of: "id"), heading == nil
            {
                endSection()
                heading = (name, anchor.decodingMarkupEntities, [])
            }
        }

        private mutating func close(_ name: String) {
            if let current = heading, current.level == name {
                sections.append(SearchSection(anchor: current.anchor, heading: Self.cleaned(current.text), text: ""))
                heading = nil
            }
        }

        /// Moves past the end of the element that just opened, without
        /// reading what is inside (a plot's thousands of SVG elements, a
        /// data table): to its end tag, elements of the same name inside it
        /// counted.
        private mutating func skipElement(named name: [UInt8]) {
            var depth = 1
            while let open = bytes[position...].firstIndex(of: UInt8(ascii: "<")) {
                let closing = open + 1 < bytes.count && bytes[open + 1] == UInt8(ascii: "/")
                let nameStart = open + (closing ? 2 : 1)
                position = open + 1
                guard Self.hasName(name, in: bytes, at: nameStart), let end = MarkupTag.end(in: bytes, from: nameStart) else { continue }
                if closing {
                    depth -= 1
                    if depth == 0 {
                        position = end
                        return
                    }
                } else if bytes[end - 2] != UInt8(ascii: "/") {
                    depth += 1
                }
            }
            position = bytes.count
        }

        /// Whether the tag name at `index` is `name` (ASCII, any case).
        private static func hasName(_ name: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
            guard index + name.count < bytes.count else { return false }
            for (offset, byte) in name.enumerated() where bytes[index + offset] | 0x20 != byte | 0x20 { return false }
            let after = bytes[index + name.count]
            return MarkupTag.isSpace(after) || after == UInt8(ascii: ">") || after == UInt8(ascii: "/")
        }

        private mutating func append(_ string: String) {
            if heading != nil { heading!.text += string.utf8 } else { text += string.utf8 }
        }

        private mutating func separate() {
            append(" ")
        }

        private mutating func endSection() {
            let words = Self.cleaned(text)
            text.removeAll(keepingCapacity: true)
            guard !words.isEmpty else { return }
            let last = sections.count - 1
            sections[last].text += sections[last].text.isEmpty ? words : " " + words
        }

        /// Text with its character references decoded and its white space
        /// collapsed to single spaces.
        private static func cleaned(_ bytes: [UInt8]) -> String {
            var collapsed: [UInt8] = []
            collapsed.reserveCapacity(bytes.count)
            for byte in bytes {
                if MarkupTag.isSpace(byte) {
                    if let last = collapsed.last, last != UInt8(ascii: " ") { collapsed.append(UInt8(ascii: " ")) }
                } else {
                    collapsed.append(byte)
                }
            }
            if collapsed.last == UInt8(ascii: " ") { collapsed.removeLast() }
            return String(decoding: collapsed, as: UTF8.self).decodingMarkupEntities
        }
    }
}
