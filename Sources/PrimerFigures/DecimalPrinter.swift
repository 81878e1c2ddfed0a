/// C's `%.*f` and `%.*e` of a Double, digit for digit as glibc prints them:
/// the exact binary value rounded half to even at the last digit.
///
/// Computed here with 128-bit integers, not by calling `vsnprintf`: Swift
/// passes C's variable arguments through `withVaList`, which casts every
/// argument dynamically to find how to pass it, and that was a fifth of a
/// plotting lesson's run time (every plot's data table formats each value
/// up to five times). Values whose digits do not fit 128 bits (`%f` of
/// 1e300, `%e` of 1e-200) return nil, and the caller asks C.
enum DecimalPrinter {
    /// `%.*f`: `precision` digits after the point.
    static func fixed(_ value: Double, precision: Int) -> String? {
        guard value.isFinite, let digits = scaled(value, byTenToThe: precision)?.rounded else { return nil }
        var text = value.sign == .minus ? "-" : ""
        let written = String(digits)
        let integerDigits = written.count - precision
        if integerDigits <= 0 {
            text += "0"
            if precision > 0 { text += "." + String(repeating: "0", count: -integerDigits) + written }
        } else {
            text += written.prefix(integerDigits)
            if precision > 0 { text += "." + written.suffix(precision) }
        }
        return text
    }

    /// `%.*e`: one digit, `precision` digits after the point, and the power
    /// of ten with its sign and at least two digits (`2.500e-01`).
    static func scientific(_ value: Double, precision: Int) -> String? {
        guard value.isFinite, precision <= 36 else { return nil }
        var power = 0
        var digits: UInt128?
        if value != 0 {
            // The power of ten is the one that leaves exactly precision + 1
            // digits before the point, cut off. log₂|value| is estimated with
            // significand − 1 for log₂ of the significand (low by 0.09 at
            // most), and rounded up: the first try is right or one too high,
            // never one too low, which would need a digit more of the exact
            // computation than the answer and could overflow.
            let log2 = Double(value.exponent) + (value.significand - 1)
            power = Int((log2 * 0.301_029_995_663_981_2).rounded(.up))
            for _ in 0..<3 {
                guard let scaled = scaled(value, byTenToThe: precision - power) else { return nil }
                if scaled.cut >= powersOfTen[precision + 1] {
                    power += 1
                } else if scaled.cut < powersOfTen[precision] {
                    power -= 1
                } else {
                    digits = scaled.rounded
                    break
                }
            }
            guard digits != nil else { return nil }
            if digits == powersOfTen[precision + 1] {  // 9.9996 at %.3e is 1.000e+01
                digits = powersOfTen[precision]
                power += 1
            }
        }
        let written = digits.map { String($0) } ?? String(repeating: "0", count: precision + 1)
        var text = value.sign == .minus ? "-" : ""
        text += written.prefix(1)
        if precision > 0 { text += "." + written.dropFirst() }
        text += power < 0 ? "e-" : "e+"
        let magnitude = String(abs(power))
        text += (magnitude.count < 2 ? "0" : "") + magnitude
        return text
    }

    /// 10⁰ … 10³⁸, every power of ten below 2¹²⁸.
    private static let powersOfTen: [UInt128] = {
        var powers: [UInt128] = [1]
        for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// |value| × 10^decimal as an integer, cut off and rounded half to even,
    /// or nil when a step of the exact computation exceeds 128 bits.
    private static func scaled(_ value: Double, byTenToThe decimal: Int) -> (cut: UInt128, rounded: UInt128)? {
        guard abs(decimal) <= 38 else { return nil }
        // |value| = significand × 2^binary, the significand below 2⁵³.
        let biased = Int(value.exponentBitPattern)
        let binary = biased == 0 ? -1074 : biased - 1075
        var numerator = UInt128(biased == 0 ? value.significandBitPattern : value.significandBitPattern | 1 << 52)
        var denominator: UInt128 = 1
        if binary >= 0 {
            guard binary < 128, numerator.leadingZeroBitCount >= binary else { return nil }
            numerator <<= binary
        } else {
            guard -binary < 126 else { return nil }
            denominator <<= -binary
        }
        let (scaledNumerator, numeratorOverflow) = numerator.multipliedReportingOverflow(by: powersOfTen[max(decimal, 0)])
        let (scaledDenominator, denominatorOverflow) = denominator.multipliedReportingOverflow(by: powersOfTen[max(-decimal, 0)])
        // Twice the remainder is compared with the denominator: it must fit too.
        guard !numeratorOverflow, !denominatorOverflow, scaledDenominator.leadingZeroBitCount >= 1 else { return nil }
        let (quotient, remainder) = scaledNumerator.quotientAndRemainder(dividingBy: scaledDenominator)
        let twiceRemainder = remainder << 1
        let roundsUp = twiceRemainder > scaledDenominator || (twiceRemainder == scaledDenominator && quotient & 1 == 1)
        return (quotient, roundsUp ? quotient + 1 : quotient)
    }
}
