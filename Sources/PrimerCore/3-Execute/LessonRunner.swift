import Foundation
import PrimerNotebookFormat

/// The execute stage for one lesson: compiles its program against the kit,
/// runs it, and collects each block's outputs.
///
/// A block whose options say `error: true` may fail to compile or may trap:
/// its error becomes its output, and the program is compiled and run again
/// without it. Any other failure fails the build, located at the block.
struct LessonRunner {
    let page: SourcePage
    let blocks: [CodeBlock]
    let kitFolder: URL
    let contentFolder: URL
    var limits = Limits()
    /// The site's shared code and the folder it is compiled into, when the
    /// lesson uses it.
    var siteCode: (module: SiteCode, compiled: URL)?

    private var program: LessonProgram {
        LessonProgram(file: page.displayPath, blocks: blocks, importsSiteCode: siteCode != nil)
    }

    /// Seconds spent compiling and running, for the progress line.
    final class Timing: @unchecked Sendable {
        var compiling: Double = 0
        var running: Double = 0
    }
    let timing = Timing()

    /// The folders lessons are compiled and run in, in the system's
    /// temporary folder: `primer-run-<pid>-…`.
    static let workFolderPrefix = "primer-run-"

    func run(key: String) throws(BuildFailure) -> LessonResults {
        let workFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            AbandonedFolders.name(prefix: Self.workFolderPrefix))
        defer { try? FileManager.default.removeItem(at: workFolder) }
        do {
            try FileManager.default.createDirectory(at: workFolder.appendingPathComponent("capture"), withIntermediateDirectories: true)
        } catch {
            throw failure("cannot create a folder to run the lesson in: \(error.localizedDescription)")
        }
        var omitted: [Int: [BlockOutput]] = [:]
        // Each round either succeeds or omits one more failing block.
        for _ in 0...blocks.count {
            var start = ContinuousClock.now
            let executable = try compile(in: workFolder, omitting: &omitted)
            timing.compiling += (ContinuousClock.now - start).seconds
            guard let executable else { continue }
            start = .now
            let run = try execute(executable, in: workFolder)
            timing.running += (ContinuousClock.now - start).seconds
            switch run.outcome {
            case .finished:
                var outputs = run.outputs
                for (index, errorOutputs) in omitted { outputs[index] = errorOutputs }
                return LessonResults(
                    lesson: page.path, key: key, siteCode: siteCode?.module.resultHash, files: try dependencies(reads: run.reads),
                    blocks: blocks.map { outputs[$0.index] ?? [] })
            case let .failed(block, crash):
                guard let block, block.options.error else {
                    throw crashFailure(block: block, crash: crash, printed: block.flatMap { run.outputs[$0.index] } ?? [])
                }
                let place = crash.line.map { "\($0):\(crash.column ?? 1): " } ?? ""
                // The place in the shared code, relative to the content folder.
                let inside = crash.sharedCodeLocation.map { " (in \(SiteCode.folderName)/\($0))" } ?? ""
                omitted[block.index] = (run.outputs[block.index] ?? []) + [BlockOutput(.error, place + crash.message + inside)]
            case let .overflowed(block):
                let limit = Limits.describe(bytes: outputLimit(of: block))
                throw BuildFailure(
                    Diagnostic(
                        at: location(of: block), id: "execute.output-limit",
                        "\(block.displayName) output more than its limit of \(limit) and was stopped",
                        notes: [
                            "a page shows every byte a block prints or displays; print less, or plot fewer points",
                            "if it is meant, raise the limit: '//| output-limit: 50 MB' in the cell, or 'limits: {cell-output: 50 MB}' in \(SiteConfiguration.fileName)",
                        ]))
            case let .timedOut(block):
                throw BuildFailure(
                    Diagnostic(
                        at: location(of: block), id: "execute.timeout",
                        "\(block.displayName) ran longer than its timeout of \(Self.seconds(block.options.timeout)) s and was stopped",
                        notes: ["raise it with the cell option '//| timeout: SECONDS'"]))
            }
        }
        throw failure("the lesson could not be run")
    }

    // MARK: Compiling

    /// Compiles the program; on errors in `error: true` cells, records them,
    /// omits those cells and returns nil so the caller compiles again.
    private func compile(in folder: URL, omitting omitted: inout [Int: [BlockOutput]]) throws(BuildFailure) -> URL? {
        let source = folder.appendingPathComponent("main.swift")
        let executable = folder.appendingPathComponent("lesson")
        let log = folder.appendingPathComponent("compile.log").path
        do {
            try program.source(omitting: Set(omitted.keys)).write(to: source, atomically: true, encoding: .utf8)
        } catch {
            throw failure("cannot write the lesson's program: \(error.localizedDescription)")
        }
        // The shared code first: a static library must come before those it uses.
        let siteCodeArguments =
            siteCode.map { ["-I", $0.compiled.path, "-L", $0.compiled.path, "-l\(SiteCode.moduleName)"] + Toolchain.backtraceFlags } ?? []
        let arguments =
            Toolchain.lessonFlags(optimized: page.frontMatter.optimize) + Toolchain.linkerFlags
            + ["-module-name", "Lesson", "-I", kitFolder.path, "-L", kitFolder.path] + siteCodeArguments + [
                "-lPrimerKit", "-lPrimerFigures", "-lPrimerNotebookFormat",
            ]
        let plan = CompilePlan.plan(
            arguments: arguments, sourceName: source.lastPathComponent, executableName: executable.lastPathComponent,
            cacheFolder: kitFolder.deletingLastPathComponent())
        let commands =
            plan?.commands(in: folder) ?? [[Toolchain.swiftc] + arguments + [source.path, "-o", executable.path]]
        if try run(commands, log: log) { return executable }

        let messages = CompilerMessage.parse(
            (try? String(contentsOfFile: log, encoding: .utf8)) ?? "", lessonFile: program.sourceFileName, displayPath: page.displayPath)
        let errors = messages.filter { $0.severity == .error }.map { error in
            // Still in the generated program: at the end of the block before it.
            guard error.file == source.path, let block = program.block(atGeneratedLine: error.line, omitting: Set(omitted.keys)) else {
                return error
            }
            var moved = error
            moved.file = page.displayPath
            moved.line = block.kind == .cell ? block.endLine - 1 : block.line
            moved.column = 1
            moved.excerpt = []
            return moved
        }
        var fatal: [Diagnostic] = []
        var expected: [Int: [BlockOutput]] = [:]
        for error in errors {
            let block = error.file == page.displayPath ? program.block(atLine: error.line) : nil
            if let block, block.options.error {
                expected[block.index, default: []].append(BlockOutput(.error, error.text))
            } else {
                fatal.append(error.diagnostic)
            }
        }
        if errors.isEmpty {
            fatal.append(
                Diagnostic(
                    at: SourceLocation(file: page.displayPath), id: "execute.compile",
                    "the lesson's program does not compile",
                    notes: ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").prefix(20).map(String.init)))
        }
        if !fatal.isEmpty { throw BuildFailure(fatal) }
        omitted.merge(expected) { $1 }
        return nil
    }

    /// Runs `commands` one after another while they succeed, their output
    /// collected in `log`; true when all succeeded.
    private func run(_ commands: [[String]], log: String) throws(BuildFailure) -> Bool {
        var output = Data()
        defer { _ = FileManager.default.createFile(atPath: log, contents: output) }
        for command in commands {
            let commandLog = log + ".part"
            let termination: ChildProcess.Termination
            do {
                termination = try ChildProcess.run(
                    command[0], arguments: Array(command.dropFirst()), standardOutput: commandLog, standardError: commandLog)
            } catch {
                throw failure("cannot run the Swift compiler: \(error.localizedDescription)")
            }
            output += (try? Data(contentsOf: URL(fileURLWithPath: commandLog))) ?? Data()
            try? FileManager.default.removeItem(atPath: commandLog)
            guard termination == .exited(0) else { return false }
        }
        return true
    }

    // MARK: Running

    private enum Outcome {
        case finished
        case failed(CodeBlock?, CrashReport)
        case timedOut(CodeBlock)
        /// Stopped for writing more than its output limit.
        case overflowed(CodeBlock)
    }

    private struct Run {
        var outcome: Outcome
        var outputs: [Int: [BlockOutput]]
        var reads: [String]
    }

    private func execute(_ executable: URL, in folder: URL) throws(BuildFailure) -> Run {
        let records = folder.appendingPathComponent("records.jsonl")
        let capture = folder.appendingPathComponent("capture")
        try? FileManager.default.removeItem(at: records)
        var environment = ProcessInfo.processInfo.environment
        environment["PRIMER_RECORDS"] = records.path
        environment["PRIMER_CAPTURE"] = capture.path
        environment["PRIMER_LESSON_FOLDER"] = contentFolder.appendingPathComponent(page.path).deletingLastPathComponent().path
        environment["PRIMER_PAGE_LANGUAGE"] = page.language
        environment["SWIFT_BACKTRACE"] = CrashReport.backtraceSettings

        var reader = RecordReader(url: records, lessonFile: page.displayPath)
        var running: (block: CodeBlock, since: ContinuousClock.Instant)?
        var timedOut: CodeBlock?
        var overflowed: CodeBlock?
        // A record that cannot be read fails the build, so the program is stopped.
        var unreadable: BuildFailure?
        let termination: ChildProcess.Termination
        do {
            termination = try ChildProcess.run(
                executable.path, arguments: [], environment: environment,
                standardOutput: folder.appendingPathComponent("stdout").path,
                standardError: folder.appendingPathComponent("stderr").path,
                ownProcessGroup: true
            ) {
                // A record larger than the limit is not read into memory.
                if let (block, _) = running, reader.unreadBytes > outputLimit(of: block) {
                    overflowed = block
                    return true
                }
                do throws(BuildFailure) {
                    for record in try reader.readNew() {
                        if case .begin(let index) = record, blocks.indices.contains(index) {
                            running = (blocks[index], .now)
                        } else if case .end = record {
                            running = nil
                        }
                    }
                } catch {
                    unreadable = error
                    return true
                }
                guard let (block, since) = running else { return false }
                if outputSize(of: block, in: capture, reader: reader) > outputLimit(of: block) {
                    overflowed = block
                    return true
                }
                guard ContinuousClock.now - since > .seconds(block.options.timeout) else { return false }
                timedOut = block
                return true
            }
        } catch {
            throw failure("cannot run the lesson's program: \(error.localizedDescription)")
        }
        if let unreadable { throw unreadable }
        if let overflowed {
            return Run(outcome: .overflowed(overflowed), outputs: [:], reads: [])
        }
        if let timedOut {
            // Stopped from outside, the program may have been cut off in the
            // middle of a record: only its whole records count.
            _ = try reader.readNew()
            return Run(outcome: .timedOut(timedOut), outputs: reader.outputs, reads: reader.reads)
        }
        try reader.finish()
        // A block that wrote its output faster than it was watched.
        if let block = blocks.first(where: { reader.outputBytes[$0.index, default: 0] > outputLimit(of: $0) }) {
            return Run(outcome: .overflowed(block), outputs: [:], reads: [])
        }
        var run = Run(outcome: .finished, outputs: reader.outputs, reads: reader.reads)
        guard termination != .exited(0) || reader.openBlock != nil else { return run }
        // The block that began and never ended is the one that failed; what
        // it printed before failing is still in its capture files.
        let block = reader.openBlock.flatMap { blocks.indices.contains($0) ? blocks[$0] : nil }
        let stderr = Self.read(
            block.map { capture.appendingPathComponent("\($0.index).stderr") } ?? folder.appendingPathComponent("stderr"))
        var crash = CrashReport(stderr: stderr, file: program.sourceFileName, sharedCodeFiles: siteCode?.module.files ?? [])
        if let block {
            let printed = Self.read(capture.appendingPathComponent("\(block.index).stdout"))
            if !printed.isEmpty { run.outputs[block.index, default: []].append(BlockOutput(.stdout, printed)) }
            if !crash.printed.isEmpty { run.outputs[block.index, default: []].append(BlockOutput(.stderr, crash.printed)) }
        }
        // An uncaught error: at the top-level `try` that ran last.
        if crash.message.contains("Error raised at top level"),
            let note = Self.read(capture.appendingPathComponent(LessonProgram.tryNotesFile)).split(separator: "\n").first,
            let match = note.wholeMatch(of: /(\d+):(\d+)/)
        {
            crash.line = Int(match.output.1)
            crash.column = Int(match.output.2)
        }
        if case .exited(let status) = termination, crash.message == "unknown signal" {
            crash.message = "the program exited with status \(status)"
        }
        run.outcome = .failed(block, crash)
        return run
    }

    private func outputLimit(of block: CodeBlock) -> Int {
        block.options.outputLimit ?? limits.cellOutput
    }

    /// What the running block has output so far: its records, the record
    /// being written, and what it printed (captured in files until it ends).
    private func outputSize(of block: CodeBlock, in capture: URL, reader: RecordReader) -> Int {
        let printed = ["stdout", "stderr"].map { stream in
            Self.fileSize(capture.appendingPathComponent("\(block.index).\(stream)"))
        }
        return reader.outputBytes[block.index, default: 0] + reader.unreadBytes + printed.reduce(0, +)
    }

    static func fileSize(_ url: URL) -> Int {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int(info.st_size) : 0
    }

    private func crashFailure(block: CodeBlock?, crash: CrashReport, printed: [BlockOutput]) -> BuildFailure {
        guard let block else { return failure("the lesson's program failed: \(crash.message)") }
        let lines = block.kind == .cell ? " (lines \(block.line)–\(block.endLine - 1))" : ""
        var notes: [String] = []
        if let inside = crash.sharedCodeLocation, let siteCode {
            notes.append("in \(siteCode.module.displayPath(of: inside.description))")
        }
        notes += crash.hint.map { [$0] } ?? []
        let output = printed.filter { $0.kind == .stdout }.map(\.text).joined()
        if !output.isEmpty { notes += ["it printed:"] + output.split(separator: "\n").suffix(10).map { "  " + $0 } }
        if block.kind == .cell { notes.append("if the error is expected, add '//| error: true' to the cell") }
        var location = location(of: block)
        if let line = crash.line, (block.line...block.endLine).contains(line) {
            location = SourceLocation(file: page.displayPath, line: line, column: crash.column)
        }
        return BuildFailure(
            Diagnostic(
                at: location, id: "execute.crash",
                "\(block.displayName)\(lines) crashed: \(crash.message)", notes: notes))
    }

    /// Files the lesson read or declared, relative to the content folder,
    /// with hashes of their contents now. A file read from outside it is an
    /// error: the frozen results would name a path of this machine.
    private func dependencies(reads: [String]) throws(BuildFailure) -> [String: String] {
        let lessonFolder = contentFolder.appendingPathComponent(page.path).deletingLastPathComponent()
        let declared = blocks.flatMap(\.options.depends).map { lessonFolder.appendingPathComponent($0).standardizedFileURL.path }
        var files: [String: String] = [:]
        var outside: [String] = []
        for path in Set(declared + reads).sorted() {
            guard let stored = FrozenStore.storedPath(path, contentFolder: contentFolder) else {
                outside.append(path)
                continue
            }
            files[stored] = FrozenStore.hashFile(atPath: path)
        }
        if !outside.isEmpty {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: page.displayPath), id: "execute.read-outside",
                    "the lesson read files outside the content folder: \(outside.joined(separator: ", "))",
                    notes: ["copy them into the content folder, so that the site builds the same on every machine"]))
        }
        return files
    }

    private func location(of block: CodeBlock) -> SourceLocation {
        SourceLocation(
            file: page.displayPath, line: block.kind == .cell ? block.line - 1 : block.line, column: block.kind == .cell ? 1 : block.column)
    }

    private func failure(_ summary: String) -> BuildFailure {
        BuildFailure(Diagnostic(at: SourceLocation(file: page.displayPath), id: "execute.failed", summary))
    }

    private static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// Reads the records file that the kit's `Notebook` appends to, as it grows.
