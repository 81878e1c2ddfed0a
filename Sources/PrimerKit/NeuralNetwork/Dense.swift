/// A fully connected layer: output = f(input · weights + bias), with
/// weights of shape inputs × outputs and an optional activation f (none
/// for a linear output layer).
public struct Dense: Layer {
    public var weights: Parameter
    public var bias: Parameter
    public let activation: Activation?
    /// The input of the last forward pass.
    public private(set) var input: Matrix
    /// input · weights + bias from the last forward pass: where ReLU's
    /// units are alive or dead, and where saturation is read.
    public private(set) var preActivation: Matrix
    public private(set) var output: Matrix
    public private(set) var inputGradient: Matrix
    /// The gradient with respect to the pre-activation, from the last
    /// backward pass.
    public private(set) var preActivationGradient: Matrix

    public init(weights: Matrix, bias: Matrix, activation: Activation?) {
        precondition(bias.rows == 1 && bias.columns == weights.columns, "the bias must be 1×\(weights.columns)")
        self.weights = Parameter(name: "weights", value: weights)
        self.bias = Parameter(name: "bias", value: bias)
        self.activation = activation
        let empty = Matrix(rows: 0, columns: 0)
        (input, preActivation, output, inputGradient, preActivationGradient) = (empty, empty, empty, empty, empty)
    }

    public init(
        inputs: Int, outputs: Int, activation: Activation?,
        weights: Initializer = .xavierUniform, bias: Initializer = .zeros,
        using generator: inout SeededGenerator
    ) {
        self.init(
            weights: weights.matrix(fanIn: inputs, fanOut: outputs, using: &generator),
            bias: bias.matrix(rows: 1, columns: outputs, fanIn: inputs, fanOut: outputs, using: &generator),
            activation: activation)
    }

    public var name: String {
        "dense \(weights.value.rows)→\(weights.value.columns)" + (activation.map { ", \($0.name)" } ?? "")
    }

    public var parameters: [Parameter] { [weights, bias] }

    public mutating func forward(_ input: Matrix, mode: Mode) -> Matrix {
        self.input = input
        preActivation = input * weights.value
        preActivation.addToEachRow(bias.value)
        output = activation.map { preActivation.applying($0) } ?? preActivation
        return output
    }

    public mutating func backward(_ outputGradient: Matrix) -> Matrix {
        preActivationGradient =
            activation.map {
                Matrix(
                    rows: outputGradient.rows, columns: outputGradient.columns,
                    elements: $0.backpropagate(preActivation.elements, gradient: outputGradient.elements))
            } ?? outputGradient
        weights.gradient = MatrixProduct.multiply(input, transposingLeft: true, preActivationGradient, transposingRight: false)
        bias.gradient = preActivationGradient.columnSums()
        inputGradient = MatrixProduct.multiply(preActivationGradient, transposingLeft: false, weights.value, transposingRight: true)
        return inputGradient
    }

    public mutating func updateParameters(_ update: (inout Parameter) -> Void) {
        update(&weights)
        update(&bias)
    }
}
