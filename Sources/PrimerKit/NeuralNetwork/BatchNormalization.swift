/// Batch normalization (Ioffe and Szegedy, 2015): each feature is
/// normalized to zero mean and unit variance over the batch, then scaled
/// by γ and shifted by β, which are learned.
///
/// In training mode the batch's own statistics are used and running
/// averages are updated (PyTorch's convention: momentum 0.1, the unbiased
/// variance for the running average); in inference mode the running
/// averages are used, so a single example gets the same output as in any
/// batch.
public struct BatchNormalization: Layer {
    public var scale: Parameter
    public var shift: Parameter
    public private(set) var runningMean: [Double]
    public private(set) var runningVariance: [Double]
    public let momentum: Double
    public let epsilon: Double
    public private(set) var output: Matrix
    public private(set) var inputGradient: Matrix
    /// The normalized input x̂ of the last forward pass.
    public private(set) var normalized: Matrix
    private var inverseDeviation: [Double]
    private var lastMode: Mode

    public init(features: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        scale = Parameter(name: "scale", value: Matrix(rows: 1, columns: features, repeating: 1))
        shift = Parameter(name: "shift", value: Matrix(rows: 1, columns: features))
        runningMean = [Double](repeating: 0, count: features)
        runningVariance = [Double](repeating: 1, count: features)
        self.momentum = momentum
        self.epsilon = epsilon
        let empty = Matrix(rows: 0, columns: 0)
        (output, inputGradient, normalized) = (empty, empty, empty)
        inverseDeviation = []
        lastMode = .training
    }

    public var name: String { "batch normalization (\(scale.value.columns))" }

    public var parameters: [Parameter] { [scale, shift] }

    public mutating func forward(_ input: Matrix, mode: Mode) -> Matrix {
        let features = scale.value.columns
        precondition(input.columns == features, "\(input.columns) features for batch normalization over \(features)")
        let count = Double(input.rows)
        var mean = runningMean
        var variance = runningVariance
        if mode == .training {
            precondition(input.rows > 1, "batch normalization needs at least two examples to train")
            mean = input.columnSums().elements.map { $0 / count }
            let centered = input.addingToEachRow(Matrix(row: mean.map { -$0 }))
            variance = centered.hadamard(centered).columnSums().elements.map { $0 / count }
            for j in 0..<features {
                runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean[j]
                runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance[j] * count / (count - 1)
            }
        }
        inverseDeviation = variance.map { 1 / ($0 + epsilon).squareRoot() }
        lastMode = mode
        let meanRow = Matrix(row: mean.map { -$0 })
        normalized = input.addingToEachRow(meanRow).hadamard(Self.rows(inverseDeviation, count: input.rows))
        output = normalized.hadamard(Self.rows(scale.value.elements, count: input.rows)).addingToEachRow(shift.value)
        return output
    }

    /// With N examples and g = γ·∂L/∂y, the gradient with respect to the
    /// input is (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) in training mode, where
    /// the batch's mean and variance depend on every input; in inference
    /// mode it is g/σ.
    public mutating func backward(_ outputGradient: Matrix) -> Matrix {
        let n = outputGradient.rows
        shift.gradient = outputGradient.columnSums()
        scale.gradient = outputGradient.hadamard(normalized).columnSums()
        let scaled = outputGradient.hadamard(Self.rows(scale.value.elements, count: n))
        if lastMode == .inference {
            inputGradient = scaled.hadamard(Self.rows(inverseDeviation, count: n))
            return inputGradient
        }
        let count = Double(n)
        let meanGradient = scaled.columnSums().elements.map { -$0 / count }
        let meanProduct = scaled.hadamard(normalized).columnSums().elements.map { -$0 / count }
        let correction = normalized.hadamard(Self.rows(meanProduct, count: n))
        inputGradient = (scaled.addingToEachRow(Matrix(row: meanGradient)) + correction)
            .hadamard(Self.rows(inverseDeviation, count: n))
        return inputGradient
    }

    public mutating func updateParameters(_ update: (inout Parameter) -> Void) {
        update(&scale)
        update(&shift)
    }

    /// A matrix of `count` copies of one row.
    private static func rows(_ row: [Double], count: Int) -> Matrix {
        Matrix(row: row).repeatingRow(count)
    }
}

extension Matrix {
    /// `count` copies of a one-row matrix.
    func repeatingRow(_ count: Int) -> Matrix {
        precondition(rows == 1, "only a row can be repeated")
        var elements: [Double] = []
        elements.reserveCapacity(count * columns)
        for _ in 0..<count { elements.append(contentsOf: self.elements) }
        return Matrix(rows: count, columns: columns, elements: elements)
    }
}
