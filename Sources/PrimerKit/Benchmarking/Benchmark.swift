import Foundation
import PrimerFigures

/// Micro-benchmarks for the speed lesson: repeated timed runs, reported as
/// minimum and median, in nanoseconds per element.
///
/// The minimum estimates the cost of the work itself (noise only ever adds
/// time); the median shows what a typical run costs. Each run's result is
/// kept alive in a variable the optimizer cannot see through, so that it
/// cannot delete the work being timed; one untimed run first warms the
/// caches and the memory pages.
public enum Benchmark {
    /// Times `body` applied to `input`, as a lesson would call it:
    /// `Benchmark.measure("sigmoid", over: xs) { Activation.sigmoid($0) }`.
    public static func measure<Result>(
        _ name: String, over input: [Double], repetitions: Int = 20, _ body: ([Double]) -> Result
    ) -> BenchmarkResult {
        measure(name, elements: input.count, repetitions: repetitions) { body(input) }
    }

    /// Times a kernel that writes its results into a buffer allocated
    /// once, which leaves the cost of allocating (and, for large arrays,
    /// of the kernel mapping fresh pages) out of the measurement.
    ///
    /// Both buffers are aligned to 2 MiB and, on Linux, marked for
    /// transparent huge pages, as NumPy does for its arrays: then a
    /// comparison with NumPy measures arithmetic, not TLB misses.
    public static func measure(
        _ name: String, over input: [Double], repetitions: Int = 20,
        into body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> BenchmarkResult {
        let source = AlignedBuffer(copying: input)
        let target = AlignedBuffer(count: input.count)
        defer {
            source.deallocate()
            target.deallocate()
        }
        return measure(name, elements: input.count, repetitions: repetitions) {
            body(UnsafeBufferPointer(source.buffer), target.buffer)
            return target.buffer.first
        }
    }

    /// Times any work, reported per element of `elements`.
    public static func measure<Result>(
        _ name: String, elements: Int = 1, repetitions: Int = 20, _ body: () -> Result
    ) -> BenchmarkResult {
        precondition(repetitions > 0, "at least one repetition")
        keptAlive = body()
        let clock = ContinuousClock()
        var runs: [Double] = []
        runs.reserveCapacity(repetitions)
        for _ in 0..<repetitions {
            let start = clock.now
            let result = body()
            let elapsed = start.duration(to: clock.now)
            keptAlive = result
            let (seconds, attoseconds) = elapsed.components
            runs.append(Double(seconds) * 1e9 + Double(attoseconds) * 1e-9)
        }
        keptAlive = nil
        return BenchmarkResult(name: name, elements: elements, runs: runs)
    }
}

/// Where each run's result goes. Public to the optimizer (it cannot prove
/// that nothing reads it), internal to lessons.
@usableFromInline nonisolated(unsafe) var keptAlive: Any?

/// The timings of one benchmark.
public struct BenchmarkResult: Sendable, Displayable {
    public let name: String
    /// The elements each run processes, for the per-element figures.
    public let elements: Int
    /// Each timed run, in nanoseconds, in the order they ran.
    public let runs: [Double]

    public init(name: String, elements: Int, runs: [Double]) {
        self.name = name
        self.elements = elements
        self.runs = runs
    }

    /// The fastest run, in nanoseconds.
    public var minimum: Double { runs.min() ?? .nan }

    /// The median run, in nanoseconds.
    public var median: Double {
        let sorted = runs.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The fastest run per element.
    public var nanosecondsPerElement: Double { minimum / Double(max(elements, 1)) }

    /// The median run per element.
    public var medianNanosecondsPerElement: Double { median / Double(max(elements, 1)) }

    /// A one-row table; `BenchmarkResult.table(_:)` shows several.
    public var displayOutput: DisplayOutput { Self.table([self]).displayOutput }

    /// Results side by side: elements, and minimum and median time per
    /// element.
    public static func table(_ results: [BenchmarkResult]) -> Table {
        Table(
            columns: [
                .text("benchmark"), .number("elements", format: .significant(3)),
                .number("min ns/element", format: .fixed(3)), .number("median ns/element", format: .fixed(3)),
            ],
            rows: results.map {
                [
                    .text($0.name), .number(Double($0.elements)), .number($0.nanosecondsPerElement),
                    .number($0.medianNanosecondsPerElement),
                ]
            })
    }
}

/// A buffer of Doubles aligned to 2 MiB, on huge pages where the system
/// offers them.
struct AlignedBuffer {
    let buffer: UnsafeMutableBufferPointer<Double>
    private static let alignment = 1 << 21

    init(count: Int) {
        let bytes = max(count * MemoryLayout<Double>.stride, 1)
        let rounded = (bytes + Self.alignment - 1) / Self.alignment * Self.alignment
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: Self.alignment)
        #if os(Linux)
        // Only advice: without transparent huge pages it changes nothing.
        _ = madvise(raw, rounded, MADV_HUGEPAGE)
        #endif
        let typed = raw.initializeMemory(as: Double.self, repeating: 0, count: count)
        buffer = UnsafeMutableBufferPointer(start: typed, count: count)
    }

    init(copying values: [Double]) {
        self.init(count: values.count)
        _ = buffer.initialize(from: values)
    }

    func deallocate() {
        UnsafeMutableRawPointer(buffer.baseAddress)?.deallocate()
    }
}
