import Foundation
import Testing

@testable import PrimerKit

/// The bits of everything the network toolkit computes in the lessons'
/// experiments, against fingerprints recorded from the kit before its
/// workspaces were reused: a change of the kit that changes one bit of a
/// lesson's numbers fails here.
///
/// Each scenario folds every Double it produces (outputs, pre-activations,
/// gradients, losses, parameters after training) into a 64-bit FNV-1a hash
/// of their bit patterns, and keeps a few of them readable. To record
/// after a deliberate change of the numerics, run
/// `PRIMER_RECORD_FINGERPRINTS=1 swift test --filter ReproducibilityTests`
/// and paste what it prints into `Reference/NetworkFingerprints.swift`.
@Suite("Network results are reproducible to the bit")
struct ReproducibilityTests {
    @Test("every scenario gives its recorded fingerprint")
    func fingerprints() {
        let computed = Fingerprints.all()
        if ProcessInfo.processInfo.environment["PRIMER_RECORD_FINGERPRINTS"] != nil {
            print(Fingerprints.swiftSource(computed))
        }
        let recorded = Dictionary(uniqueKeysWithValues: NetworkFingerprints.recorded.map { ($0.name, $0) })
        #expect(computed.count == NetworkFingerprints.recorded.count)
        for fingerprint in computed {
            guard let expected = recorded[fingerprint.name] else {
                Issue.record("no recorded fingerprint for \(fingerprint.name)")
                continue
            }
            #expect(fingerprint.hash == expected.hash, "\(fingerprint.name): \(fingerprint.count) numbers")
            #expect(fingerprint.count == expected.count, "\(fingerprint.name)")
            #expect(fingerprint.samples == expected.samples, "\(fingerprint.name)")
        }
    }
}

/// One scenario's numbers: their count, the FNV-1a hash of their bits and
/// a few of them, as hexadecimal literals.
struct Fingerprint: Sendable {
    var name: String
    var count: Int
    var hash: UInt64
    var samples: [String]
}

/// Folds Doubles into a fingerprint.
struct FingerprintHasher {
    private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    private(set) var count = 0
    private(set) var samples: [String] = []

    mutating func add(_ value: Double) {
        var bits = value.bitPattern
        for _ in 0..<8 {
            hash = (hash ^ (bits & 0xFF)) &* 0x100_0000_01b3
            bits >>= 8
        }
        count += 1
    }

    mutating func add(_ values: [Double]) {
        for value in values { add(value) }
    }

    mutating func add(_ matrix: Matrix) {
        add(Double(matrix.rows))
        add(Double(matrix.columns))
        add(matrix.elements)
    }

    /// Adds `value` and keeps it readable.
    mutating func sample(_ value: Double) {
        add(value)
        samples.append(value.bitPattern == (-0.0).bitPattern ? "-0x0p+0" : hexadecimal(value))
    }

    func fingerprint(_ name: String) -> Fingerprint {
        Fingerprint(name: name, count: count, hash: hash, samples: samples)
    }

    private func hexadecimal(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%a", value)
    }
}

/// The scenarios: the depth experiment of the sigmoid and tanh lessons,
/// the training loops of the ReLU, comparison and zero-centred lessons,
/// and every layer, loss and optimizer of the kit on odd shapes.
enum Fingerprints {
    static func all() -> [Fingerprint] {
        var results: [Fingerprint] = []
        for activation in [Activation.sigmoid, .tanh, .relu, .gelu, .silu, .elu] {
            for initializer in [Initializer.xavierUniform, .heNormal] {
                for seed: UInt64 in [1, 2, 7] {
                    results.append(depth(activation, initializer, bias: .zeros, depth: 10, seed: seed))
                }
            }
        }
        results.append(depth(.sigmoid, .xavierUniform, bias: .constant(2), depth: 10, seed: 3))
        results.append(depth(.tanh, .xavierNormal, bias: .zeros, depth: 20, seed: 4))
        results.append(depth(.relu, .unscaledNormal, bias: .zeros, depth: 5, seed: 5))
        for activation in [Activation.tanh, .relu, .sigmoid] {
            results.append(moons(activation, adam: false, seed: 1))
            results.append(moons(activation, adam: true, seed: 2))
        }
        for rule in 0..<4 {
            results.append(sine(rule: rule, seed: UInt64(10 + rule)))
        }
        results.append(classification(seed: 21))
        results.append(batchNormalization(seed: 22))
        results.append(layerMeans(seed: 23))
        results.append(oddShapes(seed: 24))
        results.append(losses(seed: 25))
        results.append(activations(seed: 26))
        return results
    }

