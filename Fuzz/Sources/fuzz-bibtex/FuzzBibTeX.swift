@testable import PrimerCore

/// A `references.bib` parsed and each entry's fields read from TeX (names,
/// accents, braces). A thrown `BuildFailure` is the expected answer to bad
/// input; only a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Bibliography.parse(text, file: "references.bib")
    return 0
}
