import Foundation

/// The commands `swiftc` runs to compile and link a lesson program, asked
/// of the driver once (`swiftc -###`) and then run directly for every
/// lesson: the driver's own start costs about 0.11 s a lesson (it is a large
/// Swift program that plans the same three steps every time), a third of
/// compiling one. The link step is the linker's own command, which clang
/// works out once (`linkerCommand`).
///
/// A plan is kept in the cache folder under the compiler's stamp and the
/// arguments, so a new toolchain or other flags plan again. The per-lesson
/// paths are written into the plan as one folder (the planning folder), which
/// each lesson's folder replaces; the compilation folder recorded in debug
/// information is the current one.
struct CompilePlan: Codable, Equatable {
    /// Each command: the executable's path first, then its arguments.
    var commands: [[String]]
    /// The folder the plan's paths are in, replaced by a lesson's folder.
    var folder: String

    /// The plan for compiling `sourceName` in a lesson's folder into
    /// `executableName` there with `arguments` (flags, search paths,
    /// libraries), or nil when the driver's plan is not the shape this
    /// expects (then the driver is run as before).
    static func plan(arguments: [String], sourceName: String, executableName: String, cacheFolder: URL) -> CompilePlan? {
        let key = SHA256.hash(
            (["primer-compile-plan-v2", Toolchain.stamp, sourceName, executableName] + arguments).joined(separator: "\n")
        ).prefix(16)
        let stored = cacheFolder.appendingPathComponent("compile-plans/\(key).json")
        if let data = try? Data(contentsOf: stored), let plan = try? JSONDecoder().decode(CompilePlan.self, from: data) {
            return plan
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            AbandonedFolders.name(prefix: LessonRunner.workFolderPrefix))
        defer { try? FileManager.default.removeItem(at: folder) }
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return nil }
        let output = folder.appendingPathComponent("plan").path
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = folder.path  // the driver's temporary files are then in `folder`
        let status = try? ChildProcess.run(
            Toolchain.swiftc,
            arguments: ["-###"] + arguments + [
                folder.appendingPathComponent(sourceName).path, "-o", folder.appendingPathComponent(executableName).path,
            ],
            environment: environment, standardOutput: output, standardError: "/dev/null")
        guard status == .exited(0), let text = try? String(contentsOfFile: output, encoding: .utf8),
            var plan = CompilePlan(driverOutput: text, folder: folder.path)
        else { return nil }
        if let link = plan.commands.last, let linker = linkerCommand(for: link, in: folder) {
            plan.commands[plan.commands.count - 1] = linker
        }
        if let data = try? JSONEncoder().encode(plan) {
            try? FileManager.default.createDirectory(at: stored.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? data.write(to: stored, options: .atomic)
        }
        return plan
    }

    /// The linker's own command for the driver's link step `link`, a
    /// `clang` command over files in `folder`, or nil when it cannot be
    /// asked (then clang links, as the driver planned).
    ///
    /// clang only works out the linker's command line (start files, library
    /// folders) and runs it: about 15 ms of a lesson's 95 ms link, every
    /// lesson. So clang is asked once (`clang -###`), with empty stand-ins
    /// for the files the compile will write; a response file (`@…autolink`:
    /// the `-l` flags the compile's imports need) holds a marker, which
    /// becomes the response file again in the linker's command, for the
    /// linker to read (ld.lld and GNU ld both read response files).
    static func linkerCommand(for link: [String], in folder: URL) -> [String]? {
        guard let executable = link.first, URL(fileURLWithPath: executable).lastPathComponent.hasPrefix("clang") else { return nil }
        var markers: [String: String] = [:]
        for word in link.dropFirst() where word.hasPrefix(folder.path + "/") || word.hasPrefix("@" + folder.path + "/") {
            // Every file clang is given must exist; the output is written over.
            if word.hasPrefix("@") {
                let marker = "-lprimer-response-file-\(markers.count)"
                markers[marker] = word
                FileManager.default.createFile(atPath: String(word.dropFirst()), contents: Data(marker.utf8))
            } else {
                FileManager.default.createFile(atPath: word, contents: Data())
            }
        }
        let output = folder.appendingPathComponent("linker-plan").path
        let status = try? ChildProcess.run(
            executable, arguments: ["-###"] + link.dropFirst(), standardOutput: output, standardError: output)
        guard status == .exited(0), let text = try? String(contentsOfFile: output, encoding: .utf8) else { return nil }
        return linkerCommand(clangOutput: text, markers: markers)
    }

    /// The one command in `clang -###` output (the lines after its version,
    /// each word in double quotes), with each of `markers` (flags clang read
    /// from a response file) replaced by that response file, `@path`; nil
    /// unless there is exactly one command and each marker is in it once.
    static func linkerCommand(clangOutput text: String, markers: [String: String]) -> [String]? {
        let commands = text.split(separator: "\n").filter { $0.hasPrefix(" \"") }.map { shellWords(String($0)) }
        guard commands.count == 1, var words = commands[0], words.first?.hasPrefix("/") == true else { return nil }
        for (marker, responseFile) in markers {
            guard words.filter({ $0 == marker }).count == 1, let index = words.firstIndex(of: marker) else { return nil }
            words[index] = responseFile
        }
        return words
    }

    /// Reads `swiftc -###` output: one shell-quoted command a line. The
    /// driver's temporary folder (`TemporaryDirectory.XXXXXX` in `folder`)
    /// becomes `folder` itself, so a lesson's folder holds everything.
    init?(driverOutput: String, folder: String) {
        let temporary = try? Regex("\(NSRegularExpression.escapedPattern(for: folder))/TemporaryDirectory\\.[A-Za-z0-9]+")
        var commands: [[String]] = []
        for line in driverOutput.split(separator: "\n") where !line.isEmpty {
            guard var words = Self.shellWords(String(line)), let executable = words.first, executable.hasPrefix("/") else { return nil }
            if let temporary { words = words.map { $0.replacing(temporary, with: folder) } }
            commands.append(words)
        }
        // The frontend compiles, the linker links; anything else is not planned.
        guard commands.count >= 2, commands[0].contains("-frontend"), commands.joined().contains(where: { $0.contains(folder) })
        else { return nil }
        self.commands = commands
        self.folder = folder
    }

    /// The commands for a lesson in `lessonFolder`, with the current folder
    /// as the compilation folder.
    func commands(in lessonFolder: URL) -> [[String]] {
        let current = FileManager.default.currentDirectoryPath
        return commands.map { command in
            var words = command.map { $0.replacingOccurrences(of: folder, with: lessonFolder.path) }
            if let index = words.firstIndex(of: "-file-compilation-dir"), index + 1 < words.count { words[index + 1] = current }
            return words
        }
    }

    /// Splits a POSIX shell command line as the driver writes one: words
    /// separated by spaces, single quotes (`'it'\''s'`), double quotes and
    /// backslashes. Nil for an unterminated quote.
    static func shellWords(_ line: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                while true {
                    guard let next = characters.next() else { return nil }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard var next = characters.next() else { return nil }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = characters.next() else { return nil }
                        if !"\"\\$`".contains(escaped) { word.append("\\") }
                        next = escaped
                    }
                    word.append(next)
                }
            case "\\":
                inWord = true
                guard let escaped = characters.next() else { return nil }
                word.append(escaped)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
