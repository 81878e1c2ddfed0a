import Foundation

/// The search index every site carries, written as scripts so that search
/// works from `file://` (a browser lets a page load a script from disk, but
/// not fetch a JSON file):
///
/// - `assets/search.js`, the search box and the query side
///   (`Resources/search.js`); each page loads it, and without JavaScript
///   there is no search box at all.
/// - `assets/search/index.js`, loaded when the reader first focuses the box:
///   the pages and their sections (anchor, heading, length) — no terms, no
///   text.
/// - `assets/search/terms/<key>.js`: the terms that begin with one letter or
///   digit, or (other scripts, Chinese among them) whose first character
///   falls in one of 32 buckets; for each page, each such term with the
///   sections it occurs in and how often. A query loads only the files of
///   its terms: what a reader loads grows with the query, not the site.
/// - `assets/search/text/<page>.js`, one per page: its sections' text, for
///   the excerpts under the results; loaded only for pages a query finds.
///
/// Each file has one line per page, in the order of the pages' paths, so a
/// build that renders only some pages takes the other pages' lines from
/// the files it wrote last time (`lines(of:)`): the index costs what
/// changed, and its bytes are those a full build writes.
public enum SearchIndex {
    static let scriptPath = "assets/search.js"
    /// The index and the pages' texts: pages load them when the reader
    /// searches, so a change to them changes no page as shown.
    public static let folder = "assets/search/"
    static let indexPath = folder + "index.js"

    /// Where a page's text is, e.g. `assets/search/text/en/sigmoid.js`.
    static func textPath(forPage outputPath: String) -> String {
        folder + "text/" + outputPath.dropLast(".html".count) + ".js"
    }

    /// Where the terms of a shard are, e.g. `assets/search/terms/g.js`.
    static func termsPath(forShard key: String) -> String {
        folder + "terms/" + key + ".js"
    }

    /// The shard whose terms are at `path` (`termsPath(forShard:)` read back).
    static func shard(ofTermsPath path: String) -> String {
        String(path.dropFirst((folder + "terms/").count).dropLast(".js".count))
    }

    /// The shard of a term (search.js computes the same): its first letter
    /// or digit, else `x` and its first scalar's value modulo 32 in hex.
    static func shard(of term: String) -> String {
        guard let first = term.unicodeScalars.first else { return "x00" }
        if first.value < 0x80 && (first.properties.isAlphabetic || ("0"..."9").contains(first)) { return String(first) }
        let bucket = String(first.value % 32, radix: 16)
        return "x" + (bucket.count == 1 ? "0" : "") + bucket
    }

    struct Page: Sendable {
        var outputPath: String
        var language: String
        var title: String
        var sections: [SearchSection]
    }

    /// A page's lines of the index files, and its text file.
    struct Entry: Sendable {
        /// Its line of `index.js`.
        var pageLine: String
        /// Its line of each shard it has terms in, by shard.
        var termLines: [String: String]
        var textFile: [UInt8]
    }

    /// How much a term in a heading (or the title) counts, against 1 in text.
    static let headingWeight = 3

