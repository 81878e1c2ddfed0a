import Foundation
import Testing

@testable import PrimerCore

/// Callouts, claims and the sources of computed values, as readers see them.
@Suite("Teaching prose: callouts, claims, computed values", .serialized)
struct TeachingProseTests {
    private func render(_ markdown: String, language: String = "en") -> String {
        let (body, diagnostics) = PageRenderer.renderStandalone(markdown, language: language)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return body.html
    }

    @Test("GitHub's alerts become callouts with a label, an icon and the content", arguments: MarkdownNode.CalloutKind.allCases)
    func callouts(kind: MarkdownNode.CalloutKind) {
        let html = render("> [!\(kind.rawValue.uppercased())]\n> Mind the *gap*.\n>\n> Second paragraph.\n")
        #expect(
            html.hasPrefix("<div class=\"callout callout-\(kind.rawValue)\" role=\"note\" aria-labelledby=\"callout-\(kind.rawValue)\">"))
        #expect(html.contains("<p class=\"callout-title\" id=\"callout-\(kind.rawValue)\"><svg class=\"callout-icon\""))
        #expect(html.contains("aria-hidden=\"true\""))
        #expect(html.contains("<p>Mind the <em>gap</em>.</p>\n<p>Second paragraph.</p>\n</div>"))
        #expect(!html.contains("[!"))
    }

    @Test("a title after the marker, labels in the page's language")
    func titlesAndLanguages() {
        let english = render("> [!WARNING] The article says\n> relu never saturates.\n")
        #expect(english.contains("<span class=\"callout-label\">Warning</span><span class=\"callout-heading\">The article says</span></p>"))
        #expect(english.contains("<p>relu never saturates.</p>"))
        let chinese = render("> [!NOTE] 文章的说法\n> 内容。\n", language: "zh")
        #expect(chinese.contains("<span class=\"callout-label\">注意</span><span class=\"callout-heading\">文章的说法</span>"))
        let tip = render("> [!tip]\n> x\n", language: "zh")
        #expect(tip.contains("<span class=\"callout-label\">提示</span></p>"))
    }

    @Test("ordinary quotations stay quotations")
    func notCallouts() {
        #expect(render("> [!NOTES] not a kind\n").hasPrefix("<blockquote>"))
        #expect(render("> [!NOTE]x\n").hasPrefix("<blockquote>"))
        #expect(render("> Just a quote [!NOTE]\n").hasPrefix("<blockquote>"))
        #expect(render("`> [!NOTE]`\n") == "<p><code>&gt; [!NOTE]</code></p>\n")
    }

    @Test("formulas, links and cells inside a callout; two callouts get distinct ids")
    func contentInCallouts() throws {
        let html = render("> [!TIP] Why $\\sigma'(0)$?\n> See [the page](https://example.org).\n\n> [!TIP]\n> Again.\n")
        #expect(html.contains("<span class=\"callout-heading\">Why <math>"))
        #expect(html.contains("<a href=\"https://example.org\">the page</a>"))
        #expect(html.contains("id=\"callout-tip\""))
        #expect(html.contains("id=\"callout-tip-1\""))
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/a.md": """
            > [!IMPORTANT] Computed
            > The value is `{swift} 6 * 7`.
            >
            > ```{swift}
            > print("inside")
            > ```
            """
        ])
        _ = try folder.generator().build()
        let page = try folder.read("docs/a.html")
        #expect(page.contains("<div class=\"callout callout-important\""))
        #expect(page.contains("title=\"6 * 7\">42</span>"))
        #expect(page.contains("<pre class=\"output stdout\"><code>inside\n</code></pre>"))
    }

    @Test("a computed value carries its source expression, and its text stays the value")
    func computedValueSource() throws {
        let folder = try TemporaryFolder()
        try folder.write(["Content/a.md": "# Value `{swift} 0.5 * 0.5`\n\nσ′(0) is `{swift} 1.0 / 4`.\n"])
        _ = try folder.generator().build()
        let page = try folder.read("docs/a.html")
        #expect(page.contains("<span class=\"computed\" tabindex=\"0\" title=\"1.0 / 4\">0.25</span>"))
        #expect(page.contains("<title>Value 0.25 · Primer</title>"))
        #expect(page.contains("aria-current=\"page\">Value 0.25</a>"))
    }

    @Test("a claim shows its verdict at a glance, in the page's language, with the numbers")
    func claims() throws {
        let lesson = """
            ```{swift}
            //| label: fig-slope
            //| caption: The slope.
            //| echo: false
            let maxSlope = 0.25
            print(maxSlope)
            ```

            @Claim("The derivative of σ never exceeds 1/4", holds: maxSlope <= 0.25,
                   evidence: "@fig-slope", measured: "max σ′ = \\(format(maxSlope))")

            @Claim("ReLU *always* trains faster", verdict: .partly("with He initialisation, not with N(0, 1)"))

            @Claim("tanh never saturates", holds: false, measured: "tanh′(5) = \\(format(1 - tanh(5) * tanh(5), digits: 3))")

            Inline: `{swift} Claim("x", holds: true)`.
            """
        let folder = try TemporaryFolder()
        try folder.write([
            "Content/primer.yml": "languages: [en, zh]\n",
            "Content/en/a.md": "---\nlang: en\n---\n" + lesson, "Content/zh/a.md": "---\nlang: zh\n---\n" + lesson,
        ])
        _ = try folder.generator().build()
        let english = try folder.read("docs/en/a.html")
        #expect(english.contains("<div class=\"claim claim-supported\" role=\"group\" aria-label=\"Claim: Supported\">"))
        #expect(english.contains("<p class=\"claim-verdict\"><span class=\"claim-symbol\" aria-hidden=\"true\">✓</span> Supported</p>"))
        #expect(english.contains("<p class=\"claim-statement\">The derivative of σ never exceeds 1/4</p>"))
        #expect(
            english.contains(
                "<p class=\"claim-evidence\"><span class=\"claim-key\">Evidence</span> <a href=\"#fig-slope\">Figure 1</a></p>"))
        #expect(english.contains("<p class=\"claim-measured\"><span class=\"claim-key\">Measured</span> max σ′ = 0.25</p>"))
        #expect(english.contains("<div class=\"claim claim-partly\""))
        #expect(english.contains("<p class=\"claim-statement\">ReLU <em>always</em> trains faster</p>"))
        #expect(english.contains("<p class=\"claim-reason\">with He initialisation, not with N(0, 1)</p>"))
        #expect(english.contains("<div class=\"claim claim-not-supported\""))
        #expect(english.contains("✗</span> Not supported"))
        #expect(english.contains("tanh′(5) = 0.000182"))
        #expect(
            english.contains(
                "Inline: <span class=\"computed\" tabindex=\"0\" title=\"Claim(&quot;x&quot;, holds: true)\">Supported</span>."))
        let chinese = try folder.read("docs/zh/a.html")
        #expect(chinese.contains("aria-label=\"论断: 成立\""))
        #expect(chinese.contains("<span class=\"claim-key\">依据</span> <a href=\"#fig-slope\">图 1</a>"))
        #expect(chinese.contains("◐</span> 部分成立"))
        #expect(chinese.contains("✗</span> 不成立"))
        // The verdicts are frozen with the rest of the results.
        let frozen = try folder.read("Content/_freeze/en/a.json")
        #expect(frozen.contains("application/vnd.primer.claim+json"))
        #expect(frozen.contains("notSupported"))
    }
}
