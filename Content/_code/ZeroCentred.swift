// The two-weight experiment of the zero-centred lesson (and of tanh's).
//
// One neuron ŷ = w·a with two weights and no bias; 200 inputs a = σ(u),
// tanh(u), σ(u) − mean σ(u) or BN(σ(u)), u ∈ R² standard normal; teacher
// w* = (1, −1) and exact targets y = w*·a; start w = 0; loss ½(ŷ − y)².
// Trained by SGD with batch size 1 (samples in order, cycling) or by
// full-batch gradient descent, until ‖w − w*‖ ≤ 10⁻³ or a cap on the steps.
import PrimerFigures
import PrimerKit

/// What the neuron's two inputs are.
enum NeuronInput: CaseIterable, Sendable {
    /// σ(u): always positive, mean about 0.5.
    case sigmoid
    /// tanh(u): zero-centred.
    case tanh
    /// σ(u) minus its mean over the 200 rows.
    case centredSigmoid
    /// σ(u) through the kit's `BatchNormalization` (training mode).
    case batchNormalized

    /// A short name for tables and legends, the same in every language.
    var symbol: String {
        switch self {
        case .sigmoid: "σ(u)"
        case .tanh: "tanh(u)"
        case .centredSigmoid: "σ(u) − mean"
        case .batchNormalized: "BN(σ(u))"
        }
    }
}

/// The 200 inputs (one row each) and their exact targets y = w*·a.
struct NeuronData: Sendable {
    var inputs: Matrix
    var targets: [Double]
    static let teacher = [1.0, -1.0]

    /// AᵀA / n, the Hessian of the full-batch loss.
    var hessian: (a: Double, b: Double, c: Double) {
        let n = Double(inputs.rows)
        var (a, b, c) = (0.0, 0.0, 0.0)
        for i in 0..<inputs.rows {
            let (x1, x2) = (inputs[i, 0], inputs[i, 1])
            a += x1 * x1
            b += x1 * x2
            c += x2 * x2
        }
        return (a / n, b / n, c / n)
    }

