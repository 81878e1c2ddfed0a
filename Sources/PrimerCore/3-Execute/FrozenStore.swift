import Foundation

/// Frozen results: each lesson's outputs, kept in `Content/_freeze/` (one
/// JSON file per lesson, committed) so that a build re-executes a lesson
/// only when something that can change its results changed.
///
/// Like Quarto's `freeze: auto`, but the key also covers the lesson kit and
/// every file the lesson read, so a changed data file is never missed.
struct FrozenStore {
    static let folderName = "_freeze"

    let contentFolder: URL
    /// The content folder as the user named it, for messages.
    let displayPath: String

    var folder: URL { contentFolder.appendingPathComponent(Self.folderName) }

    func url(forLesson path: String) -> URL {
        folder.appendingPathComponent(String(path.dropLast(".md".count)) + ".json")
    }

    func displayPath(forLesson path: String) -> String {
        "\(displayPath)/\(Self.folderName)/\(path.dropLast(".md".count)).json"
    }

    func load(lesson path: String) -> LessonResults? {
        guard let data = try? Data(contentsOf: url(forLesson: path)) else { return nil }
        return try? JSONDecoder().decode(LessonResults.self, from: data)
    }

    /// Why `results` cannot be used for a lesson whose key is now `key`;
    /// nil when they are up to date.
    func staleness(of results: LessonResults?, key: String) -> String? {
        guard let results else { return "it has no frozen results" }
        if results.key != key { return "its code or the lesson kit changed" }
        for (path, hash) in results.files.sorted(by: { $0.key < $1.key }) {
            let absolute = path.hasPrefix("/") ? path : contentFolder.appendingPathComponent(path).path
            if Self.hashFile(atPath: absolute) != hash {
                return "\(path.hasPrefix("/") ? path : "\(displayPath)/\(path)"), which it reads, changed"
            }
        }
        return nil
    }

    /// The file's bytes as the store keeps them: deterministic, diffable JSON.
    static func encode(_ results: LessonResults) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(results)) ?? Data()) + [0x0A]
    }

    /// Writes the results of the lessons that ran and deletes the files of
    /// lessons that no longer have code; each file is replaced atomically.
    func update(writing results: [LessonResults], keeping lessons: Set<String>) throws(BuildFailure) {
        do {
            for result in results {
                let url = url(forLesson: result.lesson)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(Self.encode(result)).write(to: url, options: .atomic)
            }
        } catch {
            throw BuildFailure(Diagnostic(
                at: SourceLocation(file: "\(displayPath)/\(Self.folderName)"), id: "freeze.write",
                "cannot write frozen results: \(error.localizedDescription)"))
        }
        prune(keeping: lessons)
    }

    private func prune(keeping lessons: Set<String>) {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return }
        let base = folder.standardizedFileURL.path
        for case let url as URL in enumerator where url.pathExtension == "json" {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            if !lessons.contains(String(relative.dropLast(".json".count)) + ".md") {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }

    /// A path relative to the content folder when inside it, else absolute.
    static func storedPath(_ path: String, contentFolder: URL) -> String {
        let base = contentFolder.standardizedFileURL.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    static func hashFile(atPath path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "missing" }
        return SHA256.hash(Array(data))
    }
}
