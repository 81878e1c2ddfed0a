/// The interval of values an activation takes, with open or closed ends,
/// for tables that compare activations.
public struct OutputRange: Sendable, Equatable, CustomStringConvertible {
    public var lowerBound: Double
    public var upperBound: Double
    /// Whether the function attains `lowerBound` (ReLU's 0) or only
    /// approaches it (the sigmoid's 0).
    public var includesLowerBound: Bool
    public var includesUpperBound: Bool

    public init(lowerBound: Double, upperBound: Double, includesLowerBound: Bool, includesUpperBound: Bool) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.includesLowerBound = includesLowerBound && lowerBound.isFinite
        self.includesUpperBound = includesUpperBound && upperBound.isFinite
    }

    /// (lower, upper), both ends approached but not attained.
    public static func open(_ lower: Double, _ upper: Double) -> OutputRange {
        OutputRange(lowerBound: lower, upperBound: upper, includesLowerBound: false, includesUpperBound: false)
    }

    /// [lower, upper], both ends attained.
    public static func closed(_ lower: Double, _ upper: Double) -> OutputRange {
        OutputRange(lowerBound: lower, upperBound: upper, includesLowerBound: true, includesUpperBound: true)
    }

    /// [lower, ∞).
    public static func atLeast(_ lower: Double) -> OutputRange {
        OutputRange(lowerBound: lower, upperBound: .infinity, includesLowerBound: true, includesUpperBound: false)
    }

    /// (lower, ∞).
    public static func above(_ lower: Double) -> OutputRange {
        OutputRange(lowerBound: lower, upperBound: .infinity, includesLowerBound: false, includesUpperBound: false)
    }

    public func contains(_ value: Double) -> Bool {
        (includesLowerBound ? value >= lowerBound : value > lowerBound)
            && (includesUpperBound ? value <= upperBound : value < upperBound)
    }

    /// The interval as a reader writes it: `(0, 1)`, `[0, ∞)`, `[−0.17, ∞)`.
    public var description: String {
        written(infinity: "∞", minus: "−")
    }

    /// The interval in TeX: `[0, \infty)`.
    public var tex: String {
        written(infinity: #"\infty"#, minus: "-")
    }

    private func written(infinity: String, minus: String) -> String {
        func number(_ value: Double) -> String {
            if value.isInfinite { return (value < 0 ? minus : "") + infinity }
            let text = format(value, digits: 4)
            return text.hasPrefix("−") ? minus + text.dropFirst() : text
        }
        return (includesLowerBound ? "[" : "(") + number(lowerBound) + ", " + number(upperBound)
            + (includesUpperBound ? "]" : ")")
    }
}
