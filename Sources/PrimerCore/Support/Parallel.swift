import Foundation

/// Work spread over every core.
enum Parallel {
    /// `transform` of every item, computed on every core, in the items'
    /// order. `transform` must be safe to call from several threads at once.
    static func map<Item, Result>(_ items: [Item], _ transform: (Item) -> Result) -> [Result] {
        withoutActuallyEscaping(transform) { transform in
            // Each item is read, and each result written, by one thread only.
            nonisolated(unsafe) let items = items
            nonisolated(unsafe) let transform = transform
            let lock = NSLock()
            nonisolated(unsafe) var results: [Result?] = Array(repeating: nil, count: items.count)
            nonisolated(unsafe) var next = 0
            let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
            DispatchQueue.concurrentPerform(iterations: max(workers, 1)) { _ in
                while true {
                    let index: Int? = lock.withLock {
                        defer { next += 1 }
                        return next < items.count ? next : nil
                    }
                    guard let index else { return }
                    let result = transform(items[index])
                    lock.withLock { results[index] = result }
                }
            }
            return results.map { $0! }
        }
    }
}
