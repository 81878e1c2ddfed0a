import Foundation

/// The standard normal density φ and distribution function Φ, accurate to a
/// few ulps down to the far left tail, for GELU.
///
/// Two roundings would otherwise cost hundreds of ulps there: e^−x²/2
/// magnifies the rounding error of x² by x²/2 (450 ulps at x = −30), and
/// Φ(x) = erfc(−x/√2)/2 magnifies that of −x/√2 by x². So x² is computed
/// exactly as a double-double, and the rounding of −x/√2 is corrected to
/// first order with Φ's own derivative. Below −20, Φ comes from its
/// asymptotic series, which is exact to 1e-18 there with eleven terms.
enum Gaussian {
    /// 1/√2 as a double-double.
    static let inverseSqrt2 = DoubleDouble(0x1.6a09e667f3bcdp-1, -0x1.bdd3413b26456p-55)
    static let inverseSqrt2Pi = 0x1.9884533d43651p-2
    static let inverseSqrtPi = 0x1.20dd750429b6dp-1
    /// Where the asymptotic series takes over from erfc.
    static let tailStart = -20.0

    /// factor·φ(x) = factor·e^−x²/2/√(2π), rounded once at the end, so that
    /// subnormal results are as accurate as normal ones.
    static func density(_ x: Double, times factor: Double) -> Double {
        guard abs(x) < 40 else { return x.isNaN ? x : (factor < 0 ? -0.0 : 0) }
        let square = DoubleDouble.product(x, x)
        // e^−(hi + lo)/2 = e^−hi/2·(1 − lo/2), since |lo| is below an ulp of hi.
        let e = ExpKernel.negativeExponential(0.5 * square.hi)
        return (factor * inverseSqrt2Pi * (1 - 0.5 * square.lo)) * e.numerator / e.denominator
    }

    /// Φ(x), the probability that a standard normal variable is below x.
    static func distribution(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x >= 0 {
            let z = x * inverseSqrt2.hi
            // Φ ≥ 1/2 here, so z's rounding error barely matters.
            return z < 1 ? 0.5 + 0.5 * erf(z) : 1 - 0.5 * erfc(z)
        }
        if x >= tailStart {
            let magnitude = -x
            let product = DoubleDouble.product(magnitude, inverseSqrt2.hi)
            let z = product.hi
            // The exact −x/√2 is z + dz; erfc(z + dz) ≈ erfc(z) − dz·(2/√π)·e^−z².
            let dz = product.lo + magnitude * inverseSqrt2.lo
            let e = ExpKernel.negativeExponential(z * z)
            return 0.5 * erfc(z) - dz * inverseSqrtPi * (e.numerator / e.denominator)
        }
        return density(x, times: asymptoticSeries(x) / -x)
    }

    /// S(x) = Φ(x)·|x|/φ(x) = 1 − 1/x² + 3/x⁴ − 15/x⁶ + … for x ≤ −20,
    /// where eleven terms leave an error below 1e-18.
    static func asymptoticSeries(_ x: Double) -> Double {
        let t = 1 / (x * x)
        var sum = -13_749_310_575.0
        for coefficient in [654_729_075.0, -34_459_425, 2_027_025, -135_135, 10395, -945, 105, -15, 3, -1, 1] {
            sum = sum * t + coefficient
        }
        return sum
    }
}
