import Foundation

/// Reads source text files: UTF-8 only, with the place of the first bad byte
/// reported when a file is not UTF-8.
enum TextFile {
    static func read(_ url: URL, displayPath: String) throws(BuildFailure) -> String {
        try decode(readBytes(url, displayPath: displayPath), displayPath: displayPath)
    }

    /// The file's bytes, undecoded.
    static func readBytes(_ url: URL, displayPath: String) throws(BuildFailure) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw BuildFailure(
                Diagnostic(at: SourceLocation(file: displayPath), id: "file.unreadable", "cannot read file: \(error.localizedDescription)"))
        }
    }

    /// Decodes UTF-8 (dropping a byte-order mark, normalizing CRLF to LF).
    static func decode(_ bytes: [UInt8], displayPath: String) throws(BuildFailure) -> String {
        if let offset = firstInvalidUTF8Offset(bytes) {
            let before = bytes[..<offset]
            let line = before.count { $0 == UInt8(ascii: "\n") } + 1
            let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: displayPath, line: line, column: offset - lineStart + 1),
                    id: "file.not-utf8",
                    "file is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)))",
                    notes: ["save the file as UTF-8"]))
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.utf8.contains(UInt8(ascii: "\r")) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return text
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
