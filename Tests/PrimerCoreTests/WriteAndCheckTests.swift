import Foundation
import Testing

@testable import PrimerCore

@Suite("Writing the site atomically, and checking it")
struct WriteAndCheckTests {
    private func sample() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        return folder
    }

    @Test("the same content gives the same bytes")
    func deterministic() throws {
        let folder = try sample()
        _ = try folder.generator().build()
        let first = folder.snapshot("docs")
        _ = try folder.generator().build()
        #expect(folder.snapshot("docs") == first)
        #expect(try folder.generator().generate().files.count == first.count)
    }

    @Test("the pages of deleted lessons disappear")
    func stalePages() throws {
        let folder = try sample()
        _ = try folder.generator().build()
        #expect(folder.exists("docs/en/second.html"))
        try folder.remove("Content/en/second.md")
        try folder.write(["Content/en/intro.md": "# Intro\n"])
        _ = try folder.generator().build()
        #expect(!folder.exists("docs/en/second.html"))
    }

    @Test("a failure in the middle of writing leaves the previous site intact")
    func atomicity() throws {
        let folder = try sample()
        _ = try folder.generator().build()
        let before = folder.snapshot("docs")
        try folder.write(["Content/en/intro.md": "# Changed\n"])
        var generator = folder.generator()
        generator.afterWritingFile = { path in
            if path == "en/intro.html" { throw InjectedFailure() }
        }
        let failure = #expect(throws: BuildFailure.self) { _ = try generator.build() }
        #expect(failure?.description.hasPrefix("docs: error: cannot write the new site") == true)
        #expect(folder.snapshot("docs") == before)
        // No temporary folder is left behind.
        #expect(try folder.entries() == ["Content", "docs"])
    }

    @Test("check passes on what build wrote")
    func checkPasses() throws {
        let folder = try sample()
        _ = try folder.generator().build()
        let report = try folder.generator().check()
        #expect(report.passed)
    }

    @Test("check names changed, missing and extra files")
    func checkFindsDifferences() throws {
        let folder = try sample()
        _ = try folder.generator().build()
        try folder.write([
            "docs/en/intro.html": try folder.read("docs/en/intro.html").replacingOccurrences(of: "Overview", with: "Overveiw")
        ])
        try folder.remove("docs/zh/intro.html")
        try folder.write(["docs/old.html": "<!DOCTYPE html><title>x</title>"])
        let report = try folder.generator().check()
        #expect(!report.passed)
        #expect(report.differences.count == 3)
        #expect(report.differences.contains(.missing(path: "zh/intro.html")))
        #expect(report.differences.contains(.extra(path: "old.html")))
        #expect(report.differences.contains { if case .changed(path: "en/intro.html", _) = $0 { true } else { false } })
    }

    @Test("check reports links to missing files and anchors")
    func checkFindsBrokenLinks() throws {
        let folder = try sample()
        _ = try folder.generator().build()
        let page = try folder.read("docs/en/intro.html")
            .replacingOccurrences(of: "second.html#details", with: "second.html#nowhere")
            .replacingOccurrences(of: "href=\"../zh/intro.html\"", with: "href=\"../zh/gone.html\"")
        try folder.write(["docs/en/intro.html": page])
        let report = try folder.generator().check()
        #expect(
            report.brokenLinks.map(\.description).sorted() == [
                "docs/en/intro.html: error: broken link '../zh/gone.html': no file zh/gone.html",
                "docs/en/intro.html: error: broken link 'second.html#nowhere': no element with id 'nowhere' in en/second.html",
            ])
    }

    @Test("a link shown inside a code block is not checked")
    func linksInCodeAreText() {
        let html = "<pre><code>&lt;a href=\"missing.html\"&gt;</code></pre><a href='x.html' id=y>"
        #expect(LinkChecker.attributeValues(named: ["href"], in: html) == ["x.html"])
        #expect(LinkChecker.attributeValues(named: ["id"], in: html) == ["y"])
    }

    @Test("clean deletes the output folder")
    func clean() throws {
        let folder = try sample()
        _ = try folder.generator().build()
        try folder.generator().clean()
        #expect(!folder.exists("docs"))
        try folder.generator().clean()  // nothing to delete is fine
    }
}
