import Foundation
import PrimerTestSupport
import Testing

@testable import PrimerCore

/// Feature fixtures in the style of mdBook's test suite: one folder per
/// feature under `Fixtures/features/`, holding `input.md` (a lesson) and
/// either `expected.html` (the page's `<article>`, looked at in a browser
/// before it was recorded with `PRIMER_RECORD=1`) or
/// `expected-diagnostics.txt` (the build fails with exactly these).
@Suite("Feature fixtures", .serialized)
struct FeatureFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/features")

    static let features: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/input.md").path) }.sorted()
    }()

    @Test("every feature folder has a fixture")
    func fixturesExist() {
        #expect(Self.features.count >= 11)
    }

    @Test("the feature renders as recorded", arguments: features)
    func feature(_ name: String) throws {
        let fixture = Self.folder.appendingPathComponent(name)
        let site = try TemporaryFolder()
        try site.write(["Content/page.md": try String(contentsOf: fixture.appendingPathComponent("input.md"), encoding: .utf8)])
        let expectedDiagnostics = fixture.appendingPathComponent("expected-diagnostics.txt")
        let golden = Golden(folder: fixture)
        do {
            _ = try site.generator().build()
        } catch {
            let diagnostics = error.diagnostics.map(\.description).joined(separator: "\n") + "\n"
            guard
                FileManager.default.fileExists(atPath: expectedDiagnostics.path)
                    || ProcessInfo.processInfo.environment["PRIMER_RECORD"] == "1"
            else {
                Issue.record("the build failed:\n\(diagnostics)")
                return
            }
            try golden.expect(diagnostics, matches: "expected-diagnostics.txt")
            #expect(!site.exists("docs"), "a failed build writes nothing")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: expectedDiagnostics.path), "the build should have failed")
        let page = try site.read("docs/page.html")
        let start = try #require(page.range(of: "<article>"))
        let end = try #require(page.range(of: "</article>"))
        let article = String(page[start.lowerBound..<end.upperBound]) + "\n"
        #expect(!article.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) })
        try golden.expect(article, matches: "expected.html")
    }
}
