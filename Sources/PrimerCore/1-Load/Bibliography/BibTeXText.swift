import Foundation

/// A BibTeX field value read as the text it typesets: accents and special
/// letters as Unicode (`{\"o}` → ö, `\'e` → é, `{\ss}` → ß, `\c{c}` → ç),
/// `--` and `---` as dashes, `~` as a no-break space, TeX quotes as curly
/// ones, formatting commands (`\emph{…}`, `\textsc{…}`) as their text, and
/// `$…$` kept as math.
///
/// Text in braces is protected: a title's case is never changed there
/// (`{ImageNet}`, `{B}oltzmann`). A brace group that starts with a command
/// (`{\"o}`) is a special character, not protected, as in BibTeX.
struct BibTeXText: Hashable, Sendable {
    enum Piece: Hashable, Sendable {
        case text(String, protected: Bool)
        /// TeX between dollars, without them.
        case math(String)
    }

    var pieces: [Piece]

    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    init(tex: String) {
        var reader = Reader(Array(tex))
        pieces = reader.read(protected: false).merged
    }

    /// The text as a reader sees it, math as its TeX.
    var plain: String {
        pieces.map { piece in
            switch piece {
            case .text(let text, _): text
            case .math(let tex): tex
            }
        }.joined()
    }

    var isEmpty: Bool { plain.allSatisfy(\.isWhitespace) }

    /// Sentence case, as citation styles set titles, done safely (like
    /// citeproc): only a capitalised word (`Deep`, `Rectifiers`) is lower-
    /// cased, never the first word, nor the first after a colon or a full
    /// stop, nor a word with other capitals (`ImageNet`, `GELUs`, `BackProp`),
    /// nor protected text.
    var sentenceCased: BibTeXText {
        var atSentenceStart = true
        var result: [Piece] = []
        for piece in pieces {
            switch piece {
            case .math:
                result.append(piece)
                atSentenceStart = false
            case let .text(text, protected):
                if protected {
                    result.append(piece)
                    if text.contains(where: { $0.isLetter || $0.isNumber }) { atSentenceStart = false }
                    continue
                }
                result.append(.text(Self.sentenceCase(text, atSentenceStart: &atSentenceStart), protected: false))
            }
        }
        return BibTeXText(pieces: result)
    }

    private static func sentenceCase(_ text: String, atSentenceStart: inout Bool) -> String {
        var output = ""
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            let isCapitalised =
                word.first?.isUppercase == true && word.dropFirst().allSatisfy { !$0.isUppercase && !$0.isNumber }
                && word.count > 1
            output += atSentenceStart || !isCapitalised ? word : word.lowercased()
            atSentenceStart = false
            word = ""
        }
        var previous: Character = " "
        for character in text {
            if character.isLetter || character.isNumber || (character == "’" || character == "'") && previous.isLetter {
                word.append(character)
            } else {
                flush()
                output.append(character)
                if character == ":" || character == "." || character == "?" || character == "!" { atSentenceStart = true }
            }
            previous = character
        }
        flush()
        return output
    }
}

extension [BibTeXText.Piece] {
    /// Adjacent text pieces of the same protection joined.
    fileprivate var merged: [BibTeXText.Piece] {
        var result: [BibTeXText.Piece] = []
        for piece in self {
            if case let .text(text, protected) = piece {
                if text.isEmpty { continue }
                if case let .text(previous, previousProtected)? = result.last, previousProtected == protected {
                    result[result.count - 1] = .text(previous + text, protected: protected)
                    continue
                }
            }
            result.append(piece)
        }
        return result
    }
}

/// Reads TeX characters into pieces.
private struct Reader {
    let characters: [Character]
    var index = 0

    init(_ characters: [Character]) {
        self.characters = characters
    }

