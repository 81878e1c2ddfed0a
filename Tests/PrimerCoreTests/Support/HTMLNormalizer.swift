import Foundation

/// cmark-gfm's `test/normalize.py` in Swift: the HTML normaliser that
/// `spec_tests.py` applies to both the expected and the actual HTML before it
/// compares them, so that insignificant differences do not count.
///
/// What it does, as the Python does it:
/// - runs of whitespace become one space, except inside `<pre>`;
/// - whitespace next to block-level tags is removed;
/// - `<br />` and other self-closing tags become open tags;
/// - tag and attribute names are lower-cased, attributes sorted by name,
///   attribute values unescaped and escaped again in one way;
/// - character references become characters, except `<`, `>`, `&` and `"`,
///   which are written `&lt;`, `&gt;`, `&amp;` and `&quot;`.
///
/// normalize.py is built on Python's `html.parser.HTMLParser` (Python 3.11,
/// Debian bookworm's), fed the chunks of its own splitting regex, and much of
/// what it does with unusual HTML (raw HTML examples have plenty) comes from
/// that tokenizer. So the tokenizer is ported too, with Python's regular
/// expressions kept as they are (NSRegularExpression, because they use
/// look-behind), Python's `\s` spelled out as the characters it matches, and
/// the quirks kept: e.g. unclosed `<script>` content is dropped, and `&#X41;`
/// comes out as `&X41;`.
///
/// Known simplifications, none of which applies to the examples' HTML in a way
/// that differs between the two sides being compared:
/// - attribute values are unescaped with the HTML 4 entity names (plus
///   `apos` and HTML5's upper-case aliases), where Python's `html.unescape`
///   knows all of HTML5's; other names are left as they are written;
/// - where Python would raise an exception (a `<![` section with an unknown
///   keyword), the construct is treated as unterminated text instead.
enum HTMLNormalizer {
    static func normalize(_ html: String) -> String {
        var parser = NormalizingParser()
        let text = html as NSString
        // normalize.py feeds HTMLParser chunk by chunk and passes CDATA
        // sections through verbatim; characters no chunk matches (a `<`
        // without a later `>`) are dropped, as `re.finditer` skips them.
        for chunk in Patterns.chunk.matches(in: html, range: NSRange(location: 0, length: text.length)) {
            let piece = text.substring(with: chunk.range)
            if piece.hasPrefix("<![CDATA") {
                parser.output += piece
            } else {
                parser.feed(piece)
            }
        }
        parser.close()
        return parser.output
    }
}

// MARK: - Python's patterns

/// The characters Python's `\s` and `str.isspace()` match (`\s` of ICU, which
/// NSRegularExpression uses, is a different set).
private let pythonSpaces: Set<Unicode.Scalar> = Set(
    [
        0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
        0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ].compactMap(Unicode.Scalar.init)
        + (0x2000...0x200A).compactMap(Unicode.Scalar.init)
)

/// Python's `\s` for use inside a character class.
private let s = #"\t\n\x{0B}\f\r\x{1C}-\x{1F}\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}"#

private func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression {
    // The patterns are constants; a typo is a programming error.
    // swift-format-ignore: NeverUseForceTry
    try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
}

