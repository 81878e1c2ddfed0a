import CFileSystem
import Foundation

/// The write stage: puts a generated site into the output folder atomically.
///
/// The site is written into a temporary folder beside the output folder and
/// then swapped in with one `renameat2(RENAME_EXCHANGE)`: a reader, a second
/// build or a crash sees either the old site or the new one, never a mix. A
/// failed write removes the temporary folder and leaves the old site as it was.
struct SiteWriter {
    /// Marks a folder as Primer's output, so that Primer only ever replaces
    /// or deletes folders it wrote itself (or empty ones).
    static let marker = ".nojekyll"

    let outputDirectory: URL
    /// The output folder as the user named it, used in diagnostics.
    let displayPath: String
    /// Called after each file is written; tests throw from it to simulate a
    /// failure in the middle of a build.
    var afterWritingFile: (@Sendable (_ path: String) throws -> Void)?
    /// Called after the frozen results are swapped in and before the site
    /// is; tests throw from it to check that the results are swapped back.
    var beforeReplacingSite: (@Sendable () throws -> Void)?

    /// Writes `site`, and swaps in `store` (the frozen results of this
    /// build) with it: the site and the results change together or not at all.
    ///
    /// `afterwards` runs once the new site is in place, while the old one
    /// is deleted beside it (at 200 lessons, deleting 439 files takes as
    /// long as the build memory takes to save).
    func write(_ site: GeneratedSite, with store: StagedStore? = nil, afterwards: () -> Void = {}) throws(BuildFailure) {
        // Afterwards the staging folder holds the old results, or the new
        // ones if the site could not be written: either way it goes.
        defer { if let store { try? FileManager.default.removeItem(at: store.staging) } }
        try checkDestination()
        let fileManager = FileManager.default
        let parent = outputDirectory.deletingLastPathComponent()
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot create the folder that holds the output", error)
        }
        AbandonedFolders.remove(in: parent, prefix: temporaryPrefix)
        let temporary = parent.appendingPathComponent(AbandonedFolders.name(prefix: temporaryPrefix))
        // Until the swap it holds the new site, then the old one.
        var siteSwapped = false
        defer {
            if siteSwapped {
                _ = Parallel.both(afterwards) { try? FileManager.default.removeItem(at: temporary) }
            } else {
                try? fileManager.removeItem(at: temporary)
            }
        }
        do {
            try fileManager.createDirectory(at: temporary, withIntermediateDirectories: false)
            var folders: Set<Substring> = [""]
            for path in site.paths {
                // Paths as strings: URLs cost a tenth of a rebuild's writing at 200 lessons.
                let file = temporary.path + "/" + path
                let folder = path[..<(path.lastIndex(of: "/") ?? path.startIndex)]
                if folders.insert(folder).inserted {
                    try fileManager.createDirectory(atPath: temporary.path + "/" + folder, withIntermediateDirectories: true)
                }
                if let bytes = site.files[path] {
                    try Self.createFile(file, bytes)
                } else if let existing = site.reused[path], link(existing, file) != 0 {
                    // A page not rendered again is the file the last build
                    // wrote, linked (the old folder goes, the file stays).
                    try fileManager.copyItem(atPath: existing, toPath: file)
                }
                try afterWritingFile?(path)
            }
            // The new site is on disk before it replaces the old one: a
            // power cut never swaps in files the disk does not have yet.
            guard primer_sync_file_system(temporary.path) == 0 else {
                throw failure("cannot write the new site", errno: errno)
            }
        } catch let failure as BuildFailure {
            throw failure
        } catch {
            throw failure("cannot write the new site", error)
        }
        guard let store else {
            try swapIn(temporary)
            siteSwapped = true
            return
        }
        let hadStore = fileManager.fileExists(atPath: store.destination.path)
        let swapped =
            hadStore
            ? primer_exchange_paths(store.staging.path, store.destination.path) == 0
            : rename(store.staging.path, store.destination.path) == 0
        guard swapped else {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: store.displayPath), id: "freeze.write",
                    "cannot replace the frozen results: \(String(cString: strerror(errno)))",
                    notes: ["the previous site and frozen results were left as they were"]))
        }
        do {
            try beforeReplacingSite?()
            try swapIn(temporary)
            siteSwapped = true
        } catch {
            // Put the previous results back: they belong to the previous site.
            if hadStore {
                _ = primer_exchange_paths(store.staging.path, store.destination.path)
            } else {
                _ = rename(store.destination.path, store.staging.path)
            }
            if let failure = error as? BuildFailure { throw failure }
            throw failure("cannot replace the output folder", error)
        }
    }

    /// Deletes the output folder, if it is one that Primer wrote.
    func clean() throws(BuildFailure) {
        guard FileManager.default.fileExists(atPath: outputDirectory.path) else { return }
        try checkDestination()
        do {
            try FileManager.default.removeItem(at: outputDirectory)
        } catch {
            throw failure("cannot delete the output folder", error)
        }
    }

    /// Refuses output paths that are files, unwritable, or folders that
    /// Primer did not write, before any work is done.
    func checkDestination() throws(BuildFailure) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outputDirectory.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw BuildFailure(Diagnostic(at: location, id: "output.not-folder", "output path is a file, not a folder"))
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? []
        if !contents.isEmpty && !contents.contains(Self.marker) {
            throw BuildFailure(
                Diagnostic(
                    at: location, id: "output.foreign",
                    "output folder was not written by Primer; refusing to replace it",
                    notes: ["it has files but no '\(Self.marker)'; choose another --output or empty the folder"]))
        }
        if access(outputDirectory.path, W_OK) != 0 {
            throw BuildFailure(
                Diagnostic(at: location, id: "output.unwritable", "output folder is not writable: \(String(cString: strerror(errno)))"))
        }
    }

    /// Writes a new file (no fsync of its own: the writer syncs the new site
    /// once, whole; Foundation's `Data.write` fsyncs every file).
    private static func createFile(_ path: String, _ bytes: [UInt8]) throws {
        let file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard file >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(file) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(file, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            written += count
        }
    }

    private func swapIn(_ temporary: URL) throws(BuildFailure) {
        if FileManager.default.fileExists(atPath: outputDirectory.path) {
            guard primer_exchange_paths(temporary.path, outputDirectory.path) == 0 else {
                throw failure("cannot replace the output folder", errno: errno)
            }
        } else if rename(temporary.path, outputDirectory.path) != 0 {
            throw failure("cannot create the output folder", errno: errno)
        }
    }

    /// The new site's folder, beside the output folder: `.docs.primer-<pid>-…`.
    private var temporaryPrefix: String { ".\(outputDirectory.lastPathComponent).primer-" }

    private var location: SourceLocation { SourceLocation(file: displayPath) }

    private func failure(_ summary: String, _ error: any Error) -> BuildFailure {
        let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? error.localizedDescription
        return BuildFailure(
            Diagnostic(at: location, id: "output.write", "\(summary): \(reason)", notes: ["the previous site was left as it was"]))
    }

    private func failure(_ summary: String, errno code: Int32) -> BuildFailure {
        BuildFailure(
            Diagnostic(
                at: location, id: "output.write", "\(summary): \(String(cString: strerror(code)))",
                notes: ["the previous site was left as it was"]))
    }
}
