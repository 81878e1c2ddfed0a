import ArgumentParser
import Foundation
import PrimerCore
import PrimerServe

/// Options shared by the commands that read content and write a site.
struct FolderOptions: ParsableArguments {
    @Option(help: "The folder of lesson sources.")
    var content = "Content"

    @Option(help: "The folder the site is written to.")
    var output = "docs"

    var generator: SiteGenerator {
        SiteGenerator(locations: SiteLocations(content: content, output: output))
    }
}

/// The lesson kit lessons are compiled against.
struct KitOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A folder with the lesson kit's module folders (PrimerKit, PrimerFigures, PrimerNotebookFormat), e.g. a Primer checkout's Sources, to use instead of the kit primer carries.",
            valueName: "folder"))
    var kit: String?

    func configure(_ generator: inout SiteGenerator) {
        if let kit { generator.kitSources = URL(fileURLWithPath: kit) }
    }
}

/// Prints diagnostics compiler-style on standard error, then exits 1.
func fail(_ failure: BuildFailure, changed: String = "the output folder and the frozen results were not changed") -> ExitCode {
    FileHandle.standardError.write(Data((failure.description + "\n").utf8))
    let errors = failure.diagnostics.filter { $0.severity == .error }.count
    FileHandle.standardError.write(Data("\(errors) error\(errors == 1 ? "" : "s"); \(changed)\n".utf8))
    return ExitCode.failure
}

struct Primer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "primer",
        abstract: "Builds computed, offline tutorial sites from Markdown lessons with live Swift code.",
        subcommands: [Build.self, Check.self, Serve.self, Clean.self, Init.self],
        defaultSubcommand: Build.self)
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site from the content folder into the output folder.")

    @OptionGroup var folders: FolderOptions
    @OptionGroup var kit: KitOptions

    @Flag(help: "Execute every lesson, ignoring frozen results.")
    var fresh = false

    func run() throws {
        var generator = folders.generator
        kit.configure(&generator)
        generator.progress = { line in print(line) }
        do {
            let summary = try generator.build(fresh: fresh)
            print(summary.line(output: folders.output))
        } catch {
            throw fail(error)
        }
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site: build it into a preview folder, serve it, and rebuild and reload the browser on every change.",
        discussion: """
            The preview is built as `primer build` builds (incrementally, with the same frozen results) into a folder in \
            Primer's cache, never into the output folder. A failed build keeps the last good site and shows its errors over \
            the page.
            """)

    @Option(help: "The folder of lesson sources.")
    var content = "Content"

    @OptionGroup var kit: KitOptions

    @Option(help: "The port to listen on (0: any free port).")
    var port: UInt16 = 8000

    @Option(help: "The address to listen on. Other than 127.0.0.1 or ::1, anyone who can reach this machine can read the preview.")
    var host = "127.0.0.1"

    @Flag(help: "Open the preview in the default browser.")
    var open = false

    func run() throws {
        let contentFolder = URL(fileURLWithPath: content).standardizedFileURL
        let preview = PreviewSession.previewFolder(content: contentFolder, cache: LessonKit.defaultCacheFolder)
        var generator = SiteGenerator(locations: SiteLocations(content: content, output: preview.path))
        kit.configure(&generator)
        generator.progress = Self.say
        let session = PreviewSession(generator: generator, log: Self.say)
        session.build()
        let server = try PreviewServer(folder: preview, live: session.live, host: host == "localhost" ? "127.0.0.1" : host, port: port)
        let ready = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var started: Result<UInt16, any Error> = .success(0)
        Task {
            do { started = .success(try await server.start()) } catch { started = .failure(error) }
            ready.signal()
        }
        ready.wait()
        let listening = try started.get()
        try session.watch(also: generator.kitSources.map { [$0] } ?? [])
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            FileHandle.standardError.write(
                Data("warning: serving on \(host): anyone who can reach this machine on port \(listening) can read the preview\n".utf8))
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        let url = "http://\(shown):\(listening)/"
        Self.say("Serving \(content) at \(url) (preview in \(preview.path)); Ctrl-C stops")
        if open { Self.openInBrowser(url) }
        Self.waitForInterrupt()
        session.stop()
    }

    /// A line on standard output at once, also into a pipe or a log file
    /// (`print` would keep it in a buffer there).
    @Sendable static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Blocks until SIGINT or SIGTERM.
    private static func waitForInterrupt() {
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        stop.wait()
        for source in sources { source.cancel() }
    }

    private static func openInBrowser(_ url: String) {
        let opener = Process()
        opener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        opener.arguments = ["xdg-open", url]
        opener.standardOutput = FileHandle.nullDevice
        opener.standardError = FileHandle.nullDevice
        if (try? opener.run()) == nil { say("Open \(url) in a browser (xdg-open is not available)") }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that the output folder is exactly what a build would write, and that its links work.")

    @OptionGroup var folders: FolderOptions
    @OptionGroup var kit: KitOptions

    func run() throws {
        let report: CheckReport
        var generator = folders.generator
        kit.configure(&generator)
        do {
            report = try generator.check()
        } catch {
            throw fail(error)
        }
        var lines: [String] = []
        for difference in report.differences {
            switch difference {
            case let .changed(path, line): lines.append("\(folders.output)/\(path):\(line): error: differs from what 'primer build' writes")
            case let .missing(path): lines.append("\(folders.output)/\(path): error: missing; 'primer build' writes it")
            case let .extra(path): lines.append("\(folders.output)/\(path): error: extra; 'primer build' does not write it")
            }
        }
        lines += report.brokenLinks.map(\.description)
        if report.passed {
            print("\(folders.output) is up to date; its links work")
            return
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        var summary: [String] = []
        if !report.differences.isEmpty {
            summary.append("\(report.differences.count) file\(report.differences.count == 1 ? "" : "s") out of date (run 'primer build')")
        }
        if !report.brokenLinks.isEmpty {
            summary.append("\(report.brokenLinks.count) broken link\(report.brokenLinks.count == 1 ? "" : "s")")
        }
        FileHandle.standardError.write(Data(("check failed: " + summary.joined(separator: ", ") + "\n").utf8))
        throw ExitCode.failure
    }
}

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete the output folder.")

    @OptionGroup var folders: FolderOptions

    func run() throws {
        do {
            try folders.generator.clean()
            print("Removed \(folders.output)")
        } catch {
            throw fail(error)
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new site in a folder: a content folder with one lesson, ready to build.")

    @Argument(help: "The folder of the new site (created if needed).")
    var folder = "."

    func run() throws {
        do {
            let files = try NewSite.create(in: URL(fileURLWithPath: folder), displayPath: folder)
            print("Started a site in \(folder): " + files.joined(separator: ", "))
            print("Build it with: " + (folder == "." ? "" : "cd \(folder) && ") + "primer build")
        } catch {
            throw fail(error, changed: "nothing was written")
        }
    }
}

Primer.main()
