import SwiftParser
import SwiftSyntax

/// swift-syntax's parser, guarded against the input that makes it take
/// exponential time: `[` nested deeply (`rows[[[[[[[[…`, found by fuzzing),
/// where its lookahead for inline array types (`[3 of Int]`) tries both
/// readings at every level — 20 levels take seconds, 46 do not finish.
enum SwiftParsing {
    /// How deeply `[` may nest for the parser to be asked; real code nests
    /// a few levels (0.1 s for 12 in a debug build).
    static let bracketNestingLimit = 12

    /// The syntax tree of `code`, or nil when parsing it could take too long
    /// (its callers then do without: code is shown plain, and so on).
    static func parse(_ code: String) -> SourceFileSyntax? {
        var depth = 0
        for byte in code.utf8 {
            if byte == UInt8(ascii: "[") {
                depth += 1
                if depth > bracketNestingLimit { return nil }
            } else if byte == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            }
        }
        return Parser.parse(source: code)
    }
}
