import Foundation
import PrimerKit
import Testing

/// An activation with the accuracy its tests hold it to.
struct AccuracyBound: Sendable, CustomTestStringConvertible {
    var activation: Activation
    /// The largest error of f(x), in ulps of the exact value rounded.
    var valueULPs: Double
    /// The largest error of f′(x), in ulps.
    var derivativeULPs: Double
    /// Where f′ crosses zero. Within 0.25 of it, f′ is a difference of
    /// terms near 0.25 that cancel, so its error is measured in ulps of
    /// 0.25: no formula in Double arithmetic does better without extra
    /// precision.
    var derivativeRoot: Double? = nil

    var testDescription: String { activation.name }
}

@Suite("Activation functions")
struct ActivationTests {
    /// The ulp bounds every function meets on the reference grid, values
    /// and derivatives (also stated in the report of issue 5).
    static let bounds: [AccuracyBound] = [
        AccuracyBound(activation: .sigmoid, valueULPs: 3, derivativeULPs: 4),
        AccuracyBound(activation: .tanh, valueULPs: 3, derivativeULPs: 4),
        AccuracyBound(activation: .relu, valueULPs: 0, derivativeULPs: 0),
        AccuracyBound(activation: .leakyReLU, valueULPs: 0.5, derivativeULPs: 0),
        AccuracyBound(activation: .leakyReLU(slope: 0.2), valueULPs: 0.5, derivativeULPs: 0),
        AccuracyBound(activation: .elu, valueULPs: 3, derivativeULPs: 3),
        AccuracyBound(activation: .elu(alpha: 0.5), valueULPs: 3, derivativeULPs: 3),
        AccuracyBound(activation: .selu, valueULPs: 3, derivativeULPs: 3),
        AccuracyBound(activation: .softplus, valueULPs: 3, derivativeULPs: 3),
        AccuracyBound(activation: .gelu, valueULPs: 4, derivativeULPs: 4, derivativeRoot: -0.7517915246935645),
        AccuracyBound(activation: .geluTanh, valueULPs: 4, derivativeULPs: 5, derivativeRoot: -0.7524614220710163),
        AccuracyBound(activation: .silu, valueULPs: 3, derivativeULPs: 4, derivativeRoot: -1.2784645427610738),
        AccuracyBound(activation: .mish, valueULPs: 4, derivativeULPs: 6, derivativeRoot: -1.1924312145154952),
        AccuracyBound(activation: .hardSigmoid, valueULPs: 1, derivativeULPs: 0),
        AccuracyBound(activation: .softsign, valueULPs: 2, derivativeULPs: 4),
    ]

