import Foundation
import Testing

@testable import PrimerCore

/// The site's shared lesson code, `Content/_code/`: compiled into the module
/// `SiteCode` once per change, and imported by the lessons that use it.
@Suite("Shared lesson code (Content/_code)", .serialized)
struct SharedCodeTests {
    /// A module file; `marker` makes its sources new to the cache of every run.
    static func experiments(_ marker: String = UUID().uuidString, factor: Int = 2) -> String {
        """
        // \(marker)
        import PrimerKit

        /// Not public: lessons import the module @testable.
        func scaled(_ x: Int) -> Int { x * \(factor) }

        struct Trial {
            var rate: Double
            var label: String { "rate \\(format(rate))" }
        }

        func element(_ values: [Int], at index: Int) -> Int {
            values[index] + 1
        }

        func diverge(_ reason: String) -> Never {
            fatalError(reason)
        }
        """
    }

    static let user = """
        ---
        title: Uses the module
        ---

        ```{swift}
        let trial = Trial(rate: 0.5)
        print(trial.label, scaled(21))
        ```

        Scaled: `{swift} scaled(4)`.
        """

    static let other = """
        ---
        title: Does not use it
        ---

        ```{swift}
        // scaled(1) is only mentioned in a comment, and in "scaled(2)".
        print("plain", 1 + 1)
        ```
        """

    /// A site with `files`, whose shared code is compiled into a cache of its own.
    private func site(_ files: [String: String]) throws -> (TemporaryFolder, SiteGenerator) {
        let folder = try TemporaryFolder()
        try folder.write(files)
        var generator = folder.generator()
        generator.siteCodeCache = folder.url.appendingPathComponent("site-cache")
        return (folder, generator)
    }

