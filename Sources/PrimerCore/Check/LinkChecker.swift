import Foundation

/// Finds broken internal links and anchors in a generated site.
///
/// It reads the HTML that Primer writes (double-quoted attributes, escaped
/// by one function), and also single-quoted attributes from raw HTML.
enum LinkChecker {
    /// Each broken link, located at the HTML file that contains it.
    static func check(_ files: [String: [UInt8]], displayPath: String) -> [Diagnostic] {
        var idsByPage: [String: Set<String>] = [:]
        func ids(of page: String) -> Set<String> {
            if let cached = idsByPage[page] { return cached }
            let found = Self.ids(in: files[page] ?? [])
            idsByPage[page] = found
            return found
        }
        var diagnostics: [Diagnostic] = []
        for page in files.keys.sorted() where page.hasSuffix(".html") {
            let html = String(decoding: files[page] ?? [], as: UTF8.self)
            for link in attributeValues(named: ["href", "src"], in: html) {
                guard let reference = LinkReference(link) else { continue }
                let location = SourceLocation(file: displayPath + "/" + page)
                var target = page
                if !reference.path.isEmpty {
                    guard let resolved = RelativePath.resolve(reference.decodedPath, from: page) else {
                        diagnostics.append(
                            Diagnostic(at: location, id: "link.broken", "broken link '\(link)': it leaves the site's folder"))
                        continue
                    }
                    let candidates = [resolved, (resolved.isEmpty ? "" : resolved + "/") + "index.html"]
                    guard let existing = candidates.first(where: { files[$0] != nil }) else {
                        diagnostics.append(
                            Diagnostic(
                                at: location, id: "link.broken",
                                "broken link '\(link)': no file \(resolved.isEmpty ? "index.html" : resolved)"))
                        continue
                    }
                    target = existing
                }
                if let fragment = reference.fragment, !fragment.isEmpty, target.hasSuffix(".html"), !ids(of: target).contains(fragment) {
                    diagnostics.append(
                        Diagnostic(at: location, id: "link.anchor", "broken link '\(link)': no element with id '\(fragment)' in \(target)"))
                }
            }
        }
        return diagnostics
    }

    /// The `id`s of an HTML page.
    static func ids(in html: [UInt8]) -> Set<String> {
        Set(attributeValues(named: ["id"], in: String(decoding: html, as: UTF8.self)))
    }

    /// Values of the named attributes, read from start tags only (text and
    /// comments are skipped, so a link shown in a code block is not a link).
    static func attributeValues(named names: Set<String>, in html: String) -> [String] {
        let bytes = Array(html.utf8)
        var values: [String] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if let end = MarkupTag.endOfComment(in: bytes, at: index) {
                index = end
                continue
            }
            guard let tag = MarkupTag.read(bytes, at: index) else {
                index += 1
                continue
            }
            index = tag.end
            guard !tag.isClosing else { continue }
            for (name, value) in tag.attributes where names.contains(name) { values.append(value.decodingMarkupEntities) }
        }
        return values
    }
}