    /// Reads to the end, or to the `}` that closes the group being read.
    mutating func read(protected: Bool) -> [BibTeXText.Piece] {
        var pieces: [BibTeXText.Piece] = []
        var text = ""
        func flush() {
            if !text.isEmpty { pieces.append(.text(text, protected: protected)) }
            text = ""
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "}":
                index += 1
                flush()
                return pieces
            case "{":
                index += 1
                flush()
                // `{\"o}`: a special character, whose case BibTeX may change.
                let isSpecial = index < characters.count && characters[index] == "\\"
                pieces += read(protected: protected || !isSpecial)
            case "\\":
                index += 1
                let command = readCommand()
                switch command {
                case .text(let value):
                    text += value
                case .pieces(let inner):
                    flush()
                    pieces += inner.map { piece in
                        if case let .text(value, innerProtected) = piece { return .text(value, protected: innerProtected || protected) }
                        return piece
                    }
                }
            case "$":
                index += 1
                flush()
                var tex = ""
                while index < characters.count, characters[index] != "$" {
                    if characters[index] == "\\", index + 1 < characters.count {
                        tex.append(characters[index])
                        index += 1
                    }
                    tex.append(characters[index])
                    index += 1
                }
                index += 1
                pieces.append(.math(tex))
            case "~":
                index += 1
                text += "\u{00A0}"
            case "-":
                let run = countRun(of: "-")
                index += run
                text += run == 2 ? "–" : run == 3 ? "—" : String(repeating: "-", count: run)
            case "`":
                let run = countRun(of: "`")
                index += run
                text += run >= 2 ? "“" : "‘"
            case "'":
                let run = countRun(of: "'")
                index += run
                text += run >= 2 ? "”" : "’"
            default:
                index += 1
                if character.isWhitespace {
                    if !text.hasSuffix(" ") { text += " " }
                } else {
                    text.append(character)
                }
            }
        }
        flush()
        return pieces
    }

    private func countRun(of character: Character) -> Int {
        var end = index
        while end < characters.count, characters[end] == character { end += 1 }
        return end - index
    }

    private enum CommandResult {
        case text(String)
        case pieces([BibTeXText.Piece])
    }

    /// A command after its backslash.
    private mutating func readCommand() -> CommandResult {
        guard index < characters.count else { return .text("\\") }
        let first = characters[index]
        var name: String
        if first.isASCII && first.isLetter {
            name = ""
            while index < characters.count, characters[index].isASCII, characters[index].isLetter {
                name.append(characters[index])
                index += 1
            }
            // TeX skips the spaces after a command word.
            while index < characters.count, characters[index] == " " || characters[index] == "\n" { index += 1 }
            if Self.ignoredDeclarations.contains(name) { return .text("") }
        } else {
            name = String(first)
            index += 1
        }
        if let accent = Self.accents[name] {
            return .text(applyAccent(accent))
        }
        if let letter = Self.letters[name] { return .text(letter) }
        if let symbol = Self.symbols[name] { return .text(symbol) }
        if name.count == 1, !(first.isLetter) {
            // `\&`, `\%`, `\{`, … are the character; `\\` and `\ ` a space.
            switch name {
            case "\\", " ", "\n": return .text(" ")
            case ",", ";", ":", "!", "/", "-": return .text(name == "," ? "\u{2009}" : "")
            default: return .text(name)
            }
        }
        if name == "href" {
            _ = readArgument()
            return .pieces(readArgument() ?? [])
        }
        if Self.droppedWithArgument.contains(name) {
            _ = readArgument()
            return .text("")
        }
        // `\emph{…}`, `\textsc{…}`, `\url{…}` and any command we do not know:
        // its argument's text (unprotected, as BibTeX treats `{\em …}`).
        if index < characters.count, characters[index] == "{" {
            return .pieces(readArgument() ?? [])
        }
        return .text("")
    }

    /// A braced argument's pieces (not protected), or nil without braces.
    private mutating func readArgument() -> [BibTeXText.Piece]? {
        guard index < characters.count, characters[index] == "{" else { return nil }
        index += 1
        return read(protected: false)
    }

    /// The accent's combining mark on the next character or group:
    /// `\'e`, `\'{e}`, `\c c`, `\"{\i}`.
    private mutating func applyAccent(_ mark: Character) -> String {
        var base = ""
        if index < characters.count, characters[index] == "{" {
            index += 1
            base = read(protected: false).map { piece -> String in
                if case .text(let text, _) = piece { return text }
                return ""
            }.joined()
        } else if index < characters.count, characters[index] == "\\" {
            index += 1
            if case .text(let text) = readCommand() { base = text }
        } else if index < characters.count {
            base = String(characters[index])
            index += 1
        }
        guard var first = base.first else { return String(mark) }
        // `\'{\i}` is í: the dotless letters take accents as i and j.
        if first == "ı" { first = "i" } else if first == "ȷ" { first = "j" }
        let combined = (String(first) + String(mark)).precomposedStringWithCanonicalMapping
        return combined + base.dropFirst()
    }

    /// Accent commands and their combining marks.
    static let accents: [String: Character] = [
        "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "\"": "\u{0308}", "~": "\u{0303}", "=": "\u{0304}",
        ".": "\u{0307}", "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}", "c": "\u{0327}", "k": "\u{0328}",
        "d": "\u{0323}", "b": "\u{0331}", "r": "\u{030A}", "t": "\u{0361}",
    ]

    static let letters: [String: String] = [
        "ss": "ß", "SS": "SS", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
        "dj": "đ", "DJ": "Đ",
    ]

    static let symbols: [String: String] = [
        "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
        "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
        "S": "§", "P": "¶", "copyright": "©", "textcopyright": "©", "textregistered": "®", "texttrademark": "™",
        "textasciitilde": "~", "textbackslash": "\\", "textunderscore": "_", "textbar": "|", "textdegree": "°",
        "textless": "<", "textgreater": ">", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
        "guillemotleft": "«", "guillemotright": "»", "quad": " ", "qquad": " ", "space": " ", "nobreakspace": "\u{00A0}",
    ]

    /// Font declarations (`{\em …}`, `{\bf …}`): their text stays, the command goes.
    static let ignoredDeclarations: Set<String> = [
        "em", "it", "bf", "sc", "rm", "tt", "sl", "sf", "itshape", "bfseries", "scshape", "upshape", "normalfont",
        "relax", "protect", "small", "footnotesize", "large", "Large",
    ]

    /// Commands whose argument is not text: `\noopsort{…}` only sorts.
    static let droppedWithArgument: Set<String> = ["noopsort", "SortNoop", "sortnoop", "cite", "label", "index"]
}
