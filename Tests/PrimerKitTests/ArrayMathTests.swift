import Foundation
import Testing

@testable import PrimerKit

/// One array function, its scalar kernel, its reference table and the
/// accuracy it is held to.
struct ArrayFunctionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var reference: String
    var ulps: Double
    var scalar: @Sendable (Double) -> Double
    var array: @Sendable ([Double]) -> [Double]

    var testDescription: String { name }
}

@Suite("Array functions and arithmetic")
struct ArrayMathTests {
    static let functions: [ArrayFunctionCase] = [
        ArrayFunctionCase(name: "exp", reference: "exp", ulps: 1, scalar: { ExpKernel.exp($0) }, array: { exp($0) }),
        ArrayFunctionCase(name: "expm1", reference: "expm1", ulps: 2, scalar: { ExpKernel.expm1($0) }, array: { expm1($0) }),
        ArrayFunctionCase(name: "log", reference: "log", ulps: 1, scalar: { LogKernel.log($0) }, array: { log($0) }),
        ArrayFunctionCase(
            name: "log1p", reference: "log1p-any", ulps: 1, scalar: { LogKernel.log1p($0) }, array: { log1p($0) }),
    ]

    /// Reference points of `name`, and a few thousand seeded ones.
    static func inputs(_ name: String) -> [Double] {
        var generator = SeededGenerator(seed: 31)
        return References.numerics(name).map(\.x) + generator.uniform(count: 3000, in: -800..<800)
            + generator.uniform(count: 3000, in: -2..<2) + [0, -0.0, .nan, .infinity, -.infinity]
    }

    /// Equal bits, or both NaN.
    static func same(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    @Test("each function is within its ulp bound of the exact value", arguments: functions)
    func accuracy(function: ArrayFunctionCase) {
        let references = References.numerics(function.reference)
        #expect(references.count > 100)
        var worst = (error: 0.0, x: 0.0)
        for (x, value) in references {
            let error = ulpError(function.scalar(x), value)
            if error > worst.error || error.isNaN { worst = (error, x) }
        }
        #expect(worst.error <= function.ulps, "\(function.name)(\(worst.x)) is off by \(worst.error) ulps")
    }

    @Test("the array version is the scalar kernel, element by element", arguments: functions)
    func elementwise(function: ArrayFunctionCase) {
        let xs = Self.inputs(function.reference)
        let held = function.array(xs)  // xs is held: a new array
        let temporary = function.array(xs.map { $0 })  // written over in place
        #expect(held.count == xs.count && temporary.count == xs.count)
        for (index, x) in xs.enumerated() {
            #expect(Self.same(held[index], function.scalar(x)), "\(function.name)(\(x))")
            #expect(Self.same(temporary[index], held[index]), "\(function.name)(\(x)) in place")
        }
    }

    @Test("e^x is within an ulp and e^x − 1 within two of glibc's (correctly rounded in practice) over the whole range")
    func exponentialSweep() {
        for x in stride(from: -745.0, through: 709.7, by: 0.37) {
            #expect(ulpError(ExpKernel.exp(x), Foundation.exp(x)) <= 1, "e^\(x)")
            #expect(ulpError(ExpKernel.expm1(x), Foundation.expm1(x)) <= 2, "e^\(x) − 1")
        }
    }

    @Test("tanh and sigmoid are the activations' kernels")
    func activations() {
        let xs = Self.inputs("exp")
        #expect(zip(tanh(xs), Activation.tanh(xs)).allSatisfy { Self.same($0, $1) })
        #expect(zip(sigmoid(xs), Activation.sigmoid(xs)).allSatisfy { Self.same($0, $1) })
        #expect(zip(sqrt(xs), xs.map { $0.squareRoot() }).allSatisfy { Self.same($0, $1) })
        #expect(zip(abs(xs), xs.map { Swift.abs($0) }).allSatisfy { Self.same($0, $1) })
    }

    @Test("the limits: overflow, underflow, the domain's edges, signed zeros")
    func limits() {
        #expect(exp([709.78])[0].isFinite && exp([709.79, -745.14, 0, -0.0]) == [.infinity, 0, 1, 1])
        #expect(exp([-745.13]) == [.leastNonzeroMagnitude] && exp([-.infinity, .infinity]) == [0, .infinity])
        #expect(
            expm1([-0.0, 1e-300, -.infinity, 710]).map(\.bitPattern) == [
                (-0.0).bitPattern, (1e-300).bitPattern, (-1.0).bitPattern, Double.infinity.bitPattern,
            ])
        #expect(log([0, -1, 1, .infinity]).map(\.description) == ["-inf", "nan", "0.0", "inf"])
        #expect(log1p([-1, -2, -0.0, 1e-300]).map(\.description) == ["-inf", "nan", "-0.0", "1e-300"])
        #expect(exp([Double]()).isEmpty && log1p([]).isEmpty)
    }

