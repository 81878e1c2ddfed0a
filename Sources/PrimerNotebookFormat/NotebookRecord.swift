import Foundation

/// One event of a running lesson program, as one line of the records file.
///
/// The lesson kit appends these lines while the program runs and Primer reads
/// them as the file grows. This type is the format's only definition: it is
/// compiled into the kit (for lesson programs) and into the generator, so the
/// writer and the reader cannot drift apart.
///
/// Each line is a JSON object with the keys `event`, `block`, `type`, `data`
/// and `path`, each present only when the event has it:
///
/// ```json
/// {"block":2,"data":"0.5\n","event":"output","type":"text/plain;stdout"}
/// ```
public enum NotebookRecord: Sendable, Equatable {
    /// The block with this index (its place among the lesson's blocks) starts.
    case begin(block: Int)
    /// The block finished; a block that begins and never ends is the one that crashed.
    case end(block: Int)
    /// Something the block printed or showed; `block` is nil for output made
    /// outside any block.
    case output(block: Int?, kind: OutputKind, data: String)
    /// The lesson read the file at `path`, so its results depend on that file.
    case read(path: String)

    /// What an output is, named by its MIME type; frozen results store the
    /// same names, so they must never change.
    public enum OutputKind: String, Sendable, Codable, CaseIterable {
        /// What the block printed to standard output.
        case stdout = "text/plain;stdout"
        /// What the block printed to standard error.
        case stderr = "text/plain;stderr"
        /// A value shown as plain text.
        case text = "text/plain"
        /// Markdown, rendered like the lesson's own text.
        case markdown = "text/markdown"
        /// An HTML fragment, inserted as it is.
        case html = "text/html"
        /// An SVG image, inserted inline.
        case svg = "image/svg+xml"
        /// A compile error, a trap or a thrown error, in a block that expects
        /// one; Primer makes these itself, the kit never writes them.
        case error = "application/vnd.primer.error"
        /// A claim and its verdict (`ClaimRecord` as JSON), which Primer draws
        /// in the page's language.
        case claim = "application/vnd.primer.claim+json"
        /// A plot's data table (an HTML `<details>`), which Primer puts in the
        /// caption of the figure the plot stands in, so that opening it does
        /// not push the caption away from the plot.
        case plotData = "application/vnd.primer.plot-data+html"
    }

    /// The record as one line: JSON with sorted keys (so equal records are
    /// equal bytes) and unescaped slashes (so paths and markup stay legible),
    /// ending in a newline. JSON escapes newlines inside strings, so that
    /// newline is the line's only one, and the reader knows the record is whole.
    public static func encodeLine(_ record: NotebookRecord) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A record holds only strings and integers, which always encode.
        // swift-format-ignore: NeverUseForceTry
        var line = try! encoder.encode(record)
        line.append(0x0A)
        return line
    }

    /// The record on `line` (with or without its newline).
    ///
    /// - Throws: `UnreadableRecord`, whose description says in words why the
    ///   line is not a record.
    public static func decodeLine(_ line: Data) throws -> NotebookRecord {
        do {
            return try JSONDecoder().decode(NotebookRecord.self, from: line)
        } catch {
            throw UnreadableRecord(error)
        }
    }
}

extension NotebookRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case event, block, type, data, path
    }

    private enum Event: String {
        case begin, end, output, read
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .event)
        guard let event = Event(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .event, in: container, debugDescription: "its event \"\(name)\" is unknown")
        }
        switch event {
        case .begin:
            self = .begin(block: try container.decode(Int.self, forKey: .block))
        case .end:
            self = .end(block: try container.decode(Int.self, forKey: .block))
        case .output:
            let type = try container.decode(String.self, forKey: .type)
            guard let kind = OutputKind(rawValue: type) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .type, in: container, debugDescription: "its output type \"\(type)\" is unknown")
            }
            self = .output(
                block: try container.decodeIfPresent(Int.self, forKey: .block), kind: kind,
                data: try container.decode(String.self, forKey: .data))
        case .read:
            self = .read(path: try container.decode(String.self, forKey: .path))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .begin(let block):
            try container.encode(Event.begin.rawValue, forKey: .event)
            try container.encode(block, forKey: .block)
        case .end(let block):
            try container.encode(Event.end.rawValue, forKey: .event)
            try container.encode(block, forKey: .block)
        case .output(let block, let kind, let data):
            try container.encode(Event.output.rawValue, forKey: .event)
            try container.encodeIfPresent(block, forKey: .block)
            try container.encode(kind, forKey: .type)
            try container.encode(data, forKey: .data)
        case .read(let path):
            try container.encode(Event.read.rawValue, forKey: .event)
            try container.encode(path, forKey: .path)
        }
    }
}

/// Why a line is not a record, phrased for a diagnostic (`it has no "block"`).
public struct UnreadableRecord: Error, CustomStringConvertible {
    public let description: String

    init(_ error: any Error) {
        guard let error = error as? DecodingError else {
            description = String(describing: error)
            return
        }
        switch error {
        case .keyNotFound(let key, _):
            description = "it has no \"\(key.stringValue)\""
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            description = context.codingPath.last.map { "its \"\($0.stringValue)\" is not of type \(type)" } ?? "it is not a JSON object"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            description = "it is not JSON"
        case .dataCorrupted(let context):
            description = context.debugDescription
        @unknown default:
            description = String(describing: error)
        }
    }
}
