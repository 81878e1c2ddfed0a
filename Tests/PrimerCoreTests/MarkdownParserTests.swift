import Testing

@testable import PrimerCore

@Suite("Markdown through cmark-gfm")
struct MarkdownParserTests {
    private func render(_ markdown: String) -> String {
        var renderer = HTMLRenderer()
        return renderer.render(document: MarkdownParser().parse(markdown).document).html
    }

    @Test("paragraphs, emphasis, code and links")
    func coreMarkdown() {
        #expect(render("Hello *you* and **me**, `a < b`.") == "<p>Hello <em>you</em> and <strong>me</strong>, <code>a &lt; b</code>.</p>\n")
        #expect(render("[x](https://e.org \"T\")") == "<p><a href=\"https://e.org\" title=\"T\">x</a></p>\n")
        #expect(render("```python\nx = 1 < 2\n```") == "<pre><code class=\"language-python\">x = 1 &lt; 2\n</code></pre>\n")
        #expect(
            render("```swift\nlet a = 1 < 2\n```")
                == "<pre><code class=\"language-swift\"><span class=\"k\">let</span> a = <span class=\"n\">1</span> &lt; <span class=\"n\">2</span>\n</code></pre>\n"
        )
    }

    @Test("GFM tables keep their column alignment")
    func table() {
        let html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
        #expect(html.contains("<thead>\n<tr>\n<th style=\"text-align: left\">a</th>"))
        #expect(html.contains("<th style=\"text-align: center\">b</th>"))
        #expect(html.contains("<tbody>\n<tr>\n<td style=\"text-align: left\">1</td>"))
        #expect(html.contains("<td style=\"text-align: right\">3</td>"))
    }

    @Test("strikethrough, autolinks and task lists")
    func inlineExtensions() {
        #expect(render("~~old~~") == "<p><del>old</del></p>\n")
        #expect(render("see www.example.com now").contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        let tasks = render("- [x] done\n- [ ] open")
        #expect(tasks.contains("<ul class=\"task-list\">"))
        #expect(tasks.contains("<input type=\"checkbox\" disabled checked aria-label=\"done\"> done</li>"))
        #expect(tasks.contains("<input type=\"checkbox\" disabled aria-label=\"to do\"> open</li>"))
    }

    @Test("footnotes are numbered by first reference, with links both ways")
    func footnotes() {
        let html = render("A[^b] and B[^a], A again[^b].\n\n[^a]: note a\n[^b]: note b\n")
        #expect(html.contains("<a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a>"))
        #expect(html.contains("<a href=\"#fn-2\" id=\"fnref-2\" role=\"doc-noteref\">2</a>"))
        #expect(html.contains("id=\"fnref-1-2\""))
        #expect(html.contains("<li id=\"fn-1\">\n<p>note b <a href=\"#fnref-1\""))
        #expect(html.contains("<a href=\"#fnref-1-2\" class=\"footnote-backref\""))
        #expect(html.contains("<li id=\"fn-2\">\n<p>note a"))
    }

    @Test("tagfilter escapes tags that would take over the page")
    func tagFilter() {
        #expect(render("<script>alert(1)</script>\n") == "&lt;script>alert(1)&lt;/script>\n")
        #expect(render("a <style>x</style> b").contains("&lt;style>x&lt;/style>"))
        #expect(render("<div class=\"note\">kept</div>\n") == "<div class=\"note\">kept</div>\n")
        #expect(TagFilter.apply(to: "<scripts> <TITLE>") == "<scripts> &lt;TITLE>")
    }

    @Test("nodes carry their source line and UTF-8 column")
    func positions() {
        let document = MarkdownParser().parse("\n\n# 标题\n\nsome [link](x.md) here").document
        let heading = document.children[0]
        #expect(heading.kind == .heading(level: 1))
        #expect((heading.line, heading.column) == (3, 1))
        let link = document.children[1].children[1]
        #expect(link.kind == .link(destination: "x.md", title: ""))
        #expect((link.line, link.column) == (5, 6))
    }

    @Test("a line break between Chinese characters is not a space")
    func cjkSoftBreak() {
        #expect(render("第一行\n第二行") == "<p>第一行第二行</p>\n")
        #expect(render("one\ntwo") == "<p>one\ntwo</p>\n")
        #expect(render("见\n[欢迎页](a.md)。") == "<p>见<a href=\"a.md\">欢迎页</a>。</p>\n")
    }

    @Test("headings get readable, unique anchors, Chinese ones too")
    func headingAnchors() {
        var renderer = HTMLRenderer(reservedAnchors: ["content"])
        let body = renderer.render(
            document: MarkdownParser().parse("## 激活函数 (Sigmoid)\n## Content\n## A, B & C!\n## A B C\n## ...").document)
        #expect(body.headings.map(\.anchor) == ["激活函数-sigmoid", "content-1", "a-b-c", "a-b-c-1", "section"])
        #expect(body.html.hasPrefix("<h2 id=\"激活函数-sigmoid\">激活函数 (Sigmoid) <a class=\"anchor\" href=\"#激活函数-sigmoid\""))
    }
}

@Suite("Parsing from several threads")
struct ConcurrentParsingTests {
    /// cmark-gfm's special-character table is global; parses must not
    /// clobber each other's (Primer's tests and lesson runs parse in parallel).
    @Test("autolinks and formulas survive parses running at once")
    func concurrentParses() async {
        let markdown = "| a | b |\n| --- | --- |\n| https://github.com www.github.com | $x$ |\n"
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    var renderer = HTMLRenderer()
                    return renderer.render(document: MarkdownParser().parse(markdown).document).html
                }
            }
            var all: [String] = []
            for await html in group { all.append(html) }
            return all
        }
        for html in results {
            #expect(html.contains("<a href=\"https://github.com\">https://github.com</a>"))
            #expect(html.contains("<a href=\"http://www.github.com\">www.github.com</a>"))
        }
    }
}
