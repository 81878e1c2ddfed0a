import Foundation
import Testing

@testable import PrimerKit

/// The layers write each pass over the matrices of the last one; these
/// tests hold them to doing so without any matrix a lesson holds changing.
@Suite("Layers reuse their workspaces")
struct WorkspaceTests {
    static func network(seed: UInt64) -> (Network, Matrix, Matrix) {
        var generator = SeededGenerator(seed: seed)
        let network = Network([
            Dense(inputs: 5, outputs: 16, activation: .tanh, weights: .xavierUniform, using: &generator),
            BatchNormalization(features: 16),
            Dense(inputs: 16, outputs: 16, activation: .relu, weights: .heNormal, using: &generator),
            Dense(inputs: 16, outputs: 3, activation: nil, weights: .xavierUniform, using: &generator),
        ])
        let x = Matrix(rows: 20, columns: 5, elements: generator.normal(count: 100))
        let y = Matrix(rows: 20, columns: 3, elements: generator.normal(count: 60))
        return (network, x, y)
    }

    /// Where each of a matrix's elements are.
    static func address(_ matrix: Matrix) -> UnsafeRawPointer? {
        matrix.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    static func addresses(_ network: Network) -> [UnsafeRawPointer?] {
        network.layers.flatMap { layer -> [UnsafeRawPointer?] in
            var matrices = [layer.output, layer.inputGradient]
            if let dense = layer as? Dense {
                matrices += [dense.preActivation, dense.preActivationGradient, dense.weights.gradient, dense.bias.gradient]
            }
            return matrices.map(address)
        }
    }

    @Test("a training step writes over the matrices of the last step")
    func inPlace() {
        var (network, x, y) = Self.network(seed: 1)
        var optimizer = Adam(learningRate: 0.01)
        for _ in 0..<2 { network.train(on: x, targets: y, loss: .meanSquaredError, optimizer: &optimizer) }
        let before = Self.addresses(network)
        for _ in 0..<3 { network.train(on: x, targets: y, loss: .meanSquaredError, optimizer: &optimizer) }
        #expect(Self.addresses(network) == before)
        #expect(!before.contains(nil))
    }

    @Test("matrices read from a network keep their values while it trains")
    func heldMatrices() {
        var (network, x, y) = Self.network(seed: 2)
        var optimizer = SGD(learningRate: 0.1)
        let output = network.forward(x)
        network.backward(output - y)
        let dense = network.layers[0] as! Dense
        let held = [output, dense.input, dense.preActivation, dense.output, dense.preActivationGradient, dense.weights.gradient]
        let snapshots = held.map { Matrix(rows: $0.rows, columns: $0.columns, elements: $0.elements.map { $0 }) }
        for _ in 0..<3 { network.train(on: 2 * x, targets: y, loss: .meanSquaredError, optimizer: &optimizer) }
        #expect(held == snapshots)
        #expect((network.layers[0] as! Dense).preActivation != snapshots[2])
    }

    @Test("copies of a network train independently and reach the same numbers")
    func copies() {
        let (original, x, y) = Self.network(seed: 3)
        var a = original
        var b = original
        var optimizerA = Momentum(learningRate: 0.05)
        var optimizerB = Momentum(learningRate: 0.05)
        let untouched = original.layers.map(\.output)
        var lossesA: [Double] = []
        var lossesB: [Double] = []
        for _ in 0..<4 { lossesA.append(a.train(on: x, targets: y, loss: .meanSquaredError, optimizer: &optimizerA)) }
        #expect(original.layers.map(\.output) == untouched)
        for _ in 0..<4 { lossesB.append(b.train(on: x, targets: y, loss: .meanSquaredError, optimizer: &optimizerB)) }
        #expect(lossesA == lossesB)
        #expect(a.layers.map(\.output) == b.layers.map(\.output))
        #expect(a.predict(x) == b.predict(x))
    }

    @Test("batches of changing sizes give the numbers of matrices made anew at every step")
    func changingBatches() {
        var (reused, x, y) = Self.network(seed: 4)
        var fresh = reused
        var optimizerA = Adagrad(learningRate: 0.05)
        var optimizerB = Adagrad(learningRate: 0.05)
        for rows in [20, 7, 20, 2, 13] {
            let input = Matrix(rows: rows, columns: 5) { i, j in x[i, j] }
            let target = Matrix(rows: rows, columns: 3) { i, j in y[i, j] }
            let a = reused.train(on: input, targets: target, loss: .meanSquaredError, optimizer: &optimizerA)
            // A copy kept alive shares every workspace, so the step writes
            // all of its matrices into new storage.
            let keep = fresh
            let b = fresh.train(on: input, targets: target, loss: .meanSquaredError, optimizer: &optimizerB)
            #expect(a.bitPattern == b.bitPattern, "batch of \(rows)")
            #expect(keep.layers.count == fresh.layers.count)
        }
        for (a, b) in zip(reused.layers, fresh.layers) {
            #expect(a.output == b.output && a.inputGradient == b.inputGradient)
            for (p, q) in zip(a.parameters, b.parameters) { #expect(p.value == q.value && p.gradient == q.gradient) }
        }
    }

    @Test("storage a lesson holds is not handed to the next network")
    func pool() {
        var generator = SeededGenerator(seed: 5)
        let x = Matrix(rows: 32, columns: 8, elements: generator.normal(count: 256))
        var kept: [Matrix] = []
        for seed: UInt64 in 0..<3 {
            var network = Network(sizes: [8, 8, 8], activation: .sigmoid, weights: .xavierUniform, using: &generator)
            _ = seed
            let output = network.forward(x)
            network.backward(output)
            kept.append(network.layers[0].output)
        }
        let snapshots = kept.map { $0.elements.map { $0 } }
        for _ in 0..<3 {
            var network = Network(sizes: [8, 8, 8], activation: .sigmoid, weights: .xavierUniform, using: &generator)
            network.backward(network.forward(x))
        }
        #expect(kept.map(\.elements) == snapshots)
        // (Tested outside #expect, which keeps a copy of what it is shown.)
        var shared = kept[0].elements
        let sharedIsUnique = LargeArray.isUniquelyReferenced(&shared)
        var alone = (0..<2).map(Double.init)
        let aloneIsUnique = LargeArray.isUniquelyReferenced(&alone)
        #expect(!sharedIsUnique && aloneIsUnique)
    }

    @Test("a large temporary comes from the heap, which keeps freed memory, not from a fresh mapping")
    func temporariesComeFromTheHeap() {
        // 24 MB: above glibc's own first threshold (128 KiB), below the one the kit sets.
        let x = [Double](repeating: 0.5, count: 3_000_000)
        var result = 1 - x
        // glibc's chunk header, just before the block malloc returned (the
        // array's storage object): bit 1 of the size word is IS_MMAPPED.
        // A mapped block is unmapped when freed, and the next one faults in
        // fresh pages (750 faults for ten of these without the setting).
        let sizeWord = withUnsafeBytes(of: &result) { $0.load(as: UnsafeRawPointer.self) }.load(fromByteOffset: -8, as: UInt64.self)
        #expect(sizeWord & 0b10 == 0)
        #expect(sizeWord & ~0b111 >= 24_000_000)
        #expect(result[7] == 0.5)
    }
}