    /// The page's lines: in `index.js`,
    /// `["en/a.html","en","Title",["","anchor"],["Title","Heading"],[12,40]],`
    /// (the sections' anchors, headings and lengths in terms, for ranking);
    /// in each shard, `["en/a.html","term 0*2,1 other 1"],` (each term, in
    /// order, with the sections it occurs in, `*n` when it counts more than
    /// once).
    static func entry(_ page: Page) -> Entry {
        var counts: [String: [Int: Int]] = [:]
        var lengths: [Int] = []
        for (index, section) in page.sections.enumerated() {
            let heading = SearchTokenizer.terms(in: section.heading)
            let text = SearchTokenizer.terms(in: section.text)
            for term in heading { counts[term, default: [:]][index, default: 0] += headingWeight }
            for term in text { counts[term, default: [:]][index, default: 0] += 1 }
            lengths.append(heading.count + text.count)
        }
        var postings: [String: String] = [:]
        for term in counts.keys.sorted() {
            let sections = counts[term]!.sorted { $0.key < $1.key }.map { $0.value == 1 ? "\($0.key)" : "\($0.key)*\($0.value)" }
            let key = shard(of: term)
            postings[key, default: ""] += (postings[key] == nil ? "" : " ") + term + " " + sections.joined(separator: ",")
        }
        let path = javaScriptString(page.outputPath)
        let anchors = page.sections.map { javaScriptString($0.anchor) }.joined(separator: ",")
        let headings = page.sections.map { javaScriptString($0.heading) }.joined(separator: ",")
        let texts = page.sections.map { javaScriptString($0.text) }.joined(separator: ",")
        return Entry(
            pageLine: "[\(path),\(javaScriptString(page.language)),\(javaScriptString(page.title)),"
                + "[\(anchors)],[\(headings)],[\(lengths.map(String.init).joined(separator: ","))]],",
            termLines: postings.mapValues { "[\(path),\(javaScriptString($0))]," },
            textFile: Array("primerSearch.text(\(path),[\(texts)]);\n".utf8))
    }

    /// `index.js`: the languages' names, the shards, and the pages' lines
    /// (by page path).
    static func indexFile(pageLines: [String: String], shards: [String], languages: [String]) -> [UInt8] {
        let names = languages.map { "\(javaScriptString($0)):\(javaScriptString(Localization.nativeName(of: $0)))" }
        var index = "// Primer's search index: one line a page (written by SearchIndex.swift).\n"
        index += "primerSearch.index({\"languages\":{\(names.joined(separator: ","))},"
        index += "\"shards\":[\(shards.map(javaScriptString).joined(separator: ","))],\"pages\":[\n"
        for path in pageLines.keys.sorted() { index += pageLines[path]! + "\n" }
        return Array((index + "]});\n").utf8)
    }

    /// A shard's file: its pages' lines (by page path).
    static func shardFile(_ key: String, lines: [String: String]) -> [UInt8] {
        var file = "primerSearch.terms(\(javaScriptString(key)),[\n"
        for path in lines.keys.sorted() { file += lines[path]! + "\n" }
        return Array((file + "]);\n").utf8)
    }

    /// The shards an index file names; nil for anything else.
    static func shards(ofIndex bytes: [UInt8]) -> [String]? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "\"shards\":["), let end = text[start.upperBound...].firstIndex(of: "]") else { return nil }
        let list = "[" + text[start.upperBound..<end] + "]"
        return try? JSONDecoder().decode([String].self, from: Data(list.utf8))
    }

    /// The lines of an index file this Primer wrote, by the page path each
    /// starts with.
    static func lines(of bytes: [UInt8]) -> [String: String] {
        var lines: [String: String] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("[\"".utf8)) {
            guard let path = leadingString(of: line) else { continue }
            lines[path] = String(decoding: line, as: UTF8.self)
        }
        return lines
    }

    /// The page path a line starts with (`["en/a.html",…`), decoded.
    private static func leadingString(of line: ArraySlice<UInt8>) -> String? {
        var index = line.startIndex + 2
        var escaped = false
        var hasEscapes = false
        while index < line.endIndex {
            let byte = line[index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                hasEscapes = true
            } else if byte == UInt8(ascii: "\"") {
                // Paths rarely need escapes: decode only those that have them.
                guard hasEscapes else { return String(decoding: line[(line.startIndex + 2)..<index], as: UTF8.self) }
                return try? JSONDecoder().decode(String.self, from: Data(line[line.startIndex + 1...index]))
            }
            index += 1
        }
        return nil
    }

    /// A JavaScript (and JSON) string literal.
    static func javaScriptString(_ text: String) -> String {
        var literal = "\""
        literal.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\t": literal += "\\t"
            case "\u{2028}", "\u{2029}": literal += "\\u\(String(scalar.value, radix: 16))"
            default:
                if scalar.value < 0x20 {
                    literal += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            }
        }
        return literal + "\""
    }
}

