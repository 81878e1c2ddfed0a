import Foundation
import Testing

@testable import PrimerKit

@Suite("Numerical kernels")
struct NumericsTests {
    @Test("the logarithm is within an ulp, with the limits right")
    func logarithm() {
        let references = References.numerics("log")
        #expect(references.count > 100)
        for (x, value) in references {
            #expect(ulpError(LogKernel.log(x), value) <= 1, "log(\(x))")
        }
        for (x, value) in References.numerics("log1p") {
            #expect(ulpError(LogKernel.log1p(unitInterval: x), value) <= 1, "log1p(\(x))")
        }
        #expect(LogKernel.log(0) == -.infinity)
        #expect(LogKernel.log(-1).isNaN)
        #expect(LogKernel.log(.infinity) == .infinity)
        #expect(LogKernel.log(.nan).isNaN)
        #expect(LogKernel.log(1) == 0)
        #expect(LogKernel.log1p(unitInterval: 0) == 0)
        #expect(LogKernel.log1p(unitInterval: 1e-300) == 1e-300)
    }

    @Test("sin(πx) and cos(πx) are within two ulps, exact at multiples of 1/2")
    func sinPi() {
        for (x, value) in References.numerics("sinpi") {
            #expect(ulpError(SinPi.sin(x), value) <= 2, "sin(π·\(x))")
        }
        for (x, value) in References.numerics("cospi") {
            #expect(ulpError(SinPi.cos(x), value) <= 2, "cos(π·\(x))")
        }
        #expect(SinPi.sin(1) == 0 && SinPi.cos(0.5) == 0 && SinPi.sin(0.5) == 1 && SinPi.cos(1) == -1)
        #expect(SinPi.sin(.infinity).isNaN)
    }

    @Test("e^x − 1 keeps tiny arguments exact and −0 negative")
    func expm1() {
        #expect(ExpKernel.expm1(nonPositive: -1e-300) == -1e-300)
        #expect(ExpKernel.expm1(nonPositive: -0.0).sign == .minus)
        #expect(ExpKernel.expm1(nonPositive: -.infinity) == -1)
        #expect(abs(ExpKernel.expm1(nonPositive: -1e-5) - Foundation.expm1(-1e-5)) <= 2 * (1e-5).ulp)
    }

    @Test("e^x for x ≤ 0 is within two ulps down to the subnormal range")
    func exponential() {
        for x in stride(from: -745.0, through: 0, by: 0.37) {
            let expected = Foundation.exp(x)  // glibc's exp is correctly rounded in practice
            #expect(ulpError(ExpKernel.exp(nonPositive: x), expected) <= 2.5, "e^\(x)")
        }
        #expect(ExpKernel.exp(nonPositive: -.infinity) == 0)
        #expect(ExpKernel.exp(nonPositive: 0) == 1)
    }

    @Test("double-double products are exact")
    func doubleDouble() {
        let a = 134_217_729.0  // 2^27 + 1: a² = 2^54 + 2^28 + 1 needs 55 bits
        let product = DoubleDouble.product(a, a)
        #expect(product.hi == 0x1p54 + 0x1p28)
        #expect(product.lo == 1)
        let sum = DoubleDouble.sum(1, 0x1p-60)
        #expect(sum.hi == 1 && sum.lo == 0x1p-60)
    }
}
