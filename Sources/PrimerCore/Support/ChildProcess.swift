import CFileSystem
import Foundation

/// Runs a program with its output sent to files, and leaves nothing of it
/// running afterwards.
///
/// Everything Primer starts is found again by a mark in its environment,
/// which descendants inherit: `PRIMER_PROCESS` (one value a run) for what
/// the run left behind, `PRIMER_BUILD_PID` for what a killed build left.
/// - The child dies with the thread that started it (`PR_SET_PDEATHSIG`,
///   see `primer_spawn`), so killing Primer kills its compilers and lessons.
/// - Primer is the reaper of orphans (`PR_SET_CHILD_SUBREAPER`): what a
///   lesson started in the background, even in a session of its own
///   (`setsid`), becomes Primer's child when the lesson ends, and is killed
///   with the rest of the run's processes once the run is over.
/// - What survived a killed build (a grandchild, which no death signal
///   reaches) is killed by the next build (`stopLeftoversOfDeadBuilds`).
enum ChildProcess {
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Stopped by `shouldStop`.
        case stopped
    }

    static let runMark = "PRIMER_PROCESS"
    static let buildMark = "PRIMER_BUILD_PID"

    /// Makes Primer the reaper of its orphaned descendants, once.
    private static let becameSubreaper: Bool = primer_become_subreaper() == 0

    /// Runs `executable` and waits, calling `shouldStop` every few
    /// milliseconds; when it returns true the program and everything it
    /// started are killed. Either way, what it started and left running is
    /// killed before this returns.
    static func run(
        _ executable: String,
        arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        standardOutput: String,
        standardError: String,
        ownProcessGroup: Bool = false,
        shouldStop: () -> Bool = { false }
    ) throws -> Termination {
        _ = becameSubreaper
        let mark = UUID().uuidString
        var environment = environment
        environment[runMark] = mark
        environment[buildMark] = String(getpid())
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for string in argv + envp { free(string) }
        }
        var spawnError: Int32 = 0
        let pid = primer_spawn(executable, argv, envp, standardOutput, standardError, ownProcessGroup ? 1 : 0, &spawnError)
        guard pid > 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(spawnError)))"])
        }
        defer { stopProcesses(marked: "\(runMark)=\(mark)") }

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

    /// Kills the processes whose environment holds `entry` (`NAME=value`),
    /// and reaps those that became Primer's children.
    static func stopProcesses(marked entry: String) {
        var stopped: [pid_t] = []
        // Stopped as they are found, so none starts another unseen; found
        // again until none is left.
        for _ in 0..<10 {
            let found = processes().filter { !stopped.contains($0.pid) && environment(of: $0.pid).contains(entry) }
            if found.isEmpty { break }
            for process in found { kill(process.pid, SIGSTOP) }
            stopped += found.map(\.pid)
        }
        for pid in stopped { kill(pid, SIGKILL) }
        reap(stopped)
    }

    /// Kills what builds that were killed left running: processes marked
    /// with the pid of a build that no longer exists.
    static func stopLeftoversOfDeadBuilds() {
        let prefix = Array("\(buildMark)=".utf8)
        var dead: Set<String> = []
        for process in processes() {
            for entry in rawEnvironment(of: process.pid) where entry.starts(with: prefix) {
                let value = String(decoding: entry.dropFirst(prefix.count), as: UTF8.self)
                if let pid = pid_t(value), pid != getpid(), !isRunning(pid) { dead.insert(value) }
            }
        }
        for pid in dead { stopProcesses(marked: "\(buildMark)=\(pid)") }
    }

    /// Whether a process with this pid exists.
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Waits for those of `pids` that are, or become, Primer's children (a
    /// killed orphan is reparented to its reaper a moment after its parent dies).
    private static func reap(_ pids: [pid_t]) {
        var waiting = Set(pids)
        for _ in 0..<50 where !waiting.isEmpty {
            let parents = Dictionary(processes().map { ($0.pid, $0.parent) }) { first, _ in first }
            for pid in waiting {
                guard let parent = parents[pid] else {
                    waiting.remove(pid)  // gone: someone else reaped it
                    continue
                }
                var status: Int32 = 0
                if parent == getpid(), waitpid(pid, &status, WNOHANG) == pid { waiting.remove(pid) }
            }
            if !waiting.isEmpty { usleep(2_000) }
        }
    }

    /// Every process below `root`, read from `/proc`; its members are
    /// stopped as they are found so none can start another unseen.
    static func descendants(of root: pid_t) -> [pid_t] {
        var found: [pid_t] = []
        var frontier: Set<pid_t> = [root]
        while !frontier.isEmpty {
            var next: Set<pid_t> = []
            for process in processes() where frontier.contains(process.parent) && !found.contains(process.pid) {
                kill(process.pid, SIGSTOP)
                found.append(process.pid)
                next.insert(process.pid)
            }
            frontier = next
        }
        return found
    }

    /// Each process and its parent, from the fourth field of `/proc/PID/stat`.
    private static func processes() -> [(pid: pid_t, parent: pid_t)] {
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

    /// A process's environment entries (`NAME=value`); empty when it cannot
    /// be read (another user's process, or a zombie).
    private static func environment(of pid: pid_t) -> Set<String> {
        Set(rawEnvironment(of: pid).map { String(decoding: $0, as: UTF8.self) })
    }

    private static func rawEnvironment(of pid: pid_t) -> [ArraySlice<UInt8>] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return [] }
        return Array(data).split(separator: 0)
    }
}
