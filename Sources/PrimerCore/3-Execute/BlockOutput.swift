import PrimerNotebookFormat

/// One output of a code block, as stored in the frozen results and shown
/// on the page.
struct BlockOutput: Sendable, Equatable, Codable {
    /// The kinds the lesson kit's records name, stored under the same MIME
    /// types in frozen results.
    typealias Kind = NotebookRecord.OutputKind

    var kind: Kind
    var text: String

    // Stored as lines, so a frozen-results file diffs line by line.
    private enum CodingKeys: String, CodingKey { case type, lines }

    init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .type)
        text = try container.decode([String].self, forKey: .lines).joined(separator: "\n")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .type)
        try container.encode(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), forKey: .lines)
    }
}

/// The results of running one lesson: outputs per block, and the files it read.
struct LessonResults: Sendable, Equatable, Codable {
    /// The lesson, relative to the content folder.
    var lesson: String
    var key: String
    /// The hash of the site's shared code when the lesson used it (it is
    /// part of `key`), to tell an author that the shared code changed.
    var siteCode: String?
    /// Files the lesson read, relative to the content folder (or absolute
    /// when outside it), with a hash of their contents when it ran.
    var files: [String: String]
    /// Outputs of each block, in document order.
    var blocks: [[BlockOutput]]
}
