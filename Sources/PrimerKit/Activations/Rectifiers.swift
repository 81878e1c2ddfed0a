/// The rectifiers: linear for positive inputs, so they do not saturate
/// there, and different choices for the negative side.
extension Activation {
    /// The rectified linear unit max(0, x); its derivative at 0 is 0, as in
    /// PyTorch, and ReLU(−0) is +0.
    public static let relu = Activation(
        name: "ReLU",
        formula: #"\operatorname{ReLU}(x) = \max(0, x)"#,
        derivativeFormula: #"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"#,
        outputRange: .atLeast(0), isZeroCentered: false, isMonotonic: true, saturation: .negative,
        kernels: Kernels(value: ReLUKernel(), derivative: ReLUDerivativeKernel()))

    /// Leaky ReLU with PyTorch's default slope 0.01 for negative inputs.
    public static let leakyReLU = leakyReLU(slope: 0.01)

    /// Leaky ReLU: x for x > 0, slope·x otherwise, so a neuron with
    /// negative inputs still gets a gradient; the derivative at 0 is the
    /// slope, as in PyTorch.
    public static func leakyReLU(slope: Double) -> Activation {
        let slopeText = format(slope)
        return Activation(
            name: slope == 0.01 ? "leaky ReLU" : "leaky ReLU (slope \(slopeText))",
            formula: #"\operatorname{LeakyReLU}(x) = \begin{cases} x & x > 0 \\ "# + slopeText + #"\,x & x \le 0 \end{cases}"#,
            derivativeFormula: #"\operatorname{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ "# + slopeText + #" & x \le 0 \end{cases}"#,
            outputRange: slope > 0 ? .open(-.infinity, .infinity) : .atLeast(0),
            isZeroCentered: slope == 1, isMonotonic: slope >= 0, saturation: slope == 0 ? .negative : [],
            kernels: Kernels(value: LeakyReLUKernel(slope: slope), derivative: LeakyReLUDerivativeKernel(slope: slope)))
    }

    /// ELU with α = 1.
    public static let elu = elu(alpha: 1)

    /// The exponential linear unit: x for x > 0, α(e^x − 1) otherwise,
    /// computed without cancellation near 0. The derivative at 0 is α, as
    /// in PyTorch.
    public static func elu(alpha: Double) -> Activation {
        let alphaText = format(alpha)
        return Activation(
            name: alpha == 1 ? "ELU" : "ELU (α = \(alphaText))",
            formula: #"\operatorname{ELU}(x) = \begin{cases} x & x > 0 \\ "# + (alpha == 1 ? "" : alphaText + #"\,"#)
                + #"(e^{x} - 1) & x \le 0 \end{cases}"#,
            derivativeFormula: #"\operatorname{ELU}'(x) = \begin{cases} 1 & x > 0 \\ "# + (alpha == 1 ? "" : alphaText + #"\,"#)
                + #"e^{x} & x \le 0 \end{cases}"#,
            outputRange: .above(-alpha), isZeroCentered: false, isMonotonic: alpha >= 0, saturation: .negative,
            kernels: Kernels(
                value: ExponentialLinearKernel(positiveScale: 1, negativeScale: alpha),
                derivative: ExponentialLinearDerivativeKernel(positiveScale: 1, negativeScale: alpha)))
    }

    /// SELU's λ and α (Klambauer et al., 2017), the constants that make a
    /// deep network of SELUs keep zero mean and unit variance.
    static let seluScale = 1.0507009873554804934193349852946
    static let seluAlpha = 1.6732632423543772848170429916717

    /// The scaled exponential linear unit λ·ELU_α(x).
    public static let selu = Activation(
        name: "SELU",
        formula:
            #"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}, \quad \lambda \approx 1.0507,\ \alpha \approx 1.6733"#,
        derivativeFormula: #"\operatorname{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}"#,
        outputRange: .above(-seluScale * seluAlpha), isZeroCentered: false, isMonotonic: true, saturation: .negative,
        kernels: Kernels(
            // λα as one constant, the exact product rounded once.
            value: ExponentialLinearKernel(positiveScale: seluScale, negativeScale: 0x1.c212cc640f031p0),
            derivative: ExponentialLinearDerivativeKernel(positiveScale: seluScale, negativeScale: 0x1.c212cc640f031p0)))

    /// The softplus log(1 + e^x), a smooth ReLU; its derivative is the
    /// sigmoid. Computed as max(x, 0) + log(1 + e^−|x|), which neither
    /// overflows nor loses the small values of the left tail.
    public static let softplus = Activation(
        name: "softplus",
        formula: #"\operatorname{softplus}(x) = \ln\bigl(1 + e^{x}\bigr)"#,
        derivativeFormula: #"\operatorname{softplus}'(x) = \sigma(x) = \frac{1}{1 + e^{-x}}"#,
        outputRange: .above(0), isZeroCentered: false, isMonotonic: true, saturation: .negative,
        kernels: Kernels(value: SoftplusKernel(), derivative: SigmoidKernel()))
}

struct ReLUKernel: ElementwiseKernel {
    /// `x <= 0 ? 0 : x`: NaN fails the comparison and passes through.
    @inline(__always) func callAsFunction(_ x: Double) -> Double { x <= 0 ? 0 : x }
}

struct ReLUDerivativeKernel: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { x > 0 ? 1 : (x <= 0 ? 0 : x) }
}

struct LeakyReLUKernel: ElementwiseKernel {
    let slope: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { x > 0 ? x : slope * x }
}

struct LeakyReLUDerivativeKernel: ElementwiseKernel {
    let slope: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double { x > 0 ? 1 : (x <= 0 ? slope : x) }
}

/// ELU and SELU: `positiveScale`·x for x > 0, `negativeScale`·(e^x − 1)
/// otherwise.
struct ExponentialLinearKernel: ElementwiseKernel {
    let positiveScale: Double
    let negativeScale: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let negative = negativeScale * ExpKernel.expm1(nonPositive: x > 0 ? 0 : x)
        return x > 0 ? positiveScale * x : negative
    }
}

struct ExponentialLinearDerivativeKernel: ElementwiseKernel {
    let positiveScale: Double
    let negativeScale: Double
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let e = ExpKernel.negativeExponential(x > 0 ? 0 : -x)
        let negative = (negativeScale * e.numerator) / e.denominator
        return x > 0 ? positiveScale : negative
    }
}

struct SoftplusKernel: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let e = ExpKernel.negativeExponential(Double(bitPattern: x.bitPattern & ~LogisticKernel.signMask))
        let positivePart = x > 0 ? x : 0
        return positivePart + LogKernel.log1p(unitInterval: e.numerator / e.denominator)
    }
}
