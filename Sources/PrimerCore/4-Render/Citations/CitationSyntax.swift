/// Pandoc's citation syntax, found in a run of text:
///
/// - bracketed: `[@glorot2010]`, `[@he2015; @duchi2011]`, `[@key, p. 3]`
///   (a locator after a comma), `[see @key]` (a prefix), `[-@key]` (the
///   author left out, for "as Glorot and Bengio [-@glorot2010] show");
/// - bare: `@glorot2010` in prose, optionally followed by a locator in
///   brackets, `@glorot2010 [p. 3]`.
///
/// A key starts with an ASCII letter, digit or `_` and goes on with those
/// and with `:.#$%&-+?<>~/` between them (so `@he2015.` ends before the
/// full stop); `@{…}` holds any other key. An `@` after a letter or digit of
/// a Latin word (`me@example.com`) starts nothing; after CJK text it may
/// (`正如@he2015所示`).
enum CitationSyntax {
    struct Item: Equatable {
        var key: String
        var prefix: String
        /// The locator or other text after the key, without its comma.
        var suffix: String
        var suppressesAuthor: Bool
        /// The UTF-8 offset of the key's `@` in the scanned text.
        var offset: Int
    }

    struct Match: Equatable {
        enum Form: Equatable { case bracketed, bare }
        var form: Form
        var items: [Item]
        /// The UTF-8 range of the citation in the scanned text, its locator
        /// included.
        var range: Range<Int>
        /// For a bare citation: where it ends without its bracketed locator.
        var keyEnd: Int
    }

    /// Every citation in `text`, bracketed and bare, in order. Groups that
    /// name a cross-reference label (`[@fig-x]`) are not citations, and
    /// neither are bare `@fig-x`, `@tbl-x`, `@eq-x`.
    static func matches(in text: String) -> [Match] {
        let characters = Array(text)
        var offsets: [Int] = [0]
        offsets.reserveCapacity(characters.count + 1)
        for character in characters { offsets.append(offsets[offsets.count - 1] + character.utf8.count) }
        var matches: [Match] = []
        var index = 0
        while index < characters.count {
            if characters[index] == "[", let (match, end) = bracketed(characters, at: index, offsets: offsets) {
                matches.append(match)
                index = end
            } else if characters[index] == "@", let (match, end) = bare(characters, at: index, offsets: offsets) {
                matches.append(match)
                index = end
            } else {
                index += 1
            }
        }
        return matches
    }

    // MARK: Forms

    private static func bracketed(_ characters: [Character], at open: Int, offsets: [Int]) -> (Match, Int)? {
        guard let close = closingBracket(characters, after: open) else { return nil }
        var items: [Item] = []
        var start = open + 1
        for end in (open + 1...close) where end == close || characters[end] == ";" {
            guard let item = item(characters, from: start, to: end, offsets: offsets) else { return nil }
            items.append(item)
            start = end + 1
        }
        guard !items.isEmpty, !items.contains(where: { CrossReferences.kind(of: $0.key) != nil }) else { return nil }
        return (Match(form: .bracketed, items: items, range: offsets[open]..<offsets[close + 1], keyEnd: offsets[close + 1]), close + 1)
    }

    /// One `prefix -@key suffix` of a bracketed group.
    private static func item(_ characters: [Character], from start: Int, to end: Int, offsets: [Int]) -> Item? {
        var at: Int?
        for index in start..<end where characters[index] == "@" {
            let before = index > start ? characters[index - 1] : " "
            let beforeDash = index - 1 > start ? characters[index - 2] : " "
            if before.isWhitespace || (before == "-" && beforeDash.isWhitespace) {
                at = index
                break
            }
        }
        guard let at, let (key, keyEnd) = key(characters, after: at), keyEnd <= end else { return nil }
        let suppresses = at > start && characters[at - 1] == "-"
        let prefix = String(characters[start..<(suppresses ? at - 1 : at)]).trimmingSpaces
        var suffix = String(characters[keyEnd..<end]).trimmingSpaces
        if suffix.hasPrefix(",") { suffix = String(suffix.dropFirst()).trimmingSpaces }
        // A second key in one item: the group is not a citation.
        if suffix.split(separator: " ").contains(where: { $0.hasPrefix("@") || $0.hasPrefix("-@") }) { return nil }
        return Item(key: key, prefix: prefix, suffix: suffix, suppressesAuthor: suppresses, offset: offsets[at])
    }

    private static func bare(_ characters: [Character], at index: Int, offsets: [Int]) -> (Match, Int)? {
        if index > 0 {
            let before = characters[index - 1]
            let isCJK = before.unicodeScalars.first?.isWideCJK ?? false
            if !isCJK && (before.isLetter || before.isNumber || "_.@\\-".contains(before)) { return nil }
        }
        guard let (key, keyEnd) = key(characters, after: index), CrossReferences.kind(of: key) == nil else { return nil }
        var item = Item(key: key, prefix: "", suffix: "", suppressesAuthor: false, offset: offsets[index])
        var end = keyEnd
        // `@key [p. 3]`: a locator in brackets right after the key.
        if keyEnd + 1 < characters.count, characters[keyEnd] == " ", characters[keyEnd + 1] == "[",
            let close = closingBracket(characters, after: keyEnd + 1)
        {
            let locator = String(characters[(keyEnd + 2)..<close]).trimmingSpaces
            if !locator.isEmpty, !locator.contains("@") {
                item.suffix = locator
                end = close + 1
            }
        }
        return (Match(form: .bare, items: [item], range: offsets[index]..<offsets[end], keyEnd: offsets[keyEnd]), end)
    }

    // MARK: Pieces

    /// The `]` that closes the `[` at `open`, with no bracket between.
    private static func closingBracket(_ characters: [Character], after open: Int) -> Int? {
        var index = open + 1
        while index < characters.count {
            switch characters[index] {
            case "]": return index
            case "[": return nil
            default: index += 1
            }
        }
        return nil
    }

    /// The key after the `@` at `at`, and the index after it.
    static func key(_ characters: [Character], after at: Int) -> (String, Int)? {
        var index = at + 1
        guard index < characters.count else { return nil }
        if characters[index] == "{" {
            guard let close = characters[index...].firstIndex(of: "}"), close > index + 1 else { return nil }
            return (String(characters[(index + 1)..<close]), close + 1)
        }
        func isKeyCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || character == "_")
        }
        guard isKeyCharacter(characters[index]) else { return nil }
        let start = index
        while index < characters.count {
            if isKeyCharacter(characters[index]) {
                index += 1
            } else if ":.#$%&-+?<>~/".contains(characters[index]), index + 1 < characters.count, isKeyCharacter(characters[index + 1]) {
                index += 2
            } else {
                break
            }
        }
        return (String(characters[start..<index]), index)
    }

    /// Whether a bare `@key` that is not in the bibliography is still meant as
    /// a citation (and so is an error): a BibTeX-style key that ends in a
    /// year, `@glorot2011`, `@he2015a`, `@kingma:2015`. Other bare `@names`
    /// (`@MainActor`, `@escaping`) are text.
    static func looksLikeCitationKey(_ key: String) -> Bool {
        var scalars = Array(key.unicodeScalars)
        if let last = scalars.last, ("a"..."z").contains(last), scalars.count > 5 { scalars.removeLast() }
        guard scalars.count > 4, let first = scalars.first, first.properties.isAlphabetic else { return false }
        let year = scalars.suffix(4)
        guard year.allSatisfy({ ("0"..."9").contains($0) }), ["1", "2"].contains(year.first) else { return false }
        let before = scalars[scalars.count - 5]
        return !("0"..."9").contains(before)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
