import SwiftSyntax

/// Where a cell's uncaught errors can come from: the `try`s of its
/// top-level statements that no `catch` surrounds.
///
/// An error thrown there ends the program, and the Swift runtime reports it
/// without a place ("Error raised at top level", from the runtime's own
/// file): its backtrace starts in `swift_errorInMain`, past the frame of the
/// `try`. So the lesson program notes, before each such statement, where its
/// first `try` is (`LessonProgram`), and a crash report names that place.
enum TopLevelTries {
    /// A statement that starts a line of the cell, and its first `try`.
    struct Statement: Equatable {
        /// The statement's first line, from 1 within the cell's code.
        var line: Int
        /// The `try`'s line (from 1 within the cell's code) and UTF-8 column.
        var tryLine: Int
        var tryColumn: Int
    }

    static func statements(in code: String) -> [Statement] {
        guard let tree = SwiftParsing.parse(code) else { return [] }
        let converter = SourceLocationConverter(fileName: "", tree: tree)
        var statements: [Statement] = []
        for item in tree.statements {
            let finder = FirstTry(viewMode: .sourceAccurate)
            finder.walk(item)
            guard let found = finder.found else { continue }
            let start = item.startLocation(converter: converter, afterLeadingTrivia: true)
            // A statement after another on its line (`a(); try b()`) gets no
            // line of its own: it would move what follows it on the line.
            let lineStart = converter.position(ofLine: start.line, column: 1)
            let before = tree.syntaxTextBytes[lineStart.utf8Offset..<item.positionAfterSkippingLeadingTrivia.utf8Offset]
            guard before.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            let place = found.startLocation(converter: converter, afterLeadingTrivia: true)
            statements.append(Statement(line: start.line, tryLine: place.line, tryColumn: place.column))
        }
        return statements
    }

    /// The first `try` (not `try?` or `try!`) whose error would leave the
    /// statement: not one in a closure, a function, a type or a `do` block.
    private final class FirstTry: SyntaxVisitor {
        var found: TryExprSyntax?

        override func visit(_ node: TryExprSyntax) -> SyntaxVisitorContinueKind {
            if found == nil, node.questionOrExclamationMark == nil, !node.expression.is(AwaitExprSyntax.self) { found = node }
            return found == nil ? .visitChildren : .skipChildren
        }

        override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: AccessorBlockSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: DoStmtSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    }
}