///
/// A line that is not a record fails the build, located at the lesson: the
/// outputs would otherwise be silently incomplete.
struct RecordReader {
    let url: URL
    /// The lesson's path as diagnostics name it.
    let lessonFile: String
    private var offset: UInt64 = 0
    /// The start of a record still being written: bytes after the last newline.
    private var pending = Data()
    /// How many records have been read, to name an unreadable one by its number.
    private var recordCount = 0
    /// How much of an unreadable line a diagnostic quotes, in characters.
    static let excerptLength = 200
    private(set) var outputs: [Int: [BlockOutput]] = [:]
    /// Bytes of output each block has in its records.
    private(set) var outputBytes: [Int: Int] = [:]
    private(set) var reads: [String] = []
    /// The block that has begun and not ended.
    private(set) var openBlock: Int?

    init(url: URL, lessonFile: String) {
        self.url = url
        self.lessonFile = lessonFile
    }

    /// Bytes of the records file not read yet: a record being written.
    var unreadBytes: Int {
        max(0, LessonRunner.fileSize(url) - Int(offset)) + pending.count
    }

    /// The records completed since the last call; a record whose line has
    /// no newline yet is left for the next call, as the program may still be
    /// writing it.
    mutating func readNew() throws(BuildFailure) -> [NotebookRecord] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        let data = handle.readDataToEndOfFile()
        offset += UInt64(data.count)
        pending.append(data)
        var records: [NotebookRecord] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            let line = pending[pending.startIndex..<newline]
            pending = Data(pending[(newline + 1)...])
            recordCount += 1
            let record: NotebookRecord
            do {
                record = try NotebookRecord.decodeLine(line)
            } catch {
                throw unreadable(line, because: String(describing: error))
            }
            apply(record)
            records.append(record)
        }
        return records
    }

    /// Reads the last records once the program has ended, when a line
    /// without its newline can no longer be completed.
    mutating func finish() throws(BuildFailure) {
        _ = try readNew()
        guard pending.isEmpty else {
            recordCount += 1
            throw unreadable(pending, because: "the program ended in the middle of it")
        }
    }

    private func unreadable(_ line: Data, because reason: String) -> BuildFailure {
        let text = String(decoding: line, as: UTF8.self)
        let excerpt = text.count > Self.excerptLength ? String(text.prefix(Self.excerptLength)) + "…" : text
        return BuildFailure(
            Diagnostic(
                at: SourceLocation(file: lessonFile), id: "execute.record",
                "cannot read record \(recordCount) written by the lesson's program: \(reason)", notes: [excerpt]))
    }

    private mutating func apply(_ record: NotebookRecord) {
        switch record {
        case .begin(let block): openBlock = block
        case .end: openBlock = nil
        case .read(let path): reads.append(path)
        case .output(let block?, let kind, let text):
            outputBytes[block, default: 0] += text.utf8.count
            // Consecutive prints of the same stream are one output.
            if kind == .stdout || kind == .stderr, let last = outputs[block]?.last, last.kind == kind {
                outputs[block]![outputs[block]!.count - 1].text += text
            } else {
                outputs[block, default: []].append(BlockOutput(kind, text))
            }
        case .output(nil, _, _): break  // shown outside every block: no place on the page
        }
    }
}

