import Foundation

/// The execute stage: gives every lesson that has code its results, from
/// the frozen store when they are up to date, else by running the lesson.
/// Lessons run in parallel, up to the number of cores.
struct NotebookExecutor {
    enum Mode: Sendable, Equatable {
        /// Run what is out of date (everything, when `fresh`).
        case execute(fresh: Bool)
        /// Never run anything: out-of-date results are errors (`primer check`).
        case frozenOnly
    }

    struct Lesson: Sendable {
        var page: SourcePage
        var blocks: [CodeBlock]
    }

    struct Outcome: Sendable {
        /// Results by lesson path.
        var results: [String: LessonResults] = [:]
        /// Results of the lessons that ran, to store.
        var executed: [LessonResults] = []
        var frozenCount = 0
    }

    let store: FrozenStore
    let mode: Mode
    let kit: LessonKit
    /// The site's shared code; nil when it has none.
    let siteCode: SiteCode?
    let kitCache: URL
    /// Where the site's shared code is compiled to (beside the kit, unless a test says otherwise).
    var siteCodeCache: URL? = nil
    /// The site's limits: a block's output is stopped at `cellOutput`.
    var limits = Limits()
    let progress: @Sendable (String) -> Void
    /// Results this build already computed, by lesson path: kept when the
    /// key is still the lesson's (a build that has to render every page
    /// again does not run its lessons again).
    var executedEarlier: [String: LessonResults] = [:]

    /// What every lesson's key has in common: the kit, and the shared code
    /// with the names by which a lesson uses it. A lesson remembered from the
    /// last build keeps its key while this is the same.
    static func keyBasis(kit: LessonKit, siteCode: SiteCode?) -> String {
        SHA256.hash("\(kit.resultHash)\n\(siteCode?.resultHash ?? "-")\n\(siteCode?.names.sorted().joined(separator: " ") ?? "")")
    }

    /// A lesson to execute, with its key and whether it uses the shared code.
    private struct Job: Sendable {
        var lesson: Lesson
        var key: String
        var usesSiteCode: Bool
    }

    /// Gives `lessons` their results; `remembered` more lessons, which the
    /// last build left as they are, count as frozen (their results are not read).
    func run(_ lessons: [Lesson], remembered: Int = 0) throws(BuildFailure) -> Outcome {
        var outcome = Outcome()
        outcome.frozenCount = remembered
        guard !lessons.isEmpty else { return outcome }
        var toRun: [Job] = []
        var log = DiagnosticLog()
        for lesson in lessons {
            log.append(contentsOf: dependencyProblems(of: lesson))
        }
        try log.throwIfErrors()
        // `--fresh` replaces the results unread, readable or not.
        let stored = mode == .execute(fresh: true) ? [:] : try storedResults(of: lessons)
        for lesson in lessons {
            let usesSiteCode = siteCode?.isUsed(by: lesson.blocks) ?? false
            let key = LessonProgram.key(
                blocks: lesson.blocks, kitHash: kit.resultHash, siteCodeHash: usesSiteCode ? siteCode?.resultHash : nil,
                language: lesson.page.language, optimized: lesson.page.frontMatter.optimize)
            if let earlier = executedEarlier[lesson.page.path], earlier.key == key {
                outcome.results[lesson.page.path] = earlier
                outcome.executed.append(earlier)
                continue
            }
            let frozen = stored[lesson.page.path]
            var staleness = store.staleness(of: frozen, key: key)
            // Only the shared code changed when the old key is the key with the shared code as it was.
            if let frozen, frozen.key != key,
                frozen.key
                    == LessonProgram.key(
                        blocks: lesson.blocks, kitHash: kit.resultHash, siteCodeHash: frozen.siteCode, language: lesson.page.language,
                        optimized: lesson.page.frontMatter.optimize)
            {
                let folder = "\(store.displayPath)/\(SiteCode.folderName)"
                staleness =
                    frozen.siteCode == nil
                    ? "\(folder) now declares a name it uses" : "\(folder), which it \(usesSiteCode ? "uses" : "used"), changed"
            }
            switch (mode, staleness) {
            case (.execute(fresh: false), nil), (.frozenOnly, nil):
                outcome.results[lesson.page.path] = frozen
                outcome.frozenCount += 1
            case (.frozenOnly, let reason?):
                log.append(
                    Diagnostic(
                        at: SourceLocation(file: lesson.page.displayPath), id: "freeze.stale",
                        "frozen results are out of date: \(reason)",
                        notes: ["run 'primer build' to execute the lesson and update \(store.displayPath(forLesson: lesson.page.path))"]))
            case (.execute, _):
                toRun.append(Job(lesson: lesson, key: key, usesSiteCode: usesSiteCode))
            }
        }
        try log.throwIfErrors()
        guard !toRun.isEmpty else { return outcome }

        let kitFolder = try kit.compiled(cacheFolder: kitCache, progress: progress)
        // Compiled once, before any lesson runs: an error in it fails the
        // build with nothing run, whichever lessons use it.
        let compiledSiteCode = try siteCode.map { module throws(BuildFailure) in
            (module, try module.compiled(kitFolder: kitFolder, cacheFolder: siteCodeCache ?? kitCache, progress: progress))
        }
        let executed = try runInParallel(toRun, kitFolder: kitFolder, siteCode: compiledSiteCode)
        for results in executed {
            outcome.results[results.lesson] = results
        }
        outcome.executed += executed
        return outcome
    }

