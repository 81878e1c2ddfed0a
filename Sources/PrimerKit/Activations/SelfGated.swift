import Foundation

/// The self-gated activations x·g(x): smooth, not monotonic (they dip below
/// zero for negative x), linear for large positive x.
extension Activation {
    /// GELU in its exact form x·Φ(x), Φ the standard normal distribution
    /// function, accurate down to the underflow of its left tail.
    public static let gelu = Activation(
        name: "GELU",
        formula: #"\operatorname{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \operatorname{erf}\frac{x}{\sqrt{2}}\Bigr)"#,
        derivativeFormula: #"\operatorname{GELU}'(x) = \Phi(x) + x\,\varphi(x), \quad \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}"#,
        outputRange: .atLeast(-0x1.5c19dd4b1a3fbp-3), isZeroCentered: false, isMonotonic: false, saturation: .negative,
        kernels: Kernels(value: GELUKernel(), derivative: GELUDerivativeKernel()))

    /// GELU's tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))),
    /// PyTorch's `approximate="tanh"`.
    public static let geluTanh = Activation(
        name: "GELU (tanh)",
        formula:
            #"\operatorname{GELU}_{\tanh}(x) = \frac{x}{2}\Bigl(1 + \tanh\Bigl(\sqrt{2/\pi}\,\bigl(x + 0.044715\,x^3\bigr)\Bigr)\Bigr)"#,
        derivativeFormula:
            #"\operatorname{GELU}_{\tanh}'(x) = \frac{1 + \tanh u}{2} + \frac{x}{2}\bigl(1 - \tanh^2 u\bigr)\sqrt{2/\pi}\,\bigl(1 + 0.134145\,x^2\bigr), \quad u = \sqrt{2/\pi}\,\bigl(x + 0.044715\,x^3\bigr)"#,
        outputRange: .atLeast(-0x1.5c3e533586d1ap-3), isZeroCentered: false, isMonotonic: false, saturation: .negative,
        kernels: Kernels(value: GELUTanhKernel(), derivative: GELUTanhDerivativeKernel()))

    /// SiLU, also called Swish: x·σ(x).
    public static let silu = Activation(
        name: "SiLU",
        formula: #"\operatorname{SiLU}(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}"#,
        derivativeFormula: #"\operatorname{SiLU}'(x) = \sigma(x)\bigl(1 + x\,(1 - \sigma(x))\bigr)"#,
        outputRange: .atLeast(-0x1.1d25cf210482ep-2), isZeroCentered: false, isMonotonic: false, saturation: .negative,
        kernels: Kernels(value: SiLUKernel(), derivative: SiLUDerivativeKernel()))

    /// Mish: x·tanh(softplus(x)).
    public static let mish = Activation(
        name: "Mish",
        formula: #"\operatorname{Mish}(x) = x \tanh\bigl(\ln(1 + e^{x})\bigr)"#,
        derivativeFormula:
            #"\operatorname{Mish}'(x) = \tanh\bigl(\operatorname{softplus}(x)\bigr) + x\,\sigma(x)\,\operatorname{sech}^2\bigl(\operatorname{softplus}(x)\bigr)"#,
        outputRange: .atLeast(-0x1.3c417299f9f85p-2), isZeroCentered: false, isMonotonic: false, saturation: .negative,
        kernels: Kernels(value: MishKernel(), derivative: MishDerivativeKernel()))
}

struct GELUKernel: ElementwiseKernel {
    func callAsFunction(_ x: Double) -> Double {
        if x < Gaussian.tailStart {
            // x·Φ(x) = −φ(x)·S(x), S the asymptotic series; −0 beyond underflow.
            return Gaussian.density(x, times: -Gaussian.asymptoticSeries(x))
        }
        return x * Gaussian.distribution(x)
    }
}

struct GELUDerivativeKernel: ElementwiseKernel {
    func callAsFunction(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x.isInfinite { return x > 0 ? 1 : -0.0 }
        if x < Gaussian.tailStart {
            // Φ(x) + x·φ(x) = −φ(x)·(|x| − S(x)/|x|), no cancellation.
            let magnitude = -x
            return Gaussian.density(x, times: -(magnitude - Gaussian.asymptoticSeries(x) / magnitude))
        }
        return Gaussian.distribution(x) + Gaussian.density(x, times: x)
    }
}

/// GELU's tanh form as x·σ(2u), since ½(1 + tanh u) = σ(2u).
///
/// For negative x, σ(2u) ≈ e^2u, whose relative error is the absolute
/// error of 2u: rounding 2u = 2√(2/π)(x + 0.044715x³) at x = −20 (2u ≈
/// −600) would cost 300 ulps, so 2u is computed as a double-double.
enum GELUTanh {
    /// 2√(2/π) and 0.044715, each as a double-double.
    static let twiceScale = DoubleDouble(0x1.9884533d43651p+0, -0x1.cbc0d30ebfd15p-54)
    static let cubic = DoubleDouble(0x1.6e4e26d4801f7p-5, 0x1.441355475a31ap-59)
    /// Beyond ±40 the function is x or −0 and the derivative 1 or −0.
    static let limit = 40.0

    /// 2u(x) as a double-double, for |x| ≤ 40.
    static func argument(_ x: Double) -> DoubleDouble {
        let cube = DoubleDouble.product(x, x) * x
        return (DoubleDouble(x) + cubic * cube) * twiceScale
    }

