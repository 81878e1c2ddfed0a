/// The reading order of the site's pages, per language.
///
/// Pages listed in the configuration's `order` come first, in that order;
/// then pages with an `order` in their front matter, by that number; then all
/// others by path, a folder's `index.md` first. Nothing is left out.
struct SiteNavigation: Sendable {
    struct Entry: Sendable, Equatable {
        var sourcePath: String
        var outputPath: String
        var title: String
        var language: String
    }

    /// Pages per language, in reading order.
    private(set) var editions: [String: [Entry]] = [:]
    private var entryBySource: [String: Entry] = [:]

    init(pages: [SourcePage], titles: [String: String], configuration: SiteConfiguration) {
        let configured = Dictionary(uniqueKeysWithValues: configuration.order.enumerated().map { ($1, $0) })
        let ordered = pages.sorted { a, b in
            Self.sortKey(a, configured: configured) < Self.sortKey(b, configured: configured)
        }
        for page in ordered {
            let entry = Entry(
                sourcePath: page.path, outputPath: page.outputPath, title: titles[page.path] ?? page.path, language: page.language)
            editions[page.language, default: []].append(entry)
            entryBySource[page.path] = entry
        }
    }

    private static func sortKey(_ page: SourcePage, configured: [String: Int]) -> (Int, Double, Int, String) {
        if let position = configured[page.path] { return (0, Double(position), 0, page.path) }
        if let order = page.frontMatter.order { return (1, order, 0, page.path) }
        let isIndex = page.path == "index.md" || page.path.hasSuffix("/index.md")
        let folder = page.path.split(separator: "/").dropLast().joined(separator: "/")
        // Group by folder, files before subfolders, a folder's index first.
        return (2, 0, 0, folder + "/" + (isIndex ? "\u{0}" : "\u{1}") + page.path)
    }

    func pages(in language: String) -> [Entry] {
        editions[language] ?? []
    }

    func neighbours(of sourcePath: String) -> (previous: Entry?, next: Entry?) {
        guard let entry = entryBySource[sourcePath], let pages = editions[entry.language],
            let index = pages.firstIndex(of: entry)
        else { return (nil, nil) }
        return (index > 0 ? pages[index - 1] : nil, index + 1 < pages.count ? pages[index + 1] : nil)
    }

    /// The same page in another language: the page whose path differs only in
    /// a leading language folder (`zh/sigmoid.md` ↔ `en/sigmoid.md`), else
    /// that language's first page.
    func counterpart(of sourcePath: String, in language: String) -> Entry? {
        let components = sourcePath.split(separator: "/")
        if components.count > 1, let current = entryBySource[sourcePath], components[0] == current.language {
            let candidate = ([language] + components.dropFirst().map(String.init)).joined(separator: "/")
            if let entry = entryBySource[candidate], entry.language == language { return entry }
        }
        return editions[language]?.first
    }
}
