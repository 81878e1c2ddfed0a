/// sin(πx) and cos(πx) in pure Double arithmetic, so that the data sets
/// built from them are the same on every platform (the C library's `sin`
/// differs between systems in the last bit).
///
/// Measuring angles in half-turns makes the argument reduction exact: x
/// minus a multiple of 1/2 is computed without rounding, so there is no
/// loss at large arguments. The reduced argument |r| ≤ 1/4 goes through the
/// Taylor series to the 19th degree, whose truncation error is below 1e-19
/// (coefficients from `make_reference.py --constants`).
enum SinPi {
    private static let sine: [Double] = [
        0x1.921fb54442d18p+1, -0x1.4abbce625be53p+2, 0x1.466bc6775aae2p+1, -0x1.32d2cce62bd86p-1,
        0x1.50783487ee782p-4, -0x1.e3074fde8871fp-8, 0x1.e8f434d018d63p-12, -0x1.6fadb9f155744p-16,
        0x1.aaec32af93359p-21, -0x1.8a404211f9547p-26,
    ]
    private static let cosine: [Double] = [
        0x1.0000000000000p+0, -0x1.3bd3cc9be45dep+2, 0x1.03c1f081b5ac4p+2, -0x1.55d3c7e3cbffap+0,
        0x1.e1f506891babbp-3, -0x1.a6d1f2a204a8cp-6, 0x1.f9d38a3763cc3p-10, -0x1.b6e24f44b128fp-14,
        0x1.20c62c2f2d7f5p-18, -0x1.2a0c591af8314p-23,
    ]

    /// sin(πx).
    static func sin(_ x: Double) -> Double {
        guard x.isFinite else { return .nan }
        let (quadrant, r) = reduce(x)
        switch quadrant {
        case 0: return sinKernel(r)
        case 1: return cosKernel(r)
        case 2: return -sinKernel(r)
        default: return -cosKernel(r)
        }
    }

    /// cos(πx).
    static func cos(_ x: Double) -> Double {
        guard x.isFinite else { return .nan }
        let (quadrant, r) = reduce(x)
        switch quadrant {
        case 0: return cosKernel(r)
        case 1: return -sinKernel(r)
        case 2: return -cosKernel(r)
        default: return sinKernel(r)
        }
    }

    /// x = n/2 + r with |r| ≤ 1/4, exactly; returns n mod 4 and r.
    private static func reduce(_ x: Double) -> (Int, Double) {
        let twice = 2 * x
        let n = twice.rounded(.toNearestOrEven)
        let r = (twice - n) * 0.5
        // n is an integer-valued Double; beyond 2^53 every x is an integer
        // multiple of 1/2 already, and only n mod 4 matters.
        let quadrant = Int(n.truncatingRemainder(dividingBy: 4))
        return ((quadrant + 4) % 4, r)
    }

    private static func sinKernel(_ r: Double) -> Double {
        let w = r * r
        var sum = sine[9]
        for index in stride(from: 8, through: 0, by: -1) { sum = sum * w + sine[index] }
        return r * sum
    }

    private static func cosKernel(_ r: Double) -> Double {
        let w = r * r
        var sum = cosine[9]
        for index in stride(from: 8, through: 0, by: -1) { sum = sum * w + cosine[index] }
        return sum
    }
}