    @Test("values and derivatives within their ulp bounds on the reference grid", arguments: bounds)
    func referenceGrid(bound: AccuracyBound) throws {
        let activation = bound.activation
        let points = try #require(References.activations[activation.name], "no reference values")
        #expect(points.count > 400)
        var worstValue = (error: 0.0, x: 0.0)
        var worstDerivative = (error: 0.0, x: 0.0)
        for point in points {
            let valueError = ulpError(activation(point.x), point.value)
            var derivativeError = ulpError(activation.derivative(point.x), point.derivative)
            if let root = bound.derivativeRoot, abs(point.x - root) <= 0.25 {
                derivativeError = abs(activation.derivative(point.x) - point.derivative) / (0.25 as Double).ulp
            }
            if valueError > worstValue.error || valueError.isNaN { worstValue = (valueError, point.x) }
            if derivativeError > worstDerivative.error || derivativeError.isNaN { worstDerivative = (derivativeError, point.x) }
        }
        #expect(
            worstValue.error <= bound.valueULPs,
            "f(\(worstValue.x)) is off by \(worstValue.error) ulps; the bound is \(bound.valueULPs)")
        #expect(
            worstDerivative.error <= bound.derivativeULPs,
            "f′(\(worstDerivative.x)) is off by \(worstDerivative.error) ulps; the bound is \(bound.derivativeULPs)")
    }

    @Test("the grid covers the special points of the issue")
    func gridCoverage() throws {
        let xs = try #require(References.activations["sigmoid"]).map(\.x)
        let required: [Double] = [
            0, 1e-300, .leastNonzeroMagnitude, 0x1p-1060, 20, 40, 709, 710, 745, 746, 1e300, .infinity,
        ]
        for x in required {
            #expect(xs.contains(x) && xs.contains(-x), "\(x)")
        }
        #expect(xs.contains { $0 == 0 && $0.sign == .minus })
        #expect(xs.contains { $0.isNaN })
    }

    @Test("values at known points")
    func values() {
        #expect(Activation.sigmoid(0) == 0.5)
        #expect(Activation.sigmoid.derivative(0) == 0.25)
        #expect(Activation.tanh(0) == 0)
        #expect(Activation.tanh.derivative(0) == 1)
        #expect(Activation.relu(-2) == 0)
        #expect(Activation.relu(3) == 3)
        #expect(Activation.relu.derivative(0) == 0)
        #expect(Activation.relu.derivative(1e-300) == 1)
        #expect(Activation.leakyReLU(-2) == -0.02)
        #expect(Activation.leakyReLU.derivative(0) == 0.01)
        #expect(Activation.leakyReLU(slope: 0.2)(-1) == -0.2)
        #expect(Activation.elu.derivative(0) == 1)
        #expect(Activation.elu(alpha: 0.5).derivative(0) == 0.5)
        #expect(Activation.hardSigmoid(0) == 0.5)
        #expect(Activation.hardSigmoid.derivative(3) == 0)
        #expect(Activation.hardSigmoid.derivative(-3) == 0)
        #expect(Activation.hardSigmoid.derivative(2.5) == 1.0 / 6)
        #expect(Activation.softsign(1) == 0.5)
        #expect(Activation.softplus(0) == log(2.0))
    }

    @Test("no overflow to NaN, and the saturated tails keep their digits")
    func tails() {
        #expect(Activation.sigmoid(-800) == 0)
        #expect(Activation.sigmoid(800) == 1)
        // σ′(−40) = e^−40 / (1 + e^−40)² ≈ 4.248354255291589e-18; σ(1 − σ) would give 0.
        let expected = 4.248354255291589e-18
        #expect(abs(Activation.sigmoid.derivative(-40) - expected) / expected < 1e-15)
        #expect(Activation.tanh.derivative(30) > 0)
        #expect(Activation.tanh.derivative(-1e300) == 0)
        for activation in Activation.all {
            for x in [-1e300, -746.0, -710, 710, 746, 1e300, -.infinity, .infinity] {
                #expect(!activation(x).isNaN, "\(activation.name)(\(x))")
                #expect(!activation.derivative(x).isNaN, "\(activation.name)′(\(x))")
            }
        }
    }

    @Test("NaN in, NaN out", arguments: Activation.all)
    func nan(activation: Activation) {
        #expect(activation(.nan).isNaN)
        #expect(activation.derivative(.nan).isNaN)
        #expect(activation([.nan, 1])[0].isNaN)
        #expect(activation.derivative([.nan, 1])[0].isNaN)
    }

    @Test("−0 is kept where the function keeps it", arguments: Activation.all)
    func negativeZero(activation: Activation) {
        let value = activation(-0.0)
        // Functions with f(x) ≈ c·x near 0 map −0 to −0; the others to a
        // positive value (or, for ReLU, to +0 like every x ≤ 0).
        let odd: Set = ["tanh", "leaky ReLU", "ELU", "SELU", "GELU", "GELU (tanh)", "SiLU", "Mish", "softsign"]
        if odd.contains(activation.name) {
            #expect(value == 0 && value.sign == .minus, "\(value)")
        } else {
            #expect(value.sign == .plus, "\(value)")
        }
        #expect(activation(0.0).sign == .plus)
    }

    @Test("array versions give exactly the scalar results", arguments: Activation.all)
    func arrays(activation: Activation) throws {
        let xs = try #require(References.activations[activation.name]).map(\.x)
        let values = activation(xs)
        let derivatives = activation.derivative(xs)
        for (index, x) in xs.enumerated() {
            #expect(values[index].bitPattern == activation(x).bitPattern, "f(\(x))")
            #expect(derivatives[index].bitPattern == activation.derivative(x).bitPattern, "f′(\(x))")
        }
        var output = [Double](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { activation.apply(input, into: $0) }
        }
        #expect(output.map(\.bitPattern) == values.map(\.bitPattern))
        xs.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { activation.applyDerivative(input, into: $0) }
        }
        #expect(output.map(\.bitPattern) == derivatives.map(\.bitPattern))
        #expect(activation([]).isEmpty)
    }

    @Test("the catalog has the thirteen functions of the issue, each once")
    func catalog() {
        #expect(
            Activation.all.map(\.name) == [
                "sigmoid", "tanh", "ReLU", "leaky ReLU", "ELU", "SELU", "softplus",
                "GELU", "GELU (tanh)", "SiLU", "Mish", "hard sigmoid", "softsign",
            ])
        #expect(Set(Activation.all.map(\.id)).count == 13)
        for activation in Activation.all {
            #expect(!activation.formula.isEmpty && !activation.derivativeFormula.isEmpty, "\(activation.name)")
        }
        #expect(Activation.leakyReLU(slope: 0.2).name == "leaky ReLU (slope 0.2)")
        #expect(Activation.elu(alpha: 0.5).name == "ELU (α = 0.5)")
    }

    @Test("the tabulated properties match the functions", arguments: Activation.all)
    func properties(activation: Activation) {
        let xs = stride(from: -30.0, through: 30, by: 0.01).map { $0 }
        let ys = activation(xs)
        let range = activation.outputRange
        for y in ys {
            // A value may round onto an open bound (tanh(20) is 1.0).
            let onBound = [range.lowerBound, range.upperBound].contains { abs(y - $0) <= 2 * max($0.ulp, y.ulp) }
            #expect(range.contains(y) || onBound, "\(activation.name) takes \(y), outside \(range)")
        }
        // An attained lower bound is the function's minimum.
        if range.includesLowerBound {
            let lowest = ys.min() ?? .nan
            #expect(abs(lowest - range.lowerBound) < 1e-4, "the minimum is \(lowest), not \(range.lowerBound)")
        }
        let isOdd = xs.allSatisfy { x in activation(-x) == -activation(x) }
        #expect(activation.isZeroCentered == isOdd)
        // Rounding may wiggle a flat stretch by an ulp (tanh near 20).
        let isMonotonic = zip(ys, ys.dropFirst()).allSatisfy { $0 <= $1 + 4 * $1.ulp }
        #expect(activation.isMonotonic == isMonotonic)
        let flatLeft = abs(activation.derivative(-1e8)) < 1e-12
        let flatRight = abs(activation.derivative(1e8)) < 1e-12
        #expect(activation.saturation.contains(.negative) == flatLeft)
        #expect(activation.saturation.contains(.positive) == flatRight)
        #expect(activation.isSaturating == (flatLeft || flatRight))
    }

    @Test("ranges read as a reader writes them")
    func rangeText() {
        #expect(Activation.sigmoid.outputRange.description == "(0, 1)")
        #expect(Activation.relu.outputRange.description == "[0, ∞)")
        #expect(Activation.tanh.outputRange.description == "(−1, 1)")
        #expect(Activation.hardSigmoid.outputRange.description == "[0, 1]")
        #expect(Activation.silu.outputRange.description == "[−0.2785, ∞)")
        #expect(Activation.relu.outputRange.tex == #"[0, \infty)"#)
        #expect(Activation.leakyReLU.outputRange.description == "(−∞, ∞)")
        #expect(Saturation.both.description == "both sides")
        #expect(Activation.relu.saturation.description == "x → −∞")
        #expect(Activation.leakyReLU.saturation.description == "none")
    }

    @Test("an activation from closures works like the catalog's")
    func custom() {
        let square = Activation(
            name: "square", formula: "x^2", derivativeFormula: "2x",
            outputRange: .atLeast(0), isZeroCentered: false, isMonotonic: false, saturation: [],
            function: { $0 * $0 }, derivative: { 2 * $0 })
        #expect(square(3) == 9)
        #expect(square.derivative(3) == 6)
        #expect(square([1, 2]) == [1, 4])
        #expect(square.derivative([1, 2]) == [2, 4])
        #expect(square.description == "square")
    }
}