    /// The depth experiment as `Content/_code/VanishingGradients.swift`
    /// runs it: one forward and one backward pass at initialization.
    static func depth(
        _ activation: Activation, _ initializer: Initializer, bias: Initializer, depth: Int, seed: UInt64
    ) -> Fingerprint {
        let (width, batch) = (64, 256)
        var generator = SeededGenerator(seed: seed)
        var network = Network(
            sizes: [Int](repeating: width, count: depth + 1), activation: activation, outputActivation: nil,
            weights: initializer, bias: bias, using: &generator)
        let inputs = Matrix(rows: batch, columns: width, elements: generator.normal(count: batch * width))
        let targets = Matrix(rows: batch, columns: width, elements: generator.normal(count: batch * width))
        let output = network.forward(inputs, mode: .training)
        let inputGradient = network.backward((1 / Double(batch)) * (output - targets))
        var hasher = FingerprintHasher()
        hasher.add(output)
        hasher.add(inputGradient)
        for (index, layer) in network.layers.enumerated() {
            guard let dense = layer as? Dense else { continue }
            hasher.add(dense.input)
            hasher.add(dense.preActivation)
            hasher.add(dense.output)
            hasher.add(dense.preActivationGradient)
            hasher.add(dense.inputGradient)
            hasher.add(dense.weights.gradient)
            hasher.add(dense.bias.gradient)
            hasher.sample(dense.weights.gradient.norm)
            hasher.sample(dense.preActivationGradient.norm)
            if index < network.layers.count - 1 {
                hasher.sample(dense.preActivation.applyingDerivative(of: activation).mean)
            }
        }
        hasher.sample(network.gradientNorm)
        return hasher.fingerprint("depth \(activation.name) \(initializer.name) \(bias.name) L=\(depth) seed \(seed)")
    }

    /// Two moons, full batch, as `Content/_code/Convergence.swift`: the
    /// forward output read for the accuracy, then backward and update; and
    /// the same network trained by `train` with the loss returned.
    static func moons(_ activation: Activation, adam: Bool, seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        let data = DataSet.twoMoons(count: 200, noise: 0.1, using: &generator)
        var network = Network(sizes: [2, 16, 16, 1], activation: activation, weights: .heNormal, using: &generator)
        var copy = network
        let targets = data.binaryTargets
        var hasher = FingerprintHasher()
        var sgd = SGD(learningRate: 0.5)
        var adamOptimizer = Adam(learningRate: 0.01)
        for epoch in 0..<150 {
            let logits = network.forward(data.inputs)
            hasher.add(logits)
            network.backward(Loss.binaryCrossEntropyFromLogits.gradient(logits, targets))
            if adam { network.update(using: &adamOptimizer) } else { network.update(using: &sgd) }
            if epoch % 50 == 0 { hasher.sample(network.gradientNorm) }
        }
        var sgd2 = SGD(learningRate: 0.5)
        var adam2 = Adam(learningRate: 0.01)
        for epoch in 0..<150 {
            let loss =
                adam
                ? copy.train(on: data.inputs, targets: targets, loss: .binaryCrossEntropyFromLogits, optimizer: &adam2)
                : copy.train(on: data.inputs, targets: targets, loss: .binaryCrossEntropyFromLogits, optimizer: &sgd2)
            if epoch % 30 == 0 { hasher.sample(loss) } else { hasher.add(loss) }
        }
        for layer in network.layers + copy.layers {
            for parameter in layer.parameters { hasher.add(parameter.value) }
        }
        hasher.add(network.predict(data.inputs))
        hasher.add(copy.predict(data.inputs))
        return hasher.fingerprint("moons \(activation.name) \(adam ? "Adam" : "SGD") seed \(seed)")
    }

    /// Minibatches of a sine, as `Content/_code/DeadReLU.swift`: SGD,
    /// clipped SGD, Adagrad or momentum, with inference-mode checks.
    static func sine(rule: Int, seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        let xs: [Double] = (0..<200).map { -3 + 6 * Double($0) / 199 }
        let ys = xs.map { SinPi.sin($0 / Double.pi) }
        var network = Network([
            Dense(inputs: 1, outputs: 24, activation: .relu, weights: .heNormal, bias: .constant(0.1), using: &generator),
            Dense(inputs: 24, outputs: 1, activation: nil, weights: .heNormal, using: &generator),
        ])
        var hasher = FingerprintHasher()
        var sgd = SGD(learningRate: 0.05)
        var adagrad = Adagrad(learningRate: 0.05)
        var momentum = Momentum(learningRate: 0.02)
        var order = Array(0..<200)
        for epoch in 0..<30 {
            generator.shuffle(&order)
            for start in stride(from: 0, to: 200, by: 20) {
                let batch = order[start..<start + 20]
                let x = Matrix(column: batch.map { xs[$0] })
                let y = Matrix(column: batch.map { ys[$0] })
                let (loss, gradient) = Loss.meanSquaredError.evaluate(network.forward(x), y)
                hasher.add(loss)
                network.backward(gradient)
                if rule == 1 { hasher.add(network.clipGradients(maxNorm: 1)) }
                switch rule {
                case 0, 1: network.update(using: &sgd)
                case 2: network.update(using: &adagrad)
                default: network.update(using: &momentum)
                }
            }
            var probe = network
            let output = probe.forward(Matrix(column: xs), mode: .inference)
            let hidden = (probe.layers[0] as! Dense).preActivation
            if epoch % 10 == 0 { hasher.sample(Loss.meanSquaredError(output, Matrix(column: ys))) }
            hasher.add(hidden)
        }
        return hasher.fingerprint("sine rule \(rule) seed \(seed)")
    }

