/// A dense matrix of Doubles in one contiguous row-major buffer: the value
/// a network's activations, weights and gradients are made of.
///
/// Only the few operations a network needs are here, each a loop over
/// contiguous memory that the compiler vectorizes; products go through a
/// packed, register-blocked kernel (`MatrixProduct`).
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    /// The elements row after row: (i, j) is at `i * columns + j`.
    public var elements: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "a matrix cannot have a negative size")
        self.rows = rows
        self.columns = columns
        self.elements = [Double](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns, "\(elements.count) elements for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows, which must have equal lengths.
    public init(_ rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "rows of different lengths")
        self.init(rows: rows.count, columns: columns, elements: rows.flatMap { $0 })
    }

    /// A matrix with one column: one feature per row, as a batch of scalars.
    public init(column: [Double]) {
        self.init(rows: column.count, columns: 1, elements: column)
    }

    /// A matrix with one row, such as a bias.
    public init(row: [Double]) {
        self.init(rows: 1, columns: row.count, elements: row)
    }

    /// A matrix whose element (i, j) is `element(i, j)`.
    public init(rows: Int, columns: Int, _ element: (Int, Int) -> Double) {
        var elements: [Double] = []
        elements.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { elements.append(element(i, j)) }
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            elements[row * columns + column] = newValue
        }
    }

    public func row(_ index: Int) -> [Double] {
        Array(elements[index * columns..<(index + 1) * columns])
    }

    public func column(_ index: Int) -> [Double] {
        (0..<rows).map { elements[$0 * columns + index] }
    }

    public var transposed: Matrix {
        var result = Matrix.empty
        result.overwrite(rows: columns, columns: rows) { target in
            elements.withUnsafeBufferPointer { Self.transpose($0, rows: rows, columns: columns, into: target) }
        }
        return result
    }

    /// The matrix product.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        MatrixProduct.multiply(lhs, rhs)
    }

    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.combined(with: rhs) { $0 + $1 }
    }

    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.combined(with: rhs) { $0 - $1 }
    }

    public static func * (scalar: Double, matrix: Matrix) -> Matrix {
        matrix.map { scalar * $0 }
    }

    /// The elementwise (Hadamard) product.
    public func hadamard(_ other: Matrix) -> Matrix {
        combined(with: other) { $0 * $1 }
    }

    @inline(__always)
    public func map(_ transform: (Double) -> Double) -> Matrix {
        let result = [Double](unsafeUninitializedCapacity: elements.count) { target, count in
            elements.withUnsafeBufferPointer { source in
                for index in 0..<source.count { target[index] = transform(source[index]) }
            }
            count = elements.count
        }
        return Matrix(rows: rows, columns: columns, elements: result)
    }

    /// The activation applied to every element, by its vectorized loop.
    public func applying(_ activation: Activation) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: activation(elements))
    }

    /// The activation's derivative at every element.
    public func applyingDerivative(of activation: Activation) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: activation.derivative(elements))
    }

    /// The 1×columns matrix of the sums of each column: a bias gradient
    /// from a batch of gradients.
    public func columnSums() -> Matrix {
        var sums = Matrix.empty
        columnSums(into: &sums)
        return sums
    }

    /// `row` (1×columns) added to every row: a bias added to a batch.
    public func addingToEachRow(_ row: Matrix) -> Matrix {
        var result = self
        result.addToEachRow(row)
        return result
    }

    /// Adds `row` (1×columns) to every row, in place.
    public mutating func addToEachRow(_ row: Matrix) {
        precondition(row.rows == 1 && row.columns == columns, "a 1×\(columns) row is needed, not \(row.rows)×\(row.columns)")
        let (rows, columns) = (self.rows, self.columns)
        elements.withUnsafeMutableBufferPointer { target in
            row.elements.withUnsafeBufferPointer { bias in
                for i in 0..<rows {
                    let offset = i * columns
                    for j in 0..<columns { target[offset + j] += bias[j] }
                }
            }
        }
    }

    public var sum: Double { elements.reduce(0, +) }

    public var mean: Double { elements.isEmpty ? .nan : sum / Double(elements.count) }

    /// The square root of the sum of squares: the size of a gradient.
    public var norm: Double { elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    public var description: String {
        (0..<rows).map { i in row(i).map { format($0) }.joined(separator: " ") }.joined(separator: "\n")
    }

    /// Elementwise combination of two matrices of the same shape, in one
    /// pass; inlined so that `operation` is too, and the loop vectorizes.
    @inline(__always)
    func combined(with other: Matrix, _ operation: (Double, Double) -> Double) -> Matrix {
        precondition(
            rows == other.rows && columns == other.columns,
            "shapes \(rows)×\(columns) and \(other.rows)×\(other.columns) differ")
        let result = [Double](unsafeUninitializedCapacity: elements.count) { target, count in
            elements.withUnsafeBufferPointer { left in
                other.elements.withUnsafeBufferPointer { right in
                    for index in 0..<left.count { target[index] = operation(left[index], right[index]) }
                }
            }
            count = elements.count
        }
        return Matrix(rows: rows, columns: columns, elements: result)
    }
}
