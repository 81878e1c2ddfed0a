// The convergence experiment of the comparison lesson: how many epochs a
// small MLP needs to classify two moons.
//
// Setup (fixed by the series): the kit's `DataSet.twoMoons` with 200 points
// (t evenly on [0, π], 100 a class, class 0 = (cos t, sin t), class 1 =
// (1 − cos t, 0.5 − sin t), noise σ = 0.1); an MLP 2 → 16 → 16 → 1 with the
// activation on both hidden layers and a linear output read as a logit;
// binary cross-entropy from logits (a sigmoid output with cross-entropy);
// full-batch updates; the count of epochs until the training accuracy
// first reaches 95 %, capped. The network is the kit's `Network`.
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
    var network = Network(
        sizes: [2, h, h, 1], activation: setup.activation, weights: setup.initializer, using: &generator)
    switch setup.optimizer {
    case .gradientDescent(let rate):
        var optimizer = SGD(learningRate: rate)
        return trainMoons(&network, on: data, setup, optimizer: &optimizer)
    case .adam(let rate):
        var optimizer = Adam(learningRate: rate)
        return trainMoons(&network, on: data, setup, optimizer: &optimizer)
    }
}

/// Full-batch epochs until the training accuracy (a logit > 0 reads as
/// class 1) first reaches the target, or the cap.
private func trainMoons(
    _ network: inout Network, on data: DataSet, _ setup: MoonsSetup, optimizer: inout some Optimizer
) -> MoonsRun {
    let targets = data.binaryTargets
    for epoch in 0...setup.cap {
        let logits = network.forward(data.inputs)
        let correct = zip(logits.elements, targets.elements).filter { ($0 > 0 ? 1.0 : 0.0) == $1 }.count
        let accuracy = Double(correct) / Double(data.count)
        if accuracy >= setup.target { return MoonsRun(epochs: epoch, finalAccuracy: accuracy) }
        if epoch == setup.cap { return MoonsRun(epochs: nil, finalAccuracy: accuracy) }
        network.backward(Loss.binaryCrossEntropyFromLogits.gradient(logits, targets))
        network.update(using: &optimizer)
    }
    return MoonsRun(epochs: nil, finalAccuracy: .nan)
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
