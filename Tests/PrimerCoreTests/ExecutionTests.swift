import Foundation
import Testing

@testable import PrimerCore

/// Lessons compiled and run for real (each run takes about a second).
@Suite("Executing lessons, and frozen results", .serialized)
struct ExecutionTests {
    static let lesson = """
        ---
        title: Sigmoid
        ---

        σ'(0) is `{swift} Activation.sigmoid.derivative(0)`, and 0.1 + 0.2 is `{swift} 0.1 + 0.2`.

        ```{swift}
        //| label: values
        //| caption: Three values.
        let xs = [-2.0, 0, 2]
        for x in xs { print(x, format(Activation.sigmoid(x), digits: 3)) }
        ```

        @Table(columns: [.text("x"), .number("σ(x)", format: .fixed(4))],
               rows: xs.map { [.text("\\($0)"), .number(Activation.sigmoid($0))] })
        """

    private func site(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(files)
        return folder
    }

    private func build(_ folder: TemporaryFolder, fresh: Bool = false) throws -> BuildSummary {
        try folder.generator().build(fresh: fresh)
    }

    @Test("a plot's data table sits in the cell's caption, its summary in the page's language")
    func plotDataInCaption() throws {
        let cell = """
            ```{swift}
            //| label: fig-s
            //| caption: The sigmoid.
            show(Plot { Line({ Activation.sigmoid($0) }, x: -2...2, label: "σ") })
            ```
            """
        let folder = try site([
            "Content/primer.yml": "languages: [en, zh]\n", "Content/en/s.md": cell, "Content/zh/s.md": cell,
        ])
        _ = try build(folder)
        let english = try folder.read("docs/en/s.html")
        #expect(english.contains("<figcaption>Figure 1: The sigmoid.\n<details class=\"plot-data\"><summary>Data</summary>"))
        #expect(english.contains("</details>\n</figcaption>"))
        let chinese = try folder.read("docs/zh/s.html")
        #expect(chinese.contains("<details class=\"plot-data\"><summary>数据</summary>"))
        #expect(chinese.contains("aria-label=\"数据\""))
    }

