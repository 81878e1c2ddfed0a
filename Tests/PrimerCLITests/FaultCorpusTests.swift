import Foundation
import Testing

/// The bad-input and fault corpus: each case as a hostile user would try
/// it, through the `primer` executable. Every failing case must give its
/// message at its place, exit 1, and leave the site and the frozen results
/// byte for byte as they were.
@Suite("Bad input and faults, through the primer command")
struct FaultCorpusTests {
    /// A site whose first build executed a lesson, so it has a freeze store.
    static let lesson = """
        # Lesson

        One and one make `{swift} 1 + 1`.

        ```{swift}
        print("hello")
        ```
        """

    /// A copy of a built site, in a temporary folder.
    final class Site {
        let url: URL

        init(_ files: [String: String] = ["Content/en/t.md": FaultCorpusTests.lesson]) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("primer-faults-\(UUID().uuidString)")
            try write(files)
            let build = try primer("build")
            guard build.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: build.errors]) }
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        func write(_ files: [String: String]) throws {
            for (path, text) in files {
                let file = url.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }
        }

        func primer(_ arguments: String..., shell: String? = nil) throws -> CommandLineTests.Result {
            try CommandLineTests().primer(arguments, in: url, shell: shell)
        }

        /// The site and the frozen results, every byte.
        func snapshot() -> [String: Data] {
            var files: [String: Data] = [:]
            for root in ["docs", "Content/_freeze"] {
                let base = url.appendingPathComponent(root)
                guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
                for case let file as URL in enumerator {
                    if let data = try? Data(contentsOf: file) {
                        files[root + "/" + file.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)] = data
                    }
                }
            }
            return files
        }
    }

    /// Builds the site after `change`, and checks that the build failed with
    /// exit code 1 and left the site and its frozen results as they were.
    /// Returns standard error.
    private func failure(
        _ site: Site, arguments: [String] = ["build"], shell: String? = nil, after change: () throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let before = site.snapshot()
        #expect(before.keys.contains { $0.hasPrefix("Content/_freeze/") }, sourceLocation: sourceLocation)
        try change()
        let result = try CommandLineTests().primer(arguments, in: site.url, shell: shell)
        #expect(result.status == 1, "exit status", sourceLocation: sourceLocation)
        #expect(site.snapshot() == before, "the site or the frozen results changed", sourceLocation: sourceLocation)
        #expect(
            result.errors.hasSuffix("; the output folder and the frozen results were not changed\n"), sourceLocation: sourceLocation)
        return result.errors
    }

    @Test("a build that fails while writing the site keeps the frozen results it would have pruned")
    func failureWhileWritingTheSite() throws {
        let site = try Site()
        // A file-size limit makes the math font (170 KB) too large to write,
        // as a full disk would; the deleted lesson's results would be pruned.
        let errors = try failure(site, shell: "trap '' XFSZ; ulimit -f 100; exec \"$0\" \"$@\"") {
            try FileManager.default.removeItem(at: site.url.appendingPathComponent("Content/en/t.md"))
            try site.write(["Content/en/other.md": "# Other\n"])
        }
        #expect(errors.hasPrefix("docs: error: cannot write the new site: "))
        #expect(errors.contains("File too large"))
    }

    @Test("2,000 nested block quotes: an error at the place, no crash")
    func deepBlockQuotes() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/t.md": "# Deep\n\n" + String(repeating: "> ", count: 2000) + "deep\n"])
        }
        #expect(
            errors.hasPrefix(
                "Content/en/t.md:3:199: error: Markdown nests more than 100 levels deep here (quotes, lists, emphasis or links in one another)\n"
                    + "  the limit is set in primer.yml: 'limits: {nesting-depth: N}'\n"))
    }

    @Test("2,000 nested list items: an error at the place, no crash")
    func deepLists() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/t.md": "# Deep\n\n" + (0..<2000).map { String(repeating: "  ", count: $0) + "- item\n" }.joined()])
        }
        #expect(errors.hasPrefix("Content/en/t.md:52:99: error: Markdown nests more than 100 levels deep here"))
    }

    @Test("a formula nested 5,000 levels deep: an error at the place, no crash")
    func deepFormula() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write([
                "Content/en/t.md": "# Deep\n\n$" + String(repeating: "\\sqrt{", count: 5000) + "x" + String(repeating: "}", count: 5000)
                    + "$\n"
            ])
        }
        #expect(
            errors.hasPrefix("Content/en/t.md:3:302: error: the formula nests more than 50 levels deep (groups, scripts or environments)\n")
        )
    }

    @Test("a cell label given twice")
    func duplicateCellLabel() throws {
        let site = try Site()
        let errors = try failure(site) {
            let cell = "```{swift}\n//| label: fig-a\n//| caption: A.\nprint(1)\n```\n"
            try site.write(["Content/en/t.md": "# T\n\n" + cell + "\n" + cell])
        }
        #expect(
            errors.hasPrefix(
                "Content/en/t.md:10:1: error: label 'fig-a' is already used on line 4\n"
                    + "  a label names one figure, table or equation: rename one of them\n"))
    }

    @Test("an equation label given twice")
    func duplicateEquationLabel() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write([
                "Content/en/t.md": "# T\n\n$$\nx = 1\n$$ {#eq-a}\n\n$$\n\\begin{align}\ny &= 2 \\label{eq-a}\n\\end{align}\n$$\n"
            ])
        }
        #expect(errors.hasPrefix("Content/en/t.md:7:3: error: label 'eq-a' is already used on line 3\n"))
    }

    @Test("a link to a missing anchor of the same page, at its Markdown line")
    func missingAnchorOnThePage() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/t.md": "# T\n\n## Here\n\nSee [there](#there) and [here](#here).\n"])
        }
        #expect(errors.hasPrefix("Content/en/t.md:5:5: error: link to '#there', which is not a heading or anchor of en/t.html\n"))
    }

    @Test("a cell with an unclosed '{', at the brace, not in the generated program")
    func unclosedBrace() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/t.md": "# T\n\n```{swift}\nfunc f() {\n    print(1)\n```\n\nText.\n"])
        }
        #expect(
            errors.hasPrefix(
                "Content/en/t.md:4:10: error: expected '}' at end of brace statement\n"
                    + "  to match this opening '{', which the block leaves open\n"))
        #expect(!errors.contains("main.swift"))
    }

    @Test("a file name with a quote and a backslash is printed as it is")
    func fileNameWithQuoteAndBackslash() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/q\"b\\s.md": "# Q\n\n```{swift}\nlet x: Int = \"a\"\n```\n"])
        }
        #expect(errors.hasPrefix("Content/en/q\"b\\s.md:4:14: error: cannot convert value of type 'String' to specified type 'Int'\n"))
    }

    @Test("a static file with the path of a page")
    func staticFileWithThePathOfAPage() throws {
        let site = try Site()
        let errors = try failure(site) { try site.write(["Content/en/t.html": "<p>mine</p>\n"]) }
        #expect(errors.hasPrefix("Content/en/t.html: error: this file has the path of the page that en/t.md becomes\n"))
    }

    @Test("a static file with the path of Primer's stylesheet")
    func staticFileWithThePathOfTheStylesheet() throws {
        let site = try Site()
        let errors = try failure(site) { try site.write(["Content/assets/primer.css": "body { color: red }\n"]) }
        #expect(errors.hasPrefix("Content/assets/primer.css: error: this file has the path of Primer's stylesheet\n"))
    }

    @Test("an output folder inside the content folder")
    func outputInsideContent() throws {
        let site = try Site()
        let errors = try failure(site, arguments: ["build", "--output", "Content/site"]) {}
        #expect(
            errors.hasPrefix("Content/site: error: output folder is inside the content folder (Content); choose another --output\n"))
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("Content/site").path))
    }

    @Test("a cell that prints 200 MB is stopped at the output limit")
    func cellPrinting200MB() throws {
        let site = try Site()
        let errors = try failure(site) {
            let cell = "```{swift}\nlet line = String(repeating: \"x\", count: 999)\nfor _ in 0..<200_000 { print(line) }\n```\n"
            try site.write(["Content/en/t.md": "# T\n\n" + cell])
        }
        #expect(errors.hasPrefix("Content/en/t.md:3:1: error: cell at line 3 output more than its limit of 10 MB and was stopped\n"))
    }

    @Test("a scatter plot of 10⁶ points is stopped at the output limit")
    func millionPointScatter() throws {
        let site = try Site()
        let errors = try failure(site) {
            let cell = """
                ```{swift}
                let xs = (0..<1_000_000).map { Double($0) }
                show(Plot { Scatter(x: xs, y: xs.map { sin($0) }) })
                ```

                """
            try site.write(["Content/en/t.md": "# T\n\n" + cell])
        }
        #expect(errors.hasPrefix("Content/en/t.md:3:1: error: cell at line 3 output more than its limit of 10 MB and was stopped\n"))
    }

    @Test("a site's output limit, and a cell's own above it")
    func outputLimits() throws {
        let site = try Site()
        let printing = { (option: String) in "# T\n\n```{swift}\n\(option)print(String(repeating: \"x\", count: 3_000))\n```\n" }
        let errors = try failure(site) {
            try site.write(["Content/primer.yml": "limits:\n  cell-output: 2 KB\n", "Content/en/t.md": printing("")])
        }
        #expect(errors.hasPrefix("Content/en/t.md:3:1: error: cell at line 3 output more than its limit of 2 KB and was stopped\n"))
        try site.write(["Content/en/t.md": printing("//| output-limit: 5 KB\n")])
        #expect(try site.primer("build").status == 0)
    }

    @Test("limits that are not sizes or counts")
    func malformedLimits() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/primer.yml": "limits:\n  cell-output: lots\n  nesting-depth: 2\n  pages: 3\n"])
        }
        #expect(
            errors.hasPrefix(
                """
                Content/primer.yml:2:16: error: 'cell-output' must be a size such as 500 KB, 10 MB or 1 GB
                Content/primer.yml:3:18: error: 'nesting-depth' must be a whole number, at least 8
                Content/primer.yml:4:3: error: unknown key 'pages' in limits
                  known keys: nesting-depth, cell-output, page-size

                """))
    }

    @Test("a page over the page-size limit")
    func pageOverTheSizeLimit() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write([
                "Content/primer.yml": "limits:\n  page-size: 20 KB\n",
                "Content/en/t.md": "# T\n\n" + String(repeating: "Some words to fill the page.\n", count: 1000),
            ])
        }
        #expect(errors.hasPrefix("Content/en/t.md: error: the page's HTML is 3"))
        #expect(errors.contains("KB, over the limit of 20 KB\n"))
    }

    @Test("javascript: links, in any case, and in raw HTML")
    func javascriptLinks() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write([
                "Content/en/t.md":
                    "# T\n\n[a](javascript:alert(1)) [b](JavaScript:alert(1)) ![c](data:text/html,x)\n\n<a href=\"jav&#97;script:alert(1)\">d</a>\n"
            ])
        }
        #expect(
            errors.hasPrefix(
                """
                Content/en/t.md:3:1: error: link with the scheme 'javascript:', which is not allowed
                  links may be relative, or start with http:, https: or mailto:
                Content/en/t.md:3:26: error: link with the scheme 'JavaScript:', which is not allowed
                  links may be relative, or start with http:, https: or mailto:
                Content/en/t.md:3:51: error: link with the scheme 'data:', which is not allowed
                  links may be relative, or start with http:, https: or mailto:
                Content/en/t.md:5:1: error: link with the scheme 'javascript:', which is not allowed

                """))
    }

    @Test("a symbolic link out of the content folder")
    func symlinkOutOfTheContent() throws {
        let site = try Site()
        let errors = try failure(site) {
            try FileManager.default.createSymbolicLink(
                atPath: site.url.appendingPathComponent("Content/en/host.txt").path, withDestinationPath: "/etc/hostname")
        }
        #expect(errors.hasPrefix("Content/en/host.txt: error: symbolic link leads out of the content folder, to /etc/hostname\n"))
    }

    @Test("a symbolic link loop of folders")
    func symlinkLoop() throws {
        let site = try Site()
        let errors = try failure(site) {
            try FileManager.default.createSymbolicLink(
                atPath: site.url.appendingPathComponent("Content/en/again").path, withDestinationPath: "..")
            try FileManager.default.createSymbolicLink(
                atPath: site.url.appendingPathComponent("Content/en/self.md").path, withDestinationPath: "self.md")
        }
        #expect(
            errors.hasPrefix(
                """
                Content/en/again: error: symbolic link makes a loop: it leads back to a folder that holds it
                Content/en/self.md: error: symbolic link cannot be followed: Too many levels of symbolic links

                """))
    }

    @Test("'depends' on a file outside the content folder")
    func dependsOutsideTheContent() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/t.md": "# T\n\n```{swift}\n//| depends: ../../etc/passwd\nprint(1)\n```\n"])
        }
        #expect(errors.hasPrefix("Content/en/t.md:4:1: error: 'depends' names '../../etc/passwd', which is outside the content folder\n"))
    }

    @Test("'depends' on a file that does not exist")
    func dependsOnAMissingFile() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/t.md": "# T\n\n```{swift}\n//| depends: data.csv\nprint(1)\n```\n"])
        }
        #expect(errors.hasPrefix("Content/en/t.md:4:1: error: 'depends' names 'data.csv', which does not exist\n"))
    }

    @Test("a lesson that reads a file outside the content folder")
    func readOutsideTheContent() throws {
        let site = try Site()
        let errors = try failure(site) {
            try site.write(["Content/en/t.md": "# T\n\n```{swift}\nprint(try readTextFile(\"/etc/hostname\").count > 0)\n```\n"])
        }
        #expect(
            errors.hasPrefix(
                "Content/en/t.md: error: the lesson read files outside the content folder: /etc/hostname\n"
                    + "  copy them into the content folder, so that the site builds the same on every machine\n"))
    }

    @Test("an uncaught throw, at the try that threw")
    func uncaughtThrow() throws {
        let site = try Site()
        let errors = try failure(site) {
            let cell = """
                ```{swift}
                struct Oops: Error {}
                func risky(_ x: Int) throws -> Int { if x > 2 { throw Oops() }; return x }
                let a = try risky(1)
                for i in 0..<5 {
                    let b = try risky(i)
                }
                ```

                """
            try site.write(["Content/en/t.md": "# T\n\n" + cell])
        }
        #expect(
            errors.hasPrefix("Content/en/t.md:8:13: error: cell at line 3 (lines 4–9) crashed: Fatal error: Error raised at top level: "))
    }

    @Test("a cell's background process, in a session of its own, does not outlive its timeout")
    func setsidProcessAtTimeout() throws {
        let site = try Site()
        let marker = Processes.uniqueSleep()
        let errors = try failure(site) {
            let cell = """
                ```{swift}
                //| timeout: 1
                _ = system("setsid sleep \(marker) > /dev/null 2>&1 &")
                while true { usleep(1000) }
                ```

                """
            try site.write(["Content/en/t.md": "# T\n\n" + cell])
        }
        #expect(errors.hasPrefix("Content/en/t.md:3:1: error: cell at line 3 ran longer than its timeout of 1 s and was stopped\n"))
        #expect(Processes.named(marker).isEmpty)
    }

    @Test("kill -9 of a build: its lesson dies with it, and the next build removes what is left")
    func killedBuild() throws {
        let site = try Site()
        let marker = Processes.uniqueSleep()
        let cell = """
            ```{swift}
            _ = system("setsid sleep \(marker) > /dev/null 2>&1 &")
            sleep(60)
            ```

            """
        try site.write(["Content/en/t.md": "# T\n\n" + cell])
        let before = site.snapshot()
        let build = try CommandLineTests().start(["build"], in: site.url)
        // Wait until the lesson runs: its background process exists.
        for _ in 0..<600 where Processes.named(marker).isEmpty { usleep(50_000) }
        #expect(!Processes.named(marker).isEmpty)
        kill(build.processIdentifier, SIGKILL)
        build.waitUntilExit()
        usleep(200_000)
        #expect(Processes.named("lesson", under: "primer-run-\(build.processIdentifier)-").isEmpty, "the lesson outlived its build")
        #expect(site.snapshot() == before)
        let runFolders = { () -> [String] in
            ((try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? [])
                .filter { $0.hasPrefix("primer-run-\(build.processIdentifier)-") }
        }
        #expect(!runFolders().isEmpty)
        // What survived (a grandchild in its own session) goes with the next build.
        try site.write(["Content/en/t.md": "# T\n\nNo code.\n"])
        #expect(try site.primer("build").status == 0)
        #expect(Processes.named(marker).isEmpty)
        #expect(runFolders().isEmpty)
    }

    @Test("a primer copied to another folder builds a new site from 'primer init'")
    func copiedExecutable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("primer-installed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("bin/primer")
        try FileManager.default.copyItem(at: CommandLineTests.executable, to: copy)
        let started = try CommandLineTests().primer(["init", "site"], in: folder, executable: copy)
        #expect(started.status == 0)
        #expect(started.output.hasPrefix("Started a site in site: .gitignore, Content/index.md, Content/primer.yml\n"))
        let build = try CommandLineTests().primer(["build"], in: folder.appendingPathComponent("site"), executable: copy)
        #expect(build.status == 0, "\(build.errors)")
        #expect(build.output.contains("1 page, 1 with code: 1 executed, 0 frozen;"))
        let page = try String(contentsOf: folder.appendingPathComponent("site/docs/index.html"), encoding: .utf8)
        #expect(page.contains("<svg"))
        #expect(page.contains(">0.25<"))
        let again = try CommandLineTests().primer(["init", "site"], in: folder, executable: copy)
        #expect(again.status == 1)
        #expect(again.errors.hasPrefix("site/Content: error: a content folder is already there"))
    }
}

/// Processes found in `/proc`, for the tests of process hygiene.
enum Processes {
    /// A number of seconds to sleep that no other process sleeps.
    static func uniqueSleep() -> String {
        "300.\(UInt32.random(in: 100_000...999_999))"
    }

    /// Processes with `argument` among their arguments, or, with `folder`,
    /// whose program's path contains it and ends with `/argument`.
    static func named(_ argument: String, under folder: String? = nil) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if let folder {
                return arguments.first.map { $0.contains(folder) && $0.hasSuffix("/" + argument) } == true ? pid : nil
            }
            return arguments.contains(argument) ? pid : nil
        }
    }
}
