/// A random number generator whose sequences are the same on every
/// platform, every run and every Swift version, so that a lesson's numbers
/// and plots do not change when it is executed again.
///
/// The algorithm is xoshiro256** (Blackman and Vigna, "Scrambled linear
/// pseudorandom number generators", 2021), seeded from one 64-bit number
/// through SplitMix64, as its authors recommend. Draws are built from its
/// output with integer operations and IEEE arithmetic only (no C library
/// call), so they are reproducible bit for bit:
///
/// - `uniform()`: the top 53 bits times 2^−53, in [0, 1);
/// - `normal()`: Marsaglia's polar method, with the kit's own logarithm;
/// - `integer(below:)`: Lemire's multiply-and-reject, without bias.
///
/// It also conforms to `RandomNumberGenerator`, but the standard library's
/// algorithms (`shuffled(using:)`, `Double.random(in:using:)`) are not
/// promised to stay the same between Swift versions: use this type's own
/// methods for reproducible lessons.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    /// The second value of the last polar-method pair, not yet returned.
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// A uniform draw in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform draw in [lower, upper).
    public mutating func uniform(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A uniform draw in [lower, upper] (the upper bound is reached only
    /// through rounding, as for a half-open range).
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A draw from the normal distribution N(mean, standardDeviation²).
    ///
    /// Marsaglia's polar method: draw points in the square [−1, 1)² until
    /// one falls inside the unit circle, then scale both coordinates; the
    /// second value is kept for the next call.
    public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return mean + standardDeviation * spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * LogKernel.log(s) / s).squareRoot()
                spareNormal = v * factor
                return mean + standardDeviation * (u * factor)
            }
        }
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire, "Fast
    /// random integer generation in an interval", 2019).
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// `count` uniform draws in `range`.
    public mutating func uniform(count: Int, in range: Range<Double> = 0..<1) -> [Double] {
        (0..<count).map { _ in uniform(in: range) }
    }

    /// `count` normal draws: exactly the values and the generator state of
    /// `count` calls of `normal(mean:standardDeviation:)`.
    ///
    /// The points of the polar method are drawn one after the other as
    /// there, and for exactly as many pairs; the logarithms, square roots
    /// and divisions of the accepted points are then computed by a loop
    /// over a batch of them, which the compiler vectorizes.
    public mutating func normal(count: Int, mean: Double = 0, standardDeviation: Double = 1) -> [Double] {
        guard count > 0 else { return [] }
        let batch = 256
        return [Double](unsafeUninitializedCapacity: count) { result, initialized in
            var filled = 0
            if let spare = spareNormal {
                spareNormal = nil
                result[0] = mean + standardDeviation * spare
                filled = 1
            }
            var u = [Double](repeating: 0, count: batch)
            var v = u
            var factors = u
            while filled < count {
                let pairs = min(batch, (count - filled + 1) / 2)
                var accepted = 0
                while accepted < pairs {
                    let x = 2 * uniform() - 1
                    let y = 2 * uniform() - 1
                    let s = x * x + y * y
                    if s > 0 && s < 1 {
                        u[accepted] = x
                        v[accepted] = y
                        factors[accepted] = s
                        accepted += 1
                    }
                }
                factors.withUnsafeMutableBufferPointer { factor in
                    for i in 0..<pairs {
                        let s = factor[i]
                        factor[i] = (-2 * LogKernel.log(s) / s).squareRoot()
                    }
                }
                for i in 0..<pairs {
                    result[filled] = mean + standardDeviation * (u[i] * factors[i])
                    filled += 1
                    let second = v[i] * factors[i]
                    if filled < count {
                        result[filled] = mean + standardDeviation * second
                        filled += 1
                    } else {
                        spareNormal = second
                    }
                }
            }
            initialized = count
        }
    }

    /// Shuffles `elements` in place (Fisher–Yates), the same way everywhere.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, integer(below: index + 1))
        }
    }
}
