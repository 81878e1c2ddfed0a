import AllocationCounter
import PrimerKit

/// The 10-layer experiment of the sigmoid and tanh lessons, as
/// `Content/_code/VanishingGradients.swift` runs it for one seed: a
/// network of 10 dense layers 64 → 64 built from the seed (weights, zero
/// biases), a 256 × 64 standard-normal batch and targets, one forward and
/// one backward pass, then every layer's gradient norms and mean
/// derivative. Returns a number that depends on all of it.
func depthExperiment(_ activation: Activation, seed: UInt64) -> Double {
    let (depth, width, batch) = (10, 64, 256)
    var generator = SeededGenerator(seed: seed)
    var network = Network(
        sizes: [Int](repeating: width, count: depth + 1), activation: activation, outputActivation: nil,
        weights: .xavierUniform, bias: .zeros, using: &generator)
    let count = batch * width
    let inputs = Matrix(rows: batch, columns: width, elements: generator.normal(count: count))
    let targets = Matrix(rows: batch, columns: width, elements: generator.normal(count: count))
    let output = network.forward(inputs, mode: .training)
    network.backward((1 / Double(batch)) * (output - targets))
    var total = 0.0
    for (index, layer) in network.layers.enumerated() {
        guard let dense = layer as? Dense else { continue }
        total += dense.weights.gradient.norm + dense.preActivationGradient.norm
        if index < network.layers.count - 1 {
            total += dense.preActivation.applyingDerivative(of: activation).mean
        }
    }
    return total
}

/// What one run of `body` costs in memory, averaged over `runs` runs after
/// one untimed run: calls to malloc and its relatives, the bytes they
/// asked for, and minor page faults (fresh pages mapped on first touch).
struct MemoryCounts {
    var allocations: Double
    var bytes: Double
    var pageFaults: Double

    static func measure(runs: Int, _ body: () -> Void) -> MemoryCounts {
        body()
        let (allocations, bytes, faults) = (allocation_count(), allocated_bytes(), minor_page_faults())
        for _ in 0..<runs { body() }
        let n = Double(runs)
        return MemoryCounts(
            allocations: Double(allocation_count() - allocations) / n, bytes: Double(allocated_bytes() - bytes) / n,
            pageFaults: Double(minor_page_faults() - faults) / n)
    }
}
