import Foundation
import Testing

@testable import PrimerFigures

/// `DecimalPrinter` must print what glibc's `%.*f` and `%.*e` print, digit
/// for digit: every number on a page goes through it.
@Suite("Printing numbers as C does")
struct DecimalPrinterTests {
    /// SplitMix64: the same values on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Checks one value at one precision in both styles; returns how many
    /// of the two the printer answered itself (rather than leaving to C).
    @discardableResult
    static func expectSameAsC(_ value: Double, _ precision: Int) -> Int {
        var answered = 0
        if let fixed = DecimalPrinter.fixed(value, precision: precision) {
            #expect(fixed == NumberFormat.cPrinted(value, precision, "f"), "\(value) at %.\(precision)f")
            answered += 1
        }
        if let scientific = DecimalPrinter.scientific(value, precision: precision) {
            #expect(scientific == NumberFormat.cPrinted(value, precision, "e"), "\(value) at %.\(precision)e")
            answered += 1
        }
        return answered
    }

    @Test("ties round to even, carries add a digit, signs and zeros are C's")
    func edgeCases() {
        let values: [Double] = [
            0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 9.9996, 9.99996, 99.5, 0.96, 2.0 / 3, 0.0005, 1e22, 1e23, 0.1, 0.3,
            4.539786870243442e-05, 123_456_789, 4_503_599_627_370_497.5, 9_007_199_254_740_993, .leastNonzeroMagnitude,
            .leastNormalMagnitude, .greatestFiniteMagnitude, 1e-300, 1e300,
        ]
        for value in values {
            for precision in 0...20 {
                Self.expectSameAsC(value, precision)
                Self.expectSameAsC(-value, precision)
            }
        }
        #expect(DecimalPrinter.fixed(2.5, precision: 0) == "2")
        #expect(DecimalPrinter.fixed(0.125, precision: 2) == "0.12")
        #expect(DecimalPrinter.fixed(-0.0004, precision: 3) == "-0.000")
        #expect(DecimalPrinter.scientific(9.9996, precision: 3) == "1.000e+01")
        #expect(DecimalPrinter.scientific(2.0 / 3, precision: 0) == "7e-01")
        #expect(DecimalPrinter.scientific(0, precision: 2) == "0.00e+00")
    }

    @Test("random values over eighty orders of magnitude, and exact ties, print as C prints them")
    func randomValues() {
        var random = Seeded(state: 20_261_202)
        var answered = 0
        for _ in 0..<20_000 {
            let magnitude = Double.random(in: 1..<10, using: &random) * pow(10, Double(Int.random(in: -40...40, using: &random)))
            Self.expectSameAsC(Bool.random(using: &random) ? magnitude : -magnitude, Int.random(in: 0...17, using: &random))
            // What pages show (|x| from 10⁻¹² to 10¹², up to ten decimals)
            // is never left to C.
            let shown = Double.random(in: 1..<10, using: &random) * pow(10, Double(Int.random(in: -12...11, using: &random)))
            answered += Self.expectSameAsC(shown, Int.random(in: 0...10, using: &random))
            let decimals = Int.random(in: 0...6, using: &random)
            let tie = (Double(Int.random(in: 0...100_000, using: &random)) + 0.5) / pow(10, Double(decimals))
            answered += Self.expectSameAsC(tie, decimals)
        }
        #expect(answered == 80_000)
    }

    @Test("a number whose digits do not fit 128 bits is left to C")
    func outOfRange() {
        #expect(DecimalPrinter.fixed(1e300, precision: 3) == nil)
        #expect(DecimalPrinter.scientific(1e-200, precision: 3) == nil)
        #expect(DecimalPrinter.fixed(.nan, precision: 3) == nil)
        #expect(NumberFormat.fixed(3).format(1e300) == NumberFormat.cPrinted(1e300, 3, "f").replacingOccurrences(of: "-", with: "−"))
    }
}