    @Test("operators do the scalar operation on every element, in the order written")
    func arithmetic() {
        var generator = SeededGenerator(seed: 32)
        let x = generator.uniform(count: 5000, in: -20..<20)
        let y = generator.uniform(count: 5000, in: 0.5..<3)
        let sigmoid = 1 / (1 + exp(-x))
        #expect(sigmoid == x.map { 1 / (1 + ExpKernel.exp(-$0)) })
        #expect(sigmoid * (1 - sigmoid) == sigmoid.map { $0 * (1 - $0) })
        #expect(x - y == zip(x, y).map { $0 - $1 })
        #expect(x * y == zip(x, y).map { $0 * $1 })
        #expect(x / y == zip(x, y).map { $0 / $1 })
        #expect(added(x, y) == zip(x, y).map { $0 + $1 })
        #expect(x / 3 == x.map { $0 / 3 } && 3 / y == y.map { 3 / $0 })
        #expect(x - 1 == x.map { $0 - 1 } && x + 1 == x.map { $0 + 1 } && 2 * x == x.map { 2 * $0 } && x * 2 == 2 * x)
        #expect(-x == x.map { -$0 })
    }

    @Test("an array a variable holds is never written over")
    func valueSemantics() {
        let x: [Double] = [-1, 0, 2]
        let copy = x
        _ = exp(x)
        _ = -x
        _ = 1 - x
        _ = x * x
        _ = x / (x + 1)
        var y = x
        y = 1 / (1 + exp(-y))
        #expect(x == [-1, 0, 2] && copy == x)
        #expect(y == [-1.0, 0, 2].map { 1 / (1 + ExpKernel.exp(-$0)) })
        // `+` between arrays is still Swift's concatenation.
        #expect(x + [3] == [-1, 0, 2, 3])
    }

    /// σ(x) − ½ as a lesson would write it outside the catalog.
    static let centred = Activation(
        name: "centred sigmoid", formula: #"\sigma(x) - \tfrac12"#, derivativeFormula: #"\sigma'(x)"#,
        outputRange: .open(-0.5, 0.5), isZeroCentered: true, isMonotonic: true, saturation: .both,
        values: { x in 1 / (1 + exp(-x)) - 0.5 },
        derivatives: { x in
            let s = 1 / (1 + exp(-x))
            return s * (1 - s)
        })

    @Test("an activation from array functions: arrays in chunks, scalars as one-element arrays, the same values")
    func arrayActivation() {
        var generator = SeededGenerator(seed: 33)
        let xs = generator.uniform(count: 3 * Kernels.chunk + 17, in: -30..<30)
        let f = Self.centred
        let values = f(xs)
        let derivatives = f.derivative(xs)
        let expected = xs.map { 1 / (1 + ExpKernel.exp(-$0)) - 0.5 }
        #expect(values == expected)
        #expect(values == xs.map { f($0) })
        #expect(derivatives == xs.map { f.derivative($0) })
        #expect(f([]).isEmpty)
        var output = [Double](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { input in output.withUnsafeMutableBufferPointer { f.apply(input, into: $0) } }
        #expect(output == values)
        // Backpropagation through a layer: gradient · f′.
        var layer = Dense(inputs: 3, outputs: 4, activation: f, using: &generator)
        let batch = Matrix(rows: 5, columns: 3, elements: generator.normal(count: 15))
        _ = layer.forward(batch, mode: .training)
        let gradient = Matrix(rows: 5, columns: 4, elements: generator.normal(count: 20))
        _ = layer.backward(gradient)
        let slopes = f.derivative(layer.preActivation.elements)
        #expect(layer.preActivationGradient.elements == zip(gradient.elements, slopes).map { $0 * $1 })
    }
}
