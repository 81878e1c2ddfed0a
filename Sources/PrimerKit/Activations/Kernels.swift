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

/// The entry points of an activation: scalar and array, value and
/// derivative. The array entry points are loops specialized for one kernel
/// each, so the dynamic dispatch happens once per array, not per element.
struct Kernels: Sendable {
    typealias ArrayKernel = @Sendable (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    typealias ArrayFunction = @Sendable ([Double]) -> [Double]

    let value: @Sendable (Double) -> Double
    let derivative: @Sendable (Double) -> Double
    let values: ArrayKernel
    let derivatives: ArrayKernel
    /// f and f′ of a whole array, as a new array.
    let valuesOfArray: ArrayFunction
    let derivativesOfArray: ArrayFunction
    /// output[i] = gradient[i]·f′(input[i]): backpropagation through the
    /// activation in one pass.
    let gradients:
        @Sendable (
            _ input: UnsafeBufferPointer<Double>, _ gradient: UnsafeBufferPointer<Double>,
            _ output: UnsafeMutableBufferPointer<Double>
        ) -> Void

    init<Value: ElementwiseKernel, Derivative: ElementwiseKernel>(value: Value, derivative: Derivative) {
        let values: ArrayKernel = { Self.map(value, $0, $1) }
        let derivatives: ArrayKernel = { Self.map(derivative, $0, $1) }
        self.value = { value($0) }
        self.derivative = { derivative($0) }
        self.values = values
        self.derivatives = derivatives
        self.valuesOfArray = { xs in Self.map(xs, values) }
        self.derivativesOfArray = { xs in Self.map(xs, derivatives) }
        self.gradients = { input, gradient, output in
            guard let source = input.baseAddress, let factor = gradient.baseAddress,
                let destination = output.baseAddress
            else { return }
            for index in 0..<input.count {
                destination[index] = factor[index] * derivative(source[index])
            }
        }
    }

    /// The kernels of an activation given as functions of whole arrays,
    /// which must compute each element from its own input alone (as the
    /// kit's array functions and operators do).
    ///
    /// An array is passed to the function as it is. A buffer (`apply`, a
    /// layer's passes) is evaluated in chunks of `chunk` elements, each a
    /// small array that stays in the processor's cache while the function's
    /// passes (four for `1 / (1 + exp(-x))`) go over it. The scalar entry
    /// points evaluate one-element arrays.
    init(values valueOfArray: @escaping ArrayFunction, derivatives derivativeOfArray: @escaping ArrayFunction) {
        let values: ArrayKernel = { Self.evaluate(valueOfArray, $0, $1) }
        let derivatives: ArrayKernel = { Self.evaluate(derivativeOfArray, $0, $1) }
        self.value = { Self.first(valueOfArray([$0])) }
        self.derivative = { Self.first(derivativeOfArray([$0])) }
        self.values = values
        self.derivatives = derivatives
        self.valuesOfArray = { xs in Self.checked(valueOfArray(xs), count: xs.count) }
        self.derivativesOfArray = { xs in Self.checked(derivativeOfArray(xs), count: xs.count) }
        self.gradients = { input, gradient, output in
            derivatives(input, output)
            for index in 0..<input.count { output[index] = gradient[index] * output[index] }
        }
    }

    /// Elements per call of an array function: 16 KiB of input, so that
    /// the input, the result and a temporary fit the level-1 cache.
    static let chunk = 2048

    private static func evaluate(
        _ function: ArrayFunction, _ input: UnsafeBufferPointer<Double>, _ output: UnsafeMutableBufferPointer<Double>
    ) {
        guard let source = input.baseAddress, let target = output.baseAddress else { return }
        var start = 0
        while start < input.count {
            let count = min(chunk, input.count - start)
            let result = function(Array(UnsafeBufferPointer(start: source + start, count: count)))
            precondition(result.count == count, "an activation's array function returned \(result.count) values for \(count)")
            result.withUnsafeBufferPointer { values in
                guard let values = values.baseAddress else { return }
                (target + start).update(from: values, count: count)
            }
            start += count
        }
    }

    private static func checked(_ values: [Double], count: Int) -> [Double] {
        precondition(values.count == count, "an activation's array function returned \(values.count) values for \(count)")
        return values
    }

    private static func first(_ values: [Double]) -> Double {
        precondition(values.count == 1, "an activation's array function returned \(values.count) values for 1")
        return values[0]
    }

    private static func map(_ xs: [Double], _ body: ArrayKernel) -> [Double] {
        LargeArray.make(count: xs.count) { output in
            xs.withUnsafeBufferPointer { input in body(input, output) }
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
