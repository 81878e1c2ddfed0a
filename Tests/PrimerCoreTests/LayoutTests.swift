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
            folder.snapshot("docs").keys.filter { !$0.hasPrefix("assets/search/terms/") }.sorted() == [
                ".nojekyll", "assets/LICENSE-latinmodern-math.txt", "assets/latinmodern-math.woff2", "assets/primer.css",
                "assets/search.js", "assets/search/index.js", "assets/search/text/en/intro.js", "assets/search/text/en/second.js",
                "assets/search/text/zh/intro.js", "en/intro.html", "en/second.html", "images/logo.txt", "index.html", "zh/intro.html",
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

    @Test("a page in a folder named after a site language belongs to it without saying so; front matter still wins")
    func languageFromFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/primer.yml": "languages: [zh, en]\n",
            "Content/en/a.md": "# A\n\nText.\n",
            "Content/en/notes/b.md": "# B\n\nDeeper.\n",
            "Content/zh/c.md": "---\nlang: en\n---\n# C\n",
            "Content/d.md": "# D\n",
        ])
        _ = try folder.generator().build()
        #expect(try folder.read("docs/en/a.html").hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(try folder.read("docs/en/notes/b.html").hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(try folder.read("docs/zh/c.html").hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(try folder.read("docs/d.html").hasPrefix("<!DOCTYPE html>\n<html lang=\"zh\">"))
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
        let page = try folder.read("docs/a.html")
        // The sidebar's list (the narrow screens' menu repeats it).
        let html = page.components(separatedBy: "<nav class=\"sidebar\"").last ?? ""
        let titles = html.matches(of: /<li><a href="[a-z]+\.html"[^>]*>([^<]+)<\/a><\/li>/).map { String($0.output.1) }
        #expect(titles == ["D", "c", "b", "Home", "A"])
    }

    @Test("every page has a menu at the top linking to every lesson of its language, and its contents")
    func menu() throws {
        let folder = try builtSample()
        for (path, lessons, language) in [
            ("docs/en/intro.html", ["intro.html", "second.html"], "en"),
            ("docs/en/second.html", ["intro.html", "second.html"], "en"),
            ("docs/zh/intro.html", ["intro.html"], "zh"),
        ] {
            let html = try folder.read(path)
            let words = Localization.forLanguage(language)
            let menu = try #require(html.firstMatch(of: /<nav class="site-menu"(?s:.*?)\n<\/nav>\n/).map { String($0.output) })
            // Before the page's content, right after the header; one landmark of its own.
            #expect(html.range(of: "</header>\n<nav class=\"site-menu\" aria-label=\"\(words.menu)\">") != nil, "\(path)")
            #expect(menu.contains("<details class=\"menu-lessons\">\n<summary>\(words.lessons)</summary>\n<ol>"))
            let links = menu.matches(of: /<li><a href="([^"]+)"/).map { String($0.output.1) }
            for lesson in lessons { #expect(links.contains(lesson), "\(path) menu lacks \(lesson)") }
            // No ids: the sidebar and the table of contents own them.
            #expect(!menu.contains(" id="))
        }
        let intro = try folder.read("docs/en/intro.html")
        #expect(intro.contains("<a href=\"second.html\">Second page</a>"))
        #expect(
            intro.contains(
                "<details class=\"menu-toc\">\n<summary>On this page</summary>\n<ol>\n<li><a href=\"#overview\">Overview</a></li>"
            ))
        #expect(try folder.read("docs/zh/intro.html").contains("<summary>课程</summary>"))
        // The stylesheet shows the menu only on narrow screens, where it hides the sidebar.
        #expect(Stylesheet.css.contains(".site-menu { display: none;"))
        let narrow = try #require(Stylesheet.css.components(separatedBy: "@media (max-width: 52rem) {").last)
        #expect(
            narrow.hasPrefix("\n  .layout")
                && narrow.contains("\n  .site-menu { display: block; }\n  .sidebar, article > .toc { display: none; }"))
    }

    @Test("code blocks, tables and equations scroll in focusable, labelled regions; the equation number stays outside")
    func scrollRegions() throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/primer.yml": "languages: [en, zh]\n",
            "Content/en/a.md": "# A\n\n```swift\nlet x = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$$\nx^2\n$$ {#eq-x}\n\n$$\ny\n$$\n",
            "Content/zh/a.md": "---\nlang: zh\n---\n# 甲\n\n```text\nx\n```\n\n| 输出范围 |\n|---|\n| 1 |\n\n$$\nx^2\n$$ {#eq-x}\n",
        ])
        _ = try folder.generator().build()
        let english = try folder.read("docs/en/a.html")
        #expect(
            english.contains(
                "<div class=\"scroll code\" tabindex=\"0\" role=\"group\" aria-label=\"Code\">\n<pre><code class=\"language-swift\">"))
        #expect(english.contains("<div class=\"scroll table\" tabindex=\"0\" role=\"group\" aria-label=\"Table\">\n<table>"))
        #expect(
            english.contains(
                "<div class=\"equation\" id=\"eq-x\"><div class=\"scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Equation (1)\"><math"
            ))
        #expect(english.contains("</math></div><span class=\"equation-number\">(1)</span></div>"))
        #expect(
            english.contains("<div class=\"equation\"><div class=\"scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Equation\"><math"))
        // Every region is focusable and named.
        let regions = english.matches(of: /<div class="scroll[^"]*"([^>]*)>/).map { String($0.output.1) }
        #expect(regions.count == 4)
        for region in regions {
            #expect(region.contains("tabindex=\"0\"") && region.contains("role=\"group\"") && region.contains("aria-label=\""))
        }
        let chinese = try folder.read("docs/zh/a.html")
        #expect(chinese.contains("aria-label=\"代码\""))
        #expect(chinese.contains("aria-label=\"表格\""))
        #expect(chinese.contains("aria-label=\"公式 (1)\""))
    }

    @Test("task-list checkboxes are labelled in the page's language")
    func taskListLabels() throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/primer.yml": "languages: [en, zh]\n",
            "Content/en/a.md": "# A\n\n- [x] one\n- [ ] two\n",
            "Content/zh/a.md": "---\nlang: zh\n---\n# 甲\n\n- [x] 一\n- [ ] 二\n",
        ])
        _ = try folder.generator().build()
        let english = try folder.read("docs/en/a.html")
        #expect(english.contains("<input type=\"checkbox\" disabled checked aria-label=\"done\"> one"))
        #expect(english.contains("<input type=\"checkbox\" disabled aria-label=\"to do\"> two"))
        let chinese = try folder.read("docs/zh/a.html")
        #expect(chinese.contains("<input type=\"checkbox\" disabled checked aria-label=\"已完成\"> 一"))
        #expect(chinese.contains("<input type=\"checkbox\" disabled aria-label=\"未完成\"> 二"))
        #expect(!chinese.contains("aria-label=\"done\""))
    }

    @Test("the stylesheet colours argument labels and keeps header items whole")
    func stylesheetRules() {
        #expect(Stylesheet.css.contains("pre .l { color: var(--code-label); }"))
        #expect(Stylesheet.css.contains(".language-switch a { font-size: .95rem; white-space: nowrap; }"))
        #expect(Stylesheet.css.contains("word-break: keep-all"))
        #expect(Stylesheet.css.contains("@media (hover: none) { .anchor {"))
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
