import Foundation
import PrimerFigures
import PrimerKit
import Testing

@Suite("Activation functions")
struct ActivationTests {
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
    }

    @Test("no overflow to NaN, and the saturated tails keep their digits")
    func tails() {
        #expect(Activation.sigmoid(-800) == 0)
        #expect(Activation.sigmoid(800) == 1)
        // σ'(−40) = e^−40 / (1 + e^−40)² ≈ 4.248354255291589e-18; σ(1 − σ) would give 0.
        let expected = 4.248354255291589e-18
        #expect(abs(Activation.sigmoid.derivative(-40) - expected) / expected < 1e-15)
        #expect(Activation.tanh.derivative(30) > 0)
        #expect(Activation.tanh.derivative(-1e300) == 0)
    }

    @Test("NaN in, NaN out")
    func nan() {
        for activation in [Activation.sigmoid, .tanh, .relu] {
            #expect(activation(.nan).isNaN, "\(activation.name)")
            #expect(activation.derivative(.nan).isNaN, "\(activation.name)")
        }
    }

    @Test("array versions match the scalar ones")
    func arrays() {
        let xs = stride(from: -3.0, through: 3.0, by: 0.5).map { $0 }
        #expect(Activation.sigmoid(xs) == xs.map { Activation.sigmoid($0) })
        #expect(Activation.tanh.derivative(xs) == xs.map { Activation.tanh.derivative($0) })
    }
}

@Suite("Formatting values for the page")
struct FormattingTests {
    @Test("numbers read the way a reader expects", arguments: [
        (0.1 + 0.2, nil, nil, "0.3"),
        (0.25, nil, nil, "0.25"),
        (1.0 / 3.0, nil, nil, "0.333333"),
        (1.0 / 3.0, 3, nil, "0.333"),
        (0.5, nil, 3, "0.500"),
        (-2.0, nil, nil, "−2"),
        (4.539786870243442e-05, 3, nil, "4.54×10⁻⁵"),
        (123_456_789.0, nil, nil, "1.23457×10⁸"),
        (1e6, nil, nil, "1000000"),
    ] as [(Double, Int?, Int?, String)])
    func numbers(value: Double, digits: Int?, decimals: Int?, expected: String) {
        #expect(format(value, digits: digits, decimals: decimals) == expected)
    }

    @Test("a value shows itself through Displayable, else its description")
    func displayOutputs() {
        #expect(DisplayOutput(0.1 + 0.2) == .text("0.3"))
        #expect(DisplayOutput([0.5, 0.25]) == .text("[0.5, 0.25]"))
        #expect(DisplayOutput(42) == .text("42"))
        #expect(DisplayOutput("plain") == .text("plain"))
        let table = Table(columns: [.text("a")], rows: [[.text("1")]])
        #expect(DisplayOutput(table) == .markdown(table.markdown))
        #expect(DisplayOutput(table).mimeType == "text/markdown")
    }
}