    /// Three classes, softmax cross-entropy, Adam, on batches of 7.
    static func classification(seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        let count = 63
        let inputs = Matrix(rows: count, columns: 5, elements: generator.normal(count: count * 5))
        let labels = (0..<count).map { _ in generator.integer(below: 3) }
        let targets = Matrix.oneHot(labels, classes: 3)
        var network = Network(
            sizes: [5, 13, 9, 3], activation: .mish, weights: .lecunNormal, bias: .uniform(-0.1..<0.1), using: &generator)
        var optimizer = Adam(learningRate: 0.01)
        var hasher = FingerprintHasher()
        for epoch in 0..<40 {
            for start in stride(from: 0, to: count, by: 7) {
                let rows = Array(start..<start + 7)
                let x = Matrix(rows: 7, columns: 5) { i, j in inputs[rows[i], j] }
                let y = Matrix(rows: 7, columns: 3) { i, j in targets[rows[i], j] }
                hasher.add(network.train(on: x, targets: y, loss: .softmaxCrossEntropy, optimizer: &optimizer))
            }
            if epoch % 10 == 0 { hasher.sample(Loss.softmaxCrossEntropy(network.predict(inputs), targets)) }
        }
        let logits = network.predict(inputs)
        hasher.add(logits.softmax())
        hasher.add(logits.logSoftmax())
        for layer in network.layers { hasher.add(layer.inputGradient) }
        return hasher.fingerprint("softmax classification seed \(seed)")
    }

    /// Dense → batch normalization → Dense, trained with momentum; then
    /// inference on single examples and on the batch.
    static func batchNormalization(seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        let batch = 32
        var network = Network([
            Dense(inputs: 6, outputs: 10, activation: nil, weights: .xavierNormal, using: &generator),
            BatchNormalization(features: 10),
            Dense(inputs: 10, outputs: 10, activation: .tanh, weights: .xavierUniform, using: &generator),
            BatchNormalization(features: 10, momentum: 0.2),
            Dense(inputs: 10, outputs: 2, activation: nil, weights: .xavierUniform, using: &generator),
        ])
        var optimizer = Momentum(learningRate: 0.05)
        var hasher = FingerprintHasher()
        for step in 0..<60 {
            let x = Matrix(rows: batch, columns: 6, elements: generator.normal(count: batch * 6))
            let y = Matrix(rows: batch, columns: 2) { i, j in (j == 0 ? 1 : -1) * x[i, 0] * x[i, 1] + x[i, 2] }
            let loss = network.train(on: x, targets: y, loss: .meanSquaredError, optimizer: &optimizer)
            if step % 20 == 0 { hasher.sample(loss) } else { hasher.add(loss) }
            for layer in network.layers {
                hasher.add(layer.output)
                hasher.add(layer.inputGradient)
                if let normalization = layer as? BatchNormalization {
                    hasher.add(normalization.normalized)
                    hasher.add(normalization.runningMean)
                    hasher.add(normalization.runningVariance)
                    for parameter in normalization.parameters { hasher.add(parameter.gradient) }
                }
            }
        }
        let probe = Matrix(rows: 5, columns: 6, elements: generator.normal(count: 30))
        hasher.add(network.predict(probe))
        hasher.add(network.predict(Matrix(rows: 1, columns: 6, elements: probe.row(0))))
        var inference = network
        inference.forward(probe, mode: .inference)
        hasher.add(inference.backward(Matrix(rows: 5, columns: 2, repeating: 0.5)))
        for layer in inference.layers {
            for parameter in layer.parameters { hasher.add(parameter.gradient) }
        }
        return hasher.fingerprint("batch normalization seed \(seed)")
    }

