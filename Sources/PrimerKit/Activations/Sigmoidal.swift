/// The S-shaped activations: bounded on both sides, saturating on both.
extension Activation {
    /// The logistic function σ(x) = 1 / (1 + e^−x).
    ///
    /// Its derivative is computed as e^−|x| / (1 + e^−|x|)², which keeps its
    /// digits in the tails, where σ(1 − σ) would cancel to zero.
    public static let sigmoid = Activation(
        name: "sigmoid",
        formula: #"\sigma(x) = \frac{1}{1 + e^{-x}}"#,
        derivativeFormula: #"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)"#,
        outputRange: .open(0, 1), isZeroCentered: false, isMonotonic: true, saturation: .both,
        kernels: Kernels(value: SigmoidKernel(), derivative: SigmoidDerivativeKernel()))

    /// The hyperbolic tangent; its derivative 1 − tanh²(x) is computed as
    /// 4e^−2|x| / (1 + e^−2|x|)², which does not cancel for large |x|.
    public static let tanh = Activation(
        name: "tanh",
        formula: #"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"#,
        derivativeFormula: #"\tanh'(x) = 1 - \tanh^2(x)"#,
        outputRange: .open(-1, 1), isZeroCentered: true, isMonotonic: true, saturation: .both,
        kernels: Kernels(value: TanhKernel(), derivative: TanhDerivativeKernel()))

    /// PyTorch's hard sigmoid, ReLU6(x + 3) / 6: a piecewise-linear sigmoid
    /// without an exponential. Its derivative is 1/6 strictly between −3 and
    /// 3 and 0 elsewhere, at ±3 included, as in PyTorch.
    public static let hardSigmoid = Activation(
        name: "hard sigmoid",
        formula: #"\operatorname{hardsigmoid}(x) = \frac{\min\bigl(\max(x + 3, 0), 6\bigr)}{6}"#,
        derivativeFormula: #"\operatorname{hardsigmoid}'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}"#,
        outputRange: .closed(0, 1), isZeroCentered: false, isMonotonic: true, saturation: .both,
        kernels: Kernels(value: HardSigmoidKernel(), derivative: HardSigmoidDerivativeKernel()))

    /// The softsign x / (1 + |x|): tanh's shape with polynomial tails, so it
    /// saturates more slowly.
    public static let softsign = Activation(
        name: "softsign",
        formula: #"\operatorname{softsign}(x) = \frac{x}{1 + |x|}"#,
        derivativeFormula: #"\operatorname{softsign}'(x) = \frac{1}{(1 + |x|)^2}"#,
        outputRange: .open(-1, 1), isZeroCentered: true, isMonotonic: true, saturation: .both,
        kernels: Kernels(value: SoftsignKernel(), derivative: SoftsignDerivativeKernel()))
}

struct SigmoidKernel: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { LogisticKernel.sigmoid(x) }
}

struct SigmoidDerivativeKernel: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { LogisticKernel.sigmoidDerivative(x) }
}

struct TanhKernel: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { LogisticKernel.tanh(x) }
}

struct TanhDerivativeKernel: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { LogisticKernel.tanhDerivative(x) }
}

struct HardSigmoidKernel: ElementwiseKernel {
    /// min(max(x + 3, 0), 6) / 6, written so that NaN passes through.
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let shifted = x + 3
        let clamped = shifted < 0 ? 0 : (shifted > 6 ? 6 : shifted)
        return clamped / 6
    }
}

struct HardSigmoidDerivativeKernel: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        x > -3 && x < 3 ? 1.0 / 6 : (x != x ? x : 0)
    }
}

struct SoftsignKernel: ElementwiseKernel {
    /// x / (1 + |x|), with ±1 at ±∞ where the quotient would be ∞/∞.
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let magnitude = Double(bitPattern: x.bitPattern & ~LogisticKernel.signMask)
        let quotient = x / (1 + magnitude)
        let one = Double(bitPattern: 0x3FF0_0000_0000_0000 | (x.bitPattern & LogisticKernel.signMask))
        return magnitude == .infinity ? one : quotient
    }
}

struct SoftsignDerivativeKernel: ElementwiseKernel {
    /// (1 / (1 + |x|))², squared after the division so that it underflows
    /// gracefully instead of overflowing first.
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let reciprocal = 1 / (1 + Double(bitPattern: x.bitPattern & ~LogisticKernel.signMask))
        return reciprocal * reciprocal
    }
}
