import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Calls back when files under some folders change, once a burst of
/// changes has settled: an editor's save (write to a temporary file,
/// rename over the old one) or a `git checkout` of many files is one call.
///
/// It uses inotify: the kernel queues the changes, and the thread waiting
/// for them costs nothing while nothing changes. Every folder below the
/// watched ones is watched, folders created later too. Hidden names
/// (`.swp` files, `.git`) and names ending in `~` are not changes, nor is
/// anything under `ignoring` (the frozen results, which builds write).
final class FileWatcher: @unchecked Sendable {
    /// How long the files must stay quiet before the callback, and the
    /// longest a steady stream of changes can delay it.
    static let quiet: Duration = .milliseconds(25)
    static let longest: Duration = .milliseconds(400)

    private let descriptor: Int32
    private var folders: [Int32: String] = [:]
    private let ignoring: [String]
    private let onChange: @Sendable ([String]) -> Void
    private var thread: Thread?
    private let stopPipe: (read: Int32, write: Int32)

    /// Watches `roots`; `onChange` gets the paths that changed, on the
    /// watcher's own thread, one call at a time.
    init(roots: [URL], ignoring: [URL], onChange: @escaping @Sendable ([String]) -> Void) throws {
        descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard descriptor >= 0 else { throw WatchError("cannot watch files: inotify_init1 failed (errno \(errno))") }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw WatchError("cannot watch files: pipe failed (errno \(errno))") }
        stopPipe = (pipeEnds[0], pipeEnds[1])
        self.ignoring = ignoring.map { $0.standardizedFileURL.path }
        self.onChange = onChange
        for root in roots { try addTree(root.standardizedFileURL.path) }
    }

    deinit {
        close(descriptor)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    struct WatchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static let mask = UInt32(
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB)

    private func addTree(_ path: String) throws {
        guard !isIgnored(path) else { return }
        let watch = inotify_add_watch(descriptor, path, Self.mask | UInt32(IN_ONLYDIR))
        guard watch >= 0 else {
            if errno == ENOTDIR || errno == ENOENT { return }
            throw WatchError("cannot watch \(path): inotify_add_watch failed (errno \(errno); see fs.inotify.max_user_watches)")
        }
        folders[watch] = path
        let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for child in children where !Self.isHiddenOrBackup(child) {
            var isFolder: ObjCBool = false
            let childPath = path + "/" + child
            if FileManager.default.fileExists(atPath: childPath, isDirectory: &isFolder), isFolder.boolValue {
                try addTree(childPath)
            }
        }
    }

    private func isIgnored(_ path: String) -> Bool {
        ignoring.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    private static func isHiddenOrBackup(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "primer-watch"
        self.thread = thread
        thread.start()
    }

    /// Ends the watcher's thread (after a callback in progress returns).
    func stop() {
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
    }

    private func run() {
        var changed: [String] = []
        var firstChange: ContinuousClock.Instant?
        var lastChange = ContinuousClock.now
        let clock = ContinuousClock()
        while true {
            var timeout: Int32 = -1
            if let first = firstChange {
                let due = min(lastChange + Self.quiet, first + Self.longest)
                let left = clock.now.duration(to: due)
                timeout = max(0, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            }
            var polled = [
                pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&polled, 2, timeout)
            if ready < 0 && errno == EINTR { continue }
            if polled[1].revents != 0 { return }
            if ready > 0, polled[0].revents != 0 {
                let paths = readEvents()
                if !paths.isEmpty {
                    changed += paths
                    lastChange = clock.now
                    if firstChange == nil { firstChange = lastChange }
                }
                continue
            }
            if firstChange != nil {
                let batch = changed
                changed = []
                firstChange = nil
                onChange(batch)
            }
        }
    }

    /// The changed paths in the events the kernel has queued.
    private func readEvents() -> [String] {
        var paths: [String] = []
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, size)
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size)
                let name = event.len > 0 ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    paths.append("")  // events were lost: something changed
                    continue
                }
                guard let folder = folders[event.wd] else { continue }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    folders[event.wd] = nil
                    continue
                }
                if Self.isHiddenOrBackup(name) { continue }
                let path = name.isEmpty ? folder : folder + "/" + name
                if isIgnored(path) { continue }
                if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    try? addTree(path)
                }
                paths.append(path)
            }
        }
        return paths
    }
}
