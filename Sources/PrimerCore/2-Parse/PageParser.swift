/// The parse stage: each page's Markdown to a tree (cmark-gfm with GFM's
/// and Primer's extensions), with its lesson code taken out for the
/// execute stage.
enum PageParser {
    /// Every page of the content that is not remembered from the last
    /// build, by page path.
    static func parse(_ content: LoadedContent) throws(BuildFailure) -> [String: LessonCode] {
        // cmark-gfm parses one page at a time (see MarkdownParser); taking
        // the code out of the tree runs on every core.
        let fresh = content.pages.filter { $0.remembered == nil }
        let parsed = Parallel.map(fresh) { page in
            var log = DiagnosticLog()
            let code = parse(page.body, file: page.displayPath, limits: content.configuration.limits, log: &log)
            return (code, log.diagnostics)
        }
        var log = DiagnosticLog()
        var pages: [String: LessonCode] = [:]
        for (page, (code, diagnostics)) in zip(fresh, parsed) {
            pages[page.path] = code
            log.append(contentsOf: diagnostics)
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
