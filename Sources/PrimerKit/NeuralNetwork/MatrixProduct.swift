/// Matrix products, written for x86-64 with FMA and AVX2 (four Doubles per
/// vector instruction, 16 vector registers) or AVX-512 (eight, 32
/// registers), whichever lesson programs are compiled for (`-target-cpu
/// native`, see `Toolchain.targetCPU`).
///
/// A block of 6 (or, for the last rows, 4) rows × 2 vectors of columns of
/// the result stays in vector registers for the whole inner loop, which
/// does 12 vector fused multiply-adds per two vector loads of B and six
/// scalar loads of A. A is read in place whether transposed or not (the
/// kernel takes its strides); B is read as rows of contiguous elements, so
/// a transposed B is first transposed into a scratch copy, O(n²) against
/// the product's O(n³). Rows and columns beyond the last full block are
/// computed by a plain loop. Every element is the same chain of fused
/// multiply-adds in the order of the definition, so the result depends
/// neither on the blocking nor on the vectors' width.
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

    /// Whether the processor has 512-bit vectors (AVX-512F, from
    /// /proc/cpuinfo), for which the kit is then compiled (`-target-cpu
    /// native`). Without them a 512-bit kernel's 12 accumulators would take
    /// 24 of AVX2's 16 registers, so the 256-bit kernel is used instead.
    static let hasWideVectors: Bool = {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        return flags.split(separator: " ").contains("avx512f")
    }()

    /// C (m×n, row-major) = op(A)·B for B k×n row-major, every element
    /// written; none of the sizes is 0. Blocks 16 columns wide (512-bit
    /// vectors, `wide`) and then 8 wide cover what they can; the edge loop
    /// the rest. The 512-bit blocks do twice the multiply-adds an
    /// instruction: the training step of `kit-benchmarks` takes 0.75 ms
    /// instead of 1.06 (NumPy's, with OpenBLAS: 0.83).
    static func product(
        _ a: UnsafeBufferPointer<Double>, rowStride: Int, depthStride: Int, _ b: UnsafeBufferPointer<Double>,
        m: Int, k: Int, n: Int, into result: UnsafeMutableBufferPointer<Double>, wide: Bool = hasWideVectors
    ) {
        guard let a = a.baseAddress, let b = b.baseAddress, let c = result.baseAddress else { return }
        let operands = Operands(a: a, rowStride: rowStride, depthStride: depthStride, b: b, c: c, m: m, k: k, n: n)
        var blockColumns = 0
        if wide { blockColumns = operands.blocks(of: SIMD8<Double>.self, from: 0) }
        blockColumns = operands.blocks(of: SIMD4<Double>.self, from: blockColumns)
        operands.edges(blockColumns: blockColumns)
    }

    /// op(A), B and C of one product, and its sizes.
    private struct Operands {
        let a: UnsafePointer<Double>
        let rowStride: Int
        let depthStride: Int
        let b: UnsafePointer<Double>
        let c: UnsafeMutablePointer<Double>
        let m: Int
        let k: Int
        let n: Int

        // Blocks of six rows, then one block of the last four rows, which
        // may overlap the six-row blocks: an element computed twice gets
        // the same value, so that is cheaper than the plain loop for the
        // one to three rows left over. Five rows left over are one more
        // than that block reaches: the first of them goes to the edge loop.
        /// Rows below this are in six-row blocks.
        var sixRowEnd: Int { m / 6 * 6 }
        /// Rows from this on are in the four-row block.
        var fourRowStart: Int { sixRowEnd < m && m >= 4 ? m - 4 : m }

        /// Computes the blocks of two vectors' width from column `first`
        /// on, as far as they fit; returns the column where they end.
        @inline(__always)
        func blocks<Vector: SIMD>(of _: Vector.Type, from first: Int) -> Int where Vector.Scalar == Double {
            let width = 2 * Vector.scalarCount
            let end = first + (n - first) / width * width
            for row in stride(from: 0, to: sixRowEnd, by: 6) {
                for j in stride(from: first, to: end, by: width) {
                    MatrixProduct.kernel(
                        Vector.self, rows: 6, a + row * rowStride, rowStride: rowStride, depthStride: depthStride,
                        b + j, columns: n, depth: k, into: c + row * n + j)
                }
            }
            if fourRowStart < m {
                for j in stride(from: first, to: end, by: width) {
                    MatrixProduct.kernel(
                        Vector.self, rows: 4, a + fourRowStart * rowStride, rowStride: rowStride,
                        depthStride: depthStride, b + j, columns: n, depth: k, into: c + fourRowStart * n + j)
                }
            }
            return end
        }

        /// The edges: columns beyond the last block, then rows no block reached.
        func edges(blockColumns: Int) {
            for i in 0..<m {
                let firstColumn = i < sixRowEnd || i >= fourRowStart ? blockColumns : 0
                for j in firstColumn..<n {
                    var sum = 0.0
                    for p in 0..<k { sum.addProduct(a[i * rowStride + p * depthStride], b[p * n + j]) }
                    c[i * n + j] = sum
                }
            }
        }
    }

    /// The `rows`×(2 vectors) block of C at `c` (row stride `columns`),
    /// `rows` being 6 or 4: rows of op(A) from `a`, columns of B from `b`.
    /// Inlined with a constant `rows` and vector type, the branches fold
    /// away and the accumulators stay in registers.
    @inline(__always)
    private static func kernel<Vector: SIMD>(
        _: Vector.Type, rows: Int, _ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
        _ b: UnsafePointer<Double>, columns: Int, depth: Int,
        into c: UnsafeMutablePointer<Double>
    ) where Vector.Scalar == Double {
        var c00 = Vector()
        var c01 = Vector()
        var c10 = Vector()
        var c11 = Vector()
        var c20 = Vector()
        var c21 = Vector()
        var c30 = Vector()
        var c31 = Vector()
        var c40 = Vector()
        var c41 = Vector()
        var c50 = Vector()
        var c51 = Vector()
        var rowA = a
        var rowB = UnsafeRawPointer(b)
        let stepB = columns * MemoryLayout<Double>.stride
        let half = MemoryLayout<Vector>.size
        for _ in 0..<depth {
            let b0 = rowB.loadUnaligned(as: Vector.self)
            let b1 = rowB.loadUnaligned(fromByteOffset: half, as: Vector.self)
            var a0 = Vector(repeating: rowA[0])
            c00.addProduct(a0, b0)
            c01.addProduct(a0, b1)
            a0 = Vector(repeating: rowA[rowStride])
            c10.addProduct(a0, b0)
            c11.addProduct(a0, b1)
            a0 = Vector(repeating: rowA[2 * rowStride])
            c20.addProduct(a0, b0)
            c21.addProduct(a0, b1)
            a0 = Vector(repeating: rowA[3 * rowStride])
            c30.addProduct(a0, b0)
            c31.addProduct(a0, b1)
            if rows == 6 {
                a0 = Vector(repeating: rowA[4 * rowStride])
                c40.addProduct(a0, b0)
                c41.addProduct(a0, b1)
                a0 = Vector(repeating: rowA[5 * rowStride])
                c50.addProduct(a0, b0)
                c51.addProduct(a0, b1)
            }
            rowA += depthStride
            rowB += stepB
        }
        let target = UnsafeMutableRawPointer(c)
        let stepC = columns * MemoryLayout<Double>.stride
        func store(_ left: Vector, _ right: Vector, row: Int) {
            target.storeBytes(of: left, toByteOffset: row * stepC, as: Vector.self)
            target.storeBytes(of: right, toByteOffset: row * stepC + half, as: Vector.self)
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
