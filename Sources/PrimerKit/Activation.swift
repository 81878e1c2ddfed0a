import Foundation

/// An activation function with its derivative, as a value lessons pass around.
///
/// ```swift
/// Activation.sigmoid(0)              // 0.5
/// Activation.sigmoid.derivative(0)   // 0.25
/// ```
public struct Activation: Sendable {
    public let name: String
    /// The function in TeX, for formulas on the page.
    public let formula: String
    private let function: @Sendable (Double) -> Double
    private let derivativeFunction: @Sendable (Double) -> Double

    public init(
        name: String, formula: String,
        function: @escaping @Sendable (Double) -> Double,
        derivative: @escaping @Sendable (Double) -> Double
    ) {
        self.name = name
        self.formula = formula
        self.function = function
        self.derivativeFunction = derivative
    }

    public func callAsFunction(_ x: Double) -> Double { function(x) }

    public func derivative(_ x: Double) -> Double { derivativeFunction(x) }

    public func callAsFunction(_ xs: [Double]) -> [Double] { xs.map(function) }

    public func derivative(_ xs: [Double]) -> [Double] { xs.map(derivativeFunction) }
}

extension Activation {
    /// The logistic function 1 / (1 + e^−x).
    ///
    /// Computed from e^−|x| so that it never overflows, and its derivative
    /// as e^−|x| / (1 + e^−|x|)², which keeps its digits in the tails where
    /// σ(1 − σ) would cancel to zero.
    public static let sigmoid = Activation(
        name: "sigmoid", formula: #"\sigma(x) = \frac{1}{1 + e^{-x}}"#,
        function: { x in
            let e = exp(-abs(x))
            return x >= 0 ? 1 / (1 + e) : e / (1 + e)
        },
        derivative: { x in
            let e = exp(-abs(x))
            return e / ((1 + e) * (1 + e))
        })

    /// The hyperbolic tangent; its derivative 1 − tanh²(x) is computed as
    /// 4e^−2|x| / (1 + e^−2|x|)², which does not cancel for large |x|.
    public static let tanh = Activation(
        name: "tanh", formula: #"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"#,
        function: { x in Foundation.tanh(x) },
        derivative: { x in
            let e = exp(-2 * abs(x))
            return 4 * e / ((1 + e) * (1 + e))
        })

    /// The rectified linear unit max(0, x); its derivative at 0 is 0, as in PyTorch.
    public static let relu = Activation(
        name: "ReLU", formula: #"\operatorname{ReLU}(x) = \max(0, x)"#,
        function: { x in x > 0 || x.isNaN ? x : 0 },
        derivative: { x in x > 0 ? 1 : (x.isNaN ? x : 0) })
}
