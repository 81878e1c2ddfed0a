/// A number held as the unevaluated sum `hi + lo` of two Doubles, about 106
/// bits of precision.
///
/// Used only where one rounding would cost many digits: an exponential of a
/// large argument magnifies the argument's rounding error by the argument
/// itself (e^−x²/2 at x = −30 loses 450 ulps if x² is rounded), so GELU's
/// tails compute their exponents in this form. Products use Dekker's
/// splitting rather than a fused multiply-add, which baseline x86-64 lacks
/// and which would otherwise be a slow library call.
struct DoubleDouble: Sendable {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    /// The exact sum of two Doubles (Knuth's TwoSum).
    @inline(__always)
    static func sum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let bb = s - a
        let error = (a - (s - bb)) + (b - bb)
        return DoubleDouble(s, error)
    }

    /// The exact product of two Doubles (Dekker's TwoProduct), for factors
    /// below 2^996 in magnitude so that splitting cannot overflow.
    @inline(__always)
    static func product(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        let (ah, al) = split(a)
        let (bh, bl) = split(b)
        let error = ((ah * bh - p) + ah * bl + al * bh) + al * bl
        return DoubleDouble(p, error)
    }

    /// Splits a Double into two halves of 26 significant bits each, whose
    /// products are exact.
    @inline(__always)
    private static func split(_ a: Double) -> (Double, Double) {
        let c = 134_217_729.0 * a  // 2^27 + 1
        let hi = c - (c - a)
        return (hi, a - hi)
    }

    static func + (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let s = sum(x.hi, y.hi)
        return normalized(s.hi, s.lo + (x.lo + y.lo))
    }

    static func * (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let p = product(x.hi, y.hi)
        return normalized(p.hi, p.lo + (x.hi * y.lo + x.lo * y.hi))
    }

    static func * (x: DoubleDouble, y: Double) -> DoubleDouble {
        let p = product(x.hi, y)
        return normalized(p.hi, p.lo + x.lo * y)
    }

    static prefix func - (x: DoubleDouble) -> DoubleDouble {
        DoubleDouble(-x.hi, -x.lo)
    }

    /// Renormalizes so that `lo` is at most half an ulp of `hi`.
    @inline(__always)
    private static func normalized(_ hi: Double, _ lo: Double) -> DoubleDouble {
        let s = hi + lo
        return DoubleDouble(s, lo - (s - hi))
    }
}
