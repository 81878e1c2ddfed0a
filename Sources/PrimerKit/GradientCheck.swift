import Foundation

/// Finite-difference gradient checking: derivatives computed by hand,
/// compared with central differences.
///
/// The central difference (f(x + h) − f(x − h)) / 2h errs by about
/// h²·|f‴|/6 from truncation and by about ε·|f|/h from rounding, so the
/// best step is h = (3ε·|f| / |f‴|)^(1/3). The step is chosen per point:
/// a first, coarse step ε^(1/3)·max(|x|, 1) estimates f‴, which then gives
/// the step actually used. A fixed relative step would fail in the tails,
/// where a function like GELU changes on a scale of 1/|x|, not |x|. Steps
/// are adjusted so that x + h and x − h are exactly 2h apart.
public enum GradientCheck {
    private static let cubeRootEpsilon = 0x1p-17  // ≈ ε^(1/3), ε = 2^−52

    /// A step near `h` such that x + h − x is exactly the step.
    private static func exactStep(at x: Double, _ h: Double) -> Double {
        (x + h) - x
    }

    /// The coarse step ε^(1/3)·max(|x|, 1), right for well-scaled
    /// functions of parameters of order one.
    public static func step(at x: Double) -> Double {
        exactStep(at: x, cubeRootEpsilon * max(abs(x), 1))
    }

    /// The step for a central difference of f at x, from an estimate of
    /// f‴ there.
    public static func step(at x: Double, for f: (Double) -> Double) -> Double {
        let coarse = step(at: x)
        let third =
            abs(f(x + 2 * coarse) - 2 * f(x + coarse) + 2 * f(x - coarse) - f(x - 2 * coarse))
            / (2 * coarse * coarse * coarse)
        let size = max(abs(f(x)), Double.leastNormalMagnitude)
        guard third.isFinite, third > 0 else { return coarse }
        let optimal = cbrt(3 * Double.ulpOfOne * size / third)
        return exactStep(at: x, min(coarse, max(optimal, coarse * 1e-4)))
    }

    /// (f(x + h) − f(x − h)) / 2h with the step chosen for f at x.
    public static func centralDifference(at x: Double, of f: (Double) -> Double) -> Double {
        let h = step(at: x, for: f)
        return (f(x + h) - f(x - h)) / (2 * h)
    }

    /// A derivative compared with its central difference at one point.
    public struct Comparison: Sendable {
        public let x: Double
        public let analytic: Double
        public let numeric: Double
        /// The rounding noise of the difference quotient, ε·|f|/h (with
        /// the subnormal spacing as the floor of ε·|f|): where f is flat to
        /// within rounding (tanh at 20), the quotient is 0.
        public let noise: Double

        public var absoluteError: Double { abs(analytic - numeric) }

        public var relativeError: Double {
            let scale = max(abs(analytic), abs(numeric))
            return scale == 0 ? 0 : absoluteError / scale
        }

        /// Whether the two agree to `tolerance` relative, beyond the
        /// quotient's rounding noise.
        public func agrees(tolerance: Double = 1e-6) -> Bool {
            absoluteError <= tolerance * max(abs(analytic), abs(numeric)) + noise
        }
    }

    /// Compares a function's derivative with central differences.
    public static func compare(
        at x: Double, function: (Double) -> Double, derivative: (Double) -> Double
    ) -> Comparison {
        let h = step(at: x, for: function)
        let (left, right) = (function(x - h), function(x + h))
        let scale = max(abs(left), abs(right), abs(function(x)))
        return Comparison(
            x: x, analytic: derivative(x), numeric: (right - left) / (2 * h),
            noise: 8 * max(Double.ulpOfOne * scale, Double.leastNonzeroMagnitude) / h)
    }

    /// Compares an activation's derivative with central differences at
    /// each point. Points within a step of a kink (ReLU's 0) compare the
    /// one-sided derivative with an average and disagree, as they should.
    public static func check(_ activation: Activation, at points: [Double]) -> [Comparison] {
        points.map { compare(at: $0, function: { activation($0) }, derivative: { activation.derivative($0) }) }
    }

    /// The result of checking every parameter gradient of a network.
    public struct NetworkReport: Sendable {
        /// How many parameter entries were perturbed.
        public let checkedEntries: Int
        /// The largest |analytic − numeric| / (|analytic| + |numeric|), after
        /// subtracting the difference quotient's rounding noise ε·|L|/h
        /// from the numerator: where a gradient is below that noise (a
        /// dead unit's), no finite difference can resolve it.
        public let largestRelativeError: Double
        /// Where it occurred: layer index, parameter name, element index.
        public let worst: (layer: Int, parameter: String, element: Int)?
    }

    /// Checks the backpropagated gradients of `loss` for every parameter
    /// entry of `network` (at most `entriesPerParameter` of each tensor,
    /// evenly spaced) on one batch, in training mode.
    public static func check(
        _ network: Network, input: Matrix, targets: Matrix, loss: Loss, entriesPerParameter: Int = .max
    ) -> NetworkReport {
        var analyticNetwork = network
        let output = analyticNetwork.forward(input, mode: .training)
        analyticNetwork.backward(loss.evaluate(output, targets).gradient)

        func lossValue(_ changed: Network) -> Double {
            var copy = changed
            return loss(copy.forward(input, mode: .training), targets)
        }

        var checked = 0
        var largest = 0.0
        var worst: (layer: Int, parameter: String, element: Int)?
        for (layerIndex, layer) in analyticNetwork.layers.enumerated() {
            for (parameterIndex, parameter) in layer.parameters.enumerated() {
                let count = parameter.value.elements.count
                let stride = max(1, count / max(1, min(entriesPerParameter, count)))
                for element in Swift.stride(from: 0, to: count, by: stride) {
                    let value = parameter.value.elements[element]
                    let h = step(at: value)
                    func shifted(by delta: Double) -> Network {
                        var copy = network
                        var index = 0
                        copy.layers[layerIndex].updateParameters { p in
                            if index == parameterIndex { p.value.elements[element] = value + delta }
                            index += 1
                        }
                        return copy
                    }
                    let (right, left) = (lossValue(shifted(by: h)), lossValue(shifted(by: -h)))
                    let numeric = (right - left) / (2 * h)
                    let noise = 8 * Double.ulpOfOne * max(abs(right), abs(left)) / h
                    let analytic = parameter.gradient.elements[element]
                    let scale = abs(analytic) + abs(numeric)
                    let error = scale == 0 ? 0 : max(0, abs(analytic - numeric) - noise) / scale
                    checked += 1
                    if error > largest {
                        largest = error
                        worst = (layerIndex, parameter.name, element)
                    }
                }
            }
        }
        return NetworkReport(checkedEntries: checked, largestRelativeError: largest, worst: worst)
    }
}