    /// The eigenvalues of AᵀA / n, largest first.
    var eigenvalues: (Double, Double) {
        let (a, b, c) = hessian
        let mean = (a + c) / 2
        let radius = (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
        return (mean + radius, mean - radius)
    }

    /// λ_max / λ_min of AᵀA / n.
    var conditionNumber: Double { eigenvalues.0 / eigenvalues.1 }

    /// The mean of each input column.
    var columnMeans: [Double] { inputs.columnSums().elements.map { $0 / Double(inputs.rows) } }

    /// The full-batch loss ½ · mean (w·a − y)² at (w1, w2).
    func loss(_ w1: Double, _ w2: Double) -> Double {
        let (a, b, c) = hessian
        let (e1, e2) = (w1 - Self.teacher[0], w2 - Self.teacher[1])
        return 0.5 * (a * e1 * e1 + 2 * b * e1 * e2 + c * e2 * e2)
    }
}

/// The inputs of `kind` from `seed`: u is 200 × 2 standard normal, drawn
/// row by row from `SeededGenerator(seed:)`; every kind uses the same u.
func neuronData(_ kind: NeuronInput, seed: UInt64, count: Int = 200) -> NeuronData {
    var generator = SeededGenerator(seed: seed)
    let u = Matrix(rows: count, columns: 2, elements: generator.normal(count: 2 * count))
    var inputs: Matrix
    switch kind {
    case .sigmoid:
        inputs = u.applying(.sigmoid)
    case .tanh:
        inputs = u.applying(.tanh)
    case .centredSigmoid:
        let positive = u.applying(.sigmoid)
        let means = positive.columnSums().elements.map { -$0 / Double(count) }
        inputs = positive.addingToEachRow(Matrix(row: means))
    case .batchNormalized:
        var normalization = BatchNormalization(features: 2)
        inputs = normalization.forward(u.applying(.sigmoid), mode: .training)
    }
    let targets = (0..<count).map { NeuronData.teacher[0] * inputs[$0, 0] + NeuronData.teacher[1] * inputs[$0, 1] }
    return NeuronData(inputs: inputs, targets: targets)
}

/// How the weights are updated.
enum DescentMethod: CaseIterable, Sendable {
    /// One sample per step, in order, cycling.
    case stochastic
    /// The mean gradient over all 200 samples per step.
    case fullBatch
}

/// One training run of the neuron.
struct DescentRun: Sendable {
    /// Updates made until ‖w − w*‖ ≤ 10⁻³ (or the cap).
    var steps: Int
    var converged: Bool
    /// Among the updates that moved both weights, the fraction in which
    /// Δw1 and Δw2 had the same sign.
    var sameSignFraction: Double
    /// Updates that moved both weights, and those of them with one sign.
    var movingUpdates: Int
    var sameSignUpdates: Int
    /// Σ‖Δw‖ over ‖w* − w0‖: 1 for a straight path.
    var pathRatio: Double
    /// The iterates, when asked for (at most `pathLimit` of them).
    var path: [Point]
}

/// The most updates a run may make before it counts as not converged.
let neuronStepCap = 100_000

/// Trains the neuron from w = 0 at `learningRate`.
func trainNeuron(
    _ data: NeuronData, method: DescentMethod, learningRate: Double,
    tolerance: Double = 1e-3, cap: Int = neuronStepCap, pathLimit: Int = 0
) -> DescentRun {
    let teacher = NeuronData.teacher
    var (w1, w2) = (0.0, 0.0)
    func error() -> Double {
        ((w1 - teacher[0]) * (w1 - teacher[0]) + (w2 - teacher[1]) * (w2 - teacher[1])).squareRoot()
    }
    let distance = error()
    var path = pathLimit > 0 ? [Point(w1, w2)] : []
    var (steps, both, same, length) = (0, 0, 0, 0.0)
    let n = data.inputs.rows
    let x = data.inputs.elements
    let y = data.targets
    var current = distance
    while current > tolerance && steps < cap && current.isFinite && current < 1e6 {
        var (g1, g2) = (0.0, 0.0)
        switch method {
        case .stochastic:
            let i = steps % n
            let residual = w1 * x[2 * i] + w2 * x[2 * i + 1] - y[i]
            (g1, g2) = (residual * x[2 * i], residual * x[2 * i + 1])
        case .fullBatch:
            for i in 0..<n {
                let residual = w1 * x[2 * i] + w2 * x[2 * i + 1] - y[i]
                g1 += residual * x[2 * i]
                g2 += residual * x[2 * i + 1]
            }
            (g1, g2) = (g1 / Double(n), g2 / Double(n))
        }
        let (d1, d2) = (-learningRate * g1, -learningRate * g2)
        w1 += d1
        w2 += d2
        steps += 1
        if d1 != 0 && d2 != 0 {
            both += 1
            if (d1 > 0) == (d2 > 0) { same += 1 }
        }
        length += (d1 * d1 + d2 * d2).squareRoot()
        if path.count < pathLimit { path.append(Point(w1, w2)) }
        current = error()
    }
    return DescentRun(
        steps: steps, converged: current <= tolerance,
        sameSignFraction: both > 0 ? Double(same) / Double(both) : .nan,
        movingUpdates: both, sameSignUpdates: same,
        pathRatio: length / distance, path: path)
}

/// One input, one method, one rate, over seeds.
struct DescentSummary: Sendable {
    var input: NeuronInput
    var method: DescentMethod
    var learningRate: Double
    var runs: [DescentRun]
    var conditionNumbers: [Double]

