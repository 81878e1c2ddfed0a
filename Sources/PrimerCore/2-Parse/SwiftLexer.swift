/// Just enough of Swift's lexical grammar to find where a directive's
/// argument list ends: nested parentheses, string literals (with escapes,
/// interpolation, multi-line and raw forms) and comments.
struct SwiftLexer {
    struct Failure: Error {
        var offset: Int
        var message: String
        /// The text ran out before the construct closed: more lines may
        /// complete it.
        var needsMoreText = false
    }

    private let bytes: [UInt8]
    private var index: Int

    /// `start` is the offset of the directive's name, just after `@`.
    init(_ bytes: [UInt8], start: Int) {
        self.bytes = bytes
        self.index = start
    }

    /// Reads `Name(arguments)` and returns the offset just after its `)`.
    mutating func endOfCall() throws(Failure) -> Int {
        let nameStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "(") { index += 1 }
        let open = index
        index += 1
        try skipCode(
            until: UInt8(ascii: ")"), opened: open, what: "directive '@\(String(decoding: bytes[nameStart..<open], as: UTF8.self))(…)'")
        return index
    }

    /// Skips code up to and including the `)` that closes the `(` at `opened`.
    private mutating func skipCode(until closer: UInt8, opened: Int, what: String) throws(Failure) {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                index += 1
            case UInt8(ascii: ")"):
                index += 1
                if depth == 0 { return }
                depth -= 1
            case UInt8(ascii: "\""),
                UInt8(ascii: "#") where startsString():
                try skipString()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                try skipBlockComment()
            default:
                index += 1
            }
        }
        throw Failure(offset: opened, message: "\(what) is never closed: missing ')'", needsMoreText: true)
    }

    private func peek(_ distance: Int) -> UInt8? {
        index + distance < bytes.count ? bytes[index + distance] : nil
    }

    /// A `"` or a run of `#` followed by `"` (a raw string).
    private func startsString() -> Bool {
        var offset = index
        while offset < bytes.count, bytes[offset] == UInt8(ascii: "#") { offset += 1 }
        return offset < bytes.count && bytes[offset] == UInt8(ascii: "\"")
    }

    private mutating func skipString() throws(Failure) {
        let start = index
        var hashes = 0
        while bytes[index] == UInt8(ascii: "#") {
            hashes += 1
            index += 1
        }
        let multiline = bytes[index...].starts(with: [0x22, 0x22, 0x22])
        index += multiline ? 3 : 1
        let closing = Array(repeating: UInt8(ascii: "\""), count: multiline ? 3 : 1) + Array(repeating: UInt8(ascii: "#"), count: hashes)
        let escape = [UInt8(ascii: "\\")] + Array(repeating: UInt8(ascii: "#"), count: hashes)
        while index < bytes.count {
            if bytes[index...].starts(with: closing) {
                index += closing.count
                return
            }
            if bytes[index...].starts(with: escape) {
                index += escape.count
                if index < bytes.count, bytes[index] == UInt8(ascii: "(") {
                    let open = index
                    index += 1
                    try skipCode(until: UInt8(ascii: ")"), opened: open, what: "string interpolation")
                } else {
                    index += 1
                }
                continue
            }
            if bytes[index] == 0x0A && !multiline {
                throw Failure(offset: start, message: "unterminated string literal")
            }
            index += 1
        }
        throw Failure(offset: start, message: "unterminated string literal", needsMoreText: true)
    }

    private mutating func skipBlockComment() throws(Failure) {
        let start = index
        var depth = 0
        while index < bytes.count {
            if bytes[index...].starts(with: [UInt8(ascii: "/"), UInt8(ascii: "*")]) {
                depth += 1
                index += 2
            } else if bytes[index...].starts(with: [UInt8(ascii: "*"), UInt8(ascii: "/")]) {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
        throw Failure(offset: start, message: "unterminated comment '/*'", needsMoreText: true)
    }

    /// 1-based line (relative to `bytes`) and UTF-8 column of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let before = bytes[..<min(offset, bytes.count)]
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return (before.count { $0 == 0x0A } + 1, before.count - lineStart + 1)
    }
}
