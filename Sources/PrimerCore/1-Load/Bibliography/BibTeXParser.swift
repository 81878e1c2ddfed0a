/// One entry of a BibTeX file, its field values as TeX: `@string` macros
/// expanded and `#` pieces joined, braces and commands still in place
/// (`BibTeXText` reads them).
struct BibTeXEntry: Hashable, Sendable {
    /// The entry type, lower-cased: `article`, `inproceedings`, …
    var type: String
    var key: String
    /// Field values by lower-cased field name.
    var fields: [String: String]
    /// Where the entry's `@` is: 1-based line and UTF-8 column.
    var line: Int
    var column: Int
}

/// A malformed part of a BibTeX file, at its 1-based line and UTF-8 column.
struct BibTeXProblem: Hashable, Sendable {
    var line: Int
    var column: Int
    var message: String
}

/// Reads BibTeX as BibTeX and biber do: text outside entries is a comment
/// (and so is the rest of a line after `%`, between fields too); an entry is
/// `@type{key, name = value, …}` or `@type(key, …)`; a value is pieces
/// joined by `#`, each `{…}` (braces nested), `"…"` (braces inside
/// balanced), a number or an `@string` macro (the month macros `jan` …
/// `dec` are predefined); field names, types and macros are read
/// case-insensitively; `@comment` and `@preamble` are skipped.
///
/// A malformed entry is reported at its place and skipped, and reading goes
/// on at the next line that starts with `@`, so every problem of the file is
/// reported at once. A key or a field given twice is a problem too.
struct BibTeXParser {
    private let bytes: [UInt8]
    private var index = 0
    /// Offsets where lines start, for line:column.
    private let lineStarts: [Int]
    private var macros: [String: String] = BibTeXParser.monthMacros
    private var entries: [BibTeXEntry] = []
    /// The field read last in the current entry: its name and the range of its value.
    private var lastValue: (name: String, start: Int, end: Int)?
    private var problems: [BibTeXProblem] = []

    static func parse(_ text: String) -> (entries: [BibTeXEntry], problems: [BibTeXProblem]) {
        var parser = BibTeXParser(text)
        parser.run()
        return (parser.entries, parser.problems)
    }

    private init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    static let monthMacros: [String: String] = [
        "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
        "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
    ]

    /// Thrown inside an entry; the entry is skipped.
    private struct Failure: Error {
        var offset: Int
        var message: String
    }

    // MARK: The file

