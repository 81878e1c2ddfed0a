import Foundation

/// The site's settings, read from `primer.yml` in the content folder.
///
/// ```yaml
/// title:                 # one title, or one per language
///   zh: 激活函数
///   en: Activation Functions
/// languages: [zh, en]    # the first is the default language
/// order:                 # lessons listed first, in this order
///   - zh/sigmoid.md
/// bibliography: references.bib   # BibTeX, relative to the content folder
/// citations: numeric     # or author-year (the default)
/// limits:                # see `Limits`
///   cell-output: 50 MB
/// ```
public struct SiteConfiguration: Sendable, Equatable {
    public static let fileName = "primer.yml"
    static let knownKeys = ["title", "languages", "order", "bibliography", "citations", "limits"]

    /// Titles by language; the key `""` holds the title for every language.
    public var titles: [String: String] = ["": "Primer"]
    /// The site's languages, default first.
    public var languages: [String] = ["en"]
    /// Page paths relative to the content folder, listed first in this order.
    public var order: [String] = []
    /// Where each `order` entry was written, for diagnostics.
    var orderLocations: [SourceLocation] = []
    /// The BibTeX file, relative to the content folder; nil means
    /// `references.bib` when there is one.
    public var bibliography: String?
    var bibliographyLocation: SourceLocation?
    /// How citations are shown.
    public var citationStyle: CitationStyle = .authorYear
    /// What a build may be asked for.
    public var limits = Limits()

    public init() {}

    public var defaultLanguage: String { languages[0] }

    public func title(for language: String) -> String {
        titles[language] ?? titles[""] ?? titles[defaultLanguage] ?? "Primer"
    }

    /// Reads the configuration; a missing file means the defaults.
    static func load(contentDirectory: URL, displayPath: String) throws(BuildFailure) -> SiteConfiguration {
        let url = contentDirectory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return SiteConfiguration() }
        let file = displayPath + "/" + fileName
        let text = try TextFile.read(url, displayPath: file)
        return try parse(text, file: file)
    }

    static func parse(_ text: String, file: String) throws(BuildFailure) -> SiteConfiguration {
        var configuration = SiteConfiguration()
        let reader = YAMLReader(file: file, text: text)
        try reader.readMapping(what: "site configuration", knownKeys: knownKeys) { key, value throws(BuildFailure) in
            switch key {
            case "title":
                configuration.titles = try reader.stringOrStringPerLanguage(value, key: key)
            case "languages":
                let languages = try reader.strings(value, key: key)
                guard !languages.isEmpty else { throw reader.typeError(value, key: key, expected: "a non-empty list of language codes") }
                var seen = Set<String>()
                for (language, location) in languages {
                    guard LanguageCode.isValid(language) else {
                        throw BuildFailure(
                            Diagnostic(
                                at: location, id: "config.language", "'\(language)' is not a language code (such as en, zh or zh-Hant)"))
                    }
                    guard seen.insert(language).inserted else {
                        throw BuildFailure(Diagnostic(at: location, id: "config.language", "language '\(language)' is listed twice"))
                    }
                }
                configuration.languages = languages.map(\.0)
            case "bibliography":
                configuration.bibliography = try reader.string(value, key: key)
                configuration.bibliographyLocation = reader.location(of: value)
            case "citations":
                let name = try reader.string(value, key: key)
                guard let style = CitationStyle(rawValue: name) else {
                    throw reader.typeError(value, key: key, expected: CitationStyle.allCases.map(\.rawValue).joined(separator: " or "))
                }
                configuration.citationStyle = style
            case "limits":
                configuration.limits = try Limits.parse(value, reader: reader)
            default:  // "order"
                let entries = try reader.strings(value, key: key)
                configuration.order = entries.map(\.0)
                configuration.orderLocations = entries.map(\.1)
            }
        }
        return configuration
    }
}

/// BCP 47 language tags, checked loosely: `en`, `zh`, `zh-Hant`, `pt-BR`.
enum LanguageCode {
    static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
