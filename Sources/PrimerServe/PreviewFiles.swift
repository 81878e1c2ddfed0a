import Foundation

/// Which file of the preview folder a request's path names, if any: the
/// only place where a URL becomes a path on disk.
///
/// Nothing outside the folder is ever named: the path is split at `/`
/// before its percent-escapes are decoded, and a segment that decodes to
/// `.`, `..`, or something holding a slash, a backslash or a NUL is
/// refused rather than interpreted (so `%2e%2e` and `a%2Fb` are not found);
/// the file found is then resolved with its symbolic links and must still
/// lie inside the folder. Folders are never listed: one answers with its
/// `index.html`, or not at all.
struct PreviewFiles: Sendable {
    enum Resolution: Equatable {
        case file(URL)
        /// A folder named without its trailing slash: where it is.
        case redirect(String)
        case notFound
    }

    /// The folder served, with its symbolic links resolved.
    let root: URL

    init(root: URL) {
        self.root = root.resolvingSymlinksInPath().standardizedFileURL
    }

    /// The file for `target`, the request target's path as sent
    /// (percent-encoded, without the query).
    func resolve(_ target: String) -> Resolution {
        guard target.hasPrefix("/") else { return .notFound }
        let rawSegments = target.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var segments: [String] = []
        for raw in rawSegments {
            guard let segment = raw.removingPercentEncoding else { return .notFound }
            if segment.isEmpty { continue }
            if segment == "." || segment == ".." || segment.contains(where: { "/\\\0".contains($0) }) { return .notFound }
            segments.append(segment)
        }
        var file = root
        for segment in segments { file.appendPathComponent(segment) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) else { return .notFound }
        if isFolder.boolValue {
            guard target.hasSuffix("/") else { return .redirect(target + "/") }
            file.appendPathComponent("index.html")
        }
        // Symbolic links may lead anywhere: the file they lead to must be inside.
        let resolved = file.resolvingSymlinksInPath().standardizedFileURL
        guard resolved.path.hasPrefix(root.path + "/") else { return .notFound }
        var isResolvedFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isResolvedFolder), !isResolvedFolder.boolValue
        else { return .notFound }
        return .file(resolved)
    }

    /// The page a path shows, as live reload names pages: `/en/` is
    /// `/en/index.html`.
    static func pagePath(_ path: String) -> String {
        let decoded = path.removingPercentEncoding ?? path
        return decoded.hasSuffix("/") ? decoded + "index.html" : decoded
    }

    /// The media type for a file the site holds.
    static func contentType(of file: URL) -> String {
        switch file.pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json", "map": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "ttf": "font/ttf"
        case "otf": "font/otf"
        case "txt", "md": "text/plain; charset=utf-8"
        case "xml": "application/xml"
        case "csv": "text/csv; charset=utf-8"
        case "pdf": "application/pdf"
        case "wasm": "application/wasm"
        default: "application/octet-stream"
        }
    }
}
