/// Relative links between files of the site, so it works from `file://`.
enum RelativePath {
    /// The link from the page at `from` to the file at `to`, both relative to
    /// the site's root: `relative(from: "en/a.html", to: "zh/b.html")` is
    /// `../zh/b.html`.
    static func relative(from: String, to: String) -> String {
        let fromFolders = from.split(separator: "/").dropLast()
        let target = to.split(separator: "/")
        var common = 0
        while common < fromFolders.count, common < target.count - 1, fromFolders[fromFolders.startIndex + common] == target[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: fromFolders.count - common)
        return (ups + target.dropFirst(common).map(String.init)).joined(separator: "/")
    }

    /// Resolves `link` (relative, no scheme) against the folder of `page`;
    /// nil when it climbs above the site's root.
    static func resolve(_ link: String, from page: String) -> String? {
        var components = link.hasPrefix("/") ? [] : page.split(separator: "/").dropLast().map(String.init)
        for part in link.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if components.isEmpty { return nil }
                components.removeLast()
            default: components.append(String(part))
            }
        }
        return components.joined(separator: "/")
    }
}
