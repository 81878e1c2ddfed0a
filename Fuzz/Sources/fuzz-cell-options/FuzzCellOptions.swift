@testable import PrimerCore

/// A cell's code with its `//|` option lines (YAML) on top. A thrown
/// `BuildFailure` is the expected answer to bad input; only a crash is a
/// finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let code = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? CellOptions.parse(cellCode: code, file: "page.md", line: 3)
    return 0
}
