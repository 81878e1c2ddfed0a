// Gradient flow through depth at initialization, for any activation: the
// experiment of the sigmoid and tanh lessons (and of the comparison lesson).
//
// Setup (fixed by the series): L weight matrices, all 64 × 64, no biases;
// the activation after layers 1…L−1, layer L linear; X and Y of shape
// 256 × 64, standard normal; loss ½ · mean over the batch of ‖out − Y‖².
//
// API (only ever extended, never renamed):
//
//     let setup = DepthSetup(activation: .sigmoid, depth: 10, initializer: .xavierUniform)
//     // optional: bias: .constant(2) shifts every pre-activation (default: no biases)
//     let one = measureDepthGradients(setup, seed: 1)      // one network
//     let all = depthGradientSummary(setup)                // seeds 1…20
//     all.weightNorms[l].median        // ‖∂L/∂W_(l+1)‖_F, median over seeds
//     all.weightRatio                  // ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖ as a SeedSpread
//     all.meanDerivatives[l].median    // mean act′(z_(l+1)), l + 1 = 1…L−1
//     all.shrinkFactors                // ‖∂L/∂z_(l+1)‖ / ‖∂L/∂z_l‖, every seed and layer
//
// Arrays are indexed from 0 for layer 1. Everything is deterministic: a
// seed gives the same numbers on every machine.
import PrimerKit

/// Median, minimum and maximum of a measurement over seeds.
struct SeedSpread: Sendable {
    var median: Double
    var minimum: Double
    var maximum: Double
    var count: Int

    init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        minimum = sorted.first ?? .nan
        maximum = sorted.last ?? .nan
        if sorted.isEmpty {
            median = .nan
        } else if sorted.count % 2 == 1 {
            median = sorted[sorted.count / 2]
        } else {
            median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// "median (min–max)" with `digits` significant digits, with no-break
    /// joins so that a narrow table column does not split it.
    func text(digits: Int = 3) -> String {
        let (m, low, high) = (
            format(median, digits: digits), format(minimum, digits: digits), format(maximum, digits: digits)
        )
        return "\(m)\u{A0}(\(low)\u{2060}–\u{2060}\(high))"
    }
}

/// One configuration of the depth experiment.
struct DepthSetup: Sendable {
    var activation: Activation
    /// L, the number of weight matrices.
    var depth: Int
    var initializer: Initializer
    var width = 64
    var batch = 256
    /// The biases' initial values: zeros (no biases) unless a lesson
    /// shifts the pre-activations on purpose, e.g. `.constant(2)`.
    var bias: Initializer = .zeros
}

/// What one network (one seed) shows at initialization. Index 0 is layer 1.
struct DepthGradients: Sendable {
    /// ‖∂L/∂W_l‖ (Frobenius) for l = 1…L.
    var weightNorms: [Double]
    /// ‖∂L/∂z_l‖ (Frobenius, over the batch) for l = 1…L; z_l = a_(l−1) W_l.
    var preActivationNorms: [Double]
    /// The mean of act′(z_l) over the batch and the units, for l = 1…L−1.
    var meanDerivatives: [Double]

    /// ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖: how much smaller the first layer's gradient is.
    var weightRatio: Double { weightNorms[0] / weightNorms[weightNorms.count - 1] }

    /// ‖∂L/∂z_1‖ / ‖∂L/∂z_L‖.
    var preActivationRatio: Double { preActivationNorms[0] / preActivationNorms[preActivationNorms.count - 1] }

