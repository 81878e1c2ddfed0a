@testable import PrimerCore

/// One page through the parse, resolve and render stages, as `primer build`
/// takes it but with no lesson code run: cmark-gfm with Primer's
/// extensions, the directive and cell scanner (`LessonCode.extract`, which
/// reads each cell's `//|` options), TeX to MathML, cross-references and
/// callouts, then HTML. Problems are diagnostics; only a crash is a finding.
/// Swift code is not highlighted: that is swift-syntax's parser (fuzzed by
/// its own project), which took over half of each run here.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Invalid UTF-8 is repaired, as reading a lesson does (TextFile).
    let markdown = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = PageRenderer.renderStandalone(markdown, highlightsSwift: false)
    return 0
}
