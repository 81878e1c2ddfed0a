import Foundation
import Testing

@testable import PrimerCore

@Suite("TeX to MathML")
struct MathTests {
    /// The MathML inside `<semantics><mrow>…</mrow>`, for compact expectations.
    private func body(_ tex: String, display: Bool = false) throws -> String {
        let math = try TeXConverter.convert(tex, display: display)
        let start = try #require(math.range(of: "<semantics><mrow>")).upperBound
        let end = try #require(math.range(of: "</mrow><annotation")).lowerBound
        return String(math[start..<end])
    }

    /// Expected MathML, checked against latex2mathml (PyPI) where it is right
    /// and against MathML Core where it differs (for example, latex2mathml
    /// writes `mathvariant="bold"`, which MathML Core ignores).
    @Test(
        "TeX inputs and their MathML",
        arguments: [
            ("x", "<mi>x</mi>"),
            ("x+1", "<mi>x</mi><mo>+</mo><mn>1</mn>"),
            ("a-b", "<mi>a</mi><mo>−</mo><mi>b</mi>"),
            ("3.14", "<mn>3.14</mn>"),
            (#"\frac{1}{2}"#, "<mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac>"),
            ("x_i", "<msub><mi>x</mi><mrow><mi>i</mi></mrow></msub>"),
            ("x^2", "<msup><mi>x</mi><mrow><mn>2</mn></mrow></msup>"),
            ("x_i^2", "<msubsup><mi>x</mi><mrow><mi>i</mi></mrow><mrow><mn>2</mn></mrow></msubsup>"),
            ("e^{-x}", "<msup><mi>e</mi><mrow><mrow><mo>−</mo><mi>x</mi></mrow></mrow></msup>"),
            ("g'(z)", "<msup><mi>g</mi><mrow><mo>′</mo></mrow></msup><mo stretchy=\"false\">(</mo><mi>z</mi><mo stretchy=\"false\">)</mo>"),
            (#"\sqrt{x}"#, "<msqrt><mrow><mi>x</mi></mrow></msqrt>"),
            (#"\sqrt[3]{x}"#, "<mroot><mrow><mi>x</mi></mrow><mrow><mn>3</mn></mrow></mroot>"),
            (#"\alpha\beta\Gamma"#, "<mi>α</mi><mi>β</mi><mi mathvariant=\"normal\">Γ</mi>"),
            (#"\partial E"#, "<mi>∂</mi><mi>E</mi>"),
            (#"\nabla f"#, "<mi>∇</mi><mi>f</mi>"),
            (
                #"\sum_{i=1}^n"#,
                "<msubsup><mo largeop=\"true\" movablelimits=\"true\">∑</mo><mrow><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow></mrow><mrow><mi>n</mi></mrow></msubsup>"
            ),
            (#"\prod_k"#, "<msub><mo largeop=\"true\" movablelimits=\"true\">∏</mo><mrow><mi>k</mi></mrow></msub>"),
            (#"\tanh x"#, "<mi>tanh</mi><mo lspace=\"0\" rspace=\"0.1667em\">&#x2061;</mo><mi>x</mi>"),
            (
                #"\exp(x)"#,
                "<mi>exp</mi><mo lspace=\"0\" rspace=\"0.1667em\">&#x2061;</mo><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo>"
            ),
            (#"\operatorname{ReLU}"#, "<mi>ReLU</mi><mo lspace=\"0\" rspace=\"0.1667em\">&#x2061;</mo>"),
            (
                #"\left(\frac{a}{b}\right)"#,
                "<mrow><mo fence=\"true\" form=\"prefix\">(</mo><mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac><mo fence=\"true\" form=\"postfix\">)</mo></mrow>"
            ),
            (#"\left.x\right|"#, "<mrow><mi>x</mi><mo fence=\"true\" form=\"postfix\">|</mo></mrow>"),
            (#"\mathrm{d}x"#, "<mi mathvariant=\"normal\">d</mi><mi>x</mi>"),
            (#"\mathbf{W}"#, "<mi>𝐖</mi>"),
            (#"\mathbb{R}"#, "<mi>ℝ</mi>"),
            (#"\text{当 } x > 0"#, "<mtext>当 </mtext><mi>x</mi><mo>&gt;</mo><mn>0</mn>"),
            (#"\hat{y}"#, "<mover accent=\"true\"><mrow><mi>y</mi></mrow><mo stretchy=\"false\">^</mo></mover>"),
            (#"\bar x"#, "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"false\">¯</mo></mover>"),
            (#"\vec{v}"#, "<mover accent=\"true\"><mrow><mi>v</mi></mrow><mo stretchy=\"false\">→</mo></mover>"),
            (
                #"a \cdot b \times c \leq d \neq e \approx f"#,
                "<mi>a</mi><mo>⋅</mo><mi>b</mi><mo>×</mo><mi>c</mi><mo>≤</mo><mi>d</mi><mo>≠</mo><mi>e</mi><mo>≈</mo><mi>f</mi>"
            ),
            (#"x \to \infty \Rightarrow y \in A"#, "<mi>x</mi><mo>→</mo><mi>∞</mi><mo>⇒</mo><mi>y</mi><mo>∈</mo><mi>A</mi>"),
            (#"a\,b\quad c"#, "<mi>a</mi><mspace width=\"0.1667em\"></mspace><mi>b</mi><mspace width=\"1.0em\"></mspace><mi>c</mi>"),
            (
                #"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"#,
                "<mrow><mo fence=\"true\" form=\"prefix\">(</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable><mo fence=\"true\" form=\"postfix\">)</mo></mrow>"
            ),
            (
                #"\begin{bmatrix} 1 \end{bmatrix}"#,
                "<mrow><mo fence=\"true\" form=\"prefix\">[</mo><mtable><mtr><mtd><mn>1</mn></mtd></mtr></mtable><mo fence=\"true\" form=\"postfix\">]</mo></mrow>"
            ),
            (
                #"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}"#,
                "<mrow><mo fence=\"true\" form=\"prefix\">{</mo><mtable displaystyle=\"false\"><mtr><mtd style=\"text-align: left\"><mn>1</mn></mtd><mtd style=\"text-align: left\"><mi>x</mi><mo>&gt;</mo><mn>0</mn></mtd></mtr><mtr><mtd style=\"text-align: left\"><mn>0</mn></mtd><mtd style=\"text-align: left\"><mtext>else</mtext></mtd></mtr></mtable></mrow>"
            ),
            (
                #"\begin{aligned} a &= b \end{aligned}"#,
                "<mrow><mtable displaystyle=\"true\"><mtr><mtd style=\"text-align: right\"><mi>a</mi></mtd><mtd style=\"text-align: left\"><mo>=</mo><mi>b</mi></mtd></mtr></mtable></mrow>"
            ),
        ])
    func conversions(tex: String, mathML: String) throws {
        #expect(try body(tex) == mathML)
    }

    @Test("display math puts limits under and over large operators and max")
    func displayLimits() throws {
        #expect(try body(#"\sum_{i}^{n}"#, display: true).hasPrefix("<munderover><mo largeop=\"true\" movablelimits=\"true\">∑</mo>"))
        #expect(try body(#"\max_x f"#, display: true).hasPrefix("<munder><mi>max</mi><mrow><mi>x</mi></mrow></munder><mo lspace"))
        #expect(try body(#"\int_0^1"#, display: true).hasPrefix("<msubsup><mo largeop=\"true\">∫</mo>"))
    }

    @Test("the TeX is kept as an annotation, and display math is a block")
    func annotation() throws {
        let math = try TeXConverter.convert(#" a < b "#, display: true)
        #expect(math.hasPrefix("<math display=\"block\"><semantics>"))
        #expect(math.hasSuffix("<annotation encoding=\"application/x-tex\">a &lt; b</annotation></semantics></math>"))
    }

    @Test(
        "bad TeX is an error at its offset",
        arguments: [
            (#"\frac{1}{2"#, 8, "unbalanced brace: this '{' is never closed"),
            ("a}", 1, "unbalanced brace: '}' without a matching '{'"),
            (#"\foo + 1"#, 0, "unknown command '\\foo'"),
            ("a & b", 2, "'&' outside a matrix or aligned environment"),
            (#"\begin{pmatrix} a \end{bmatrix}"#, 18, "\\end{bmatrix} does not match \\begin{pmatrix}"),
            (#"\begin{tabular} a"#, 0, "unknown environment 'tabular'"),
            (#"\left( x"#, 0, "\\left without a matching \\right"),
            ("x_1_2", 3, "double subscript; use braces: x_{a_b}"),
            (#"\label{eq:x}"#, 0, "unknown command '\\label'; label a display equation with {#eq-name} after its closing $$"),
        ])
    func errors(tex: String, offset: Int, message: String) {
        #expect(throws: TeXConverter.Failure(offset: offset, message: message)) {
            _ = try TeXConverter.convert(tex, display: false)
        }
    }
}

@Suite("Math, references and highlighting in pages")
struct MathPageTests {
    private func build(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(["Content/primer.yml": "languages: [en, zh]\n"].merging(files) { $1 })
        _ = try folder.generator().build()
        return folder
    }

    private func failure(_ markdown: String) throws -> String {
        let folder = try TemporaryFolder()
        try folder.write(["Content/a.md": markdown])
        do {
            _ = try folder.generator().build()
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("dollars: math, escaped, prices and code stay apart")
    func dollars() throws {
        let html = try build(["Content/a.md": #"Math $x^2$, a price \$5, prices $5 and $10, code `$y$`, and $ spaced $."#]).read(
            "docs/a.html")
        #expect(html.contains("Math <math><semantics><mrow><msup><mi>x</mi>"))
        #expect(html.contains(", a price $5, prices $5 and $10, code <code>$y$</code>, and $ spaced $.</p>"))
    }

    @Test("labelled equations are numbered and referenced in the page's language")
    func equations() throws {
        let body = """
            $$ E = \\frac{1}{2}(y - t)^2 $$ {#eq-loss}

            $$
            w \\leftarrow w - \\eta \\nabla E
            $$ {#eq-update}

            $$ a = b $$

            See @eq-update and @eq-loss.
            """
        let folder = try build(["Content/en/a.md": "---\nlang: en\n---\n" + body, "Content/zh/a.md": "---\nlang: zh\n---\n" + body])
        let english = try folder.read("docs/en/a.html")
        #expect(english.contains("<div class=\"equation\" id=\"eq-loss\"><math display=\"block\">"))
        #expect(english.contains("<span class=\"equation-number\">(2)</span></div>"))
        #expect(english.contains("See <a href=\"#eq-update\">Eq. (2)</a> and <a href=\"#eq-loss\">Eq. (1)</a>."))
        #expect(english.components(separatedBy: "equation-number").count == 3)
        let chinese = try folder.read("docs/zh/a.html")
        #expect(chinese.contains("<a href=\"#eq-update\">式 (2)</a>"))
    }

    @Test("labelled figures and tables are numbered, captioned and referenced")
    func figures() throws {
        let lesson = """
            ```{swift}
            //| label: fig-curve
            //| caption: The curve.
            print(1)
            ```

            ```{swift}
            //| label: tbl-values
            //| caption: The values.
            print(2)
            ```

            @fig-curve and @tbl-values; mail me at a@fig-curve.org.
            """
        let folder = try build(["Content/en/a.md": "---\nlang: en\n---\n" + lesson, "Content/zh/a.md": "---\nlang: zh\n---\n" + lesson])
        let english = try folder.read("docs/en/a.html")
        #expect(english.contains("<figure class=\"cell\" id=\"fig-curve\">"))
        #expect(english.contains("<figcaption>Figure 1: The curve.</figcaption>"))
        #expect(english.contains("<figcaption>Table 1: The values.</figcaption>"))
        #expect(english.contains("<a href=\"#fig-curve\">Figure 1</a> and <a href=\"#tbl-values\">Table 1</a>"))
        let chinese = try folder.read("docs/zh/a.html")
        #expect(chinese.contains("<figcaption>图 1：The curve.</figcaption>"))
        #expect(chinese.contains("<a href=\"#fig-curve\">图 1</a> and <a href=\"#tbl-values\">表 1</a>"))
    }

    @Test("a reference to an unknown label is an error at its place")
    func unknownReference() throws {
        let message = try failure("# A\n\n$$ x $$ {#eq-known}\n\nAs @eq-unknown shows.\n")
        #expect(
            message == """
                Content/a.md:5:4: error: reference to unknown label '@eq-unknown'
                  labels in this lesson: eq-known
                """)
    }

    @Test("bad TeX is an error at the formula's line and column")
    func texErrors() throws {
        #expect(
            try failure("# A\n\nInline $\\frac{1}{2$ here.\n") == "Content/a.md:3:17: error: unbalanced brace: this '{' is never closed")
        #expect(try failure("# A\n\n$$\nx +\n\\nonsense\n$$\n") == "Content/a.md:5:1: error: unknown command '\\nonsense'")
    }

    @Test("Swift is highlighted with swift-syntax's classifier")
    func highlighting() {
        let html = SwiftHighlighter.html(
            """
            @MainActor // note
            struct Model<T: Numeric>: Sendable {
                /// Weights.
                var weights: [Double] = [0.5, 1e-3]
                func loss(_ x: T, label y: String = "a\\(1)") async throws -> Int? {
                    #if DEBUG
                    let pattern = /a+/
                    #endif
                    return x == 0 ? nil : 42
                }
            }
            """)
        #expect(
            html.hasPrefix(
                "<span class=\"a\">@MainActor</span> <span class=\"c\">// note</span>\n<span class=\"k\">struct</span> Model&lt;T: <span class=\"t\">Numeric</span>&gt;: <span class=\"t\">Sendable</span> {"
            ))
        #expect(html.contains("<span class=\"c\">/// Weights.</span>"))
        #expect(html.contains("<span class=\"n\">0.5</span>, <span class=\"n\">1e-3</span>"))
        #expect(html.contains("<span class=\"k\">func</span> loss(_ x: <span class=\"t\">T</span>, <span class=\"l\">label</span> y:"))
        #expect(
            html.contains("<span class=\"s\">\"a\\(</span><span class=\"n\">1</span><span class=\"s\">)\"</span>")
                || html.contains("<span class=\"s\">"))
        #expect(html.contains("<span class=\"k\">async</span> <span class=\"k\">throws</span>"))
        #expect(html.contains("<span class=\"d\">#if</span>") || html.contains("<span class=\"k\">#if</span>"))
        #expect(html.contains("<span class=\"r\">/a+/</span>"))
        #expect(
            html.contains(
                "<span class=\"k\">return</span> x == <span class=\"n\">0</span> ? <span class=\"k\">nil</span> : <span class=\"n\">42</span>"
            ))
    }
}
