import Foundation

/// The one home of the links an author writes: rewriting, encoding and
/// checking them.
///
/// Links leave the site only by `http:`, `https:` and `mailto:` (as GitHub
/// and mdBook sanitise): any other scheme (`javascript:`, `data:`, `file:`)
/// is an error at the link, since a reader's click would run or open it.
/// A relative link to a `.md` page becomes a link to its `.html` page, so
/// links work in an editor's preview and on the site alike; every href is
/// percent-encoded as cmark-gfm encodes it. A link to a page or file that
/// does not exist is an error at its place, and so is a link to a fragment
/// that its page does not have — checked once every page is rendered,
/// against the anchors the renderer recorded.
struct SiteLinks {
    enum Resolution {
        /// An external link, or one that needs nothing done (`#top`, `mailto:`).
        case unchanged
        /// `href` to use; `target` and `fragment` name the page and anchor to
        /// check once all pages are rendered.
        case rewritten(href: String, target: String?, fragment: String?)
        case broken(summary: String, notes: [String])
    }

    /// A link to a fragment of a page, checked once every page is rendered.
    struct FragmentLink: Codable, Sendable, Equatable {
        var targetPath: String
        var fragment: String
        var location: SourceLocation
    }

    private let pagePaths: Set<String>
    private let filePaths: Set<String>
    /// The links to fragments seen so far.
    private(set) var fragmentLinks: [FragmentLink] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(pages: [SourcePage], staticFiles: [StaticFile]) {
        pagePaths = Set(pages.map(\.path))
        filePaths = Set(staticFiles.map(\.path))
    }

    /// The href for `destination`, written in the page at `page`; problems
    /// are recorded at `location`.
    mutating func href(for destination: String, from page: String, at location: SourceLocation) -> String {
        switch resolve(destination, from: page) {
        case .unchanged:
            return LinkReference.percentEncoded(destination)
        case let .rewritten(href, target, fragment):
            if let target, let fragment {
                fragmentLinks.append(FragmentLink(targetPath: target, fragment: fragment, location: location))
            }
            return LinkReference.percentEncoded(href)
        case let .broken(summary, notes):
            diagnostics.append(Diagnostic(at: location, id: "link.broken", summary, notes: notes))
            return LinkReference.percentEncoded(destination)
        }
    }

    /// Checks the `href`s and `src`s of raw HTML an author wrote.
    mutating func checkRawHTML(_ html: String, from page: String, at location: SourceLocation) {
        for destination in LinkChecker.attributeValues(named: ["href", "src"], in: html) {
            _ = href(for: destination, from: page, at: location)
        }
    }

    /// Problems with `links` to fragments: each is checked against the
    /// anchors of its page (output path → ids).
    static func check(_ links: [FragmentLink], anchors: [String: Set<String>]) -> [Diagnostic] {
        links.filter { !(anchors[$0.targetPath]?.contains($0.fragment) ?? false) }.map { link in
            Diagnostic(
                at: link.location, id: "link.anchor", "link to '#\(link.fragment)', which is not a heading or anchor of \(link.targetPath)")
        }
    }

    /// The schemes a link may leave the site by.
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    func resolve(_ destination: String, from page: String) -> Resolution {
        if let scheme = LinkReference.scheme(of: destination), !Self.allowedSchemes.contains(scheme.lowercased()) {
            return .broken(
                summary: "link with the scheme '\(scheme):', which is not allowed",
                notes: ["links may be relative, or start with http:, https: or mailto:"])
        }
        guard let link = LinkReference(destination) else { return .unchanged }
        if link.path.isEmpty {
            // `#anchor` within the page: checked against the page's own ids.
            guard let fragment = link.fragment, !fragment.isEmpty else { return .unchanged }
            return .rewritten(href: destination, target: SourcePage.outputPath(forSource: page), fragment: fragment)
        }
        if link.path.hasPrefix("/") {
            let toRoot = String(repeating: "../", count: page.split(separator: "/").count - 1)
            return .broken(
                summary: "absolute link '\(destination)' breaks when the site is opened from disk",
                notes: ["write it relative to this page: '\(toRoot)\(link.path.dropFirst())\(link.suffix)'"])
        }
        guard let resolved = RelativePath.resolve(link.decodedPath, from: page) else {
            return .broken(summary: "link '\(destination)' points outside the content folder", notes: [])
        }
        if resolved.hasSuffix(".md") {
            guard pagePaths.contains(resolved) else {
                return .broken(summary: "link to '\(destination)', which is not a page of the site", notes: [])
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
        return .broken(summary: "link to '\(destination)', which is not a file of the site", notes: [])
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
        if destination.hasPrefix("//") || Self.scheme(of: destination) != nil { return nil }
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

    /// `destination` percent-encoded as cmark-gfm encodes hrefs
    /// (`houdini_escape_href`): letters, digits and `-_.!~*()#$%&'+,/:;=?@`
    /// stay, every other byte becomes `%XX` — so `foo\\bar` is `foo%5Cbar`,
    /// which a browser cannot mistake for `foo/bar`.
    static func percentEncoded(_ destination: String) -> String {
        var encoded = ""
        for byte in destination.utf8 {
            if byte.isASCIILetterOrDigit || hrefSafe.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    private static let hrefSafe = Set("-_.!~*()#$%&'+,/:;=?@".utf8)

    /// The URL scheme `destination` starts with (`https`), as written; nil
    /// for a relative link. Leading spaces and control characters, which
    /// browsers ignore, are ignored here too.
    static func scheme(of destination: String) -> Substring? {
        let trimmed = destination.drop { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.value < 0x20 } }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let scheme = trimmed[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return nil }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) } ? scheme : nil
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