    /// The frozen results of `lessons` that have them, read on every core.
    private func storedResults(of lessons: [Lesson]) throws(BuildFailure) -> [String: LessonResults] {
        let store = store
        let loaded = Parallel.map(lessons) { lesson in
            Result { () throws(BuildFailure) in try store.load(lesson: lesson.page.path) }
        }
        var results: [String: LessonResults] = [:]
        var failures: [Diagnostic] = []
        for (lesson, outcome) in zip(lessons, loaded) {
            switch outcome {
            case .success(let stored): results[lesson.page.path] = stored
            case .failure(let failure): failures += failure.diagnostics
            }
        }
        if !failures.isEmpty { throw BuildFailure(failures.sorted { $0.location < $1.location }) }
        return results
    }

    /// A cell's `depends` files must be files of the content folder: the
    /// frozen results record them relative to it, so that they mean the same
    /// on every machine, and a file that is not there cannot be read.
    private func dependencyProblems(of lesson: Lesson) -> [Diagnostic] {
        let contentFolder = store.contentFolder.standardizedFileURL
        let lessonFolder = contentFolder.appendingPathComponent(lesson.page.path).deletingLastPathComponent()
        let realContent = ContentLoader.realPath(contentFolder.path) ?? contentFolder.path
        var problems: [Diagnostic] = []
        for block in lesson.blocks {
            for path in block.options.depends {
                let location = SourceLocation(
                    file: lesson.page.displayPath, line: block.optionLine(named: "depends") ?? block.line, column: 1)
                let url = lessonFolder.appendingPathComponent(path).standardizedFileURL
                let outside = Diagnostic(
                    at: location, id: "cell.depends", "'depends' names '\(path)', which is outside the content folder",
                    notes: ["a lesson may depend only on files of the content folder"])
                guard !path.hasPrefix("/"), url.path.hasPrefix(contentFolder.path + "/") else {
                    problems.append(outside)
                    continue
                }
                guard let real = ContentLoader.realPath(url.path) else {
                    problems.append(
                        Diagnostic(
                            at: location, id: "cell.depends", "'depends' names '\(path)', which does not exist",
                            notes: ["paths are relative to the lesson's folder"]))
                    continue
                }
                guard real.hasPrefix(realContent + "/") else {  // a symbolic link out
                    problems.append(outside)
                    continue
                }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue {
                    problems.append(
                        Diagnostic(at: location, id: "cell.depends", "'depends' names '\(path)', which is a folder, not a file"))
                }
            }
        }
        return problems
    }

    private func runInParallel(
        _ lessons: [Job], kitFolder: URL, siteCode: (module: SiteCode, compiled: URL)?
    ) throws(BuildFailure) -> [LessonResults] {
        let lock = NSLock()
        nonisolated(unsafe) var finished = 0
        let contentFolder = store.contentFolder
        let outcomes = Parallel.map(lessons) { job in
            let lesson = job.lesson
            let start = ContinuousClock.now
            let runner = LessonRunner(
                page: lesson.page, blocks: lesson.blocks, kitFolder: kitFolder, contentFolder: contentFolder, limits: limits,
                siteCode: job.usesSiteCode ? siteCode : nil)
            let outcome = Result { () throws(BuildFailure) in try runner.run(key: job.key) }
            let seconds = (ContinuousClock.now - start).seconds
            lock.withLock {
                finished += 1
                switch outcome {
                case .success:
                    progress(
                        "[\(finished)/\(lessons.count)] executed \(lesson.page.displayPath) in "
                            + String(format: "%.2f s (compile %.2f s, run %.2f s)", seconds, runner.timing.compiling, runner.timing.running)
                    )
                case .failure:
                    progress("[\(finished)/\(lessons.count)] failed \(lesson.page.displayPath)")
                }
            }
            return outcome
        }
        var results: [LessonResults] = []
        var failures: [Diagnostic] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let value): results.append(value)
            case .failure(let failure): failures += failure.diagnostics
            }
        }
        if !failures.isEmpty { throw BuildFailure(failures.sorted { $0.location < $1.location }) }
        return results
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
