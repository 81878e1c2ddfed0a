// The experiments of the ReLU lesson: the dead-ReLU reproduction on a sine
// curve, sparsity at initialization, and a chain of positive units.
//
// Dead-ReLU setup (fixed by the series): x = 200 points evenly on [−3, 3],
// y = sin x; a network 1 → 100 → 1 with the activation on the hidden layer
// and a linear output; mean squared error; minibatches of 20, reshuffled
// every epoch; 500 epochs. A hidden unit is dead when its pre-activation is
// ≤ 0 for all 200 inputs. The network is the kit's `Network`.
import Foundation
import PrimerFigures
import PrimerKit

/// How the weights and the hidden biases start.
enum HiddenStart: Hashable, Sendable, CustomStringConvertible {
    /// Glorot and Bengio's uniform initialization, zero biases.
    case xavier
    /// He et al.'s normal initialization, zero biases.
    case he
    /// He weights with every hidden bias set to `bias`.
    case heShifted(bias: Double)

    var description: String {
        switch self {
        case .xavier: "Xavier"
        case .he: "He"
        // No-break spaces keep the name on one line in a narrow column.
        case .heShifted(let bias): "He,\u{A0}b\u{A0}=\u{A0}\(format(bias))"
        }
    }

    static let all: [HiddenStart] = [.xavier, .he, .heShifted(bias: -1), .heShifted(bias: -5)]
}

/// How the parameters move.
enum UpdateRule: Hashable, Sendable, CustomStringConvertible {
    /// Plain minibatch SGD.
    case sgd
    /// SGD after scaling the whole gradient down to norm 1 when it is longer.
    case sgdClipped
    /// Adagrad (Duchi et al., 2011), ε = 10⁻¹⁰ as in the kit.
    case adagrad

    var description: String {
        switch self {
        case .sgd: "SGD"
        case .sgdClipped: "SGD, clipped at 1"
        case .adagrad: "Adagrad"
        }
    }

    static let all: [UpdateRule] = [.sgd, .sgdClipped, .adagrad]
}

/// One cell of the dead-ReLU grid.
struct SineSetting: Hashable, Sendable {
    var start: HiddenStart
    var rule: UpdateRule
    var learningRate: Double
    var activation: Activation = .relu
    var hidden = 100
    var epochs = 500
    var batch = 20

    static func == (a: SineSetting, b: SineSetting) -> Bool {
        a.start == b.start && a.rule == b.rule && a.learningRate == b.learningRate
            && a.activation.name == b.activation.name && a.hidden == b.hidden && a.epochs == b.epochs
            && a.batch == b.batch
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(rule)
        hasher.combine(learningRate)
        hasher.combine(activation.name)
    }
}

/// What one training run (one seed) shows.
struct SineRun: Sendable {
    /// The fraction of hidden units dead before the first step.
    var deadAtStart: Double
    /// The fraction dead at the last check (after training, or before the
    /// loss stopped being finite).
    var deadAtEnd: Double
    /// Whether the loss became NaN or ±∞.
    var diverged: Bool
    /// Mean squared error on the 200 points after training (NaN if diverged).
    var finalLoss: Double
    /// Units that were dead at some check and alive at a later one.
    var revived: Int
    /// The largest number of units dead at any check.
    var mostDead: Int
    /// The full-data loss after each epoch.
    var lossCurve: [Double]
    /// The fraction of dead units at the start and after each epoch.
    var deadCurve: [Double]
}

/// The 200 points of the sine task.
struct SineTask {
    static let count = 200
    static let xs: [Double] = (0..<count).map { -3 + 6 * Double($0) / Double(count - 1) }
    static let ys: [Double] = xs.map { sin($0) }
    static let inputs = Matrix(column: xs)
    static let targets = Matrix(column: ys)
}

/// Trains one network of `setting` from `seed` (initial weights, then the
/// epochs' shuffles, from one `SeededGenerator(seed:)`), checking the dead
/// set after every epoch.
func trainSine(_ setting: SineSetting, seed: UInt64) -> SineRun {
    var generator = SeededGenerator(seed: seed)
    let weights: Initializer = setting.start == .xavier ? .xavierUniform : .heNormal
    var hiddenBias = 0.0
    if case .heShifted(let bias) = setting.start { hiddenBias = bias }
    var network = Network([
        Dense(
            inputs: 1, outputs: setting.hidden, activation: setting.activation, weights: weights,
            bias: .constant(hiddenBias), using: &generator),
        Dense(inputs: setting.hidden, outputs: 1, activation: nil, weights: weights, using: &generator),
    ])
    switch setting.rule {
    case .sgd, .sgdClipped:
        var optimizer = SGD(learningRate: setting.learningRate)
        return trainSine(&network, setting, clipping: setting.rule == .sgdClipped, optimizer: &optimizer, using: &generator)
    case .adagrad:
        var optimizer = Adagrad(learningRate: setting.learningRate)
        return trainSine(&network, setting, clipping: false, optimizer: &optimizer, using: &generator)
    }
}

