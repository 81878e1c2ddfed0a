/// The parse stage: each page's Markdown to a tree (cmark-gfm with GFM's
/// and Primer's extensions), with its lesson code taken out for the
/// execute stage.
enum PageParser {
    /// Every page of the content that is not remembered from the last
    /// build, by page path.
    static func parse(_ content: LoadedContent) throws(BuildFailure) -> [String: LessonCode] {
        var log = DiagnosticLog()
        var pages: [String: LessonCode] = [:]
        for page in content.pages where page.remembered == nil {
            pages[page.path] = parse(page.body, file: page.displayPath, limits: content.configuration.limits, log: &log)
        }
        try log.throwIfErrors()
        return pages
    }

    /// One page's Markdown, whose problems go to `log` at `file`'s lines.
    static func parse(_ markdown: String, file: String, limits: Limits = Limits(), log: inout DiagnosticLog) -> LessonCode? {
        var parser = MarkdownParser()
        parser.nestingLimit = limits.nestingDepth
        let parsed = parser.parse(markdown)
        for problem in parsed.problems {
            log.append(
                Diagnostic(
                    at: SourceLocation(file: file, line: problem.line, column: problem.column), id: problem.id, problem.message,
                    notes: problem.notes))
        }
        return log.collect { () throws(BuildFailure) in
            try LessonCode.extract(from: parsed.document, source: markdown, file: file)
        }
    }
}
