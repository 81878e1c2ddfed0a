import Foundation

/// The lesson kit (PrimerKit and the PrimerNotebookFormat and PrimerFigures
/// libraries it uses), compiled by Primer with `swiftc` for lesson programs
/// to import.
///
/// The compiled modules are cached in a folder named by a hash of the kit's
/// sources and the compiler's version, so the kit is compiled once per
/// change, whichever content folder is built.
public struct LessonKit: Sendable {
    /// The kit's modules, in dependency order: each is compiled with the
    /// ones before it importable.
    static let modules = ["PrimerNotebookFormat", "PrimerFigures", "PrimerKit"]

    /// The kit's sources as Primer carries them (`EmbeddedFiles`, embedded
    /// when Primer is built): a `primer` copied or installed anywhere builds
    /// sites, with the kit it was built with. Edit the kit in
    /// `Sources/PrimerKit`, and `swift run primer build` builds Primer with
    /// the edit, then the lessons with it.
    static var embeddedSources: [String: [UInt8]] {
        var sources: [String: [UInt8]] = [:]
        for (name, bytes) in EmbeddedFiles.files where name.hasPrefix("kit/") {
            sources[String(name.dropFirst("kit/".count))] = bytes
        }
        return sources
    }

    /// Writes the embedded sources below `folder` (`PrimerKit/…`, …), laid
    /// out as the package's `Sources`.
    static func writeEmbeddedSources(to folder: URL) throws(BuildFailure) {
        try write(embeddedSources, to: folder)
    }

    private static func write(_ sources: [String: [UInt8]], to folder: URL) throws(BuildFailure) {
        for (path, bytes) in sources {
            let url = folder.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            } catch {
                throw BuildFailure(
                    Diagnostic(
                        at: SourceLocation(file: url.path), id: "kit.cache", "cannot write the lesson kit: \(error.localizedDescription)"))
            }
        }
    }

    /// Where the sources are; nil when they are the embedded ones, which
    /// are written into the compile folder when the kit is compiled.
    let sourcesFolder: URL?
    /// Each source file's bytes, by its path (`PrimerKit/Activations/…`).
    let sources: [String: [UInt8]]
    /// Source files per module, relative to the sources folder, sorted.
    let sourceFiles: [String: [String]]
    /// A hash of every source file's path and contents.
    let sourceHash: String

    /// The kit Primer carries.
    init() {
        self.init(sources: Self.embeddedSources, folder: nil)
    }

    /// The kit in `sourcesFolder`'s module folders (tests edit a copy).
    init(sourcesFolder: URL) throws(BuildFailure) {
        var sources: [String: [UInt8]] = [:]
        for module in Self.modules {
            let folder = sourcesFolder.appendingPathComponent(module)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
                let enumerator = FileManager.default.enumerator(atPath: folder.path)
            else {
                throw BuildFailure(
                    Diagnostic(at: SourceLocation(file: folder.path), id: "kit.missing", "the lesson kit's sources are missing"))
            }
            for case let path as String in enumerator where path.hasSuffix(".swift") {
                sources["\(module)/\(path)"] = Array((try? Data(contentsOf: folder.appendingPathComponent(path))) ?? Data())
            }
        }
        self.init(sources: sources, folder: sourcesFolder)
    }

    private init(sources: [String: [UInt8]], folder: URL?) {
        self.sources = sources
        sourcesFolder = folder
        var files: [String: [String]] = [:]
        var hasher = SHA256()
        for module in Self.modules {
            let paths = sources.keys.filter { $0.hasPrefix(module + "/") }.sorted()
            files[module] = paths
            for path in paths {
                hasher.update(path + "\n")
                hasher.update(sources[path] ?? [])
            }
        }
        sourceFiles = files
        sourceHash = hasher.finalize()
    }

    /// What a lesson's results depend on in the kit: its sources and the
    /// flags it and the lesson are compiled with (not the compiler's exact
    /// version, so a frozen site stays fresh across compiler updates).
    var resultHash: String {
        SHA256.hash(sourceHash + "\n" + (Toolchain.kitFlags + Toolchain.lessonFlags).joined(separator: " "))
    }

    /// The folder holding the compiled modules, compiling them first if needed.
    func compiled(cacheFolder: URL, progress: (String) -> Void = { _ in }) throws(BuildFailure) -> URL {
        let compilerVersion = Toolchain.swiftcVersion
        let key = SHA256.hash(sourceHash + compilerVersion + Toolchain.kitFlags.joined(separator: " "))
        return try CompileCache.folder(named: "kit-\(key.prefix(16))", in: cacheFolder, what: "kit", id: "kit.cache") {
            temporary throws(BuildFailure) in
            progress("Compiling the lesson kit into \(cacheFolder.appendingPathComponent("kit-\(key.prefix(16))").path)…")
            var folder = temporary.appendingPathComponent("sources")
            if let sourcesFolder {
                folder = sourcesFolder
            } else {
                try Self.write(sources, to: folder)
            }
            for module in Self.modules {
                let sources = (sourceFiles[module] ?? []).map { folder.appendingPathComponent($0).path }
                let arguments =
                    Toolchain.kitFlags + [
                        "-module-name", module, "-I", temporary.path,
                        "-emit-module", "-emit-module-path", temporary.appendingPathComponent("\(module).swiftmodule").path,
                        "-emit-library", "-static", "-o", temporary.appendingPathComponent("lib\(module).a").path,
                    ] + sources
                let log = temporary.appendingPathComponent("\(module).log").path
                let termination = try? ChildProcess.run(Toolchain.swiftc, arguments: arguments, standardOutput: log, standardError: log)
                guard termination == .exited(0) else {
                    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    throw BuildFailure(
                        Diagnostic(
                            at: SourceLocation(file: folder.appendingPathComponent(module).path), id: "kit.compile",
                            "the lesson kit does not compile", notes: output.split(separator: "\n").prefix(20).map(String.init)))
                }
            }
        }
    }

    /// Where compiled kits are kept: `$PRIMER_CACHE`, else `$XDG_CACHE_HOME/primer`,
    /// else `~/.cache/primer`.
    public static var defaultCacheFolder: URL {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["PRIMER_CACHE"] { return URL(fileURLWithPath: folder) }
        let base =
            environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("primer")
    }
}

