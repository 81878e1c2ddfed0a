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

    /// The names of the folders in `parent` whose names start with
    /// `prefix` and whose build is no longer running.
    static func abandoned(in parent: URL, prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        return names.filter { name in
            guard name.hasPrefix(prefix), let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ pid_t($0) })
            else { return false }
            return pid != getpid() && !ChildProcess.isRunning(pid)
        }
    }

    /// Removes the folders in `parent` whose names start with `prefix` and
    /// whose build is no longer running.
    static func remove(in parent: URL, prefix: String) {
        for name in abandoned(in: parent, prefix: prefix) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
