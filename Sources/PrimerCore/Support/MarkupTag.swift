/// A tag of HTML, read from its `<`: how the link checks and the search
/// index read the pages they are given (Primer's own, and authors' raw HTML).
struct MarkupTag {
    /// In lower case.
    var name: String
    var isClosing: Bool
    /// `<br/>`.
    var isSelfClosing: Bool
    /// Names in lower case, values as written (character references kept).
    var attributes: [(name: String, value: String)]
    /// Where the tag ends: the index after its `>`.
    var end: Int

    /// The first value of the attribute `name`.
    func value(of name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The tag whose `<` is at `index`; nil when none starts there (a
    /// comment, a `<` in text, a tag cut off by the end).
    static func read(_ bytes: [UInt8], at index: Int) -> MarkupTag? {
        var position = index + 1
        let isClosing = position < bytes.count && bytes[position] == UInt8(ascii: "/")
        if isClosing { position += 1 }
        guard position < bytes.count, (bytes[position] | 0x20) >= UInt8(ascii: "a"), (bytes[position] | 0x20) <= UInt8(ascii: "z")
        else { return nil }
        let nameStart = position
        while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
        var attributes: [(name: String, value: String)] = []
        while position < bytes.count, bytes[position] != UInt8(ascii: ">") {
            skipSpaces(bytes, &position)
            let attributeStart = position
            while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
            if attributeStart == position {  // a stray "/" or "="
                if position < bytes.count, bytes[position] != UInt8(ascii: ">") { position += 1 }
                continue
            }
            let attribute = String(decoding: bytes[attributeStart..<position], as: UTF8.self).lowercased()
            skipSpaces(bytes, &position)
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                attributes.append((attribute, ""))
                continue
            }
            position += 1
            skipSpaces(bytes, &position)
            var value: ArraySlice<UInt8> = []
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                let quote = bytes[position]
                let valueStart = position + 1
                position = valueStart
                while position < bytes.count, bytes[position] != quote { position += 1 }
                value = bytes[valueStart..<min(position, bytes.count)]
                position += 1
            } else {
                // Unquoted: up to white space or the tag's end.
                let valueStart = position
                while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") { position += 1 }
                value = bytes[valueStart..<position]
            }
            attributes.append((attribute, String(decoding: value, as: UTF8.self)))
        }
        guard position < bytes.count else { return nil }
        let isSelfClosing = position > index && bytes[position - 1] == UInt8(ascii: "/")
        return MarkupTag(name: name, isClosing: isClosing, isSelfClosing: isSelfClosing, attributes: attributes, end: position + 1)
    }

    /// Where the comment whose `<!--` is at `index` ends (after its `-->`,
    /// or the end of the text); nil when no comment starts there.
    static func endOfComment(in bytes: [UInt8], at index: Int) -> Int? {
        guard bytes[index...].starts(with: commentStart) else { return nil }
        var position = index + commentStart.count
        while position < bytes.count, !bytes[position...].starts(with: commentEnd) { position += 1 }
        return min(position + commentEnd.count, bytes.count)
    }

    /// The index after the `>` that ends the tag whose name starts at
    /// `index`, outside quoted values; nil when the text ends first.
    static func end(in bytes: [UInt8], from index: Int) -> Int? {
        var quote: UInt8?
        for position in index..<bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return position + 1
            }
        }
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)

    private static func isNameByte(_ byte: UInt8) -> Bool {
        !isSpace(byte) && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "=")
    }

    private static func skipSpaces(_ bytes: [UInt8], _ position: inout Int) {
        while position < bytes.count, isSpace(bytes[position]) { position += 1 }
    }
}
