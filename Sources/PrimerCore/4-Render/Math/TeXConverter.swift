import Foundation
import PrimerFigures

/// Converts TeX math to MathML Core, which current browsers render natively.
///
/// It reads TeX as TeX does: a single token (one digit, one letter, one
/// command) is an argument, so `\frac12` is ½ and `x^12` is x¹2; every
/// atom has TeX's class (ord, op, bin, rel, open, close, punct, inner), and
/// the space between two atoms is TeX's (The TeXbook, chapter 18), written
/// as explicit `lspace`/`rspace` on operators so that no browser's operator
/// dictionary changes it; fonts apply to the parsed content, letter by letter.
///
/// The converter is strict: an unknown command, an unbalanced brace or a
/// misplaced `&` is an error at its offset in the TeX, never silently wrong
/// output. The TeX is kept as an `application/x-tex` annotation.
struct TeXConverter {
    struct Failure: Error, Equatable {
        /// The UTF-8 offset in the TeX where the problem is.
        var offset: Int
        var message: String
    }

    /// A converted formula: its `<math>` element, and the number shown
    /// beside it when the whole equation has one (several rows of an
    /// `align` carry theirs inside the MathML).
    struct Converted: Equatable {
        var mathML: String
        /// The number as shown, e.g. "(3)".
        var number: String?
        /// The `id` of the equation, when it has one label for the whole.
        var label: String?
    }

    /// The `<math>` element for `tex`; tags are shown, nothing is numbered.
    static func convert(_ tex: String, display: Bool) throws(Failure) -> String {
        var numbers = EquationNumbers()
        return try convert(tex, display: display, label: nil, numbers: &numbers).mathML
    }