    /// ‖∂L/∂z_(l+1)‖ / ‖∂L/∂z_l‖ for l = 1…L−1: by how much the backward pass
    /// shrinks the gradient on its way through layer l (a value above 1
    /// shrinks it, below 1 amplifies it).
    var shrinkFactors: [Double] {
        (0..<preActivationNorms.count - 1).map { preActivationNorms[$0 + 1] / preActivationNorms[$0] }
    }
}

/// Builds the network of `setup` from `seed` (weights layer by layer, then
/// X, then Y, all from one `SeededGenerator(seed:)`), runs one forward and
/// one backward pass, and reads every layer's gradients.
func measureDepthGradients(_ setup: DepthSetup, seed: UInt64) -> DepthGradients {
    precondition(setup.depth >= 2, "the experiment needs at least two layers")
    var generator = SeededGenerator(seed: seed)
    let sizes = [Int](repeating: setup.width, count: setup.depth + 1)
    var network = Network(
        sizes: sizes, activation: setup.activation, outputActivation: nil,
        weights: setup.initializer, bias: setup.bias, using: &generator)
    let count = setup.batch * setup.width
    let inputs = Matrix(rows: setup.batch, columns: setup.width, elements: generator.normal(count: count))
    let targets = Matrix(rows: setup.batch, columns: setup.width, elements: generator.normal(count: count))
    let output = network.forward(inputs, mode: .training)
    // L = ½ · (1/N) Σ_n ‖out_n − y_n‖², so ∂L/∂out = (out − Y) / N.
    network.backward((1 / Double(setup.batch)) * (output - targets))
    var weightNorms: [Double] = []
    var preActivationNorms: [Double] = []
    var meanDerivatives: [Double] = []
    for (index, layer) in network.layers.enumerated() {
        guard let dense = layer as? Dense else { continue }
        weightNorms.append(dense.weights.gradient.norm)
        preActivationNorms.append(dense.preActivationGradient.norm)
        if index < network.layers.count - 1 {
            meanDerivatives.append(dense.preActivation.applyingDerivative(of: setup.activation).mean)
        }
    }
    return DepthGradients(
        weightNorms: weightNorms, preActivationNorms: preActivationNorms, meanDerivatives: meanDerivatives)
}

/// The depth experiment over several seeds, summarized layer by layer.
struct DepthGradientSummary: Sendable {
    var setup: DepthSetup
    var runs: [DepthGradients]

    private func perLayer(_ values: (DepthGradients) -> [Double]) -> [SeedSpread] {
        guard let first = runs.first else { return [] }
        return (0..<values(first).count).map { layer in SeedSpread(runs.map { values($0)[layer] }) }
    }

    /// ‖∂L/∂W_l‖ over seeds, for l = 1…L.
    var weightNorms: [SeedSpread] { perLayer(\.weightNorms) }
    /// ‖∂L/∂z_l‖ over seeds, for l = 1…L.
    var preActivationNorms: [SeedSpread] { perLayer(\.preActivationNorms) }
    /// Mean act′(z_l) over seeds, for l = 1…L−1.
    var meanDerivatives: [SeedSpread] { perLayer(\.meanDerivatives) }
    /// Per-layer shrink factors over seeds, for l = 1…L−1.
    var shrinkFactorsPerLayer: [SeedSpread] { perLayer(\.shrinkFactors) }

    var weightRatio: SeedSpread { SeedSpread(runs.map(\.weightRatio)) }
    var preActivationRatio: SeedSpread { SeedSpread(runs.map(\.preActivationRatio)) }

    /// Every shrink factor of every seed and layer, pooled.
    var shrinkFactors: [Double] { runs.flatMap(\.shrinkFactors) }
    /// Every mean derivative of every seed and hidden layer, pooled.
    var allMeanDerivatives: [Double] { runs.flatMap(\.meanDerivatives) }
    /// The median over seeds of the weight-gradient norm of each layer.
    var medianWeightNorms: [Double] { weightNorms.map(\.median) }
}

/// Runs `setup` for every seed (20 by default) and keeps each run.
func depthGradientSummary(_ setup: DepthSetup, seeds: ClosedRange<UInt64> = 1...20) -> DepthGradientSummary {
    DepthGradientSummary(setup: setup, runs: seeds.map { measureDepthGradients(setup, seed: $0) })
}

/// The depth experiment for one activation at several depths and with
/// several initializers (by default L = 5, 10, 20 with Xavier uniform and
/// He normal), in that order: depth-major.
func depthStudy(
    _ activation: Activation, depths: [Int] = [5, 10, 20],
    initializers: [Initializer] = [.xavierUniform, .heNormal], seeds: ClosedRange<UInt64> = 1...20
) -> [DepthGradientSummary] {
    depths.flatMap { depth in
        initializers.map { initializer in
            depthGradientSummary(
                DepthSetup(activation: activation, depth: depth, initializer: initializer), seeds: seeds)
        }
    }
}

extension Array where Element == DepthGradientSummary {
    /// The summary for `depth` and the initializers named like `initializer`
    /// and `bias`.
    func summary(depth: Int, _ initializer: Initializer, bias: Initializer = .zeros) -> DepthGradientSummary {
        first {
            $0.setup.depth == depth && $0.setup.initializer.name == initializer.name
                && $0.setup.bias.name == bias.name
        }!
    }
}
