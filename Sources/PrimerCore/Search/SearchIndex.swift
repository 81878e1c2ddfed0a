import Foundation

/// The search index every site carries, written as scripts so that search
/// works from `file://` (a browser lets a page load a script from disk, but
/// not fetch a JSON file):
///
/// - `assets/search.js`, the search box and the query side
///   (`Resources/search.js`); each page loads it, and without JavaScript
///   there is no search box at all.
/// - `assets/search/index.js`, loaded when the reader first focuses the box:
///   the pages, their sections (anchor and heading), and for each page its
///   terms with the sections they occur in and how often — no text.
/// - `assets/search/text/<page>.js`, one per page: its sections' text, for
///   the excerpts under the results; loaded only for pages a query finds.
///   The site's text is never loaded up front.
///
/// The index has one line per page, in the order of the pages' paths, so a
/// build that renders only some pages takes the other pages' lines from
/// the index it wrote last time (`lines(ofIndex:)`): the index costs what
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

    struct Page: Sendable {
        var outputPath: String
        var language: String
        var title: String
        var sections: [SearchSection]
    }

    /// How much a term in a heading (or the title) counts, against 1 in text.
    static let headingWeight = 3

    /// The page's line of the index:
    /// `["en/a.html","en","Title",["","anchor"],["Title","Heading"],[12,40],"term 0*2,1 other 1"],`
    /// — the sections' anchors, headings and lengths (in terms, for ranking),
    /// then each term (in order) with the sections it occurs in, `*n` when
    /// it counts more than once.
    static func indexLine(_ page: Page) -> String {
        var counts: [String: [Int: Int]] = [:]
        var lengths: [Int] = []
        for (index, section) in page.sections.enumerated() {
            let heading = SearchTokenizer.terms(in: section.heading)
            let text = SearchTokenizer.terms(in: section.text)
            for term in heading { counts[term, default: [:]][index, default: 0] += headingWeight }
            for term in text { counts[term, default: [:]][index, default: 0] += 1 }
            lengths.append(heading.count + text.count)
        }
        var postings = ""
        for term in counts.keys.sorted() {
            if !postings.isEmpty { postings += " " }
            postings += term + " "
            postings += counts[term]!.sorted { $0.key < $1.key }.map { $0.value == 1 ? "\($0.key)" : "\($0.key)*\($0.value)" }
                .joined(separator: ",")
        }
        let anchors = page.sections.map { javaScriptString($0.anchor) }.joined(separator: ",")
        let headings = page.sections.map { javaScriptString($0.heading) }.joined(separator: ",")
        return "[\(javaScriptString(page.outputPath)),\(javaScriptString(page.language)),\(javaScriptString(page.title)),"
            + "[\(anchors)],[\(headings)],[\(lengths.map(String.init).joined(separator: ","))],\(javaScriptString(postings))],"
    }

    /// The page's text file: `primerSearch.text("en/a.html",["…","…"]);`
    static func textFile(_ page: Page) -> [UInt8] {
        let texts = page.sections.map { javaScriptString($0.text) }.joined(separator: ",")
        return Array("primerSearch.text(\(javaScriptString(page.outputPath)),[\(texts)]);\n".utf8)
    }

    /// The index file: the languages' names and the pages' lines, by path.
    static func indexFile(lines: [String: String], languages: [String]) -> [UInt8] {
        let names = languages.map { "\(javaScriptString($0)):\(javaScriptString(Localization.nativeName(of: $0)))" }
        var file = "// Primer's search index: one line a page (written by SearchIndex.swift).\n"
        file += "primerSearch.index({\"languages\":{\(names.joined(separator: ","))},\"pages\":[\n"
        for path in lines.keys.sorted() { file += lines[path]! + "\n" }
        return Array((file + "]});\n").utf8)
    }

    /// The lines of an index file this Primer wrote, by page path; empty
    /// for anything else.
    static func lines(ofIndex bytes: [UInt8]) -> [String: String] {
        var lines: [String: String] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("[\"".utf8)) {
            guard let path = leadingString(of: line) else { return [:] }
            lines[path] = String(decoding: line, as: UTF8.self)
        }
        return lines
    }

    /// The page path a line starts with (`["en/a.html",…`), decoded.
    private static func leadingString(of line: ArraySlice<UInt8>) -> String? {
        var index = line.startIndex + 2
        var escaped = false
        while index < line.endIndex {
            let byte = line[index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                let literal = String(decoding: line[line.startIndex + 1...index], as: UTF8.self)
                return (try? JSONDecoder().decode(String.self, from: Data(literal.utf8)))
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
