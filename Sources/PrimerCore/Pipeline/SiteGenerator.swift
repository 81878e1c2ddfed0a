import Foundation

/// Where a site comes from and goes to.
public struct SiteLocations: Sendable {
    public var content: URL
    public var output: URL
    /// The paths as the user typed them, for messages.
    public var contentDisplayPath: String
    public var outputDisplayPath: String

    /// Paths relative to `workingDirectory` (or absolute).
    public init(content: String, output: String, workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        let base = URL(fileURLWithPath: workingDirectory.path, isDirectory: true)
        self.content = URL(fileURLWithPath: content, relativeTo: base).standardizedFileURL
        self.output = URL(fileURLWithPath: output, relativeTo: base).standardizedFileURL
        contentDisplayPath = Self.trimmed(content)
        outputDisplayPath = Self.trimmed(output)
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

/// What a build did, for the summary line.
public struct BuildSummary: Sendable {
    public var pageCount: Int
    public var fileCount: Int
    /// Lessons with code that ran, and that used their frozen results.
    public var executedCount: Int
    public var frozenCount: Int
    public var seconds: Double

    /// `5 pages, 3 with code: 1 executed, 2 frozen; 0.84 s → docs (12 files)`
    public func line(output: String) -> String {
        var line = "\(pageCount) page\(pageCount == 1 ? "" : "s")"
        if executedCount + frozenCount > 0 {
            line += ", \(executedCount + frozenCount) with code: \(executedCount) executed, \(frozenCount) frozen"
        }
        return line + String(format: "; %.2f s", seconds) + " → \(output) (\(fileCount) files)"
    }
}

/// What `check` found: files that differ from a fresh build, and broken links.
public struct CheckReport: Sendable {
    public enum Difference: Sendable, Equatable {
        case changed(path: String, firstDifferentLine: Int)
        case missing(path: String)
        case extra(path: String)
    }

    public var differences: [Difference]
    public var brokenLinks: [Diagnostic]

    public var passed: Bool { differences.isEmpty && brokenLinks.isEmpty }
}

/// Primer's pipeline: load → parse → render → write, and the checks on it.
///
/// Library code takes its configuration from `SiteLocations` and reports
/// through return values and `BuildFailure`; it never prints or exits.
public struct SiteGenerator: Sendable {
    public let locations: SiteLocations
    /// Called after each file is written (a test hook for failures mid-build).
    public var afterWritingFile: (@Sendable (_ path: String) throws -> Void)?
    /// Called just before the new site replaces the old one, after the
    /// frozen results have (a test hook for a failure between the two).
    var beforeReplacingSite: (@Sendable () throws -> Void)?

    public init(locations: SiteLocations) {
        self.locations = locations
    }

    /// The lesson kit's sources (its `PrimerKit` and `PrimerFigures`
    /// folders); nil: those Primer carries (`LessonKit.embeddedSources`).
    public var kitSources: URL?
    /// Where the compiled kit is cached.
    public var kitCache = LessonKit.defaultCacheFolder
    /// Where the compiled shared code (`Content/_code`) is cached; nil: with the kit.
    public var siteCodeCache: URL?
    /// Receives progress lines while lessons execute.
    public var progress: @Sendable (String) -> Void = { _ in }

    /// The site in memory, and what the execute stage did.
    struct Generation {
        var site: GeneratedSite
        var execution: NotebookExecutor.Outcome
        /// Lessons that have code (their frozen results are kept).
        var lessonsWithCode: Set<String>
        var content: LoadedContent
        /// The lessons' `NotebookExecutor.keyBasis`.
        var keyBasis: String
    }

    /// Builds the site in memory, using only frozen results; nothing runs
    /// and nothing is written.
    public func generate() throws(BuildFailure) -> GeneratedSite {
        try generate(mode: .frozenOnly).site
    }

    /// Load → parse → execute → render, in memory. With the memory of the
    /// last build, the pages it left as they are are not parsed, executed
    /// or rendered; if the site context changed, every page is (the lessons
    /// this call executed are not executed again).
    func generate(mode: NotebookExecutor.Mode, memory: BuildMemory? = nil) throws(BuildFailure) -> Generation {
        try checkFolders()
        let kit = try kitSources.map { folder throws(BuildFailure) in try LessonKit(sourcesFolder: folder) } ?? LessonKit()
        let siteCode = try SiteCode(contentFolder: locations.content, contentDisplayPath: locations.contentDisplayPath)
        let keyBasis = NotebookExecutor.keyBasis(kit: kit, siteCode: siteCode)
        var executedEarlier: [String: LessonResults] = [:]
        for rememberPages in memory == nil ? [false] : [true, false] {
            var loader = ContentLoader(contentDirectory: locations.content, displayPath: locations.contentDisplayPath)
            if rememberPages, let memory, memory.searchIndex == searchIndexStamps() {
                loader.remembered = { path, stamp, hash in
                    guard let page = memory.pages[path], stamp == page.source || hash() == page.sourceHash,
                        isUnchanged(page, path: path, keyBasis: keyBasis)
                    else { return nil }
                    return page
                }
            }
            let content = try loader.load()
            let pages = try PageParser.parse(content)
            let lessons = content.pages.compactMap { page in
                pages[page.path].flatMap { $0.blocks.isEmpty ? nil : NotebookExecutor.Lesson(page: page, blocks: $0.blocks) }
            }
            let rememberedLessons = content.pages.filter { $0.remembered?.lesson != nil }.map(\.path)
            var executor = NotebookExecutor(
                store: store, mode: mode, kit: kit, siteCode: siteCode, kitCache: kitCache, siteCodeCache: siteCodeCache,
                limits: content.configuration.limits, progress: progress)
            executor.executedEarlier = executedEarlier
            let execution = try executor.run(lessons, remembered: rememberedLessons.count)
            var renderer = PageRenderer(content: content, pages: pages, results: execution.results)
            renderer.rememberedContext = memory?.siteContext
            renderer.outputFolder = locations.output.path
            guard let site = try renderer.render() else {
                for results in execution.executed { executedEarlier[results.lesson] = results }
                continue
            }
            return Generation(
                site: site, execution: execution, lessonsWithCode: Set(lessons.map(\.page.path) + rememberedLessons),
                content: content, keyBasis: keyBasis)
        }
        preconditionFailure("a build without remembered pages always renders")
    }

    /// Whether the files a remembered page involves are those the last
    /// build left: its page in the output folder, and for a lesson, the kit
    /// and shared code its key was made with, its frozen results and the
    /// files it reads.
    private func isUnchanged(_ page: BuildMemory.Page, path: String, keyBasis: String) -> Bool {
        // Paths as strings: this runs for every page of every build.
        let output = locations.output.path + "/" + SourcePage.outputPath(forSource: path)
        guard BuildMemory.FileStamp(path: output) == page.output else { return false }
        if let searchText = page.searchText {
            let path = locations.output.path + "/" + SearchIndex.textPath(forPage: SourcePage.outputPath(forSource: path))
            guard FileStamp(path: path) == searchText else { return false }
        }
        guard let lesson = page.lesson else { return true }
        return lesson.keyBasis == keyBasis && BuildMemory.FileStamp(path: store.path(forLesson: path)) == lesson.results
            && lesson.reads.allSatisfy { file, hash in FrozenStore.hashFile(atPath: locations.content.path + "/" + file) == hash }
    }

    /// Builds the site and replaces the output folder with it; lessons whose
    /// frozen results are out of date (all, when `fresh`) are executed and
    /// their results stored. Only what changed since the last build is
    /// done again (see `BuildMemory`), unless `fresh`.
    public func build(fresh: Bool = false) throws(BuildFailure) -> BuildSummary {
        let start = ContinuousClock.now
        try checkFolders()
        try writer.checkDestination()
        removeLeftoversOfKilledBuilds()
        let memoryURL = BuildMemory.url(content: locations.content, output: locations.output, cacheFolder: kitCache)
        let memory = fresh ? nil : BuildMemory.load(from: memoryURL)
        let generation = try generate(mode: .execute(fresh: fresh), memory: memory)
        let results = try store.stage(writing: generation.execution.executed, keeping: generation.lessonsWithCode)
        try writer.write(generation.site, with: results) { remember(generation).save(to: memoryURL) }
        return BuildSummary(
            pageCount: generation.site.pageCount, fileCount: generation.site.paths.count,
            executedCount: generation.execution.executed.count, frozenCount: generation.execution.frozenCount,
            seconds: (ContinuousClock.now - start).seconds)
    }

    /// The memory of a build that was just written.
    private func remember(_ generation: Generation) -> BuildMemory {
        var memory = BuildMemory(
            identity: BuildMemory.currentIdentity, siteContext: generation.site.siteContext,
            searchIndex: searchIndexStamps(), pages: [:])
        for page in generation.content.pages {
            guard let record = generation.site.pages[page.path], let source = page.sourceStamp,
                let output = BuildMemory.FileStamp(path: locations.output.path + "/" + page.outputPath)
            else { continue }
            let searchText = FileStamp(path: locations.output.path + "/" + SearchIndex.textPath(forPage: page.outputPath))
            if page.frontMatter.search != .none && searchText == nil { continue }
            var lesson: BuildMemory.Lesson?
            if generation.lessonsWithCode.contains(page.path) {
                if let remembered = page.remembered?.lesson {
                    lesson = remembered
                } else if let results = generation.execution.results[page.path],
                    let stamp = BuildMemory.FileStamp(path: store.path(forLesson: page.path))
                {
                    lesson = BuildMemory.Lesson(keyBasis: generation.keyBasis, results: stamp, reads: results.files)
                } else {
                    continue
                }
            }
            memory.pages[page.path] = BuildMemory.Page(
                sourceHash: page.sourceHash, source: source, frontMatter: page.frontMatter, language: page.language, title: record.title,
                titleHTML: record.titleHTML, output: output,
                searchText: page.frontMatter.search == .none ? nil : searchText, lesson: lesson, anchors: record.anchors,
                fragmentLinks: record.fragmentLinks)
        }
        return memory
    }

    /// The stamps of the search index's files in the output folder.
    private func searchIndexStamps() -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        for path in SearchIndex.indexFiles(in: locations.output.path) ?? [] {
            stamps[path] = FileStamp(path: locations.output.path + "/" + path)
        }
        return stamps
    }

    /// What builds that were killed left: processes their lessons started
    /// (which no death signal reached) and the folders they ran in. Those
    /// of builds still running are theirs.
    ///
    /// A build makes its folder (a lesson's run folder, a compile cache's
    /// `.building-` folder) before it starts anything, and removes it only
    /// after what it started has stopped: without such a folder of a build
    /// that is gone, there is nothing to look for in the process table.
    func removeLeftoversOfKilledBuilds() {
        let temporary = FileManager.default.temporaryDirectory
        let folders =
            [(temporary, LessonRunner.workFolderPrefix)]
            + [kitCache, siteCodeCache ?? kitCache].map { ($0, CompileCache.temporaryPrefix) }
        guard folders.contains(where: { !AbandonedFolders.abandoned(in: $0, prefix: $1).isEmpty }) else { return }
        ChildProcess.stopLeftoversOfDeadBuilds()
        for (parent, prefix) in folders { AbandonedFolders.remove(in: parent, prefix: prefix) }
    }

    private var store: FrozenStore {
        FrozenStore(contentFolder: locations.content, displayPath: locations.contentDisplayPath)
    }

    /// Compares the output folder with what `build` would write, and checks
    /// its links.
    public func check() throws(BuildFailure) -> CheckReport {
        let expected = try generate()
        let actual = try readOutputFolder()
        var differences: [CheckReport.Difference] = []
        for path in Set(expected.files.keys).union(actual.keys).sorted() {
            switch (expected.files[path], actual[path]) {
            case let (wanted?, found?) where wanted != found:
                differences.append(.changed(path: path, firstDifferentLine: Self.firstDifferentLine(wanted, found)))
            case (_?, nil): differences.append(.missing(path: path))
            case (nil, _?): differences.append(.extra(path: path))
            default: break
            }
        }
        return CheckReport(differences: differences, brokenLinks: LinkChecker.check(actual, displayPath: locations.outputDisplayPath))
    }

    /// Deletes the output folder.
    public func clean() throws(BuildFailure) {
        try writer.clean()
    }

    private var writer: SiteWriter {
        SiteWriter(
            outputDirectory: locations.output, displayPath: locations.outputDisplayPath,
            afterWritingFile: afterWritingFile, beforeReplacingSite: beforeReplacingSite)
    }

    /// The output must not hold the content (replacing it would delete the
    /// lessons), nor be inside it (each build would publish the last site
    /// again, inside the new one).
    private func checkFolders() throws(BuildFailure) {
        let content = Self.resolvingLinks(locations.content).path + "/"
        let output = Self.resolvingLinks(locations.output).path + "/"
        if content.hasPrefix(output) {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: locations.outputDisplayPath), id: "output.contains-content",
                    "output folder contains the content folder; choose another --output"))
        }
        if output.hasPrefix(content) {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: locations.outputDisplayPath), id: "output.inside-content",
                    "output folder is inside the content folder (\(locations.contentDisplayPath)); choose another --output"))
        }
    }

    /// The path with the symbolic links of its existing part resolved.
    private static func resolvingLinks(_ url: URL) -> URL {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while ContentLoader.realPath(existing.path) == nil, existing.pathComponents.count > 1 {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let base = URL(fileURLWithPath: ContentLoader.realPath(existing.path) ?? existing.path)
        return rest.reduce(base) { $0.appendingPathComponent($1) }
    }

    private func readOutputFolder() throws(BuildFailure) -> [String: [UInt8]] {
        let root = locations.output
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: locations.outputDisplayPath), id: "check.no-output",
                    "output folder not found; run 'primer build'"))
        }
        var files: [String: [UInt8]] = [:]
        let base = root.path
        if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
                files[path] = Array((try? Data(contentsOf: url)) ?? Data())
            }
        }
        return files
    }

    private static func firstDifferentLine(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var line = 1
        for (x, y) in zip(a, b) {
            if x != y { return line }
            if x == UInt8(ascii: "\n") { line += 1 }
        }
        return line
    }
}
