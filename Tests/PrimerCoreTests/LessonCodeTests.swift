import Testing

@testable import PrimerCore

@Suite("Finding cells, inline values and directives")
struct LessonCodeTests {
    /// Parses and takes the code out, as the parse stage does.
    private func scan(_ markdown: String) throws -> LessonCode {
        let parsed = MarkdownParser().parse(markdown)
        if !parsed.problems.isEmpty {
            throw BuildFailure(
                parsed.problems.map {
                    Diagnostic(at: SourceLocation(file: "l.md", line: $0.line, column: $0.column), id: $0.id, $0.message)
                })
        }
        return try LessonCode.extract(from: parsed.document, source: markdown, file: "l.md")
    }

    /// The kinds of the document's nodes, in order, as a compact string.
    private func outline(_ node: MarkdownNode) -> [String] {
        var kinds: [String] = []
        if case .lessonCode(let index) = node.kind { kinds.append("code\(index)") }
        for child in node.children { kinds += outline(child) }
        return kinds
    }

    private func error(_ markdown: String) -> String {
        do {
            _ = try scan(markdown)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("the three forms, in document order, with their places")
    func forms() throws {
        let result = try scan(
            """
            Intro `{swift} 1 + 1` text.

            ```{swift}
            //| label: first
            let a = 2*b_c*d
            ```

            @Plot(f, caption: "a *b* (c)")
            """)
        #expect(result.blocks.map(\.kind) == [.inline, .cell, .directive])
        #expect(result.blocks.map(\.code) == ["1 + 1", "//| label: first\nlet a = 2*b_c*d", "Plot(f, caption: \"a *b* (c)\")"])
        #expect(result.blocks.map(\.line) == [1, 4, 8])
        #expect(result.blocks.map(\.column) == [16, 1, 2])
        #expect(result.blocks[1].options.label == "first")
        #expect(result.blocks[1].executableCode == "let a = 2*b_c*d")
        // The tree keeps a node for each in its place.
        #expect(outline(result.document) == ["code0", "code1", "code2"])
        #expect(result.document.children.map(\.line) == [1, 3, 8])
    }

    @Test("code in list items, block quotes and footnotes, at any indentation")
    func inContainers() throws {
        let result = try scan(
            """
            1. Step one:

               ```{swift}
               let a = 1
               ```

               @Show(a *
                     2)

            2. Step two, `{swift} a`

            > @Plot(f, x: 2*a_b*c)
            > and `{swift} a + 1`

            Note[^1].

            [^1]: A footnote with `{swift} a * 3`.
            """)
        #expect(result.blocks.map(\.kind) == [.cell, .directive, .inline, .directive, .inline, .inline])
        #expect(result.blocks.map(\.code) == ["let a = 1", "Show(a *\n      2)", "a", "Plot(f, x: 2*a_b*c)", "a + 1", "a * 3"])
        #expect(result.blocks.map(\.line) == [4, 7, 10, 12, 13, 17])
        #expect(result.blocks.map(\.column) == [1, 5, 23, 4, 16, 32])
        #expect(result.blocks[1].endLine == 8)
        // The list is still one list of two items.
        let list = try #require(result.document.children.first)
        #expect(list.kind == .list(ordered: true, start: 1, tight: false))
        #expect(list.children.count == 2)
    }

    @Test("code that is only shown is never run")
    func notCells() throws {
        let result = try scan(
            """
            ```swift
            @Plot(x)
            `{swift} 1`
            ```

            ~~~~
            ```{swift}
            ~~~~

                @Indented(code)

            > ~~~
            > @Quoted(fence)
            > ~~~

            <div>
            @InHTML(block)
            </div>

            Text `{swift} ` (the syntax, not code), `not {swift} code` and \\`{swift} 2\\` and ``{swift}`` there, @NotAtLineStart(x).
            """)
        #expect(result.blocks.isEmpty)
    }

    @Test("a directive may span lines, and parentheses in strings, comments and interpolations do not count")
    func directiveArguments() throws {
        let result = try scan(
            """
            @Table(columns: [.text(")")], // a ) in a comment
                   rows: ["\\(f(")"))", #"raw ")" "#, \"""
                   multi ) line
                   \"""] /* ) */)
            after
            """)
        #expect(result.blocks.count == 1)
        #expect(result.blocks[0].endLine == 4)
        #expect(result.document.children.map(\.kind) == [.lessonCode(index: 0), .paragraph])
    }

    @Test("inline values spanning lines, and code spans of several backticks")
    func inlineForms() throws {
        let result = try scan("a ``{swift} \"`\"`` b `{swift} [1,\n2]` c")
        // cmark reads a line break in a code span as a space.
        #expect(result.blocks.map(\.code) == ["\"`\"", "[1, 2]"])
        #expect(result.blocks.map(\.column) == [13, 30])
    }

    @Test(
        "malformed code is an error at its place",
        arguments: [
            ("text\n@Plot(f, x: (1\n\nmore", "l.md:2:6: error: directive '@Plot(…)' is never closed: missing ')'"),
            ("@Plot(\"unterminated)\n", "l.md:1:7: error: unterminated string literal"),
            ("@Plot(f) trailing\n", "l.md:1:10: error: unexpected text after the directive's closing ')'"),
            ("a\n\n  ```{swift}\nlet a = 1\n", "l.md:3:3: error: code cell is never closed"),
            ("> ```{swift}\n> let a = 1\n\nafter\n", "l.md:1:3: error: code cell is never closed"),
            ("- @Plot(f,\n\nafter\n", "l.md:1:8: error: directive '@Plot(…)' is never closed: missing ')'"),
            ("$$\nx = 1\n", "l.md:1:1: error: display equation is never closed"),
            ("> $$\n> x = 1\n\n$$\n", "l.md:1:3: error: display equation is never closed"),
            ("$$\nx = 1\n$$ trailing\n", "l.md:3:4: error: unexpected text after the closing '$$' of a display equation"),
            ("```{swift}\n//| colour: red\n```", "l.md:2:5: error: unknown key 'colour' in cell options"),
            ("```{swift}\n//| echo: maybe\n```", "l.md:2:11: error: 'echo' must be true or false"),
            ("```{swift}\n//| timeout: -1\n```", "l.md:2:14: error: 'timeout' must be a positive number of seconds"),
            ("```{swift}\n//| label: has space\n```", "l.md:2:12: error: 'label' must be letters, digits, '-' and '_' only"),
        ])
    func malformed(markdown: String, expected: String) {
        #expect(error(markdown).hasPrefix(expected))
    }

    @Test("the key ignores where code stands and how it is shown")
    func keys() throws {
        func key(_ markdown: String) throws -> String {
            LessonProgram.key(blocks: try scan(markdown).blocks, kitHash: "kit")
        }
        let base = try key("```{swift}\nlet a = 1\n```\n`{swift} a`")
        #expect(try key("New prose.\n\n\n```{swift}\nlet a = 1\n```\nMore `{swift} a`") == base)
        #expect(try key("```{swift}\n//| caption: A\n//| echo: false\nlet a = 1\n```\n`{swift} a`") == base)
        #expect(try key("```{swift}\nlet a = 2\n```\n`{swift} a`") != base)
        #expect(try key("```{swift}\n//| depends: data.csv\nlet a = 1\n```\n`{swift} a`") != base)
        #expect(LessonProgram.key(blocks: try scan("```{swift}\nlet a = 1\n```\n`{swift} a`").blocks, kitHash: "other") != base)
        // The kit writes some words in the page's language: a Chinese twin has its own key.
        #expect(
            LessonProgram.key(blocks: try scan("```{swift}\nlet a = 1\n```\n`{swift} a`").blocks, kitHash: "kit", language: "zh")
                != base)
    }

    @Test("the program keeps each block's Markdown line and column")
    func program() throws {
        let blocks = try scan("---\n\nSee `{swift} x + 1`.\n\n```{swift}\nlet x = 1\n```\n").blocks
        let source = LessonProgram(file: "Content/l.md", blocks: blocks).source()
        #expect(
            source.contains(
                """
                PrimerKit.Notebook.begin(0)
                #sourceLocation(file: "Content/l.md", line: 2)
                PrimerKit.Notebook.value(
                             x + 1
                )
                #sourceLocation()
                PrimerKit.Notebook.end(0)
                PrimerKit.Notebook.begin(1)
                #sourceLocation(file: "Content/l.md", line: 6)
                let x = 1
                #sourceLocation()
                PrimerKit.Notebook.end(1)
                """))
    }

