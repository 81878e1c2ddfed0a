import Foundation
import Testing

@testable import PrimerCore

/// The search index: how text becomes terms (the table the browser's script
/// is tested against too), what of a page is searchable, and the index files
/// a build writes — deterministic, and the same after an incremental build
/// as after a full one.
@Suite("Search index")
struct SearchIndexTests {
    struct TermCase: Decodable, CustomTestStringConvertible {
        var text: String
        var terms: [String]
        var why: String
        var testDescription: String { why }
    }

    static let termCases: [TermCase] = {
        struct Table: Decodable { var cases: [TermCase] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/search/terms.json")
        return (try? JSONDecoder().decode(Table.self, from: Data(contentsOf: url)).cases) ?? []
    }()

    @Test("the tokenisation table has its cases")
    func tableIsRead() {
        #expect(Self.termCases.count >= 15)
    }

    @Test("text becomes the terms of the shared table", arguments: termCases)
    func terms(_ testCase: TermCase) {
        #expect(SearchTokenizer.terms(in: testCase.text) == testCase.terms, "\(testCase.text)")
    }

    // MARK: What of a page is searchable

    static let body = """
        <p>The <em>sigmoid</em> squashes &amp; saturates: <span class="computed">0.25</span> at most.</p>
        <div class="cell"><div class="scroll code" tabindex="0"><pre><code class="language-swift">let hiddenSource = sigmoid(x)</code></pre></div>
        <div class="scroll output stdout"><pre class="output stdout"><code>printed 42
        </code></pre></div></div>
        <h2 id="saturation">Saturation <a class="anchor" href="#saturation" aria-label="§ Saturation">#</a></h2>
        <p>Beyond <math><semantics><mrow><mi>x</mi><mo>=</mo><mn>5</mn></mrow><annotation encoding="application/x-tex">x = 5 \\texonly</annotation></semantics></math> it is flat.</p>
        <figure class="cell" id="fig-curve"><div class="plot"><svg class="plot"><text>axislabel</text></svg></div>
        <figcaption>Figure 1: The curve.
        <details class="plot-data"><summary>Data</summary><table class="numbers"><tr><td>plotdatum</td></tr></table></details>
        </figcaption></figure>
        <table><tr><th>Function</th><td>tanh</td></tr></table>
        <p class="claim-verdict"><span class="claim-symbol" aria-hidden="true">✓</span> Supported</p>
        <h3 id="deeper">Deeper</h3>
        <p>Last<br>words <img src="a.png" alt="a picture"></p>
        """

    @Test("a page's sections: prose, outputs, captions, tables and headings; not code, plots, TeX or hidden marks")
    func sectionsOfAPage() {
        let sections = SearchText.sections(ofBody: Self.body, title: "Sigmoid", includesCode: false)
        #expect(sections.map(\.anchor) == ["", "saturation", "deeper"])
        #expect(sections.map(\.heading) == ["Sigmoid", "Saturation", "Deeper"])
        #expect(sections[0].text == "The sigmoid squashes & saturates: 0.25 at most. printed 42")
        #expect(sections[1].text == "Beyond x=5 it is flat. Figure 1: The curve. Function tanh Supported")
        #expect(sections[2].text == "Last words a picture")
    }

    @Test("with search: code, the cells' source is searchable too")
    func sectionsWithCode() {
        let sections = SearchText.sections(ofBody: Self.body, title: "Sigmoid", includesCode: true)
        #expect(sections[0].text.contains("let hiddenSource = sigmoid(x)"))
    }

    @Test("a page's lines: its sections in the index; each term, by shard, with its sections and counts; headings weigh more")
    func pageEntry() {
        let page = SearchIndex.Page(
            outputPath: "en/a.html", language: "en", title: "Sigmoid",
            sections: [
                SearchSection(anchor: "", heading: "Sigmoid", text: "Gradients, gradient 0.25 梯度."),
                SearchSection(anchor: "deep \"one\"", heading: "Deep", text: "sigmoid"),
            ])
        let entry = SearchIndex.entry(page)
        #expect(entry.pageLine == #"["en/a.html","en","Sigmoid",["","deep \"one\""],["Sigmoid","Deep"],[7,2]],"#)
        #expect(
            entry.termLines == [
                "0": #"["en/a.html","0.25 0"],"#, "d": #"["en/a.html","deep 1*3"],"#, "g": #"["en/a.html","gradient 0*2"],"#,
                "s": #"["en/a.html","sigmoid 0*3,1"],"#, "x06": #"["en/a.html","度 0"],"#, "x0f": #"["en/a.html","梯 0 梯度 0"],"#,
            ])
        #expect(
            String(decoding: entry.textFile, as: UTF8.self)
                == #"primerSearch.text("en/a.html",["Gradients, gradient 0.25 梯度.","sigmoid"]);"# + "\n")
        let lines = SearchIndex.Lines(entries: ["en/a.html": entry])
        let files = lines.files(languages: ["en"]).written
        #expect(
            files.keys.sorted() == ["assets/search/index.js"] + ["0", "d", "g", "s", "x06", "x0f"].map { "assets/search/terms/\($0).js" })
        #expect(SearchIndex.lines(of: files["assets/search/index.js"]!) == ["en/a.html": entry.pageLine])
        #expect(SearchIndex.shards(ofIndex: files["assets/search/index.js"]!) == ["0", "d", "g", "s", "x06", "x0f"])
        #expect(
            String(decoding: files["assets/search/terms/g.js"]!, as: UTF8.self) == "primerSearch.terms(\"g\",[\n" + entry.termLines["g"]!
                + "\n]);\n")
    }

    @Test("updating the last build's lines: a page's new lines replace its old ones; only the files they change are rewritten")
    func updating() throws {
        func entry(_ path: String, _ text: String) -> SearchIndex.Entry {
            SearchIndex.entry(
                SearchIndex.Page(
                    outputPath: path, language: "en", title: "T", sections: [SearchSection(anchor: "", heading: "T", text: text)]))
        }
        let last = SearchIndex.Lines(entries: ["a.html": entry("a.html", "apple banana"), "b.html": entry("b.html", "banana cherry")])
        let (lines, changed) = try #require(last.updated(keeping: ["b.html"], entries: ["a.html": entry("a.html", "apple date")]))
        #expect(lines.termLines["b"]?.keys.sorted() == ["b.html"])  // "banana" left a.html
        #expect(lines.termLines["d"]?.keys.sorted() == ["a.html"])
        #expect(changed == ["assets/search/index.js", "assets/search/terms/b.js", "assets/search/terms/d.js"])
        #expect(
            lines.files(languages: ["en"]).written
                == SearchIndex.Lines(entries: [
                    "a.html": entry("a.html", "apple date"), "b.html": entry("b.html", "banana cherry"),
                ]).files(languages: ["en"]).written)
        // A kept page the last index does not have: nothing to keep.
        #expect(last.updated(keeping: ["c.html"], entries: [:]) == nil)
        // A page gone: its lines go, and shards left empty.
        let (without, gone) = try #require(last.updated(keeping: ["b.html"], entries: [:]))
        #expect(without.termLines["a"] == nil && without.pageLines.keys.sorted() == ["b.html"])
        #expect(gone.contains("assets/search/index.js"))
    }

    @Test("string literals escape what would end or break them")
    func literals() {
        #expect(SearchIndex.javaScriptString("a\"b\\c\nd\u{1}e\u{2028}") == #""a\"b\\c\nd\u0001e\u2028""#)
    }

    // MARK: The files a build writes

    private func site(_ extra: [String: String] = [:]) throws -> (TemporaryFolder, SiteGenerator) {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files.merging(extra) { $1 })
        return (folder, folder.generator())
    }

    @Test("every page loads the search script with its language's words; the index and each page's text are scripts")
    func filesOfASite() throws {
        let (folder, generator) = try site()
        _ = try generator.build()
        #expect(try folder.read("docs/en/intro.html").contains(#"<script src="../assets/search.js" defer data-label="Search""#))
        #expect(try folder.read("docs/zh/intro.html").contains(#"data-label="搜索""#))
        #expect(try folder.read("docs/index.html").contains(#"<script src="assets/search.js" defer"#))
        let index = try folder.read("docs/assets/search/index.js")
        #expect(index.hasPrefix("// Primer's search index"))
        #expect(index.contains(#"["zh/intro.html","zh","简介",["","激活函数-sigmoid"]"#))
        #expect(try folder.read("docs/assets/search/terms/h.js").contains(#"["en/intro.html","hello 0"],"#))
        #expect(
            try folder.read("docs/assets/search/text/en/intro.js").hasPrefix(
                #"primerSearch.text("en/intro.html",["Hello, world. See the second page.""#))
        #expect(try folder.read("docs/assets/search.js").contains("window.primerSearch"))
    }

    @Test("two full builds write the same index bytes")
    func deterministic() throws {
        let (folder, generator) = try site()
        _ = try generator.build(fresh: true)
        let first = folder.snapshot("docs").filter { $0.key.hasPrefix("assets/search") }
        _ = try generator.build(fresh: true)
        #expect(folder.snapshot("docs").filter { $0.key.hasPrefix("assets/search") } == first)
        #expect(first.keys.filter { !$0.hasPrefix("assets/search/terms/") }.count == 5)  // the script, the index, three pages' texts
        #expect(first.keys.contains("assets/search/terms/h.js"))  // "hello"
    }

    @Test("after a prose edit the index is rebuilt from the other pages' lines, byte for byte a full build's")
    func incremental() throws {
        let (folder, generator) = try site()
        _ = try generator.build()
        func stamp(_ path: String) -> FileStamp? { FileStamp(path: folder.url.appendingPathComponent("docs/" + path).path) }
        let textBefore = stamp("assets/search/text/en/intro.js")
        let untouchedShard = stamp("assets/search/terms/h.js")  // "hello", of another page
        try folder.write(["Content/en/second.md": SampleSite.files["Content/en/second.md"]! + "\n\nA zebra appears.\n"])
        _ = try generator.build()
        let incremental = folder.snapshot("docs").filter { $0.key.hasPrefix("assets/search/") }
        #expect(try folder.read("docs/assets/search/terms/z.js").contains("zebra"))
        #expect(stamp("assets/search/text/en/intro.js") == textBefore)
        #expect(stamp("assets/search/terms/h.js") == untouchedShard, "a shard whose lines did not change was written again")
        #expect(try generator.check().passed)
        _ = try generator.build(fresh: true)
        #expect(folder.snapshot("docs").filter { $0.key.hasPrefix("assets/search/") } == incremental)
    }

    @Test("an index file changed by hand makes the next build index every page again")
    func indexEditedByHand() throws {
        let (folder, generator) = try site()
        _ = try generator.build()
        let original = try folder.read("docs/assets/search/terms/h.js")
        try folder.write(["docs/assets/search/terms/h.js": "// edited\n"])
        try folder.write(["Content/en/second.md": SampleSite.files["Content/en/second.md"]! + "\n"])
        _ = try generator.build()
        #expect(try folder.read("docs/assets/search/terms/h.js") == original)
        #expect(try generator.check().passed)
    }

    @Test("search: false leaves a page out; search: code adds its code")
    func frontMatter() throws {
        let (folder, generator) = try site([
            "Content/en/hidden.md": "---\nsearch: false\n---\n# Hidden\n\nSecret words.\n",
            "Content/en/code.md": "---\nsearch: code\n---\n# Code\n\n```text\nverbatimToken\n```\n",
        ])
        _ = try generator.build()
        let index = folder.snapshot("docs").filter { $0.key.hasPrefix("assets/search/") }.values.map { String(decoding: $0, as: UTF8.self) }
            .joined()
        #expect(!index.contains("hidden.html") && !index.contains("secret"))
        #expect(!folder.exists("docs/assets/search/text/en/hidden.js"))
        #expect(try folder.read("docs/assets/search/terms/v.js").contains("verbatimtoken"))
        #expect(try generator.check().passed)
    }

    @Test("search: with another value is an error at its place")
    func badSearchValue() throws {
        let (folder, generator) = try site(["Content/en/bad.md": "---\nsearch: maybe\n---\nText.\n"])
        #expect(throws: BuildFailure.self) { try generator.build() }
        do {
            _ = try generator.build()
        } catch {
            #expect(
                error.diagnostics.map(\.description).joined().contains("Content/en/bad.md:2:9: error: 'search' must be true, false or code")
            )
        }
        #expect(!folder.exists("docs"))
    }

    @Test("a content file cannot take the search files' paths")
    func clash() throws {
        let (folder, generator) = try site(["Content/assets/search/index.js": "x"])
        defer { withExtendedLifetime(folder) {} }
        do {
            _ = try generator.build()
            Issue.record("the build succeeded")
        } catch {
            #expect(error.diagnostics.map(\.description).joined().contains("this file has the path of the site's search index"))
        }
    }
}
