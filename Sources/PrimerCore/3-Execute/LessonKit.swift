import Foundation

/// The lesson kit (PrimerKit and the PrimerNotebookFormat and PrimerFigures
/// libraries it uses), compiled by Primer with `swiftc` for lesson programs
/// to import.
///
/// The compiled modules are cached in a folder named by a hash of the kit's
/// sources and the compiler's version, so the kit is compiled once per
/// change, whichever content folder is built; a module that the
/// `swift build -c release` of this `primer` compiled as Primer would is
/// taken from there (`PackageBuild`).
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
        SHA256.hash(sourceHash + "\n" + (Toolchain.kitFlags + Toolchain.lessonFlags(optimized: false)).joined(separator: " "))
    }

    /// The modules each module imports (as Package.swift declares them).
    static let dependencies = ["PrimerKit": ["PrimerNotebookFormat", "PrimerFigures"]]

    /// Each module's cache key: its sources, the keys of the modules it
    /// imports, the compiler and the flags. Editing an activation function
    /// changes PrimerKit's key only, so PrimerFigures is not compiled again.
    func moduleKeys(compilerVersion: String) -> [String: String] {
        var keys: [String: String] = [:]
        for module in Self.modules {
            var hasher = SHA256()
            hasher.update(
                "primer-kit-module-v2\n\(module)\n\(compilerVersion)\n\(Toolchain.hostProcessor)\n\(Toolchain.kitFlags.joined(separator: " "))\n"
            )
            for dependency in Self.dependencies[module] ?? [] { hasher.update("import \(keys[dependency] ?? "")\n") }
            for path in sourceFiles[module] ?? [] {
                hasher.update("\(path)\n\(sources[path]?.count ?? 0)\n")
                hasher.update(sources[path] ?? [])
            }
            keys[module] = hasher.finalize()
        }
        return keys
    }

    /// The folder holding the compiled modules, compiling them first if
    /// needed: only the modules whose keys are new are compiled (the others
    /// are linked from `kit-modules/` in the cache), all at once: a module
    /// is compiled against the interfaces of those it imports, written
    /// first, while their code is still being generated.
    ///
    /// A module that `packageBuild` (the `swift build -c release` that
    /// built this `primer`) compiled from the same sources with the same
    /// flags is taken from there, not compiled again.
    func compiled(
        cacheFolder: URL, packageBuild: @autoclosure () -> PackageBuild? = PackageBuild.besideExecutable,
        progress: (String) -> Void = { _ in }
    ) throws(BuildFailure) -> URL {
        let keys = moduleKeys(compilerVersion: Toolchain.swiftcVersion(cacheFolder: cacheFolder))
        let name = "kit-" + SHA256.hash(Self.modules.map { keys[$0] ?? "" }.joined(separator: "\n")).prefix(16)
        let modulesFolder = cacheFolder.appendingPathComponent("kit-modules")
        func moduleFolderName(_ module: String) -> String { "\(module)-\(keys[module]?.prefix(16) ?? "")" }
        return try CompileCache.folder(named: name, in: cacheFolder, what: "kit", id: "kit.cache") { temporary throws(BuildFailure) in
            var toCompile: [String] = []
            for module in Self.modules {
                let compiled = modulesFolder.appendingPathComponent(moduleFolderName(module))
                if !CompileCache.isComplete(compiled) || !Self.linkFiles(of: module, from: compiled, to: temporary) {
                    toCompile.append(module)
                }
            }
            // Only now, when a module is to be compiled: reading SwiftPM's manifest takes a while.
            let packageBuild = toCompile.isEmpty ? nil : packageBuild()
            let taken = packageBuild.map { take(toCompile, from: $0, into: temporary, progress: progress) } ?? []
            toCompile.removeAll { taken.contains($0) }
            if !toCompile.isEmpty {
                progress(
                    "Compiling the lesson kit (\(toCompile.joined(separator: ", "))) into \(cacheFolder.appendingPathComponent(name).path)…"
                )
            }
            var folder = temporary.appendingPathComponent("sources")
            if let sourcesFolder {
                folder = sourcesFolder
            } else {
                try Self.write(sources.filter { path, _ in toCompile.contains { path.hasPrefix($0 + "/") } }, to: folder)
            }
            try compile(toCompile, sources: folder, into: temporary)
            // Kept per module, for the next kit that has the same module.
            for module in toCompile + taken {
                _ = try? CompileCache.folder(named: moduleFolderName(module), in: modulesFolder, what: "kit", id: "kit.cache") {
                    moduleFolder throws(BuildFailure) in
                    _ = Self.linkFiles(of: module, from: temporary, to: moduleFolder)
                }
            }
        }
    }

    /// The modules of `modules` that `packageBuild` compiled as Primer
    /// would, put into `folder`; says which, and why the others are not.
    private func take(_ modules: [String], from packageBuild: PackageBuild, into folder: URL, progress: (String) -> Void) -> [String] {
        // Each module at once: archiving one's objects is a compiler process of its own.
        let outcomes = Parallel.mapAtOnce(modules) { module -> (module: String, taken: Bool, reason: String?) in
            if let mismatch = packageBuild.mismatch(of: module, kit: self, swiftc: Toolchain.swiftc) { return (module, false, mismatch) }
            return (module, packageBuild.copyOutputs(of: module, into: folder), nil)
        }
        let taken = outcomes.filter(\.taken).map(\.module)
        let reasons = outcomes.compactMap { outcome in outcome.reason.map { (module: outcome.module, reason: $0) } }
        let place = packageBuild.productsFolder.path
        if !taken.isEmpty {
            progress("Taking the lesson kit's \(taken.joined(separator: ", ")) from \(place), which compiled the same code")
        }
        if !reasons.isEmpty {
            // One reason for several modules (a debug build's flags) is said once.
            let grouped = Dictionary(grouping: reasons, by: \.reason).sorted { $0.value[0].module < $1.value[0].module }
            let text = grouped.map { reason, entries in "\(entries.map(\.module).joined(separator: ", ")): \(reason)" }
            progress("Not taken from \(place): \(text.joined(separator: "; "))")
        }
        return taken
    }

    /// Compiles `modules` from `folder` into `output`, each in its own
    /// compiler process, all at once.
    ///
    /// A module that another of them imports first has its interface
    /// written alone (`interfaceFlags`: declarations only, 0.4 s for
    /// PrimerFigures), into `output/interfaces`, and the importer is
    /// compiled against that; so the importer does not wait the 4–6 s the
    /// module's own compile takes to write its interface, and the two
    /// modules' code is generated side by side on the cores. Lessons import
    /// the modules the whole compiles write.
    private func compile(_ modules: [String], sources folder: URL, into output: URL) throws(BuildFailure) {
        let interfaces = output.appendingPathComponent("interfaces")
        // The modules others import; none of them imports another of the kit's, so their interfaces are written at once.
        let imported = modules.filter { module in modules.contains { Self.dependencies[$0]?.contains(module) ?? false } }
        try? FileManager.default.createDirectory(at: interfaces, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: interfaces) }
        let interfaceFailures = Parallel.mapAtOnce(imported) { module in
            compile(
                module, sources: folder, log: interfaces.appendingPathComponent("\(module).log"),
                Self.interfaceFlags + [
                    "-I", output.path, "-emit-module-path", interfaces.appendingPathComponent("\(module).swiftmodule").path,
                ])
        }
        // A module whose interface failed is not compiled again to say so, nor are its importers.
        let failed = Set(interfaceFailures.compactMap { $0?.module })
        let toCompile = modules.filter { !failed.contains($0) && !(Self.dependencies[$0] ?? []).contains(where: failed.contains) }
        // Code generation of one module spreads over the cores the others leave.
        let threads = String(max(1, ProcessInfo.processInfo.activeProcessorCount))
        let failures = Parallel.mapAtOnce(toCompile) { module in
            compile(
                module, sources: folder, log: output.appendingPathComponent("\(module).log"),
                [
                    "-num-threads", threads, "-I", interfaces.path, "-I", output.path,
                    "-emit-module", "-emit-module-path", output.appendingPathComponent("\(module).swiftmodule").path,
                    "-emit-library", "-static", "-o", output.appendingPathComponent("lib\(module).a").path,
                ])
        }
        let diagnostics = (interfaceFailures + failures).compactMap { $0?.diagnostic }
        if !diagnostics.isEmpty { throw BuildFailure(diagnostics.sorted { $0.location < $1.location }) }
    }

    /// Runs the compiler on `module`'s sources with the kit's flags and
    /// `arguments`; if it fails, the error, with the start of its `log`.
    private func compile(_ module: String, sources folder: URL, log: URL, _ arguments: [String]) -> (
        module: String, diagnostic: Diagnostic
    )? {
        let sources = (sourceFiles[module] ?? []).map { folder.appendingPathComponent($0).path }
        let termination = try? ChildProcess.run(
            Toolchain.swiftc, arguments: Toolchain.kitFlags + ["-module-name", module] + arguments + sources, standardOutput: log.path,
            standardError: log.path)
        guard termination != .exited(0) else { return nil }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let diagnostic = Diagnostic(
            at: SourceLocation(file: folder.appendingPathComponent(module).path), id: "kit.compile", "the lesson kit does not compile",
            notes: output.split(separator: "\n").prefix(20).map(String.init))
        return (module, diagnostic)
    }

    /// A module's interface alone: its declarations, and the bodies of its
    /// inlinable functions, which importers may inline.
    static let interfaceFlags = ["-emit-module", "-Xfrontend", "-experimental-skip-non-inlinable-function-bodies"]

    /// Hard-links (or copies) what compiling `module` wrote in `source` into
    /// `destination`; false if any file is missing.
    private static func linkFiles(of module: String, from source: URL, to destination: URL) -> Bool {
        let names = ["swiftmodule", "swiftdoc", "swiftsourceinfo"].map { "\(module).\($0)" } + ["lib\(module).a"]
        for name in names {
            let from = source.appendingPathComponent(name)
            let to = destination.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: from.path) else {
                if name.hasSuffix(".swiftsourceinfo") || name.hasSuffix(".swiftdoc") { continue }  // optional
                return false
            }
            if link(from.path, to.path) != 0 && (try? FileManager.default.copyItem(at: from, to: to)) == nil { return false }
        }
        return true
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
    /// Folders being filled: `.building-<pid>-<random>-<name>`.
    static let temporaryPrefix = ".building-"

    /// Whether `folder` was filled completely.
    static func isComplete(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("done").path)
    }

    /// The folder `name` in `cacheFolder`, after calling `build` to fill it
    /// if it is not there yet. `what` names the cache in messages (`kit`:
    /// "the kit cache"), and `id` their identifiers (`kit.cache`).
    static func folder(
        named name: String, in cacheFolder: URL, what: String, id: String, build: (_ temporary: URL) throws(BuildFailure) -> Void
    ) throws(BuildFailure) -> URL {
        let folder = cacheFolder.appendingPathComponent(name)
        if isComplete(folder) { return folder }
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

    /// The driver's and the frontend's paths, sizes and modification times:
    /// what is kept about the compiler is kept under this.
    static let stamp: String = {
        let driver = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
        let frontend = driver.deletingLastPathComponent().appendingPathComponent("swift-frontend")
        return [driver, frontend].map { file in
            BuildMemory.FileStamp(path: file.path).map { "\(file.path) \($0.size) \($0.modified)" } ?? file.path
        }.joined(separator: "\n")
    }()

    /// `swiftc --version`, which names the compiler the kit was compiled
    /// with. Asking costs a fifth of a second (a driver and a frontend
    /// start), so the answer is kept in `cacheFolder`, under the stamp of
    /// the compiler's files: a new toolchain has other stamps.
    static func swiftcVersion(cacheFolder: URL) -> String {
        let cached = cacheFolder.appendingPathComponent("swiftc-version-\(SHA256.hash(stamp).prefix(16))")
        if let version = try? String(contentsOf: cached, encoding: .utf8), !version.isEmpty { return version }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            AbandonedFolders.name(prefix: LessonRunner.workFolderPrefix)
        ).path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = try? ChildProcess.run(swiftc, arguments: ["--version"], standardOutput: output, standardError: "/dev/null")
        guard status == .exited(0), let version = try? String(contentsOfFile: output, encoding: .utf8), !version.isEmpty else {
            return "unknown"
        }
        try? FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        try? version.write(to: cached, atomically: true, encoding: .utf8)
        return version
    }

    /// Lesson programs and the kit are compiled for the processor that runs
    /// them, as NumPy picks its kernels at run time: on this project's
    /// machine (AVX-512) the kit's exponentials take 0.75 ns an element
    /// instead of 1.1 for AVX2 (`-target-cpu haswell`). Results do not
    /// depend on it: Swift never contracts or reorders floating-point
    /// operations, so a wider vector computes each element with the same
    /// operations; the flag is the same text on every machine, so lessons'
    /// keys are too, while the kit cache keeps one kit per processor
    /// (`hostProcessor`). Package.swift builds the kit with the same flags
    /// for tests and benchmarks.
    ///
    /// LLVM keeps to 256-bit vectors on processors that have 512-bit ones
    /// unless told otherwise (the `prefer-256-bit` feature), for fear of
    /// the clock slowing down; the kit's loops are long enough for 512
    /// bits to pay: at 10⁶ elements sigmoid(x) takes 1.02 ns an element
    /// instead of 1.45, tanh(x) 1.02 instead of 1.34, exp(x) 1.07 instead
    /// of 1.49. The feature reaches the code generator only through the
    /// C importer's options.
    static let targetCPU =
        ["-target-cpu", "native"] + ["-Xclang", "-target-feature", "-Xclang", "-prefer-256-bit"].flatMap { ["-Xcc", $0] }

    /// What `-target-cpu native` compiles for: the processor's model and
    /// features, from /proc/cpuinfo.
    static let hostProcessor: String = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        var seen: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            if ["model name", "flags", "Features", "CPU implementer", "CPU part"].contains(name), seen[name] == nil {
                seen[name] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return seen.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
    }()

    /// The kit's flags: optimised as whole modules (its kernels are generic
    /// over types in other files, and must be specialised). Compiling
    /// PrimerFigures file by file in parallel (`-j 2`) was measured at
    /// 13.5 s instead of 16.5 s on two cores but 21 s of CPU instead of 16,
    /// so it stays whole.
    static let kitFlags = ["-O", "-wmo", "-parse-as-library", "-swift-version", "6"] + targetCPU

    /// Lesson programs are notebook code: Swift 5 mode spares authors the
    /// strict-concurrency rules for top-level variables.
    ///
    /// They are compiled without optimisation, which makes compiling one
    /// three to four times faster (0.3 s instead of 1.1 s); their work is
    /// done in the kit (and the shared code), which is optimised. A lesson
    /// whose own loops are heavy asks for `optimize: true` in its front
    /// matter. Line tables (not full debug information, which costs as much
    /// again) let a crash's backtrace name the lesson's Markdown line; lld
    /// links in a third of the time of the default linker.
    static func lessonFlags(optimized: Bool) -> [String] {
        [optimized ? "-O" : "-Onone", "-gline-tables-only", "-swift-version", "5", "-diagnostic-style", "llvm"] + targetCPU
    }

    /// `-use-ld=lld` when the toolchain has lld (swift.org's toolchains do);
    /// how a program is linked does not change what it computes, so this is
    /// not part of any key.
    static let linkerFlags: [String] = {
        let folder = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath().deletingLastPathComponent()
        return FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("ld.lld").path) ? ["-use-ld=lld"] : []
    }()

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
