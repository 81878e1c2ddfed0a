/// An elementwise function the compiler can inline into a loop: a value
/// type whose `callAsFunction` is known statically, so that a generic loop
/// over it specializes into straight-line, vectorizable code.
protocol ElementwiseKernel: Sendable {
    func callAsFunction(_ x: Double) -> Double
}

/// A closure as a kernel, for activations defined by lessons; its loop
/// calls the closure for each element.
struct ClosureKernel: ElementwiseKernel {
    let body: @Sendable (Double) -> Double
    func callAsFunction(_ x: Double) -> Double { body(x) }
}

/// The four entry points of an activation: scalar and array, value and
/// derivative. The array entry points are loops specialized for one kernel
/// each, so the dynamic dispatch happens once per array, not per element.
struct Kernels: Sendable {
    typealias ArrayKernel = @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void

    let value: @Sendable (Double) -> Double
    let derivative: @Sendable (Double) -> Double
    let values: ArrayKernel
    let derivatives: ArrayKernel
    /// output[i] = gradient[i]·f′(input[i]): backpropagation through the
    /// activation in one pass.
    let gradients:
        @Sendable (
            _ input: UnsafeBufferPointer<Double>, _ gradient: UnsafeBufferPointer<Double>,
            _ output: UnsafeMutableBufferPointer<Double>
        ) -> Void

    init<Value: ElementwiseKernel, Derivative: ElementwiseKernel>(value: Value, derivative: Derivative) {
        self.value = { value($0) }
        self.derivative = { derivative($0) }
        self.values = { Self.map(value, $0, $1) }
        self.derivatives = { Self.map(derivative, $0, $1) }
        self.gradients = { input, gradient, output in
            guard let source = input.baseAddress, let factor = gradient.baseAddress,
                let destination = output.baseAddress
            else { return }
            for index in 0..<input.count {
                destination[index] = factor[index] * derivative(source[index])
            }
        }
    }

    /// The loop every array version runs: contiguous buffers, no
    /// allocation, the kernel inlined.
    @inline(__always)
    static func map<Kernel: ElementwiseKernel>(
        _ kernel: Kernel, _ input: UnsafeBufferPointer<Double>, _ output: UnsafeMutableBufferPointer<Double>
    ) {
        guard let source = input.baseAddress, let destination = output.baseAddress else { return }
        for index in 0..<input.count {
            destination[index] = kernel(source[index])
        }
    }
}
