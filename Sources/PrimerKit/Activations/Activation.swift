import Foundation

/// An activation function with its derivative, as a value lessons pass
/// around, tabulate and plot.
///
/// ```swift
/// Activation.sigmoid(0)              // 0.5
/// Activation.sigmoid.derivative(0)   // 0.25
/// Activation.tanh([-1, 0, 1])        // [-0.761594, 0, 0.761594]
/// for f in Activation.all { print(f.name, f.outputRange, f.isZeroCentered) }
/// ```
///
/// Every function of the catalog is accurate over the whole Double range,
/// value and derivative: no NaN from overflow, no digits lost to
/// cancellation in the saturated tails, NaN in and NaN out, −0 kept where
/// the function keeps it. At kinks the derivative is PyTorch's
/// (`relu′(0) = 0`). The array versions run loops the compiler vectorizes
/// and give exactly the scalar results.
public struct Activation: Sendable, Identifiable, CustomStringConvertible {
    public let name: String
    /// The function in TeX, for formulas on the page.
    public let formula: String
    /// The derivative in TeX.
    public let derivativeFormula: String
    /// The values the function takes.
    public let outputRange: OutputRange
    /// Whether f(−x) = −f(x): then a layer's outputs have mean zero when its
    /// inputs are symmetric about zero, and the gradients of the next
    /// layer's weights do not all share one sign.
    public let isZeroCentered: Bool
    /// Whether the function never decreases.
    public let isMonotonic: Bool
    /// Where the derivative vanishes: the directions in which a neuron
    /// stops learning.
    public let saturation: Saturation
    private let kernels: Kernels

    /// An activation from closures, for functions outside the catalog.
    public init(
        name: String, formula: String, derivativeFormula: String,
        outputRange: OutputRange, isZeroCentered: Bool, isMonotonic: Bool, saturation: Saturation,
        function: @escaping @Sendable (Double) -> Double,
        derivative: @escaping @Sendable (Double) -> Double
    ) {
        self.init(
            name: name, formula: formula, derivativeFormula: derivativeFormula,
            outputRange: outputRange, isZeroCentered: isZeroCentered, isMonotonic: isMonotonic,
            saturation: saturation,
            kernels: Kernels(value: ClosureKernel(body: function), derivative: ClosureKernel(body: derivative)))
    }

    init(
        name: String, formula: String, derivativeFormula: String,
        outputRange: OutputRange, isZeroCentered: Bool, isMonotonic: Bool, saturation: Saturation,
        kernels: Kernels
    ) {
        self.name = name
        self.formula = formula
        self.derivativeFormula = derivativeFormula
        self.outputRange = outputRange
        self.isZeroCentered = isZeroCentered
        self.isMonotonic = isMonotonic
        self.saturation = saturation
        self.kernels = kernels
    }

    public var id: String { name }
    public var description: String { name }

    /// Whether the derivative vanishes in some direction.
    public var isSaturating: Bool { !saturation.isEmpty }

    public func callAsFunction(_ x: Double) -> Double { kernels.value(x) }

    public func derivative(_ x: Double) -> Double { kernels.derivative(x) }

    public func callAsFunction(_ xs: [Double]) -> [Double] { Self.map(xs, kernels.values) }

    public func derivative(_ xs: [Double]) -> [Double] { Self.map(xs, kernels.derivatives) }

    /// Writes f(x) for each x of `input` into `output`, which must be at
    /// least as long: the loop of the array version without its allocation.
    public func apply(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "the output buffer is shorter than the input")
        kernels.values(input, output)
    }

    /// Writes f′(x) for each x of `input` into `output`.
    public func applyDerivative(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "the output buffer is shorter than the input")
        kernels.derivatives(input, output)
    }

    /// gradient[i]·f′(x[i]) for each i: the gradient with respect to an
    /// activation's input, from the gradient with respect to its output.
    func backpropagate(_ xs: [Double], gradient: [Double]) -> [Double] {
        precondition(xs.count == gradient.count, "\(xs.count) inputs for \(gradient.count) gradients")
        return LargeArray.make(count: xs.count) { output in
            xs.withUnsafeBufferPointer { input in
                gradient.withUnsafeBufferPointer { kernels.gradients(input, $0, output) }
            }
        }
    }

    private static func map(_ xs: [Double], _ body: Kernels.ArrayKernel) -> [Double] {
        LargeArray.make(count: xs.count) { output in
            xs.withUnsafeBufferPointer { input in body(input, output) }
        }
    }
}

extension Activation {
    /// The thirteen functions of the catalog, in the order lessons present
    /// them.
    public static let all: [Activation] = [
        .sigmoid, .tanh, .relu, .leakyReLU, .elu, .selu, .softplus,
        .gelu, .geluTanh, .silu, .mish, .hardSigmoid, .softsign,
    ]
}
