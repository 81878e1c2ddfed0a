import Foundation

/// How citations are shown: author and year, "(Glorot and Bengio, 2010)",
/// or numbers, "[1]" (`citations:` in `primer.yml`).
public enum CitationStyle: String, Sendable, Equatable, CaseIterable {
    case authorYear = "author-year"
    case numeric
}

/// The works of the site's BibTeX file, by citation key.
struct Bibliography: Sendable {
    /// The file as the user names it, for messages.
    var file: String
    /// Works by key.
    var works: [String: Work]
    /// The keys in the order of the file.
    var keys: [String]

    /// The file name used when `primer.yml` names none.
    static let defaultFileName = "references.bib"

    /// Reads and parses the file; every malformed entry is an error at its
    /// line and column.
    static func load(_ url: URL, displayPath: String) throws(BuildFailure) -> Bibliography {
        try parse(TextFile.read(url, displayPath: displayPath), file: displayPath)
    }

    static func parse(_ text: String, file: String) throws(BuildFailure) -> Bibliography {
        let (entries, problems) = BibTeXParser.parse(text)
        if !problems.isEmpty {
            throw BuildFailure(
                problems.map {
                    Diagnostic(at: SourceLocation(file: file, line: $0.line, column: $0.column), id: "bibtex.malformed", $0.message)
                })
        }
        var works: [String: Work] = [:]
        for entry in entries { works[entry.key] = Work(entry) }
        return Bibliography(file: file, works: works, keys: entries.map(\.key))
    }
}

/// One work of the bibliography, its fields read from TeX.
struct Work: Hashable, Sendable {
    var key: String
    /// The BibTeX entry type, lower-cased.
    var type: String
    var authors: NameList
    var editors: NameList
    var title: BibTeXText?
    /// The year as written (`year`, else the start of `date`), or nil.
    var year: String?
    /// Other fields as text, by lower-cased name.
    var fields: [String: BibTeXText]
    /// The DOI without its resolver: `10.1109/ICCV.2015.123`.
    var doi: String?
    var url: String?
    /// An arXiv identifier (`eprint` with `archiveprefix` or `eprinttype`
    /// arXiv): `1606.08415`.
    var arXiv: String?

    init(_ entry: BibTeXEntry) {
        key = entry.key
        type = entry.type
        authors = entry.fields["author"].map(NameList.init(tex:)) ?? NameList()
        editors = entry.fields["editor"].map(NameList.init(tex:)) ?? NameList()
        var fields: [String: BibTeXText] = [:]
        for (name, value) in entry.fields where !["author", "editor", "doi", "url", "eprint"].contains(name) {
            let text = BibTeXText(tex: value).trimmed
            if !text.isEmpty { fields[name] = text }
        }
        title = fields.removeValue(forKey: "title")
        if let year = fields["year"]?.plain {
            self.year = year
        } else if let date = fields["date"]?.plain {
            self.year = String(date.prefix { $0 != "-" && $0 != "/" })
        }
        self.fields = fields
        doi = entry.fields["doi"].map(Self.verbatim).map { doi in
            for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
            where doi.lowercased().hasPrefix(prefix) {
                return String(doi.dropFirst(prefix.count))
            }
            return doi
        }.flatMap { $0.isEmpty ? nil : $0 }
        url = entry.fields["url"].map(Self.verbatim).flatMap { $0.isEmpty ? nil : $0 }
        let archive = (entry.fields["archiveprefix"] ?? entry.fields["eprinttype"] ?? "").lowercased()
        if let eprint = entry.fields["eprint"].map(Self.verbatim), archive == "arxiv" || eprint.lowercased().hasPrefix("arxiv:") {
            arXiv = eprint.lowercased().hasPrefix("arxiv:") ? String(eprint.dropFirst("arxiv:".count)) : eprint
        }
    }

    /// A field's plain text, or nil.
    func text(_ name: String) -> String? {
        fields[name]?.plain
    }

    /// A URL or DOI as written, without TeX reading: braces go and `\_`,
    /// `\%`, `\&`, `\#`, `\~` are their characters.
    private static func verbatim(_ tex: String) -> String {
        var result = ""
        var escaped = false
        for character in tex {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character != "{" && character != "}" && !character.isWhitespace {
                result.append(character)
            }
        }
        return result
    }
}

extension BibTeXText {
    /// Without spaces at either end.
    var trimmed: BibTeXText {
        var pieces = self.pieces
        if case let .text(text, protected)? = pieces.first {
            pieces[0] = .text(String(text.drop { $0.isWhitespace }), protected: protected)
        }
        if case let .text(text, protected)? = pieces.last {
            pieces[pieces.count - 1] = .text(String(text.reversed().drop { $0.isWhitespace }.reversed()), protected: protected)
        }
        return BibTeXText(pieces: pieces)
    }
}
