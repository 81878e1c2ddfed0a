/// Matrices as workspaces: the layers keep their activations and gradients
/// from one step to the next and write the new ones over them, so that a
/// training step allocates nothing once the first has run.
///
/// Writing over a matrix never changes a copy that something else holds
/// (a lesson keeping `layer.output` from an earlier step): shared storage
/// is left alone and the new values go into new storage
/// (`LargeArray.overwrite`). Each operation does exactly the arithmetic of
/// its allocating counterpart in `Matrix`, in the same order.
extension Matrix {
    /// The 0×0 matrix, which owns no storage: what a workspace holds
    /// before its first use.
    static var empty: Matrix { Matrix(rows: 0, columns: 0) }

    /// Makes this matrix rows × columns, every element written by `body`.
    @inline(__always)
    mutating func overwrite(rows: Int, columns: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) {
        var storage: [Double] = []
        swap(&storage, &elements)
        LargeArray.overwrite(&storage, count: rows * columns, body)
        self = Matrix(rows: rows, columns: columns, elements: storage)
    }

    /// `source` (rows × columns) transposed into `target` (columns × rows).
    static func transpose(
        _ source: UnsafeBufferPointer<Double>, rows: Int, columns: Int, into target: UnsafeMutableBufferPointer<Double>
    ) {
        for i in 0..<rows {
            for j in 0..<columns { target[j * rows + i] = source[i * columns + j] }
        }
    }

    /// The sums of each column written over `result` (1 × columns), added
    /// row after row as `columnSums()` adds them.
    func columnSums(into result: inout Matrix) {
        let (rows, columns) = (self.rows, self.columns)
        result.overwrite(rows: 1, columns: columns) { target in
            target.initialize(repeating: 0)
            elements.withUnsafeBufferPointer { source in
                for i in 0..<rows {
                    let offset = i * columns
                    for j in 0..<columns { target[j] += source[offset + j] }
                }
            }
        }
    }

    /// `other`'s elements copied over this matrix, which takes its shape.
    mutating func assign(_ other: Matrix) {
        overwrite(rows: other.rows, columns: other.columns) { target in
            other.elements.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                to.update(from: from, count: source.count)
            }
        }
    }
}
