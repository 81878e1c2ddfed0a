import Foundation
import Testing

@testable import PrimerCore

/// The math font every site ships (`MathWebFont`), made by
/// `scripts/make-math-font`.
@Suite("The math font")
struct MathFontTests {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The committed font, as the script wrote it.
    private static let resource = repository.appendingPathComponent("Sources/PrimerCore/Resources/latinmodern-math.woff2")

    private func builtSite() throws -> [String: Data] {
        let folder = try TemporaryFolder()
        try folder.write(["Content/index.md": "# Formulas\n\n$f'(x) = \\sum_i \\alpha_i x_i$\n"])
        _ = try folder.generator().build()
        return folder.snapshot("docs")
    }

    @Test("the site has the font, byte for byte the committed WOFF2 file, and its licence beside it")
    func fontInSite() throws {
        let site = try builtSite()
        let font = try #require(site[MathWebFont.path])
        #expect(font == (try Data(contentsOf: Self.resource)))
        #expect(Array(font.prefix(4)) == Array("wOF2".utf8))
        let licence = String(decoding: try #require(site[MathWebFont.licencePath]), as: UTF8.self)
        #expect(licence.contains("This is a preliminary version (2006-09-30), barring acceptance from"))
        #expect(licence.contains("LPPL Version 1.3c  2008-05-04"))
        #expect(licence.contains("The changes (LPPL clause 6b)"))
    }

    @Test("the stylesheet's @font-face names the font by a URL that resolves to it, and math is set in it")
    func fontFace() throws {
        let css = Stylesheet.css
        let start = try #require(css.range(of: "@font-face {"))
        let end = try #require(css[start.upperBound...].firstIndex(of: "}"))
        let rule = String(css[start.upperBound..<end])
        let family = try #require(rule.firstMatch(of: /font-family: "([^"]+)";/)?.output.1)
        let url = try #require(rule.firstMatch(of: /src: url\("([^"]+)"\) format\("woff2"\);/)?.output.1)
        #expect(rule.contains("font-display: swap;"))
        #expect(family == MathWebFont.family)

        // Relative to the stylesheet, as a browser resolves it.
        let folder = PageLayout.stylesheetPath.split(separator: "/").dropLast()
        let resolved = (folder + url.split(separator: "/")).joined(separator: "/")
        #expect(!url.contains(":") && !url.hasPrefix("/"))
        #expect(resolved == MathWebFont.path)
        #expect(try builtSite()[resolved] != nil)

        #expect(css.contains("math { font-family: \"\(family)\", math;"))
        #expect(css.contains(":is(msub, msup, msubsup, mmultiscripts) > :not(:first-child) { font-feature-settings: \"ssty\" 1; }"))
    }

    @Test("the WOFF2 header and table directory: an OpenType CFF font with a MATH table")
    func tableDirectory() throws {
        let bytes = Array(try Data(contentsOf: Self.resource))
        let font = try WOFF2Directory(bytes)
        #expect(font.flavor == "OTTO")
        #expect(font.length == bytes.count)
        #expect(
            Set(font.tables.keys).isSuperset(of: ["MATH", "GSUB", "CFF ", "cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post"]))
        // The subset's MATH table is 15 KB; one of constants alone, a few hundred bytes.
        #expect(try #require(font.tables["MATH"]) > 10_000)
        #expect(font.totalSfntSize >= font.tables.values.reduce(12 + 16 * font.tables.count) { $0 + ($1 + 3) / 4 * 4 })
    }

    @Test("the parser reads an arbitrary tag, a transformed table's length, and rejects what is not WOFF2")
    func tableDirectoryParser() throws {
        var header = Array("wOF2".utf8) + Array("OTTO".utf8) + [0, 0, 0, 80] + [0, 2, 0, 0]
        header += [UInt8](repeating: 0, count: 48 - header.count)
        // 'zzzz' (arbitrary, 63), 300 bytes; 'hmtx' (index 3) transformed (version 1): 1000 bytes, 700 after.
        let entries: [UInt8] = [63] + Array("zzzz".utf8) + [0x82, 0x2C] + [0x43, 0x87, 0x68, 0x85, 0x3C]
        let font = try WOFF2Directory(header + entries)
        #expect(font.tables == ["zzzz": 300, "hmtx": 1000])
        #expect(throws: WOFF2Directory.Malformed.self) { try WOFF2Directory(Array("wOFF".utf8) + header.dropFirst(4) + entries) }
        #expect(throws: WOFF2Directory.Malformed.self) { try WOFF2Directory(header + [0x43, 0x80, 0x01]) }
    }

