import PrimerFigures

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
/// Very large and very small magnitudes use powers of ten: `4.54×10⁻⁵`.
/// Minus signs are typographic (`−`).
public func format(_ value: Double, digits: Int? = nil, decimals: Int? = nil) -> String {
    if let decimals { return NumberFormat.fixed(decimals).format(value) }
    return NumberFormat.significant(digits ?? NumberFormatting.significantDigits).format(value)
}

extension Duration {
    /// The duration as a number of seconds, for `format(_:)` and for
    /// arithmetic: `format(start.duration(to: clock.now).inSeconds, digits: 2)`.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
