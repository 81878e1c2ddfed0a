/// A rule that moves parameters against their gradients.
///
/// `slot` numbers a model's parameter tensors in a fixed order (the
/// network passes them layer by layer), so that optimizers with memory
/// keep one state per tensor. Each rule follows PyTorch's formulas, so its
/// steps can be checked against PyTorch's.
public protocol Optimizer {
    mutating func update(_ parameter: inout Parameter, slot: Int)
}

/// Stochastic gradient descent: θ ← θ − η·g.
public struct SGD: Optimizer {
    public var learningRate: Double

    public init(learningRate: Double) {
        self.learningRate = learningRate
    }

    public mutating func update(_ parameter: inout Parameter, slot: Int) {
        let rate = learningRate
        OptimizerState.forEach(&parameter) { value, gradient, _ in value -= rate * gradient }
    }
}

/// Gradient descent with momentum (PyTorch's `SGD(momentum:)`):
/// v ← μ·v + g, θ ← θ − η·v. Steps along a consistent direction add up,
/// while the zig-zag across a narrow valley cancels.
public struct Momentum: Optimizer {
    public var learningRate: Double
    public var momentum: Double
    private var velocities = OptimizerState()

    public init(learningRate: Double, momentum: Double = 0.9) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public mutating func update(_ parameter: inout Parameter, slot: Int) {
        let (rate, momentum) = (learningRate, self.momentum)
        velocities.withState(slot, count: parameter.value.elements.count) { velocity in
            OptimizerState.forEach(&parameter, velocity) { value, gradient, v in
                v = momentum * v + gradient
                value -= rate * v
            }
        }
    }
}

/// Adagrad (Duchi et al., 2011): s ← s + g², θ ← θ − η·g / (√s + ε).
/// Each weight's step shrinks with the gradients it has seen, so rarely
/// updated weights keep large steps.
public struct Adagrad: Optimizer {
    public var learningRate: Double
    public var epsilon: Double
    private var sums = OptimizerState()

    public init(learningRate: Double, epsilon: Double = 1e-10) {
        self.learningRate = learningRate
        self.epsilon = epsilon
    }

    public mutating func update(_ parameter: inout Parameter, slot: Int) {
        let (rate, epsilon) = (learningRate, self.epsilon)
        sums.withState(slot, count: parameter.value.elements.count) { sum in
            OptimizerState.forEach(&parameter, sum) { value, gradient, s in
                s += gradient * gradient
                value -= rate * gradient / (s.squareRoot() + epsilon)
            }
        }
    }
}

/// Adam (Kingma and Ba, 2015), with bias-corrected moving averages of the
/// gradient and of its square: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
/// θ ← θ − η·m̂ / (√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
public struct Adam: Optimizer {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    private var firstMoments = OptimizerState()
    private var secondMoments = OptimizerState()
    /// β₁ᵗ and β₂ᵗ per slot, as running products: the same on every
    /// platform, where the C library's `pow` need not be.
    private var decays: [(Double, Double)] = []

    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func update(_ parameter: inout Parameter, slot: Int) {
        while decays.count <= slot { decays.append((1, 1)) }
        decays[slot].0 *= beta1
        decays[slot].1 *= beta2
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let stepSize = learningRate / (1 - decays[slot].0)
        let correction2 = (1 - decays[slot].1).squareRoot()
        let count = parameter.value.elements.count
        firstMoments.withState(slot, count: count) { m in
            secondMoments.withState(slot, count: count) { v in
                OptimizerState.forEach(&parameter, m, v) { value, gradient, m, v in
                    m = beta1 * m + (1 - beta1) * gradient
                    v = beta2 * v + (1 - beta2) * gradient * gradient
                    value -= stepSize * m / (v.squareRoot() / correction2 + epsilon)
                }
            }
        }
    }
}

/// One buffer per parameter slot, and the loops that walk a parameter's
/// value and gradient together with its state, over contiguous memory.
struct OptimizerState {
    private var buffers: [[Double]] = []

    /// Calls `body` with slot's buffer (zeros at first), in place.
    @inline(__always)
    mutating func withState(_ slot: Int, count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) {
        while buffers.count <= slot { buffers.append([]) }
        if buffers[slot].count != count { buffers[slot] = [Double](repeating: 0, count: count) }
        buffers[slot].withUnsafeMutableBufferPointer { body($0) }
    }

    @inline(__always)
    static func forEach(_ parameter: inout Parameter, _ body: (inout Double, Double, Int) -> Void) {
        parameter.gradient.elements.withUnsafeBufferPointer { gradient in
            parameter.value.elements.withUnsafeMutableBufferPointer { value in
                for index in 0..<value.count { body(&value[index], gradient[index], index) }
            }
        }
    }

    @inline(__always)
    static func forEach(
        _ parameter: inout Parameter, _ state: UnsafeMutableBufferPointer<Double>,
        _ body: (inout Double, Double, inout Double) -> Void
    ) {
        forEach(&parameter) { value, gradient, index in body(&value, gradient, &state[index]) }
    }

    @inline(__always)
    static func forEach(
        _ parameter: inout Parameter, _ first: UnsafeMutableBufferPointer<Double>, _ second: UnsafeMutableBufferPointer<Double>,
        _ body: (inout Double, Double, inout Double, inout Double) -> Void
    ) {
        forEach(&parameter) { value, gradient, index in body(&value, gradient, &first[index], &second[index]) }
    }
}