/// Which hidden units are dead on all 200 inputs (pre-activation ≤ 0
/// everywhere), and the mean squared error on them.
func sineCheck(_ network: Network) -> (dead: [Bool], loss: Double) {
    var probe = network
    let output = probe.forward(SineTask.inputs, mode: .inference)
    let preActivation = (probe.layers[0] as! Dense).preActivation
    let dead = (0..<preActivation.columns).map { j in preActivation.column(j).allSatisfy { $0 <= 0 } }
    return (dead, Loss.meanSquaredError(output, SineTask.targets))
}

private func trainSine(
    _ network: inout Network, _ setting: SineSetting, clipping: Bool, optimizer: inout some Optimizer,
    using generator: inout SeededGenerator
) -> SineRun {
    let (n, h) = (SineTask.count, setting.hidden)
    var (dead, _) = sineCheck(network)
    let deadAtStart = Double(dead.filter { $0 }.count) / Double(h)
    var everDead = dead
    var revivedUnits = Set<Int>()
    var mostDead = dead.filter { $0 }.count
    var lossCurve: [Double] = []
    var deadCurve = [deadAtStart]
    var diverged = false
    var order = Array(0..<n)

    training: for _ in 0..<setting.epochs {
        generator.shuffle(&order)
        for start in stride(from: 0, to: n, by: setting.batch) {
            let batch = order[start..<min(start + setting.batch, n)]
            let x = Matrix(column: batch.map { SineTask.xs[$0] })
            let y = Matrix(column: batch.map { SineTask.ys[$0] })
            let (loss, gradient) = Loss.meanSquaredError.evaluate(network.forward(x), y)
            guard loss.isFinite else {
                diverged = true
                break training
            }
            network.backward(gradient)
            if clipping { network.clipGradients(maxNorm: 1) }
            network.update(using: &optimizer)
        }
        let (nowDead, loss) = sineCheck(network)
        if !loss.isFinite {
            diverged = true
            break
        }
        lossCurve.append(loss)
        for j in 0..<h {
            if everDead[j] && !nowDead[j] { revivedUnits.insert(j) }
            if nowDead[j] { everDead[j] = true }
        }
        dead = nowDead
        mostDead = max(mostDead, dead.filter { $0 }.count)
        deadCurve.append(Double(dead.filter { $0 }.count) / Double(h))
    }
    return SineRun(
        deadAtStart: deadAtStart, deadAtEnd: Double(dead.filter { $0 }.count) / Double(h),
        diverged: diverged, finalLoss: diverged ? .nan : (lossCurve.last ?? .nan),
        revived: revivedUnits.count, mostDead: mostDead, lossCurve: lossCurve,
        deadCurve: deadCurve)
}

/// The runs of one setting over seeds, summarized.
struct SineSummary: Sendable {
    var setting: SineSetting
    var runs: [SineRun]

    var finished: [SineRun] { runs.filter { !$0.diverged } }
    var divergedCount: Int { runs.filter(\.diverged).count }
    var deadAtStart: SeedSpread { SeedSpread(runs.map(\.deadAtStart)) }
    /// Over the runs that did not diverge.
    var deadAtEnd: SeedSpread { SeedSpread(finished.map(\.deadAtEnd)) }
    var finalLoss: SeedSpread { SeedSpread(finished.map(\.finalLoss)) }
    var revived: Int { runs.map(\.revived).reduce(0, +) }
    /// The median dead fraction after each epoch, over the runs that did not diverge.
    var medianDeadCurve: [Double] {
        let curves = finished.map(\.deadCurve)
        guard let length = curves.map(\.count).min() else { return [] }
        return (0..<length).map { epoch in SeedSpread(curves.map { $0[epoch] }).median }
    }
    /// The median full-data loss after each epoch, over the runs that did not diverge.
    var medianLossCurve: [Double] {
        let curves = finished.map(\.lossCurve)
        guard let length = curves.map(\.count).min() else { return [] }
        return (0..<length).map { epoch in SeedSpread(curves.map { $0[epoch] }).median }
    }
}

/// Every setting of the grid, each over `seeds`.
func sineGrid(
    starts: [HiddenStart] = HiddenStart.all, rules: [UpdateRule] = UpdateRule.all,
    rates: [Double] = [0.001, 0.01, 0.1, 0.5], activation: Activation = .relu,
    seeds: ClosedRange<UInt64> = 1...10
) -> [SineSummary] {
    var summaries: [SineSummary] = []
    for rule in rules {
        for start in starts {
            for rate in rates {
                let setting = SineSetting(start: start, rule: rule, learningRate: rate, activation: activation)
                summaries.append(SineSummary(setting: setting, runs: seeds.map { trainSine(setting, seed: $0) }))
            }
        }
    }
    return summaries
}

extension Array where Element == SineSummary {
    /// The summary of one cell of the grid.
    func cell(_ start: HiddenStart, _ rule: UpdateRule, _ rate: Double) -> SineSummary? {
        first { $0.setting.start == start && $0.setting.rule == rule && $0.setting.learningRate == rate }
    }
}

