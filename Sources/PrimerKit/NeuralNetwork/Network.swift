/// A feed-forward network: layers applied in order, trained by manual
/// backpropagation.
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// var network = Network(sizes: [2, 16, 16, 1], activation: .relu, weights: .heNormal, using: &generator)
/// var optimizer = Adam(learningRate: 0.01)
/// for _ in 0..<200 {
///     network.train(on: data.inputs, targets: data.targets, loss: .binaryCrossEntropyFromLogits, optimizer: &optimizer)
/// }
/// network.layers.map(\.output)   // every layer's activations, for plots
/// ```
public struct Network: Sendable {
    public var layers: [any Layer]
    /// The loss gradient of `train`, written over at every step.
    private var lossGradient = Matrix.empty

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    /// A multilayer perceptron with `sizes.count − 1` dense layers:
    /// `activation` on the hidden ones, `outputActivation` (none: linear)
    /// on the last.
    public init(
        sizes: [Int], activation: Activation, outputActivation: Activation? = nil,
        weights: Initializer, bias: Initializer = .zeros, using generator: inout SeededGenerator
    ) {
        precondition(sizes.count >= 2, "a network needs at least an input and an output size")
        var layers: [any Layer] = []
        for index in 1..<sizes.count {
            let isLast = index == sizes.count - 1
            layers.append(
                Dense(
                    inputs: sizes[index - 1], outputs: sizes[index],
                    activation: isLast ? outputActivation : activation,
                    weights: weights, bias: bias, using: &generator))
        }
        self.init(layers)
    }

    /// The number of trainable numbers.
    public var parameterCount: Int {
        var count = 0
        for layer in layers { layer.forEachParameter { count += $0.value.elements.count } }
        return count
    }

    /// Runs a batch (one example per row) through every layer.
    ///
    /// Each layer writes over the matrices of its last pass (see `Dense`):
    /// the returned matrix, and every matrix read from a layer, keep their
    /// values all the same.
    @discardableResult
    public mutating func forward(_ input: Matrix, mode: Mode = .training) -> Matrix {
        for index in layers.indices { layers[index].releaseInput() }
        var activation = input
        for index in layers.indices { activation = layers[index].forward(activation, mode: mode) }
        return activation
    }

    /// Backpropagates the gradient of the loss with respect to the output
    /// of the last forward pass; returns the gradient with respect to the
    /// input, and leaves every parameter's gradient in its layer.
    @discardableResult
    public mutating func backward(_ outputGradient: Matrix) -> Matrix {
        var gradient = outputGradient
        for index in layers.indices.reversed() { gradient = layers[index].backward(gradient) }
        return gradient
    }

    /// Applies one optimizer step to every parameter, with the gradients of
    /// the last backward pass.
    public mutating func update(using optimizer: inout some Optimizer) {
        var slot = 0
        for index in layers.indices {
            layers[index].updateParameters { parameter in
                optimizer.update(&parameter, slot: slot)
                slot += 1
            }
        }
    }

    /// The Euclidean norm of every parameter's gradient taken together,
    /// from the last backward pass.
    public var gradientNorm: Double {
        var squares = 0.0
        for layer in layers {
            layer.forEachParameter { parameter in
                squares += parameter.gradient.elements.reduce(0) { $0 + $1 * $1 }
            }
        }
        return squares.squareRoot()
    }

    /// Global gradient-norm clipping, as PyTorch's `clip_grad_norm_`: when
    /// the gradients taken together are longer than `maxNorm`, scales them
    /// all by the same factor down to that length. Returns the norm before.
    @discardableResult
    public mutating func clipGradients(maxNorm: Double) -> Double {
        let norm = gradientNorm
        guard norm > maxNorm else { return norm }
        let scale = maxNorm / norm
        for index in layers.indices {
            layers[index].updateParameters { parameter in
                // scale · gradient, in place.
                parameter.gradient.elements.withUnsafeMutableBufferPointer { gradient in
                    for i in gradient.indices { gradient[i] = scale * gradient[i] }
                }
            }
        }
        return norm
    }

    /// One training step: forward, loss, backward, update. Returns the
    /// loss before the update.
    @discardableResult
    public mutating func train(on input: Matrix, targets: Matrix, loss: Loss, optimizer: inout some Optimizer) -> Double {
        let output = forward(input, mode: .training)
        var gradient = Matrix.empty
        swap(&gradient, &lossGradient)
        let value = loss.evaluate(output, targets, gradientInto: &gradient)
        backward(gradient)
        swap(&gradient, &lossGradient)
        update(using: &optimizer)
        return value
    }

    /// The output for `input` in inference mode, leaving this network's
    /// recorded activations as they were.
    public func predict(_ input: Matrix) -> Matrix {
        var copy = self
        return copy.forward(input, mode: .inference)
    }
}
