/// Matrix products, written for the hardware lesson programs are compiled
/// for: x86-64 with AVX2 and FMA (`-target-cpu haswell`, see
/// `Toolchain.kitFlags` and Package.swift), four Doubles per vector
/// instruction and 16 vector registers.
///
/// A 4×8 block of the result stays in eight vector registers for the whole
/// inner loop, which does 32 fused multiply-adds per two vector loads of B
/// and four scalar loads of A; a 4×4 block with two-Double vectors covers
/// four leftover columns. A is read in place whether transposed or not (the
/// kernels take its strides); B is read as rows of contiguous elements, so a
/// transposed B is first transposed into a scratch copy, O(n²) against the
/// product's O(n³). Rows and columns beyond the last full block are
/// computed by a plain loop. Every element is the same chain of fused
/// multiply-adds in the order of the definition, so the result does not
/// depend on the blocking.
enum MatrixProduct {
    /// lhs · rhs.
    static func multiply(_ lhs: Matrix, _ rhs: Matrix) -> Matrix {
        multiply(lhs, transposingLeft: false, rhs, transposingRight: false)
    }

    /// op(lhs) · op(rhs), op transposing when asked.
    static func multiply(_ lhs: Matrix, transposingLeft: Bool, _ rhs: Matrix, transposingRight: Bool) -> Matrix {
        let m = transposingLeft ? lhs.columns : lhs.rows
        let k = transposingLeft ? lhs.rows : lhs.columns
        let kRight = transposingRight ? rhs.columns : rhs.rows
        let n = transposingRight ? rhs.rows : rhs.columns
        precondition(k == kRight, "cannot multiply: inner dimensions \(k) and \(kRight) differ")
        guard m > 0, n > 0, k > 0 else { return Matrix(rows: m, columns: n) }
        // Strides of op(A) in elements: (i, p) is at i·rowStride + p·depthStride.
        let (rowStride, depthStride) = transposingLeft ? (1, lhs.columns) : (lhs.columns, 1)
        let right = transposingRight ? rhs.transposed : rhs
        // Every element is written once, by a block or by the edge loop, so
        // the storage need not be zeroed first.
        let elements = [Double](unsafeUninitializedCapacity: m * n) { result, count in
            count = m * n
            lhs.elements.withUnsafeBufferPointer { a in
                right.elements.withUnsafeBufferPointer { b in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = result.baseAddress else {
                        result.initialize(repeating: 0)  // unreachable: none of the sizes is 0
                        return
                    }
                    let fullRows = m / 4 * 4
                    let fullColumns = n / 4 * 4
                    let wideColumns = n / 8 * 8
                    // Six rows at a time where they fit (12 of the 16 vector
                    // registers hold the block), then four.
                    let sixRows = m / 6 * 6
                    for i in stride(from: 0, to: sixRows, by: 6) {
                        for j in stride(from: 0, to: wideColumns, by: 8) {
                            tallKernel(a + i * rowStride, rowStride: rowStride, depthStride: depthStride,
                                       b + j, columns: n, depth: k, into: c + i * n + j)
                        }
                    }
                    for i in stride(from: 0, to: fullRows, by: 4) {
                        // Rows the six-row blocks covered keep only their
                        // narrow columns to do.
                        let coveredBySix = i + 4 <= sixRows
                        for j in stride(from: 0, to: coveredBySix ? 0 : wideColumns, by: 8) {
                            wideKernel(a + i * rowStride, rowStride: rowStride, depthStride: depthStride,
                                       b + j, columns: n, depth: k, into: c + i * n + j)
                        }
                        for j in stride(from: wideColumns, to: fullColumns, by: 4) {
                            kernel(a + i * rowStride, rowStride: rowStride, depthStride: depthStride,
                                   b + j, columns: n, depth: k, into: c + i * n + j)
                        }
                    }
                    // The edges: columns beyond the last block, then rows.
                    for i in 0..<m {
                        let firstColumn = i < fullRows ? fullColumns : 0
                        for j in firstColumn..<n {
                            var sum = 0.0
                            for p in 0..<k { sum.addProduct(a[i * rowStride + p * depthStride], b[p * n + j]) }
                            c[i * n + j] = sum
                        }
                    }
                }
            }
        }
        return Matrix(rows: m, columns: n, elements: elements)
    }

    /// The 4×4 block of C at `c` (row stride `columns`): rows of op(A)
    /// from `a`, columns of B from `b` (row stride `columns`).
    @inline(__always)
    private static func kernel(
        _ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
        _ b: UnsafePointer<Double>, columns: Int, depth: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        typealias Pair = SIMD2<Double>
        var c00 = Pair(), c01 = Pair(), c10 = Pair(), c11 = Pair()
        var c20 = Pair(), c21 = Pair(), c30 = Pair(), c31 = Pair()
        var rowA = a
        var rowB = UnsafeRawPointer(b)
        let stepB = columns * MemoryLayout<Double>.stride
        for _ in 0..<depth {
            let b0 = rowB.loadUnaligned(as: Pair.self)
            let b1 = rowB.loadUnaligned(fromByteOffset: 16, as: Pair.self)
            let a0 = Pair(repeating: rowA[0])
            let a1 = Pair(repeating: rowA[rowStride])
            let a2 = Pair(repeating: rowA[2 * rowStride])
            let a3 = Pair(repeating: rowA[3 * rowStride])
            c00.addProduct(a0, b0)
            c01.addProduct(a0, b1)
            c10.addProduct(a1, b0)
            c11.addProduct(a1, b1)
            c20.addProduct(a2, b0)
            c21.addProduct(a2, b1)
            c30.addProduct(a3, b0)
            c31.addProduct(a3, b1)
            rowA += depthStride
            rowB += stepB
        }
        let target = UnsafeMutableRawPointer(c)
        let stepC = columns * MemoryLayout<Double>.stride
        target.storeBytes(of: c00, as: Pair.self)
        target.storeBytes(of: c01, toByteOffset: 16, as: Pair.self)
        target.storeBytes(of: c10, toByteOffset: stepC, as: Pair.self)
        target.storeBytes(of: c11, toByteOffset: stepC + 16, as: Pair.self)
        target.storeBytes(of: c20, toByteOffset: 2 * stepC, as: Pair.self)
        target.storeBytes(of: c21, toByteOffset: 2 * stepC + 16, as: Pair.self)
        target.storeBytes(of: c30, toByteOffset: 3 * stepC, as: Pair.self)
        target.storeBytes(of: c31, toByteOffset: 3 * stepC + 16, as: Pair.self)
    }