/// The fraction of exact zeros in each hidden layer's output, for a ReLU
/// network of `depth` hidden layers of `width` units with He-normal
/// weights and zero biases, on `samples` standard-normal inputs.
func reluSparsity(depth: Int = 10, width: Int = 100, samples: Int = 500, seed: UInt64) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    var network = Network(
        sizes: [Int](repeating: width, count: depth + 1), activation: .relu, outputActivation: .relu,
        weights: .heNormal, bias: .zeros, using: &generator)
    let input = Matrix(rows: samples, columns: width, elements: generator.normal(count: samples * width))
    network.forward(input)
    return network.layers.map { layer in
        let zeros = layer.output.elements.filter { $0 == 0 }.count
        return Double(zeros) / Double(layer.output.elements.count)
    }
}

/// The running product of f′(z₁)·f′(z₂)·…·f′(z_k), k = 1…depth, for
/// pre-activations drawn uniformly from `range`: the factor the activation
/// alone contributes to a gradient flowing back through k units.
func derivativeChain(_ activation: Activation, depth: Int, range: Range<Double> = 0.1..<3, seed: UInt64) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    var product = 1.0
    return (0..<depth).map { _ in
        product *= activation.derivative(generator.uniform(in: range))
        return product
    }
}

/// E[f(X)] for X ~ N(0, 1), by Simpson's rule on [−12, 12] (the tails
/// beyond contribute less than 10⁻³⁰ for the functions of this series).
func gaussianMean(_ f: (Double) -> Double, intervals: Int = 24_000) -> Double {
    let (low, high) = (-12.0, 12.0)
    let step = (high - low) / Double(intervals)
    var sum = 0.0
    for k in 0...intervals {
        let x = low + Double(k) * step
        let weight: Double = k == 0 || k == intervals ? 1 : (k % 2 == 1 ? 4 : 2)
        sum += weight * f(x) * exp(-x * x / 2)
    }
    return sum * step / 3 / (2 * Double.pi).squareRoot()
}

/// "64% (51%–77%)": a spread of fractions as percentages; `bare` drops
/// the signs for tables whose heading says "%": "64 (51–77)".
func percentText(_ spread: SeedSpread, decimals: Int = 0, bare: Bool = false) -> String {
    guard spread.count > 0 else { return "—" }
    let f = bare ? NumberFormat.fixed(decimals) : NumberFormat.percent(decimals)
    let text = { (x: Double) in f.format(bare ? 100 * x : x) }
    if spread.minimum == spread.maximum { return text(spread.median) }
    // No-break joins, so that a narrow table column does not split the range.
    return "\(text(spread.median))\u{A0}(\(text(spread.minimum))\u{2060}–\u{2060}\(text(spread.maximum)))"
}

/// The first epoch (from 1) after which the median loss is at most
/// `level`; NaN if it never is.
func epochsToLoss(_ level: Double, _ summary: SineSummary) -> Double {
    (summary.medianLossCurve.firstIndex { $0 <= level }).map { Double($0 + 1) } ?? .nan
}

/// The grid's rows for one update rule, as a table; the headings and the
/// names of the starts come from the page, in its language.
func sineTable(
    _ grid: [SineSummary], rule: UpdateRule, headings: [String], startName: (HiddenStart) -> String,
    caption: String? = nil
) -> Table {
    let rows: [[Table.Cell]] = grid.filter { $0.setting.rule == rule }.map { summary in
        [
            .text(startName(summary.setting.start)), .number(summary.setting.learningRate),
            .text(percentText(summary.deadAtStart, bare: true)), .text(percentText(summary.deadAtEnd, bare: true)),
            .text("\(summary.divergedCount)/\(summary.runs.count)"),
            .text(summary.finished.isEmpty ? "—" : summary.finalLoss.text(digits: 2)),
        ]
    }
    let columns: [Table.Column] = [
        .text(headings[0]), .number(headings[1], format: .significant(3)), .text(headings[2], alignment: .right),
        .text(headings[3], alignment: .right), .text(headings[4], alignment: .right),
        .text(headings[5], alignment: .right),
    ]
    return Table(columns: columns, rows: rows, caption: caption)
}

/// Dead fraction after training against the learning rate, one line per
/// start, one plot for `rule`; diverged cells leave gaps.
func deadFigure(
    _ grid: [SineSummary], rule: UpdateRule, title: String, xLabel: String, yLabel: String,
    startName: (HiddenStart) -> String
) -> Plot {
    var marks: [Mark] = []
    for start in HiddenStart.all {
        let cells = grid.filter { $0.setting.rule == rule && $0.setting.start == start }
        let rates = cells.map(\.setting.learningRate)
        let dead = cells.map { $0.finished.isEmpty ? Double.nan : $0.deadAtEnd.median }
        marks += Line(x: rates, y: dead, label: startName(start)).marks
    }
    return Plot(marks: marks).title(title).xScale(.log).yDomain(0...1)
        .xLabel(xLabel).yLabel(yLabel).size(width: 640, height: 260)
}
