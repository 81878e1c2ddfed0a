/// A lesson or other page as loaded from the content folder.
struct SourcePage: Sendable {
    /// The path relative to the content folder, e.g. `en/sigmoid.md`.
    var path: String
    /// The path as the user names it, e.g. `Content/en/sigmoid.md`.
    var displayPath: String
    var frontMatter: FrontMatter
    /// The Markdown after the front matter, with the file's line numbering.
    var body: String
    var language: String
    /// A hash of the file's bytes, and its stamp when it was read.
    var sourceHash = ""
    var sourceStamp: BuildMemory.FileStamp? = nil
    /// What the last build knew of the page, when the page is as that build
    /// left it (see `BuildMemory`): then it is not parsed, executed or
    /// rendered, and `body` is empty.
    var remembered: BuildMemory.Page? = nil

    /// Where the page is written in the site, e.g. `en/sigmoid.html`.
    var outputPath: String { Self.outputPath(forSource: path) }

    static func outputPath(forSource path: String) -> String {
        String(path.dropLast(".md".count)) + ".html"
    }
}

/// A file in the content folder that is not a page (an image, a data file):
/// copied to the site as it is.
struct StaticFile: Sendable {
    var path: String
    /// The path as diagnostics name it (`Content/en/plot.png`).
    var displayPath: String
    var contents: [UInt8]
}

/// Everything the load stage read from the content folder.
struct LoadedContent: Sendable {
    var configuration: SiteConfiguration
    var pages: [SourcePage]
    var staticFiles: [StaticFile]
    /// The site's BibTeX file, read; nil when there is none.
    var bibliography: Bibliography? = nil
    /// A hash of `primer.yml` and the BibTeX file, as read.
    var settingsHash = ""
}
