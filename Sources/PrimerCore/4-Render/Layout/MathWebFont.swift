import Foundation

/// The math font every site ships: Latin Modern Math, subset to the
/// characters formulas use and compressed to WOFF2 by
/// `scripts/make-math-font`, with its licence (GUST Font License).
///
/// Without a font of its own, a formula is drawn with whatever math font
/// the reader's system has, or none: letters from one font, digits and
/// operators from another, delimiters that do not stretch. With it,
/// formulas look the same on every system.
///
/// Both files are written into every site, whether or not a page has a
/// formula: a browser downloads an `@font-face` font only when some text on
/// the page is to be drawn with it, and only `math` elements name this one
/// (`Stylesheet`), so a page without formulas never loads it. Writing them
/// always keeps the site's file list independent of what pages say.
///
/// The files are embedded in Primer itself (`EmbeddedFiles`, written by the
/// EmbedFiles plugin from `Sources/PrimerCore/Resources`).
enum MathWebFont {
    /// The font's CSS family name, as the stylesheet's `@font-face` gives it.
    static let family = "Latin Modern Math"
    static let fileName = "latinmodern-math.woff2"
    static let licenceFileName = "LICENSE-latinmodern-math.txt"
    /// Where the site has the font: beside the stylesheet, which names it
    /// relative to itself.
    static let path = "assets/" + fileName
    static let licencePath = "assets/" + licenceFileName

    /// The two files by their paths in the site.
    static func files() throws(BuildFailure) -> [String: [UInt8]] {
        [path: try EmbeddedFiles.resource(fileName), licencePath: try EmbeddedFiles.resource(licenceFileName)]
    }
}

extension EmbeddedFiles {
    /// A file of `Sources/PrimerCore/Resources`, as Primer was built with it.
    static func resource(_ name: String) throws(BuildFailure) -> [UInt8] {
        guard let bytes = files["resources/" + name] else {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: "Sources/PrimerCore/Resources/\(name)"), id: "resource.missing",
                    "Primer was built without its resource '\(name)'"))
        }
        return bytes
    }
}
