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
        var gradient = Matrix.empty
        let value = evaluate(predictions, targets, gradientInto: &gradient)
        return (value, gradient)
    }

    /// The loss, with its gradient written over `gradient` (a workspace of
    /// `Network.train`).
    func evaluate(_ predictions: Matrix, _ targets: Matrix, gradientInto gradient: inout Matrix) -> Double {
        precondition(
            predictions.rows == targets.rows && predictions.columns == targets.columns,
            "predictions are \(predictions.rows)×\(predictions.columns), targets \(targets.rows)×\(targets.columns)")
        let (rows, columns) = (predictions.rows, predictions.columns)
        var value = 0.0
        gradient.overwrite(rows: rows, columns: columns) { gradient in
            predictions.elements.withUnsafeBufferPointer { z in
                targets.elements.withUnsafeBufferPointer { y in
                    value = evaluate(z, y, rows: rows, columns: columns, gradient: gradient)
                }
            }
        }
        return value
    }

    /// The loss over buffers of `rows` × `columns` predictions `z` and
    /// targets `y`, and its gradient. Each sum adds its terms in the order
    /// of the elements, from 0, as `Array.reduce` would.
    private func evaluate(
        _ z: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, rows: Int, columns: Int,
        gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        switch self {
        case .meanSquaredError:
            let count = Double(z.count)
            let scale = 2 / count
            var squares = 0.0
            for i in 0..<z.count {
                let difference = z[i] - y[i]
                squares += difference * difference
                gradient[i] = scale * difference
            }
            return squares / count
        case .softmaxCrossEntropy:
            // The log-probabilities go into `gradient` first.
            Matrix.logSoftmax(z, rows: rows, columns: columns, into: gradient)
            let count = Double(rows)
            var total = 0.0
            for i in 0..<z.count { total += gradient[i] * y[i] }
            // ∂/∂z of −Σ y·log softmax(z) is softmax(z)·Σy − y.
            for i in 0..<rows {
                var mass = 0.0
                for j in 0..<columns { mass += y[i * columns + j] }
                for j in 0..<columns {
                    let index = i * columns + j
                    gradient[index] = (ExpKernel.exp(nonPositive: gradient[index]) * mass - y[index]) / count
                }
            }
            return -total / count
        case .binaryCrossEntropyFromLogits:
            // max(z, 0) − z·y + log(1 + e^−|z|) = softplus(z) − z·y.
            let softplus = SoftplusKernel()
            let sigmoid = SigmoidKernel()
            let count = Double(z.count)
            let scale = 1 / count
            var total = 0.0
            for i in 0..<z.count {
                total += softplus(z[i]) - z[i] * y[i]
                gradient[i] = scale * (sigmoid(z[i]) - y[i])
            }
            return total / count
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
        var result = Matrix.empty
        result.overwrite(rows: rows, columns: columns) { target in
            elements.withUnsafeBufferPointer { Self.logSoftmax($0, rows: rows, columns: columns, into: target) }
        }
        return result
    }

    /// log softmax of each row of `z` (rows × columns) into `target`.
    static func logSoftmax(
        _ z: UnsafeBufferPointer<Double>, rows: Int, columns: Int, into target: UnsafeMutableBufferPointer<Double>
    ) {
        for i in 0..<rows {
            let row = UnsafeBufferPointer(rebasing: z[i * columns..<(i + 1) * columns])
            let largest = row.max() ?? 0
            var sum = 0.0
            for z in row { sum += ExpKernel.exp(nonPositive: z - largest) }
            let logSum = LogKernel.log(sum)
            for j in 0..<columns { target[i * columns + j] = row[j] - largest - logSum }
        }
    }

    /// softmax of each row: probabilities from logits.
    public func softmax() -> Matrix {
        logSoftmax().map { ExpKernel.exp(nonPositive: $0) }
    }
}