    @Test("the font covers the characters formulas use, stretches delimiters and accents, and has script-style primes")
    func coverage() throws {
        let font = try FontDescription.of(Self.resource)
        #expect(font.tables.contains("MATH"))
        let characters = Set(font.characters)
        let formulas = "∑∫∬∮∏√∂∇∞′″‴⟨⟩⌈⌉⌊⌋‖∣±×÷·⋅−∈∉⊂⊆∪∩≤≥≠≈≡∝→←⇒⇔↦∀∃∅ℓℏℝℕℤℚℂℒℋαβγδεθλμπσφωΓΔΘΣΦΨΩϵϑϕ⏞⏟□△✓ı"
        // (Latin Modern Math has capital script letters only, as TeX's \mathcal.)
        let alphanumerics = "𝐱𝐀𝑥𝑓ℎ𝒙𝜽𝛼𝒜𝒞𝔸𝕜𝖠𝗑𝘅𝘹𝚡𝔤𝟎𝟙𝟢𝝁"
        let ascii = (0x21...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }
        let missing = (Array(formulas + alphanumerics) + ascii).filter { !characters.contains($0.unicodeScalars.first!.value) }
        #expect(missing.isEmpty, "the font lacks \(String(missing))")

        let vertical = Set(font.verticalStretchy)
        let fixed = "()[]{}|‖⌈⌉⌊⌋⟨⟩√∑∫".filter { !vertical.contains($0.unicodeScalars.first!.value) }
        #expect(fixed.isEmpty, "no larger sizes for \(fixed)")
        // → ← ↔ ⏞ ⏟, the combining hat, low line and arrow, and the spacing
        // macron, tilde and caron that wide accents stretch.
        let horizontal = Set(font.horizontalStretchy)
        let unstretched = [0x2192, 0x2190, 0x2194, 0x23DE, 0x23DF, 0x0302, 0x0332, 0x20D7, 0x00AF, 0x02DC, 0x02C7]
            .filter { !horizontal.contains($0) }
        #expect(unstretched.isEmpty, "no wider sizes for \(unstretched.map { Self.codePoint(UInt32($0)) })")

        // Browsers shape primes as 'DFLT' and letters as 'latn' text; the
        // font's own 'math' script is never asked for.
        for script in ["DFLT", "latn"] {
            #expect(font.features[script]?.contains("ssty") == true, "no ssty for \(script)")
        }
        #expect(font.scriptStyle["2032"]?.count == 2)
        #expect(font.scriptStyle["2033"]?.count == 2)
    }

    /// The characters MathML Core stretches along the inline axis (its
    /// appendix B.2, "Stretchy Operator Axis") that could be accents: the
    /// list's arrows but ← → ↔ are left out. A browser stretches any other
    /// character vertically, so as an accent it never widens.
    static let inlineAxis: Set<UInt32> = [
        0x003D, 0x005E, 0x005F, 0x007E, 0x00AF, 0x02C6, 0x02C7, 0x02C9, 0x02CD, 0x02DC, 0x02F7, 0x0302, 0x0332, 0x203E,
        0x20D0, 0x20D1, 0x20D6, 0x20D7, 0x20E1, 0x2190, 0x2192, 0x2194, 0x23B4, 0x23B5, 0x23DC, 0x23DD, 0x23DE, 0x23DF,
        0x23E0, 0x23E1,
    ]

    private static func codePoint(_ code: UInt32) -> String { "U+" + String(code, radix: 16, uppercase: true) }

    @Test("every stretching accent is a character MathML Core stretches horizontally and the font widens")
    func wideAccents() throws {
        let font = try FontDescription.of(Self.resource)
        // The accents' marks, and \underline's (which the converter writes itself).
        let marks = TeXSymbols.accents.values.filter(\.stretchy).map(\.mark) + ["\u{332}"]
        for mark in marks {
            let code = try #require(mark.unicodeScalars.first).value
            #expect(
                mark.unicodeScalars.count == 1 && Self.inlineAxis.contains(code), "\(Self.codePoint(code)) does not stretch horizontally")
            let sizes = font.horizontalSizes[String(format: "%04X", code)]
            #expect(sizes.map { $0.sizes.count > 1 || $0.assembly } == true, "the font has no wider sizes for \(Self.codePoint(code))")
        }
        // \overline, \widetilde and \widecheck: the combining marks' sizes,
        // the smallest too a spacing glyph with its ink inside its advance
        // (a browser centres the advance over the base), growing.
        for code: UInt32 in [0x00AF, 0x02DC, 0x02C7] {
            let wide = try #require(font.horizontalSizes[String(format: "%04X", code)], "\(Self.codePoint(code))")
            #expect(wide.sizes.count >= 2)
            #expect(zip(wide.sizes, wide.sizes.dropFirst()).allSatisfy { $0.advance < $1.advance }, "\(Self.codePoint(code))")
            for size in wide.sizes {
                #expect(size.advance > 0 && size.inkLeft >= 0 && size.inkRight <= size.advance, "\(Self.codePoint(code)): \(size)")
            }
        }
        #expect(font.horizontalSizes["00AF"]?.assembly == true, "\\overline must grow to any width")
    }
}