/// The regular expressions of normalize.py, html/parser.py and _markupbase.py,
/// with `\s` replaced by `[\(s)]` and `.` by `[^\n]` (ICU's `.` excludes more).
private enum Patterns {
    // normalize.py
    static let chunk = regex(#"(<!\[CDATA\[[^\n]*?\]\]>|<[^>]*>|[^<]+)"#)
    // html/parser.py
    static let interestingNormal = regex("[&<]")
    static let incomplete = regex("&[a-zA-Z#]")
    // The last character is a group of its own, to step back over it exactly.
    static let entityref = regex("&([a-zA-Z][-.a-zA-Z0-9]*)([^a-zA-Z0-9])")
    static let charref = regex("&#((?:[0-9]+|[xX][0-9a-fA-F]+))([^0-9a-fA-F])")
    static let starttagopen = regex("<[a-zA-Z]")
    static let piclose = regex(">")
    static let commentclose = regex("--[\(s)]*>")
    static let tagfindTolerant = regex(#"([a-zA-Z][^\t\n\r\f />\x{00}]*)(?:["# + s + #"]|/(?!>))*"#)
    static let attrfindTolerant = regex(
        #"((?<=['"\#(s)/])[^\#(s)/>][^\#(s)/=>]*)([\#(s)]*=+[\#(s)]*('[^']*'|"[^"]*"|(?!['"])[^>\#(s)]*))?(?:[\#(s)]|/(?!>))*"#
    )
    static let locatestarttagendTolerant = regex(
        #"<[a-zA-Z][^\t\n\r\f />\x{00}]*(?:[\#(s)/]*(?:(?<=['"\#(s)/])[^\#(s)/>][^\#(s)/=>]*(?:[\#(s)]*=+[\#(s)]*(?:'[^']*'|"[^"]*"|(?!['"])[^>\#(s)]*)[\#(s)]*)?(?:[\#(s)]|/(?!>))*)*)?[\#(s)]*"#
    )
    static let endendtag = regex(">")
    static let endtagfind = regex(#"</[\#(s)]*([a-zA-Z][-.a-zA-Z0-9:_]*)[\#(s)]*>"#)
    // _markupbase.py
    static let declname = regex("[a-zA-Z][-_.a-zA-Z0-9]*[\(s)]*")
    static let markedsectionclose = regex("][\(s)]*][\(s)]*>")
    static let msmarkedsectionclose = regex("][\(s)]*>")
    // html/__init__.py (html.unescape)
    static let charrefInAttribute = regex(#"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)"#)
}

// MARK: - The parser

/// Python's `HTMLParser` (with `convert_charrefs = False`) and normalize.py's
/// `MyHTMLParser` subclass in one: the tokenizer's `parse_…` methods call the
/// subclass's `handle_…` methods, which write `output`.
private struct NormalizingParser {
    var output = ""

    // HTMLParser's state. Positions are UTF-16 offsets into `rawdata`, where
    // Python's are code points; the patterns never split a character.
    private var rawdata: NSString = ""
    private var cdataElement: String?
    private var interesting = Patterns.interestingNormal

    // MyHTMLParser's state.
    private var last = "starttag"
    private var inPre = false
    private var lastTag = ""

    mutating func feed(_ data: String) {
        rawdata = rawdata.appending(data) as NSString
        goahead(end: false)
    }

    mutating func close() {
        goahead(end: true)
    }

    // MARK: HTMLParser.goahead and its parse_… methods

    /// Handles data as far as it can; with `end`, as if followed by the end.
    private mutating func goahead(end: Bool) {
        let n = rawdata.length
        var i = 0
        while i < n {
            let j: Int
            if let match = search(interesting, from: i) {
                j = match.range.location
            } else {
                if cdataElement != nil { break }
                j = n
            }
            if i < j { handleData(text(i, j)) }
            i = j
            if i == n { break }
            if starts(with: "<", at: i) {
                var k: Int
                if match(Patterns.starttagopen, at: i) != nil {
                    k = parseStartTag(i)
                } else if starts(with: "</", at: i) {
                    k = parseEndTag(i)
                } else if starts(with: "<!--", at: i) {
                    k = parseComment(i)
                } else if starts(with: "<?", at: i) {
                    k = parseProcessingInstruction(i)
                } else if starts(with: "<!", at: i) {
                    k = parseHTMLDeclaration(i)
                } else if i + 1 < n {
                    handleData("<")
                    k = i + 1
                } else {
                    break
                }
                if k < 0 {
                    if !end { break }
                    k = find(">", from: i + 1)
                    if k < 0 {
                        k = find("<", from: i + 1)
                        if k < 0 { k = i + 1 }
                    } else {
                        k += 1
                    }
                    handleData(text(i, k))
                }
                i = k
            } else if starts(with: "&#", at: i) {
                if let match = match(Patterns.charref, at: i) {
                    handleCharref(text(match.range(at: 1)))
                    // The character after the reference is kept unless it is `;`.
                    let after = match.range(at: 2)
                    i = starts(with: ";", at: after.location) ? NSMaxRange(after) : after.location
                    continue
                } else {
                    if find(";", from: i) >= 0 {  // bail by consuming "&#"
                        handleData(text(i, i + 2))
                        i += 2
                    }
                    break
                }
            } else if starts(with: "&", at: i) {
                if let match = match(Patterns.entityref, at: i) {
                    handleEntityref(text(match.range(at: 1)))
                    let after = match.range(at: 2)
                    i = starts(with: ";", at: after.location) ? NSMaxRange(after) : after.location
                    continue
                }
                if let match = match(Patterns.incomplete, at: i) {
                    // As Python does: at the very end, "&x" loses its "&".
                    if end && NSMaxRange(match.range) == n { i += 1 }
                    break
                } else if i + 1 < n {
                    handleData("&")
                    i += 1
                } else {
                    break
                }
            } else {
                preconditionFailure("interesting.search() lied")
            }
        }
        if end && i < n && cdataElement == nil {
            handleData(text(i, n))
            i = n
        }
        rawdata = text(i, n) as NSString
    }

    private mutating func parseHTMLDeclaration(_ i: Int) -> Int {
        if starts(with: "<!--", at: i) {
            return parseComment(i)
        } else if starts(with: "<![", at: i) {
            return parseMarkedSection(i)
        } else if text(i, i + 9).lowercased() == "<!doctype" {
            let gt = find(">", from: i + 9)
            if gt == -1 { return -1 }
            handleDecl(text(i + 2, gt))
            return gt + 1
        } else {
            return parseBogusComment(i)
        }
    }

    private mutating func parseBogusComment(_ i: Int) -> Int {
        let gt = find(">", from: i + 2)
        if gt == -1 { return -1 }
        handleComment(text(i + 2, gt))
        return gt + 1
    }

    private mutating func parseProcessingInstruction(_ i: Int) -> Int {
        guard let close = search(Patterns.piclose, from: i + 2) else { return -1 }
        handlePI(text(i + 2, close.range.location))
        return NSMaxRange(close.range)
    }

    private mutating func parseComment(_ i: Int) -> Int {
        guard let close = search(Patterns.commentclose, from: i + 4) else { return -1 }
        handleComment(text(i + 4, close.range.location))
        return NSMaxRange(close.range)
    }

    /// `<![CDATA[…]]>` and the like (normalize.py passes most CDATA by itself).
    private mutating func parseMarkedSection(_ i: Int) -> Int {
        // _markupbase._scan_name; where it would raise, the section is left
        // unterminated (see the type's comment).
        let start = i + 3
        guard start < rawdata.length, let name = match(Patterns.declname, at: start),
            NSMaxRange(name.range) != rawdata.length
        else { return -1 }
        let keyword = text(name.range).trimmingPythonSpaces().lowercased()
        let close: NSTextCheckingResult?
        if ["temp", "cdata", "ignore", "include", "rcdata"].contains(keyword) {
            close = search(Patterns.markedsectionclose, from: start)
        } else if ["if", "else", "endif"].contains(keyword) {
            close = search(Patterns.msmarkedsectionclose, from: start)
        } else {
            return -1
        }
        guard let close else { return -1 }
        handleUnknownDecl(text(start, close.range.location))
        return NSMaxRange(close.range)
    }

    private mutating func parseStartTag(_ i: Int) -> Int {
        let endpos = checkForWholeStartTag(i)
        if endpos < 0 { return endpos }
        guard let tagMatch = match(Patterns.tagfindTolerant, at: i + 1) else {
            preconditionFailure("unexpected call to parse_starttag()")
        }
        let tag = text(tagMatch.range(at: 1)).lowercased()
        var attributes: [(name: String, value: String?)] = []
        var k = NSMaxRange(tagMatch.range)
        while k < endpos {
            guard let attribute = match(Patterns.attrfindTolerant, at: k) else { break }
            let name = text(attribute.range(at: 1))
            var value: String?
            if attribute.range(at: 2).location != NSNotFound, attribute.range(at: 2).length > 0 {
                var raw = text(attribute.range(at: 3))
                if let first = raw.first, first == "'" || first == "\"", raw.last == first {
                    raw = raw.count >= 2 ? String(raw.dropFirst().dropLast()) : ""
                }
                value = raw.isEmpty ? raw : Self.unescape(raw)
            }
            attributes.append((name.lowercased(), value))
            k = NSMaxRange(attribute.range)
        }
        let rest = text(k, endpos).trimmingPythonSpaces()
        if rest != ">" && rest != "/>" {
            handleData(text(i, endpos))
            return endpos
        }
        if rest.hasSuffix("/>") {
            handleStartEndTag(tag, attributes)  // XHTML-style empty tag
        } else {
            handleStartTag(tag, attributes)
            if tag == "script" || tag == "style" {
                // Their content is text up to the matching end tag.
                cdataElement = tag
                interesting = regex("</[\(s)]*\(tag)[\(s)]*>", caseInsensitive: true)
            }
        }
        return endpos
    }

    /// Where a complete start tag at `i` ends, or -1 if it is incomplete.
    private func checkForWholeStartTag(_ i: Int) -> Int {
        guard let located = match(Patterns.locatestarttagendTolerant, at: i) else {
            preconditionFailure("we should not get here!")
        }
        let j = NSMaxRange(located.range)
        let next = text(j, j + 1)
        if next == ">" { return j + 1 }
        if next == "/" {
            // "/>" ends the tag; any other "/" is taken for a buffer boundary.
            return starts(with: "/>", at: j) ? j + 2 : -1
        }
        if next.isEmpty { return -1 }  // end of input
        if next.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "=" || $0 == "/" }) {
            return -1  // end of input in or before an attribute value
        }
        return j > i ? j : i + 1
    }

    private mutating func parseEndTag(_ i: Int) -> Int {
        guard let gtMatch = search(Patterns.endendtag, from: i + 1) else { return -1 }
        let gtpos = NSMaxRange(gtMatch.range)
        guard let endTag = match(Patterns.endtagfind, at: i) else {
            if cdataElement != nil {
                handleData(text(i, gtpos))
                return gtpos
            }
            guard let name = match(Patterns.tagfindTolerant, at: i + 2) else {
                return text(i, i + 3) == "</>" ? i + 3 : parseBogusComment(i)
            }
            // Anything between the name and the `>` is ignored.
            handleEndTag(text(name.range(at: 1)).lowercased())
            return find(">", from: NSMaxRange(name.range)) + 1
        }
        let element = text(endTag.range(at: 1)).lowercased()
        if let cdataElement, element != cdataElement {
            handleData(text(i, gtpos))
            return gtpos
        }
        handleEndTag(element)
        cdataElement = nil
        interesting = Patterns.interestingNormal
        return gtpos
    }

    // MARK: MyHTMLParser's handle_… methods (normalize.py)

    private mutating func handleData(_ data: String) {
        var data = data
        let afterTag = last == "endtag" || last == "starttag"
        let afterBlockTag = afterTag && Self.isBlockTag(lastTag)
        if afterTag && lastTag == "br" {
            data = String(data.unicodeScalars.drop { $0 == "\n" })
        }
        if !inPre { data = data.collapsingPythonSpaces() }
        if afterBlockTag && !inPre {
            if last == "starttag" {
                data = data.trimmingPythonSpaces(trailing: false)
            } else if last == "endtag" {
                data = data.trimmingPythonSpaces()
            }
        }
        output += data
        last = "data"
    }

    private mutating func handleEndTag(_ tag: String) {
        if tag == "pre" {
            inPre = false
        } else if Self.isBlockTag(tag) {
            output = output.trimmingPythonSpaces(leading: false)
        }
        output += "</\(tag)>"
        lastTag = tag
        last = "endtag"
    }

    private mutating func handleStartTag(_ tag: String, _ attributes: [(name: String, value: String?)]) {
        if tag == "pre" { inPre = true }
        if Self.isBlockTag(tag) {
            output = output.trimmingPythonSpaces(leading: false)
        }
        output += "<\(tag)"
        // Python sorts (name, value) tuples: by code points. normalize.py
        // means to re-quote `href` and `src` values too, but tests the value
        // (`if v in ['href','src']`), so in effect every value is escaped.
        let sorted = attributes.sorted { a, b in
            if a.name != b.name { return a.name.unicodeScalars.lexicographicallyPrecedes(b.name.unicodeScalars) }
            guard let bValue = b.value else { return false }
            guard let aValue = a.value else { return true }
            return aValue.unicodeScalars.lexicographicallyPrecedes(bValue.unicodeScalars)
        }
        for (name, value) in sorted {
            output += " " + name
            if let value { output += "=\"" + Self.escape(value) + "\"" }
        }
        output += ">"
        lastTag = tag
        last = "starttag"
    }

    /// Self-closing tags are written as start tags only.
    private mutating func handleStartEndTag(_ tag: String, _ attributes: [(name: String, value: String?)]) {
        handleStartTag(tag, attributes)
        lastTag = tag
        last = "endtag"
    }

    private mutating func handleComment(_ data: String) {
        output += "<!--" + data + "-->"
        last = "comment"
    }

    private mutating func handleDecl(_ data: String) {
        output += "<!" + data + ">"
        last = "decl"
    }

    private mutating func handleUnknownDecl(_ data: String) {
        output += "<!" + data + ">"
        last = "decl"
    }

    private mutating func handlePI(_ data: String) {
        output += "<?" + data + ">"
        last = "pi"
    }

    private mutating func handleEntityref(_ name: String) {
        outputCharacter(Self.entities[name].flatMap(Unicode.Scalar.init), fallback: "&\(name);")
        last = "ref"
    }

    private mutating func handleCharref(_ name: String) {
        // Only a lower-case "x" means hexadecimal here; "&#X41;" falls back.
        let value = name.hasPrefix("x") ? UInt32(name.dropFirst(), radix: 16) : UInt32(name)
        // Python's chr() also takes lone surrogates, which a Swift String
        // cannot hold; they fall back like other invalid values.
        outputCharacter(value.flatMap(Unicode.Scalar.init), fallback: "&\(name);")
        last = "ref"
    }

    private mutating func outputCharacter(_ character: Unicode.Scalar?, fallback: String) {
        switch character {
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "&": output += "&amp;"
        case "\"": output += "&quot;"
        case nil: output += fallback
        case let character?: output.unicodeScalars.append(character)
        }
    }

    private static let blockTags: Set<String> = [
        "article", "header", "aside", "hgroup", "blockquote", "hr", "iframe", "body", "li", "map", "button", "object",
        "canvas", "ol", "caption", "output", "col", "p", "colgroup", "pre", "dd", "progress", "div", "section", "dl",
        "table", "td", "dt", "tbody", "embed", "textarea", "fieldset", "tfoot", "figcaption", "th", "figure", "thead",
        "footer", "tr", "form", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "video", "script", "style",
    ]

    private static func isBlockTag(_ tag: String) -> Bool {
        blockTags.contains(tag)
    }

    // MARK: Python's html.escape and html.unescape

    /// `html.escape(value, quote=True)`.
    private static func escape(_ value: String) -> String {
        var result = ""
        for character in value.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#x27;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// `html.unescape`, with the entity names of `entities` (see the type's
    /// comment) and HTML5's rules for numeric references.
    private static func unescape(_ value: String) -> String {
        guard value.contains("&") else { return value }
        let text = value as NSString
        var result = ""
        var position = 0
        for match in Patterns.charrefInAttribute.matches(in: value, range: NSRange(location: 0, length: text.length)) {
            result += text.substring(with: NSRange(location: position, length: match.range.location - position))
            result += replacement(forReference: text.substring(with: match.range(at: 1)))
            position = NSMaxRange(match.range)
        }
        return result + text.substring(from: position)
    }

    /// html/__init__.py's `_replace_charref`; `reference` is what follows `&`.
    private static func replacement(forReference reference: String) -> String {
        if reference.hasPrefix("#") {
            var digits = reference.dropFirst()
            if digits.hasSuffix(";") { digits = digits.dropLast() }
            let isHex = digits.first == "x" || digits.first == "X"
            // Beyond any code point (and beyond UInt32): U+FFFD, as for > 0x10FFFF.
            let number = (isHex ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)) ?? 0x110000
            if let replacement = invalidCharacterReferences[number] { return String(replacement) }
            if (0xD800...0xDFFF).contains(number) || number > 0x10FFFF { return "\u{FFFD}" }
            if isInvalidCodePoint(number) { return "" }
            return Unicode.Scalar(number).map { String($0) } ?? "\u{FFFD}"
        }
        if reference.hasSuffix(";") {
            let name = String(reference.dropLast())
            if let code = entities[name] ?? upperCaseAliases[name] ?? (name == "apos" ? 0x27 : nil) {
                return Unicode.Scalar(code).map { String($0) } ?? ""
            }
        }
        // The longest name that HTML5 allows without ";" (Latin-1's and a few).
        let scalars = Array(reference.unicodeScalars)
        for length in stride(from: scalars.count, through: 2, by: -1) {
            let name = String(String.UnicodeScalarView(scalars[..<length]))
            let rest = String(String.UnicodeScalarView(scalars[length...]))
            if length == scalars.count, reference.hasSuffix(";") { continue }
            if let code = legacyEntity(name) { return (Unicode.Scalar(code).map { String($0) } ?? "") + rest }
        }
        return "&" + reference
    }

    private static func legacyEntity(_ name: String) -> UInt32? {
        if let code = entities[name], code <= 0xFF { return code }
        return upperCaseAliases[name]
    }

    /// HTML5 names, beyond HTML 4's, that may also be written without ";".
    private static let upperCaseAliases: [String: UInt32] = [
        "AMP": 0x26, "COPY": 0xA9, "GT": 0x3E, "LT": 0x3C, "QUOT": 0x22, "REG": 0xAE,
    ]

    /// html/__init__.py's `_invalid_charrefs`: C1 controls read as Windows-1252.
    private static let invalidCharacterReferences: [UInt32: Character] = [
        0x00: "\u{FFFD}", 0x0D: "\r", 0x80: "\u{20AC}", 0x81: "\u{81}", 0x82: "\u{201A}", 0x83: "\u{0192}",
        0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}", 0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}",
        0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}", 0x8D: "\u{8D}", 0x8E: "\u{017D}", 0x8F: "\u{8F}",
        0x90: "\u{90}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}",
        0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}",
        0x9C: "\u{0153}", 0x9D: "\u{9D}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]

