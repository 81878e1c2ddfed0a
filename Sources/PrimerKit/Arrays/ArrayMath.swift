/// The mathematical functions of the kit on whole arrays: what a lesson
/// writes as `tanh(x)` or `1 / (1 + exp(-x))` for an array `x`, as in
/// NumPy.
///
/// ```swift
/// let x = stride(from: -6.0, through: 6, by: 0.01).map { $0 }
/// let s = 1 / (1 + exp(-x))     // the sigmoid, element by element
/// let ds = s * (1 - s)          // its derivative
/// let t = tanh(x)
/// ```
///
/// Each function is the kit's own kernel (the one behind its activations,
/// accurate to a few ulps over the whole Double range and the same on
/// every platform), run by a loop the compiler vectorizes; element i of
/// the result is exactly the scalar kernel at x[i]. They are not
/// Foundation's functions, whose results differ in the last bit from
/// system to system: a scalar `exp(x)` on a Double is still Foundation's.
///
/// An array that nothing else references (the temporary `-x` or
/// `exp(-x)` of an expression) is written over in place, so that
/// `1 / (1 + exp(-x))` allocates one array, not four; an array that a
/// variable still holds is left as it is.
///
/// > Warning: `+` between two arrays is Swift's concatenation, as it
/// > always is for arrays. The element-wise sum of two arrays is
/// > `added(x, y)`; `-`, `*` and `/` between arrays are element-wise.
enum ArrayMath {
    /// kernel(x[i]) for every i, over x when nothing else references it.
    @inline(__always)
    static func map<Kernel: ElementwiseKernel>(_ x: consuming [Double], _ kernel: Kernel) -> [Double] {
        if LargeArray.isUniquelyReferenced(&x) {
            x.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for index in 0..<buffer.count { base[index] = kernel(base[index]) }
            }
            return x
        }
        return x.withUnsafeBufferPointer { input in
            LargeArray.make(count: input.count) { Kernels.map(kernel, input, $0) }
        }
    }

    /// operation(x[i], y[i]) for every i, over whichever of x and y
    /// nothing else references.
    @inline(__always)
    static func combine<Operation: BinaryKernel>(
        _ x: consuming [Double], _ y: consuming [Double], _ operation: Operation
    ) -> [Double] {
        precondition(x.count == y.count, "element-wise operation on arrays of \(x.count) and \(y.count) elements")
        if LargeArray.isUniquelyReferenced(&x) {
            x.withUnsafeMutableBufferPointer { left in
                y.withUnsafeBufferPointer { right in
                    guard let a = left.baseAddress, let b = right.baseAddress else { return }
                    for index in 0..<left.count { a[index] = operation(a[index], b[index]) }
                }
            }
            return x
        }
        if LargeArray.isUniquelyReferenced(&y) {
            x.withUnsafeBufferPointer { left in
                y.withUnsafeMutableBufferPointer { right in
                    guard let a = left.baseAddress, let b = right.baseAddress else { return }
                    for index in 0..<left.count { b[index] = operation(a[index], b[index]) }
                }
            }
            return y
        }
        return x.withUnsafeBufferPointer { left in
            y.withUnsafeBufferPointer { right in
                LargeArray.make(count: left.count) { result in
                    guard let a = left.baseAddress, let b = right.baseAddress, let c = result.baseAddress else { return }
                    for index in 0..<left.count { c[index] = operation(a[index], b[index]) }
                }
            }
        }
    }
}

/// e^x for each element: the kit's exponential, within an ulp, with
/// subnormal results and the overflow to +∞ in their place.
public func exp(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, ExpFunction()) }

/// e^x − 1 for each element, without the cancellation of computing e^x
/// first: exact for tiny x, −0 for −0.
public func expm1(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, ExpMinusOneFunction()) }

/// The natural logarithm of each element, within an ulp: −∞ at 0, NaN
/// below 0.
public func log(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, LogFunction()) }

/// log(1 + x) for each element, keeping the digits of small x: −∞ at −1,
/// NaN below.
public func log1p(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, LogOnePlusFunction()) }

/// The hyperbolic tangent of each element: `Activation.tanh`'s kernel.
public func tanh(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, TanhKernel()) }

/// The logistic sigmoid 1 / (1 + e^−x) of each element in one pass:
/// `Activation.sigmoid`'s kernel, accurate in both tails.
public func sigmoid(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, SigmoidKernel()) }

/// The square root of each element, correctly rounded.
public func sqrt(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, SquareRootFunction()) }

/// |x| for each element.
public func abs(_ x: consuming [Double]) -> [Double] { ArrayMath.map(x, MagnitudeFunction()) }

/// The element-wise sum x[i] + y[i] (for arrays `+` concatenates).
public func added(_ x: consuming [Double], _ y: consuming [Double]) -> [Double] {
    ArrayMath.combine(x, y, Sum())
}

struct ExpFunction: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { ExpKernel.exp(x) }
}

struct ExpMinusOneFunction: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { ExpKernel.expm1(x) }
}

struct LogFunction: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { LogKernel.log(x) }
}

struct LogOnePlusFunction: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { LogKernel.log1p(x) }
}

struct SquareRootFunction: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { x.squareRoot() }
}

struct MagnitudeFunction: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double {
        Double(bitPattern: x.bitPattern & ~LogisticKernel.signMask)
    }
}