    @Test("SHA-256 matches the standard's test vectors")
    func sha256() {
        #expect(SHA256.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // The same bytes in pieces that straddle blocks, from contiguous and
        // from other sequences.
        for piece in [1, 7, 63, 64, 65, 200] {
            var hasher = SHA256()
            var start = 0
            while start < 1000 {
                let count = min(piece, 1000 - start)
                if start.isMultiple(of: 2) {
                    hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
                } else {
                    hasher.update(repeatElement(UInt8(ascii: "a"), count: count))
                }
                start += count
            }
            #expect(hasher.finalize() == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3", "pieces of \(piece)")
        }
    }

    @Test("a crash report gives the message and the lesson's line")
    func crashReport() {
        let trap = CrashReport(
            stderr: """
                my own warning

                *** Signal 4: Backtracing from 0x55dbe7e190b3... done ***

                *** Program crashed: Illegal instruction at 0x000055dbe7e190b3 ***

                Thread 0 "lesson" crashed:

                  0 [inlined] [system] 0x000055dbe7e190b3 specialized Array.subscript.getter in lesson at //<compiler-generated>
                  1                    0x000055dbe7e190b3 main + 355 in lesson at Content/x.md:43:8
                """, file: "Content/x.md")
        #expect(trap.printed == "my own warning")
        #expect(trap.message == "Illegal instruction in Array.subscript.getter")
        #expect((trap.line, trap.column) == (43, 8))
        let fatal = CrashReport(stderr: "Lesson/x.md:12: Fatal error: boom\n\n*** Signal 4: …", file: "Content/x.md")
        #expect(fatal.message == "Fatal error: boom")
        #expect(fatal.line == 12)
    }
}