    /// html/__init__.py's `_invalid_codepoints`: references to them vanish.
    private static func isInvalidCodePoint(_ number: UInt32) -> Bool {
        (0x1...0x8).contains(number) || number == 0xB || (0xE...0x1F).contains(number)
            || (0x7F...0x9F).contains(number) || (0xFDD0...0xFDEF).contains(number)
            || (number & 0xFFFE == 0xFFFE && number <= 0x10FFFF)
    }

    /// Python's `html.entities.name2codepoint`: HTML 4's 252 names, which is
    /// all that `handle_entityref` knows (so `&apos;` in text stays as it is).
    private static let entities: [String: UInt32] = [
        "AElig": 0xC6, "Aacute": 0xC1, "Acirc": 0xC2, "Agrave": 0xC0, "Alpha": 0x391, "Aring": 0xC5, "Atilde": 0xC3,
        "Auml": 0xC4, "Beta": 0x392, "Ccedil": 0xC7, "Chi": 0x3A7, "Dagger": 0x2021, "Delta": 0x394, "ETH": 0xD0,
        "Eacute": 0xC9, "Ecirc": 0xCA, "Egrave": 0xC8, "Epsilon": 0x395, "Eta": 0x397, "Euml": 0xCB, "Gamma": 0x393,
        "Iacute": 0xCD, "Icirc": 0xCE, "Igrave": 0xCC, "Iota": 0x399, "Iuml": 0xCF, "Kappa": 0x39A, "Lambda": 0x39B,
        "Mu": 0x39C, "Ntilde": 0xD1, "Nu": 0x39D, "OElig": 0x152, "Oacute": 0xD3, "Ocirc": 0xD4, "Ograve": 0xD2,
        "Omega": 0x3A9, "Omicron": 0x39F, "Oslash": 0xD8, "Otilde": 0xD5, "Ouml": 0xD6, "Phi": 0x3A6, "Pi": 0x3A0,
        "Prime": 0x2033, "Psi": 0x3A8, "Rho": 0x3A1, "Scaron": 0x160, "Sigma": 0x3A3, "THORN": 0xDE, "Tau": 0x3A4,
        "Theta": 0x398, "Uacute": 0xDA, "Ucirc": 0xDB, "Ugrave": 0xD9, "Upsilon": 0x3A5, "Uuml": 0xDC, "Xi": 0x39E,
        "Yacute": 0xDD, "Yuml": 0x178, "Zeta": 0x396, "aacute": 0xE1, "acirc": 0xE2, "acute": 0xB4, "aelig": 0xE6,
        "agrave": 0xE0, "alefsym": 0x2135, "alpha": 0x3B1, "amp": 0x26, "and": 0x2227, "ang": 0x2220, "aring": 0xE5,
        "asymp": 0x2248, "atilde": 0xE3, "auml": 0xE4, "bdquo": 0x201E, "beta": 0x3B2, "brvbar": 0xA6, "bull": 0x2022,
        "cap": 0x2229, "ccedil": 0xE7, "cedil": 0xB8, "cent": 0xA2, "chi": 0x3C7, "circ": 0x2C6, "clubs": 0x2663,
        "cong": 0x2245, "copy": 0xA9, "crarr": 0x21B5, "cup": 0x222A, "curren": 0xA4, "dArr": 0x21D3, "dagger": 0x2020,
        "darr": 0x2193, "deg": 0xB0, "delta": 0x3B4, "diams": 0x2666, "divide": 0xF7, "eacute": 0xE9, "ecirc": 0xEA,
        "egrave": 0xE8, "empty": 0x2205, "emsp": 0x2003, "ensp": 0x2002, "epsilon": 0x3B5, "equiv": 0x2261,
        "eta": 0x3B7, "eth": 0xF0, "euml": 0xEB, "euro": 0x20AC, "exist": 0x2203, "fnof": 0x192, "forall": 0x2200,
        "frac12": 0xBD, "frac14": 0xBC, "frac34": 0xBE, "frasl": 0x2044, "gamma": 0x3B3, "ge": 0x2265, "gt": 0x3E,
        "hArr": 0x21D4, "harr": 0x2194, "hearts": 0x2665, "hellip": 0x2026, "iacute": 0xED, "icirc": 0xEE,
        "iexcl": 0xA1, "igrave": 0xEC, "image": 0x2111, "infin": 0x221E, "int": 0x222B, "iota": 0x3B9, "iquest": 0xBF,
        "isin": 0x2208, "iuml": 0xEF, "kappa": 0x3BA, "lArr": 0x21D0, "lambda": 0x3BB, "lang": 0x2329, "laquo": 0xAB,
        "larr": 0x2190, "lceil": 0x2308, "ldquo": 0x201C, "le": 0x2264, "lfloor": 0x230A, "lowast": 0x2217,
        "loz": 0x25CA, "lrm": 0x200E, "lsaquo": 0x2039, "lsquo": 0x2018, "lt": 0x3C, "macr": 0xAF, "mdash": 0x2014,
        "micro": 0xB5, "middot": 0xB7, "minus": 0x2212, "mu": 0x3BC, "nabla": 0x2207, "nbsp": 0xA0, "ndash": 0x2013,
        "ne": 0x2260, "ni": 0x220B, "not": 0xAC, "notin": 0x2209, "nsub": 0x2284, "ntilde": 0xF1, "nu": 0x3BD,
        "oacute": 0xF3, "ocirc": 0xF4, "oelig": 0x153, "ograve": 0xF2, "oline": 0x203E, "omega": 0x3C9,
        "omicron": 0x3BF, "oplus": 0x2295, "or": 0x2228, "ordf": 0xAA, "ordm": 0xBA, "oslash": 0xF8, "otilde": 0xF5,
        "otimes": 0x2297, "ouml": 0xF6, "para": 0xB6, "part": 0x2202, "permil": 0x2030, "perp": 0x22A5, "phi": 0x3C6,
        "pi": 0x3C0, "piv": 0x3D6, "plusmn": 0xB1, "pound": 0xA3, "prime": 0x2032, "prod": 0x220F, "prop": 0x221D,
        "psi": 0x3C8, "quot": 0x22, "rArr": 0x21D2, "radic": 0x221A, "rang": 0x232A, "raquo": 0xBB, "rarr": 0x2192,
        "rceil": 0x2309, "rdquo": 0x201D, "real": 0x211C, "reg": 0xAE, "rfloor": 0x230B, "rho": 0x3C1, "rlm": 0x200F,
        "rsaquo": 0x203A, "rsquo": 0x2019, "sbquo": 0x201A, "scaron": 0x161, "sdot": 0x22C5, "sect": 0xA7, "shy": 0xAD,
        "sigma": 0x3C3, "sigmaf": 0x3C2, "sim": 0x223C, "spades": 0x2660, "sub": 0x2282, "sube": 0x2286, "sum": 0x2211,
        "sup": 0x2283, "sup1": 0xB9, "sup2": 0xB2, "sup3": 0xB3, "supe": 0x2287, "szlig": 0xDF, "tau": 0x3C4,
        "there4": 0x2234, "theta": 0x3B8, "thetasym": 0x3D1, "thinsp": 0x2009, "thorn": 0xFE, "tilde": 0x2DC,
        "times": 0xD7, "trade": 0x2122, "uArr": 0x21D1, "uacute": 0xFA, "uarr": 0x2191, "ucirc": 0xFB, "ugrave": 0xF9,
        "uml": 0xA8, "upsih": 0x3D2, "upsilon": 0x3C5, "uuml": 0xFC, "weierp": 0x2118, "xi": 0x3BE, "yacute": 0xFD,
        "yen": 0xA5, "yuml": 0xFF, "zeta": 0x3B6, "zwj": 0x200D, "zwnj": 0x200C,
    ]

