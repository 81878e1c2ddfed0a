import Foundation
import Testing

@testable import PrimerCore

/// Primer's syntax follows Markdown's structure: the cases that a text
/// pre-pass with markers got wrong, each as a reader sees it.
@Suite("Formulas, code and outputs respect Markdown's structure")
struct MarkdownStructureTests {
    private func render(_ markdown: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let (body, diagnostics) = PageRenderer.renderStandalone(markdown)
        #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
        return body.html
    }

    /// Whether any private-use character (an internal marker) reached the page.
    private func hasPrivateUse(_ html: String) -> Bool {
        html.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) }
    }

    @Test(
        "dollars where CommonMark has no prose are text",
        arguments: [
            ("    echo \"$HOME/$USER\"\n", "<pre><code>echo &quot;$HOME/$USER&quot;\n</code></pre>\n"),
            ("<div title=\"$x$\">\n$a$ in HTML\n</div>\n", "<div title=\"$x$\">\n$a$ in HTML\n</div>\n"),
            ("> ~~~\n> cost $x$ and $y$\n> ~~~\n", "<blockquote>\n<pre><code>cost $x$ and $y$\n</code></pre>\n</blockquote>\n"),
            ("- ~~~\n  $x$\n  ~~~\n", "<ul>\n<li><pre><code>$x$\n</code></pre></li>\n</ul>\n"),
            ("<https://example.com/?a=$x$>\n", "<p><a href=\"https://example.com/?a=$x$\">https://example.com/?a=$x$</a></p>\n"),
            ("[l](https://example.com/?a=$x$&b=$y$)\n", "<p><a href=\"https://example.com/?a=$x$&amp;b=$y$\">l</a></p>\n"),
            ("a <span title=\"$x$\">b</span> c\n", "<p>a <span title=\"$x$\">b</span> c</p>\n"),
            ("`$x$` and ``$$y$$``\n", "<p><code>$x$</code> and <code>$$y$$</code></p>\n"),
            ("It costs $5, or $6 with tax.\n", "<p>It costs $5, or $6 with tax.</p>\n"),
        ])
    func dollarsThatAreText(markdown: String, expected: String) {
        let html = render(markdown)
        #expect(html == expected)
        #expect(!hasPrivateUse(html))
    }

    @Test("display math inside a list item keeps the list whole")
    func displayMathInList() {
        let html = render("1. Step one:\n\n   $$\n   x = 1\n   $$\n\n2. Step two\n")
        #expect(html.components(separatedBy: "<ol").count == 2, "one list")
        #expect(!html.contains("start=\"2\""))
        #expect(!html.contains("--&gt;") && !html.contains("-->"))
        #expect(html.contains("<li><p>Step one:</p>\n<div class=\"equation\"><math display=\"block\""))
        #expect(html.contains("<li><p>Step two</p></li>"))
    }

    @Test("a tight list stays tight with an equation in an item")
    func tightListWithEquation() {
        let html = render("- The sigmoid:\n  $$\\sigma$$\n- The tanh:\n  $$\\tanh$$\n")
        #expect(html.hasPrefix("<ul>\n<li>The sigmoid:\n<div class=\"equation\">"))
        #expect(!html.contains("<p>"))
    }

    @Test("in a block quote the '>' markers are not part of the formula")
    func displayMathInBlockQuote() throws {
        let html = render("> $$\n> x\n> $$\n")
        #expect(html.hasPrefix("<blockquote>\n<div class=\"equation\"><math display=\"block\"><semantics><mrow><mi>x</mi>"))
        #expect(!html.contains("&gt;"))
        let tex = try #require(html.firstMatch(of: /<annotation encoding="application\/x-tex">([^<]*)</))
        #expect(tex.output.1.trimmingCharacters(in: .whitespacesAndNewlines) == "x")
    }

    @Test("formulas in table cells, footnotes, headings and emphasis")
    func mathInContainers() {
        let table = render("| f | value |\n|---|---|\n| $\\sigma(0)$ | 0.5 |\n")
        #expect(table.contains("<td><math><semantics><mrow><mi>σ</mi>"))
        let footnote = render("See[^1].\n\n[^1]: Where $x_1 * y_1$ holds.\n")
        #expect(footnote.contains("<li id=\"fn-1\">\n<p>Where <math><semantics><mrow><msub><mi>x</mi>"))
        // A `*` or `_` inside a formula is never emphasis.
        let emphasis = render("*a $x*y$ b*\n")
        #expect(emphasis.contains("<em>a <math>"))
        #expect(emphasis.contains("∗</mo>"))
    }

    @Test("a heading with math shows the formula, and readable text where markup cannot go")
    func headingWithMath() throws {
        let (body, _) = PageRenderer.renderStandalone("## Sigmoid $\\sigma(x)$\n\ntext\n")
        let heading = try #require(body.headings.first)
        #expect(heading.text == "Sigmoid σ(x)")
        #expect(heading.html.hasPrefix("Sigmoid <math><semantics><mrow><mi>σ</mi>"))
        #expect(heading.anchor == "sigmoid-σx")
        #expect(body.html.contains("aria-label=\"§ Sigmoid σ(x)\""))
        #expect(!body.html.contains("\\sigma(x)</h2>"))
    }

    @Test("the page title, sidebar and <title> read the formula as text; the <h1> renders it")
    func titleWithMath() throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/sigmoid.md": "# Sigmoid $\\sigma(x)$\n\n## Shape $f'(x)$\n\nText.\n\n## Range\n\nMore.\n"
        ])
        _ = try folder.generator().build()
        let page = try folder.read("docs/sigmoid.html")
        #expect(page.contains("<title>Sigmoid σ(x) · Primer</title>"))
        #expect(page.contains("<h1>Sigmoid <math><semantics><mrow><mi>σ</mi>"))
        #expect(page.contains("aria-current=\"page\">Sigmoid σ(x)</a>"))
        // The table of contents shows the rendered formula, without links inside its link.
        #expect(page.contains("<li><a href=\"#shape-fx\">Shape <math>"))
        #expect(!page.contains(">Sigmoid \\sigma") && !page.contains("§ Sigmoid \\"))
    }

    @Test("an author's own fence is a code block, never an output")
    func authorsFence() {
        let html = render("```primer-output x\" onclick=\"alert(1)\nhello\n```\n")
        #expect(html == "<pre><code class=\"language-primer-output\">hello\n</code></pre>\n")
        #expect(!html.contains("class=\"output"))
    }

    @Test("links are percent-encoded as cmark encodes them")
    func percentEncoding() {
        #expect(render("[l](foo\\bar)\n") == "<p><a href=\"foo%5Cbar\">l</a></p>\n")
        #expect(render("[l](<a b.html>)\n") == "<p><a href=\"a%20b.html\">l</a></p>\n")
        #expect(render("[l](https://例え.jp/ö)\n") == "<p><a href=\"https://%E4%BE%8B%E3%81%88.jp/%C3%B6\">l</a></p>\n")
    }

    @Test("a backslash in a link is a broken link, not a link to another folder")
    func backslashLink() throws {
        let folder = try TemporaryFolder()
        try folder.write(["Content/a.md": "[l](foo\\bar)\n", "Content/foo/bar": "x"])
        #expect(throws: BuildFailure.self) { try folder.generator().build() }
        do {
            _ = try folder.generator().build()
        } catch {
            #expect("\(error)".contains("Content/a.md:1:1: error: link to 'foo\\bar', which is not a file of the site"))
        }
    }

    @Test("the suggested fix for an absolute link stays inside the site")
    func absoluteLinkFix() throws {
        let folder = try TemporaryFolder()
        try folder.write(["Content/a.md": "[top](/b.md)\n", "Content/en/c.md": "[top](/b.md#x)\n", "Content/b.md": "# B\n"])
        do {
            _ = try folder.generator().build()
            Issue.record("the build should fail")
        } catch {
            let message = "\(error)"
            #expect(
                message.contains(
                    "Content/a.md:1:1: error: absolute link '/b.md' breaks when the site is opened from disk\n  write it relative to this page: 'b.md'"
                ))
            #expect(
                message.contains(
                    "Content/en/c.md:1:1: error: absolute link '/b.md#x' breaks when the site is opened from disk\n  write it relative to this page: '../b.md#x'"
                ))
        }
    }

    @Test("links to anchors are checked against the anchors pages have, raw HTML included")
    func anchors() throws {
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/a.md": "[ok](b.md#kept) [ok](b.md#fn-1) [ok](b.md#eq-one) [bad](b.md#gone)\n\n<a href=\"missing.html\">raw</a>\n",
            "Content/b.md": "# B\n\n<span id=\"kept\"></span>\n\nNote[^1].\n\n$$x$$ {#eq-one}\n\n[^1]: n\n",
        ])
        do {
            _ = try folder.generator().build()
            Issue.record("the build should fail")
        } catch {
            let diagnostics = error.diagnostics.map(\.description)
            #expect(diagnostics.count == 2, "\(diagnostics)")
            print(diagnostics)
            #expect(
                diagnostics.contains {
                    $0.hasPrefix("Content/a.md:1:51: error: link to '#gone', which is not a heading or anchor of b.html")
                })
            #expect(
                diagnostics.contains { $0.hasPrefix("Content/a.md:3:1: error: link to 'missing.html', which is not a file of the site") })
        }
    }

    @Test("no private-use character reaches any page of the committed site")
    func committedSite() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs").standardizedFileURL
        let pages = try FileManager.default.subpathsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".html") }
        #expect(!pages.isEmpty)
        for page in pages {
            let html = try String(contentsOf: docs.appendingPathComponent(page), encoding: .utf8)
            #expect(!hasPrivateUse(html), "\(page)")
            #expect(!html.contains("primer:block") && !html.contains("primer:math"), "\(page)")
        }
    }
}
