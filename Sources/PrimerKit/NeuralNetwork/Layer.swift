/// Whether a network is learning or being used: batch normalization
/// normalizes with the batch's statistics while training and with the
/// running averages afterwards.
public enum Mode: Sendable {
    case training
    case inference
}

/// A trainable tensor with the gradient of the loss with respect to it
/// from the last backward pass.
public struct Parameter: Sendable {
    public var name: String
    public var value: Matrix
    public var gradient: Matrix

    public init(name: String, value: Matrix) {
        self.name = name
        self.value = value
        self.gradient = Matrix(rows: value.rows, columns: value.columns)
    }
}

/// One stage of a network, with manual backpropagation.
///
/// A layer keeps what its last passes computed (`output`,
/// `inputGradient`, the parameters' gradients) so that lessons can plot
/// activations and gradients layer by layer.
public protocol Layer: Sendable {
    /// A short description for tables: `dense 64→64, ReLU`.
    var name: String { get }
    /// The output of the last forward pass.
    var output: Matrix { get }
    /// The gradient of the loss with respect to the layer's input, from the
    /// last backward pass.
    var inputGradient: Matrix { get }
    /// The layer's parameters and their gradients.
    var parameters: [Parameter] { get }

    /// Computes the output for a batch (one example per row) and keeps what
    /// the backward pass needs.
    mutating func forward(_ input: Matrix, mode: Mode) -> Matrix
    /// Takes the gradient of the loss with respect to the last output,
    /// stores the parameters' gradients and returns the gradient with
    /// respect to the last input.
    mutating func backward(_ outputGradient: Matrix) -> Matrix
    /// Lets `update` change each parameter in place, in a fixed order.
    mutating func updateParameters(_ update: (inout Parameter) -> Void)
    /// Calls `body` with each parameter, in the order of `parameters`,
    /// without collecting them into an array first.
    func forEachParameter(_ body: (Parameter) -> Void)
    /// Lets go of the input that the last forward pass kept, as a network
    /// does before its next forward pass: the layer before can then write
    /// its new output over its old one, which this layer's input was,
    /// instead of into new memory.
    mutating func releaseInput()
}

extension Layer {
    public func forEachParameter(_ body: (Parameter) -> Void) {
        for parameter in parameters { body(parameter) }
    }

    /// A layer that keeps no input has nothing to let go of.
    public mutating func releaseInput() {}
}
