// The convergence experiment of the comparison lesson: how many epochs a
// small MLP needs to classify two moons.
//
// Setup (fixed by the series): the kit's `DataSet.twoMoons` with 200 points
// (t evenly on [0, π], 100 a class, class 0 = (cos t, sin t), class 1 =
// (1 − cos t, 0.5 − sin t), noise σ = 0.1); an MLP 2 → 16 → 16 → 1 with the
// activation on both hidden layers and a linear output read as a logit;
// binary cross-entropy from logits (a sigmoid output with cross-entropy);
// full-batch updates; the count of epochs until the training accuracy
// first reaches 95 %, capped. The network is written by hand on flat
// buffers, with no allocation per epoch, to keep the 500 runs quick.
import Foundation
import PrimerKit

/// How the two-moons network is trained.
enum MoonsOptimizer: Hashable, Sendable, CustomStringConvertible {
    /// Full-batch gradient descent with this rate.
    case gradientDescent(Double)
    /// Adam with this rate and PyTorch's defaults otherwise.
    case adam(Double)

    var description: String {
        switch self {
        case .gradientDescent(let rate): "GD, η = \(format(rate))"
        case .adam(let rate): "Adam, η = \(format(rate))"
        }
    }

    static let all: [MoonsOptimizer] = [.gradientDescent(0.1), .gradientDescent(0.5), .gradientDescent(2), .adam(0.01)]
}

/// One configuration of the two-moons experiment.
struct MoonsSetup: Sendable {
    var activation: Activation
    var initializer: Initializer
    var optimizer: MoonsOptimizer
    var cap = 5000
    var target = 0.95
    var hidden = 16
}

/// What one run shows.
struct MoonsRun: Sendable {
    /// Epochs (full-batch updates) before the accuracy first reached the
    /// target; nil when it did not within the cap.
    var epochs: Int?
    /// The training accuracy at the end.
    var finalAccuracy: Double
    /// The epochs counted for medians: `epochs`, or the cap for a capped run.
    func counted(cap: Int) -> Double { Double(epochs ?? cap) }
}

/// Builds the data and the network from `seed` (the 200 points first, then
/// the weights layer by layer, from one `SeededGenerator(seed:)`, so that
/// runs with the same seed and initializer start from the same numbers
/// whatever the activation) and trains until the target accuracy or the cap.
func trainMoons(_ setup: MoonsSetup, seed: UInt64) -> MoonsRun {
    var generator = SeededGenerator(seed: seed)
    let data = DataSet.twoMoons(count: 200, noise: 0.1, using: &generator)
    let h = setup.hidden
    let sizes = [2, h, h, 1]
    let layers = (1..<sizes.count).map { index in
        setup.initializer.matrix(fanIn: sizes[index - 1], fanOut: sizes[index], using: &generator).elements
    }
    let net = MoonsNetwork(
        inputs: data.inputs.elements, labels: data.labels, weights: layers, activation: setup.activation)
    defer { net.deallocate() }
    for epoch in 0...setup.cap {
        let accuracy = net.forwardAndAccuracy()
        if accuracy >= setup.target { return MoonsRun(epochs: epoch, finalAccuracy: accuracy) }
        if epoch == setup.cap { return MoonsRun(epochs: nil, finalAccuracy: accuracy) }
        net.backward()
        switch setup.optimizer {
        case .gradientDescent(let rate): net.descend(rate: rate)
        case .adam(let rate): net.adam(rate: rate)
        }
    }
    return MoonsRun(epochs: nil, finalAccuracy: .nan)
}

/// The 2 → h → h → 1 network on raw buffers, full batch.
final class MoonsNetwork {
    let n: Int
    let h: Int
    let activation: Activation
    let x, y: UnsafeMutablePointer<Double>
    /// Parameters in one buffer (w1, b1, w2, b2, w3, b3), their gradients,
    /// and Adam's two moments.
    let parameters, gradients, m, v: UnsafeMutablePointer<Double>
    let count: Int
    var step = 0
    var decay1 = 1.0
    var decay2 = 1.0
    // Pre-activations, activations, derivatives, backward scratch.
    let z1, a1, d1, z2, a2, d2, out, delta1, delta2, dout: UnsafeMutablePointer<Double>

    var w1: UnsafeMutablePointer<Double> { parameters }
    var b1: UnsafeMutablePointer<Double> { parameters + 2 * h }
    var w2: UnsafeMutablePointer<Double> { parameters + 3 * h }
    var b2: UnsafeMutablePointer<Double> { parameters + 3 * h + h * h }
    var w3: UnsafeMutablePointer<Double> { parameters + 4 * h + h * h }
    var b3: UnsafeMutablePointer<Double> { parameters + 5 * h + h * h }

