import Foundation
import Yams

/// Reads a YAML mapping of known keys into typed values, turning every
/// problem into a located diagnostic.
///
/// YAML text that starts part-way into a file (front matter starts on line 2)
/// is read with `lineOffset`, so diagnostics name the file's own lines.
struct YAMLReader {
    let file: String
    let lineOffset: Int
    let text: String
    private let sourceLines: [Substring]

    init(file: String, text: String, lineOffset: Int = 0) {
        self.file = file
        self.text = text
        self.lineOffset = lineOffset
        self.sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Parses the text as a mapping and calls `handle` for each key, in order.
    ///
    /// An empty document is an empty mapping. A key that `handle` does not
    /// know (returns false for) is an error listing the known keys.
    func readMapping(
        what: String,
        knownKeys: [String],
        handle: (_ key: String, _ value: Node) throws(BuildFailure) -> Void
    ) throws(BuildFailure) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw BuildFailure(diagnostic(for: error, what: what))
        } catch {
            throw BuildFailure(Diagnostic(at: SourceLocation(file: file), id: "yaml.malformed", "malformed \(what): \(error)"))
        }
        guard let root else { return }
        try readMapping(root, what: what, knownKeys: knownKeys, handle: handle)
    }

    /// Calls `handle` for each key of a mapping node, in order; a key that
    /// is not in `knownKeys` is an error listing them.
    func readMapping(
        _ node: Node,
        what: String,
        knownKeys: [String],
        handle: (_ key: String, _ value: Node) throws(BuildFailure) -> Void
    ) throws(BuildFailure) {
        guard case .mapping(let mapping) = node else {
            throw BuildFailure(Diagnostic(at: location(of: node), id: "yaml.not-mapping", "\(what) must be a mapping of keys to values"))
        }
        var log = DiagnosticLog()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard knownKeys.contains(key) else {
                log.append(
                    Diagnostic(
                        at: location(of: keyNode), id: "yaml.unknown-key",
                        "unknown key '\(key)' in \(what)",
                        notes: ["known keys: " + knownKeys.joined(separator: ", ")]))
                continue
            }
            log.collect { () throws(BuildFailure) in try handle(key, value) }
        }
        try log.throwIfErrors()
    }

    // MARK: Typed values

    func string(_ node: Node, key: String) throws(BuildFailure) -> String {
        guard case .scalar(let scalar) = node else { throw typeError(node, key: key, expected: "text") }
        return scalar.string
    }

    func number(_ node: Node, key: String) throws(BuildFailure) -> Double {
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init), value.isFinite else {
            throw typeError(node, key: key, expected: "a number")
        }
        return value
    }

    /// A size in bytes: a whole number, or one with a unit (`512 KB`,
    /// `10 MB`, `1 GB`; decimal units, as disks and networks count).
    func byteSize(_ node: Node, key: String) throws(BuildFailure) -> Int {
        let text = (node.string ?? "").trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("B", 1)]
        let unit = units.first { text.uppercased().hasSuffix($0.0) }
        let number = unit.map { text.dropLast($0.0.count).trimmingCharacters(in: .whitespaces) } ?? text
        guard case .scalar = node, let value = Double(number), value > 0, value * Double(unit?.1 ?? 1) < 1e15 else {
            throw typeError(node, key: key, expected: "a size such as 500 KB, 10 MB or 1 GB")
        }
        return Int(value * Double(unit?.1 ?? 1))
    }

    /// A whole number of at least `minimum`.
    func count(_ node: Node, key: String, minimum: Int) throws(BuildFailure) -> Int {
        guard case .scalar = node, let value = Int(node.string ?? ""), value >= minimum else {
            throw typeError(node, key: key, expected: "a whole number, at least \(minimum)")
        }
        return value
    }

    func bool(_ node: Node, key: String) throws(BuildFailure) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw typeError(node, key: key, expected: "true or false") }
        return value
    }

    func strings(_ node: Node, key: String) throws(BuildFailure) -> [(String, SourceLocation)] {
        guard case .sequence(let sequence) = node else { throw typeError(node, key: key, expected: "a list") }
        var values: [(String, SourceLocation)] = []
        for element in sequence {
            values.append((try string(element, key: key), location(of: element)))
        }
        return values
    }

    /// A value given either once (`title: Primer`) or per language
    /// (`title: {en: Primer, zh: 入门}`); the single form is keyed by `""`.
    func stringOrStringPerLanguage(_ node: Node, key: String) throws(BuildFailure) -> [String: String] {
        switch node {
        case .scalar(let scalar):
            return ["": scalar.string]
        case .mapping(let mapping):
            var values: [String: String] = [:]
            for (language, value) in mapping {
                values[try string(language, key: key)] = try string(value, key: "\(key).\(language.string ?? "")")
            }
            return values
        default:
            throw typeError(node, key: key, expected: "text, or a mapping from language to text")
        }
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 1) }
        return location(line: mark.line, scalarColumn: mark.column)
    }

    func typeError(_ node: Node, key: String, expected: String) -> BuildFailure {
        BuildFailure(Diagnostic(at: location(of: node), id: "yaml.type", "'\(key)' must be \(expected)"))
    }

    // MARK: Locations

    private func diagnostic(for error: YamlError, what: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return Diagnostic(
                at: location(line: mark.line, scalarColumn: mark.column), id: "yaml.malformed", "malformed \(what): \(detail)")
        default:
            return Diagnostic(at: SourceLocation(file: file, line: lineOffset + 1), id: "yaml.malformed", "malformed \(what): \(error)")
        }
    }

    /// Converts Yams' 1-based line and Unicode-scalar column to the file's
    /// line and UTF-8 column.
    private func location(line: Int, scalarColumn: Int) -> SourceLocation {
        let index = line - 1  // 0-based line within the YAML text
        var column = scalarColumn
        if sourceLines.indices.contains(index) {
            column = String(String.UnicodeScalarView(sourceLines[index].unicodeScalars.prefix(scalarColumn - 1))).utf8.count + 1
        }
        return SourceLocation(file: file, line: line + lineOffset, column: max(1, column))
    }
}
