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
    ///
    /// An array is evaluated one call of the closure per element, which
    /// the compiler cannot see into: the form with `values:` and
    /// `derivatives:` (functions of whole arrays) runs vectorized loops.
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

    /// An activation from functions of whole arrays, evaluated an array
    /// at a time instead of one call per element: write them with the
    /// kit's array functions and operators, which run vectorized loops.
    ///
    /// ```swift
    /// let centred = Activation(
    ///     name: "centred sigmoid", formula: #"\sigma(x) - \tfrac12"#, derivativeFormula: #"\sigma'(x)"#,
    ///     outputRange: .open(-0.5, 0.5), isZeroCentered: true, isMonotonic: true, saturation: .both,
    ///     values: { x in 1 / (1 + exp(-x)) - 0.5 },
    ///     derivatives: { x in let s = 1 / (1 + exp(-x)); return s * (1 - s) })
    /// ```
    ///
    /// Each element of a result must depend on the same element of the
    /// input alone: buffers (`apply`, a layer's passes) are evaluated in
    /// cache-sized pieces, and a single x as a one-element array, so that
    /// f(x) and f([x])[0] agree.
    public init(
        name: String, formula: String, derivativeFormula: String,
        outputRange: OutputRange, isZeroCentered: Bool, isMonotonic: Bool, saturation: Saturation,
        values: @escaping @Sendable ([Double]) -> [Double],
        derivatives: @escaping @Sendable ([Double]) -> [Double]
    ) {
        self.init(
            name: name, formula: formula, derivativeFormula: derivativeFormula,
            outputRange: outputRange, isZeroCentered: isZeroCentered, isMonotonic: isMonotonic,
            saturation: saturation, kernels: Kernels(values: values, derivatives: derivatives))
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

    public func callAsFunction(_ xs: [Double]) -> [Double] { kernels.valuesOfArray(xs) }

    public func derivative(_ xs: [Double]) -> [Double] { kernels.derivativesOfArray(xs) }

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
        LargeArray.make(count: xs.count) { output in
            xs.withUnsafeBufferPointer { input in
                gradient.withUnsafeBufferPointer { backpropagate(input, gradient: $0, into: output) }
            }
        }
    }

    /// `backpropagate` into a buffer as long as the inputs.
    func backpropagate(
        _ input: UnsafeBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(input.count == gradient.count, "\(input.count) inputs for \(gradient.count) gradients")
        precondition(output.count >= input.count, "the output buffer is shorter than the input")
        kernels.gradients(input, gradient, output)
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