    init(inputs: [Double], labels: [Int], weights: [[Double]], activation: Activation) {
        n = labels.count
        h = weights[0].count / 2
        self.activation = activation
        func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
            return pointer
        }
        count = 5 * h + h * h + 1
        (parameters, gradients, m, v) = (buffer(count), buffer(count), buffer(count), buffer(count))
        (x, y) = (buffer(2 * n), buffer(n))
        for i in 0..<2 * n { x[i] = inputs[i] }
        for i in 0..<n { y[i] = Double(labels[i]) }
        let size = n * h
        (z1, a1, d1) = (buffer(size), buffer(size), buffer(size))
        (z2, a2, d2) = (buffer(size), buffer(size), buffer(size))
        (out, delta1, delta2, dout) = (buffer(n), buffer(n * h), buffer(n * h), buffer(n))
        // Biases stay zero; weights as drawn.
        for i in 0..<2 * h { parameters[i] = weights[0][i] }
        let w2 = parameters + 3 * h
        for i in 0..<h * h { w2[i] = weights[1][i] }
        let w3 = parameters + 4 * h + h * h
        for i in 0..<h { w3[i] = weights[2][i] }
    }

    func deallocate() {
        for pointer in [x, y, parameters, gradients, m, v, z1, a1, d1, z2, a2, d2, out, delta1, delta2, dout] {
            pointer.deallocate()
        }
    }

    private func activate(
        _ z: UnsafeMutablePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>
    ) {
        let input = UnsafeBufferPointer(start: z, count: n * h)
        activation.apply(input, into: UnsafeMutableBufferPointer(start: a, count: n * h))
        activation.applyDerivative(input, into: UnsafeMutableBufferPointer(start: d, count: n * h))
    }

    /// The forward pass over all points; returns the accuracy (logit > 0
    /// means class 1).
    func forwardAndAccuracy() -> Double {
        let (w1, b1, w2, b2, w3, b3) = (self.w1, self.b1, self.w2, self.b2, self.w3, self.b3[0])
        for i in 0..<n {
            let (x0, x1) = (x[2 * i], x[2 * i + 1])
            let row = z1 + i * h
            for j in 0..<h { row[j] = b1[j] + x0 * w1[j] + x1 * w1[h + j] }
        }
        activate(z1, a1, d1)
        for i in 0..<n {
            let row = z2 + i * h
            let input = a1 + i * h
            for j in 0..<h { row[j] = b2[j] }
            for p in 0..<h {
                let value = input[p]
                let weights = w2 + p * h
                for j in 0..<h { row[j] += value * weights[j] }
            }
        }
        activate(z2, a2, d2)
        var correct = 0
        for i in 0..<n {
            let input = a2 + i * h
            var logit = b3
            for j in 0..<h { logit += input[j] * w3[j] }
            out[i] = logit
            if (logit > 0 ? 1.0 : 0.0) == y[i] { correct += 1 }
        }
        return Double(correct) / Double(n)
    }

    /// Gradients of the mean binary cross-entropy from the last forward pass.
    func backward() {
        gradients.update(repeating: 0, count: count)
        let (gw1, gb1, gw2, gb2) = (gradients, gradients + 2 * h, gradients + 3 * h, gradients + 3 * h + h * h)
        let (gw3, gb3) = (gradients + 4 * h + h * h, gradients + 5 * h + h * h)
        let (w2, w3) = (self.w2, self.w3)
        let scale = 1 / Double(n)
        for i in 0..<n {
            let logit = out[i]
            // σ(z) − y, computed stably.
            let p = logit >= 0 ? 1 / (1 + exp(-logit)) : exp(logit) / (1 + exp(logit))
            dout[i] = (p - y[i]) * scale
        }
        for i in 0..<n {
            let g = dout[i]
            gb3[0] += g
            let input = a2 + i * h
            let derivative = d2 + i * h
            let back = delta2 + i * h
            for j in 0..<h {
                gw3[j] += g * input[j]
                back[j] = g * w3[j] * derivative[j]
            }
        }
        for i in 0..<n {
            let back = delta2 + i * h
            let input = a1 + i * h
            for j in 0..<h { gb2[j] += back[j] }
            for p in 0..<h {
                let value = input[p]
                let row = gw2 + p * h
                for j in 0..<h { row[j] += value * back[j] }
            }
            let derivative = d1 + i * h
            let back1 = delta1 + i * h
            for p in 0..<h {
                let weights = w2 + p * h
                var sum = 0.0
                for j in 0..<h { sum += back[j] * weights[j] }
                back1[p] = sum * derivative[p]
            }
        }
        for i in 0..<n {
            let back = delta1 + i * h
            let (x0, x1) = (x[2 * i], x[2 * i + 1])
            for j in 0..<h {
                gb1[j] += back[j]
                gw1[j] += x0 * back[j]
                gw1[h + j] += x1 * back[j]
            }
        }
    }

    func descend(rate: Double) {
        for k in 0..<count { parameters[k] -= rate * gradients[k] }
    }

    /// Adam as the kit writes it (PyTorch's formulas).
    func adam(rate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        decay1 *= beta1
        decay2 *= beta2
        let stepSize = rate / (1 - decay1)
        let correction2 = (1 - decay2).squareRoot()
        for k in 0..<count {
            let g = gradients[k]
            m[k] = beta1 * m[k] + (1 - beta1) * g
            v[k] = beta2 * v[k] + (1 - beta2) * g * g
            parameters[k] -= stepSize * m[k] / (v[k].squareRoot() / correction2 + epsilon)
        }
    }
}

/// One setup over seeds.
struct MoonsSummary: Sendable {
    var setup: MoonsSetup
    var runs: [MoonsRun]

    var cappedCount: Int { runs.filter { $0.epochs == nil }.count }
    /// Epochs to the target over seeds, capped runs counted at the cap.
    var epochs: SeedSpread { SeedSpread(runs.map { $0.counted(cap: setup.cap) }) }
    var counted: [Double] { runs.map { $0.counted(cap: setup.cap) } }
}

/// Runs `setup` for every seed (1…20 by default).
func moonsSummary(_ setup: MoonsSetup, seeds: ClosedRange<UInt64> = 1...20) -> MoonsSummary {
    MoonsSummary(setup: setup, runs: seeds.map { trainMoons(setup, seed: $0) })
}

/// On how many seeds `a` reached the target in strictly fewer epochs than
/// `b` (a capped run counts as the cap, so two capped runs tie), and how
/// many ties.
func pairedWins(_ a: MoonsSummary, _ b: MoonsSummary) -> (wins: Int, ties: Int, seeds: Int) {
    let pairs = zip(a.counted, b.counted)
    return (pairs.filter { $0 < $1 }.count, pairs.filter { $0 == $1 }.count, a.runs.count)
}
