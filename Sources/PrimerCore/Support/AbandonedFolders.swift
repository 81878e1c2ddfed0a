import Foundation

/// Temporary folders named after the build that made them, so that a later
/// build can tell those of builds that were killed from those of builds
/// still running, and remove only the first.
///
/// A name is `<prefix><pid>-<random>…`: `primer-run-4242-1A2B3C4D` in the
/// system's temporary folder, `.docs.primer-4242-…` beside the output.
enum AbandonedFolders {
    /// A new name for this process's folder.
    static func name(prefix: String) -> String {
        "\(prefix)\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    /// Removes the folders in `parent` whose names start with `prefix` and
    /// whose build is no longer running.
    static func remove(in parent: URL, prefix: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap { pid_t($0) }
            if let pid, pid != getpid(), !ChildProcess.isRunning(pid) {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
            }
        }
    }
}
