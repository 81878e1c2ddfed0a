@testable import PrimerCore

/// A formula converted to MathML, inline and as a display, numbered (the
/// path of `$$…$$` with a label); `TeXConverter.Failure` is the expected
/// answer to bad TeX, only a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let tex = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? TeXConverter.convert(tex, display: false)
    var numbers = EquationNumbers()
    _ = try? TeXConverter.convert(tex, display: true, label: "eq-fuzz", numbers: &numbers)
    return 0
}