/// One message of `swiftc -diagnostic-style llvm`.
struct CompilerMessage {
    var file: String
    var line: Int
    var column: Int
    var severity: Diagnostic.Severity
    var message: String
    /// The lines after the message: the source excerpt and the caret.
    var excerpt: [String]
    /// Said about the place of a note that follows the message.
    var notes: [String] = []

    var text: String { "\(line):\(column): \(severity.rawValue): \(message)" }

    var diagnostic: Diagnostic {
        Diagnostic(
            severity, at: SourceLocation(file: file, line: line, column: column), id: "execute.compile", message,
            notes: notes + excerpt)
    }

    /// The messages in `output`, with the lesson's file (as the program's
    /// `#sourceLocation` lines name it, `lessonFile`) named `displayPath`.
    ///
    /// A message in the generated program itself — where the compiler
    /// notices a `{` that a cell left open, at the line after the cell —
    /// is moved to its note in the lesson (the `{`): a file in a deleted
    /// temporary folder helps no one.
    static func parse(_ output: String, lessonFile: String? = nil, displayPath: String = "") -> [CompilerMessage] {
        var messages: [CompilerMessage] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = line.wholeMatch(of: /(.+?):(\d+):(\d+): (error|warning|note): (.*)/),
                let lineNumber = Int(match.output.2), let column = Int(match.output.3),
                let severity = Diagnostic.Severity(rawValue: String(match.output.4))
            {
                let file = lessonFile.map { match.output.1 == $0 } == true ? displayPath : String(match.output.1)
                let message = CompilerMessage(
                    file: file, line: lineNumber, column: column, severity: severity, message: String(match.output.5), excerpt: [])
                if severity == .note, lessonFile != nil, file == displayPath, let last = messages.last, last.file != displayPath,
                    last.severity == .error
                {
                    messages[messages.count - 1] = CompilerMessage(
                        file: file, line: lineNumber, column: column, severity: .error, message: last.message, excerpt: [],
                        notes: [message.message + ", which the block leaves open"])
                } else {
                    messages.append(message)
                }
            } else if !messages.isEmpty, !line.isEmpty, messages[messages.count - 1].excerpt.count < 2 {
                messages[messages.count - 1].excerpt.append(String(line))
            }
        }
        return messages
    }
}
