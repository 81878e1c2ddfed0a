/// Batch normalization (Ioffe and Szegedy, 2015): each feature is
/// normalized to zero mean and unit variance over the batch, then scaled
/// by γ and shifted by β, which are learned.
///
/// In training mode the batch's own statistics are used and running
/// averages are updated (PyTorch's convention: momentum 0.1, the unbiased
/// variance for the running average); in inference mode the running
/// averages are used, so a single example gets the same output as in any
/// batch.
///
/// Like `Dense`, the layer writes each pass over the matrices of the last
/// one, with the arithmetic of the formulas below in the same order.
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
    /// The batch's mean and variance per feature (forward), and the two
    /// means of the backward pass.
    private var statistics = Statistics()
    /// g·γ, the output gradient scaled, from the last backward pass.
    private var scaled = Matrix.empty

    private struct Statistics {
        var mean: [Double] = []
        var variance: [Double] = []
    }

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

    public func forEachParameter(_ body: (Parameter) -> Void) {
        body(scale)
        body(shift)
    }

    /// mean = Σx / N and variance = Σ(x + (−mean))² / N over the batch
    /// (training) or the running averages (inference); x̂ = (x + (−mean))·σ⁻¹
    /// with σ⁻¹ = 1/√(variance + ε), and y = x̂·γ + β.
    public mutating func forward(_ input: Matrix, mode: Mode) -> Matrix {
        let features = scale.value.columns
        precondition(input.columns == features, "\(input.columns) features for batch normalization over \(features)")
        let (rows, count) = (input.rows, Double(input.rows))
        var statistics = Statistics()
        swap(&statistics, &self.statistics)
        if mode == .training {
            precondition(input.rows > 1, "batch normalization needs at least two examples to train")
            input.elements.withUnsafeBufferPointer { x in
                LargeArray.overwrite(&statistics.mean, count: features) { mean in
                    Self.columnSums(rows: rows, columns: features, into: mean) { x[$0] }
                    for j in 0..<features { mean[j] /= count }
                }
                statistics.mean.withUnsafeBufferPointer { mean in
                    LargeArray.overwrite(&statistics.variance, count: features) { variance in
                        Self.columnSums(rows: rows, columns: features, into: variance) { index in
                            let centered = x[index] + -mean[index % features]
                            return centered * centered
                        }
                        for j in 0..<features { variance[j] /= count }
                    }
                }
            }
            for j in 0..<features {
                runningMean[j] = (1 - momentum) * runningMean[j] + momentum * statistics.mean[j]
                runningVariance[j] =
                    (1 - momentum) * runningVariance[j] + momentum * statistics.variance[j] * count / (count - 1)
            }
        } else {
            statistics.mean.assign(runningMean)
            statistics.variance.assign(runningVariance)
        }
        let epsilon = self.epsilon
        statistics.variance.withUnsafeBufferPointer { variance in
            LargeArray.overwrite(&inverseDeviation, count: features) { deviation in
                for j in 0..<features { deviation[j] = 1 / (variance[j] + epsilon).squareRoot() }
            }
        }
        lastMode = mode
        normalized.overwrite(rows: rows, columns: features) { normalized in
            input.elements.withUnsafeBufferPointer { x in
                statistics.mean.withUnsafeBufferPointer { mean in
                    inverseDeviation.withUnsafeBufferPointer { deviation in
                        for index in 0..<rows * features {
                            let j = index % features
                            normalized[index] = (x[index] + -mean[j]) * deviation[j]
                        }
                    }
                }
            }
        }
        output.overwrite(rows: rows, columns: features) { output in
            normalized.elements.withUnsafeBufferPointer { normalized in
                scale.value.elements.withUnsafeBufferPointer { gamma in
                    shift.value.elements.withUnsafeBufferPointer { beta in
                        for index in 0..<rows * features {
                            let j = index % features
                            output[index] = normalized[index] * gamma[j] + beta[j]
                        }
                    }
                }
            }
        }
        swap(&statistics, &self.statistics)
        return output
    }

    /// With N examples and g = γ·∂L/∂y, the gradient with respect to the
    /// input is (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) in training mode, where
    /// the batch's mean and variance depend on every input; in inference
    /// mode it is g/σ.
    public mutating func backward(_ outputGradient: Matrix) -> Matrix {
        let (rows, features) = (outputGradient.rows, outputGradient.columns)
        outputGradient.columnSums(into: &shift.gradient)
        let training = lastMode == .training
        let count = Double(rows)
        var statistics = Statistics()
        swap(&statistics, &self.statistics)
        outputGradient.elements.withUnsafeBufferPointer { g in
            normalized.elements.withUnsafeBufferPointer { normalized in
                scale.gradient.overwrite(rows: 1, columns: features) { scaleGradient in
                    Self.columnSums(rows: rows, columns: features, into: scaleGradient) { g[$0] * normalized[$0] }
                }
                scale.value.elements.withUnsafeBufferPointer { gamma in
                    scaled.overwrite(rows: rows, columns: features) { scaled in
                        for index in 0..<rows * features { scaled[index] = g[index] * gamma[index % features] }
                    }
                }
                guard training else { return }
                scaled.elements.withUnsafeBufferPointer { scaled in
                    // −mean(g·γ) and −mean(g·γ·x̂), in the two statistics' arrays.
                    LargeArray.overwrite(&statistics.mean, count: features) { meanGradient in
                        Self.columnSums(rows: rows, columns: features, into: meanGradient) { scaled[$0] }
                        for j in 0..<features { meanGradient[j] = -meanGradient[j] / count }
                    }
                    LargeArray.overwrite(&statistics.variance, count: features) { meanProduct in
                        Self.columnSums(rows: rows, columns: features, into: meanProduct) { scaled[$0] * normalized[$0] }
                        for j in 0..<features { meanProduct[j] = -meanProduct[j] / count }
                    }
                }
            }
        }
        inputGradient.overwrite(rows: rows, columns: features) { gradient in
            scaled.elements.withUnsafeBufferPointer { scaled in
                inverseDeviation.withUnsafeBufferPointer { deviation in
                    guard training else {
                        for index in 0..<rows * features { gradient[index] = scaled[index] * deviation[index % features] }
                        return
                    }
                    normalized.elements.withUnsafeBufferPointer { normalized in
                        statistics.mean.withUnsafeBufferPointer { meanGradient in
                            statistics.variance.withUnsafeBufferPointer { meanProduct in
                                for index in 0..<rows * features {
                                    let j = index % features
                                    let correction = normalized[index] * meanProduct[j]
                                    gradient[index] = (scaled[index] + meanGradient[j] + correction) * deviation[j]
                                }
                            }
                        }
                    }
                }
            }
        }
        swap(&statistics, &self.statistics)
        return inputGradient
    }

    public mutating func updateParameters(_ update: (inout Parameter) -> Void) {
        update(&scale)
        update(&shift)
    }

    /// target[j] = Σ_i value(i·columns + j), added row after row from 0, as
    /// `Matrix.columnSums` adds.
    @inline(__always)
    private static func columnSums(
        rows: Int, columns: Int, into target: UnsafeMutableBufferPointer<Double>, _ value: (Int) -> Double
    ) {
        target.initialize(repeating: 0)
        for i in 0..<rows {
            let offset = i * columns
            for j in 0..<columns { target[j] += value(offset + j) }
        }
    }
}

extension [Double] {
    /// `other`'s elements copied over this array, in place when possible.
    fileprivate mutating func assign(_ other: [Double]) {
        LargeArray.overwrite(&self, count: other.count) { target in
            for i in 0..<other.count { target[i] = other[i] }
        }
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