    private mutating func run() {
        var firstEntry: [String: Int] = [:]
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                skipLine()
                continue
            }
            guard byte == UInt8(ascii: "@") else {
                index += 1
                continue
            }
            let start = index
            do {
                if let entry = try readEntry() {
                    if let first = firstEntry[entry.key] {
                        let (line, _) = position(first)
                        report(start, "entry key '\(entry.key)' is used twice (first on line \(line))")
                    } else {
                        firstEntry[entry.key] = start
                        entries.append(entry)
                    }
                }
            } catch {
                report(error.offset, error.message)
                skipToNextEntry(after: max(error.offset, start + 1))
            }
        }
    }

    /// Reads from an `@`; nil for `@comment`, `@preamble` and `@string`.
    private mutating func readEntry() throws(Failure) -> BibTeXEntry? {
        let at = index
        lastValue = nil
        index += 1
        skipWhitespace()
        let typeStart = index
        let type = readIdentifier().lowercased()
        guard !type.isEmpty else { throw Failure(offset: typeStart, message: "expected an entry type after '@' (such as @article)") }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "(") else {
            throw Failure(offset: index, message: "expected '{' after '@\(type)'")
        }
        let open = index
        let close = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
        index += 1
        switch type {
        case "comment":
            try skipBalanced(from: open, close: close)
            return nil
        case "preamble":
            skipWhitespace()
            _ = try readValue()
            try expectClose(close, open: open, what: "@preamble")
            return nil
        case "string":
            skipWhitespace()
            let nameStart = index
            let name = readIdentifier().lowercased()
            guard !name.isEmpty else { throw Failure(offset: nameStart, message: "expected a macro name in @string") }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw Failure(offset: index, message: "expected '=' after the macro name '\(name)'")
            }
            index += 1
            skipWhitespace()
            macros[name] = try readValue()
            try expectClose(close, open: open, what: "@string")
            return nil
        default:
            break
        }
        skipWhitespace()
        let keyStart = index
        while index < bytes.count, !Self.isWhitespace(bytes[index]), bytes[index] != UInt8(ascii: ","), bytes[index] != close,
            bytes[index] != UInt8(ascii: "{"), bytes[index] != UInt8(ascii: "}")
        {
            index += 1
        }
        let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
        guard !key.isEmpty else { throw Failure(offset: keyStart, message: "expected a citation key after '@\(type){'") }
        let (line, column) = position(at)
        var entry = BibTeXEntry(type: type, key: key, fields: [:], line: line, column: column)
        skipWhitespace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return entry
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else {
            throw failureAtEnd(open: at, what: "entry '\(key)'", expected: "',' after the key '\(key)'")
        }
        index += 1
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw failureAtEnd(open: at, what: "entry '\(key)'", expected: "") }
            if bytes[index] == close {
                index += 1
                return entry
            }
            let nameStart = index
            let name = readIdentifier().lowercased()
            if name.hasPrefix("@") { throw Failure(offset: at, message: "entry '\(key)' is not closed before the next entry") }
            guard !name.isEmpty else {
                throw Failure(
                    offset: nameStart, message: "expected a field name or '\(Character(Unicode.Scalar(close)))' in entry '\(key)'")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw Failure(offset: index, message: "expected '=' after the field name '\(name)'")
            }
            index += 1
            skipWhitespace()
            let valueStart = index
            let value = try readValue()
            lastValue = (name, valueStart, index)
            guard entry.fields[name] == nil else {
                throw Failure(offset: nameStart, message: "field '\(name)' is given twice in entry '\(key)'")
            }
            entry.fields[name] = value
            let valueEnd = index
            skipWhitespace()
            guard index < bytes.count else { throw failureAtEnd(open: at, what: "entry '\(key)'", expected: "") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] != close {
                throw Failure(offset: valueEnd, message: "expected ',' after the value of '\(name)'")
            }
        }
    }

    private func failureAtEnd(open: Int, what: String, expected: String) -> Failure {
        guard index >= bytes.count else { return Failure(offset: index, message: "expected \(expected)") }
        // A value that runs over lines that read like fields lost its '}'.
        if let (name, start, end) = lastValue, position(start).line < position(end).line {
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            let looksLikeFields = text.split(separator: "\n").dropFirst().contains { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                let name = trimmed.prefix { $0.isLetter }
                return !name.isEmpty && trimmed.dropFirst(name.count).drop { $0 == " " }.first == "="
            }
            if looksLikeFields {
                return Failure(
                    offset: start,
                    message: "\(what) is not closed: the value of '\(name)' runs on to line \(position(end - 1).line) (is a '}' missing?)")
            }
        }
        return Failure(offset: open, message: "\(what) is not closed")
    }

    private mutating func expectClose(_ close: UInt8, open: Int, what: String) throws(Failure) {
        skipWhitespace()
        guard index < bytes.count else { throw Failure(offset: open, message: "\(what) is not closed") }
        guard bytes[index] == close else {
            throw Failure(offset: index, message: "expected '\(Character(Unicode.Scalar(close)))' to close \(what)")
        }
        index += 1
    }

    // MARK: Values

    /// Pieces joined by `#`.
    private mutating func readValue() throws(Failure) -> String {
        var value = try readPiece()
        while true {
            let save = index
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "#") else {
                index = save
                return value
            }
            index += 1
            skipWhitespace()
            value += try readPiece()
        }
    }

    private mutating func readPiece() throws(Failure) -> String {
        guard index < bytes.count else { throw Failure(offset: index, message: "expected a value") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try skipBalanced(from: start, close: UInt8(ascii: "}"))
            return String(decoding: bytes[(start + 1)..<(index - 1)], as: UTF8.self)
        case UInt8(ascii: "\""):
            index += 1
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"):
                    depth -= 1
                    if depth < 0 { throw Failure(offset: index, message: "unbalanced '}' in a quoted value") }
                case UInt8(ascii: "\"") where depth == 0:
                    index += 1
                    return String(decoding: bytes[(start + 1)..<(index - 1)], as: UTF8.self)
                default: break
                }
                index += 1
            }
            throw Failure(offset: start, message: "quoted value is not closed (a '\"' inside a value must be in braces: {\"})")
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        default:
            let name = readIdentifier()
            guard !name.isEmpty else {
                throw Failure(offset: start, message: "expected a value: {…}, \"…\", a number or a macro name")
            }
            guard let value = macros[name.lowercased()] else {
                throw Failure(offset: start, message: "unknown @string macro '\(name)' (a text value needs braces or quotes)")
            }
            return value
        }
    }

    /// Skips from the opening delimiter at `from` past its balanced close.
    private mutating func skipBalanced(from open: Int, close: UInt8) throws(Failure) {
        let opener = bytes[open]
        var depth = 0
        index = open
        while index < bytes.count {
            let byte = bytes[index]
            if byte == opener {
                depth += 1
            } else if byte == close {
                depth -= 1
                if depth == 0 {
                    index += 1
                    return
                }
            }
            index += 1
        }
        throw Failure(offset: open, message: "'\(Character(Unicode.Scalar(opener)))' is not closed")
    }

    // MARK: Lexing

    /// BibTeX's identifiers: printable characters other than
    /// `"#%'(),={}` and spaces.
    private mutating func readIdentifier() -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isWhitespace(byte) || byte < 0x20 || byte == 0x7F || "\"#%'(),={}".utf8.contains(byte) { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// Spaces, and `%` comments to the end of their line (as biber reads them).
    private mutating func skipWhitespace() {
        while index < bytes.count {
            if Self.isWhitespace(bytes[index]) {
                index += 1
            } else if bytes[index] == UInt8(ascii: "%") {
                skipLine()
            } else {
                return
            }
        }
    }

    private mutating func skipLine() {
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
    }

    /// After a problem: on to the next line whose first non-blank is `@`.
    private mutating func skipToNextEntry(after offset: Int) {
        index = offset
        while index < bytes.count {
            skipLine()
            index += 1
            var probe = index
            while probe < bytes.count, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "@") {
                index = probe
                return
            }
        }
    }

    private func position(_ offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    private mutating func report(_ offset: Int, _ message: String) {
        let (line, column) = position(min(offset, bytes.count))
        problems.append(BibTeXProblem(line: line, column: column, message: message))
    }
}