/// Folders of compiled modules, each named by a hash of what it was
/// compiled from and filled once: `build` writes into a temporary folder
/// beside it, which is then renamed into place, so a build that stops
/// half-way leaves nothing that looks complete.
enum CompileCache {
    /// The folder `name` in `cacheFolder`, after calling `build` to fill it
    /// if it is not there yet. `what` names the cache in messages (`kit`:
    /// "the kit cache"), and `id` their identifiers (`kit.cache`).
    /// Folders being filled: `.building-<pid>-<random>-<name>`.
    static let temporaryPrefix = ".building-"

    static func folder(
        named name: String, in cacheFolder: URL, what: String, id: String, build: (_ temporary: URL) throws(BuildFailure) -> Void
    ) throws(BuildFailure) -> URL {
        let folder = cacheFolder.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("done").path) { return folder }
        AbandonedFolders.remove(in: cacheFolder, prefix: temporaryPrefix)
        let temporary = cacheFolder.appendingPathComponent(AbandonedFolders.name(prefix: temporaryPrefix) + "-" + name)
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        } catch {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: cacheFolder.path), id: id,
                    "cannot create the \(what) cache: \(error.localizedDescription)"))
        }
        try build(temporary)
        _ = FileManager.default.createFile(atPath: temporary.appendingPathComponent("done").path, contents: Data())
        // Another build may have finished first; its copy is as good.
        if rename(temporary.path, folder.path) != 0 && !FileManager.default.fileExists(atPath: folder.path) {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: folder.path), id: id,
                    "cannot write the \(what) cache: \(String(cString: strerror(errno)))"))
        }
        return folder
    }
}

/// The Swift compiler that builds the kit and the lesson programs.
enum Toolchain {
    /// `$SWIFTC`, else the first `swiftc` on the `PATH`.
    static let swiftc: String = {
        let environment = ProcessInfo.processInfo.environment
        if let swiftc = environment["SWIFTC"] { return swiftc }
        for folder in (environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/swiftc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/swiftc"
    }()

    static let swiftcVersion: String = {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            AbandonedFolders.name(prefix: LessonRunner.workFolderPrefix)
        ).path
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try? ChildProcess.run(swiftc, arguments: ["--version"], standardOutput: output, standardError: "/dev/null")
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? "unknown"
    }()

    /// The processor lesson programs are compiled for: x86-64 with AVX2 and
    /// FMA (2013 and later), which the kit's vector kernels are written for.
    /// Package.swift builds the kit with the same flag for tests and benchmarks.
    static let targetCPU = ["-target-cpu", "haswell"]

    static let kitFlags = ["-O", "-wmo", "-parse-as-library", "-swift-version", "6"] + targetCPU

    /// Lesson programs are notebook code: Swift 5 mode spares authors the
    /// strict-concurrency rules for top-level variables.
    /// With `-g`, a crash's backtrace names the lesson's Markdown line.
    static let lessonFlags = ["-O", "-g", "-swift-version", "5", "-diagnostic-style", "llvm"] + targetCPU

    /// Frame pointers, for programs that call the site's shared code: the
    /// runtime's backtracer follows them, and without them a crash inside
    /// a shared function loses the lesson line that called it. They change
    /// how far a backtrace reaches, not what a program computes.
    static let backtraceFlags = ["-Xcc", "-fno-omit-frame-pointer"]

    /// The site's shared code (`Content/_code`) is lesson code kept in files:
    /// the lessons' language mode, so code moves between a cell and a file
    /// unchanged; `-enable-testing`, so lessons see its internal declarations
    /// (`@testable import`) and nothing needs `public`; `-g` and no
    /// cross-module inlining, so a crash in it is located in its own file.
    static let siteCodeFlags =
        [
            "-O", "-g", "-wmo", "-parse-as-library", "-swift-version", "5", "-enable-testing", "-disable-cmo",
            "-diagnostic-style", "llvm",
        ] + targetCPU + backtraceFlags
}
