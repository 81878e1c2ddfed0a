// Arithmetic between arrays of Doubles and numbers, element by element:
// `1 + x`, `x / 2`, `-x`, `s * (1 - s)`, as in NumPy (see `ArrayMath`).
//
// Each operator does exactly the scalar operation, in the order written
// (`1 - x` is 1 − x[i]), writing over an operand that nothing else
// references. `+` between two arrays stays Swift's concatenation; the
// element-wise sum is `added(x, y)`.

/// An operation on two Doubles that a loop can inline.
protocol BinaryKernel: Sendable {
    func callAsFunction(_ a: Double, _ b: Double) -> Double
}

struct Sum: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a + b }
}

struct Difference: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a - b }
}

struct Product: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a * b }
}

struct Quotient: BinaryKernel {
    @inline(__always) func callAsFunction(_ a: Double, _ b: Double) -> Double { a / b }
}

/// operation(scalar, x).
struct ScalarFirst<Operation: BinaryKernel>: ElementwiseKernel {
    let scalar: Double
    let operation: Operation
    @inline(__always) func callAsFunction(_ x: Double) -> Double { operation(scalar, x) }
}

/// operation(x, scalar).
struct ScalarSecond<Operation: BinaryKernel>: ElementwiseKernel {
    let scalar: Double
    let operation: Operation
    @inline(__always) func callAsFunction(_ x: Double) -> Double { operation(x, scalar) }
}

struct Negation: ElementwiseKernel {
    @inline(__always) func callAsFunction(_ x: Double) -> Double { -x }
}

public prefix func - (x: consuming [Double]) -> [Double] {
    ArrayMath.map(x, Negation())
}

public func + (lhs: Double, rhs: consuming [Double]) -> [Double] {
    ArrayMath.map(rhs, ScalarFirst(scalar: lhs, operation: Sum()))
}

public func + (lhs: consuming [Double], rhs: Double) -> [Double] {
    ArrayMath.map(lhs, ScalarSecond(scalar: rhs, operation: Sum()))
}

public func - (lhs: Double, rhs: consuming [Double]) -> [Double] {
    ArrayMath.map(rhs, ScalarFirst(scalar: lhs, operation: Difference()))
}

public func - (lhs: consuming [Double], rhs: Double) -> [Double] {
    ArrayMath.map(lhs, ScalarSecond(scalar: rhs, operation: Difference()))
}

public func * (lhs: Double, rhs: consuming [Double]) -> [Double] {
    ArrayMath.map(rhs, ScalarFirst(scalar: lhs, operation: Product()))
}

public func * (lhs: consuming [Double], rhs: Double) -> [Double] {
    ArrayMath.map(lhs, ScalarSecond(scalar: rhs, operation: Product()))
}

public func / (lhs: Double, rhs: consuming [Double]) -> [Double] {
    ArrayMath.map(rhs, ScalarFirst(scalar: lhs, operation: Quotient()))
}

public func / (lhs: consuming [Double], rhs: Double) -> [Double] {
    ArrayMath.map(lhs, ScalarSecond(scalar: rhs, operation: Quotient()))
}

/// x[i] − y[i].
public func - (lhs: consuming [Double], rhs: consuming [Double]) -> [Double] {
    ArrayMath.combine(lhs, rhs, Difference())
}

/// x[i]·y[i].
public func * (lhs: consuming [Double], rhs: consuming [Double]) -> [Double] {
    ArrayMath.combine(lhs, rhs, Product())
}

/// x[i] / y[i].
public func / (lhs: consuming [Double], rhs: consuming [Double]) -> [Double] {
    ArrayMath.combine(lhs, rhs, Quotient())
}
