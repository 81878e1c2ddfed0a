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

    /// `transform` of every item, all at once, each on a thread of its own,
    /// in the items' order: for items that each wait on a child process
    /// which spreads over the cores itself, where `map`'s one thread a
    /// core would start the third process only when one of two ends.
    static func mapAtOnce<Item, Result>(_ items: [Item], _ transform: @escaping (Item) -> Result) -> [Result] {
        // Each thread reads one item, and writes one result; `transform` must be safe to call from several threads at once.
        nonisolated(unsafe) let transform = transform
        let results = Results<Result>(count: items.count)
        let group = DispatchGroup()
        for (index, item) in items.enumerated() {
            nonisolated(unsafe) let item = item
            group.enter()
            Thread {
                results.set(index, transform(item))
                group.leave()
            }.start()
        }
        group.wait()
        return results.values
    }

    /// `first()` and `second()` side by side: `second` on a thread of its
    /// own while `first` runs on this one. Each must be safe to run beside
    /// the other.
    static func both<First, Second>(_ first: () -> First, _ second: @escaping () -> Second) -> (First, Second) {
        nonisolated(unsafe) let second = second
        let result = Results<Second>(count: 1)
        let done = DispatchSemaphore(value: 0)
        Thread {
            result.set(0, second())
            done.signal()
        }.start()
        let firstResult = first()
        done.wait()
        return (firstResult, result.values[0])
    }

    /// Results written by several threads, each to its own index.
    private final class Results<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Value?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }
        var values: [Value] { lock.withLock { slots.map { $0! } } }
    }
}
