import Foundation
import Testing

@testable import PrimerKit

@Suite("Neural-network toolkit")
struct NeuralNetworkTests {
    /// The product by the definition, adding the terms in the same order and
    /// with the same fused multiply-adds as the kernel, so the two must
    /// agree to the bit.
    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: b.columns) { i, j in
            var sum = 0.0
            for p in 0..<a.columns { sum.addProduct(a[i, p], b[p, j]) }
            return sum
        }
    }

    static func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: generator.normal(count: rows * columns))
    }

    @Test(
        "products, transposed or not, equal the definition",
        arguments: [
            (1, 1, 1), (3, 5, 2), (7, 9, 13), (4, 4, 4), (128, 64, 64), (2, 0, 3),
            // Six-row blocks and then five rows left: the last four-row
            // block does not reach the first of them.
            (5, 3, 9), (11, 4, 16), (17, 6, 8),
            // 16-column blocks, then 8-column ones, then the edge loop.
            (13, 5, 16), (10, 7, 47), (6, 64, 24),
        ])
    func products(m: Int, k: Int, n: Int) {
        var generator = SeededGenerator(seed: UInt64(m * 10_000 + k * 100 + n))
        let a = Self.randomMatrix(m, k, &generator)
        let b = Self.randomMatrix(k, n, &generator)
        let expected = Self.naiveProduct(a, b)
        #expect(a * b == expected)
        #expect(MatrixProduct.multiply(a.transposed, transposingLeft: true, b, transposingRight: false) == expected)
        #expect(MatrixProduct.multiply(a, transposingLeft: false, b.transposed, transposingRight: true) == expected)
        #expect(MatrixProduct.multiply(a.transposed, transposingLeft: true, b.transposed, transposingRight: true) == expected)
        // Both kernels, whichever this processor takes.
        for wide in [false, true] {
            var product = [Double](repeating: .nan, count: m * n)
            a.elements.withUnsafeBufferPointer { left in
                b.elements.withUnsafeBufferPointer { right in
                    product.withUnsafeMutableBufferPointer {
                        MatrixProduct.product(
                            left, rowStride: k, depthStride: 1, right, m: m, k: k, n: n, into: $0, wide: wide)
                    }
                }
            }
            #expect(k == 0 || product == expected.elements, "\(wide ? 512 : 256)-bit blocks")
        }
    }

    @Test("elementwise operations, sums and broadcasting")
    func elementwise() {
        let a = Matrix([[1, 2], [3, 4]])
        let b = Matrix([[10, 20], [30, 40]])
        #expect((a + b).elements == [11, 22, 33, 44])
        #expect((b - a).elements == [9, 18, 27, 36])
        #expect(a.hadamard(b).elements == [10, 40, 90, 160])
        #expect((2 * a).elements == [2, 4, 6, 8])
        #expect(a.columnSums() == Matrix(row: [4, 6]))
        #expect(a.addingToEachRow(Matrix(row: [1, -1])) == Matrix([[2, 1], [4, 3]]))
        #expect(a.transposed == Matrix([[1, 3], [2, 4]]))
        #expect(a[1, 0] == 3 && a.row(1) == [3, 4] && a.column(1) == [2, 4])
        #expect(a.sum == 10 && a.mean == 2.5 && Matrix([[3, 4]]).norm == 5)
        #expect(a.applying(.relu) == a && Matrix([[-1, 2]]).applyingDerivative(of: .relu) == Matrix([[0, 1]]))
        #expect(a.description == "1 2\n3 4")
    }

    @Test("softmax is stable for huge logits and sums to one")
    func softmax() {
        let logits = Matrix([[1000, 0, -1000], [1, 2, 3]])
        let probabilities = logits.softmax()
        #expect(probabilities[0, 0] == 1 && probabilities[0, 2] == 0)
        for i in 0..<2 { #expect(abs(probabilities.row(i).reduce(0, +) - 1) < 1e-15) }
        #expect(logits.logSoftmax()[0, 2] == -2000)
        #expect(Matrix.oneHot([2, 0], classes: 3) == Matrix([[0, 0, 1], [1, 0, 0]]))
    }

    @Test("losses: known values, no overflow for confident mistakes")
    func lossValues() {
        #expect(Loss.meanSquaredError(Matrix([[1, 2]]), Matrix([[0, 0]])) == 2.5)
        #expect(abs(Loss.softmaxCrossEntropy(Matrix([[0, 0]]), Matrix([[1, 0]])) - log(2.0)) < 1e-15)
        #expect(abs(Loss.binaryCrossEntropyFromLogits(Matrix([[0]]), Matrix([[1]])) - log(2.0)) < 1e-15)
        #expect(Loss.binaryCrossEntropyFromLogits(Matrix([[1000]]), Matrix([[0]])) == 1000)
        #expect(Loss.softmaxCrossEntropy(Matrix([[1000, -1000]]), Matrix([[0, 1]])) == 2000)
        #expect(
            Loss.allCases.map(\.description) == [
                "mean squared error", "softmax cross-entropy", "binary cross-entropy (logits)",
            ])
    }

    @Test("loss gradients agree with central differences", arguments: Loss.allCases)
    func lossGradients(loss: Loss) {
        var generator = SeededGenerator(seed: 5)
        let predictions = Self.randomMatrix(4, 3, &generator)
        var targets = Matrix(rows: 4, columns: 3) { _, _ in generator.uniform() }
        if loss == .softmaxCrossEntropy { targets = .oneHot([0, 2, 1, 2], classes: 3) }
        let gradient = loss.gradient(predictions, targets)
        for index in predictions.elements.indices {
            let numeric = GradientCheck.centralDifference(at: predictions.elements[index]) { value in
                var changed = predictions
                changed.elements[index] = value
                return loss(changed, targets)
            }
            #expect(abs(numeric - gradient.elements[index]) < 1e-8, "element \(index)")
        }
    }

    @Test("a dense layer's forward and backward pass by hand")
    func denseByHand() {
        var layer = Dense(weights: Matrix([[2], [3]]), bias: Matrix([[1]]), activation: nil)
        let output = layer.forward(Matrix([[1, 1]]), mode: .training)
        #expect(output == Matrix([[6]]))
        // MSE against 4: L = (6 − 4)² = 4, ∂L/∂y = 2·(6 − 4) = 4.
        let (value, gradient) = Loss.meanSquaredError.evaluate(output, Matrix([[4]]))
        #expect(value == 4 && gradient == Matrix([[4]]))
        let inputGradient = layer.backward(gradient)
        #expect(layer.weights.gradient == Matrix([[4], [4]]))
        #expect(layer.bias.gradient == Matrix([[4]]))
        #expect(inputGradient == Matrix([[8, 12]]))
        var network = Network([layer])
        var optimizer = SGD(learningRate: 0.1)
        network.update(using: &optimizer)
        let updated = network.layers[0].parameters
        #expect(updated[0].value == Matrix([[1.6], [2.6]]) && abs(updated[1].value[0, 0] - 0.6) < 1e-15)
        #expect(layer.name == "dense 2→1")
    }

    /// f(θ) = ½‖θ‖², whose gradient is θ, from θ₀ = (1, −2) with rate 0.1:
    /// three steps of each optimizer, against values computed from
    /// PyTorch's update formulas (`torch.optim`, default options).
    @Test(
        "optimizer steps on a tiny problem",
        arguments: [
            ("SGD", [[0.9, -1.8], [0.81, -1.62], [0.7290000000000001, -1.4580000000000002]]),
            // v = 0.9v + g: v = 1, 1.8, 2.34 times θ₀.
            ("momentum", [[0.9, -1.8], [0.72, -1.44], [0.486, -0.972]]),
            (
                "Adagrad",
                [
                    [0.90000000001, -1.900000000005], [0.8331035268523168, -1.831125053815932],
                    [0.7804561813655163, -1.7758215150175451],
                ]
            ),
            (
                "Adam",
                [
                    [0.900000001, -1.9000000005], [0.8004122297123382, -1.8001664866210927],
                    [0.701586274504415, -1.7006233928121137],
                ]
            ),
        ])
    func optimizers(name: String, expected: [[Double]]) {
        func run(_ optimizer: inout some Optimizer) -> [[Double]] {
            var parameter = Parameter(name: "θ", value: Matrix(row: [1, -2]))
            var steps: [[Double]] = []
            for _ in 0..<3 {
                parameter.gradient = parameter.value
                optimizer.update(&parameter, slot: 0)
                steps.append(parameter.value.elements)
            }
            return steps
        }
        var sgd = SGD(learningRate: 0.1)
        var momentum = Momentum(learningRate: 0.1)
        var adagrad = Adagrad(learningRate: 0.1)
        var adam = Adam(learningRate: 0.1)
        let steps =
            switch name {
            case "SGD": run(&sgd)
            case "momentum": run(&momentum)
            case "Adagrad": run(&adagrad)
            default: run(&adam)
            }
        for (step, expectedStep) in zip(steps, expected) {
            for (value, expectedValue) in zip(step, expectedStep) {
                #expect(abs(value - expectedValue) <= 4 * expectedValue.ulp, "\(value) vs \(expectedValue)")
            }
        }
    }

    @Test("optimizers keep separate state for each parameter slot")
    func slots() {
        var optimizer = Momentum(learningRate: 0.1)
        var a = Parameter(name: "a", value: Matrix(row: [1]))
        var b = Parameter(name: "b", value: Matrix(row: [1]))
        a.gradient = Matrix(row: [1])
        b.gradient = Matrix(row: [1])
        optimizer.update(&a, slot: 0)
        optimizer.update(&a, slot: 0)
        optimizer.update(&b, slot: 1)
        #expect(a.value[0, 0] == 1 - 0.1 - 0.1 * 1.9)
        #expect(b.value[0, 0] == 0.9)
    }

    @Test("network gradients agree with finite differences", arguments: Activation.all)
    func networkGradients(activation: Activation) {
        var generator = SeededGenerator(seed: 11)
        // Nonzero biases: with zero ones, a unit whose inputs are all dead
        // sits exactly on ReLU's kink, where no finite difference applies.
        let network = Network(
            sizes: [3, 5, 4, 2], activation: activation, weights: .xavierNormal,
            bias: .uniform(0.1..<0.5), using: &generator)
        let input = Self.randomMatrix(6, 3, &generator)
        let targets = Self.randomMatrix(6, 2, &generator)
        let report = GradientCheck.check(network, input: input, targets: targets, loss: .meanSquaredError)
        #expect(report.checkedEntries == network.parameterCount)
        #expect(report.largestRelativeError < 1e-6, "\(String(describing: report.worst))")
    }

    @Test("gradients through batch normalization and both cross-entropies")
    func batchNormalizationGradients() {
        var generator = SeededGenerator(seed: 12)
        let data = DataSet.spirals(count: 24, classes: 3, using: &generator)
        let network = Network([
            Dense(inputs: 2, outputs: 6, activation: nil, weights: .heNormal, using: &generator),
            BatchNormalization(features: 6),
            Dense(inputs: 6, outputs: 6, activation: .tanh, weights: .lecunNormal, using: &generator),
            Dense(inputs: 6, outputs: 3, activation: nil, using: &generator),
        ])
        let softmax = GradientCheck.check(network, input: data.inputs, targets: data.targets, loss: .softmaxCrossEntropy)
        #expect(softmax.largestRelativeError < 1e-6, "\(String(describing: softmax.worst))")
        let binary = Network(sizes: [2, 5, 1], activation: .silu, weights: .xavierUniform, using: &generator)
        let moons = DataSet.twoMoons(count: 20, using: &generator)
        let report = GradientCheck.check(binary, input: moons.inputs, targets: moons.binaryTargets, loss: .binaryCrossEntropyFromLogits)
        #expect(report.largestRelativeError < 1e-6, "\(String(describing: report.worst))")
    }

    @Test("the check catches a wrong backward pass")
    func catchesWrongGradients() {
        var generator = SeededGenerator(seed: 13)
        let wrong = Activation(
            name: "wrong tanh", formula: "", derivativeFormula: "", outputRange: .open(-1, 1),
            isZeroCentered: true, isMonotonic: true, saturation: .both,
            function: { Activation.tanh($0) }, derivative: { 1.1 * Activation.tanh.derivative($0) })
        let network = Network(sizes: [2, 3, 1], activation: wrong, weights: .xavierNormal, using: &generator)
        let report = GradientCheck.check(
            network, input: Self.randomMatrix(4, 2, &generator),
            targets: Self.randomMatrix(4, 1, &generator), loss: .meanSquaredError)
        #expect(report.largestRelativeError > 1e-3)
    }

    @Test("gradient clipping scales every gradient by one factor down to the norm asked for, and leaves short ones")
    func gradientClipping() {
        var generator = SeededGenerator(seed: 5)
        let data = DataSet.twoMoons(count: 40, using: &generator)
        var network = Network(sizes: [2, 8, 1], activation: .tanh, weights: .xavierUniform, using: &generator)
        let (_, gradient) = Loss.meanSquaredError.evaluate(network.forward(data.inputs), data.binaryTargets)
        network.backward(100 * gradient)
        let before = network.layers.flatMap { $0.parameters.map(\.gradient) }
        let norm = network.gradientNorm
        let squares = before.reduce(0) { $0 + $1.norm * $1.norm }
        #expect(abs(norm - squares.squareRoot()) <= 1e-12 * norm)
        #expect(norm > 1)
        #expect(network.clipGradients(maxNorm: 1) == norm)
        #expect(abs(network.gradientNorm - 1) < 1e-12)
        let after = network.layers.flatMap { $0.parameters.map(\.gradient) }
        for (old, new) in zip(before, after) {
            for (a, b) in zip(old.elements, new.elements) { #expect(abs(b - a / norm) <= 1e-15 * max(1, abs(a))) }
        }
        // Already within the limit: unchanged.
        let clipped = network.layers.flatMap { $0.parameters.map(\.gradient) }
        network.clipGradients(maxNorm: 2)
        #expect(network.layers.flatMap { $0.parameters.map(\.gradient) } == clipped)
    }

    @Test("batch normalization: batch statistics in training, running averages in inference")
    func batchNormalization() {
        var generator = SeededGenerator(seed: 14)
        let input = Matrix(rows: 50, columns: 2) { _, j in generator.normal(mean: Double(j) * 10, standardDeviation: 3) }
        var layer = BatchNormalization(features: 2)
        let output = layer.forward(input, mode: .training)
        for j in 0..<2 {
            let column = output.column(j)
            let mean = column.reduce(0, +) / 50
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 50
            #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-3)
        }
        for _ in 0..<200 { _ = layer.forward(input, mode: .training) }
        let batchMean = input.columnSums().elements.map { $0 / 50 }
        #expect(zip(layer.runningMean, batchMean).allSatisfy { abs($0 - $1) < 1e-6 })
        // In inference, one example gets the output it had within its batch
        // (up to the unbiased variance of the running average).
        let single = layer.forward(Matrix(row: input.row(0)), mode: .inference)
        #expect(abs(single[0, 0] - output[0, 0]) < 0.02)
        #expect(layer.name == "batch normalization (2)")
    }

    @Test("a network learns two moons, and exposes every layer's activations and gradients")
    func training() {
        var generator = SeededGenerator(seed: 7)
        let data = DataSet.twoMoons(count: 200, noise: 0.1, using: &generator)
        var network = Network(sizes: [2, 16, 16, 1], activation: .tanh, weights: .xavierUniform, using: &generator)
        var optimizer = Adam(learningRate: 0.02)
        var losses: [Double] = []
        for _ in 0..<300 {
            losses.append(
                network.train(
                    on: data.inputs, targets: data.binaryTargets,
                    loss: .binaryCrossEntropyFromLogits, optimizer: &optimizer))
        }
        #expect(losses[0] > 0.5 && losses[299] < 0.01)
        let predictions = network.predict(data.inputs)
        let correct = zip(predictions.elements, data.labels).filter { ($0 > 0 ? 1 : 0) == $1 }.count
        #expect(correct == 200)
        #expect(network.layers.map(\.output.columns) == [16, 16, 1])
        #expect(network.layers.map(\.inputGradient.columns) == [2, 16, 16])
        #expect(network.parameterCount == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1)
        let dense = network.layers[0] as? Dense
        #expect(dense?.preActivation.rows == 200 && dense?.preActivationGradient.columns == 16)
    }

    /// Each initializer with the variance it promises for fan-in 64 and
    /// fan-out 32.
    static let variances: [(Initializer, Double)] = [
        (.xavierUniform, 2.0 / 96), (.xavierNormal, 2.0 / 96), (.heNormal, 2.0 / 64), (.heUniform, 2.0 / 64),
        (.lecunNormal, 1.0 / 64), (.lecunUniform, 1.0 / 64), (.unscaledNormal, 1.0),
    ]

    @Test("initializers draw with the variance they promise", arguments: variances)
    func initializers(initializer: Initializer, variance: Double) {
        var generator = SeededGenerator(seed: 21)
        var elements: [Double] = []
        for _ in 0..<20 { elements += initializer.matrix(fanIn: 64, fanOut: 32, using: &generator).elements }
        let mean = elements.reduce(0, +) / Double(elements.count)
        let measured = elements.reduce(0) { $0 + $1 * $1 } / Double(elements.count) - mean * mean
        #expect(abs(measured / variance - 1) < 0.03, "\(initializer.name): \(measured) for \(variance)")
        #expect(abs(mean) < 0.01 * variance.squareRoot() * 10)
    }

    @Test("constant initializers, and the bad one kills a deep ReLU network's units")
    func badInitialization() {
        var generator = SeededGenerator(seed: 22)
        #expect(Initializer.zeros.matrix(fanIn: 3, fanOut: 2, using: &generator) == Matrix(rows: 3, columns: 2))
        #expect(Initializer.constant(-1).matrix(fanIn: 1, fanOut: 2, using: &generator) == Matrix([[-1, -1]]))
        #expect(Initializer.zeros.description == "zeros")
        let data = DataSet.twoMoons(count: 100, using: &generator)
        func deadFraction(_ initializer: Initializer, rate: Double) -> Double {
            var local = SeededGenerator(seed: 23)
            var network = Network(sizes: [2, 32, 32, 32, 1], activation: .relu, weights: initializer, using: &local)
            var optimizer = SGD(learningRate: rate)
            for _ in 0..<20 {
                network.train(
                    on: data.inputs, targets: data.binaryTargets, loss: .binaryCrossEntropyFromLogits,
                    optimizer: &optimizer)
            }
            network.forward(data.inputs)
            // A unit is dead when it outputs 0 for every example.
            var dead = 0
            var total = 0
            for layer in network.layers.dropLast() {
                for j in 0..<layer.output.columns {
                    total += 1
                    if layer.output.column(j).allSatisfy({ $0 == 0 }) { dead += 1 }
                }
            }
            return Double(dead) / Double(total)
        }
        #expect(deadFraction(.heNormal, rate: 0.01) < 0.1)
        #expect(deadFraction(.unscaledNormal, rate: 0.5) > 0.3)
    }
}
