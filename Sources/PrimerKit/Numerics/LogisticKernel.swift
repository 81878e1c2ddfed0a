/// The sigmoid, the hyperbolic tangent and their derivatives, branch-free so
/// that loops over arrays vectorize, and accurate over the whole Double
/// range.
///
/// Each is one `ExpKernel` exponential, a few multiplications and one
/// division, and none subtracts nearby numbers: the derivatives are written
/// as e^−|x| / (1 + e^−|x|)², never as σ(1 − σ) or 1 − tanh², which lose
/// every digit in the tails (σ′(−40) would be 0 instead of 4.2e-18).
enum LogisticKernel {
    static let signMask: UInt64 = 0x8000_0000_0000_0000

    /// σ(x) = 1 / (1 + e^−x) = e^x / (1 + e^x).
    ///
    /// With e^x = 2^k·(P + Q)/(P − Q), σ(x) = 2^k(P + Q) / ((P − Q) + 2^k(P + Q)),
    /// for both signs of x at once (no select). Both terms carry an extra
    /// 2^128 so that 2^k stays a normal number down to x = −790, beyond
    /// σ's underflow; the clamp at 40 (σ(40) rounds to 1) keeps 2^k finite.
    @inline(__always)
    static func sigmoid(_ x: Double) -> Double {
        let (numerator, denominator) = sigmoidFraction(x)
        return numerator / denominator
    }

    /// σ(x) as a fraction, for callers that multiply it by something else
    /// before the one rounding into the subnormal range (SiLU's x·σ(x)).
    @inline(__always)
    static func sigmoidFraction(_ x: Double) -> (numerator: Double, denominator: Double) {
        let clamped = x < -790 ? -790 : (x > 40 ? 40 : x)
        let shifted = clamped * ExpKernel.log2e + ExpKernel.shifter
        let k = shifted - ExpKernel.shifter
        let r = (clamped - k * ExpKernel.ln2Hi) - k * ExpKernel.ln2Lo
        let (p, q) = ExpKernel.scaledFraction(r)
        let numerator = ExpKernel.powerOfTwo(shifted, bias: 1023 + 128) * (p + q)
        return (numerator, (p - q) * ExpKernel.fractionScale + numerator)
    }

    /// σ′(x) = e^−|x| / (1 + e^−|x|)², symmetric in x.
    @inline(__always)
    static func sigmoidDerivative(_ x: Double) -> Double {
        let e = ExpKernel.negativeExponential(Double(bitPattern: x.bitPattern & ~signMask))
        let sum = e.denominator + e.numerator
        return (e.numerator * e.denominator) / (sum * sum)
    }

    /// tanh x = (E − 1) / (E + 1) with E = e^2|x|, the sign of x restored.
    ///
    /// With E = 2^k·(P + Q)/(P − Q), the numerator is 2(Q + h·(P + Q)) and
    /// the denominator 2(P + h·(P + Q)), h = (2^k − 1)/2. For |x| < ln 2/4,
    /// k = 0 and h = 0, so tanh x = Q / P: the rational approximation of
    /// tanh itself, with no cancellation, and x exactly for tiny x. For
    /// large x, h·(P + Q) dominates both terms, so its rounding error
    /// cancels in the quotient (with e^−2|x| instead, it would not, and
    /// tanh would be off by 5 ulps near 1). The argument reduction uses one
    /// constant: its error is multiplied by 2E/(E² − 1) ≤ 2.9 where it
    /// matters, not by the size of the argument. Above 20, tanh x rounds
    /// to ±1, and the clamp keeps 2^k finite.
    @inline(__always)
    static func tanh(_ x: Double) -> Double {
        let sign = x.bitPattern & signMask
        let magnitude = Double(bitPattern: x.bitPattern & ~signMask)
        let a = magnitude > 20 ? 20 : magnitude
        let shifted = a * (2 * ExpKernel.log2e) + ExpKernel.shifter
        let k = shifted - ExpKernel.shifter
        // 2a = k·ln 2 + 2z
        let z = a - k * (0.5 * ExpKernel.ln2)
        let (p, q) = ExpKernel.halfAngle(z)
        let m = (ExpKernel.powerOfTwo(shifted, bias: 1022) - 0.5) * (p + q)
        let result = (q + m) / (p + m)
        return Double(bitPattern: result.bitPattern | sign)
    }

    /// tanh′(x) = 1 − tanh² x = 4E / (1 + E)², E = e^−2|x|; as
    /// `ExpKernel.negativeExponential(2|x|)`, with the doubling folded into
    /// the argument reduction.
    @inline(__always)
    static func tanhDerivative(_ x: Double) -> Double {
        let magnitude = Double(bitPattern: x.bitPattern & ~signMask)
        let a = magnitude > 395 ? 395 : magnitude
        let shifted = a * (-2 * ExpKernel.log2e) + ExpKernel.shifter
        let k = shifted - ExpKernel.shifter
        // −2a = k·ln 2 − 2z
        let z = (a + k * (0.5 * ExpKernel.ln2Hi)) + k * (0.5 * ExpKernel.ln2Lo)
        let (p, q) = ExpKernel.scaledHalfAngle(z)
        let numerator = ExpKernel.powerOfTwo(shifted, bias: 1023 + 128) * (p - q)
        let denominator = (p + q) * ExpKernel.fractionScale
        let sum = denominator + numerator
        return (4 * numerator * denominator) / (sum * sum)
    }
}
