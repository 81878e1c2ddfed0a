/// TeX's math fonts as Unicode's Mathematical Alphanumeric Symbols: MathML
/// Core has no `mathvariant` but `normal`, so `\mathbf{x}` is written as
/// the character 𝐱 itself, which every math font has.
enum MathFont: String, Sendable {
    /// `\mathrm`, `\operatorname`: upright.
    case roman
    /// The default for letters: italic (what a single-letter `<mi>` shows).
    case italic
    case bold, boldItalic, script, boldScript, fraktur, doubleStruck, sansSerif, sansSerifBold, sansSerifItalic, monospace

    /// The character `character` in this font, or nil when the font has no
    /// such character (it is then written in the surrounding style).
    func character(for character: Character) -> Character? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
        let value = scalar.value
        let mapped: UInt32?
        switch value {
        case 0x41...0x5A: mapped = latin(offset: value - 0x41, upper: true)
        case 0x61...0x7A: mapped = latin(offset: value - 0x61, upper: false)
        case 0x30...0x39: mapped = digit(value - 0x30)
        default: mapped = greek(value)
        }
        return mapped.flatMap(Unicode.Scalar.init).map(Character.init)
    }

    private func latin(offset: UInt32, upper: Bool) -> UInt32? {
        let letter = Character(Unicode.Scalar(offset + (upper ? 0x41 : 0x61)) ?? "a")
        switch self {
        case .roman: return nil
        // Italic h is Planck's constant's place in Unicode.
        case .italic: return !upper && letter == "h" ? 0x210E : (upper ? 0x1D434 : 0x1D44E) + offset
        case .bold: return (upper ? 0x1D400 : 0x1D41A) + offset
        case .boldItalic: return (upper ? 0x1D468 : 0x1D482) + offset
        case .script:
            let holes: [Character: UInt32] = [
                "B": 0x212C, "E": 0x2130, "F": 0x2131, "H": 0x210B, "I": 0x2110, "L": 0x2112, "M": 0x2133, "R": 0x211B,
                "e": 0x212F, "g": 0x210A, "o": 0x2134,
            ]
            return holes[letter] ?? (upper ? 0x1D49C : 0x1D4B6) + offset
        case .boldScript: return (upper ? 0x1D4D0 : 0x1D4EA) + offset
        case .fraktur:
            let holes: [Character: UInt32] = ["C": 0x212D, "H": 0x210C, "I": 0x2111, "R": 0x211C, "Z": 0x2128]
            return holes[letter] ?? (upper ? 0x1D504 : 0x1D51E) + offset
        case .doubleStruck:
            let holes: [Character: UInt32] = [
                "C": 0x2102, "H": 0x210D, "N": 0x2115, "P": 0x2119, "Q": 0x211A, "R": 0x211D, "Z": 0x2124,
            ]
            return holes[letter] ?? (upper ? 0x1D538 : 0x1D552) + offset
        case .sansSerif: return (upper ? 0x1D5A0 : 0x1D5BA) + offset
        case .sansSerifBold: return (upper ? 0x1D5D4 : 0x1D5EE) + offset
        case .sansSerifItalic: return (upper ? 0x1D608 : 0x1D622) + offset
        case .monospace: return (upper ? 0x1D670 : 0x1D68A) + offset
        }
    }

    private func digit(_ offset: UInt32) -> UInt32? {
        switch self {
        case .bold, .boldItalic: 0x1D7CE + offset
        case .doubleStruck: 0x1D7D8 + offset
        case .sansSerif, .sansSerifItalic: 0x1D7E2 + offset
        case .sansSerifBold: 0x1D7EC + offset
        case .monospace: 0x1D7F6 + offset
        default: nil
        }
    }

    /// Greek: bold, italic and bold italic (and the sans-serif bold forms).
    private func greek(_ value: UInt32) -> UInt32? {
        let base: UInt32
        switch self {
        case .bold: base = 0x1D6A8
        case .italic: base = 0x1D6E2
        case .boldItalic: base = 0x1D71C
        case .sansSerifBold: base = 0x1D756
        default: return nil
        }
        switch value {
        case 0x0391...0x03A9 where value != 0x03A2: return base + value - 0x0391
        case 0x03B1...0x03C9: return base + 0x1A + value - 0x03B1
        case 0x2207: return base + 0x19  // ∇
        case 0x2202: return base + 0x33  // ∂
        default:
            // ϵ ϑ ϰ ϕ ϱ ϖ follow ∂ in each block.
            let variants: [UInt32] = [0x03F5, 0x03D1, 0x03F0, 0x03D5, 0x03F1, 0x03D6]
            return variants.firstIndex(of: value).map { base + 0x34 + UInt32($0) }
        }
    }

    /// The font a command selects.
    static let commands: [String: MathFont] = [
        "mathrm": .roman, "mathup": .roman, "mathnormal": .italic, "mathit": .italic, "mathbf": .bold,
        "boldsymbol": .boldItalic, "bm": .boldItalic, "mathbfit": .boldItalic, "mathcal": .script,
        "mathscr": .script, "mathbfcal": .boldScript, "mathfrak": .fraktur, "mathbb": .doubleStruck,
        "mathsf": .sansSerif, "mathbfsf": .sansSerifBold, "mathsfit": .sansSerifItalic, "mathtt": .monospace,
    ]
}
