import Foundation
import PrimerTestSupport
import Testing

@testable import PrimerCore

@Suite("Page layout and navigation")
struct LayoutTests {
    private func builtSample() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        _ = try folder.generator().build()
        return folder
    }

    @Test("every page, the stylesheet, the math font, static files and .nojekyll are written; private folders are not")
    func files() throws {
        let folder = try builtSample()
        #expect(
            folder.snapshot("docs").keys.sorted() == [
                ".nojekyll", "assets/LICENSE-latinmodern-math.txt", "assets/latinmodern-math.woff2", "assets/primer.css",
                "en/intro.html", "en/second.html", "images/logo.txt", "index.html", "zh/intro.html",
            ])
    }

    @Test("the page carries its language, title, description and relative stylesheet")
    func head() throws {
        let html = try builtSample().read("docs/zh/intro.html")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh\">"))
        #expect(html.contains("<title>简介 · 样例</title>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"../assets/primer.css\">"))
        let english = try builtSample().read("docs/en/intro.html")
        #expect(english.contains("<meta name=\"description\" content=\"The first page.\">"))
    }

    @Test("the sidebar lists the page's language in order and marks the current page")
    func sidebar() throws {
        let html = try builtSample().read("docs/en/second.html")
        #expect(
            html.contains(
                """
                <ol>
                <li><a href="intro.html">Introduction</a></li>
                <li><a href="second.html" aria-current="page">Second page</a></li>
                </ol>
                """))
        #expect(!html.contains("简介"))
    }

    @Test("previous and next follow the reading order")
    func pager() throws {
        let folder = try builtSample()
        let first = try folder.read("docs/en/intro.html")
        #expect(first.contains("<a class=\"next\" rel=\"next\" href=\"second.html\"><span>Next</span> Second page</a>"))
        #expect(!first.contains("rel=\"prev\""))
        let second = try folder.read("docs/en/second.html")
        #expect(second.contains("<a class=\"previous\" rel=\"prev\" href=\"intro.html\"><span>Previous</span> Introduction</a>"))
    }

    @Test("the language switch links to the same lesson in the other language")
    func languageSwitch() throws {
        let folder = try builtSample()
        #expect(try folder.read("docs/en/intro.html").contains("<a href=\"../zh/intro.html\" hreflang=\"zh\" lang=\"zh\">中文</a>"))
        #expect(try folder.read("docs/zh/intro.html").contains("<a href=\"../en/intro.html\" hreflang=\"en\" lang=\"en\">English</a>"))
        // No Chinese counterpart: the Chinese edition's first page.
        #expect(try folder.read("docs/en/second.html").contains("<a href=\"../zh/intro.html\" hreflang=\"zh\""))
    }

    @Test("a table of contents lists second- and third-level headings")
    func tableOfContents() throws {
        let html = try builtSample().read("docs/en/intro.html")
        #expect(
            html.contains(
                """
                <nav class="toc" id="toc" aria-label="On this page">
                <h2>On this page</h2>
                <ol>
                <li><a href="#overview">Overview</a></li>
                <li><a href="#details">Details</a></li>
                </ol>
                </nav>
                """))
    }

    @Test("links to .md lessons become links to their .html pages")
    func lessonLinks() throws {
        let html = try builtSample().read("docs/en/intro.html")
        #expect(html.contains("<a href=\"second.html#details\">the second page</a>"))
    }

    @Test("the title comes from front matter, else a leading # heading, which is not repeated")
    func titles() throws {
        let html = try builtSample().read("docs/en/second.html")
        #expect(html.contains("<title>Second page · Sample</title>"))
        #expect(html.components(separatedBy: "<h1").count == 2)
    }

    @Test("without an index.md the front page lists every edition")
    func landingPage() throws {
        let html = try builtSample().read("docs/index.html")
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("<section lang=\"zh\">\n<h2 id=\"zh\">样例</h2>\n<ol>\n<li><a href=\"zh/intro.html\">简介</a></li>"))
    }

    @Test("ordering: configuration first, then front-matter order, then by path with index first")
    func ordering() throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/primer.yml": "order: [d.md]\n",
            "Content/a.md": "# A\n",
            "Content/b.md": "---\norder: 2\n---\n",
            "Content/c.md": "---\norder: 1\n---\n",
            "Content/d.md": "# D\n",
            "Content/index.md": "# Home\n",
        ])
        _ = try folder.generator().build()
        let html = try folder.read("docs/a.html")
        let titles = html.matches(of: /<li><a href="[a-z]+\.html"[^>]*>([^<]+)<\/a><\/li>/).map { String($0.output.1) }
        #expect(titles == ["D", "c", "b", "Home", "A"])
    }

    /// The golden page: looked at in Chromium (light and dark) before it was
    /// recorded. Set PRIMER_RECORD=1 to record it again.
    @Test("golden page")
    func goldenPage() throws {
        let html = try builtSample().read("docs/en/intro.html")
        let golden = Golden(folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden"))
        try golden.expect(html, matches: "sample-en-intro.html")
    }
}
