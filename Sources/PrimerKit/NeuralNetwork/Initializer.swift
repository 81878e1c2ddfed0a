/// How a layer's weights start, which decides whether a deep network
/// trains at all.
///
/// The scaled initializers keep the variance of activations (Xavier,
/// LeCun) or of ReLU activations (He) the same from layer to layer, given
/// the layer's fan-in (inputs) and fan-out (outputs). `unscaledNormal` is
/// the deliberately bad one of the dead-ReLU lesson.
public struct Initializer: Sendable, CustomStringConvertible {
    public let name: String
    private let draw: @Sendable (_ fanIn: Int, _ fanOut: Int, _ generator: inout SeededGenerator) -> Double

    public init(name: String, draw: @escaping @Sendable (_ fanIn: Int, _ fanOut: Int, _ generator: inout SeededGenerator) -> Double) {
        self.name = name
        self.draw = draw
    }

    public var description: String { name }

    /// A fanIn × fanOut weight matrix.
    public func matrix(fanIn: Int, fanOut: Int, using generator: inout SeededGenerator) -> Matrix {
        matrix(rows: fanIn, columns: fanOut, fanIn: fanIn, fanOut: fanOut, using: &generator)
    }

    /// A matrix of any shape, drawn as for a layer with this fan-in and
    /// fan-out (a bias is 1 × fanOut).
    public func matrix(rows: Int, columns: Int, fanIn: Int, fanOut: Int, using generator: inout SeededGenerator) -> Matrix {
        var elements: [Double] = []
        elements.reserveCapacity(rows * columns)
        for _ in 0..<rows * columns { elements.append(draw(fanIn, fanOut, &generator)) }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// Glorot and Bengio (2010): U(−a, a) with a = √(6 / (fanIn + fanOut)).
    public static let xavierUniform = Initializer(name: "Xavier uniform") { fanIn, fanOut, generator in
        let limit = (6 / Double(fanIn + fanOut)).squareRoot()
        return generator.uniform(in: -limit..<limit)
    }

    /// Glorot and Bengio (2010): N(0, 2 / (fanIn + fanOut)).
    public static let xavierNormal = Initializer(name: "Xavier normal") { fanIn, fanOut, generator in
        generator.normal(standardDeviation: (2 / Double(fanIn + fanOut)).squareRoot())
    }

    /// He et al. (2015), for ReLU layers: N(0, 2 / fanIn).
    public static let heNormal = Initializer(name: "He normal") { fanIn, _, generator in
        generator.normal(standardDeviation: (2 / Double(fanIn)).squareRoot())
    }

    /// He et al. (2015): U(−a, a) with a = √(6 / fanIn).
    public static let heUniform = Initializer(name: "He uniform") { fanIn, _, generator in
        let limit = (6 / Double(fanIn)).squareRoot()
        return generator.uniform(in: -limit..<limit)
    }

    /// LeCun et al. (1998), for tanh and SELU layers: N(0, 1 / fanIn).
    public static let lecunNormal = Initializer(name: "LeCun normal") { fanIn, _, generator in
        generator.normal(standardDeviation: (1 / Double(fanIn)).squareRoot())
    }

    /// LeCun et al. (1998): U(−a, a) with a = √(3 / fanIn).
    public static let lecunUniform = Initializer(name: "LeCun uniform") { fanIn, _, generator in
        let limit = (3 / Double(fanIn)).squareRoot()
        return generator.uniform(in: -limit..<limit)
    }

    public static let zeros = constant(0)

    public static func constant(_ value: Double) -> Initializer {
        Initializer(name: value == 0 ? "zeros" : "constant \(format(value))") { _, _, _ in value }
    }

    public static func normal(mean: Double = 0, standardDeviation: Double) -> Initializer {
        Initializer(name: "N(\(format(mean)), \(format(standardDeviation))²)") { _, _, generator in
            generator.normal(mean: mean, standardDeviation: standardDeviation)
        }
    }

    public static func uniform(_ range: Range<Double>) -> Initializer {
        Initializer(name: "U(\(format(range.lowerBound)), \(format(range.upperBound)))") { _, _, generator in
            generator.uniform(in: range)
        }
    }

    /// N(0, 1) whatever the fan-in: the classic mistake. Each layer of
    /// width n multiplies the scale of the activations by about √(n/2)
    /// under ReLU, so a deep network's first steps are huge, and units
    /// pushed below zero for every input stop learning for good.
    public static let unscaledNormal = Initializer(name: "unscaled N(0, 1)") { _, _, generator in
        generator.normal()
    }
}
