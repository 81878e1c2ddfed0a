import Foundation

/// How a number is written for a reader: the one place where Primer turns
/// numbers into text, for tables, tick labels and inline values alike.
///
/// Minus signs are typographic (`−`), a value that rounds to zero has no
/// sign, and powers of ten are written `4.54×10⁻⁵`.
public enum NumberFormat: Sendable, Equatable {
    /// A fixed number of digits after the point: `0.2500`.
    case fixed(Int)
    /// Significant digits, trailing zeros dropped: `0.25`, `0.000123`;
    /// powers of ten for very large and very small magnitudes.
    case significant(Int)
    /// Scientific notation with a number of digits after the point: `2.50×10⁻¹`.
    case scientific(Int)
    /// A percentage with a number of digits after the point: `25.0%`.
    case percent(Int)

    public func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        switch self {
        case .fixed(let digits):
            return Self.typographic(Self.printed(value, digits, "f"))
        case .percent(let digits):
            return Self.typographic(Self.printed(value * 100, digits, "f")) + "%"
        case .scientific(let digits):
            return Self.scientific(value, digitsAfterPoint: max(0, digits), trimming: false)
        case .significant(let digits):
            let significant = max(1, min(17, digits))
            let exponent = value == 0 ? 0 : Int(floor(log10(abs(value))))
            if exponent < -4 || exponent >= max(significant, 7) {
                return Self.scientific(value, digitsAfterPoint: significant - 1, trimming: true)
            }
            let decimals = max(0, significant - 1 - exponent)
            return Self.typographic(Self.trimmingZeros(Self.printed(value, decimals, "f")))
        }
    }

    private static func scientific(_ value: Double, digitsAfterPoint: Int, trimming: Bool) -> String {
        let text = Self.printed(value, digitsAfterPoint, "e")
        let parts = text.split(separator: "e")
        let mantissa = trimming ? trimmingZeros(String(parts[0])) : String(parts[0])
        let power = Int(parts[1]) ?? 0
        return typographic(mantissa) + (power == 0 ? "" : "×10" + superscript(power))
    }

    /// C's `%.*f` or `%.*e`, correctly rounded as glibc rounds:
    /// `DecimalPrinter` where the digits fit 128 bits (every number a lesson
    /// shows), else glibc itself.
    private static func printed(_ value: Double, _ precision: Int, _ style: Unicode.Scalar) -> String {
        let precision = max(0, precision)
        let exact =
            style == "e"
            ? DecimalPrinter.scientific(value, precision: precision) : DecimalPrinter.fixed(value, precision: precision)
        return exact ?? cPrinted(value, precision, style)
    }

    /// C's `%.*f` or `%.*e` by `vsnprintf` (Foundation's `String(format:)`
    /// would box its arguments and build a CFString besides).
    static func cPrinted(_ value: Double, _ precision: Int, _ style: Unicode.Scalar) -> String {
        let format = style == "e" ? "%.*e" : "%.*f"
        let precision = Int32(clamping: max(0, precision))
        func print(into buffer: UnsafeMutableBufferPointer<CChar>) -> Int {
            Int(withVaList([precision, value]) { vsnprintf(buffer.baseAddress, buffer.count, format, $0) })
        }
        let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> String? in
            let length = print(into: buffer)
            return length < buffer.count ? String(cString: buffer.baseAddress!) : nil
        }
        if let text { return text }
        // A long number (%f of 1e300): the length is known now.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: print(into: .init(start: nil, count: 0)) + 1) { buffer in
            _ = print(into: buffer)
            return String(cString: buffer.baseAddress!)
        }
    }

    private static func trimmingZeros(_ number: String) -> String {
        guard number.contains(".") else { return number }
        var trimmed = Substring(number)
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return String(trimmed)
    }

    private static func superscript(_ power: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (power < 0 ? "⁻" : "") + String(String(abs(power)).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    /// `-0.000` becomes `0.000`; any other leading `-` becomes `−`.
    private static func typographic(_ text: String) -> String {
        guard text.hasPrefix("-") else { return text }
        if !text.contains(where: { ("1"..."9").contains($0) }) { return String(text.dropFirst()) }
        return "−" + text.dropFirst()
    }
}