    /// σ(y) and σ(−y) for y = 2u(x) as fractions over one denominator,
    /// from the exponential of the double-double y.
    static func sigmoids(_ x: Double) -> (positive: Double, negative: Double, denominator: Double) {
        let y = argument(x)
        // e^−|y| = e^−|hi| · e^∓lo ≈ e^−|hi|·(1 ∓ lo)
        let magnitude = abs(y.hi)
        let correction = y.hi < 0 ? 1 + y.lo : 1 - y.lo
        let e = ExpKernel.negativeExponential(magnitude)
        let small = e.numerator * correction
        let sum = e.denominator + small
        return y.hi < 0 ? (small, e.denominator, sum) : (e.denominator, small, sum)
    }
}

struct GELUTanhKernel: ElementwiseKernel {
    /// x·σ(2u), rounded once.
    func callAsFunction(_ x: Double) -> Double {
        if x.isNaN || x > GELUTanh.limit { return x }
        if x < -GELUTanh.limit { return -0.0 }
        let (positive, _, denominator) = GELUTanh.sigmoids(x)
        return (x * positive) / denominator
    }
}

struct GELUTanhDerivativeKernel: ElementwiseKernel {
    /// σ(2u) + x·σ(2u)·σ(−2u)·2u′(x), 2u′ = 2√(2/π)(1 + 3·0.044715x²); over
    /// the common denominator S of the two sigmoids it is
    /// σ₊·(S + x·2u′·σ₋)/S², rounded once.
    func callAsFunction(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > GELUTanh.limit { return 1 }
        if x < -GELUTanh.limit { return -0.0 }
        let (positive, negative, denominator) = GELUTanh.sigmoids(x)
        let slope = GELUTanh.twiceScale.hi * (1 + 3 * GELUTanh.cubic.hi * x * x)
        return (positive * (denominator + x * slope * negative)) / (denominator * denominator)
    }
}

struct SiLUKernel: ElementwiseKernel {
    /// x·σ(x) as (x·N)/D, one rounding, so that the subnormal tail near
    /// x = −745 is not rounded twice; x is clamped at −790 so that −∞ gives
    /// −0, not −∞·0. Above 40, σ(x) rounds to 1 and x·N could overflow.
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let clamped = x < -790 ? -790 : x
        let (numerator, denominator) = LogisticKernel.sigmoidFraction(clamped)
        let product = (clamped * numerator) / denominator
        return x > 40 ? x : product
    }
}

struct SiLUDerivativeKernel: ElementwiseKernel {
    /// σ(x) + x·σ′(x), which is σ(x)(1 + x(1 − σ(x))) without forming 1 − σ.
    ///
    /// With E = e^−|x| = N/D and S = N + D: for x ≤ 0 it is
    /// N·(S + x·D)/S², for x > 0 D·(S + x·N)/S², one division in both.
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let clamped = x < -790 ? -790 : (x > 790 ? 790 : x)
        let e = ExpKernel.negativeExponential(Double(bitPattern: clamped.bitPattern & ~LogisticKernel.signMask))
        let sum = e.numerator + e.denominator
        let positive = clamped > 0
        let gate = positive ? e.denominator : e.numerator
        let other = positive ? e.numerator : e.denominator
        return (gate * (sum + clamped * other)) / (sum * sum)
    }
}

/// Mish through E = e^−|x| = N/D, with no logarithm and no cancellation.
///
/// With n = e^x(e^x + 2), tanh(softplus x) = n / (n + 2) and
/// sech²(softplus x) = 4(n + 1)/(n + 2)². Writing E as N/D turns both into
/// quotients of polynomials in N and D: tanh = A/B and sech² = C/B², where
/// for x ≤ 0 (E = e^x) A = N² + 2ND, B = A + 2D², C = 4D²(N + D)², and for
/// x > 0 (E = e^−x, after multiplying through by E²) the roles of N and D
/// swap. N and D stay below 2^145, so these degree-5 products stay finite,
/// and each result is one division: subnormal tails are rounded once.
enum Mish {
    struct Parts {
        var tanhNumerator: Double  // A
        var tanhDenominator: Double  // B
        var sech2Numerator: Double  // C, over B²
        var sigmoidNumerator: Double  // over N + D
        var sum: Double  // N + D
    }

    @inline(__always)
    static func parts(_ x: Double) -> Parts {
        let e = ExpKernel.negativeExponential(Double(bitPattern: x.bitPattern & ~LogisticKernel.signMask))
        let positive = x > 0
        let major = positive ? e.denominator : e.numerator
        let minor = positive ? e.numerator : e.denominator
        let a = major * major + 2 * e.numerator * e.denominator
        let sum = e.numerator + e.denominator
        return Parts(
            tanhNumerator: a, tanhDenominator: a + 2 * minor * minor,
            sech2Numerator: 4 * (minor * minor) * (sum * sum),
            sigmoidNumerator: major, sum: sum)
    }
}

struct MishKernel: ElementwiseKernel {
    /// x·A/B, one rounding; above 40, tanh(softplus x) rounds to 1 and
    /// x·A could overflow.
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let clamped = x < -790 ? -790 : x
        let parts = Mish.parts(clamped)
        let product = (clamped * parts.tanhNumerator) / parts.tanhDenominator
        return x > 40 ? x : product
    }
}

struct MishDerivativeKernel: ElementwiseKernel {
    /// tanh(sp) + x·σ(x)·sech²(sp) = (A·B·S + x·g·C) / (B²·S).
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        let clamped = x < -790 ? -790 : (x > 790 ? 790 : x)
        let p = Mish.parts(clamped)
        let b = p.tanhDenominator
        let numerator = p.tanhNumerator * b * p.sum + clamped * p.sigmoidNumerator * p.sech2Numerator
        return numerator / (b * b * p.sum)
    }
}
