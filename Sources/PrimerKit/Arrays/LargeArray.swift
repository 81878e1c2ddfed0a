import Foundation

/// Arrays of results, allocated the way NumPy allocates its own, and
/// reused where nothing else holds them.
///
/// The storage is left uninitialized (filling it with zeros first would
/// cost a third of a ReLU), and when it spans several megabytes it is
/// marked for transparent huge pages before anything is written: then
/// the kernel maps 2 MiB at a time instead of 4 KiB, and writing 80 MB
/// of results no longer costs more page faults than a sigmoid costs
/// arithmetic (3.3 against 1.9 ns per element for a ReLU over 10⁷
/// Doubles). NumPy does the same for arrays of 4 MiB and more.
///
/// Memory that is written over instead of allocated costs no page faults
/// at all: the layers' workspaces and the temporaries of array
/// expressions such as `1 / (1 + exp(-x))` are rewritten in place when
/// their storage is not shared (`overwrite`), which is what NumPy's
/// elision of temporaries does.
enum LargeArray {
    private static let hugePage = 1 << 21
    private static let threshold = 1 << 22

    /// An array of `count` Doubles, every one written by `initialize`.
    static func make(count: Int, _ initialize: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        _ = largeBlocksFromTheHeap
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(buffer)
            initialize(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }

    /// glibc gives every block of 128 KiB or more a fresh mapping of its own
    /// and returns it to the system when it is freed, so each temporary of
    /// `s * (1 - s)` over 10⁶ Doubles page-faulted all its 8 MB again: 160,000
    /// page faults and half the time of 200 such expressions. Blocks up to
    /// 32 MiB (glibc's limit for this setting) now come from the heap, and
    /// up to 64 MiB of freed heap is kept for the next one (the process is a
    /// lesson or a benchmark, which ends soon). Set once, before the kit's
    /// first large array.
    ///
    /// `mallopt` is looked up at run time: Swift's Glibc module leaves out
    /// <malloc.h>. Its option numbers are glibc's ABI.
    private static let largeBlocksFromTheHeap: Void = {
        #if os(Linux)
        typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
        let trimThreshold: Int32 = -1
        let mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 64 << 20)
        #endif
    }()

    /// Makes `array` `count` Doubles long, every one written by `body`: in
    /// its own storage when that has the right size and nothing else
    /// references it, else in storage of the `WorkspacePool` or new
    /// storage, leaving any other holder of the old storage with the values
    /// it had.
    @inline(__always)
    static func overwrite(_ array: inout [Double], count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) {
        if array.count != count || !isUniquelyReferenced(&array) {
            var replaced = WorkspacePool.shared.take(count: count) ?? []
            swap(&replaced, &array)
            // Storage of the wrong size that nothing else holds is kept.
            WorkspacePool.shared.recycle(&replaced)
            guard array.count == count else {
                array = make(count: count, body)
                return
            }
        }
        array.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Whether `array` is the only reference to its storage, so that
    /// writing into it copies nothing.
    ///
    /// Array has no public test for this: `withUnsafeMutableBufferPointer`
    /// copies a shared buffer first, which for a result about to be
    /// overwritten is a wasted pass over memory. On Linux an array is one
    /// reference to a native Swift storage object, whose reference count
    /// `isKnownUniquelyReferenced` reads through a stand-in class type
    /// (`StorageProbe`; the count is kept the same way in every native
    /// object). The empty array's shared storage is never unique.
    ///
    /// The answer only chooses between writing in place and allocating:
    /// writing still goes through `withUnsafeMutableBufferPointer`, which
    /// copies a shared buffer, so a wrong answer could only cost time, never
    /// change a value that another holder sees. Elsewhere the answer is
    /// `false`.
    ///
    /// > Note: Not through `AnyObject`: in Swift 6 mode without optimization,
    /// > `isKnownUniquelyReferenced` on an `AnyObject` answers `false` for
    /// > every object.
    @inline(__always)
    static func isUniquelyReferenced(_ array: inout [Double]) -> Bool {
        #if os(Linux)
        guard MemoryLayout<[Double]>.size == MemoryLayout<StorageProbe>.size else { return false }
        return withUnsafeMutablePointer(to: &array) { pointer in
            pointer.withMemoryRebound(to: StorageProbe.self, capacity: 1) { isKnownUniquelyReferenced(&$0.pointee) }
        }
        #else
        return false
        #endif
    }

    /// A native class, as which an array's storage reference is read.
    private final class StorageProbe {}

    /// Advises huge pages for the whole 2 MiB pages inside `buffer`; only
    /// advice, which systems without them ignore.
    private static func adviseHugePages(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if os(Linux)
        guard let base = buffer.baseAddress, buffer.count * MemoryLayout<Double>.stride >= threshold else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = Int(bitPattern: base + buffer.count) & ~(hugePage - 1)
        if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        }
        #endif
    }
}
