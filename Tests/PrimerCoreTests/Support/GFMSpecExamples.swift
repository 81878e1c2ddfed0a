import Foundation

/// One example of cmark-gfm's test files (`spec.txt`, `extensions.txt`,
/// `regression.txt`): Markdown and the HTML cmark-gfm writes for it.
struct GFMSpecExample: Sendable {
    /// The file's name, e.g. "spec.txt".
    var file: String
    /// Numbered as `spec_tests.py` numbers them: from 1 in each file,
    /// counting disabled examples too.
    var number: Int
    /// The last `#` heading above the example.
    var section: String
    var startLine: Int
    var endLine: Int
    var markdown: String
    var html: String
    /// The extensions cmark-gfm's own test run enables for the example: those
    /// named after `example`, and all six for extensions.txt, which
    /// test/CMakeLists.txt runs with `--extensions "table strikethrough
    /// autolink tagfilter footnotes tasklist"`.
    var extensions: Set<String>

    /// Where to find the example, for messages.
    var label: String {
        "\(file) example \(number) (\(section), lines \(startLine)-\(endLine))"
    }
}

enum GFMSpecFile {
    static let allExtensions: Set<String> = ["table", "strikethrough", "autolink", "tagfilter", "footnotes", "tasklist"]

    /// The examples of the file at `url`, read as `get_tests` in
    /// `spec_tests.py` reads them; examples marked `disabled` are left out
    /// (but numbered), as there.
    ///
    /// An example is a block
    ///
    ///     ```````````````````````````````` example [extension…]
    ///     Markdown
    ///     .
    ///     HTML
    ///     ````````````````````````````````
    ///
    /// where `→` stands for a tab.
    static func examples(at url: URL) throws -> [GFMSpecExample] {
        let file = url.lastPathComponent
        let fileExtensions = file == "extensions.txt" ? allExtensions : []
        let fence = String(repeating: "`", count: 32)
        var examples: [GFMSpecExample] = []
        var number = 0
        var startLine = 0
        var markdownLines: [String] = []
        var htmlLines: [String] = []
        var extensions: [String] = []
        var section = ""
        enum State { case text, markdown, html }
        var state = State.text

        for (index, line) in try lines(of: url).enumerated() {
            let lineNumber = index + 1
            let stripped = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if stripped.hasPrefix(fence + " example") {
                state = .markdown
                extensions = stripped.dropFirst(fence.count + " example".count)
                    .split(whereSeparator: \.isWhitespace).map(String.init)
            } else if stripped == fence {
                state = .text
                number += 1
                if !extensions.contains("disabled") {
                    examples.append(
                        GFMSpecExample(
                            file: file, number: number, section: section, startLine: startLine, endLine: lineNumber,
                            markdown: markdownLines.joined().replacingOccurrences(of: "→", with: "\t"),
                            html: htmlLines.joined().replacingOccurrences(of: "→", with: "\t"),
                            extensions: Set(extensions).union(fileExtensions)
                        ))
                }
                startLine = 0
                markdownLines = []
                htmlLines = []
            } else if stripped == "." {
                state = .html
            } else if state == .markdown {
                if startLine == 0 { startLine = lineNumber - 1 }
                markdownLines.append(line)
            } else if state == .html {
                htmlLines.append(line)
            } else if state == .text, line.range(of: "^#+ ", options: .regularExpression) != nil {
                // `header_re.sub('', line).strip()`: every "#+ " goes.
                section = line.replacingOccurrences(of: "#+ ", with: "", options: .regularExpression)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return examples
    }

    /// The file's lines, each with its "\n" (Python's `for line in file` with
    /// `newline='\n'`). Split on the byte, since Swift takes "\r\n" for one
    /// character.
    private static func lines(of url: URL) throws -> [String] {
        let bytes = try Data(contentsOf: url)
        var lines: [String] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lines.append(String(decoding: bytes[start...index], as: UTF8.self))
            start = index + 1
        }
        if start < bytes.endIndex { lines.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return lines
    }
}

extension String {
    /// Replaces each match of `pattern` (ICU syntax, `.` matching newlines)
    /// with what `replacement` returns for the match's groups (0 is the whole
    /// match; a group that did not take part is nil).
    func replacingMatches(of pattern: String, with replacement: ([String?]) -> String) -> String {
        // The patterns are constants of the tests; a typo is a programming error.
        // swift-format-ignore: NeverUseForceTry
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let text = self as NSString
        var result = ""
        var position = 0
        for match in regex.matches(in: self, range: NSRange(location: 0, length: text.length)) {
            result += text.substring(with: NSRange(location: position, length: match.range.location - position))
            let groups = (0..<match.numberOfRanges).map { index in
                let range = match.range(at: index)
                return range.location == NSNotFound ? nil : text.substring(with: range)
            }
            result += replacement(groups)
            position = NSMaxRange(match.range)
        }
        return result + text.substring(from: position)
    }
}
