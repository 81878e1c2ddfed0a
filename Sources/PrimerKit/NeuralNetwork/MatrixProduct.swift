/// Matrix products, written for x86-64 with AVX2 and FMA (four Doubles per
/// vector instruction, 16 vector registers), the least that lesson programs
/// are compiled for (`-target-cpu native`, see `Toolchain.targetCPU`).
///
/// A block of 6 (or, for the last rows, 4) rows × 8 columns of the result
/// stays in vector registers for the whole inner loop, which does 48 fused
/// multiply-adds per two vector loads of B and six scalar loads of A. A is
/// read in place whether transposed or not (the kernel takes its strides);
/// B is read as rows of contiguous elements, so a transposed B is first
/// transposed into a scratch copy, O(n²) against the product's O(n³). Rows
/// and columns beyond the last full block are computed by a plain loop.
/// Every element is the same chain of fused multiply-adds in the order of
/// the definition, so the result does not depend on the blocking.
enum MatrixProduct {
    /// lhs · rhs.
    static func multiply(_ lhs: Matrix, _ rhs: Matrix) -> Matrix {
        multiply(lhs, transposingLeft: false, rhs, transposingRight: false)
    }

    /// op(lhs) · op(rhs), op transposing when asked.
    static func multiply(_ lhs: Matrix, transposingLeft: Bool, _ rhs: Matrix, transposingRight: Bool) -> Matrix {
        var result = Matrix.empty
        var scratch: [Double] = []
        multiply(lhs, transposingLeft: transposingLeft, rhs, transposingRight: transposingRight, into: &result, scratch: &scratch)
        return result
    }

    /// op(lhs) · op(rhs) written over `result`, in its storage when that
    /// has the right size and is not shared (a layer's workspace, rewritten
    /// at every step); a transposed `rhs` is transposed into `scratch`,
    /// which is kept for the next call.
    static func multiply(
        _ lhs: Matrix, transposingLeft: Bool, _ rhs: Matrix, transposingRight: Bool,
        into result: inout Matrix, scratch: inout [Double]
    ) {
        let m = transposingLeft ? lhs.columns : lhs.rows
        let k = transposingLeft ? lhs.rows : lhs.columns
        let kRight = transposingRight ? rhs.columns : rhs.rows
        let n = transposingRight ? rhs.rows : rhs.columns
        precondition(k == kRight, "cannot multiply: inner dimensions \(k) and \(kRight) differ")
        // Strides of op(A) in elements: (i, p) is at i·rowStride + p·depthStride.
        let (rowStride, depthStride) = transposingLeft ? (1, lhs.columns) : (lhs.columns, 1)
        // Every element is written, by a block or by the edge loop (or
        // zeroed when the inner dimension is 0).
        result.overwrite(rows: m, columns: n) { target in
            guard m > 0, n > 0 else { return }
            guard k > 0 else {
                target.initialize(repeating: 0)
                return
            }
            lhs.elements.withUnsafeBufferPointer { a in
                if transposingRight {
                    LargeArray.overwrite(&scratch, count: rhs.elements.count) { transposed in
                        rhs.elements.withUnsafeBufferPointer {
                            Matrix.transpose($0, rows: rhs.rows, columns: rhs.columns, into: transposed)
                        }
                    }
                    scratch.withUnsafeBufferPointer { b in
                        product(a, rowStride: rowStride, depthStride: depthStride, b, m: m, k: k, n: n, into: target)
                    }
                } else {
                    rhs.elements.withUnsafeBufferPointer { b in
                        product(a, rowStride: rowStride, depthStride: depthStride, b, m: m, k: k, n: n, into: target)
                    }
                }
            }
        }
    }

    /// C (m×n, row-major) = op(A)·B for B k×n row-major, every element
    /// written; none of the sizes is 0.
    private static func product(
        _ a: UnsafeBufferPointer<Double>, rowStride: Int, depthStride: Int, _ b: UnsafeBufferPointer<Double>,
        m: Int, k: Int, n: Int, into result: UnsafeMutableBufferPointer<Double>
    ) {
        guard let a = a.baseAddress, let b = b.baseAddress, let c = result.baseAddress else { return }
        let blockColumns = n / 8 * 8
        // Blocks of six rows, then one block of the last four rows, which
        // may overlap the six-row blocks: an element computed twice gets
        // the same value, so that is cheaper than the plain loop for the
        // one to three rows left over. Five rows left over are one more
        // than that block reaches: the first of them goes to the edge loop.
        var blockedRows = 0
        while blockedRows + 6 <= m {
            for j in stride(from: 0, to: blockColumns, by: 8) {
                kernel(
                    rows: 6, a + blockedRows * rowStride, rowStride: rowStride, depthStride: depthStride,
                    b + j, columns: n, depth: k, into: c + blockedRows * n + j)
            }
            blockedRows += 6
        }
        // Rows below `sixRowEnd` and from `fourRowStart` on are blocked.
        let sixRowEnd = blockedRows
        var fourRowStart = m
        if blockedRows < m && m >= 4 {
            fourRowStart = m - 4
            for j in stride(from: 0, to: blockColumns, by: 8) {
                kernel(
                    rows: 4, a + fourRowStart * rowStride, rowStride: rowStride, depthStride: depthStride,
                    b + j, columns: n, depth: k, into: c + fourRowStart * n + j)
            }
        }
        // The edges: columns beyond the last block, then rows no block reached.
        for i in 0..<m {
            let firstColumn = i < sixRowEnd || i >= fourRowStart ? blockColumns : 0
            for j in firstColumn..<n {
                var sum = 0.0
                for p in 0..<k { sum.addProduct(a[i * rowStride + p * depthStride], b[p * n + j]) }
                c[i * n + j] = sum
            }
        }
    }

    /// The `rows`×8 block of C at `c` (row stride `columns`), `rows` being
    /// 6 or 4: rows of op(A) from `a`, columns of B from `b`. Inlined with a
    /// constant `rows`, the branches fold away and the accumulators stay in
    /// registers.
    @inline(__always)
    private static func kernel(
        rows: Int, _ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
        _ b: UnsafePointer<Double>, columns: Int, depth: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        typealias Quad = SIMD4<Double>
        var c00 = Quad()
        var c01 = Quad()
        var c10 = Quad()
        var c11 = Quad()
        var c20 = Quad()
        var c21 = Quad()
        var c30 = Quad()
        var c31 = Quad()
        var c40 = Quad()
        var c41 = Quad()
        var c50 = Quad()
        var c51 = Quad()
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
            if rows == 6 {
                a0 = Quad(repeating: rowA[4 * rowStride])
                c40.addProduct(a0, b0)
                c41.addProduct(a0, b1)
                a0 = Quad(repeating: rowA[5 * rowStride])
                c50.addProduct(a0, b0)
                c51.addProduct(a0, b1)
            }
            rowA += depthStride
            rowB += stepB
        }
        let target = UnsafeMutableRawPointer(c)
        let stepC = columns * MemoryLayout<Double>.stride
        func store(_ left: Quad, _ right: Quad, row: Int) {
            target.storeBytes(of: left, toByteOffset: row * stepC, as: Quad.self)
            target.storeBytes(of: right, toByteOffset: row * stepC + 32, as: Quad.self)
        }
        store(c00, c01, row: 0)
        store(c10, c11, row: 1)
        store(c20, c21, row: 2)
        store(c30, c31, row: 3)
        if rows == 6 {
            store(c40, c41, row: 4)
            store(c50, c51, row: 5)
        }
    }
}
