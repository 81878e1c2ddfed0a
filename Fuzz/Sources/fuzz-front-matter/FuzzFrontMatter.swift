@testable import PrimerCore

/// A lesson file split into its front matter (YAML read by Yams, then
/// checked key by key) and its body. A thrown `BuildFailure` is the
/// expected answer to bad input; only a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? FrontMatter.split(text, file: "page.md")
    return 0
}
