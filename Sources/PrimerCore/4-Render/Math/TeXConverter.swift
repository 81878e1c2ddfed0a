import Foundation
import PrimerFigures

/// Converts TeX math to MathML Core, which current browsers render natively:
/// no JavaScript, no fonts to download.
///
/// The converter is strict: an unknown command, an unbalanced brace or a
/// misplaced `&` is an error at its offset in the TeX, never silently wrong
/// output. The TeX is kept as an `application/x-tex` annotation, so readers
/// can copy it.
struct TeXConverter {
    struct Failure: Error, Equatable {
        /// The UTF-8 offset in the TeX where the problem is.
        var offset: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private let display: Bool

    private init(_ tex: String, display: Bool) {
        bytes = Array(tex.utf8)
        self.display = display
    }

    /// The `<math>` element for `tex`.
    static func convert(_ tex: String, display: Bool) throws(Failure) -> String {
        var converter = TeXConverter(tex, display: display)
        let body = try converter.expression(until: [])
        if converter.index < converter.bytes.count {
            throw Failure(offset: converter.index, message: "unexpected '\(converter.character(at: converter.index))'")
        }
        let annotation =
            "<annotation encoding=\"application/x-tex\">\(tex.trimmingCharacters(in: .whitespacesAndNewlines).escapedAsMarkupText)</annotation>"
        return "<math\(display ? " display=\"block\"" : "")><semantics><mrow>\(body)</mrow>\(annotation)</semantics></math>"
    }

    // MARK: Reading

    private enum Stop: Hashable {
        case closeBrace, rightDelimiter, end(String), ampersand, newRow, closeBracket
        /// Any `\end{…}`: an environment checks the name itself.
        case anyEnd

        var isEnd: Bool {
            if case .end = self { true } else { false }
        }
    }

    /// One piece of the output, with what scripts attach to it need to know.
    private struct Item {
        var mathML: String
        /// Limits go under and over (display math), not at the side.
        var limitsUnderOver = false
        /// Output after the scripts: the function-application operator that
        /// follows a function name (`\sin^2 x`).
        var trailing = ""
    }

