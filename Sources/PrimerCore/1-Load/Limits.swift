import Foundation
import Yams

/// How much a site may ask of a build: each limit stops an input that would
/// otherwise exhaust the stack, the memory or the disk — a cell that prints
/// in a loop, a scatter plot of a million points — with a message at its
/// place, before anything is written.
///
/// The defaults are far above what a lesson needs (the flagship lessons'
/// largest cell output is about 0.2 MB, their deepest nesting 6); a site
/// raises them in `primer.yml` (`limits:`), a cell its own output limit with
/// `//| output-limit: 50 MB`.
public struct Limits: Sendable, Equatable {
    static let knownKeys = ["nesting-depth", "cell-output", "page-size"]

    /// How deeply Markdown may nest: block quotes, lists, emphasis and
    /// links inside one another. The parse and render stages recurse once a
    /// level, so this bounds their stack (markdown-it's default is 100 too).
    public var nestingDepth = 100
    /// What one cell, inline value or directive may output, in bytes: its
    /// printed text and its display data (plots, tables) together.
    public var cellOutput = 10_000_000
    /// One page's HTML, in bytes.
    public var pageSize = 20_000_000

    public init() {}

    /// The `limits:` mapping of `primer.yml`.
    static func parse(_ node: Node, reader: YAMLReader) throws(BuildFailure) -> Limits {
        var limits = Limits()
        try reader.readMapping(node, what: "limits", knownKeys: knownKeys) { key, value throws(BuildFailure) in
            switch key {
            case "nesting-depth": limits.nestingDepth = try reader.count(value, key: key, minimum: 8)
            case "cell-output": limits.cellOutput = try reader.byteSize(value, key: key)
            default: limits.pageSize = try reader.byteSize(value, key: key)  // "page-size"
            }
        }
        return limits
    }

    /// `10 MB`, as the limits are written.
    static func describe(bytes: Int) -> String {
        for (unit, size) in [("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)] where bytes >= size {
            let value = Double(bytes) / Double(size)
            return (value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