extension SearchIndex {
    /// The lines of a site's index files as a build gathers them: the
    /// rendered pages' own, and the other pages' from the files the last
    /// build wrote.
    struct Lines {
        /// By page path.
        var pageLines: [String: String] = [:]
        /// By shard, then page path.
        var termLines: [String: [String: String]] = [:]

        init(pageLines: [String: String] = [:], termLines: [String: [String: String]] = [:]) {
            self.pageLines = pageLines
            self.termLines = termLines
        }

        /// The lines of these pages' entries (by page path).
        init(entries: [String: Entry]) {
            for (page, entry) in entries {
                pageLines[page] = entry.pageLine
                for (key, line) in entry.termLines { termLines[key, default: [:]][page] = line }
            }
        }

        /// These lines (the last build's) with the `kept` pages' lines kept,
        /// the other pages' replaced by `entries` or gone; and the paths of
        /// the files that change. Nil when a kept page has no lines here.
        func updated(keeping kept: Set<String>, entries: [String: Entry]) -> (Lines, changed: Set<String>)? {
            guard kept.allSatisfy({ pageLines[$0] != nil }) else { return nil }
            var lines = self
            var changed: Set<String> = []
            for page in Set(pageLines.keys).subtracting(kept).union(entries.keys) {
                let entry = entries[page]
                if lines.pageLines[page] != entry?.pageLine {
                    lines.pageLines[page] = entry?.pageLine
                    changed.insert(indexPath)
                }
                for key in Set(lines.termLines.keys).union(entry?.termLines.keys ?? [:].keys) {
                    let line = entry?.termLines[key]
                    guard lines.termLines[key]?[page] != line else { continue }
                    lines.termLines[key, default: [:]][page] = line
                    changed.insert(termsPath(forShard: key))
                }
            }
            for (key, shard) in lines.termLines where shard.isEmpty { lines.termLines[key] = nil }
            if Set(lines.termLines.keys) != Set(termLines.keys) { changed.insert(indexPath) }
            return (lines, changed)
        }

        /// The index files by path, or with `only`, those of them (the others
        /// are listed as kept: their bytes are those the last build wrote).
        func files(languages: [String], only: Set<String>? = nil) -> (written: [String: [UInt8]], kept: [String]) {
            var written: [String: [UInt8]] = [:]
            var kept: [String] = []
            let shards = termLines.keys.sorted()
            for path in [indexPath] + shards.map(termsPath(forShard:)) {
                guard only?.contains(path) ?? true else {
                    kept.append(path)
                    continue
                }
                if path == indexPath {
                    written[path] = SearchIndex.indexFile(pageLines: pageLines, shards: shards, languages: languages)
                } else {
                    let key = shard(ofTermsPath: path)
                    written[path] = SearchIndex.shardFile(key, lines: termLines[key]!)
                }
            }
            return (written, kept)
        }

        /// The lines of the index files in `folder` (a site); nil when its
        /// index is missing or not one this Primer wrote.
        static func written(in folder: String) -> Lines? {
            guard let paths = indexFiles(in: folder) else { return nil }
            var lines = Lines()
            for path in paths {
                guard let file = FileManager.default.contents(atPath: folder + "/" + path) else { return nil }
                if path == indexPath {
                    lines.pageLines = SearchIndex.lines(of: Array(file))
                } else {
                    lines.termLines[shard(ofTermsPath: path)] = SearchIndex.lines(of: Array(file))
                }
            }
            return lines
        }
    }

    /// The paths of the index files in `folder` (a site): `index.js` and the
    /// shards it names; nil when there is no index this Primer wrote.
    static func indexFiles(in folder: String) -> [String]? {
        guard let index = FileManager.default.contents(atPath: folder + "/" + indexPath).map(Array.init),
            let shards = SearchIndex.shards(ofIndex: index)
        else { return nil }
        return [indexPath] + shards.map(termsPath(forShard:))
    }
}
