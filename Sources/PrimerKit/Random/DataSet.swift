/// A small labelled data set for the lessons' experiments, made the same
/// way on every platform from a `SeededGenerator`.
public struct DataSet: Sendable {
    /// One example per row.
    public var inputs: Matrix
    /// One-hot rows for classification, values for regression.
    public var targets: Matrix
    /// Class labels, one per example; empty for regression.
    public var labels: [Int]

    public init(inputs: Matrix, targets: Matrix, labels: [Int] = []) {
        precondition(inputs.rows == targets.rows, "\(inputs.rows) inputs for \(targets.rows) targets")
        self.inputs = inputs
        self.targets = targets
        self.labels = labels
    }

    public var count: Int { inputs.rows }

    /// The labels as a column of 0s and 1s, the targets of a binary
    /// classifier trained with `.binaryCrossEntropyFromLogits`.
    public var binaryTargets: Matrix {
        Matrix(column: labels.map(Double.init))
    }

    /// Two interleaving half circles (as scikit-learn's `make_moons`):
    /// class 0 on the upper one, class 1 on the lower, shifted one right
    /// and half down, with Gaussian noise of standard deviation `noise`.
    /// A linear classifier cannot separate them; one hidden layer can.
    public static func twoMoons(count: Int, noise: Double = 0.1, using generator: inout SeededGenerator) -> DataSet {
        var points: [([Double], Int)] = []
        let upper = (count + 1) / 2
        for index in 0..<count {
            let isUpper = index < upper
            let n = isUpper ? upper : count - upper
            let position = isUpper ? index : index - upper
            let turn = n > 1 ? Double(position) / Double(n - 1) : 0
            var x = SinPi.cos(turn)
            var y = SinPi.sin(turn)
            if !isUpper {
                x = 1 - x
                y = 0.5 - y
            }
            x += generator.normal(standardDeviation: noise)
            y += generator.normal(standardDeviation: noise)
            points.append(([x, y], isUpper ? 0 : 1))
        }
        generator.shuffle(&points)
        return classification(points, classes: 2)
    }

    /// `classes` interleaved spiral arms of `count` points in all, each
    /// making `turns` turns from the centre out to radius 1, with Gaussian
    /// noise of `noise` radians on the angle (CS231n's spiral data).
    public static func spirals(
        count: Int, classes: Int = 2, turns: Double = 1, noise: Double = 0.2, using generator: inout SeededGenerator
    ) -> DataSet {
        precondition(classes >= 1, "at least one class")
        var points: [([Double], Int)] = []
        for index in 0..<count {
            let label = index % classes
            let position = index / classes
            let perClass = (count - label + classes - 1) / classes
            let radius = perClass > 1 ? Double(position) / Double(perClass - 1) : 0
            // Angles in half-turns, so that sin(πa) reduces exactly.
            let angle =
                2 * Double(label) / Double(classes) + 2 * turns * radius
                + generator.normal(standardDeviation: noise) / Double.pi
            points.append(([radius * SinPi.sin(angle), radius * SinPi.cos(angle)], label))
        }
        generator.shuffle(&points)
        return classification(points, classes: classes)
    }

    /// `count` points of y = sin(πx) + noise, x uniform in [−1, 1): a curve
    /// a network must bend to fit.
    public static func regression(count: Int, noise: Double = 0.1, using generator: inout SeededGenerator) -> DataSet {
        var xs: [Double] = []
        var ys: [Double] = []
        for _ in 0..<count {
            let x = generator.uniform(in: -1..<1)
            xs.append(x)
            ys.append(SinPi.sin(x) + generator.normal(standardDeviation: noise))
        }
        return DataSet(inputs: Matrix(column: xs), targets: Matrix(column: ys))
    }

    private static func classification(_ points: [([Double], Int)], classes: Int) -> DataSet {
        let labels = points.map(\.1)
        return DataSet(inputs: Matrix(points.map(\.0)), targets: .oneHot(labels, classes: classes), labels: labels)
    }
}