/// What `scripts/make-math-font --describe` says a font file holds (read
/// with fonttools, which decompresses the WOFF2 file's Brotli stream).
private struct FontDescription: Decodable {
    var tables: [String]
    var characters: [UInt32]
    var features: [String: [String]]
    var scriptStyle: [String: [String]]
    var verticalStretchy: [UInt32]
    var horizontalStretchy: [UInt32]
    /// By character (4 hex digits): the horizontal size variants, smallest
    /// first, and whether an assembly follows them.
    var horizontalSizes: [String: HorizontalSizes]

    struct HorizontalSizes: Decodable {
        var sizes: [Size]
        var assembly: Bool
    }

    /// A glyph's advance and the left and right of its ink, in font units.
    struct Size: Decodable, CustomStringConvertible {
        var advance: Int
        var inkLeft: Int
        var inkRight: Int

        init(from decoder: Decoder) throws {
            var values = try decoder.unkeyedContainer()
            (advance, inkLeft, inkRight) = (try values.decode(Int.self), try values.decode(Int.self), try values.decode(Int.self))
        }

        var description: String { "advance \(advance), ink \(inkLeft)…\(inkRight)" }
    }

    static func of(_ font: URL) throws -> FontDescription {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/make-math-font")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--describe", font.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DescriptionFailed(message: "scripts/make-math-font --describe exited with \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(FontDescription.self, from: data)
    }

    struct DescriptionFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// A WOFF2 file's header and table directory (W3C WOFF2, section 5), which
/// come before the Brotli-compressed tables: each table's tag and its
/// length in the decompressed font.
private struct WOFF2Directory {
    struct Malformed: Error {}

    var flavor: String
    var length: Int
    var totalSfntSize: Int
    /// Original (decompressed, untransformed) length by tag.
    var tables: [String: Int] = [:]

    /// Tags numbered by a table entry's flags; 63 means the tag follows.
    static let knownTags = [
        "cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post", "cvt ", "fpgm", "glyf", "loca", "prep", "CFF ", "VORG",
        "EBDT", "EBLC", "gasp", "hdmx", "kern", "LTSH", "PCLT", "VDMX", "vhea", "vmtx", "BASE", "GDEF", "GPOS", "GSUB", "EBSC",
        "JSTF", "MATH", "CBDT", "CBLC", "COLR", "CPAL", "SVG ", "sbix", "acnt", "avar", "bdat", "bloc", "bsln", "cvar", "fdsc",
        "feat", "fmtx", "fvar", "gvar", "hsty", "just", "lcar", "mort", "morx", "opbd", "prop", "trak", "Zapf", "Silf", "Glat",
        "Gloc", "Feat", "Sill",
    ]

    init(_ bytes: [UInt8]) throws {
        var reader = Reader(bytes: bytes)
        guard try reader.tag() == "wOF2" else { throw Malformed() }
        flavor = try reader.tag()
        length = try reader.uint32()
        let count = try reader.uint16()
        _ = try reader.uint16()  // reserved
        totalSfntSize = try reader.uint32()
        reader.offset = 48  // the rest of the header: compressed size, version, metadata
        for _ in 0..<count {
            let flags = try reader.byte()
            let index = Int(flags & 0x3F)
            let tag = index == 63 ? try reader.tag() : Self.knownTags[index]
            let version = flags >> 6
            let originalLength = try reader.base128()
            // glyf and loca are transformed unless version 3; others when not 0.
            let transformed = tag == "glyf" || tag == "loca" ? version != 3 : version != 0
            if transformed { _ = try reader.base128() }
            tables[tag] = originalLength
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint16() throws -> Int { Int(try byte()) << 8 | Int(try byte()) }
        mutating func uint32() throws -> Int { try uint16() << 16 | uint16() }

        mutating func tag() throws -> String {
            String(decoding: try (0..<4).map { _ in try byte() }, as: UTF8.self)
        }

        /// UIntBase128: big-endian groups of 7 bits, the high bit set on all
        /// but the last byte; at most 5 bytes, no leading zero group.
        mutating func base128() throws -> Int {
            var value = 0
            for position in 0..<5 {
                let next = try byte()
                if position == 0 && next == 0x80 { throw Malformed() }
                guard value & 0xFE00_0000 == 0 else { throw Malformed() }
                value = value << 7 | Int(next & 0x7F)
                if next & 0x80 == 0 { return value }
            }
            throw Malformed()
        }
    }
}
