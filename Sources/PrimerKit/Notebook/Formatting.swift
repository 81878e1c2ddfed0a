import Foundation

/// How numbers are written on the page when a lesson does not say.
public enum NumberFormatting {
    /// Significant digits for `format(_:)` without `digits:` (default 6). A
    /// lesson may change it in a cell; later values use the new setting.
    nonisolated(unsafe) public static var significantDigits = 6
}

/// Formats a number for a reader: `0.1 + 0.2` is `0.3`, not
/// `0.30000000000000004`.
///
/// - `digits`: significant digits (default `NumberFormatting.significantDigits`);
///   trailing zeros are dropped: `format(0.25)` is `0.25`.
/// - `decimals`: a fixed number of digits after the point instead:
///   `format(0.5, decimals: 3)` is `0.500`.
///
/// Very large and very small magnitudes use powers of ten: `4.24835×10⁻¹⁸`.
/// Minus signs are typographic (`−`).
public func format(_ value: Double, digits: Int? = nil, decimals: Int? = nil) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "∞" : "−∞" }
    let text: String
    if let decimals {
        text = String(format: "%.\(max(0, decimals))f", value)
    } else {
        let significant = max(1, min(17, digits ?? NumberFormatting.significantDigits))
        let exponent = value == 0 ? 0 : Int(floor(log10(abs(value))))
        if exponent < -4 || exponent >= max(significant, 7) {
            let scientific = String(format: "%.\(significant - 1)e", value)
            let parts = scientific.split(separator: "e")
            let mantissa = trimmingZeros(String(parts[0]))
            let power = Int(parts[1]) ?? 0
            text = "\(mantissa)×10\(superscript(power))"
        } else {
            let decimalsNeeded = max(0, significant - 1 - exponent)
            text = trimmingZeros(String(format: "%.\(decimalsNeeded)f", value))
        }
    }
    return typographic(text)
}

private func trimmingZeros(_ number: String) -> String {
    guard number.contains(".") else { return number }
    var trimmed = number
    while trimmed.hasSuffix("0") { trimmed.removeLast() }
    if trimmed.hasSuffix(".") { trimmed.removeLast() }
    return trimmed
}

private func superscript(_ power: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return (power < 0 ? "⁻" : "") + String(abs(power)).map { digits[Int(String($0))!] }
}

/// `-0.000` becomes `0.000`; other minus signs become `−`.
private func typographic(_ text: String) -> String {
    guard text.hasPrefix("-") else { return text }
    let mantissa = text.prefix { $0 != "×" }
    if !mantissa.contains(where: { ("1"..."9").contains($0) }) { return String(text.dropFirst()) }
    return "−" + text.dropFirst()
}
