import Foundation
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
