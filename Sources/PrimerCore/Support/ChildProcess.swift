import Foundation

/// Runs a program with its output sent to files, optionally in a process
/// group of its own so that a timeout stops it and everything it started.
enum ChildProcess {
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Stopped by `shouldStop`.
        case stopped
    }

    /// Runs `executable` and waits, calling `shouldStop` every few
    /// milliseconds; when it returns true the whole group is killed.
    static func run(
        _ executable: String,
        arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        standardOutput: String,
        standardError: String,
        ownProcessGroup: Bool = false,
        shouldStop: () -> Bool = { false }
    ) throws -> Termination {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if ownProcessGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for string in argv + envp { free(string) }
        }
        var pid: pid_t = 0
        let spawnError = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawnError == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(spawnError)))"])
        }

        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { break }
            if shouldStop() {
                // Foundation's Process starts children in process groups of
                // their own, so the group alone would miss them.
                let descendants = Self.descendants(of: pid)
                kill(ownProcessGroup ? -pid : pid, SIGKILL)
                for descendant in descendants { kill(descendant, SIGKILL) }
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return .stopped
            }
            usleep(2_000)
        }
        // WIFEXITED / WTERMSIG are C macros that Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// Every process below `root`, read from `/proc`; its members are
    /// stopped as they are found so none can start another unseen.
    static func descendants(of root: pid_t) -> [pid_t] {
        var found: [pid_t] = []
        var frontier: Set<pid_t> = [root]
        while !frontier.isEmpty {
            var next: Set<pid_t> = []
            for (pid, parent) in processParents() where frontier.contains(parent) && !found.contains(pid) {
                kill(pid, SIGSTOP)
                found.append(pid)
                next.insert(pid)
            }
            frontier = next
        }
        return found
    }

    /// Each process's parent, from the fourth field of `/proc/PID/stat`.
    private static func processParents() -> [(pid_t, pid_t)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> (pid_t, pid_t)? in
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let afterName = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: afterName)...].split(separator: " ")
            guard fields.count > 1, let parent = pid_t(fields[1]) else { return nil }
            return (pid, parent)
        }
    }
}