    /// The compiled modules in the test's shared-code cache.
    private func compiledModules(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("site-cache").path)
            .filter { $0.hasPrefix("site-code-") }
    }

    /// Builds with the progress lines recorded.
    private func build(_ generator: SiteGenerator, fresh: Bool = false) throws -> (BuildSummary, [String]) {
        let lines = Lines()
        var generator = generator
        generator.progress = { lines.append($0) }
        let summary = try generator.build(fresh: fresh)
        return (summary, lines.all)
    }

    /// The outputs of a lesson's blocks, as its frozen results hold them.
    private func outputs(_ folder: TemporaryFolder, _ lesson: String) throws -> [[String]] {
        let store = FrozenStore(contentFolder: folder.url.appendingPathComponent("Content"), displayPath: "Content")
        return try #require(try store.load(lesson: lesson)).blocks.map { $0.map(\.text) }
    }

    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test("a cache folder half-built by a killed build is removed; one of a running build is not")
    func halfBuiltCacheFolders() throws {
        let (folder, generator) = try site([
            "Content/_code/Experiments.swift": Self.experiments(), "Content/a.md": Self.user,
        ])
        // A pid that no process has: one that ran and was reaped.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let cache = folder.url.appendingPathComponent("site-cache")
        let dead = "\(CompileCache.temporaryPrefix)\(finished.processIdentifier)-0BADF00D-site-code-x"
        let running = "\(CompileCache.temporaryPrefix)\(getppid())-0C0FFEE0-site-code-x"
        for name in [dead, running] {
            try FileManager.default.createDirectory(at: cache.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        _ = try build(generator)
        let left = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(!left.contains(dead))
        #expect(left.contains(running))
    }

    @Test("a lesson uses a function and a type from _code, internal ones included")
    func lessonUsesModule() throws {
        let (folder, generator) = try site([
            "Content/_code/Experiments.swift": Self.experiments(), "Content/a.md": Self.user,
        ])
        let (summary, _) = try build(generator)
        #expect((summary.executedCount, summary.frozenCount) == (1, 0))
        let html = try folder.read("docs/a.html")
        #expect(html.contains("<pre class=\"output stdout\"><code>rate 0.5 42\n</code></pre>"))
        #expect(try outputs(folder, "a.md") == [["rate 0.5 42\n"], ["8"]])
        // `_code` is private to the content: nothing of it is copied to the site.
        #expect(!folder.exists("docs/_code"))
        // The results record the shared code they were computed with.
        #expect(try folder.read("Content/_freeze/a.json").contains("\"siteCode\""))
    }

    @Test("editing a module file re-executes the lessons that use it and no other; it is compiled once per change")
    func editReexecutesUsers() throws {
        let marker = UUID().uuidString
        let (folder, generator) = try site([
            "Content/_code/Experiments.swift": Self.experiments(marker),
            "Content/a.md": Self.user,
            "Content/b.md": Self.other,
            "Content/c.md": "Doubled: `{swift} scaled(5)`.\n",
        ])
        var (summary, progress) = try build(generator)
        #expect((summary.executedCount, summary.frozenCount) == (3, 0))
        #expect(progress.filter { $0.hasPrefix("Compiling the shared code in Content/_code (1 file)") }.count == 1)
        #expect(try compiledModules(folder).count == 1)
        #expect(try folder.read("docs/b.html").contains("plain 2"))
        // Only the lessons that use the module record it.
        #expect(!(try folder.read("Content/_freeze/b.json")).contains("siteCode"))

        // Nothing changed: nothing runs, nothing is compiled.
        (summary, progress) = try build(generator)
        #expect((summary.executedCount, summary.frozenCount) == (0, 3))
        #expect(progress.isEmpty)

        // The module edited: check names the lessons that use it, and only them.
        try folder.write(["Content/_code/Experiments.swift": Self.experiments(marker, factor: 3)])
        let failure = #expect(throws: BuildFailure.self) { _ = try generator.check() }
        #expect(
            failure?.diagnostics.map(\.description) == [
                """
                Content/a.md: error: frozen results are out of date: Content/_code, which it uses, changed
                  run 'primer build' to execute the lesson and update Content/_freeze/a.json
                """,
                """
                Content/c.md: error: frozen results are out of date: Content/_code, which it uses, changed
                  run 'primer build' to execute the lesson and update Content/_freeze/c.json
                """,
            ])
        let otherResults = try folder.read("Content/_freeze/b.json")
        let otherPage = try folder.read("docs/b.html")
        (summary, progress) = try build(generator)
        #expect((summary.executedCount, summary.frozenCount) == (2, 1))
        #expect(progress.filter { $0.hasPrefix("Compiling the shared code") }.count == 1)
        #expect(progress.contains { $0.contains("executed Content/a.md") } && progress.contains { $0.contains("executed Content/c.md") })
        #expect(!progress.contains { $0.contains("Content/b.md") })
        #expect(try compiledModules(folder).count == 2)
        #expect(try folder.read("docs/a.html").contains("rate 0.5 63\n"))
        #expect(try outputs(folder, "c.md") == [["15"]])
        #expect(try folder.read("Content/_freeze/b.json") == otherResults)
        #expect(try folder.read("docs/b.html") == otherPage)

        // Running lessons again with the module unchanged does not compile it.
        (summary, progress) = try build(generator, fresh: true)
        #expect(summary.executedCount == 3)
        #expect(!progress.contains { $0.hasPrefix("Compiling the shared code") })
    }

    @Test("a compile error in the module is located in its file, and nothing runs or is written")
    func compileError() throws {
        let (folder, generator) = try site([
            "Content/_code/Experiments.swift": Self.experiments(), "Content/a.md": Self.user, "Content/b.md": Self.other,
        ])
        _ = try build(generator)
        let docs = folder.snapshot("docs")
        let frozen = folder.snapshot("Content/_freeze")
        try folder.write([
            "Content/_code/Experiments.swift": Self.experiments() + "\n",
            "Content/_code/Helpers/Broken.swift": "func broken() -> Int {\n    let text: String = 1\n    return 0\n}\n",
        ])
        let progress = Lines()
        var recording = generator
        recording.progress = { progress.append($0) }
        do {
            _ = try recording.build()
            Issue.record("a module that does not compile must fail the build")
        } catch {
            let message = "\(error)"
            #expect(
                message.hasPrefix(
                    "Content/_code/Helpers/Broken.swift:2:24: error: cannot convert value of type 'Int' to specified type 'String'"),
                "\(message)")
        }
        #expect(progress.all.contains { $0.hasPrefix("Compiling the shared code in Content/_code (2 files)") })
        #expect(!progress.all.contains { $0.contains("executed") })
        #expect(folder.snapshot("docs") == docs)
        #expect(folder.snapshot("Content/_freeze") == frozen)
    }

    @Test("a trap in module code names the lesson's cell, where it called in, and the place in the module")
    func trapInModule() throws {
        let (folder, generator) = try site(["Content/_code/Experiments.swift": Self.experiments(), "Content/a.md": Self.user])
        _ = try build(generator)
        let docs = folder.snapshot("docs")
        try folder.write(["Content/a.md": "# A\n\n```{swift}\nlet values = [1, 2]\nprint(element(values, at: 5))\n```\n"])
        var message = "no error"
        do { _ = try build(generator) } catch { message = "\(error)" }
        #expect(
            message.hasPrefix(
                """
                Content/a.md:5:7: error: cell at line 3 (lines 4–5) crashed: Illegal instruction in Array.subscript.getter
                  in Content/_code/Experiments.swift:13:11
                """), "\(message)")

        try folder.write(["Content/a.md": "```{swift}\nprint(scaled(1))\ndiverge(\"the model diverged\")\n```\n"])
        message = "no error"
        do { _ = try build(generator) } catch { message = "\(error)" }
        #expect(
            message.hasPrefix(
                """
                Content/a.md:3:1: error: cell at line 1 (lines 2–3) crashed: Fatal error: the model diverged
                  in Content/_code/Experiments.swift:17:5
                """), "\(message)")
        #expect(message.contains("it printed:\n    2"))
        #expect(folder.snapshot("docs") == docs)

        // In a cell that expects an error, the place in the module is shown with it.
        try folder.write(["Content/a.md": "```{swift}\n//| error: true\nprint(element([1], at: 3))\n```\n"])
        _ = try build(generator)
        #expect(
            try folder.read("docs/a.html").contains("3:7: Illegal instruction in Array.subscript.getter (in _code/Experiments.swift:13:11)")
        )
    }

    @Test("a fresh clone with shared code checks and builds without compiling or running anything")
    func freshClone() throws {
        let (original, generator) = try site([
            "Content/_code/Experiments.swift": Self.experiments(), "Content/a.md": Self.user, "Content/b.md": Self.other,
        ])
        _ = try build(generator)
        let clone = try TemporaryFolder()
        for folder in ["Content", "docs"] {
            try FileManager.default.copyItem(
                at: original.url.appendingPathComponent(folder), to: clone.url.appendingPathComponent(folder))
        }
        var cloned = clone.generator()
        cloned.kitCache = clone.url.appendingPathComponent("no-cache")
        #expect(try cloned.check().passed)
        let summary = try cloned.build()
        #expect((summary.executedCount, summary.frozenCount) == (0, 2))
        #expect(clone.snapshot("docs") == original.snapshot("docs"))
        // Only the build's memory is there: nothing was compiled.
        #expect(try FileManager.default.contentsOfDirectory(atPath: clone.url.appendingPathComponent("no-cache").path) == ["sites"])
    }

    // MARK: Which lessons use the module

    private func module(_ files: [String: String]) throws -> SiteCode {
        let folder = try TemporaryFolder()
        try folder.write(files.mapKeys { "Content/_code/\($0)" })
        return try #require(try SiteCode(contentFolder: folder.url.appendingPathComponent("Content"), contentDisplayPath: "Content"))
    }

    private func uses(_ module: SiteCode, _ code: String) -> Bool {
        module.isUsed(by: [CodeBlock(index: 0, kind: .cell, code: code, line: 2, column: 1, endLine: 3, options: CellOptions())])
    }

    @Test("the module's names: top-level declarations, and what it adds to other modules' types")
    func names() throws {
        let module = try module([
            "A.swift": """
            public struct Experiment {
                var rate: Double
                func run() -> Double { rate }
            }
            extension Experiment { static let standard = Experiment(rate: 0.1) }
            func train(_ experiment: Experiment) -> Double { experiment.run() }
            let (width, height) = (3, 4)
            private func helper() {}
            fileprivate let secret = 1
            private(set) var counter = 0
            infix operator •: MultiplicationPrecedence
            """,
            "Sub/B.swift": """
            extension Activation {
                static let swish = Activation.silu
                private static let hidden = 1
            }
            extension Array where Element == Double {
                var mean: Double { reduce(0, +) / Double(count) }
            }
            extension Matrix: CustomDebugStringConvertible {
                public var debugDescription: String { "" }
            }
            extension Network {
                init(small: Bool) { self.init(layers: []) }
            }
            #if os(Linux)
            func linuxOnly() {}
            #endif
            """,
        ])
        #expect(
            module.names
                == [
                    "SiteCode", "Experiment", "train", "width", "height", "counter", "•", "swish", "mean", "Matrix",
                    "debugDescription", "Network", "linuxOnly",
                ])
        #expect(module.files == ["A.swift", "Sub/B.swift"])
        #expect(uses(module, "let e = Experiment(rate: 1)"))
        #expect(uses(module, "print(\"\\(mean)\")"))
        #expect(uses(module, "@Plot(.swish)"))
        #expect(uses(module, "let x = a • b"))
        #expect(uses(module, "`width` + 1"))
        // Words that are not code, names the module keeps to itself or to its own types, and kit names it only extends.
        #expect(!uses(module, "// train(Experiment.standard)\nlet s = \"mean width\""))
        #expect(!uses(module, "helper(); print(secret, rate, run, standard)"))
        #expect(!uses(module, "Activation.sigmoid(0) * 2"))
    }

    @Test("without .swift files in _code there is no module")
    func noModule() throws {
        let folder = try TemporaryFolder()
        try folder.write(["Content/_code/notes.txt": "not code", "Content/_code/.hidden/A.swift": "func a() {}"])
        #expect(try SiteCode(contentFolder: folder.url.appendingPathComponent("Content"), contentDisplayPath: "Content") == nil)
    }
}

extension Dictionary {
    fileprivate func mapKeys(_ transform: (Key) -> Key) -> [Key: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
