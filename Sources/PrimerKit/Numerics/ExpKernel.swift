/// The exponential function's building blocks, written without branches so
/// that loops over arrays vectorize.
///
/// Every exponential in the kit but the array function's (`exp(_:)`, which
/// has no division to share) follows one recipe:
///
/// 1. Split the argument as x = k·ln 2 + r with |r| ≤ ln 2 / 2. Adding
///    1.5·2^52 rounds x/ln 2 to the integer k and leaves k in the low bits
///    of the sum; this needs neither `roundsd` nor a conversion to integers,
///    which baseline x86-64 (SSE2, what `swiftc -O` targets) only has for
///    one lane at a time.
/// 2. e^r = (P + Q) / (P − Q), where Q / P approximates tanh(r/2): a [5/4]
///    rational function, relative error 5.5e-18 on the interval, fitted by
///    `Tests/PrimerKitTests/Reference/make_reference.py --constants`. That
///    is 9 to 10 operations where a polynomial for e^r needs 24, and its
///    division merges with the one every caller needs anyway (the sigmoid's
///    1/(1 + e^−x)), so each activation costs exactly one division.
/// 3. 2^k is written straight into the exponent bits of a Double.
///
/// Callers only ever use the quotient of P and Q, so P and Q may share any
/// factor: the *scaled* forms multiply both by 1/a2 to make Q's polynomial
/// monic, which saves a multiplication in the hot loops. The plain forms
/// keep Q's leading term exact, so that tanh x = x and e^x − 1 = x for
/// tiny x.
enum ExpKernel {
    static let log2e = 0x1.71547652b82fep0
    /// ln 2 in two parts: the first has 21 trailing zero bits, so k·ln2Hi
    /// is exact for every k the kit uses, and r keeps all its digits.
    static let ln2Hi = 0x1.62e42fee00000p-1
    static let ln2Lo = 0x1.a39ef35793c76p-33
    static let ln2 = 0x1.62e42fefa39efp-1
    /// Adding 1.5·2^52 rounds to an integer (ties to even) and keeps that
    /// integer, in two's complement, in the low bits of the result.
    static let shifter = 0x1.8p52

    // tanh(z) ≈ z·(1 + a1·w + a2·w²) / (1 + b1·w + b2·w²), w = z², |z| ≤ ln 2/4.
    static let a1 = 0x1.c710257c18190p-4
    static let a2 = 0x1.15323cb404c57p-10
    static let b1 = 0x1.c7195eb45b552p-2
    static let b2 = 0x1.03fc945a77505p-6

    /// P and Q with Q / P ≈ tanh(z) for |z| ≤ ln 2 / 4, so that
    /// e^2z = (P + Q) / (P − Q); Q's leading term is z itself.
    @inline(__always)
    static func halfAngle(_ z: Double) -> (p: Double, q: Double) {
        let w = z * z
        let p = 1 + w * (b1 + w * b2)
        let q = z + (z * w) * (a1 + w * a2)
        return (p, q)
    }

    /// `halfAngle` with P and Q multiplied by 1/a2, one multiplication less.
    @inline(__always)
    static func scaledHalfAngle(_ z: Double) -> (p: Double, q: Double) {
        let w = z * z
        let p = (0x1.e03674a262466p+3 * w + 0x1.a44c9b566b873p+8) * w + 0x1.d8d960811b45cp+9
        let q = z * ((w + 0x1.a44416ac10255p+6) * w + 0x1.d8d960811b45cp+9)
        return (p, q)
    }

    /// P and Q with e^r = (P + Q) / (P − Q) for |r| ≤ ln 2 / 2: `halfAngle`
    /// at r/2, with Q's leading term r/2 exact.
    @inline(__always)
    static func fraction(_ r: Double) -> (p: Double, q: Double) {
        let h = 0.5 * r
        let v = r * r
        let p = 1 + v * (b1 * 0x1p-2 + v * (b2 * 0x1p-4))
        let q = h + (h * v) * (a1 * 0x1p-2 + v * (a2 * 0x1p-4))
        return (p, q)
    }

    /// `fraction` with P and Q multiplied by 32/a2, one multiplication less.
    @inline(__always)
    static func scaledFraction(_ r: Double) -> (p: Double, q: Double) {
        let v = r * r
        let p = (0x1.e03674a262466p+4 * v + 0x1.a44c9b566b873p+11) * v + 0x1.d8d960811b45cp+14
        let q = r * ((v + 0x1.a44416ac10255p+8) * v + 0x1.d8d960811b45cp+13)
        return (p, q)
    }

    /// 2^(k + bias − 1023), where `shifted` is x·log2e + `shifter` and k the
    /// integer in its low bits. Shifting left by 52 drops everything but
    /// the low 12 bits of the sum, which become the exponent field.
    @inline(__always)
    static func powerOfTwo(_ shifted: Double, bias: UInt64) -> Double {
        Double(bitPattern: (shifted.bitPattern &+ bias) &<< 52)
    }

    /// The factor both terms of `negativeExponential` carry.
    static let fractionScale = 0x1p128

    /// e^−a for a ≥ 0, as the fraction `numerator / denominator`, both
    /// scaled by 2^128 (and by the same unspecified constant, below 2^16).
    ///
    /// The scaling lets the numerator stay a normal number where e^−a
    /// itself is subnormal (a > 708), so the caller's division rounds once,
    /// into the subnormal range, and the tails down to e^−745 keep every
    /// digit a Double can hold, even multiplied by a factor as large as
    /// 790 first (SiLU's x·σ(x)). Arguments above 790 give e^−790, which
    /// any such product rounds to 0; NaN gives NaN.
    @inline(__always)
    static func negativeExponential(_ a: Double) -> (numerator: Double, denominator: Double) {
        let x = a > 790 ? 790 : a
        let shifted = x * -log2e + shifter
        let k = shifted - shifter
        // −x = k·ln 2 + r, computed as ρ = −r.
        let rho = (x + k * ln2Hi) + k * ln2Lo
        let (p, q) = scaledFraction(rho)
        let scale = powerOfTwo(shifted, bias: 1023 + 128)
        return (scale * (p - q), (p + q) * fractionScale)
    }