    @Test("outputs appear in place of the cell, the inline values and the directive")
    func outputsInPlace() throws {
        let folder = try site(["Content/sigmoid.md": Self.lesson])
        let summary = try build(folder)
        #expect((summary.executedCount, summary.frozenCount) == (1, 0))
        let html = try folder.readValues("docs/sigmoid.html")
        #expect(html.contains("<p>σ'(0) is 0.25, and 0.1 + 0.2 is 0.3.</p>"))
        #expect(
            html.contains(
                """
                <figure class="cell" id="values">
                <div class="scroll code" tabindex="0" role="group" aria-label="Code">
                <pre><code class="language-swift"><span class="k">let</span> xs = [-<span class="n">2.0</span>, <span class="n">0</span>, <span class="n">2</span>]
                <span class="k">for</span> x <span class="k">in</span> xs { print(x, format(Activation.sigmoid(x), <span class="l">digits</span>: <span class="n">3</span>)) }
                </code></pre>
                </div>
                <div class="scroll output stdout" tabindex="0" role="group" aria-label="Output">
                <pre class="output stdout"><code>-2.0 0.119
                0.0 0.5
                2.0 0.881
                </code></pre>
                </div>
                <figcaption>Three values.</figcaption>
                </figure>
                """))
        #expect(
            html.contains(
                "<div class=\"directive\">\n<div class=\"scroll table\" tabindex=\"0\" role=\"group\" aria-label=\"Table\">\n<table>"))
        #expect(html.contains("<td style=\"text-align: right\">0.8808</td>"))
        // The frozen results are stored, one readable file per lesson.
        let frozen = try folder.read("Content/_freeze/sigmoid.json")
        #expect(frozen.contains("\"-2.0 0.119\""))
    }

    @Test("what does not change results executes nothing; what does, executes that lesson")
    func freezing() throws {
        let folder = try site([
            "Content/a.md": Self.lesson,
            "Content/b.md": "```{swift}\nlet text = try readTextFile(\"data/b.txt\")\n```\n\nB: `{swift} text`\n",
            "Content/data/b.txt": "first",
            "Content/c.md": "```{swift}\n//| depends: data/c.txt\nprint(1)\n```\n",
            "Content/data/c.txt": "one",
        ])
        #expect(try build(folder).executedCount == 3)
        #expect(try folder.readValues("docs/b.html").contains("<p>B: first</p>"))

        // Nothing changed.
        #expect(try build(folder).executedCount == 0)
        // Prose edited, and lines inserted above a cell.
        try folder.write([
            "Content/a.md": "New first line.\n\nAnd another.\n" + Self.lesson.replacingOccurrences(of: "is `", with: "equals `")
        ])
        var summary = try build(folder)
        #expect((summary.executedCount, summary.frozenCount) == (0, 3))
        #expect(try folder.readValues("docs/a.html").contains("σ'(0) equals 0.25"))
        // A caption changed.
        try folder.write(["Content/a.md": Self.lesson.replacingOccurrences(of: "Three values.", with: "Values of σ.")])
        #expect(try build(folder).executedCount == 0)
        #expect(try folder.read("docs/a.html").contains("<figcaption>Values of σ.</figcaption>"))
        // A file the lesson reads changed: that lesson runs again.
        try folder.write(["Content/data/b.txt": "second"])
        summary = try build(folder)
        #expect((summary.executedCount, summary.frozenCount) == (1, 2))
        #expect(try folder.readValues("docs/b.html").contains("<p>B: second</p>"))
        // A file a cell declares with `depends` changed.
        try folder.write(["Content/data/c.txt": "two"])
        #expect(try build(folder).executedCount == 1)
        // One cell edited: only its lesson runs.
        try folder.write(["Content/a.md": Self.lesson.replacingOccurrences(of: "digits: 3", with: "digits: 2")])
        summary = try build(folder)
        #expect((summary.executedCount, summary.frozenCount) == (1, 2))
        #expect(try folder.read("docs/a.html").contains("2.0 0.88\n"))
        // --fresh executes everything.
        #expect(try build(folder, fresh: true).executedCount == 3)
        // A deleted lesson's results are pruned.
        try folder.remove("Content/c.md")
        _ = try build(folder)
        #expect(!folder.exists("Content/_freeze/c.json"))
        #expect(folder.exists("Content/_freeze/a.json"))
    }

    @Test("editing a source file of the lesson kit executes every lesson, and compiles only its module again")
    func kitChange() throws {
        let folder = try site(["Content/a.md": "`{swift} 1 + 1`\n", "Content/b.md": "`{swift} 2 + 2`\n"])
        let kit = folder.url.appendingPathComponent("kit")
        try LessonKit.writeEmbeddedSources(to: kit)
        var generator = folder.generator()
        generator.kitSources = kit
        generator.kitCache = folder.url.appendingPathComponent("cache")
        let progress = Lines()
        generator.progress = { progress.append($0) }
        #expect(try generator.build().executedCount == 2)
        #expect(progress.lines.contains { $0.hasPrefix("Compiling the lesson kit (PrimerNotebookFormat, PrimerFigures, PrimerKit) into") })
        #expect(try generator.build().executedCount == 0)
        let source = kit.appendingPathComponent("PrimerKit/Notebook/Formatting.swift")
        try (String(contentsOf: source, encoding: .utf8) + "\n// An edit.\n").write(to: source, atomically: true, encoding: .utf8)
        #expect(try generator.build().executedCount == 2)
        #expect(progress.lines.contains { $0.hasPrefix("Compiling the lesson kit (PrimerKit) into") })
        let modules = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("cache/kit-modules").path)
        #expect(modules.filter { $0.hasPrefix("PrimerKit-") }.count == 2)
        #expect(modules.filter { $0.hasPrefix("PrimerFigures-") }.count == 1)
    }

    @Test(
        "a kit edit that does not compile fails the build with the compiler's error, once, and keeps nothing of it",
        arguments: [
            // In a function body: the interfaces are written, PrimerKit's compile fails.
            ("PrimerKit/Notebook/Formatting.swift", "func broken() -> Int { \"text\" }", "PrimerKit"),
            // In a declaration PrimerKit imports: PrimerFigures' interface fails, and PrimerKit is not compiled.
            ("PrimerFigures/Escaping.swift", "public struct Broken: NoSuchProtocol {}", "PrimerFigures"),
        ])
    func kitCompileError(file: String, edit: String, module: String) throws {
        let kit = try TemporaryFolder()
        try LessonKit.writeEmbeddedSources(to: kit.url)
        let source = kit.url.appendingPathComponent(file)
        try (String(contentsOf: source, encoding: .utf8) + "\n" + edit + "\n").write(to: source, atomically: true, encoding: .utf8)
        let cache = try TemporaryFolder()
        let folder = try expectFailedRebuildChangesNothing { generator in
            generator.kitSources = kit.url
            generator.kitCache = cache.url
        }
        var generator = folder.generator()
        generator.kitSources = kit.url
        generator.kitCache = cache.url
        do {
            _ = try generator.build()
            Issue.record("a kit that does not compile must fail the build")
        } catch {
            let message = "\(error)"
            #expect(message.components(separatedBy: "the lesson kit does not compile").count == 2, "\(message)")
            #expect(
                message.hasPrefix(kit.url.appendingPathComponent(module).path + ": error: the lesson kit does not compile"), "\(message)")
            #expect(message.contains("\(file):\(try lastLine(of: source)):"), "\(message)")
        }
        // No kit was kept: the next build with the kit fixed compiles it.
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache.url.path).filter {
            $0.hasPrefix("kit-") && $0 != "kit-modules"
        }
        #expect(kept.isEmpty)
    }

    /// The number of `file`'s last line (it ends with a line break).
    private func lastLine(of file: URL) throws -> Int {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count - 1
    }

    /// Progress lines, collected from any thread.
    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [String] = []
        var lines: [String] { lock.withLock { collected } }
        func append(_ line: String) { lock.withLock { collected.append(line) } }
    }

    @Test("a fresh clone checks and builds from the frozen results without executing anything")
    func freshClone() throws {
        let original = try site(["Content/a.md": Self.lesson])
        _ = try build(original)
        let clone = try TemporaryFolder()
        try FileManager.default.copyItem(
            at: original.url.appendingPathComponent("Content"), to: clone.url.appendingPathComponent("Content"))
        try FileManager.default.copyItem(at: original.url.appendingPathComponent("docs"), to: clone.url.appendingPathComponent("docs"))
        var generator = clone.generator()
        // An empty kit cache: executing anything would compile the kit into it.
        generator.kitCache = clone.url.appendingPathComponent("no-cache")
        #expect(try generator.check().passed)
        let summary = try generator.build()
        #expect((summary.executedCount, summary.frozenCount) == (0, 1))
        #expect(clone.snapshot("docs") == original.snapshot("docs"))
        // Only the build's memory is there: no kit was compiled.
        #expect(try FileManager.default.contentsOfDirectory(atPath: clone.url.appendingPathComponent("no-cache").path) == ["sites"])
    }

    /// Builds a one-value lesson, changes its code, and builds again with
    /// `failing` set on the generator: the second build must change nothing.
    private func expectFailedRebuildChangesNothing(
        _ failing: (inout SiteGenerator) -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> TemporaryFolder {
        let folder = try site(["Content/a.md": "`{swift} 1 + 1`\n"])
        _ = try build(folder)
        let docs = folder.snapshot("docs")
        let freeze = folder.snapshot("Content/_freeze")
        try folder.write(["Content/a.md": "`{swift} 2 + 2`\n"])
        var generator = folder.generator()
        failing(&generator)
        #expect(throws: BuildFailure.self, sourceLocation: sourceLocation) { _ = try generator.build() }
        #expect(folder.snapshot("docs") == docs, sourceLocation: sourceLocation)
        #expect(folder.snapshot("Content/_freeze") == freeze, sourceLocation: sourceLocation)
        // No staging folder is left behind.
        #expect(try folder.entries() == ["Content", "docs"], sourceLocation: sourceLocation)
        let content = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("Content").path)
        #expect(content.sorted() == ["_freeze", "a.md"], sourceLocation: sourceLocation)
        return folder
    }

    @Test("a build that fails while writing the site leaves the frozen results as they were")
    func failedWriteKeepsFreeze() throws {
        _ = try expectFailedRebuildChangesNothing { generator in
            generator.afterWritingFile = { path in
                if path == "a.html" { throw InjectedFailure() }
            }
        }
    }

    @Test("when the site cannot be swapped in, the new frozen results are swapped back out")
    func failedSwapRestoresFreeze() throws {
        let folder = try expectFailedRebuildChangesNothing { $0.beforeReplacingSite = { throw InjectedFailure() } }
        // The next build commits both.
        _ = try build(folder)
        #expect(try folder.readValues("docs/a.html").contains("<p>4</p>"))
        #expect(try folder.read("Content/_freeze/a.json").contains("\"4\""))
    }

    @Test(
        "a corrupt frozen-results file is an error naming it",
        arguments: [
            ("{ not json", "frozen results cannot be read"),
            ("{\"lesson\": \"a.md\"}", "frozen results cannot be read"),
            (
                "{\"lesson\": \"other.md\", \"key\": \"k\", \"files\": {}, \"blocks\": []}",
                "frozen results cannot be read: it holds the results of other.md"
            ),
        ])
    func corruptFreeze(contents: String, expected: String) throws {
        let folder = try site(["Content/a.md": "`{swift} 1 + 1`\n"])
        _ = try build(folder)
        let docs = folder.snapshot("docs")
        try folder.write(["Content/_freeze/a.json": contents])
        for attempt in [{ _ = try folder.generator().build() }, { _ = try folder.generator().check() }] {
            do {
                try attempt()
                Issue.record("a corrupt freeze file must fail the build")
            } catch {
                let message = "\(error)"
                #expect(message.hasPrefix("Content/_freeze/a.json: error: \(expected)"), "\(message)")
                #expect(message.contains("primer build --fresh"))
            }
        }
        #expect(folder.snapshot("docs") == docs)
        #expect(try folder.read("Content/_freeze/a.json") == contents)
        // --fresh runs the lesson and replaces the file.
        _ = try build(folder, fresh: true)
        #expect(try folder.read("Content/_freeze/a.json").contains("\"2\""))
    }

    @Test("check fails, naming the lesson and the command, when frozen results are stale")
    func checkStale() throws {
        let folder = try site(["Content/a.md": Self.lesson])
        _ = try build(folder)
        try folder.write(["Content/a.md": Self.lesson.replacingOccurrences(of: "digits: 3", with: "digits: 4")])
        let failure = #expect(throws: BuildFailure.self) { _ = try folder.generator().check() }
        #expect(
            failure?.description == """
                Content/a.md: error: frozen results are out of date: its code or the lesson kit changed
                  run 'primer build' to execute the lesson and update Content/_freeze/a.json
                """)
    }

    @Test("a cell with error: true shows its error, and the lesson goes on")
    func expectedErrors() throws {
        let folder = try site([
            "Content/a.md": """
            ```{swift}
            //| error: true
            let wrong: Int = "text"
            ```

            ```{swift}
            //| error: true
            print("before the trap")
            _ = [Int]()[1]
            ```

            ```{swift}
            print("after")
            ```
            """
        ])
        _ = try build(folder)
        let html = try folder.read("docs/a.html")
        #expect(
            html.contains("<pre class=\"output error\" role=\"alert\"><code>3:18: error: cannot convert value of type &#39;String&#39;")
                || html.contains("<code>3:18: error: cannot convert value of type 'String' to specified type 'Int'</code>"))
        #expect(html.contains("<pre class=\"output stdout\"><code>before the trap\n</code></pre>"))
        #expect(html.contains("<pre class=\"output error\" role=\"alert\"><code>9:"))
        #expect(html.range(of: "before the trap")!.lowerBound < html.range(of: "<code>9:")!.lowerBound)
        #expect(html.contains("<pre class=\"output stdout\"><code>after\n</code></pre>"))
    }

    /// Builds, breaks the lesson, builds again; returns the failure after
    /// checking that docs/ and the frozen results are untouched.
    private func failure(_ broken: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let folder = try site(["Content/a.md": Self.lesson])
        _ = try build(folder)
        let docs = folder.snapshot("docs")
        let frozen = folder.snapshot("Content/_freeze")
        try folder.write(["Content/a.md": broken])
        var message = "no error"
        do {
            _ = try build(folder)
        } catch {
            message = "\(error)"
        }
        #expect(folder.snapshot("docs") == docs, sourceLocation: sourceLocation)
        #expect(folder.snapshot("Content/_freeze") == frozen, sourceLocation: sourceLocation)
        return message
    }

    @Test("a compile error points at the Markdown line and column")
    func compileError() throws {
        let message = try failure("# A\n\n```{swift}\nlet a = 1\nlet b: String = a\n```\n")
        #expect(message.hasPrefix("Content/a.md:5:17: error: cannot convert value of type 'Int' to specified type 'String'"))
    }

    @Test("an inline expression that does not compile")
    func inlineCompileError() throws {
        let message = try failure("# A\n\nValue: `{swift} undefinedName + 1`.\n")
        #expect(message.hasPrefix("Content/a.md:3:17: error: cannot find 'undefinedName' in scope"))
    }

    @Test("a runtime trap names the cell, its lines and the trap")
    func trap() throws {
        let message = try failure("# A\n\n```{swift}\n//| label: boom\nlet a = [1]\nprint(\"before\")\nprint(a[3])\n```\n")
        #expect(
            message.hasPrefix("Content/a.md:7:8: error: cell 'boom' (lines 4–7) crashed: Fatal error: Index out of range"))
        #expect(message.contains("it printed:\n    before"))
    }

    @Test("a fatalError's message is reported")
    func fatalErrorMessage() throws {
        let message = try failure("```{swift}\nfatalError(\"the model diverged\")\n```\n")
        #expect(message.hasPrefix("Content/a.md:2: error: cell at line 1 (lines 2–2) crashed: Fatal error: the model diverged"))
    }

    @Test("a cell past its timeout is stopped with everything it started")
    func timeout() throws {
        let marker = "37.\(Int.random(in: 100_000...999_999))"
        let message = try failure(
            """
            ```{swift}
            //| timeout: 1
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/bin/sleep")
            child.arguments = ["\(marker)"]
            try child.run()
            while true {}
            ```
            """)
        #expect(message.hasPrefix("Content/a.md:1:1: error: cell at line 1 ran longer than its timeout of 1 s and was stopped"))
        // The process the cell started was killed with it.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        check.arguments = ["-f", "sleep \(marker)"]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 1, "a 'sleep \(marker)' process survived")
    }

    @Test(
        "malformed code fails before anything runs",
        arguments: [
            ("@Table(columns: [\n\nmore\n", "Content/a.md:1:7: error: directive '@Table(…)' is never closed: missing ')'"),
            ("@Table(rows: [\"x])\n", "Content/a.md:1:15: error: unterminated string literal"),
            ("```{swift}\n//| echo: sometimes\nlet a = 1\n```\n", "Content/a.md:2:11: error: 'echo' must be true or false"),
            ("```{swift}\n//| colour: red\n```\n", "Content/a.md:2:5: error: unknown key 'colour' in cell options"),
            ("Text.\n\n```{swift}\nlet a = 1\n", "Content/a.md:3:1: error: code cell is never closed"),
        ])
    func malformed(source: String, expected: String) throws {
        #expect(try failure(source).hasPrefix(expected))
    }
}
