/// The directions in which an activation's derivative tends to zero, so
/// that a neuron driven there stops learning.
///
/// ReLU saturates towards −∞ (its derivative is 0 for every negative
/// input: the dead-ReLU problem) and not towards +∞, which is why it
/// trains deep networks that the sigmoid, saturating on both sides, does
/// not.
public struct Saturation: OptionSet, Sendable, CustomStringConvertible {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// f′(x) → 0 as x → −∞.
    public static let negative = Saturation(rawValue: 1)
    /// f′(x) → 0 as x → +∞.
    public static let positive = Saturation(rawValue: 2)
    public static let both: Saturation = [.negative, .positive]

    public var description: String {
        switch self {
        case []: "none"
        case .negative: "x → −∞"
        case .positive: "x → +∞"
        default: "both sides"
        }
    }
}