    /// e^x for x ≤ 0 (softmax, after subtracting the maximum), to two
    /// ulps, the same on every platform.
    @inline(__always)
    static func exp(nonPositive x: Double) -> Double {
        let e = negativeExponential(-x)
        return e.numerator / e.denominator
    }

    /// e^x for any Double, within an ulp, down to the subnormal results and
    /// up to the overflow to +∞: what the array function `exp` computes.
    ///
    /// An exponential on its own has no division to share (step 2 of the
    /// recipe above), so this one spends none: e^r = 1 + r + r²·P(r) with
    /// P of degree 9 (relative error 1.6e-17 on the interval), evaluated
    /// with fused multiply-adds. A fused multiply-add rounds once by
    /// definition, so the result is the same on every machine; one with the
    /// instruction (x86-64 since 2013) does it in one step.
    ///
    /// 2^k is applied as 2^(k ± 128) and then 2^∓128 (plus for x < 0),
    /// both normal numbers for every k from −1077 to 1025, so that the
    /// product rounds once, at the last multiplication, into the subnormal
    /// range or to +∞; x is clamped to that range first (NaN passes
    /// through). Fusing the reduction's multiply-adds too leaves 25
    /// instructions for 8 elements: 0.68 ns an element in cache, 0.89 with
    /// two factors 2^⌊k/2⌉ and unfused reduction.
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        let clamped = x > 710 ? 710 : (x < -746 ? -746 : x)
        let shifted = shifter.addingProduct(clamped, log2e)
        let k = shifted - shifter
        let r = clamped.addingProduct(-k, ln2Hi).addingProduct(-k, ln2Lo)
        let negative = clamped < 0
        let scale = powerOfTwo(shifted, bias: negative ? 1023 + 128 : 1023 - 128)
        return expPolynomial(r) * scale * (negative ? 0x1p-128 : 0x1p128)
    }

    /// e^r for |r| ≤ ln 2 / 2, as 1 + r·(1 + r·P(r)) by Horner's rule: P
    /// fitted to (e^r − 1 − r) / r² by Chebyshev interpolation with mpmath
    /// (degree 9, `Tests/PrimerKitTests/Reference/make_reference.py
    /// --constants`).
    @inline(__always)
    static func expPolynomial(_ r: Double) -> Double {
        // Written out, not a loop over an array of them, so that nothing
        // stands between the vectorizer and the multiply-adds.
        var p = 0x1.af389ecfc4b9cp-26
        p = (0x1.28917c89a43a7p-22 as Double).addingProduct(p, r)
        p = (0x1.71de0db2f6b19p-19 as Double).addingProduct(p, r)
        p = (0x1.a019b9149a41cp-16 as Double).addingProduct(p, r)
        p = (0x1.a01a01a7c2efep-13 as Double).addingProduct(p, r)
        p = (0x1.6c16c17889ef1p-10 as Double).addingProduct(p, r)
        p = (0x1.11111111109b5p-7 as Double).addingProduct(p, r)
        p = (0x1.5555555553d68p-5 as Double).addingProduct(p, r)
        p = (0x1.5555555555556p-3 as Double).addingProduct(p, r)
        p = (0x1.0000000000001p-1 as Double).addingProduct(p, r)
        p = (1 as Double).addingProduct(p, r)
        p = (1 as Double).addingProduct(p, r)
        return p
    }

    /// e^x − 1 for any Double: for x ≤ 0 exactly `expm1(nonPositive:)`.
    ///
    /// For x > 0 the same formula, e^x − 1 = (2^k·2Q + (2^k − 1)(P − Q)) /
    /// (P − Q), is computed with 2^(k−1) and doubled at the end (exactly),
    /// so that 2^k = 2^1024 does not overflow before e^x does; above 710
    /// the result is +∞.
    @inline(__always)
    static func expm1(_ x: Double) -> Double {
        let negative = expm1(nonPositive: x > 0 ? 0 : x)
        let clamped = x > 710 ? 710 : (x > 0 ? x : 0)
        let shifted = clamped * log2e + shifter
        let k = shifted - shifter
        let r = (clamped - k * ln2Hi) - k * ln2Lo
        let (p, q) = fraction(r)
        let half = powerOfTwo(shifted, bias: 1022)
        let d = p - q
        let positive = 2 * ((half * (2 * q) + (half - 0.5) * d) / d)
        return x > 0 ? positive : negative
    }

    /// e^x − 1 for x ≤ 0 (including −∞ and −0), without the cancellation of
    /// computing e^x first.
    ///
    /// With e^x = 2^k·(P + Q)/(P − Q), e^x − 1 = (2^k·2Q − (1 − 2^k)(P − Q)) /
    /// (P − Q): for small x, k = 0 and this is 2Q / (P − Q) with no
    /// subtraction of nearby numbers; −0 stays −0 because −0 − (+0) is −0.
    @inline(__always)
    static func expm1(nonPositive x: Double) -> Double {
        let clamped = x < -60 ? -60 : x
        let shifted = clamped * log2e + shifter
        let k = shifted - shifter
        let r = (clamped - k * ln2Hi) - k * ln2Lo
        let (p, q) = fraction(r)
        let scale = powerOfTwo(shifted, bias: 1023)
        let d = p - q
        return (2 * scale * q - (1 - scale) * d) / d
    }
}
