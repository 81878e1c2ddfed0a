import Foundation

/// The commands `swiftc` runs to compile and link a lesson program, asked
/// of the driver once (`swiftc -###`) and then run directly for every
/// lesson: the driver's own start costs about 0.11 s a lesson (it is a large
/// Swift program that plans the same three steps every time), a third of
/// compiling one.
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
            (["primer-compile-plan-v1", Toolchain.stamp, sourceName, executableName] + arguments).joined(separator: "\n")
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
            let plan = CompilePlan(driverOutput: text, folder: folder.path)
        else { return nil }
        if let data = try? JSONEncoder().encode(plan) {
            try? FileManager.default.createDirectory(at: stored.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? data.write(to: stored, options: .atomic)
        }
        return plan
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