    /// Reads items until one of `stops` (or the end) and returns their MathML.
    private mutating func expression(until stops: Set<Stop>) throws(Failure) -> String {
        var items: [Item] = []
        while true {
            skipSpaces()
            guard index < bytes.count else { break }
            if let stop = try peekStop(), stops.contains(stop) || (stops.contains(.anyEnd) && stop.isEnd) { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "^") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "'") {
                let base = items.popLast() ?? Item(mathML: "<mrow></mrow>")
                items.append(try scripts(on: base))
                continue
            }
            items.append(try atom(stops: stops))
        }
        return items.map { $0.mathML + $0.trailing }.joined()
    }

    /// Reads superscripts, subscripts and primes after `base`.
    private mutating func scripts(on base: Item) throws(Failure) -> Item {
        var lower: String?
        var upper: String?
        var primes = ""
        while index < bytes.count {
            skipSpaces()
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "'"):
                primes += "′"
                index += 1
            case UInt8(ascii: "_"):
                if lower != nil { throw Failure(offset: index, message: "double subscript; use braces: x_{a_b}") }
                index += 1
                lower = try argument().mathML
            case UInt8(ascii: "^"):
                if upper != nil { throw Failure(offset: index, message: "double superscript; use braces: x^{a^b}") }
                index += 1
                upper = try argument().mathML
            default:
                return attach(base, lower: lower, upper: upper, primes: primes)
            }
        }
        return attach(base, lower: lower, upper: upper, primes: primes)
    }

    private func attach(_ base: Item, lower: String?, upper: String?, primes: String) -> Item {
        var attached = attachScripts(base, lower: lower, upper: upper, primes: primes)
        attached.trailing = base.trailing
        return attached
    }

    private func attachScripts(_ base: Item, lower: String?, upper: String?, primes: String) -> Item {
        let up = [primes.isEmpty ? nil : "<mo>\(primes)</mo>", upper].compactMap { $0 }.joined()
        let sup = up.isEmpty ? nil : "<mrow>\(up)</mrow>"
        let sub = lower.map { "<mrow>\($0)</mrow>" }
        let under = base.limitsUnderOver && display
        switch (sub, sup) {
        case let (sub?, sup?):
            return Item(
                mathML: under ? "<munderover>\(base.mathML)\(sub)\(sup)</munderover>" : "<msubsup>\(base.mathML)\(sub)\(sup)</msubsup>")
        case let (sub?, nil): return Item(mathML: under ? "<munder>\(base.mathML)\(sub)</munder>" : "<msub>\(base.mathML)\(sub)</msub>")
        case let (nil, sup?): return Item(mathML: under ? "<mover>\(base.mathML)\(sup)</mover>" : "<msup>\(base.mathML)\(sup)</msup>")
        case (nil, nil): return base
        }
    }

    /// A braced group or a single token, as the argument of a command or script.
    private mutating func argument() throws(Failure) -> Item {
        skipSpaces()
        guard index < bytes.count else { throw Failure(offset: index, message: "missing argument at the end of the formula") }
        if bytes[index] == UInt8(ascii: "{") {
            let open = index
            index += 1
            let body = try expression(until: [.closeBrace])
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else {
                throw Failure(offset: open, message: "unbalanced brace: this '{' is never closed")
            }
            index += 1
            return Item(mathML: "<mrow>\(body)</mrow>")
        }
        let item = try atom(stops: [])
        return Item(mathML: item.mathML + item.trailing)
    }

    /// The text of a braced argument, unparsed (for `\text`, `\operatorname`, `\begin`).
    private mutating func rawArgument() throws(Failure) -> String {
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            throw Failure(offset: index, message: "expected '{'")
        }
        let open = index
        var depth = 0
        var start = index + 1
        repeat {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: "{") { depth += 1 }
            if bytes[index] == UInt8(ascii: "}") { depth -= 1 }
            index += 1
        } while index < bytes.count && depth > 0
        guard depth == 0 else { throw Failure(offset: open, message: "unbalanced brace: this '{' is never closed") }
        start = min(start, index - 1)
        return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
    }

    private mutating func atom(stops: Set<Stop>) throws(Failure) -> Item {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "{"):
            return try argument()
        case UInt8(ascii: "}"):
            throw Failure(offset: index, message: "unbalanced brace: '}' without a matching '{'")
        case UInt8(ascii: "&"):
            throw Failure(offset: index, message: "'&' outside a matrix or aligned environment")
        case UInt8(ascii: "\\"):
            return try command(stops: stops)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
            let start = index
            while index < bytes.count,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
                    || (bytes[index] == UInt8(ascii: ".") && index + 1 < bytes.count
                        && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1]))
            {
                index += 1
            }
            if index == start {
                index += 1
                return Item(mathML: "<mo>.</mo>")
            }
            return Item(mathML: "<mn>\(String(decoding: bytes[start..<index], as: UTF8.self))</mn>")
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            index += 1
            return Item(mathML: "<mi>\(Character(Unicode.Scalar(byte)))</mi>")
        case UInt8(ascii: "~"):
            index += 1
            return Item(mathML: "<mspace width=\"0.3333em\"></mspace>")
        case UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "$"):
            throw Failure(
                offset: index, message: "'\(Character(Unicode.Scalar(byte)))' must be escaped as '\\\(Character(Unicode.Scalar(byte)))'")
        default:
            let character = nextCharacter()
            if character == "-" { return Item(mathML: "<mo>−</mo>") }
            if character.isLetter { return Item(mathML: "<mi>\(String(character).escapedAsMarkupText)</mi>") }
            if character.isNumber { return Item(mathML: "<mn>\(String(character))</mn>") }
            let fence = "()[]|/".contains(character) ? " stretchy=\"false\"" : ""
            return Item(mathML: "<mo\(fence)>\(String(character).escapedAsMarkupText)</mo>")
        }
    }

    private mutating func command(stops: Set<Stop>) throws(Failure) -> Item {
        let start = index
        index += 1
        guard index < bytes.count else { throw Failure(offset: start, message: "a formula cannot end with '\\'") }
        let name: String
        if isLetter(bytes[index]) {
            let nameStart = index
            while index < bytes.count, isLetter(bytes[index]) { index += 1 }
            name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        } else {
            name = String(nextCharacter())
        }

        if let letter = TeXSymbols.greek[name] { return Item(mathML: "<mi>\(letter)</mi>") }
        if let letter = TeXSymbols.upperGreek[name] { return Item(mathML: "<mi mathvariant=\"normal\">\(letter)</mi>") }
        if let symbol = TeXSymbols.identifiers[name] { return Item(mathML: "<mi>\(symbol)</mi>") }
        if let symbol = TeXSymbols.operators[name] { return Item(mathML: "<mo>\(symbol.escapedAsMarkupText)</mo>") }
        if let symbol = TeXSymbols.largeOperators[name] {
            return Item(mathML: "<mo largeop=\"true\" movablelimits=\"true\">\(symbol)</mo>", limitsUnderOver: true)
        }
        if let symbol = TeXSymbols.integrals[name] { return Item(mathML: "<mo largeop=\"true\">\(symbol)</mo>") }
        if TeXSymbols.functions.contains(name) {
            return Item(
                mathML: "<mi>\(name)</mi>", limitsUnderOver: TeXSymbols.limitFunctions.contains(name), trailing: Self.functionApplication)
        }
        if let width = TeXSymbols.spaces[name] { return Item(mathML: "<mspace width=\"\(width)em\"></mspace>") }
        if let (mark, stretchy) = TeXSymbols.accents[name] {
            let base = try argument()
            return Item(mathML: "<mover accent=\"true\">\(base.mathML)<mo stretchy=\"\(stretchy)\">\(mark)</mo></mover>")
        }
        if TeXSymbols.fonts.contains(name) {
            let text = try rawArgument()
            return Item(mathML: try styled(text, font: name, offset: start))
        }
        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = try argument()
            let denominator = try argument()
            let fraction = "<mfrac>\(numerator.mathML)\(denominator.mathML)</mfrac>"
            if name == "dfrac" { return Item(mathML: "<mstyle displaystyle=\"true\">\(fraction)</mstyle>") }
            if name == "tfrac" { return Item(mathML: "<mstyle displaystyle=\"false\">\(fraction)</mstyle>") }
            return Item(mathML: fraction)
        case "binom":
            let n = try argument()
            let k = try argument()
            return Item(mathML: "<mrow><mo>(</mo><mfrac linethickness=\"0\">\(n.mathML)\(k.mathML)</mfrac><mo>)</mo></mrow>")
        case "sqrt":
            skipSpaces()
            if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                index += 1
                let degree = try expression(until: [.closeBracket])
                guard index < bytes.count else { throw Failure(offset: start, message: "unclosed '[' in \\sqrt[…]") }
                index += 1
                let radicand = try argument()
                return Item(mathML: "<mroot>\(radicand.mathML)<mrow>\(degree)</mrow></mroot>")
            }
            return Item(mathML: "<msqrt>\(try argument().mathML)</msqrt>")
        case "text", "mbox", "textnormal":
            return Item(mathML: "<mtext>\(try rawArgument().replacingOccurrences(of: "\\", with: "").escapedAsMarkupText)</mtext>")
        case "operatorname":
            let text = try rawArgument()
            return Item(mathML: "<mi>\(text.escapedAsMarkupText)</mi>", trailing: Self.functionApplication)
        case "left":
            return try delimited(start: start)
        case "right":
            throw Failure(offset: start, message: "\\right without a matching \\left")
        case "middle":
            return Item(mathML: "<mo stretchy=\"true\">\(try delimiter(after: start).escapedAsMarkupText)</mo>")
        case "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm":
            let size =
                ["big": 1.2, "Big": 1.623, "bigg": 2.047, "Bigg": 2.470][String(name.prefix { $0 != "l" && $0 != "r" && $0 != "m" })] ?? 1.2
            let symbol = try delimiter(after: start)
            return Item(mathML: "<mo minsize=\"\(size)em\" maxsize=\"\(size)em\">\(symbol.escapedAsMarkupText)</mo>")
        case "displaystyle", "textstyle":
            let rest = try expression(until: stops.union([.closeBrace, .rightDelimiter, .ampersand, .newRow]))
            return Item(mathML: "<mstyle displaystyle=\"\(name == "displaystyle")\">\(rest)</mstyle>")
        case "limits", "nolimits":
            return Item(mathML: "")
        case "underbrace", "overbrace":
            let base = try argument()
            let brace = name == "underbrace" ? "⏟" : "⏞"
            let tag = name == "underbrace" ? "munder" : "mover"
            return Item(mathML: "<\(tag)>\(base.mathML)<mo stretchy=\"true\">\(brace)</mo></\(tag)>", limitsUnderOver: true)
        case "not":
            let next = try atom(stops: [])
            return Item(mathML: next.mathML.replacingOccurrences(of: "</mo>", with: "\u{338}</mo>"))
        case "begin":
            return try environment(start: start)
        case "end":
            throw Failure(offset: start, message: "\\end without a matching \\begin")
        case "\\":
            throw Failure(offset: start, message: "'\\\\' (a new line) outside a matrix or aligned environment")
        case "label":
            throw Failure(
                offset: start, message: "unknown command '\\label'; label a display equation with {#eq-name} after its closing $$")
        default:
            throw Failure(offset: start, message: "unknown command '\\\(name)'")
        }
    }

    /// `\left( … \right)`: fences that stretch around their content.
    private mutating func delimited(start: Int) throws(Failure) -> Item {
        let open = try delimiter(after: start)
        let body = try expression(until: [.rightDelimiter])
        guard index < bytes.count else { throw Failure(offset: start, message: "\\left without a matching \\right") }
        let rightStart = index
        index += "\\right".utf8.count
        let close = try delimiter(after: rightStart)
        let fenceOpen = open.isEmpty ? "" : "<mo fence=\"true\" form=\"prefix\">\(open.escapedAsMarkupText)</mo>"
        let fenceClose = close.isEmpty ? "" : "<mo fence=\"true\" form=\"postfix\">\(close.escapedAsMarkupText)</mo>"
        return Item(mathML: "<mrow>\(fenceOpen)\(body)\(fenceClose)</mrow>")
    }

    /// The delimiter after `\left`, `\right` or `\big`; `.` is none.
    private mutating func delimiter(after start: Int) throws(Failure) -> String {
        skipSpaces()
        guard index < bytes.count else { throw Failure(offset: start, message: "missing delimiter") }
        if bytes[index] == UInt8(ascii: "\\") {
            let commandStart = index
            index += 1
            var name = ""
            while index < bytes.count, isLetter(bytes[index]) {
                name.append(Character(Unicode.Scalar(bytes[index])))
                index += 1
            }
            if name.isEmpty, index < bytes.count { name = String(nextCharacter()) }
            guard let symbol = TeXSymbols.operators[name] else {
                throw Failure(offset: commandStart, message: "'\\\(name)' is not a delimiter")
            }
            return symbol
        }
        let character = nextCharacter()
        guard "()[]|./<>".contains(character) else { throw Failure(offset: index - 1, message: "'\(character)' is not a delimiter") }
        return character == "." ? "" : character == "<" ? "⟨" : character == ">" ? "⟩" : String(character)
    }

    /// `\begin{pmatrix} … \end{pmatrix}` and the other environments.
    private mutating func environment(start: Int) throws(Failure) -> Item {
        let name = try rawArgument()
        guard let fences = TeXSymbols.environments[name] else {
            throw Failure(offset: start, message: "unknown environment '\(name)'")
        }
        if name == "array" { _ = try rawArgument() }  // the column specification
        var rows: [[String]] = [[]]
        while true {
            let cell = try expression(until: [.ampersand, .newRow, .anyEnd])
            rows[rows.count - 1].append(cell)
            guard index < bytes.count else { throw Failure(offset: start, message: "\\begin{\(name)} without a matching \\end{\(name)}") }
            switch try peekStop() {
            case .ampersand:
                index += 1
            case .newRow:
                index += 2
                rows.append([])
            case .end(let ended):
                guard ended == name else { throw Failure(offset: index, message: "\\end{\(ended)} does not match \\begin{\(name)}") }
                index += "\\end".utf8.count
                _ = try rawArgument()
                if rows.count > 1, rows[rows.count - 1].allSatisfy(\.isEmpty) { rows.removeLast() }
                return Item(mathML: table(rows, environment: name, fences: fences))
            default:
                throw Failure(offset: index, message: "unexpected text in \\begin{\(name)}")
            }
        }
    }

    private func table(_ rows: [[String]], environment: String, fences: (open: String, close: String)) -> String {
        let aligned = ["aligned", "align", "align*", "split"].contains(environment)
        var table = "<mtable\(aligned || environment == "cases" ? " displaystyle=\"\(aligned)\"" : "")>"
        for row in rows {
            table += "<mtr>"
            for (column, cell) in row.enumerated() {
                // Aligned equations: right, left, right, left…; cases: left.
                let alignment = aligned ? (column % 2 == 0 ? "right" : "left") : environment == "cases" ? "left" : "center"
                let style = alignment == "center" ? "" : " style=\"text-align: \(alignment)\""
                table += "<mtd\(style)>\(cell)</mtd>"
            }
            table += "</mtr>"
        }
        table += "</mtable>"
        let open = fences.open.isEmpty ? "" : "<mo fence=\"true\" form=\"prefix\">\(fences.open)</mo>"
        let close = fences.close.isEmpty ? "" : "<mo fence=\"true\" form=\"postfix\">\(fences.close)</mo>"
        return "<mrow>\(open)\(table)\(close)</mrow>"
    }

    /// Letters in a font: bold, double-struck… as Unicode mathematical
    /// alphanumerics (MathML Core has no `mathvariant` beyond `normal`).
    private func styled(_ text: String, font: String, offset: Int) throws(Failure) -> String {
        var result = ""
        for character in text where !character.isWhitespace {
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
                result += String(character)
                continue
            }
            result += String(Self.mathAlphanumeric(scalar, font: font))
        }
        if text.unicodeScalars.contains(where: { $0 == "\\" }) {
            throw Failure(offset: offset, message: "commands inside \\\(font){…} are not supported")
        }
        switch font {
        case "mathrm", "textrm", "mathsf", "mathtt":
            return "<mi mathvariant=\"normal\">\(result.escapedAsMarkupText)</mi>"
        default:
            return result.count == 1
                ? "<mi>\(result.escapedAsMarkupText)</mi>" : "<mi mathvariant=\"normal\">\(result.escapedAsMarkupText)</mi>"
        }
    }

    private static func mathAlphanumeric(_ scalar: Unicode.Scalar, font: String) -> Character {
        let value = scalar.value
        let isUpper = (0x41...0x5A).contains(value)
        let isLower = (0x61...0x7A).contains(value)
        let isDigit = (0x30...0x39).contains(value)
        var mapped: UInt32?
        switch font {
        case "mathbf", "textbf", "boldsymbol":
            if isUpper {
                mapped = 0x1D400 + value - 0x41
            } else if isLower {
                mapped = 0x1D41A + value - 0x61
            } else if isDigit {
                mapped = 0x1D7CE + value - 0x30
            }
        case "mathit", "textit":
            if value == 0x68 {
                mapped = 0x210E
            } else if isUpper {
                mapped = 0x1D434 + value - 0x41
            } else if isLower {
                mapped = 0x1D44E + value - 0x61
            }
        case "mathbb":
            let special: [UInt32: UInt32] = [
                0x43: 0x2102, 0x48: 0x210D, 0x4E: 0x2115, 0x50: 0x2119, 0x51: 0x211A, 0x52: 0x211D, 0x5A: 0x2124,
            ]
            if let s = special[value] {
                mapped = s
            } else if isUpper {
                mapped = 0x1D538 + value - 0x41
            } else if isLower {
                mapped = 0x1D552 + value - 0x61
            } else if isDigit {
                mapped = 0x1D7D8 + value - 0x30
            }
        case "mathcal":
            let special: [UInt32: UInt32] = [
                0x42: 0x212C, 0x45: 0x2130, 0x46: 0x2131, 0x48: 0x210B, 0x49: 0x2110, 0x4C: 0x2112, 0x4D: 0x2133, 0x52: 0x211B,
            ]
            if let s = special[value] { mapped = s } else if isUpper { mapped = 0x1D49C + value - 0x41 }
        default:
            break
        }
        return Character(mapped.flatMap(Unicode.Scalar.init) ?? scalar)
    }

    // MARK: Lexing

    private mutating func peekStop() throws(Failure) -> Stop? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "}"): return .closeBrace
        case UInt8(ascii: "]"): return .closeBracket
        case UInt8(ascii: "&"): return .ampersand
        case UInt8(ascii: "\\"):
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") { return .newRow }
            if starts(with: "\\right"), !(index + 6 < bytes.count && isLetter(bytes[index + 6])) { return .rightDelimiter }
            if starts(with: "\\end"), !(index + 4 < bytes.count && isLetter(bytes[index + 4])) {
                var probe = self
                probe.index += 4
                return .end((try? probe.rawArgument()) ?? "")
            }
            return nil
        default: return nil
        }
    }

    private func starts(with text: String) -> Bool {
        bytes[index...].starts(with: text.utf8)
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// The invisible operator after a function name, with TeX's thin space after it.
    private static let functionApplication = "<mo lspace=\"0\" rspace=\"0.1667em\">&#x2061;</mo>"

    private mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 || bytes[index] == 0x0D {
            index += 1
        }
    }

    /// The Unicode character at `index`, advancing past it.
    private mutating func nextCharacter() -> Character {
        let character = self.character(at: index)
        index += String(character).utf8.count
        return character
    }

    private func character(at offset: Int) -> Character {
        var iterator = bytes[offset...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        if case .valid(let encoded) = parser.parseScalar(from: &iterator) {
            return Character(Unicode.UTF8.decode(encoded))
        }
        return "\u{FFFD}"
    }
}
