import Foundation

/// The kit modules `swift build -c release` compiled beside the `primer` it
/// built (`.build/<triple>/release/primer`): PrimerFigures and
/// PrimerNotebookFormat always (Primer itself uses them), PrimerKit when
/// the whole package was built. Primer takes a module from there instead
/// of compiling it again when it is the same code: the same sources,
/// compiled after their last change, by the same compiler, with the kit's
/// flags and otherwise only flags that change no instruction a lesson
/// runs (debug information, frame pointers, where files go).
struct PackageBuild: Sendable {
    /// `.build/<triple>/<configuration>`: the products, `Modules/`, and a
    /// `<Module>.build/` folder of objects per module.
    let productsFolder: URL
    /// Each module's compile command, from SwiftPM's build manifest
    /// (`.build/<configuration>.yaml`).
    let commands: [String: [String]]
    /// Each module's output file map (its command's `-output-file-map`):
    /// for each source file, and "" for the whole module, its outputs by
    /// kind (`object`, `dependencies`, …).
    let outputMaps: [String: [String: [String: String]]]

    /// The package build holding the running executable, if it is one.
    static let besideExecutable: PackageBuild? = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return PackageBuild(productsFolder: executable.deletingLastPathComponent())
    }()

    /// Reads the manifest of the build whose products are in `productsFolder`;
    /// nil when there is none.
    init?(productsFolder: URL) {
        let configuration = productsFolder.lastPathComponent
        let manifest = productsFolder.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("\(configuration).yaml")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return nil }
        self.productsFolder = productsFolder
        commands = Self.compileCommands(in: text, modules: LessonKit.modules)
        outputMaps = commands.compactMapValues { arguments in
            guard let flag = arguments.firstIndex(of: "-output-file-map"), flag + 1 < arguments.count,
                let data = FileManager.default.contents(atPath: arguments[flag + 1])
            else { return nil }
            return try? JSONDecoder().decode([String: [String: String]].self, from: data)
        }
    }

    /// The `args:` of each module's `C.<Module>-….module` command. The
    /// manifest is YAML whose argument lists are JSON arrays, one a line.
    static func compileCommands(in manifest: String, modules: [String]) -> [String: [String]] {
        var commands: [String: [String]] = [:]
        var module: String?
        for line in manifest.split(separator: "\n", omittingEmptySubsequences: true) {
            // Not `trimmingCharacters`, which copies each line through NSString: 25 % of a cold build's own time.
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("\"C.") {
                module = modules.first { trimmed.hasPrefix("\"C.\($0)-") && trimmed.hasSuffix(".module\":") }
            } else if let current = module, trimmed.hasPrefix("args: ") {
                if let data = trimmed.dropFirst("args: ".count).data(using: .utf8),
                    let arguments = try? JSONDecoder().decode([String].self, from: data)
                {
                    commands[current] = arguments
                }
                module = nil
            }
        }
        return commands
    }

    /// Why `module` cannot be taken from this build, or nil when it can:
    /// `kit` is what Primer would compile, with `swiftc`.
    func mismatch(of module: String, kit: LessonKit, swiftc: String) -> String? {
        guard let arguments = commands[module], let driver = arguments.first else { return "not built" }
        guard URL(fileURLWithPath: driver).resolvingSymlinksInPath() == URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
        else { return "compiled by \(driver)" }
        let flags = Self.codeFlags(Array(arguments.dropFirst()), module: module)
        let kitFlags = Self.codeFlags(Toolchain.kitFlags, module: module)
        let extra = flags.filter { !kitFlags.contains($0) }
        let missing = kitFlags.filter { !flags.contains($0) }
        if !extra.isEmpty || !missing.isEmpty {
            // A path after a flag says nothing about the code: left out.
            let shown = extra.map { $0.contains("/") ? String($0.prefix { $0 != " " }) : $0 }
            return ["compiled with " + shown.joined(separator: " "), "without " + missing.joined(separator: " ")]
                .filter { !$0.hasSuffix(" ") }.joined(separator: ", ")
        }
        // The same sources, compiled after the last of them changed.
        guard let list = arguments.first(where: { $0.hasPrefix("@") }),
            let listed = try? String(contentsOfFile: String(list.dropFirst()), encoding: .utf8)
        else { return "not built" }
        let paths = listed.split(separator: "\n").map(String.init)
        var newestSource = Int64.min
        var sources: [String: [UInt8]] = [:]
        for path in paths {
            guard let range = path.range(of: "/\(module)/", options: .backwards),
                let bytes = FileManager.default.contents(atPath: path),
                let modified = FileStamp(path: path)?.modified
            else { return "cannot read \(path)" }
            sources["\(module)/\(path[range.upperBound...])"] = [UInt8](bytes)
            newestSource = max(newestSource, modified)
        }
        let expected = kit.sourceFiles[module] ?? []
        guard sources.keys.sorted() == expected, expected.allSatisfy({ sources[$0] == kit.sources[$0] }) else {
            return "other sources"
        }
        let objects = objects(of: module)
        guard !objects.isEmpty else { return "no objects" }
        // The compiler leaves an output it would write unchanged as it is (an
        // edit to one function rewrites that file's object only), but writes
        // the dependency file at the end of every compile that succeeds.
        guard let dependencies = outputMaps[module]?[""]?["dependencies"],
            let finished = FileStamp(path: dependencies)?.modified, finished >= newestSource
        else { return "out of date" }
        for output in [interface(of: module).path] + objects.map(\.path) {
            guard let written = FileStamp(path: output)?.modified else { return "out of date" }
            // Written after the compile that finished last: one under way, or stopped.
            if written > finished { return "being compiled" }
        }
        return nil
    }

    /// Puts the module in `folder` as Primer's own compile leaves it: its
    /// interface files, and its objects in `lib<Module>.a` (archived by the
    /// compiler's driver, with the toolchain's archiver). False if any
    /// step fails, or if SwiftPM rewrote an output meanwhile (a `swift
    /// build` running beside this one); then the module is compiled instead.
    func copyOutputs(of module: String, into folder: URL) -> Bool {
        let objects = objects(of: module).map(\.path)
        guard !objects.isEmpty else { return false }
        let outputs = [interface(of: module).path] + objects
        let before = outputs.map(FileStamp.init(path:))
        for suffix in ["swiftmodule", "swiftdoc", "swiftsourceinfo"] {
            let file = productsFolder.appendingPathComponent("Modules/\(module).\(suffix)")
            guard FileManager.default.fileExists(atPath: file.path) else {
                if suffix == "swiftmodule" { return false }
                continue
            }
            guard (try? FileManager.default.copyItem(at: file, to: folder.appendingPathComponent(file.lastPathComponent))) != nil
            else { return false }
        }
        let archive = folder.appendingPathComponent("lib\(module).a").path
        let log = folder.appendingPathComponent("\(module).log").path
        let arguments = ["-emit-library", "-static", "-module-name", module, "-o", archive] + objects
        let archived =
            (try? ChildProcess.run(Toolchain.swiftc, arguments: arguments, standardOutput: log, standardError: log)) == .exited(0)
        return archived && outputs.map(FileStamp.init(path:)) == before
    }

    /// The module's interface, as SwiftPM wrote it.
    func interface(of module: String) -> URL {
        productsFolder.appendingPathComponent("Modules/\(module).swiftmodule")
    }

    /// The module's object files, as its compile command's output file map
    /// names them, so that an object left from a source since deleted is
    /// not taken: one per source file when the whole module's code was
    /// generated over threads (`-num-threads`, as SwiftPM does in release
    /// builds), else the module's one (the map's entry for no file).
    func objects(of module: String) -> [URL] {
        guard let arguments = commands[module] else { return [] }
        let threads = arguments.firstIndex(of: "-num-threads").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
        let perFile = (threads ?? 0) > 0
        return (outputMaps[module] ?? [:]).filter { $0.key.isEmpty != perFile }.values.compactMap { $0["object"] }.sorted()
            .map { URL(fileURLWithPath: $0) }
    }

    /// Flags that change no instruction of the module (or none a lesson
    /// can observe): debug information, frame pointers, position-independent
    /// C code, diagnostics, parallelism, where outputs go, and the two
    /// conditions SwiftPM defines, which the kit's sources never test
    /// (a test checks it). The number after each is how many values follow.
    static let neutralFlags: [String: Int] = [
        "-g": 0, "-emit-dependencies": 0, "-emit-module": 0, "-emit-objc-header": 0, "-c": 0, "-serialize-diagnostics": 0,
        "-parseable-output": 0, "-color-diagnostics": 0, "-DSWIFT_PACKAGE": 0, "-DSWIFT_MODULE_RESOURCE_BUNDLE_UNAVAILABLE": 0,
        "-emit-module-path": 1, "-output-file-map": 1, "-I": 1, "-module-cache-path": 1,
        "-emit-objc-header-path": 1, "-num-threads": 1, "-package-name": 1, "-target": 1,
    ]
    /// C flags (`-Xcc`) of the same kind.
    static let neutralClangFlags: Set<String> = ["-g", "-fPIC", "-fno-omit-frame-pointer"]
    /// The kit's flags that take a value.
    static let valuedFlags: Set<String> = ["-swift-version", "-target-cpu"]

    /// The flags of `arguments` that make the code what it is, spelt as
    /// `Toolchain.kitFlags` spells them, a value after its flag. Whatever
    /// is not known to change nothing counts, so that a flag Primer does
    /// not know is never taken for a harmless one.
    static func codeFlags(_ arguments: [String], module: String) -> [String] {
        var flags: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            index += 1
            if argument == "-module-name", next == module {
                index += 1
            } else if argument.hasPrefix("@") || argument.hasSuffix(".swift")
                || (argument.hasPrefix("-j") && Int(argument.dropFirst(2)) != nil)
            {
                continue  // the sources; parallel jobs
            } else if argument == "-Xcc", next == "-Xclang", index + 2 < arguments.count, arguments[index + 1] == "-Xcc" {
                // An option for clang's own frontend, `-Xcc -Xclang -Xcc V`;
                // a target feature's name joins its flag, as its sign matters.
                let value = arguments[index + 2]
                index += 3
                if flags.last == "-Xclang -target-feature" {
                    flags[flags.count - 1] += " " + value
                } else {
                    flags.append("-Xclang " + value)
                }
            } else if let values = neutralFlags[argument] {
                index += values
            } else if let next, argument.hasPrefix("-X") || valuedFlags.contains(argument) {
                // `-Xcc`, `-Xllvm`, `-Xfrontend` with what they pass on.
                if !(argument == "-Xcc" && neutralClangFlags.contains(next)) { flags.append(argument + " " + next) }
                index += 1
            } else if argument.hasPrefix("-") || flags.isEmpty {
                flags.append(argument == "-whole-module-optimization" ? "-wmo" : argument)
            } else {
                flags[flags.count - 1] += " " + argument  // the value of a flag Primer does not know
            }
        }
        // SwiftPM repeats some flags (`-whole-module-optimization` twice).
        var seen: Set<String> = []
        return flags.filter { seen.insert($0).inserted }
    }
}
