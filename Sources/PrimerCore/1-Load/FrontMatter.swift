/// The YAML block between `---` lines at the top of a lesson.
///
/// ```markdown
/// ---
/// title: Sigmoid
/// order: 2
/// description: The logistic function and its gradient.
/// lang: en
/// ---
/// ```
struct FrontMatter: Sendable, Equatable, Codable {
    static let knownKeys = ["title", "order", "description", "lang", "optimize", "search"]

    var title: String?
    var order: Double?
    var description: String?
    var language: String?
    /// Whether the lesson's program is compiled with optimisation (see
    /// `Toolchain.lessonFlags`): for lessons whose own code is heavy.
    var optimize = false
    /// What search finds on the page: `search: false` leaves it out of the
    /// index, `search: code` adds its cells' source to its text.
    var search = SearchScope.text

    enum SearchScope: String, Sendable, Codable {
        case text, textAndCode, none
    }
    /// Where `lang` was written, to point at it when it is not a site language.
    var languageLocation: SourceLocation?

    /// Splits `text` into front matter and body.
    ///
    /// The body keeps the file's line numbers: the front-matter lines are
    /// replaced by empty lines, which Markdown ignores at the top.
    static func split(_ text: String, file: String) throws(BuildFailure) -> (FrontMatter, body: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, isDelimiter(first) else { return (FrontMatter(), text) }
        guard let closing = lines.indices.dropFirst().first(where: { isDelimiter(lines[$0]) || lines[$0].trimmingTrailingSpaces == "..." })
        else {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: file, line: 1, column: 1), id: "front-matter.unterminated",
                    "front matter is not closed", notes: ["add a line '---' after the last front-matter key"]))
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let frontMatter = try parse(yaml, file: file, firstLine: 2)
        let body = String(repeating: "\n", count: closing + 1) + lines[(closing + 1)...].joined(separator: "\n")
        return (frontMatter, body)
    }

    static func parse(_ yaml: String, file: String, firstLine: Int) throws(BuildFailure) -> FrontMatter {
        var frontMatter = FrontMatter()
        let reader = YAMLReader(file: file, text: yaml, lineOffset: firstLine - 1)
        try reader.readMapping(what: "front matter", knownKeys: knownKeys) { key, value throws(BuildFailure) in
            switch key {
            case "title": frontMatter.title = try reader.string(value, key: key)
            case "order": frontMatter.order = try reader.number(value, key: key)
            case "description": frontMatter.description = try reader.string(value, key: key)
            case "optimize": frontMatter.optimize = try reader.bool(value, key: key)
            case "search":
                if case .scalar = value, value.string == "code" {
                    frontMatter.search = .textAndCode
                } else if case .scalar = value, let included = value.bool {
                    frontMatter.search = included ? .text : .none
                } else {
                    throw reader.typeError(value, key: key, expected: "true, false or code")
                }
            default:  // "lang"
                frontMatter.language = try reader.string(value, key: key)
                frontMatter.languageLocation = reader.location(of: value)
            }
        }
        return frontMatter
    }

    private static func isDelimiter(_ line: Substring) -> Bool {
        line.trimmingTrailingSpaces == "---"
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var line = self
        while let last = line.last, last == " " || last == "\t" { line.removeLast() }
        return line
    }
}
