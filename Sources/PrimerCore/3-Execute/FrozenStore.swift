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

    /// Where the files are: `_freeze`, or a staging folder.
    private var folderOverride: URL?
    var folder: URL { folderOverride ?? contentFolder.appendingPathComponent(Self.folderName) }

    init(contentFolder: URL, displayPath: String, folderOverride: URL? = nil) {
        self.contentFolder = contentFolder
        self.displayPath = displayPath
        self.folderOverride = folderOverride
    }

    func url(forLesson path: String) -> URL {
        URL(fileURLWithPath: self.path(forLesson: path))
    }

    /// The results file's path, as a string (no URL: this is looked up for
    /// every page of every build).
    func path(forLesson path: String) -> String {
        folder.path + "/" + path.dropLast(".md".count) + ".json"
    }

    func displayPath(forLesson path: String) -> String {
        "\(displayPath)/\(Self.folderName)/\(path.dropLast(".md".count)).json"
    }

    /// The lesson's frozen results; nil when it has none. A file that
    /// cannot be read or decoded is an error naming it: treating it as
    /// "no results" would hide a bad merge or a truncated commit.
    func load(lesson path: String) throws(BuildFailure) -> LessonResults? {
        let url = url(forLesson: path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let results = try JSONDecoder().decode(LessonResults.self, from: Data(contentsOf: url))
            guard results.lesson == path else {
                throw CocoaError(.coderInvalidValue, userInfo: [NSDebugDescriptionErrorKey: "it holds the results of \(results.lesson)"])
            }
            return results
        } catch {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: displayPath(forLesson: path)), id: "freeze.unreadable",
                    "frozen results cannot be read: \(Self.reason(error))",
                    notes: ["delete the file, or run 'primer build --fresh', to execute the lesson again"]))
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
                let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
                let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                return (path.isEmpty ? "" : "at '\(path)': ") + (underlying ?? context.debugDescription)
            @unknown default: break
            }
        }
        return (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
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

    /// The store as it will be after this build: the results of the lessons
    /// that ran written, the files of lessons that no longer have code gone,
    /// everything else kept — in a folder beside the store, for the write
    /// stage to swap in together with the site. Nil when nothing changes.
    func stage(writing results: [LessonResults], keeping lessons: Set<String>) throws(BuildFailure) -> StagedStore? {
        let existing = storedLessons()
        let obsolete = existing.subtracting(lessons)
        guard !results.isEmpty || !obsolete.isEmpty else { return nil }
        let prefix = ".\(Self.folderName).primer-"
        AbandonedFolders.remove(in: contentFolder, prefix: prefix)
        let staging = contentFolder.appendingPathComponent(AbandonedFolders.name(prefix: prefix))
        let staged = FrozenStore(contentFolder: contentFolder, displayPath: displayPath, folderOverride: staging)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            for lesson in existing.intersection(lessons).subtracting(results.map(\.lesson)) {
                let url = staged.url(forLesson: lesson)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Linked, not copied: the kept file stays the very file the
                // build memory knows (and nothing is written for it).
                if link(self.url(forLesson: lesson).path, url.path) != 0 {
                    try FileManager.default.copyItem(at: self.url(forLesson: lesson), to: url)
                }
            }
            for result in results {
                let url = staged.url(forLesson: result.lesson)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(Self.encode(result)).write(to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: "\(displayPath)/\(Self.folderName)"), id: "freeze.write",
                    "cannot write frozen results: \(error.localizedDescription)"))
        }
        return StagedStore(staging: staging, destination: folder, displayPath: "\(displayPath)/\(Self.folderName)")
    }

    /// Lessons that have a results file now.
    private func storedLessons() -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        let base = folder.standardizedFileURL.path
        var lessons: Set<String> = []
        for case let url as URL in enumerator where url.pathExtension == "json" {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            lessons.insert(String(relative.dropLast(".json".count)) + ".md")
        }
        return lessons
    }

    /// A path relative to the content folder; nil when it is outside.
    static func storedPath(_ path: String, contentFolder: URL) -> String? {
        let base = contentFolder.standardizedFileURL.path + "/"
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
    }

    static func hashFile(atPath path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "missing" }
        return SHA256.hash(Array(data))
    }
}

/// A complete new freeze store, written beside the old one, that the write
/// stage swaps in with the site: both change, or neither.
struct StagedStore: Sendable {
    let staging: URL
    let destination: URL
    /// The store as the user names it, for messages.
    let displayPath: String
}
