import Foundation

/// The storage of layers' workspaces that no layer uses any more, kept for
/// the next layers of the same sizes.
///
/// A lesson's experiment builds a new network for every seed (the depth
/// experiment of the sigmoid and tanh lessons: 10 layers, one forward and
/// one backward pass). Each network writes about 6 MB of activations and
/// gradients; handed back to the C library when it ends, that memory is
/// returned to the system, and the next network pays a page fault for
/// every 4 KiB of it again: half of the experiment's time. Kept here, the
/// next network writes over it instead.
///
/// Only storage that nothing else references is kept (a lesson holding a
/// layer's output keeps its own values), at most `capacity` bytes; every
/// user writes over all of an array before reading it, so what was in it
/// before never reaches a result.
final class WorkspacePool: @unchecked Sendable {
    static let shared = WorkspacePool()

    /// 64 MiB: ten times the depth experiment's networks.
    let capacity = 64 << 20
    private let lock = NSLock()
    /// The kept arrays by their element count; a network has few sizes.
    /// (An array, not a dictionary: the dictionary's in-place accessors
    /// allocate.)
    private var buckets: [Bucket] = []
    private var bytes = 0

    private struct Bucket {
        var count: Int
        var arrays: [[Double]]
    }

    /// Keeps `array` for a later `take(count:)` if nothing else references
    /// it and there is room; leaves `array` empty.
    func recycle(_ array: inout [Double]) {
        var kept: [Double] = []
        swap(&kept, &array)
        let size = kept.count * MemoryLayout<Double>.stride
        guard size > 0, LargeArray.isUniquelyReferenced(&kept) else { return }
        lock.lock()
        defer { lock.unlock() }
        guard bytes + size <= capacity else { return }
        bytes += size
        if let index = buckets.firstIndex(where: { $0.count == kept.count }) {
            buckets[index].arrays.append(kept)
        } else {
            buckets.append(Bucket(count: kept.count, arrays: [kept]))
        }
    }

    /// A kept array of `count` elements, with unspecified contents.
    func take(count: Int) -> [Double]? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = buckets.firstIndex(where: { $0.count == count }),
            let array = buckets[index].arrays.popLast()
        else { return nil }
        bytes -= count * MemoryLayout<Double>.stride
        return array
    }
}
