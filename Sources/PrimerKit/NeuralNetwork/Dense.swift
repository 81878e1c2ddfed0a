/// A fully connected layer: output = f(input · weights + bias), with
/// weights of shape inputs × outputs and an optional activation f (none
/// for a linear output layer).
///
/// The matrices of the last passes are the layer's workspace: the next
/// pass writes over them, so a training step allocates nothing once the
/// first has run, and the numbers are those of the same operations on new
/// matrices. A copy of the layer (a lesson's `var probe = network`) writes
/// into storage of its own, and a matrix read from the layer keeps its
/// values whatever the layer does next.
public struct Dense: Layer {
    public var weights: Parameter
    public var bias: Parameter
    public let activation: Activation?
    private var workspace = Workspace()

    /// The input of the last forward pass.
    public var input: Matrix { workspace.input }
    /// input · weights + bias from the last forward pass: where ReLU's
    /// units are alive or dead, and where saturation is read.
    public var preActivation: Matrix { workspace.preActivation }
    public var output: Matrix { workspace.output }
    public var inputGradient: Matrix { workspace.inputGradient }
    /// The gradient with respect to the pre-activation, from the last
    /// backward pass.
    public var preActivationGradient: Matrix { workspace.preActivationGradient }

    public init(weights: Matrix, bias: Matrix, activation: Activation?) {
        precondition(bias.rows == 1 && bias.columns == weights.columns, "the bias must be 1×\(weights.columns)")
        self.weights = Parameter(name: "weights", value: weights)
        self.bias = Parameter(name: "bias", value: bias)
        self.activation = activation
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

    public func forEachParameter(_ body: (Parameter) -> Void) {
        body(weights)
        body(bias)
    }

    public mutating func forward(_ input: Matrix, mode: Mode) -> Matrix {
        let w = uniqueWorkspace()
        w.input = input
        // A linear layer's output is its pre-activation: let go of the old
        // one so that the product can write over it.
        if activation == nil { w.output = .empty }
        MatrixProduct.multiply(
            input, transposingLeft: false, weights.value, transposingRight: false, into: &w.preActivation,
            scratch: &w.transposedWeights)
        w.preActivation.addToEachRow(bias.value)
        if let activation {
            let preActivation = w.preActivation
            w.output.overwrite(rows: preActivation.rows, columns: preActivation.columns) { output in
                preActivation.elements.withUnsafeBufferPointer { activation.apply($0, into: output) }
            }
        } else {
            w.output = w.preActivation
        }
        return w.output
    }

    public mutating func backward(_ outputGradient: Matrix) -> Matrix {
        let w = uniqueWorkspace()
        if let activation {
            let preActivation = w.preActivation
            w.preActivationGradient.overwrite(rows: outputGradient.rows, columns: outputGradient.columns) { output in
                preActivation.elements.withUnsafeBufferPointer { input in
                    outputGradient.elements.withUnsafeBufferPointer {
                        activation.backpropagate(input, gradient: $0, into: output)
                    }
                }
            }
        } else {
            // A copy, so that the caller's matrix (a loss gradient that
            // `Network.train` writes over at every step) stays its own.
            w.preActivationGradient.assign(outputGradient)
        }
        MatrixProduct.multiply(
            w.input, transposingLeft: true, w.preActivationGradient, transposingRight: false, into: &weights.gradient,
            scratch: &w.transposedWeights)
        w.preActivationGradient.columnSums(into: &bias.gradient)
        MatrixProduct.multiply(
            w.preActivationGradient, transposingLeft: false, weights.value, transposingRight: true, into: &w.inputGradient,
            scratch: &w.transposedWeights)
        return w.inputGradient
    }

    public mutating func releaseInput() {
        guard !workspace.input.elements.isEmpty else { return }
        uniqueWorkspace().input = .empty
    }

    public mutating func updateParameters(_ update: (inout Parameter) -> Void) {
        update(&weights)
        update(&bias)
    }

    /// The workspace, copied first if another copy of the layer shares it:
    /// the copy gets the same matrices, whose storage stays shared until
    /// one of the two writes (and then gets storage of its own).
    private mutating func uniqueWorkspace() -> Workspace {
        if !isKnownUniquelyReferenced(&workspace) { workspace = Workspace(copying: workspace) }
        return workspace
    }

    /// What a dense layer's passes write; its storage goes to the
    /// `WorkspacePool` when the last copy of the layer is gone.
    ///
    /// Unchecked `Sendable` as an array's storage is: it is written only
    /// through `uniqueWorkspace()`, when no other copy of the layer, on any
    /// thread, can see it.
    private final class Workspace: @unchecked Sendable {
        var input = Matrix.empty
        var preActivation = Matrix.empty
        var output = Matrix.empty
        var preActivationGradient = Matrix.empty
        var inputGradient = Matrix.empty
        /// The weights transposed for the input gradient's product.
        var transposedWeights: [Double] = []

        init() {}

        init(copying other: Workspace) {
            input = other.input
            preActivation = other.preActivation
            output = other.output
            preActivationGradient = other.preActivationGradient
            inputGradient = other.inputGradient
        }

        deinit {
            let pool = WorkspacePool.shared
            // The output first: for a linear layer it is the pre-activation.
            pool.recycle(&output.elements)
            pool.recycle(&preActivation.elements)
            pool.recycle(&preActivationGradient.elements)
            pool.recycle(&inputGradient.elements)
            pool.recycle(&transposedWeights)
        }
    }
}