    /// The 4×8 block of C at `c`, with four-Double vectors and fused
    /// multiply-adds.
    @inline(__always)
    private static func wideKernel(
        _ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
        _ b: UnsafePointer<Double>, columns: Int, depth: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        typealias Quad = SIMD4<Double>
        var c00 = Quad(), c01 = Quad(), c10 = Quad(), c11 = Quad()
        var c20 = Quad(), c21 = Quad(), c30 = Quad(), c31 = Quad()
        var rowA = a
        var rowB = UnsafeRawPointer(b)
        let stepB = columns * MemoryLayout<Double>.stride
        for _ in 0..<depth {
            let b0 = rowB.loadUnaligned(as: Quad.self)
            let b1 = rowB.loadUnaligned(fromByteOffset: 32, as: Quad.self)
            let a0 = Quad(repeating: rowA[0])
            let a1 = Quad(repeating: rowA[rowStride])
            let a2 = Quad(repeating: rowA[2 * rowStride])
            let a3 = Quad(repeating: rowA[3 * rowStride])
            c00.addProduct(a0, b0)
            c01.addProduct(a0, b1)
            c10.addProduct(a1, b0)
            c11.addProduct(a1, b1)
            c20.addProduct(a2, b0)
            c21.addProduct(a2, b1)
            c30.addProduct(a3, b0)
            c31.addProduct(a3, b1)
            rowA += depthStride
            rowB += stepB
        }
        let target = UnsafeMutableRawPointer(c)
        let stepC = columns * MemoryLayout<Double>.stride
        target.storeBytes(of: c00, as: Quad.self)
        target.storeBytes(of: c01, toByteOffset: 32, as: Quad.self)
        target.storeBytes(of: c10, toByteOffset: stepC, as: Quad.self)
        target.storeBytes(of: c11, toByteOffset: stepC + 32, as: Quad.self)
        target.storeBytes(of: c20, toByteOffset: 2 * stepC, as: Quad.self)
        target.storeBytes(of: c21, toByteOffset: 2 * stepC + 32, as: Quad.self)
        target.storeBytes(of: c30, toByteOffset: 3 * stepC, as: Quad.self)
        target.storeBytes(of: c31, toByteOffset: 3 * stepC + 32, as: Quad.self)
    }

    /// The 6×8 block of C at `c`: twelve four-Double accumulators.
    @inline(__always)
    private static func tallKernel(
        _ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
        _ b: UnsafePointer<Double>, columns: Int, depth: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        typealias Quad = SIMD4<Double>
        var c00 = Quad(), c01 = Quad(), c10 = Quad(), c11 = Quad(), c20 = Quad(), c21 = Quad()
        var c30 = Quad(), c31 = Quad(), c40 = Quad(), c41 = Quad(), c50 = Quad(), c51 = Quad()
        var rowA = a
        var rowB = UnsafeRawPointer(b)
        let stepB = columns * MemoryLayout<Double>.stride
        for _ in 0..<depth {
            let b0 = rowB.loadUnaligned(as: Quad.self)
            let b1 = rowB.loadUnaligned(fromByteOffset: 32, as: Quad.self)
            var a0 = Quad(repeating: rowA[0])
            c00.addProduct(a0, b0)
            c01.addProduct(a0, b1)
            a0 = Quad(repeating: rowA[rowStride])
            c10.addProduct(a0, b0)
            c11.addProduct(a0, b1)
            a0 = Quad(repeating: rowA[2 * rowStride])
            c20.addProduct(a0, b0)
            c21.addProduct(a0, b1)
            a0 = Quad(repeating: rowA[3 * rowStride])
            c30.addProduct(a0, b0)
            c31.addProduct(a0, b1)
            a0 = Quad(repeating: rowA[4 * rowStride])
            c40.addProduct(a0, b0)
            c41.addProduct(a0, b1)
            a0 = Quad(repeating: rowA[5 * rowStride])
            c50.addProduct(a0, b0)
            c51.addProduct(a0, b1)
            rowA += depthStride
            rowB += stepB
        }
        let target = UnsafeMutableRawPointer(c)
        let stepC = columns * MemoryLayout<Double>.stride
        for (row, (left, right)) in [(c00, c01), (c10, c11), (c20, c21), (c30, c31), (c40, c41), (c50, c51)].enumerated() {
            target.storeBytes(of: left, toByteOffset: row * stepC, as: Quad.self)
            target.storeBytes(of: right, toByteOffset: row * stepC + 32, as: Quad.self)
        }
    }
}