    var steps: SeedSpread { SeedSpread(runs.map { Double($0.steps) }) }
    /// Runs that hit the cap (or diverged) instead of converging.
    var failures: Int { runs.filter { !$0.converged }.count }
    var sameSign: SeedSpread { SeedSpread(runs.map(\.sameSignFraction)) }
    var pathRatio: SeedSpread { SeedSpread(runs.map(\.pathRatio)) }
    var conditionNumber: SeedSpread { SeedSpread(conditionNumbers) }
}

/// The seeds of the experiment.
let neuronSeeds: ClosedRange<UInt64> = 1...10

/// The learning-rate grid: 2⁻⁴ … 2⁷.
let neuronRateGrid: [Double] = (-4...7).map { pow2($0) }

private func pow2(_ k: Int) -> Double {
    k >= 0 ? Double(1 << k) : 1 / Double(1 << -k)
}

/// Trains on every seed's data.
func neuronSummary(
    _ input: NeuronInput, method: DescentMethod, learningRate: Double, seeds: ClosedRange<UInt64> = neuronSeeds
) -> DescentSummary {
    let data = seeds.map { neuronData(input, seed: $0) }
    return DescentSummary(
        input: input, method: method, learningRate: learningRate,
        runs: data.map { trainNeuron($0, method: method, learningRate: learningRate) },
        conditionNumbers: data.map(\.conditionNumber))
}

/// The rate of the grid with the fewest median steps among those at which
/// every seed converges (the first such rate on a tie).
func bestNeuronSummary(
    _ input: NeuronInput, method: DescentMethod, grid: [Double] = neuronRateGrid
) -> DescentSummary {
    let summaries = grid.map { neuronSummary(input, method: method, learningRate: $0) }
    let converging = summaries.filter { $0.failures == 0 }
    return (converging.isEmpty ? summaries : converging).min { $0.steps.median < $1.steps.median }!
}

/// The largest rate of the grid at which every input converges, with both
/// methods and for every seed: one rate that is fair to all of them.
func commonNeuronRate(grid: [Double] = neuronRateGrid) -> Double {
    let safe = grid.filter { rate in
        NeuronInput.allCases.allSatisfy { input in
            DescentMethod.allCases.allSatisfy { neuronSummary(input, method: $0, learningRate: rate).failures == 0 }
        }
    }
    return safe.max() ?? grid[0]
}

/// One panel of the path figure: the full-batch loss of `input`'s data
/// (seed `seed`) as a heat map, with the SGD and the full-batch paths.
func neuronPathPlot(
    _ input: NeuronInput, learningRate: Double, seed: UInt64 = 1,
    stochasticLabel: String, fullBatchLabel: String, lossLabel: String, stepsUnit: String
) -> Plot {
    let data = neuronData(input, seed: seed)
    let stochastic = trainNeuron(data, method: .stochastic, learningRate: learningRate, pathLimit: 100_000)
    let fullBatch = trainNeuron(data, method: .fullBatch, learningRate: learningRate, pathLimit: 100_000)
    let points = stochastic.path + fullBatch.path
    let (lowX, highX) = (min(-0.15, points.map(\.x).min()!), max(1.15, points.map(\.x).max()!))
    let (lowY, highY) = (min(-1.15, points.map(\.y).min()!), max(0.15, points.map(\.y).max()!))
    return Plot {
        HeatMap(x: lowX...highX, y: lowY...highY, resolution: 60, label: lossLabel) { data.loss($0, $1) }
        Trajectory(stochastic.path, label: "\(stochasticLabel): \(stochastic.steps) \(stepsUnit)")
        Trajectory(fullBatch.path, label: "\(fullBatchLabel): \(fullBatch.steps) \(stepsUnit)")
    }
    .title(input.symbol).xLabel("w₁").yLabel("w₂")
}

/// The mean output of each unit of one sigmoid layer (64 units, Xavier
/// uniform weights, a 256 × 64 standard-normal batch from `seed`), before
/// and after the kit's `BatchNormalization` in training mode.
struct LayerMeans: Sendable {
    var before: [Double]
    var after: [Double]
}

func sigmoidLayerMeans(seed: UInt64, width: Int = 64, batch: Int = 256) -> LayerMeans {
    var generator = SeededGenerator(seed: seed)
    var layer = Dense(inputs: width, outputs: width, activation: .sigmoid, weights: .xavierUniform, using: &generator)
    let inputs = Matrix(rows: batch, columns: width, elements: generator.normal(count: batch * width))
    let outputs = layer.forward(inputs, mode: .training)
    var normalization = BatchNormalization(features: width)
    let normalized = normalization.forward(outputs, mode: .training)
    func means(_ m: Matrix) -> [Double] { m.columnSums().elements.map { $0 / Double(batch) } }
    return LayerMeans(before: means(outputs), after: means(normalized))
}
