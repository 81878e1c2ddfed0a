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
        guard value.isFinite, precision <= 38, let (significand, exponent) = binaryParts(value),
            let digits = scaled(significand, exponent, precision, rounding: true)
        else { return nil }
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
        guard value.isFinite, precision <= 36, let (significand, exponent) = binaryParts(value) else { return nil }
        var power = 0
        var digits: UInt128 = 0
        if significand != 0 {
            // The power of ten is the one whose first precision + 1 digits,
            // cut off, number exactly precision + 1: found from an estimate.
            power = Int((Double(exponent) + Double(significand).log2Approximation) * 0.301_029_995_663_981_2)
            var found = false
            for _ in 0..<4 {
                guard let cut = scaled(significand, exponent, precision - power, rounding: false) else { return nil }
                if cut >= powersOfTen[precision + 1] {
                    power += 1
                } else if cut < powersOfTen[precision] {
                    power -= 1
                } else {
                    found = true
                    break
                }
            }
            guard found, var roundedDigits = scaled(significand, exponent, precision - power, rounding: true) else { return nil }
            if roundedDigits == powersOfTen[precision + 1] {  // 9.9996 at %.3e is 1.000e+01
                roundedDigits = powersOfTen[precision]
                power += 1
            }
            digits = roundedDigits
        }
        let written = significand == 0 ? String(repeating: "0", count: precision + 1) : String(digits)
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

    /// |value| as significand × 2^exponent, the significand below 2⁵³.
    private static func binaryParts(_ value: Double) -> (UInt64, Int)? {
        let biased = Int(value.exponentBitPattern)
        let fraction = value.significandBitPattern
        return biased == 0 ? (fraction, -1074) : (fraction | 1 << 52, biased - 1075)
    }

    /// significand × 2^binary × 10^decimal as an integer, rounded half to
    /// even or cut off, or nil when a step of the exact computation exceeds
    /// 128 bits.
    private static func scaled(_ significand: UInt64, _ binary: Int, _ decimal: Int, rounding: Bool) -> UInt128? {
        guard abs(decimal) <= 38 else { return nil }
        var numerator = UInt128(significand)
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
        guard rounding else { return quotient }
        let twiceRemainder = remainder << 1
        let roundsUp = twiceRemainder > scaledDenominator || (twiceRemainder == scaledDenominator && quotient & 1 == 1)
        return roundsUp ? quotient + 1 : quotient
    }
}

extension Double {
    /// log₂ of a positive integer-valued significand, good to a fraction of
    /// one: only an estimate of the power of ten, which is then corrected.
    fileprivate var log2Approximation: Double { Double(exponent) + (significand - 1) }
}
