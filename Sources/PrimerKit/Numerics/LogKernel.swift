/// The natural logarithm, in pure Double arithmetic so that its results are
/// the same on every platform (the seeded normal draws depend on it), and
/// branch-free on [0, 1] for the softplus loop.
///
/// The recipe is fdlibm's: write the argument as 2^k·(1 + f) with
/// √2/2 ≤ 1 + f < √2, then log(1 + f) = 2·atanh(s), s = f/(2 + f) ≤ 0.1716,
/// computed as f − (h − s·(h + R)) with h = f²/2 and R a degree-7
/// polynomial in s² (relative error 4.6e-16 on R, far below an ulp of the
/// result; fitted by `make_reference.py --constants`). The leading f is
/// exact, so the result is within an ulp.
enum LogKernel {
    static let c1 = 0x1.5555555555558p-1
    static let c2 = 0x1.99999999952a7p-2
    static let c3 = 0x1.2492492df7034p-2
    static let c4 = 0x1.c71c62df012eap-3
    static let c5 = 0x1.7462b65533285p-3
    static let c6 = 0x1.39fe2e1a07716p-3
    static let c7 = 0x1.2b5a84977fc45p-3
    static let sqrt2 = 0x1.6a09e667f3bcdp0

    /// log(1 + f) − f for √2/2 − 1 ≤ f ≤ √2 − 1, plus `correction`, as the
    /// negative quantity (h − s·(h + R)) − correction is subtracted from f.
    @inline(__always)
    static func log1pReduced(_ f: Double, exponent k: Double, correction: Double) -> Double {
        let s = f / (2 + f)
        let z = s * s
        let r = z * (c1 + z * (c2 + z * (c3 + z * (c4 + z * (c5 + z * (c6 + z * c7))))))
        let h = 0.5 * f * f
        return k * ExpKernel.ln2Hi - ((h - (s * (h + r) + (k * ExpKernel.ln2Lo + correction))) - f)
    }

    /// log(1 + y) for 0 ≤ y ≤ 1 (NaN gives NaN), without branches.
    ///
    /// u = 1 + y rounds; the rounding error y − (u − 1) is exact and is
    /// added back, divided by u, so small y keep their digits.
    @inline(__always)
    static func log1p(unitInterval y: Double) -> Double {
        let u = 1 + y
        let correction = (y - (u - 1)) / u
        let isLarge = u > sqrt2
        let m = isLarge ? 0.5 * u : u
        let k: Double = isLarge ? 1 : 0
        return log1pReduced(m - 1, exponent: k, correction: correction)
    }

    /// log x for any Double: −∞ at 0, NaN below 0, +∞ at +∞.
    ///
    /// Without branches, so that loops over arrays vectorize: every path is
    /// computed and the right one selected. A subnormal x is scaled by 2^54
    /// first, exactly; the exponent field becomes a Double through the bits
    /// of 2^52 + e, as baseline AVX2 has no vector conversion from integers.
    @inline(__always)
    static func log(_ x: Double) -> Double {
        let isSubnormal = x < 0x1p-1022
        let value = isSubnormal ? x * 0x1p54 : x
        let bits = value.bitPattern
        let field = Double(bitPattern: 0x4330_0000_0000_0000 | ((bits >> 52) & 0x7FF)) - 0x1p52
        let exponent = (isSubnormal ? -54 : 0) + (field - 1023)
        let mantissa = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let isLarge = mantissa > sqrt2
        let m = isLarge ? 0.5 * mantissa : mantissa
        let k = isLarge ? exponent + 1 : exponent
        let result = log1pReduced(m - 1, exponent: k, correction: 0)
        let special = x == 0 ? -Double.infinity : (x == .infinity ? x : .nan)
        return x > 0 && x < .infinity ? result : special
    }

    /// log(1 + x) for any Double: −∞ at −1, NaN below, ±0 at ±0, +∞ at +∞;
    /// what the array function `log1p` computes.
    ///
    /// u = 1 + x rounds; log(1 + x) = log u + log(1 + c/u) with the rounding
    /// error c = x − (u − 1), and log(1 + c/u) = c/u to well below an ulp,
    /// so small x keep their digits (fdlibm's recipe). u is reduced as in
    /// `log`; it is never subnormal, and its sign bit, set only where the
    /// result is NaN anyway, needs no mask.
    ///
    /// `log1pReduced`'s sums are fused here (`fusedLog1pReduced`): eight
    /// instructions fewer for eight elements, 1.41 ns an element in cache
    /// instead of 1.53, and as accurate. `log` keeps the unfused form,
    /// since the seeded normal draws, and every figure made from them,
    /// depend on its last bits. Sharing one division between s and c/u
    /// was measured too: slower (1.68 ns), since the divider works beside
    /// the other units and the extra multiplications do not.
    @inline(__always)
    static func log1p(_ x: Double) -> Double {
        let u = 1 + x
        let correction = (x - (u - 1)) / u
        let bits = u.bitPattern
        let exponent = Double(bitPattern: 0x4330_0000_0000_0000 | (bits >> 52)) - (0x1p52 + 1023)
        let mantissa = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let isLarge = mantissa > sqrt2
        let m = isLarge ? 0.5 * mantissa : mantissa
        let k = isLarge ? exponent + 1 : exponent
        let result = fusedLog1pReduced(m - 1, exponent: k, correction: correction)
        let special = x == -1 ? -Double.infinity : (x == .infinity ? x : .nan)
        let finite = x == 0 ? x : result
        return x > -1 && x < .infinity ? finite : special
    }

    /// `log1pReduced` with its polynomial and sums in fused multiply-adds,
    /// which round once on every machine.
    @inline(__always)
    static func fusedLog1pReduced(_ f: Double, exponent k: Double, correction: Double) -> Double {
        let s = f / (2 + f)
        let z = s * s
        var p = c7
        p = c6.addingProduct(p, z)
        p = c5.addingProduct(p, z)
        p = c4.addingProduct(p, z)
        p = c3.addingProduct(p, z)
        p = c2.addingProduct(p, z)
        p = c1.addingProduct(p, z)
        let h = 0.5 * f * f
        let tail = correction.addingProduct(k, ExpKernel.ln2Lo).addingProduct(s, h + z * p)
        return (f - (h - tail)).addingProduct(k, ExpKernel.ln2Hi)
    }
}
