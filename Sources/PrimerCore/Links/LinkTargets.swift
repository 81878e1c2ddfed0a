import Foundation

/// Resolves the links an author writes in Markdown.
///
/// A relative link to a `.md` page becomes a link to its `.html` page, so
/// links work in an editor's preview and on the site alike. A relative link
/// to a page or file that does not exist is an error.
struct LinkTargets: Sendable {
    enum Resolution {
        /// An external link, or one that needs nothing done (`#top`, `mailto:`).
        case unchanged
        /// `href` to use; `target` and `fragment` name the page and anchor to
        /// check once all pages are rendered.
        case rewritten(href: String, target: String?, fragment: String?)
        case broken(Diagnostic)
    }

    private let pagePaths: Set<String>
    private let filePaths: Set<String>

    init(pages: [SourcePage], staticFiles: [StaticFile]) {
        pagePaths = Set(pages.map(\.path))
        filePaths = Set(staticFiles.map(\.path))
    }

    func rewrite(_ destination: String, from page: String) -> Resolution {
        guard let link = LinkReference(destination) else { return .unchanged }
        if link.path.isEmpty { return .unchanged }  // `#anchor` within the page
        if link.path.hasPrefix("/") {
            return .broken(Self.problem(
                "absolute link '\(destination)' breaks when the site is opened from disk",
                note: "write it relative to this page, e.g. '../\(link.path.dropFirst())'"))
        }
        guard let resolved = RelativePath.resolve(link.decodedPath, from: page) else {
            return .broken(Self.problem("link '\(destination)' points outside the content folder"))
        }
        if resolved.hasSuffix(".md") {
            guard pagePaths.contains(resolved) else {
                return .broken(Self.problem("link to '\(destination)', which is not a page of the site"))
            }
            let outputPath = SourcePage.outputPath(forSource: resolved)
            let href = String(link.path.dropLast(".md".count)) + ".html" + link.suffix
            return .rewritten(href: href, target: outputPath, fragment: link.fragment)
        }
        let isDirectoryIndex = link.path.hasSuffix("/") || resolved.isEmpty
        let asIndex = (resolved.isEmpty ? "" : resolved + "/") + "index.md"
        if filePaths.contains(resolved) || (isDirectoryIndex && pagePaths.contains(asIndex)) {
            return .unchanged
        }
        return .broken(Self.problem("link to '\(destination)', which is not a file of the site"))
    }

    private static func problem(_ summary: String, note: String? = nil) -> Diagnostic {
        Diagnostic(at: SourceLocation(file: ""), id: "link.broken", summary, notes: note.map { [$0] } ?? [])
    }
}

/// A link's destination split into path, query and fragment; nil for links
/// that leave the site (`https:`, `mailto:`, `//host`).
struct LinkReference: Sendable {
    var path: String
    var query: String?
    /// The fragment as written, and decoded (to compare with `id`s).
    var rawFragment: String?
    var fragment: String? { rawFragment.map { $0.removingPercentEncoding ?? $0 } }

    init?(_ destination: String) {
        if destination.hasPrefix("//") || Self.hasScheme(destination) { return nil }
        var rest = Substring(destination)
        if let hash = rest.firstIndex(of: "#") {
            rawFragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        path = String(rest)
    }

    var decodedPath: String { path.removingPercentEncoding ?? path }

    /// The query and fragment as written, to put back after a rewritten path.
    var suffix: String {
        (query.map { "?" + $0 } ?? "") + (rawFragment.map { "#" + $0 } ?? "")
    }

    private static func hasScheme(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}