    /// `sigmoidLayerMeans` of `Content/_code/ZeroCentred.swift`.
    static func layerMeans(seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        var layer = Dense(inputs: 64, outputs: 64, activation: .sigmoid, weights: .xavierUniform, using: &generator)
        let inputs = Matrix(rows: 256, columns: 64, elements: generator.normal(count: 256 * 64))
        let outputs = layer.forward(inputs, mode: .training)
        var normalization = BatchNormalization(features: 64)
        let normalized = normalization.forward(outputs, mode: .training)
        var hasher = FingerprintHasher()
        hasher.add(outputs.columnSums().elements.map { $0 / 256 })
        hasher.add(normalized.columnSums().elements.map { $0 / 256 })
        hasher.add(normalized)
        hasher.sample(normalized.norm)
        return hasher.fingerprint("sigmoid layer means seed \(seed)")
    }

    /// Layers of every shape the product's blocking distinguishes (edges
    /// of 1…13 rows and columns), several steps each.
    static func oddShapes(seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        var hasher = FingerprintHasher()
        for (batch, sizes) in [(1, [3, 1]), (3, [1, 5, 2]), (5, [7, 9, 4]), (7, [13, 8, 17, 3]), (11, [6, 12, 1]), (13, [9, 16, 9])] {
            var network = Network(
                sizes: sizes, activation: .softplus, weights: .heUniform, bias: .normal(standardDeviation: 0.1), using: &generator)
            var optimizer = Adagrad(learningRate: 0.1)
            let x = Matrix(rows: batch, columns: sizes[0], elements: generator.normal(count: batch * sizes[0]))
            let y = Matrix(rows: batch, columns: sizes[sizes.count - 1], elements: generator.normal(count: batch * sizes[sizes.count - 1]))
            for _ in 0..<5 {
                hasher.add(network.train(on: x, targets: y, loss: .meanSquaredError, optimizer: &optimizer))
                for layer in network.layers {
                    hasher.add(layer.output)
                    hasher.add(layer.inputGradient)
                    for parameter in layer.parameters { hasher.add(parameter.gradient) }
                }
            }
            hasher.sample(network.gradientNorm)
            let a = Matrix(rows: batch, columns: sizes[1], elements: generator.normal(count: batch * sizes[1]))
            let b = Matrix(rows: sizes[1], columns: batch + 2, elements: generator.normal(count: sizes[1] * (batch + 2)))
            hasher.add(a * b)
            hasher.add(a.transposed * a)
            hasher.add(MatrixProduct.multiply(a, transposingLeft: true, a, transposingRight: false))
            hasher.add(MatrixProduct.multiply(b, transposingLeft: false, b, transposingRight: true))
        }
        return hasher.fingerprint("odd shapes seed \(seed)")
    }

    /// Every loss, value and gradient, and the matrix helpers.
    static func losses(seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        var hasher = FingerprintHasher()
        let predictions = Matrix(rows: 9, columns: 4, elements: generator.normal(count: 36, standardDeviation: 3))
        let probabilities = Matrix(rows: 9, columns: 4, elements: generator.uniform(count: 36))
        for loss in Loss.allCases {
            let (value, gradient) = loss.evaluate(predictions, probabilities)
            hasher.sample(value)
            hasher.add(gradient)
            hasher.add(loss(predictions, probabilities))
            hasher.add(loss.gradient(predictions, probabilities))
        }
        hasher.add(predictions.columnSums())
        hasher.add(predictions.addingToEachRow(Matrix(row: [1, 2, 3, 4])))
        hasher.add(predictions.hadamard(probabilities) + predictions - probabilities)
        hasher.add(0.5 * predictions)
        hasher.add(Matrix(row: predictions.row(2)).repeatingRow(3))
        hasher.add([predictions.sum, predictions.mean, predictions.norm])
        return hasher.fingerprint("losses seed \(seed)")
    }

    /// Every activation's array versions, and `Matrix.applying`.
    static func activations(seed: UInt64) -> Fingerprint {
        var generator = SeededGenerator(seed: seed)
        let xs = generator.uniform(count: 3001, in: -30..<30) + [0, -0.0, .infinity, -.infinity, 1e-300, -800, 800]
        var hasher = FingerprintHasher()
        for activation in Activation.all {
            hasher.add(activation(xs))
            hasher.add(activation.derivative(xs))
            let matrix = Matrix(column: xs)
            hasher.add(matrix.applying(activation))
            hasher.add(matrix.applyingDerivative(of: activation))
            hasher.sample(activation(0.3))
        }
        return hasher.fingerprint("activations seed \(seed)")
    }

    /// The recorded table, as Swift.
    static func swiftSource(_ fingerprints: [Fingerprint]) -> String {
        var lines = ["enum NetworkFingerprints {", "    static let recorded: [Fingerprint] = ["]
        for f in fingerprints {
            let samples = f.samples.map { "\"\($0)\"" }.joined(separator: ", ")
            lines.append(
                "        Fingerprint(name: \"\(f.name)\", count: \(f.count), hash: 0x\(String(f.hash, radix: 16)), samples: [\(samples)]),")
        }
        lines += ["    ]", "}"]
        return lines.joined(separator: "\n")
    }
}
