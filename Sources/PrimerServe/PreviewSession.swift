import Foundation
import PrimerCore

/// `primer serve`'s loop: build the site into the preview folder, and build
/// again when the content or the kit changes, telling the browsers what
/// each build changed.
///
/// A build is `primer build` itself (`SiteGenerator.build`) with the
/// preview folder as its output: incremental, executing only lessons whose
/// keys changed, writing the frozen results as `build` does (so the next
/// `primer build` executes nothing), and swapping the new site in whole. A
/// failed build leaves the last good site in place; the browsers get its
/// diagnostics. Builds run one at a time; changes during a build make one
/// more.
public final class PreviewSession: @unchecked Sendable {
    public let generator: SiteGenerator
    public let live: LiveReload
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var builds = 0
    /// The output files of the last good build: their stamps and bytes'
    /// hashes; nil before the first.
    private var files: [String: (stamp: FileStamp, hash: String)]?
    private var watcher: FileWatcher?

    public init(generator: SiteGenerator, live: LiveReload = LiveReload(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.generator = generator
        self.live = live
        self.log = log
    }

    /// The preview folder for a content folder: in the cache, by the
    /// content folder's path, so that `docs/` is never touched.
    public static func previewFolder(content: URL, cache: URL) -> URL {
        let name = SHA256.hash(content.standardizedFileURL.path).prefix(16)
        return cache.appendingPathComponent("previews/\(name)/site")
    }

    /// Builds once, publishes the outcome, and returns its report.
    @discardableResult
    public func build() -> BuildReport {
        lock.lock()
        defer { lock.unlock() }
        builds += 1
        let start = ContinuousClock.now
        do {
            let summary = try generator.build()
            let isFirst = files == nil
            let (changed, everything) = changedFiles()
            let report = BuildReport(build: builds, failure: nil, changedPages: changed)
            live.publish(report, everything: everything)
            let pages = changed.count == 1 ? changed[0].dropFirst() : "\(changed.count) pages"
            let outcome =
                isFirst
                ? "\(summary.pageCount) pages"
                : changed.isEmpty ? "nothing changed" : "\(pages) changed" + (everything ? ", every page reloads" : "")
            log("Built in \(Self.seconds(since: start)) s (\(summary.executedCount) executed): \(outcome)")
            return report
        } catch {
            let report = BuildReport(build: builds, failure: error, changedPages: [])
            live.publish(report)
            let errors = error.diagnostics.filter { $0.severity == .error }.count
            log(error.description)
            log("\(errors) error\(errors == 1 ? "" : "s") in \(Self.seconds(since: start)) s; the preview shows the last good build")
            return report
        }
    }

    /// Builds again whenever files under the content folder (but its frozen
    /// results) or `also` change.
    public func watch(also extra: [URL] = []) throws {
        let content = generator.locations.content
        let watcher = try FileWatcher(
            roots: [content] + extra, ignoring: [content.appendingPathComponent("_freeze")]
        ) { [weak self] _ in
            self?.build()
        }
        self.watcher = watcher
        watcher.start()
    }

    public func stop() {
        watcher?.stop()
    }

    private static func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = start.duration(to: .now)
        return String(format: "%.3f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// The pages (`/en/a.html`) whose bytes differ from the last good
    /// build's, and whether another file did (a style sheet: every page
    /// shows it; not the search index, which pages load only to search),
    /// or there was no good build before (a page opened then
    /// shows an error). A file kept as it was (hard-linked by the build)
    /// has its old stamp and is not read.
    private func changedFiles() -> (pages: [String], everything: Bool) {
        let root = generator.locations.output.standardizedFileURL.path
        var now: [String: (stamp: FileStamp, hash: String)] = [:]
        var changed: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                let stamp = FileStamp(path: path)
            else { continue }
            if let old = files?[relative], old.stamp == stamp {
                now[relative] = old
                continue
            }
            let hash = SHA256.hash([UInt8](FileManager.default.contents(atPath: path) ?? Data()))
            now[relative] = (stamp, hash)
            if files?[relative]?.hash != hash { changed.append(relative) }
        }
        defer { files = now }
        guard let files else { return ([], true) }
        changed += files.keys.filter { now[$0] == nil }
        let pages = changed.filter { $0.hasSuffix(".html") }.map { "/" + $0 }.sorted()
        let others = changed.filter { !$0.hasSuffix(".html") && !$0.hasPrefix(SearchIndex.folder) }
        return (pages, !others.isEmpty)
    }
}
