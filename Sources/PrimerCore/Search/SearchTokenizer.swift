import Foundation

/// How text becomes search terms: at build time for the index, and in the
/// reader's browser for a query (`Resources/search.js` implements the same
/// rules; `Tests/Fixtures/search-terms.json` holds the cases both are tested
/// against, so the two cannot drift apart).
///
/// - Text is normalised the way a reader's typing should match it:
///   compatibility decomposition (NFKD: full-width letters and digits become
///   ASCII, ligatures split), accents and other combining marks removed,
///   lower case. "Naïve", "NAIVE" and "ｎａｉｖｅ" are one word.
/// - A word is a run of letters and digits; an apostrophe between letters
///   and a point between digits stay inside it ("relu's", "0.25").
///   Words are stemmed lightly (`stem`): plurals and possessives only.
/// - Chinese and Japanese text has no spaces between words: a run
///   of those characters gives each character and each pair of adjacent
///   characters (bigrams). A query of two or more such characters is looked
///   up by its bigrams, so "梯度消失" finds the pages where those four
///   characters stand anywhere in a sentence; the reader's browser then
///   checks that they stand together. The README gives the measurements
///   that chose bigrams over a word segmenter.
enum SearchTokenizer {
    /// Terms longer than this (in Unicode scalars) are cut: nobody types them.
    static let maximumTermLength = 40

    /// The terms of `text` in order, repetitions included.
    ///
    /// The text is normalised one scalar at a time, as the browser does it
    /// (the result is the same as for the whole text: marks are removed, and
    /// lower case needs no context once final sigma is folded).
    static func terms(in text: String) -> [String] {
        var characters: [(scalar: Unicode.Scalar, isCapital: Bool)] = []
        characters.reserveCapacity(text.utf8.count)
        for original in text.unicodeScalars {
            let isCapital = (0x41...0x5A).contains(original.value)
            for scalar in normalized(original) { characters.append((scalar, isCapital)) }
        }
        var terms: [String] = []
        var word = String.UnicodeScalarView()
        var capitals: [Bool] = []
        var ideographs: [Unicode.Scalar] = []

        func endWord() {
            guard !word.isEmpty else { return }
            let count = capitals.count
            let acronymPlural = count >= 3 && word.last == "s" && !capitals[count - 1] && capitals[count - 2] && capitals[count - 3]
            terms.append(stem(String(word), isAcronymPlural: acronymPlural))
            word = String.UnicodeScalarView()
            capitals.removeAll(keepingCapacity: true)
        }
        func endIdeographs() {
            for (index, scalar) in ideographs.enumerated() {
                terms.append(String(scalar))
                if index + 1 < ideographs.count {
                    var pair = String.UnicodeScalarView()
                    pair.append(scalar)
                    pair.append(ideographs[index + 1])
                    terms.append(String(pair))
                }
            }
            ideographs.removeAll(keepingCapacity: true)
        }

        for (index, (scalar, isCapital)) in characters.enumerated() {
            if isIdeographic(scalar) {
                endWord()
                ideographs.append(scalar)
                continue
            }
            endIdeographs()
            let inWord =
                isWordCharacter(scalar)
                || (!word.isEmpty && index + 1 < characters.count
                    && joins(scalar, previous: word.last!, next: characters[index + 1].scalar))
            if !inWord {
                endWord()
            } else if word.count < maximumTermLength {
                word.append(scalar)
                capitals.append(isCapital)
            }
        }
        endWord()
        endIdeographs()
        return terms
    }

    /// A scalar as search compares it: NFKD, without combining marks, in
    /// lower case, final sigma as sigma. Most text is ASCII or CJK, which
    /// NFKD leaves as it is.
    static func normalized(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        switch scalar.value {
        case 0x41...0x5A: return [Unicode.Scalar(scalar.value + 0x20)!]
        case 0...0x7F, 0x4E00...0x9FFF: return [scalar]
        default: break
        }
        var result: [Unicode.Scalar] = []
        for decomposed in String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch decomposed.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default:
                for lower in decomposed.properties.lowercaseMapping.unicodeScalars {
                    result.append(lower == "\u{3C2}" ? "\u{3C3}" : lower)
                }
            }
        }
        return result
    }

    /// A word without its plural or possessive ending: "gradients" →
    /// "gradient", "ReLU's" → "relu", "batches" → "batch", "values" →
    /// "value", "activities" → "activity"; words of three letters or fewer,
    /// words with digits, and endings "ss", "us", "is", "ias" stay ("loss",
    /// "bias", "analysis"). Light on purpose: a reader is never surprised
    /// by what a word matches (no "general" for "generation"). A word that
    /// ends in two capitals and a small "s" is an acronym's plural
    /// ("ReLUs", "GPUs"): the "s" goes.
    static func stem(_ word: String, isAcronymPlural: Bool = false) -> String {
        var word = word
        if isAcronymPlural { return String(word.dropLast()) }
        for possessive in ["'s", "\u{2019}s"] where word.hasSuffix(possessive) { word.removeLast(2) }
        word.removeAll { $0 == "'" || $0 == "\u{2019}" }
        guard word.count > 3, word.unicodeScalars.allSatisfy({ $0.value >= 0x61 && $0.value <= 0x7A }) else { return word }
        func ends(_ suffixes: String...) -> Bool { suffixes.contains { word.hasSuffix($0) } }
        if ends("ies") && !ends("eies", "aies") { return word.dropLast(3) + "y" }
        if ends("sses", "xes", "ches", "shes", "zzes") { return String(word.dropLast(2)) }
        if ends("es") && !ends("aes", "ees", "oes") { return String(word.dropLast()) }
        if ends("s") && !ends("ss", "us", "is", "ias") { return String(word.dropLast()) }
        return word
    }

    /// Letters and decimal digits (after normalisation).
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return (0x61...0x7A).contains(scalar.value) || (0x41...0x5A).contains(scalar.value) || (0x30...0x39).contains(scalar.value)
        }
        return !isIdeographic(scalar) && (scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal)
    }

    /// Scripts written without spaces between words: CJK ideographs (with
    /// extensions and compatibility forms) and kana.
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }

    /// An apostrophe between letters, a point between digits.
    private static func joins(_ scalar: Unicode.Scalar, previous: Unicode.Scalar, next: Unicode.Scalar) -> Bool {
        switch scalar {
        case "'", "\u{2019}": isWordCharacter(next) && !isDigit(next) && !isDigit(previous)
        case ".": isDigit(previous) && isDigit(next)
        default: false
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }
}
