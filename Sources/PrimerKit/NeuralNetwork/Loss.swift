/// What training minimizes, with its gradient for backpropagation.
///
/// Each loss is a mean (over all elements for the squared error and the
/// binary cross-entropy, over examples for the softmax cross-entropy, as
/// in PyTorch). The cross-entropies take logits, not probabilities, and
/// are computed in the stable log-sum-exp and softplus forms, so that a
/// confident wrong prediction gives a large loss, not ∞ or NaN.
public enum Loss: Sendable, CaseIterable, CustomStringConvertible {
    /// mean((prediction − target)²).
    case meanSquaredError
    /// −mean over examples of Σ target·log softmax(logits); targets are
    /// probabilities per row, usually one-hot (`Matrix.oneHot`).
    case softmaxCrossEntropy
    /// mean of −[y·log σ(z) + (1 − y)·log(1 − σ(z))] for logits z and
    /// targets y in [0, 1].
    case binaryCrossEntropyFromLogits

    public var description: String {
        switch self {
        case .meanSquaredError: "mean squared error"
        case .softmaxCrossEntropy: "softmax cross-entropy"
        case .binaryCrossEntropyFromLogits: "binary cross-entropy (logits)"
        }
    }

    public func callAsFunction(_ predictions: Matrix, _ targets: Matrix) -> Double {
        evaluate(predictions, targets).value
    }

    /// The gradient with respect to the predictions (the logits).
    public func gradient(_ predictions: Matrix, _ targets: Matrix) -> Matrix {
        evaluate(predictions, targets).gradient
    }

    /// The loss and its gradient with respect to the predictions, together
    /// since they share most of their work.
    public func evaluate(_ predictions: Matrix, _ targets: Matrix) -> (value: Double, gradient: Matrix) {
        precondition(
            predictions.rows == targets.rows && predictions.columns == targets.columns,
            "predictions are \(predictions.rows)×\(predictions.columns), targets \(targets.rows)×\(targets.columns)")
        switch self {
        case .meanSquaredError:
            let difference = predictions - targets
            let count = Double(difference.elements.count)
            return (difference.hadamard(difference).sum / count, (2 / count) * difference)
        case .softmaxCrossEntropy:
            let logProbabilities = predictions.logSoftmax()
            let count = Double(predictions.rows)
            let value = -logProbabilities.hadamard(targets).sum / count
            // ∂/∂z of −Σ y·log softmax(z) is softmax(z)·Σy − y.
            var gradient = logProbabilities.map { ExpKernel.exp(nonPositive: $0) }
            for i in 0..<predictions.rows {
                let mass = targets.row(i).reduce(0, +)
                for j in 0..<predictions.columns {
                    gradient[i, j] = (gradient[i, j] * mass - targets[i, j]) / count
                }
            }
            return (value, gradient)
        case .binaryCrossEntropyFromLogits:
            // max(z, 0) − z·y + log(1 + e^−|z|) = softplus(z) − z·y.
            let softplus = SoftplusKernel()
            let count = Double(predictions.elements.count)
            var total = 0.0
            for (z, y) in zip(predictions.elements, targets.elements) { total += softplus(z) - z * y }
            let gradient = predictions.applying(.sigmoid) - targets
            return (total / count, (1 / count) * gradient)
        }
    }
}

extension Matrix {
    /// Rows of one-hot vectors: row i has a 1 in column `labels[i]`.
    public static func oneHot(_ labels: [Int], classes: Int) -> Matrix {
        var result = Matrix(rows: labels.count, columns: classes)
        for (i, label) in labels.enumerated() {
            precondition(label >= 0 && label < classes, "label \(label) is not one of \(classes) classes")
            result[i, label] = 1
        }
        return result
    }

    /// log softmax of each row, as z − max − log Σ e^(z − max), which
    /// neither overflows nor takes the logarithm of an underflowed zero.
    public func logSoftmax() -> Matrix {
        var result = self
        for i in 0..<rows {
            let row = self.row(i)
            let largest = row.max() ?? 0
            var sum = 0.0
            for z in row { sum += ExpKernel.exp(nonPositive: z - largest) }
            let logSum = LogKernel.log(sum)
            for j in 0..<columns { result[i, j] = row[j] - largest - logSum }
        }
        return result
    }

    /// softmax of each row: probabilities from logits.
    public func softmax() -> Matrix {
        logSoftmax().map { ExpKernel.exp(nonPositive: $0) }
    }
}
