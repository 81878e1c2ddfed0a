/// One person's name, read from BibTeX's forms: "First von Last",
/// "von Last, First" and "von Last, Jr, First". A name in braces
/// (`{World Health Organization}`) is a family name alone.
struct PersonName: Hashable, Sendable {
    var given: String = ""
    /// The lower-case particles: "van der", "de la".
    var particle: String = ""
    var family: String = ""
    var suffix: String = ""

    /// The family name with its particle: "van der Maaten".
    var fullFamily: String { [particle, family].filter { !$0.isEmpty }.joined(separator: " ") }

    /// The given names as initials: "J.-P. R." (`period`), "J P R" without.
    func initials(period: Bool) -> String {
        given.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).map { part in
            part.split(separator: "-").compactMap { piece in
                piece.first { $0.isLetter }.map { String($0).uppercased() + (period ? "." : "") }
            }.joined(separator: period ? "-" : " ")
        }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// The names of a field (`author`, `editor`): names separated by `and`,
/// with `and others` meaning there are more ("et al.").
struct NameList: Hashable, Sendable {
    var names: [PersonName] = []
    var hasOthers = false

    var isEmpty: Bool { names.isEmpty }

    init(names: [PersonName] = [], hasOthers: Bool = false) {
        self.names = names
        self.hasOthers = hasOthers
    }

    /// Reads a field's TeX.
    init(tex: String) {
        for words in Self.split(Self.words(of: tex), onWord: "and") where !words.isEmpty {
            if words.count == 1, words[0].lowercased() == "others" {
                hasOthers = true
            } else {
                names.append(Self.name(words.joined(separator: " ")))
            }
        }
    }

    /// Words at brace depth 0, split at spaces (and `~`).
    private static func words(of tex: String) -> [String] {
        var words: [String] = []
        var word = ""
        var depth = 0
        var previous: Character = " "
        for character in tex {
            if depth == 0, character.isWhitespace || (character == "~" && previous != "\\") {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                if character == "{" { depth += 1 }
                if character == "}" { depth = max(0, depth - 1) }
                word.append(character)
            }
            previous = character
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    private static func split(_ words: [String], onWord separator: String) -> [[String]] {
        var groups: [[String]] = [[]]
        for word in words {
            if word.lowercased() == separator { groups.append([]) } else { groups[groups.count - 1].append(word) }
        }
        return groups
    }

    private static func name(_ tex: String) -> PersonName {
        // Parts at depth-0 commas.
        var parts: [String] = [""]
        var depth = 0
        for character in tex {
            if character == "{" { depth += 1 }
            if character == "}" { depth = max(0, depth - 1) }
            if character == ",", depth == 0 { parts.append("") } else { parts[parts.count - 1].append(character) }
        }
        let partWords = parts.map { words(of: $0) }
        var name = PersonName()
        switch partWords.count {
        case 1:
            let words = partWords[0]
            guard words.count > 1 else {
                name.family = decode(words)
                return name
            }
            // "First von Last": the particle runs from the first lower-case
            // word to the last one before the final word.
            let candidates = words.indices.dropLast()
            if let start = candidates.first(where: { isLowerCase(words[$0]) }),
                let end = candidates.last(where: { isLowerCase(words[$0]) })
            {
                name.given = decode(Array(words[..<start]))
                name.particle = decode(Array(words[start...end]))
                name.family = decode(Array(words[(end + 1)...]))
            } else {
                name.given = decode(Array(words.dropLast()))
                name.family = decode([words[words.count - 1]])
            }
        default:
            // "von Last, First" or "von Last, Jr, First".
            let head = partWords[0]
            var particleEnd = 0
            while particleEnd < head.count - 1, isLowerCase(head[particleEnd]) { particleEnd += 1 }
            name.particle = decode(Array(head[..<particleEnd]))
            name.family = decode(Array(head[particleEnd...]))
            if partWords.count == 2 {
                name.given = decode(partWords[1])
            } else {
                name.suffix = decode(partWords[1])
                name.given = decode(Array(partWords[2...].joined()))
            }
        }
        return name
    }

    /// BibTeX's test for a particle: the first letter is lower case; a word
    /// in braces that does not start with a command has no case.
    private static func isLowerCase(_ word: String) -> Bool {
        if word.hasPrefix("{"), !word.hasPrefix("{\\") { return false }
        return BibTeXText(tex: word).plain.first { $0.isLetter }?.isLowercase ?? false
    }

    private static func decode(_ words: [String]) -> String {
        BibTeXText(tex: words.joined(separator: " ")).plain.trimmingCharacters(in: .whitespaces)
    }
}
