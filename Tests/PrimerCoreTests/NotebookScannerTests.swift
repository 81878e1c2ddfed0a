import Testing
@testable import PrimerCore

@Suite("Finding cells, inline values and directives")
struct NotebookScannerTests {
    private func scan(_ markdown: String) throws -> NotebookScanner.Result {
        try NotebookScanner.scan(markdown, file: "l.md")
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
        let result = try scan("""
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
        // Same number of lines; markers where the code was.
        #expect(result.markdown.split(separator: "\n", omittingEmptySubsequences: false).count == 8)
        #expect(result.markdown.contains("<!--primer:block:1"))
        #expect(result.markdown.contains("<!--primer:block:2-->"))
        #expect(result.markdown.contains("`\u{E000}0`"))
    }

    @Test("code that is only shown is never run")
    func notCells() throws {
        let result = try scan("""
            ```swift
            @Plot(x)
            `{swift} 1`
            ```

            ~~~~
            ```{swift}
            ~~~~

                @Indented(code)

            Text `not {swift} code` and \\`{swift} 2\\` and ``{swift}`` there.
            """)
        #expect(result.blocks.isEmpty)
    }

    @Test("a directive may span lines, and parentheses in strings, comments and interpolations do not count")
    func directiveArguments() throws {
        let result = try scan("""
            @Table(columns: [.text(")")], // a ) in a comment
                   rows: ["\\(f(")"))", #"raw ")" "#, \"""
                   multi ) line
                   \"""] /* ) */)
            after
            """)
        #expect(result.blocks.count == 1)
        #expect(result.blocks[0].endLine == 4)
        #expect(result.markdown.hasSuffix("-->\nafter"))
    }

    @Test("inline values spanning lines, and code spans of several backticks")
    func inlineForms() throws {
        let result = try scan("a ``{swift} \"`\"`` b `{swift} [1,\n2]` c")
        #expect(result.blocks.map(\.code) == ["\"`\"", "[1,\n2]"])
        #expect(result.blocks[1].endLine == 2)
    }

    @Test("malformed code is an error at its place", arguments: [
        ("text\n@Plot(f, x: (1\n\nmore", "l.md:2:6: error: directive '@Plot(…)' is never closed: missing ')'"),
        ("@Plot(\"unterminated)\n", "l.md:1:7: error: unterminated string literal"),
        ("@Plot(f) trailing\n", "l.md:1:9: error: unexpected text after the directive's closing ')'"),
        ("a\n\n  ```{swift}\nlet a = 1\n", "l.md:3:3: error: code cell is never closed"),
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
    }

    @Test("the program keeps each block's Markdown line and column")
    func program() throws {
        let blocks = try scan("---\n\nSee `{swift} x + 1`.\n\n```{swift}\nlet x = 1\n```\n").blocks
        let source = LessonProgram(file: "Content/l.md", blocks: blocks).source()
        #expect(source.contains("""
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
    }

    @Test("a crash report gives the message and the lesson's line")
    func crashReport() {
        let trap = CrashReport(stderr: """
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