    /// The `<math>` element for `tex`, numbered from `numbers` as LaTeX
    /// numbers it: an `equation`, each row of an `align`, `gather` or
    /// `alignat`, the last line of a `multline`, and any display formula
    /// with a label (`{#eq-name}`, passed as `label`, or `\label{…}`); not
    /// starred environments, nor rows with `\notag`/`\nonumber`. `\tag{…}`
    /// gives a row its own number.
    static func convert(_ tex: String, display: Bool, label: String?, numbers: inout EquationNumbers) throws(Failure) -> Converted {
        var converter = TeXConverter(tex, display: display)
        let list = try converter.list(until: [], style: display ? .display : .text)
        if converter.index < converter.bytes.count {
            throw Failure(offset: converter.index, message: "unexpected '\(converter.character(at: converter.index))'")
        }
        var body = converter.render(list, style: display ? .display : .text)
        var converted = Converted(mathML: "")
        let hadNumberCells = body.contains(Self.numberCell)
        if let rows = converter.numberedRows, hadNumberCells {
            // Rows were numbered by their environment.
            body = try converter.numberRows(body, rows: rows, outerLabel: label, numbers: &numbers)
        } else if display {
            // One number for the whole: an `equation`, or a formula with a tag or label.
            var row = converter.numberedRows?.first ?? RowNumbering()
            for part in [converter.topLevelRow] {
                if part.suppressed { (row.suppressed, row.suppressedAt) = (true, part.suppressedAt) }
                if let tag = part.tag { row.tag = row.tag ?? tag }
                if let inner = part.label {
                    if row.label != nil { throw Failure(offset: 0, message: "the equation has two labels") }
                    row.label = inner
                }
            }
            let labels = [label, row.label].compactMap { $0 }
            if labels.count > 1 { throw Failure(offset: 0, message: "the equation has two labels: \(labels.joined(separator: " and "))") }
            if row.suppressed && (!labels.isEmpty || row.tag != nil) {
                throw Failure(offset: row.suppressedAt, message: "a labelled or tagged equation cannot be \\notag")
            }
            if row.tag != nil || !labels.isEmpty || (row.numbered && !row.suppressed) {
                converted.number = numbers.assign(label: labels.first, tag: row.tag)
                converted.label = labels.first
            }
        } else if converter.topLevelRow.tag != nil || converter.topLevelRow.label != nil {
            throw Failure(offset: 0, message: "\\tag and \\label belong to display equations ($$…$$)")
        }
        let annotation =
            "<annotation encoding=\"application/x-tex\">\(tex.trimmingCharacters(in: .whitespacesAndNewlines).escapedAsMarkupText)</annotation>"
        // A table with row numbers spans the line, and so must what holds it.
        let fullWidth = body.contains("class=\"equation-number\"") || hadNumberCells ? " style=\"width: 100%\"" : ""
        converted.mathML =
            "<math\(display ? " display=\"block\"" : "")><semantics\(fullWidth)><mrow\(fullWidth)>\(body)</mrow>\(annotation)</semantics></math>"
        return converted
    }

    // MARK: State

    private let bytes: [UInt8]
    private var index = 0
    private let display: Bool
    /// The font letters and digits are set in (`\mathbf{…}` sets it for its argument).
    private var font: MathFont?
    /// `\tag`, `\label` and `\notag` outside any numbered environment.
    private var topLevelRow = RowNumbering()
    /// Rows of the outermost numbered environment (`align`, …), in order.
    private var numberedRows: [RowNumbering]?
    /// The numbering of the row being read, inside a numbered environment.
    private var currentRow: RowNumbering?

    private init(_ tex: String, display: Bool) {
        bytes = Array(tex.utf8)
        self.display = display
    }

    /// What a row says about its number.
    struct RowNumbering: Equatable {
        /// Numbered by its environment (unless suppressed).
        var numbered = false
        var suppressed = false
        var suppressedAt = 0
        var tag: String?
        var label: String?
    }

    // MARK: Atoms

    /// TeX's styles: they decide sizes (the browser's part) and which
    /// spaces and limits apply (ours).
    fileprivate enum Style: Int {
        case display, text, script, scriptScript

        var isScript: Bool { self == .script || self == .scriptScript }
        var superscript: Style { self == .display || self == .text ? .script : .scriptScript }
        var fraction: Style {
            switch self {
            case .display: .text
            case .text: .script
            default: .scriptScript
            }
        }
    }

    fileprivate enum Limits {
        case automatic, always, never
    }

    /// One atom of a math list, ready to render once its neighbours are known.
    fileprivate struct Atom {
        var atomClass: AtomClass
        var body: Body
        var sub: String?
        var sup: String?
        var limits = Limits.never
        /// Rendered after the scripts: the invisible function application
        /// after a function name, which carries the space that follows it.
        var functionApplication = false

        enum Body {
            /// `<mo>`: spacing goes into its attributes.
            case op(text: String, attributes: String)
            /// Any other element.
            case element(String)
            /// Explicit space (`\,`): glue between atoms, not an atom.
            case space(String)
        }

        var isSpace: Bool {
            if case .space = body { true } else { false }
        }

        var endsWithOperator: Bool {
            if functionApplication { return true }
            if case .op = body { return true }
            return false
        }

        static func ord(_ mathML: String) -> Atom { Atom(atomClass: .ord, body: .element(mathML)) }
        static func op(_ text: String, _ atomClass: AtomClass, attributes: String = "") -> Atom {
            Atom(atomClass: atomClass, body: .op(text: text, attributes: attributes))
        }
    }

    // MARK: Reading

    private enum Stop: Hashable {
        case closeBrace, rightDelimiter, end, ampersand, newRow, closeBracket
    }

    /// How deeply lists (groups, arguments, environments) and atoms
    /// (scripts, `\sqrt\sqrt…`) may nest in one another. Reading recurses
    /// once a level, and a command's frame is large (about 35 KB in a debug
    /// build), so this bounds the stack; real formulas nest under 10 deep.
    static let nestingLimit = 50
    private var nesting = (lists: 0, atoms: 0)

    private func checkNesting() throws(Failure) {
        guard max(nesting.lists, nesting.atoms) <= Self.nestingLimit else {
            throw Failure(
                offset: index, message: "the formula nests more than \(Self.nestingLimit) levels deep (groups, scripts or environments)")
        }
    }

    /// Reads atoms until one of `stops` (or the end of the TeX).
    private mutating func list(until stops: Set<Stop>, style: Style) throws(Failure) -> [Atom] {
        nesting.lists += 1
        defer { nesting.lists -= 1 }
        try checkNesting()
        var atoms: [Atom] = []
        while true {
            skipSpaces()
            guard index < bytes.count else { break }
            if let stop = peekStop(), stops.contains(stop) { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "^") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "'") {
                let base = atoms.popLast() ?? .ord("<mrow></mrow>")
                atoms.append(try scripts(on: base, style: style))
                continue
            }
            if byte == UInt8(ascii: "\\"), let name = peekCommandName() {
                // Commands that change how the rest of the group is read.
                switch name {
                case "over", "choose", "atop", "above":
                    return [try infixFraction(name, numerator: atoms, stops: stops, style: style)]
                case "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle":
                    index += name.utf8.count + 1
                    let newStyle: Style = ["displaystyle": .display, "textstyle": .text, "scriptstyle": .script][name] ?? .scriptScript
                    let rest = try list(until: stops, style: newStyle)
                    let attributes =
                        newStyle == .display || newStyle == .text
                        ? "displaystyle=\"\(newStyle == .display)\""
                        : "displaystyle=\"false\" scriptlevel=\"\(newStyle == .script ? 1 : 2)\""
                    atoms.append(.ord("<mstyle \(attributes)>\(render(rest, style: newStyle))</mstyle>"))
                    return atoms
                case "color":
                    let start = index
                    index += name.utf8.count + 1
                    let color = try cssColor(try rawArgument(), at: start)
                    let rest = try list(until: stops, style: style)
                    atoms.append(.ord("<mrow style=\"color: \(color)\">\(render(rest, style: style))</mrow>"))
                    return atoms
                case "limits", "nolimits":
                    let start = index
                    index += name.utf8.count + 1
                    guard var last = atoms.popLast(), last.atomClass == .op else {
                        throw Failure(offset: start, message: "\\\(name) must follow a large operator such as \\sum or \\int")
                    }
                    last.limits = name == "limits" ? .always : .never
                    atoms.append(last)
                    continue
                default:
                    break
                }
            }
            atoms.append(try atom(style: style))
        }
        return atoms
    }

    /// Reads superscripts, subscripts and primes after `base`.
    private mutating func scripts(on base: Atom, style: Style) throws(Failure) -> Atom {
        var base = base
        var lower: String?
        var upper: String?
        var primes = 0
        while index < bytes.count {
            skipSpaces()
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "'"):
                if upper != nil { throw Failure(offset: index, message: "a prime after a superscript; write x'^2 or x^{\\prime 2}") }
                primes += 1
                index += 1
            case UInt8(ascii: "_"):
                if lower != nil || base.sub != nil { throw Failure(offset: index, message: "double subscript; use braces: x_{a_b}") }
                index += 1
                lower = try argument(style: style.superscript)
            case UInt8(ascii: "^"):
                if upper != nil || base.sup != nil { throw Failure(offset: index, message: "double superscript; use braces: x^{a^b}") }
                index += 1
                upper = try argument(style: style.superscript)
            default:
                return attach(&base, lower: lower, upper: upper, primes: primes)
            }
        }
        return attach(&base, lower: lower, upper: upper, primes: primes)
    }

    private func attach(_ base: inout Atom, lower: String?, upper: String?, primes: Int) -> Atom {
        let primeText = ["", "′", "″", "‴", "⁗"][min(primes, 4)]
        let prime = primes == 0 ? nil : "<mo lspace=\"0\" rspace=\"0\">\(primeText)</mo>"
        let sup = [prime, upper].compactMap { $0 }.joined()
        if let lower { base.sub = lower }
        if !sup.isEmpty { base.sup = sup }
        return base
    }

    /// A braced group or a single token, as the argument of a command or
    /// script, rendered in `style`.
    private mutating func argument(style: Style) throws(Failure) -> String {
        render(try argumentAtoms(style: style), style: style)
    }

    private mutating func argumentAtoms(style: Style) throws(Failure) -> [Atom] {
        skipSpaces()
        guard index < bytes.count else { throw Failure(offset: index, message: "missing argument at the end of the formula") }
        if bytes[index] == UInt8(ascii: "{") {
            let open = index
            index += 1
            let atoms = try list(until: [.closeBrace], style: style)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else {
                throw Failure(offset: open, message: "unbalanced brace: this '{' is never closed")
            }
            index += 1
            return atoms
        }
        if bytes[index] == UInt8(ascii: "}") { throw Failure(offset: index, message: "missing argument before '}'") }
        return [try atom(style: style, singleToken: true)]
    }

    /// The text of a braced argument, unparsed (`\begin{name}`, colours).
    private mutating func rawArgument() throws(Failure) -> String {
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            throw Failure(offset: index, message: "expected '{'")
        }
        let open = index
        var depth = 0
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
        return String(decoding: bytes[(open + 1)..<(index - 1)], as: UTF8.self)
    }

    /// An optional `[…]` argument, unparsed.
    private mutating func optionalRawArgument() throws(Failure) -> String? {
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        let open = index
        guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")) else {
            throw Failure(offset: open, message: "this '[' is never closed")
        }
        index = close + 1
        return String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
    }

    private mutating func atom(style: Style, singleToken: Bool = false) throws(Failure) -> Atom {
        nesting.atoms += 1
        defer { nesting.atoms -= 1 }
        try checkNesting()
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "{"):
            // A group is an ordinary atom holding its list.
            return .ord("<mrow>\(render(try argumentAtoms(style: style), style: style))</mrow>")
        case UInt8(ascii: "}"):
            throw Failure(offset: index, message: "unbalanced brace: '}' without a matching '{'")
        case UInt8(ascii: "&"):
            throw Failure(offset: index, message: "'&' outside a matrix or aligned environment")
        case UInt8(ascii: "\\"):
            return try command(style: style)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            index += 1
            if !singleToken {
                while index < bytes.count,
                    isDigit(bytes[index]) || (bytes[index] == UInt8(ascii: ".") && index + 1 < bytes.count && isDigit(bytes[index + 1]))
                {
                    index += 1
                }
            }
            return .ord(number(String(decoding: bytes[start..<index], as: UTF8.self)))
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            let start = index
            index += 1
            // Upright letters in a row read as one word: \mathrm{KL}, \operatorname{softmax}.
            if font == .roman && !singleToken {
                while index < bytes.count, isLetter(bytes[index]) { index += 1 }
            }
            return .ord(identifier(String(decoding: bytes[start..<index], as: UTF8.self)))
        case UInt8(ascii: "~"):
            index += 1
            return Atom(atomClass: .ord, body: .space(Self.space(0.3333)))
        case UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "$"):
            throw Failure(
                offset: index, message: "'\(Character(Unicode.Scalar(byte)))' must be escaped as '\\\(Character(Unicode.Scalar(byte)))'")
        default:
            return plainCharacter(nextCharacter())
        }
    }

    /// A character typed as it is: its TeX class decides its spacing.
    private func plainCharacter(_ character: Character) -> Atom {
        switch character {
        case "+": return .op("+", .bin)
        case "-", "−": return .op("−", .bin)
        case "*": return .op("∗", .bin)
        case "=", "<", ">", ":": return .op(String(character).escapedAsMarkupText, .rel)
        case ",", ";": return .op(String(character), .punct)
        case "(", "[": return .op(String(character), .open, attributes: " stretchy=\"false\"")
        case ")", "]": return .op(String(character), .close, attributes: " stretchy=\"false\"")
        case "!", "?": return .op(String(character), .close)
        case "|", "/": return .op(String(character), .ord, attributes: " stretchy=\"false\"")
        case ".": return .ord("<mo lspace=\"0\" rspace=\"0\">.</mo>")
        case "'": return .op("′", .ord)
        default:
            if let symbol = Self.symbolsByCharacter[character] {
                return symbol.isIdentifier ? .ord(identifier(symbol.character)) : .op(symbol.character, symbol.atomClass)
            }
            if let largeOperator = Self.largeOperatorCharacters[character] { return largeOperatorAtom(largeOperator) }
            if character.isLetter { return .ord(identifier(String(character))) }
            if character.isNumber { return .ord(number(String(character))) }
            return .op(String(character).escapedAsMarkupText, .ord)
        }
    }

    private static let symbolsByCharacter: [Character: TeXSymbol] = {
        var table: [Character: TeXSymbol] = [:]
        for symbol in TeXSymbols.symbols.values {
            if let character = symbol.character.first, symbol.character.count == 1, table[character] == nil {
                table[character] = symbol
            }
        }
        for letter in TeXSymbols.greek.values { table[Character(letter)] = .ord(letter) }
        for letter in TeXSymbols.upperGreek.values { table[Character(letter)] = .ord(letter) }
        return table
    }()

    private static let largeOperatorCharacters: [Character: String] = {
        var table: [Character: String] = [:]
        for (name, character) in TeXSymbols.largeOperators { table[Character(character)] = name }
        for (name, character) in TeXSymbols.integrals { table[Character(character)] = name }
        return table
    }()

    /// An identifier in the current font: `<mi>x</mi>`, `<mi>𝐱</mi>`.
    private func identifier(_ text: String) -> String {
        guard let font else { return "<mi>\(text.escapedAsMarkupText)</mi>" }
        if font == .roman {
            // MathML shows one letter in italic unless told otherwise.
            return text.count == 1 ? "<mi mathvariant=\"normal\">\(text.escapedAsMarkupText)</mi>" : "<mi>\(text.escapedAsMarkupText)</mi>"
        }
        // \boldsymbol keeps capital Greek upright, as TeX does.
        let letterFont =
            font == .boldItalic && text.unicodeScalars.allSatisfy({ (0x0391...0x03A9).contains($0.value) }) ? MathFont.bold : font
        let styled = String(text.map { letterFont.character(for: $0) ?? $0 })
        return styled.count == 1 && styled != text
            ? "<mi>\(styled.escapedAsMarkupText)</mi>" : "<mi mathvariant=\"normal\">\(styled.escapedAsMarkupText)</mi>"
    }

    private func number(_ digits: String) -> String {
        guard let font, font != .roman, font != .italic else { return "<mn>\(digits)</mn>" }
        return "<mn>\(String(digits.map { font.character(for: $0) ?? $0 }))</mn>"
    }

    private func largeOperatorAtom(_ name: String) -> Atom {
        let isIntegral = TeXSymbols.integrals[name] != nil
        let character = TeXSymbols.largeOperators[name] ?? TeXSymbols.integrals[name] ?? ""
        var atom = Atom.op(character, .op, attributes: display ? " largeop=\"true\"" : "")
        atom.limits = isIntegral ? .never : .automatic
        return atom
    }

    // MARK: Commands

    private mutating func command(style: Style) throws(Failure) -> Atom {
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
        // A star after a command name is part of it: \operatorname*, \tag*.
        let starred = index < bytes.count && bytes[index] == UInt8(ascii: "*") && ["operatorname", "tag", "hspace"].contains(name)
        if starred { index += 1 }

        if let letter = TeXSymbols.greek[name] { return .ord(identifier(letter)) }
        if let letter = TeXSymbols.upperGreek[name] {
            return .ord(font == nil ? "<mi mathvariant=\"normal\">\(letter)</mi>" : identifier(letter))
        }
        if let symbol = TeXSymbols.symbols[name] {
            // MathML would slant a lone ∇ (math-auto); TeX's is upright.
            if symbol.character == "∇" && font == nil { return .ord("<mi mathvariant=\"normal\">∇</mi>") }
            if symbol.isIdentifier { return .ord(identifier(symbol.character)) }
            let stretch = symbol.atomClass == .open || symbol.atomClass == .close || symbol.character == "|" || symbol.character == "‖"
            return .op(symbol.character.escapedAsMarkupText, symbol.atomClass, attributes: stretch ? " stretchy=\"false\"" : "")
        }
        if TeXSymbols.largeOperators[name] != nil || TeXSymbols.integrals[name] != nil { return largeOperatorAtom(name) }
        if let text = TeXSymbols.functions[name] {
            return functionName("<mi>\(text)</mi>", limits: TeXSymbols.limitFunctions.contains(name))
        }
        if let width = TeXSymbols.spaces[name] { return Atom(atomClass: .ord, body: .space(Self.space(width))) }
        if let accent = TeXSymbols.accents[name] {
            let base = try argument(style: style)
            let mark = "<mo stretchy=\"\(accent.stretchy)\" lspace=\"0\" rspace=\"0\">\(accent.mark.escapedAsMarkupText)</mo>"
            return .ord("<mover accent=\"true\"><mrow>\(base)</mrow>\(mark)</mover>")
        }
        if let newFont = MathFont.commands[name] {
            let saved = font
            font = newFont
            defer { font = saved }
            let atoms = try argumentAtoms(style: style)
            return atoms.count == 1 ? atoms[0] : .ord("<mrow>\(render(atoms, style: style))</mrow>")
        }
        if let textStyle = Self.textCommands[name] {
            return .ord(try text(style: textStyle, command: start))
        }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            let childStyle: Style = name == "dfrac" || name == "cfrac" ? .text : name == "tfrac" ? .script : style.fraction
            var numerator = try argument(style: name == "cfrac" ? .display : childStyle)
            var denominator = try argument(style: name == "cfrac" ? .display : childStyle)
            if name == "cfrac" {
                numerator = "<mstyle displaystyle=\"true\">\(numerator)</mstyle>"
                denominator = "<mstyle displaystyle=\"true\">\(denominator)</mstyle>"
            }
            return .ord(
                Self.inStyle(
                    name == "dfrac" || name == "cfrac" ? true : name == "tfrac" ? false : nil,
                    "<mfrac><mrow>\(numerator)</mrow><mrow>\(denominator)</mrow></mfrac>"))
        case "binom", "dbinom", "tbinom":
            let childStyle: Style = name == "dbinom" ? .text : name == "tbinom" ? .script : style.fraction
            let n = try argument(style: childStyle)
            let k = try argument(style: childStyle)
            return .ord(
                Self.inStyle(
                    name == "dbinom" ? true : name == "tbinom" ? false : nil, Self.binomial("<mrow>\(n)</mrow>", "<mrow>\(k)</mrow>")))
        case "sqrt":
            if let degree = try optionalRawArgument() {
                var inner = TeXConverter(degree, display: false)
                let degreeAtoms = try inner.list(until: [], style: .scriptScript)
                let radicand = try argument(style: style)
                return .ord("<mroot><mrow>\(radicand)</mrow><mrow>\(inner.render(degreeAtoms, style: .scriptScript))</mrow></mroot>")
            }
            return .ord("<msqrt>\(try argument(style: style))</msqrt>")
        case "operatorname":
            let saved = font
            font = .roman
            defer { font = saved }
            let atoms = try argumentAtoms(style: style)
            return functionName(
                atoms.count == 1 ? render(atoms, style: style) : "<mrow>\(render(atoms, style: style))</mrow>", limits: starred)
        case "mathop":
            var atom = Atom(atomClass: .op, body: .element("<mrow>\(try argument(style: style))</mrow>"))
            atom.limits = .automatic
            return atom
        case "mathord", "mathbin", "mathrel", "mathopen", "mathclose", "mathpunct", "mathinner":
            let classes: [String: AtomClass] = [
                "mathord": .ord, "mathbin": .bin, "mathrel": .rel, "mathopen": .open, "mathclose": .close,
                "mathpunct": .punct, "mathinner": .inner,
            ]
            let atoms = try argumentAtoms(style: style)
            var atom = atoms.count == 1 ? atoms[0] : .ord("<mrow>\(render(atoms, style: style))</mrow>")
            atom.atomClass = classes[name] ?? .ord
            return atom
        case "underset", "overset", "stackrel":
            let script = try argument(style: style.superscript)
            let baseAtoms = try argumentAtoms(style: style)
            let base = baseAtoms.count == 1 ? baseAtoms[0] : .ord("<mrow>\(render(baseAtoms, style: style))</mrow>")
            let tag = name == "underset" ? "munder" : "mover"
            var atom = Atom.ord("<\(tag)>\(render([base], style: style, neighboursSpaced: false))<mrow>\(script)</mrow></\(tag)>")
            atom.atomClass = name == "stackrel" ? .rel : base.atomClass
            return atom
        case "underbrace", "overbrace":
            let base = try argument(style: style)
            let brace = name == "underbrace" ? "⏟" : "⏞"
            let tag = name == "underbrace" ? "munder" : "mover"
            var atom = Atom(
                atomClass: .op,
                body: .element("<\(tag)><mrow>\(base)</mrow><mo stretchy=\"true\" lspace=\"0\" rspace=\"0\">\(brace)</mo></\(tag)>"))
            atom.limits = .always
            return atom
        case "underline":
            let base = try argument(style: style)
            return .ord(
                "<munder accentunder=\"true\"><mrow>\(base)</mrow><mo stretchy=\"true\" lspace=\"0\" rspace=\"0\">\u{332}</mo></munder>")
        case "xrightarrow", "xleftarrow", "xRightarrow", "xLeftarrow", "xleftrightarrow", "xLeftrightarrow", "xmapsto",
            "xhookrightarrow", "xlongequal":
            let arrows: [String: String] = [
                "xrightarrow": "→", "xleftarrow": "←", "xRightarrow": "⇒", "xLeftarrow": "⇐", "xleftrightarrow": "↔",
                "xLeftrightarrow": "⇔", "xmapsto": "↦", "xhookrightarrow": "↪", "xlongequal": "=",
            ]
            let below = try optionalRawArgument()
            let above = try argument(style: .script)
            let pad = Self.space(0.2778)
            let arrow = "<mo stretchy=\"true\" minsize=\"1.8em\" lspace=\"0\" rspace=\"0\">\(arrows[name] ?? "→")</mo>"
            var mathML = "<mover>\(arrow)<mrow>\(pad)\(above)\(pad)</mrow></mover>"
            if let below {
                var inner = TeXConverter(below, display: false)
                let belowAtoms = try inner.list(until: [], style: .script)
                mathML =
                    "<munderover>\(arrow)<mrow>\(pad)\(inner.render(belowAtoms, style: .script))\(pad)</mrow><mrow>\(pad)\(above)\(pad)</mrow></munderover>"
            }
            return Atom(atomClass: .rel, body: .element(mathML))
        case "boxed":
            let content = try argument(style: style)
            return .ord("<mrow style=\"border: 1px solid; padding: 0.2em 0.3em\">\(content)</mrow>")
        case "textcolor":
            let colorStart = index
            let color = try cssColor(try rawArgument(), at: colorStart)
            return .ord("<mrow style=\"color: \(color)\">\(try argument(style: style))</mrow>")
        case "phantom":
            return .ord("<mphantom>\(try argument(style: style))</mphantom>")
        case "hphantom":
            return .ord("<mpadded height=\"0\" depth=\"0\"><mphantom>\(try argument(style: style))</mphantom></mpadded>")
        case "vphantom":
            return .ord("<mpadded width=\"0\"><mphantom>\(try argument(style: style))</mphantom></mpadded>")
        case "hspace", "hskip", "kern", "mkern", "mskip", "mspace":
            let amount: String
            if name == "hspace" || name == "mspace" {
                amount = try rawArgument()
            } else {
                // \kern2pt, \mkern 18mu: a number and a two-letter unit.
                skipSpaces()
                let amountStart = index
                while index < bytes.count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                skipSpaces()
                var unitLength = 0
                while unitLength < 2, index < bytes.count, isLetter(bytes[index]) {
                    index += 1
                    unitLength += 1
                }
                amount = String(decoding: bytes[amountStart..<index], as: UTF8.self)
            }
            guard let width = Self.ems(amount) else {
                throw Failure(offset: start, message: "'\(amount)' is not a length such as 1em, 4mu or 2pt")
            }
            // Found by fuzzing: `\mskip999…9bp` overflowed the conversion to a number of ems.
            guard abs(width) <= Self.widestSpace else {
                throw Failure(offset: start, message: "'\(amount)' is wider than a space can be (\(Int(Self.widestSpace)) em)")
            }
            return Atom(atomClass: .ord, body: .space(Self.space(width)))
        case "left":
            return try delimited(start: start, style: style)
        case "right":
            throw Failure(offset: start, message: "\\right without a matching \\left")
        case "middle":
            let symbol = try delimiter(after: start)
            return .op(symbol.escapedAsMarkupText, .ord, attributes: " stretchy=\"true\"")
        case "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm", "biggm",
            "Biggm":
            // \bigl opens, \bigr closes, \bigm relates, \big is ordinary.
            let sizes = ["big": 1.2, "Big": 1.8, "bigg": 2.4, "Bigg": 3.0]
            let role = name.count > 3 && "lrm".contains(name.last ?? " ") ? name.last : nil
            let size = sizes[role == nil ? name : String(name.dropLast())] ?? 1.2
            let atomClass: AtomClass = role == "l" ? .open : role == "r" ? .close : role == "m" ? .rel : .ord
            let symbol = try delimiter(after: start)
            return .op(
                symbol.escapedAsMarkupText, atomClass,
                attributes: " stretchy=\"true\" symmetric=\"true\" minsize=\"\(size)em\" maxsize=\"\(size)em\"")
        case "not":
            skipSpaces()
            guard index < bytes.count else {
                throw Failure(offset: start, message: "\\not must come before a relation such as = or \\in")
            }
            let next = try atom(style: style, singleToken: true)
            guard case .op(let text, let attributes) = next.body else {
                throw Failure(offset: start, message: "\\not must come before a relation such as = or \\in")
            }
            var negated = next
            negated.body = .op(text: Self.negations[text] ?? text + "\u{338}", attributes: attributes)
            return negated
        case "pmod", "mod", "bmod", "pod":
            if name == "bmod" { return .op("mod", .bin) }
            let argument = try argument(style: style)
            let gap = Self.space(display ? 1 : 0.4444)
            let inner =
                name == "mod"
                ? "<mi>mod</mi>\(Self.space(0.3333))\(argument)" : name == "pod" ? argument : "<mi>mod</mi>\(Self.space(0.3333))\(argument)"
            let wrapped =
                name == "mod"
                ? inner
                : "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">(</mo>\(inner)<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">)</mo>"
            return .ord("<mrow>\(gap)\(wrapped)</mrow>")
        case "substack":
            let content = try rawArgument()
            var inner = TeXConverter(content, display: false)
            let table = try inner.substack(style: style.superscript)
            return .ord(table)
        case "begin":
            return .ord(try environment(start: start, style: style))
        case "end":
            throw Failure(offset: start, message: "\\end without a matching \\begin")
        case "\\":
            throw Failure(offset: start, message: "'\\\\' (a new line) outside a matrix or aligned environment")
        case "hline":
            throw Failure(offset: start, message: "\\hline belongs at the start of a row of an array")
        case "tag":
            let text = try rawArgument()
            try setRowNumbering(at: start) { row in
                if row.tag != nil { return "the equation has two \\tag" }
                row.tag = starred ? text : "(\(text))"
                return nil
            }
            return Atom(atomClass: .ord, body: .space(""))
        case "notag", "nonumber":
            try setRowNumbering(at: start) { row in
                row.suppressed = true
                row.suppressedAt = start
                return nil
            }
            return Atom(atomClass: .ord, body: .space(""))
        case "label":
            let label = try rawArgument()
            guard CrossReferences.kind(of: label) == .equation else {
                throw Failure(offset: start, message: "an equation's label starts with 'eq-': \\label{eq-\(label)}")
            }
            try setRowNumbering(at: start) { row in
                if row.label != nil { return "the equation has two labels" }
                row.label = label
                return nil
            }
            return Atom(atomClass: .ord, body: .space(""))
        default:
            throw Failure(offset: start, message: Self.unknownCommandMessage(name))
        }
    }

    private static let textCommands: [String: String] = [
        "text": "", "mbox": "", "textrm": "", "textnormal": "", "textup": "", "textmd": "",
        "textbf": "font-weight: bold", "textit": "font-style: italic", "emph": "font-style: italic",
        "textsl": "font-style: oblique", "textsf": "font-family: sans-serif", "texttt": "font-family: monospace",
    ]

    /// A function name (`\sin`, `\operatorname{…}`): an operator atom shown
    /// upright, followed by the invisible function application.
    private func functionName(_ mathML: String, limits: Bool) -> Atom {
        var atom = Atom(atomClass: .op, body: .element(mathML))
        atom.limits = limits ? .automatic : .never
        atom.functionApplication = true
        return atom
    }

    /// `\dfrac`, `\tfrac`: a fraction in display or text style. (MathML 3,
    /// which validators check, allows `displaystyle` on `mstyle` only.)
    private static func inStyle(_ displayStyle: Bool?, _ mathML: String) -> String {
        guard let displayStyle else { return mathML }
        return "<mstyle displaystyle=\"\(displayStyle)\">\(mathML)</mstyle>"
    }

    private static func binomial(_ n: String, _ k: String) -> String {
        "<mrow><mo stretchy=\"true\" lspace=\"0\" rspace=\"0\">(</mo><mfrac linethickness=\"0\">\(n)\(k)</mfrac>"
            + "<mo stretchy=\"true\" lspace=\"0\" rspace=\"0\">)</mo></mrow>"
    }

    /// `a \over b`, `n \choose k`: the group's atoms so far over the rest.
    private mutating func infixFraction(_ name: String, numerator: [Atom], stops: Set<Stop>, style: Style) throws(Failure) -> Atom {
        let start = index
        index += name.utf8.count + 1
        if name == "above" {
            skipSpaces()
            while index < bytes.count, !isSpaceByte(bytes[index]), bytes[index] != UInt8(ascii: "{") { index += 1 }
        }
        let denominator = try list(until: stops, style: style.fraction)
        if denominator.isEmpty && numerator.isEmpty { throw Failure(offset: start, message: "\\\(name) needs something on both sides") }
        let top = "<mrow>\(render(numerator, style: style.fraction))</mrow>"
        let bottom = "<mrow>\(render(denominator, style: style.fraction))</mrow>"
        if name == "choose" { return .ord(Self.binomial(top, bottom)) }
        return .ord("<mfrac\(name == "atop" ? " linethickness=\"0\"" : "")>\(top)\(bottom)</mfrac>")
    }

    /// Records `\tag`, `\label` or `\notag` for the row being read.
    private mutating func setRowNumbering(at start: Int, _ change: (inout RowNumbering) -> String?) throws(Failure) {
        let problem: String?
        if currentRow != nil {
            problem = change(&currentRow!)
        } else {
            problem = change(&topLevelRow)
        }
        if let problem { throw Failure(offset: start, message: problem) }
    }

    private static func unknownCommandMessage(_ name: String) -> String {
        if let alternative = TeXSymbols.alternatives[name] { return "unknown command '\\\(name)'; \(alternative)" }
        // Only names within the edits allowed can be suggested: the others
        // are not measured (a long unknown name would cost a long table each).
        let allowed = name.count >= 6 ? 2 : 1
        let suggestion = knownCommands.lazy.filter { abs($0.count - name.count) <= allowed }
            .map { (name: $0, distance: editDistance($0, name)) }
            .min { $0.distance < $1.distance }
        if let suggestion, suggestion.distance <= allowed {
            return "unknown command '\\\(name)'; did you mean '\\\(suggestion.name)'?"
        }
        return "unknown command '\\\(name)'"
    }

    /// Every command name, for suggestions.
    static let knownCommands: [String] = {
        var names = Set(TeXSymbols.greek.keys).union(TeXSymbols.upperGreek.keys).union(TeXSymbols.symbols.keys)
        names.formUnion(TeXSymbols.largeOperators.keys)
        names.formUnion(TeXSymbols.integrals.keys)
        names.formUnion(TeXSymbols.functions.keys)
        names.formUnion(TeXSymbols.accents.keys)
        names.formUnion(MathFont.commands.keys)
        names.formUnion(textCommands.keys)
        names.formUnion([
            "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "sqrt", "operatorname", "mathop", "underset",
            "overset", "stackrel", "underbrace", "overbrace", "underline", "xrightarrow", "xleftarrow", "boxed", "textcolor",
            "color", "phantom", "hphantom", "vphantom", "hspace", "left", "right", "middle", "big", "Big", "bigg", "Bigg",
            "bigl", "bigr", "not", "pmod", "bmod", "substack", "begin", "end", "tag", "notag", "nonumber", "label",
            "displaystyle", "textstyle", "limits", "nolimits", "over", "choose", "quad", "qquad",
        ])
        return names.filter { $0.first?.isLetter == true }.sorted()
    }()

    /// Edits between two names, a swap of neighbours counting as one
    /// (`\sigam` is one edit from `\sigma`).
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    private static let negations: [String: String] = [
        "=": "≠", "∈": "∉", "&lt;": "≮", "&gt;": "≯", "≤": "≰", "≥": "≱", "⊂": "⊄", "⊃": "⊅", "⊆": "⊈", "⊇": "⊉",
        "≡": "≢", "∼": "≁", "≈": "≉", "≅": "≇", "∣": "∤", "∥": "∦", "∃": "∄", "→": "↛", "←": "↚",
    ]

    // MARK: Text

    /// `\text{…}`: text in the math, its spaces kept (at its edges as
    /// no-break spaces, which MathML would otherwise drop), with `$…$`
    /// inside read as math again.
    private mutating func text(style cssStyle: String, command start: Int) throws(Failure) -> String {
        let content = try rawArgument()
        let styleAttribute = cssStyle.isEmpty ? "" : " style=\"\(cssStyle)\""
        var pieces: [String] = []
        var text = ""
        var characters = content[...]
        func flush() {
            guard !text.isEmpty else { return }
            var collapsed = text.replacingOccurrences(of: "\n", with: " ")
            while collapsed.contains("  ") { collapsed = collapsed.replacingOccurrences(of: "  ", with: " ") }
            if collapsed.hasPrefix(" ") { collapsed = "\u{A0}" + collapsed.dropFirst() }
            if collapsed.hasSuffix(" ") { collapsed = collapsed.dropLast() + "\u{A0}" }
            pieces.append("<mtext\(styleAttribute)>\(collapsed.escapedAsMarkupText)</mtext>")
            text = ""
        }
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case "\\":
                guard let next = characters.first else { break }
                characters = characters.dropFirst()
                if next.isLetter {
                    var name = String(next)
                    while let letter = characters.first, letter.isLetter {
                        name.append(letter)
                        characters = characters.dropFirst()
                    }
                    switch name {
                    case "quad": text += "\u{2003}"
                    case "qquad": text += "\u{2003}\u{2003}"
                    case "textbackslash": text += "\\"
                    case "ldots", "dots": text += "…"
                    default:
                        throw Failure(offset: start, message: "'\\\(name)' inside \\text{…} is not supported; end the text first")
                    }
                } else {
                    text += [",": "\u{2009}", " ": " ", ";": "\u{2005}"][next] ?? String(next)
                }
            case "~":
                text += "\u{A0}"
            case "$":
                guard let close = characters.firstIndex(of: "$") else {
                    throw Failure(offset: start, message: "a '$' inside \\text{…} is never closed")
                }
                flush()
                var inner = TeXConverter(String(characters[..<close]), display: false)
                let atoms = try inner.list(until: [], style: .text)
                pieces.append("<mrow>\(inner.render(atoms, style: .text))</mrow>")
                characters = characters[characters.index(after: close)...]
            case "{", "}":
                break
            default:
                text.append(character)
            }
        }
        flush()
        return pieces.count == 1 ? pieces[0] : "<mrow>\(pieces.joined())</mrow>"
    }

    // MARK: Delimiters

    /// `\left( … \right)`: fences that stretch around their content; an
    /// inner atom.
    private mutating func delimited(start: Int, style: Style) throws(Failure) -> Atom {
        let open = try delimiter(after: start)
        var atoms: [Atom] = []
        if !open.isEmpty {
            atoms.append(.op(open.escapedAsMarkupText, .open, attributes: " fence=\"true\" form=\"prefix\" stretchy=\"true\""))
        }
        atoms += try list(until: [.rightDelimiter], style: style)
        guard index < bytes.count else { throw Failure(offset: start, message: "\\left without a matching \\right") }
        let rightStart = index
        index += "\\right".utf8.count
        let close = try delimiter(after: rightStart)
        if !close.isEmpty {
            atoms.append(.op(close.escapedAsMarkupText, .close, attributes: " fence=\"true\" form=\"postfix\" stretchy=\"true\""))
        }
        return Atom(atomClass: .inner, body: .element("<mrow>\(render(atoms, style: style))</mrow>"))
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
            guard let symbol = TeXSymbols.symbols[name], Self.delimiterCharacters.contains(symbol.character) else {
                throw Failure(offset: commandStart, message: "'\\\(name)' is not a delimiter")
            }
            return symbol.character
        }
        let character = nextCharacter()
        guard "()[]|./<>".contains(character) else { throw Failure(offset: index - 1, message: "'\(character)' is not a delimiter") }
        return character == "." ? "" : character == "<" ? "⟨" : character == ">" ? "⟩" : String(character)
    }

    private static let delimiterCharacters: Set<String> = [
        "(", ")", "[", "]", "{", "}", "|", "‖", "⟨", "⟩", "⌊", "⌋", "⌈", "⌉", "/", "∖", "↑", "↓", "↕", "⇑", "⇓", "⇕",
        "⟮", "⟯", "⎰", "⎱", "⌜", "⌝", "⌞", "⌟", "⟦", "⟧",
    ]

    // MARK: Environments

    private struct EnvironmentLayout {
        var open = ""
        var close = ""
        /// Cells read in display style (aligned equations).
        var displayCells = false
        /// Column alignments, repeated as needed: "rl" for align.
        var alignments: [Character] = ["c"]
        /// Space between columns, in em (nil: the browser's).
        var columnGap: Double?
        /// Left-right pairs with no gap inside a pair (align).
        var pairs = false
        var scriptLevel = 0
        /// Rows are numbered (align, gather, equation, …).
        var numbersRows = false
        /// Only the last row is numbered (multline).
        var numbersLastRow = false
    }

    private static func layout(of name: String) -> EnvironmentLayout? {
        var layout = EnvironmentLayout()
        switch name {
        case "matrix": break
        case "pmatrix": (layout.open, layout.close) = ("(", ")")
        case "bmatrix": (layout.open, layout.close) = ("[", "]")
        case "Bmatrix": (layout.open, layout.close) = ("{", "}")
        case "vmatrix": (layout.open, layout.close) = ("|", "|")
        case "Vmatrix": (layout.open, layout.close) = ("‖", "‖")
        case "smallmatrix": layout.scriptLevel = 1
        case "cases", "dcases":
            layout.open = "{"
            layout.alignments = ["l", "l"]
            layout.columnGap = 1
            layout.displayCells = name == "dcases"
        case "rcases":
            layout.close = "}"
            layout.alignments = ["l", "l"]
            layout.columnGap = 1
        case "aligned", "align", "align*", "alignat", "alignat*", "alignedat", "split":
            layout.alignments = ["r", "l"]
            layout.pairs = true
            layout.displayCells = true
            layout.numbersRows = name == "align" || name == "alignat"
        case "gathered", "gather", "gather*", "equation", "equation*":
            layout.displayCells = true
            layout.numbersRows = name == "gather" || name == "equation"
        case "multline", "multline*":
            layout.displayCells = true
            layout.numbersLastRow = name == "multline"
        case "array", "subarray": break
        default: return nil
        }
        return layout
    }

    /// `\begin{pmatrix} … \end{pmatrix}` and the other environments.
    private mutating func environment(start: Int, style: Style) throws(Failure) -> String {
        let name = try rawArgument()
        guard var layout = Self.layout(of: name) else {
            throw Failure(offset: start, message: "unknown environment '\(name)'")
        }
        let numbered =
            layout.numbersRows || layout.numbersLastRow
            || name.hasSuffix("*")
                && ["align*", "gather*", "equation*", "multline*", "alignat*"].contains(name)
        if numbered {
            guard display else { throw Failure(offset: start, message: "\\begin{\(name)} belongs in a display equation ($$…$$)") }
            guard numberedRows == nil, currentRow == nil else {
                throw Failure(offset: start, message: "\\begin{\(name)} cannot be inside another numbered environment")
            }
        }
        var columnLines: [Int: String] = [:]
        if name == "array" || name == "subarray" {
            let specification = try rawArgument()
            layout.alignments = []
            for character in specification where !character.isWhitespace {
                switch character {
                case "l", "c", "r": layout.alignments.append(character)
                case "|": columnLines[layout.alignments.count, default: ""] += "|"
                default: throw Failure(offset: start, message: "column type '\(character)' is not supported; use l, c, r and |")
                }
            }
            if layout.alignments.isEmpty { throw Failure(offset: start, message: "the array needs columns: \\begin{array}{cc}") }
        }
        if name == "alignat" || name == "alignat*" || name == "alignedat" { _ = try rawArgument() }  // the number of pairs
        let cellStyle: Style = layout.displayCells ? .display : layout.scriptLevel > 0 ? .script : style == .display ? .text : style
        var rows: [[String]] = [[]]
        var ruleAbove: Set<Int> = []
        var rowNumbering: [RowNumbering] = []
        let isNumbering = numbered
        if isNumbering { currentRow = RowNumbering(numbered: !name.hasSuffix("*") && !layout.numbersLastRow) }
        while true {
            skipSpaces()
            if starts(with: "\\hline") {
                index += "\\hline".utf8.count
                ruleAbove.insert(rows.count - 1)
                continue
            }
            let column = rows[rows.count - 1].count
            var atoms = try list(until: [.ampersand, .newRow, .end], style: cellStyle)
            // The right half of an aligned pair starts as if after an ordinary atom: `&= b`.
            if layout.pairs && column % 2 == 1 { atoms.insert(Atom(atomClass: .ord, body: .element("")), at: 0) }
            rows[rows.count - 1].append(render(atoms, style: cellStyle))
            guard index < bytes.count else { throw Failure(offset: start, message: "\\begin{\(name)} without a matching \\end{\(name)}") }
            switch peekStop() {
            case .ampersand:
                index += 1
            case .newRow:
                index += 2
                _ = try optionalRawArgument()  // \\[2pt]: extra space, which the layout gives anyway
                rows.append([])
                if isNumbering, let row = currentRow {
                    rowNumbering.append(row)
                    currentRow = RowNumbering(numbered: !name.hasSuffix("*") && !layout.numbersLastRow)
                }
            case .end:
                let endStart = index
                index += "\\end".utf8.count
                let ended = try rawArgument()
                guard ended == name else { throw Failure(offset: endStart, message: "\\end{\(ended)} does not match \\begin{\(name)}") }
                if rows.count > 1, rows[rows.count - 1].allSatisfy(\.isEmpty) {
                    rows.removeLast()
                } else if isNumbering, let row = currentRow {
                    rowNumbering.append(row)
                }
                if isNumbering {
                    if layout.numbersLastRow, !rowNumbering.isEmpty { rowNumbering[rowNumbering.count - 1].numbered = true }
                    if name == "equation" || name == "equation*" {
                        // One number for the whole equation, whatever its rows.
                        var whole = RowNumbering(numbered: name == "equation")
                        for row in rowNumbering {
                            whole.suppressed = whole.suppressed || row.suppressed
                            whole.tag = whole.tag ?? row.tag
                            whole.label = whole.label ?? row.label
                        }
                        rowNumbering = [whole]
                    }
                    currentRow = nil
                    numberedRows = rowNumbering
                }
                // An `equation` is one formula, not a table of one cell.
                if name.hasPrefix("equation"), rows.count == 1, rows[0].count == 1 { return rows[0][0] }
                return table(rows, layout: layout, ruleAbove: ruleAbove, columnLines: columnLines, singleNumber: name.hasPrefix("equation"))
            default:
                throw Failure(offset: index, message: "unexpected text in \\begin{\(name)}")
            }
        }
    }

    /// Marks where the environment's row numbers go: filled in by `numberRows`.
    private static let numberCell = "<mtd data-primer-row-number=\"\"></mtd>"

    private func table(
        _ rows: [[String]], layout: EnvironmentLayout, ruleAbove: Set<Int>, columnLines: [Int: String], singleNumber: Bool
    ) -> String {
        let width = rows.map(\.count).max() ?? 0
        let attributes = layout.displayCells ? " displaystyle=\"true\"" : ""
        var table = "<mtable\(attributes)>"
        let numbered = numberedRows != nil || currentRow != nil || (layout.numbersRows || layout.numbersLastRow)
        let rowNumbers = numbered && !singleNumber
        // Numbered rows: the table spans the line, a half-width empty column
        // on the left balancing the numbers' column on the right.
        if rowNumbers { table = "<mtable\(attributes) style=\"width: 100%\">" }
        for (rowIndex, row) in rows.enumerated() {
            table += rowNumbers ? "<mtr><mtd style=\"width: 50%\"></mtd>" : "<mtr>"
            for column in 0..<width {
                let cell = column < row.count ? row[column] : ""
                var styles: [String] = []
                let alignment = layout.alignments[column % layout.alignments.count]
                if layout.pairs {
                    styles.append(column % 2 == 0 ? "padding-right: 0" : "padding-left: 0")
                    if column % 2 == 0 && column > 0 { styles.append("padding-left: 2em") }
                } else if let gap = layout.columnGap, column > 0 {
                    styles.append("padding-left: \(Self.format(gap))em")
                }
                if ruleAbove.contains(rowIndex - 1) || (rowIndex == 0 && ruleAbove.contains(-1)) { styles.append("border-top: 1px solid") }
                if rowIndex == rows.count - 1 && ruleAbove.contains(rowIndex) { styles.append("border-bottom: 1px solid") }
                if columnLines[column] != nil { styles.append("border-left: 1px solid") }
                if column == width - 1 && columnLines[width] != nil { styles.append("border-right: 1px solid") }
                let style = styles.isEmpty ? "" : " style=\"\(styles.joined(separator: "; "))\""
                // `columnalign` for Gecko and WebKit; the stylesheet turns it into
                // `text-align: -webkit-right`, which is what Chromium honours.
                let align = alignment == "c" ? "" : " columnalign=\"\(alignment == "l" ? "left" : "right")\""
                table += "<mtd\(align)\(style)>\(cell)</mtd>"
            }
            if rowNumbers { table += Self.numberCell }
            table += "</mtr>"
        }
        table += "</mtable>"
        let open =
            layout.open.isEmpty ? "" : "<mo fence=\"true\" form=\"prefix\" stretchy=\"true\" lspace=\"0\" rspace=\"0\">\(layout.open)</mo>"
        let close =
            layout.close.isEmpty
            ? "" : "<mo fence=\"true\" form=\"postfix\" stretchy=\"true\" lspace=\"0\" rspace=\"0\">\(layout.close)</mo>"
        // A smaller matrix is a script level down (an `mstyle` attribute).
        if layout.scriptLevel > 0 { table = "<mstyle scriptlevel=\"\(layout.scriptLevel)\">\(table)</mstyle>" }
        return open.isEmpty && close.isEmpty ? table : "<mrow>\(open)\(table)\(close)</mrow>"
    }

    /// Gives each numbered row its number, in the cell `table` left for it.
    private func numberRows(_ body: String, rows: [RowNumbering], outerLabel: String?, numbers: inout EquationNumbers) throws(Failure)
        -> String
    {
        var outerLabel = outerLabel
        var result = ""
        var rest = body[...]
        var rowIndex = 0
        while let cell = rest.range(of: Self.numberCell) {
            result += rest[..<cell.lowerBound]
            let row = rowIndex < rows.count ? rows[rowIndex] : RowNumbering()
            var label = row.label
            if (row.numbered && !row.suppressed) || row.tag != nil, label == nil, let outer = outerLabel {
                label = outer
                outerLabel = nil
            }
            if row.suppressed && (row.tag != nil || row.label != nil) {
                throw Failure(offset: row.suppressedAt, message: "a labelled or tagged row cannot be \\notag")
            }
            if (row.numbered && !row.suppressed) || row.tag != nil, let number = numbers.assign(label: label, tag: row.tag) {
                let id = label.map { " id=\"\($0.escapedAsMarkupAttribute)\"" } ?? ""
                result +=
                    "<mtd class=\"equation-number\"\(id) columnalign=\"right\" style=\"width: 50%\"><mtext>\(number)</mtext></mtd>"
            } else {
                result += "<mtd style=\"width: 50%\"></mtd>"
            }
            rowIndex += 1
            rest = rest[cell.upperBound...]
        }
        if let outerLabel { throw Failure(offset: 0, message: "the label \(outerLabel) names no numbered row of the equation") }
        return result + rest
    }

    /// `\substack{a \\ b}`: centred lines in script size.
    private mutating func substack(style: Style) throws(Failure) -> String {
        var rows: [String] = []
        while true {
            let atoms = try list(until: [.newRow], style: style)
            rows.append(render(atoms, style: style))
            guard index < bytes.count else { break }
            index += 2
        }
        let cells = rows.map { "<mtr><mtd style=\"padding: 0\">\($0)</mtd></mtr>" }.joined()
        return "<mtable>\(cells)</mtable>"
    }

    // MARK: Rendering

    /// The space TeX puts between atoms of these classes, in mu; spaces in
    /// parentheses in The TeXbook's table (here negative) vanish in scripts.
    private static let spacing: [AtomClass: [AtomClass: Int]] = [
        .ord: [.op: 3, .bin: -4, .rel: -5, .inner: -3],
        .op: [.ord: 3, .op: 3, .rel: -5, .inner: -3],
        .bin: [.ord: -4, .op: -4, .open: -4, .inner: -4],
        .rel: [.ord: -5, .op: -5, .open: -5, .inner: -5],
        .close: [.op: 3, .bin: -4, .rel: -5, .inner: -3],
        .punct: [.ord: -3, .op: -3, .rel: -3, .open: -3, .close: -3, .punct: -3, .inner: -3],
        .inner: [.ord: -3, .op: 3, .bin: -4, .rel: -5, .open: -3, .punct: -3, .inner: -3],
    ]

    /// The atoms as MathML, with TeX's spaces between them.
    ///
    /// A space goes into the `rspace` of the atom before it when that ends
    /// with an operator, else into the `lspace` of the next one, else into
    /// an `<mspace>`; every operator's spaces are written out, so that the
    /// browser's operator dictionary adds none of its own.
    private func render(_ atoms: [Atom], style: Style, neighboursSpaced: Bool = true) -> String {
        var classes = atoms.map(\.atomClass)
        let indices = atoms.indices.filter { !atoms[$0].isSpace }
        // TeX's rules 5 and 6 (Appendix G): a binary operator with nothing to
        // operate on is ordinary (a sign).
        for (position, index) in indices.enumerated() where classes[index] == .bin {
            let previous = position > 0 ? classes[indices[position - 1]] : nil
            if previous == nil || [.bin, .op, .rel, .open, .punct].contains(previous!) { classes[index] = .ord }
        }
        for (position, index) in indices.enumerated() {
            let next = position + 1 < indices.count ? classes[indices[position + 1]] : nil
            if classes[index] == .bin && (next == nil || [.rel, .close, .punct].contains(next!)) { classes[index] = .ord }
        }
        var lspace = Array(repeating: 0, count: atoms.count)
        var rspace = Array(repeating: 0, count: atoms.count)
        var glue = Array(repeating: 0, count: atoms.count)  // an <mspace> before the atom
        if neighboursSpaced {
            for (left, right) in zip(indices, indices.dropFirst()) {
                var amount = Self.spacing[classes[left]]?[classes[right]] ?? 0
                if amount < 0 { amount = style.isScript ? 0 : -amount }
                guard amount > 0 else { continue }
                if atoms[left].endsWithOperator {
                    rspace[left] = amount
                } else if case .op = atoms[right].body {
                    lspace[right] = amount
                } else {
                    glue[right] = amount
                }
            }
        }
        var output = ""
        for (index, atom) in atoms.enumerated() {
            if glue[index] > 0 { output += Self.space(Double(glue[index]) / 18) }
            output += render(atom, style: style, lspace: lspace[index], rspace: rspace[index])
        }
        return output
    }

    private func render(_ atom: Atom, style: Style, lspace: Int, rspace: Int) -> String {
        var nucleus: String
        switch atom.body {
        case .space(let mathML):
            return mathML
        case let .op(text, attributes):
            // With a function application after it, the space goes there.
            let right = atom.functionApplication ? 0 : rspace
            // Limits forced under and over (`\sum\limits` inline) must not
            // move to the side, as the operator dictionary lets ∑'s do.
            let fixed =
                atom.limits == .always && style != .display && (atom.sub != nil || atom.sup != nil) ? " movablelimits=\"false\"" : ""
            nucleus = "<mo\(attributes)\(fixed) lspace=\"\(Self.mu(lspace))\" rspace=\"\(Self.mu(right))\">\(text)</mo>"
            // A stretched delimiter with a script (`\bigr)^2`) keeps its size
            // only inside a row of its own: as a script's base it would
            // stretch to the script's height instead.
            if attributes.contains("stretchy=\"true\""), atom.sub != nil || atom.sup != nil { nucleus = "<mrow>\(nucleus)</mrow>" }
        case .element(let mathML):
            nucleus = mathML
        }
        let underOver = atom.limits == .always || (atom.limits == .automatic && style == .display)
        var scripted = nucleus
        switch (atom.sub, atom.sup) {
        case let (sub?, sup?):
            scripted =
                underOver
                ? "<munderover>\(nucleus)<mrow>\(sub)</mrow><mrow>\(sup)</mrow></munderover>"
                : "<msubsup>\(nucleus)<mrow>\(sub)</mrow><mrow>\(sup)</mrow></msubsup>"
        case let (sub?, nil):
            scripted = underOver ? "<munder>\(nucleus)<mrow>\(sub)</mrow></munder>" : "<msub>\(nucleus)<mrow>\(sub)</mrow></msub>"
        case let (nil, sup?):
            scripted = underOver ? "<mover>\(nucleus)<mrow>\(sup)</mrow></mover>" : "<msup>\(nucleus)<mrow>\(sup)</mrow></msup>"
        case (nil, nil):
            break
        }
        if atom.functionApplication {
            scripted += "<mo lspace=\"0\" rspace=\"\(Self.mu(rspace))\">&#x2061;</mo>"
        }
        return scripted
    }

    /// A length in mu as MathML: `0.1667em`.
    private static func mu(_ amount: Int) -> String {
        amount == 0 ? "0" : format(Double(amount) / 18) + "em"
    }

    private static func space(_ ems: Double) -> String {
        "<mspace width=\"\(format(ems))em\"></mspace>"
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10000).rounded() / 10000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// TeX lengths in em, at TeX's 10 pt: `1em`, `18mu`, `10pt`, `0.5ex`.
    private static let units: [String: Double] = [
        "em": 1, "ex": 0.431, "mu": 1.0 / 18, "pt": 0.1, "bp": 0.1004, "px": 0.0625, "pc": 1.2, "mm": 0.2845, "cm": 2.845,
        "in": 7.227,
    ]

    /// The widest space a formula may ask for, in em (either way).
    static let widestSpace: Double = 1000

    private static func ems(_ amount: String) -> Double? {
        let trimmed = amount.trimmingCharacters(in: .whitespaces)
        for (unit, factor) in units where trimmed.hasSuffix(unit) {
            if let value = Double(trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), value.isFinite {
                return value * factor
            }
        }
        return nil
    }

    private func cssColor(_ name: String, at start: Int) throws(Failure) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let isHex = trimmed.hasPrefix("#") && [4, 7].contains(trimmed.count) && trimmed.dropFirst().allSatisfy(\.isHexDigit)
        guard isHex || (!trimmed.isEmpty && trimmed.allSatisfy { $0.isASCII && $0.isLetter }) else {
            throw Failure(offset: start, message: "'\(name)' is not a colour; use a name such as red or a value such as #c03")
        }
        return trimmed
    }

    // MARK: Lexing

    private func peekStop() -> Stop? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "}"): return .closeBrace
        case UInt8(ascii: "]"): return .closeBracket
        case UInt8(ascii: "&"): return .ampersand
        case UInt8(ascii: "\\"):
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") { return .newRow }
            switch peekCommandName() {
            case "right": return .rightDelimiter
            case "end": return .end
            default: return nil
            }
        default: return nil
        }
    }

    /// The name of the command at `index` (a run of letters after `\`).
    private func peekCommandName() -> String? {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), isLetter(bytes[index + 1]) else { return nil }
        var end = index + 1
        while end < bytes.count, isLetter(bytes[end]) { end += 1 }
        return String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
    }

    private func starts(with text: String) -> Bool {
        bytes[index...].starts(with: text.utf8)
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private mutating func skipSpaces() {
        while index < bytes.count, isSpaceByte(bytes[index]) { index += 1 }
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

/// The equation numbers of one lesson, given out in document order.
struct EquationNumbers {
    private(set) var next = 1
    /// Each label's number as shown: "(3)", or a tag's own text.
    private(set) var numbers: [String: String] = [:]
    /// Every label given, in order, a label given twice twice (an error
    /// that the page reports where the second one is).
    private(set) var labelsGiven: [String] = []

    /// The number for an equation or row: its tag, else the next number.
    mutating func assign(label: String?, tag: String?) -> String? {
        let number: String
        if let tag {
            number = tag
        } else {
            number = "(\(next))"
            next += 1
        }
        if let label {
            if numbers[label] == nil { numbers[label] = number }
            labelsGiven.append(label)
        }
        return number
    }
}
