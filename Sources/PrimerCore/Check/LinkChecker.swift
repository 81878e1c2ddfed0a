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
        func isNameByte(_ byte: UInt8) -> Bool {
            !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C)
                && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "=")
        }
        func skipSpaces() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x0C
            { index += 1 }
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if bytes[index...].starts(with: Array("<!--".utf8)) {
                index += 4
                while index < bytes.count, !bytes[index...].starts(with: Array("-->".utf8)) { index += 1 }
                index += 3
                continue
            }
            index += 1
            guard index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") else {
                continue
            }
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }  // the tag name
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                skipSpaces()
                let nameStart = index
                while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
                let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
                if nameStart == index {
                    index += 1
                    continue
                }  // a stray "/" or "="
                skipSpaces()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
                index += 1
                skipSpaces()
                var value: ArraySlice<UInt8> = []
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                    value = bytes[valueStart..<min(index, bytes.count)]
                    index += 1
                } else {
                    let valueStart = index
                    while index < bytes.count, isNameByte(bytes[index]) || bytes[index] == UInt8(ascii: "=") { index += 1 }
                    value = bytes[valueStart..<index]
                }
                if names.contains(name) { values.append(String(decoding: value, as: UTF8.self).decodingMarkupEntities) }
            }
        }
        return values
    }
}
