import Foundation
import PrimerKit
import Testing

@Suite("Gradient checking")
struct GradientCheckTests {
    /// Where a derivative jumps, the central difference averages the two
    /// sides; these points are left out.
    static func isNearKink(_ activation: Activation, _ x: Double) -> Bool {
        let kinks: [Double] =
            switch activation.name {
            case "ReLU", "leaky ReLU", "leaky ReLU (slope 0.2)", "ELU (α = 0.5)", "SELU": [0]
            case "hard sigmoid": [-3, 3]
            default: []
            }
        return kinks.contains { abs(x - $0) <= 1e-4 * max(abs(x), 1) }
    }

    @Test(
        "every derivative agrees with central differences on the reference grid",
        arguments: ActivationTests.bounds.map(\.activation))
    func activations(activation: Activation) throws {
        let xs = try #require(References.activations[activation.name]).map(\.x)
            .filter { $0.isFinite && abs($0) < 1e8 && !Self.isNearKink(activation, $0) }
        #expect(xs.count > 300)
        let comparisons = GradientCheck.check(activation, at: xs)
        for comparison in comparisons where !comparison.agrees(tolerance: 1e-6) {
            Issue.record(
                """
                \(activation.name)′(\(comparison.x)): analytic \(comparison.analytic), \
                central difference \(comparison.numeric)
                """)
        }
    }

    @Test("the check catches a wrong derivative")
    func catchesErrors() {
        let wrong = Activation(
            name: "wrong", formula: "", derivativeFormula: "", outputRange: .open(0, 1),
            isZeroCentered: false, isMonotonic: true, saturation: .both,
            function: { Activation.sigmoid($0) }, derivative: { Activation.sigmoid($0) * 0.25 })
        let comparisons = GradientCheck.check(wrong, at: [-2, 0.5, 3])
        #expect(comparisons.allSatisfy { !$0.agrees() })
    }

    @Test("central differences: the step adapts to the point and the result is accurate")
    func centralDifferences() {
        #expect(abs(GradientCheck.centralDifference(at: 1, of: { $0 * $0 * $0 }) - 3) < 1e-9)
        // e^x at x = −700 changes on a scale of 1, not 700.
        let slope = GradientCheck.centralDifference(at: -700, of: exp)
        #expect(abs(slope - exp(-700)) / exp(-700) < 1e-8)
        let h = GradientCheck.step(at: 3)
        #expect((3 + h) - 3 == h)
        #expect(GradientCheck.step(at: -700, for: exp) < GradientCheck.step(at: -700))
    }
}