    // MARK: Access to rawdata by Python's rules

    private func text(_ start: Int, _ end: Int) -> String {
        let start = min(max(0, start), rawdata.length)
        return rawdata.substring(with: NSRange(location: start, length: max(0, min(end, rawdata.length) - start)))
    }

    private func text(_ range: NSRange) -> String {
        range.location == NSNotFound ? "" : rawdata.substring(with: range)
    }

    private func starts(with prefix: String, at index: Int) -> Bool {
        let length = (prefix as NSString).length
        return index >= 0 && index + length <= rawdata.length && text(index, index + length) == prefix
    }

    /// `str.find`: the first `needle` at or after `index`, or -1.
    private func find(_ needle: String, from index: Int) -> Int {
        guard index <= rawdata.length else { return -1 }
        let found = rawdata.range(of: needle, options: .literal, range: NSRange(location: index, length: rawdata.length - index))
        return found.location == NSNotFound ? -1 : found.location
    }

    /// `pattern.match(rawdata, index)`: anchored at `index`; look-behind may
    /// see what comes before it, as in Python.
    private func match(_ pattern: NSRegularExpression, at index: Int) -> NSTextCheckingResult? {
        guard index <= rawdata.length else { return nil }
        return pattern.firstMatch(
            in: rawdata as String, options: [.anchored, .withTransparentBounds],
            range: NSRange(location: index, length: rawdata.length - index))
    }

    /// `pattern.search(rawdata, index)`.
    private func search(_ pattern: NSRegularExpression, from index: Int) -> NSTextCheckingResult? {
        guard index <= rawdata.length else { return nil }
        return pattern.firstMatch(
            in: rawdata as String, options: [.withTransparentBounds],
            range: NSRange(location: index, length: rawdata.length - index))
    }
}

extension String {
    /// Python's `str.strip()`, `lstrip()` or `rstrip()` without arguments.
    fileprivate func trimmingPythonSpaces(leading: Bool = true, trailing: Bool = true) -> String {
        var scalars = Substring(self).unicodeScalars[...]
        if leading { scalars = scalars.drop { pythonSpaces.contains($0) } }
        if trailing {
            while let last = scalars.last, pythonSpaces.contains(last) { scalars = scalars.dropLast() }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// normalize.py's `whitespace_re.sub(' ', data)`.
    fileprivate func collapsingPythonSpaces() -> String {
        var result = String.UnicodeScalarView()
        var inSpace = false
        for scalar in unicodeScalars {
            if pythonSpaces.contains(scalar) {
                if !inSpace { result.append(" ") }
                inSpace = true
            } else {
                result.append(scalar)
                inSpace = false
            }
        }
        return String(result)
    }
}
