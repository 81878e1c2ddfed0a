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

    /// The structure without attributes: `mfrac(mn:1 mn:2)`.
    private func shape(_ tex: String, display: Bool = false) throws -> String {
        MathMLSkeleton.skeleton(of: try TeXConverter.convert(tex, display: display))
    }

    @Test(
        "a single token is an argument, as in TeX",
        arguments: [
            (#"\frac12\|w\|^2"#, "mfrac(mn:1 mn:2) mo:‖ mi:w msup(mo:‖ mn:2)"),
            (#"\tfrac12"#, "mstyle(mfrac(mn:1 mn:2))"),
            ("x^12", "msup(mi:x mn:1) mn:2"),
            (#"\binom52"#, "mo:( mfrac(mn:5 mn:2) mo:)"),
            (#"\frac\alpha2"#, "mfrac(mi:α mn:2)"),
            (#"\sqrt2"#, "msqrt(mn:2)"),
            ("x_ij", "msub(mi:x mi:i) mi:j"),
            ("e^{-x}", "msup(mi:e mrow(mo:− mi:x))"),
            ("12.5x", "mn:12.5 mi:x"),
        ])
    func arguments(tex: String, expected: String) throws {
        #expect(try shape(tex) == expected)
    }

    @Test(
        "limits go under and over where TeX puts them",
        arguments: [
            (#"\sum\limits_{i=1}^{n} x_i"#, false, "munderover(mo:∑ mrow(mi:i mo:= mn:1) mi:n) msub(mi:x mi:i)"),
            (#"\lim\limits_{x\to\infty} f"#, false, "munder(mi:lim mrow(mi:x mo:→ mi:∞)) mo:⁡ mi:f"),
            (#"\max\limits_x f"#, false, "munder(mi:max mi:x) mo:⁡ mi:f"),
            (#"\int\limits_0^1 f"#, false, "munderover(mo:∫ mn:0 mn:1) mi:f"),
            (#"\sum\nolimits_i x"#, true, "msub(mo:∑ mi:i) mi:x"),
            (#"\sum_i x"#, true, "munder(mo:∑ mi:i) mi:x"),
            (#"\sum_i x"#, false, "msub(mo:∑ mi:i) mi:x"),
            (#"\int_0^1 f"#, true, "msubsup(mo:∫ mn:0 mn:1) mi:f"),
            (#"\operatorname*{arg\,min}_\theta L"#, true, "munder(mrow(mi:arg mspace mi:min) mi:θ) mo:⁡ mi:L"),
            (#"\underset{\theta}{\arg\min}\, L"#, true, "munder(mrow(mi:arg mo:⁡ mi:min mo:⁡) mi:θ) mspace mi:L"),
            (#"\overset{\text{def}}{=}"#, true, "mover(mo:= mtext:def)"),
            (#"\stackrel{?}{=}"#, false, "mover(mo:= mo:?)"),
            (#"\mathop{\mathrm{E}}_{x}"#, true, "munder(mi:E mi:x)"),
        ])
    func limits(tex: String, display: Bool, expected: String) throws {
        #expect(try shape(tex, display: display) == expected)
    }

    @Test("\\limits after something that is not an operator is an error")
    func misplacedLimits() {
        #expect(throws: TeXConverter.Failure(offset: 1, message: "\\limits must follow a large operator such as \\sum or \\int")) {
            _ = try TeXConverter.convert(#"x\limits_1"#, display: true)
        }
    }

    @Test(
        "fonts apply to the parsed content, letter by letter",
        arguments: [
            (#"\mathbf{x_i}"#, "msub(mi:𝐱 mi:𝐢)"),
            (#"\mathbf{W}^\top"#, "msup(mi:𝐖 mi:⊤)"),
            (#"\boldsymbol{x}"#, "mi:𝒙"),
            (#"\boldsymbol{\theta}"#, "mi:𝜽"),
            (#"\boldsymbol{\Theta}"#, "mi:𝚯"),
            (#"\bm{W}"#, "mi:𝑾"),
            (#"\mathsf{A}"#, "mi:𝖠"),
            (#"\mathtt{x}"#, "mi:𝚡"),
            (#"\mathbb{R}^n"#, "msup(mi:ℝ mi:n)"),
            (#"\mathbb{E}"#, "mi:𝔼"),
            (#"\mathcal{L}"#, "mi:ℒ"),
            (#"\mathscr{F}"#, "mi:ℱ"),
            (#"\mathfrak{g}"#, "mi:𝔤"),
            (#"\mathbf{1}"#, "mn:𝟏"),
            (#"\mathrm{d}x"#, "mi:d mi:x"),
            (#"\mathrm{KL}"#, "mi:KL"),
            (#"\operatorname{arg\,max}"#, "mi:arg mspace mi:max mo:⁡"),
            (#"\textbf{input layer}"#, "mtext:input layer"),
        ])
    func fonts(tex: String, expected: String) throws {
        #expect(try shape(tex) == expected)
    }

    @Test("upright and text fonts say so in the markup")
    func fontMarkup() throws {
        #expect(try body(#"\mathrm{d}"#) == "<mi mathvariant=\"normal\">d</mi>")
        #expect(try body(#"\textbf{input layer}"#) == "<mtext style=\"font-weight: bold\">input layer</mtext>")
        #expect(try body(#"\texttt{ab}"#) == "<mtext style=\"font-family: monospace\">ab</mtext>")
        #expect(!(try body(#"\operatorname{arg\,max}"#).contains("\\")))
    }

    @Test(
        "text keeps its spaces",
        arguments: [
            (#"\text{if } x>0"#, "if\u{A0}"),
            (#"\text{学习率 } \eta"#, "学习率\u{A0}"),
            (#"\text{ and }"#, "\u{A0}and\u{A0}"),
            (#"\text{a   b}"#, "a b"),
        ])
    func textSpaces(tex: String, text: String) throws {
        #expect(try body(tex).contains("<mtext>\(text)</mtext>"))
    }

    @Test("math inside text is math again")
    func mathInText() throws {
        #expect(try shape(#"\text{for all $x$}"#) == "mtext:for all mi:x")
        #expect(try body(#"\text{for all $x$}"#).contains("<mtext>for all\u{A0}</mtext><mrow><mi>x</mi></mrow>"))
    }

    @Test(
        "TeX's spaces between atoms, written out on the operators",
        arguments: [
            // No space between a function and its parenthesis; a thin one before an argument without.
            (#"\tanh(x)"#, #"<mo lspace="0" rspace="0">&#x2061;</mo><mo stretchy="false" lspace="0" rspace="0">(</mo>"#),
            (#"\tanh x"#, #"<mi>tanh</mi><mo lspace="0" rspace="0.1667em">&#x2061;</mo><mi>x</mi>"#),
            (
                #"\operatorname{softmax}(z)"#,
                #"<mi>softmax</mi><mo lspace="0" rspace="0">&#x2061;</mo><mo stretchy="false" lspace="0" rspace="0">(</mo>"#
            ),
            // |x| is ordinary: no operator space at its closing bar.
            (#"|x|"#, #"<mo stretchy="false" lspace="0" rspace="0">|</mo><mi>x</mi><mo stretchy="false" lspace="0" rspace="0">|</mo>"#),
            // \bigl( and \bigr) are a bigger open and close: no space around them.
            (#"\bigl(a\bigr)"#, #"maxsize="1.2em" lspace="0" rspace="0">(</mo><mi>a</mi>"#),
            (#"a - b"#, #"<mi>a</mi><mo lspace="0.2222em" rspace="0.2222em">−</mo><mi>b</mi>"#),
            (#"-a"#, #"<mo lspace="0" rspace="0">−</mo><mi>a</mi>"#),
            (#"(-a)"#, #"<mo lspace="0" rspace="0">−</mo>"#),
            (#"a = b"#, #"<mo lspace="0.2778em" rspace="0.2778em">=</mo>"#),
            (#"a, b"#, #"<mo lspace="0" rspace="0.1667em">,</mo>"#),
            (#"x_{a=b}"#, #"<mi>a</mi><mo lspace="0" rspace="0">=</mo>"#),
            (#"2\sin x"#, #"<mn>2</mn><mspace width="0.1667em"></mspace><mi>sin</mi>"#),
            (#"\left(x\right)y"#, #"<mspace width="0.1667em"></mspace><mi>y</mi>"#),
            (#"a\,b"#, #"<mi>a</mi><mspace width="0.1667em"></mspace><mi>b</mi>"#),
            (#"x \in A"#, #"<mo lspace="0.2778em" rspace="0.2778em">∈</mo>"#),
        ])
    func spacing(tex: String, expected: String) throws {
        let mathML = try body(tex)
        #expect(mathML.contains(expected), "\(mathML)")
    }

    @Test("every construct the survey of ML writing found converts", arguments: Self.surveyedConstructs)
    func coverage(tex: String) throws {
        let math = try TeXConverter.convert(tex, display: true)
        #expect(math.hasPrefix("<math display=\"block\">"))
    }

    static let surveyedConstructs: [String] = [
        #"\boldsymbol{\theta}"#, #"\bm{x}"#, #"\operatorname*{arg\,min}_\theta L(\theta)"#, #"\underset{x}{\arg\min}"#,
        #"\overset{\mathrm{def}}{=}"#, #"\stackrel{?}{=}"#, #"\mathop{\mathrm{E}}_{x}"#, #"x = 1 \tag{4}"#, #"x \nonumber"#,
        #"\begin{equation} a = b \end{equation}"#, #"\begin{equation*} a = b \end{equation*}"#,
        #"\begin{gather} a \\ b \end{gather}"#, #"\begin{multline} a + b \\ + c \end{multline}"#,
        #"\begin{alignat}{2} a &= b & c &= d \end{alignat}"#, #"W^\intercal"#, #"\underline{x}"#, #"\lbrace x \rbrace"#,
        #"a \leqslant b \geqslant c"#, #"a \succeq b \preceq c \lesssim d"#, #"\boxed{x = 1}"#, #"\color{red} x + y"#,
        #"\textcolor{blue}{y}"#, #"\sum_{\substack{i < n \\ j < m}} a_{ij}"#,
        #"\begin{array}{c|cc} a & b & c \\ \hline d & e & f \end{array}"#,
        #"\begin{smallmatrix} a & b \\ c & d \end{smallmatrix}"#, #"A \xrightarrow{f} B"#, #"A \xrightarrow[g]{f} B"#,
        #"a \Longrightarrow b \hookrightarrow c"#, #"\dbinom{n}{k}"#, #"\cfrac{1}{1 + \cfrac{1}{2}}"#, #"\mathscr{L}"#,
        #"\mathfrak{g}"#, #"\textsf{sans}"#, #"\texttt{code}"#, #"\emph{this}"#, #"a \hspace{1em} b"#, #"\phantom{x}"#,
        #"a \over b"#, #"n \choose k"#, #"a \equiv b \pmod{n}"#, #"\therefore x"#, #"\mathring{a}"#,
        #"\begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}"#,
        #"\mathrm{GELU}(x) = x \cdot \frac{1}{2}\left[1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right]"#,
        #"\operatorname{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \leq 0 \end{cases}"#,
        #"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \quad \hat{v}_t = \frac{v_t}{1 - \beta_2^t}"#,
        #"\theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\hat{v}_t} + \epsilon} \hat{m}_t"#,
        #"\hat{x}_i = \frac{x_i - \mu_\mathcal{B}}{\sqrt{\sigma_\mathcal{B}^2 + \epsilon}}, \quad y_i = \gamma \hat{x}_i + \beta"#,
        #"\operatorname{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}"#,
        #"\mathcal{L} = -\sum_{i} y_i \log \hat{y}_i"#, #"\frac{\partial \mathbf{y}}{\partial \mathbf{x}} = \mathbf{W}^\top"#,
        #"\nabla_{\mathbf{W}} \mathcal{L} = \boldsymbol{\delta} \mathbf{x}^\top"#,
        #"\mathbb{E}_{x \sim p}\left[f(x)\right] = \int p(x) f(x) \, \mathrm{d}x"#,
        #"D_{\mathrm{KL}}(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)}"#,
        #"W \sim \mathcal{U}\left(-\sqrt{\frac{6}{n_{\text{in}} + n_{\text{out}}}}, \sqrt{\frac{6}{n_{\text{in}} + n_{\text{out}}}}\right)"#,
        #"\prod_{l=1}^{L} \sigma'(z_l) \leq 0.25^L"#, #"\lVert \mathbf{x} \rVert_2"#, #"\begin{Vmatrix} a \end{Vmatrix}"#,
        #"\left\{ x \,\middle|\, x > 0 \right\}"#, #"\lfloor x \rfloor + \lceil y \rceil"#, #"\langle u, v \rangle"#,
        #"x \mapsto \max(0, x)"#, #"\vec{v} \cdot \overrightarrow{AB}"#, #"\widehat{abc} \widetilde{xyz}"#,
        #"\overbrace{a + b}^{2} \underbrace{c + d}_{3}"#, #"\sqrt[3]{x}"#, #"\dots \cdots \vdots \ddots"#,
        #"\displaystyle\sum_i \textstyle\sum_j"#, #"f'(x) f''(x) f'''(x)"#, #"\not= \not\in"#, #"\big( \Big[ \bigg\{ \Bigg|"#,
    ]

    @Test("the TeX is kept as an annotation, and display math is a block")
    func annotation() throws {
        let math = try TeXConverter.convert(#" a < b "#, display: true)
        #expect(math.hasPrefix("<math display=\"block\"><semantics>"))
        #expect(math.hasSuffix("<annotation encoding=\"application/x-tex\">a &lt; b</annotation></semantics></math>"))
    }

    @Test("equations are numbered as LaTeX numbers them")
    func numbering() throws {
        var numbers = EquationNumbers()
        let tagged = try TeXConverter.convert(#"x = 1 \tag{4}"#, display: true, label: nil, numbers: &numbers)
        #expect(tagged.number == "(4)")
        let labelled = try TeXConverter.convert("a = b", display: true, label: "eq-first", numbers: &numbers)
        #expect(labelled.number == "(1)")
        #expect(labelled.label == "eq-first")
        let unlabelled = try TeXConverter.convert("a = b", display: true, label: nil, numbers: &numbers)
        #expect(unlabelled.number == nil)
        let equation = try TeXConverter.convert(
            #"\begin{equation} a \label{eq-second} \end{equation}"#, display: true, label: nil, numbers: &numbers)
        #expect(equation.number == "(2)")
        let aligned = try TeXConverter.convert(
            #"\begin{align} a &= b \label{eq-row} \\ c &= d \notag \\ e &= f \tag{*} \\ g &= h \end{align}"#, display: true, label: nil,
            numbers: &numbers)
        #expect(aligned.number == nil)
        #expect(
            aligned.mathML.contains(
                #"<mtd class="equation-number" id="eq-row" columnalign="right" style="width: 50%"><mtext>(3)</mtext></mtd>"#))
        #expect(aligned.mathML.contains("<mtext>(*)</mtext>"))
        #expect(aligned.mathML.contains("<mtext>(4)</mtext>"))
        let starred = try TeXConverter.convert(
            #"\begin{align*} a &= b \\ c &= d \end{align*}"#, display: true, label: nil, numbers: &numbers)
        #expect(!starred.mathML.contains("equation-number"))
        let multline = try TeXConverter.convert(
            #"\begin{multline} a \\ b \end{multline}"#, display: true, label: "eq-long", numbers: &numbers)
        #expect(multline.mathML.components(separatedBy: "equation-number").count == 2)
        #expect(multline.mathML.contains(#"id="eq-long""#))
        #expect(numbers.numbers == ["eq-first": "(1)", "eq-second": "(2)", "eq-row": "(3)", "eq-long": "(5)"])
    }

    @Test(
        "numbering mistakes are errors",
        arguments: [
            (#"x \label{eq-a}"#, "eq-b", "the equation has two labels: eq-b and eq-a"),
            (#"x \tag{1} \notag"#, nil, "a labelled or tagged equation cannot be \\notag"),
            (#"x \label{a}"#, nil, "an equation's label starts with 'eq-': \\label{eq-a}"),
            (#"\begin{align*} a \end{align*}"#, "eq-a", "the label eq-a names no numbered row of the equation"),
        ] as [(String, String?, String)])
    func numberingErrors(tex: String, label: String?, message: String) {
        var numbers = EquationNumbers()
        do {
            _ = try TeXConverter.convert(tex, display: true, label: label, numbers: &numbers)
            Issue.record("no error for \(tex)")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test(
        "bad TeX is an error at its offset",
        arguments: [
            (#"\frac{1}{2"#, 8, "unbalanced brace: this '{' is never closed"),
            ("a}", 1, "unbalanced brace: '}' without a matching '{'"),
            (#"\foo + 1"#, 0, "unknown command '\\foo'"),
            (#"\sigam"#, 0, "unknown command '\\sigam'; did you mean '\\sigma'?"),
            (#"\erf(x)"#, 0, "unknown command '\\erf'; write \\operatorname{erf}"),
            (#"\bf x"#, 0, "unknown command '\\bf'; write \\mathbf{…}"),
            ("a & b", 2, "'&' outside a matrix or aligned environment"),
            (#"\begin{pmatrix} a \end{bmatrix}"#, 18, "\\end{bmatrix} does not match \\begin{pmatrix}"),
            (#"\begin{tabular} a"#, 0, "unknown environment 'tabular'"),
            (#"\left( x"#, 0, "\\left without a matching \\right"),
            ("x_1_2", 3, "double subscript; use braces: x_{a_b}"),
            (#"x \tag{1}"#, 0, "\\tag and \\label belong to display equations ($$…$$)"),
            (#"\hspace{wide}"#, 0, "'wide' is not a length such as 1em, 4mu or 2pt"),
            (#"\color{red;}{x}"#, 0, "'red;' is not a colour; use a name such as red or a value such as #c03"),
            (#"\text{\alpha}"#, 0, "'\\alpha' inside \\text{…} is not supported; end the text first"),
            // Found by fuzzing: the formula ended after \not, which read past its end.
            (#"x \not"#, 2, "\\not must come before a relation such as = or \\in"),
            // Found by fuzzing: a length too large for a number of ems trapped.
            (#"\mskip999999999999999999999999999bp"#, 0, "'999999999999999999999999999bp' is wider than a space can be (1000 em)"),
            (#"\hspace{nan em}"#, 0, "'nan em' is not a length such as 1em, 4mu or 2pt"),
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
        #expect(
            english.contains(
                "<div class=\"equation\" id=\"eq-loss\"><div class=\"scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Equation (1)\"><math display=\"block\">"
            ))
        #expect(english.contains("</math></div><span class=\"equation-number\">(2)</span></div>"))
        #expect(
            english.contains(
                "<div class=\"equation\"><div class=\"scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Equation\"><math display=\"block\"><semantics><mrow><mi>a</mi>"
            ), "unlabelled: no number")
        #expect(english.contains("See <a href=\"#eq-update\">Eq. (2)</a> and <a href=\"#eq-loss\">Eq. (1)</a>."))
        #expect(english.components(separatedBy: "equation-number").count == 3)
        let chinese = try folder.read("docs/zh/a.html")
        #expect(chinese.contains("<a href=\"#eq-update\">式 (2)</a>"))
    }

    @Test("rows of an align, tags and \\label take part in numbering and references")
    func numberedEnvironments() throws {
        let body = #"""
            $$ a = b $$ {#eq-first}

            $$
            \begin{align}
            x &= 1 \label{eq-x} \\
            y &= 2 \notag \\
            z &= 3 \tag{$\ast$}
            \end{align}
            $$

            $$ w = 4 \label{eq-w} $$

            See @eq-x, @eq-w and @eq-first; other page: [x](b.md#eq-y).
            """#
        let folder = try build([
            "Content/en/a.md": "---\nlang: en\n---\n" + body,
            "Content/en/b.md": "$$\\begin{gather} y \\label{eq-y} \\end{gather}$$\n",
        ])
        let page = try folder.read("docs/en/a.html")
        #expect(page.contains(#"<mtd class="equation-number" id="eq-x" columnalign="right" style="width: 50%"><mtext>(2)</mtext></mtd>"#))
        #expect(page.contains("<div class=\"equation\" id=\"eq-w\">"))
        #expect(page.contains("<span class=\"equation-number\">(3)</span>"))
        #expect(page.contains("See <a href=\"#eq-x\">Eq. (2)</a>, <a href=\"#eq-w\">Eq. (3)</a> and <a href=\"#eq-first\">Eq. (1)</a>"))
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

    /// Found by fuzzing: swift-syntax's lookahead takes exponential time
    /// on deeply nested `[` (46 levels hung a build).
    @Test("code with '[' nested 46 deep is shown plain, not parsed")
    func deepBrackets() {
        let code = "rows" + String(repeating: "[", count: 46) + ": study.map { $0 }"
        #expect(SwiftHighlighter.html(code) == code.escapedAsMarkupText)
        #expect(TopLevelTries.statements(in: "let a = try " + code).isEmpty)
        #expect(SwiftHighlighter.html("let a = xs[[1][0]]").contains("<span class=\"k\">let</span>"))
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

@Suite("The README's list of TeX")
struct TeXReadmeTests {
    /// Every `\command` in the README's "Supported TeX" list.
    static let listedCommands: [String] = {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md")
        guard let text = try? String(contentsOf: readme, encoding: .utf8),
            let start = text.range(of: "Supported TeX"), let end = text.range(of: "**Equation numbers**")
        else { return [] }
        let section = text[start.upperBound..<end.lowerBound]
        return section.matches(of: /`(\\[A-Za-z]+\*?|\\[,:>;! {}|%$&#_])`/).map { String($0.output.1) }
    }()

    @Test("the README lists the commands")
    func listed() {
        #expect(Self.listedCommands.count > 250)
    }

    @Test("every command the README lists is known to the converter", arguments: listedCommands)
    func known(command: String) {
        // With arguments enough for any command; only "unknown command" matters here.
        let name = command.hasSuffix("*") ? String(command.dropLast()) : command
        let tex = "\(command){a}{b}"
        do {
            _ = try TeXConverter.convert(tex, display: true)
        } catch {
            #expect(!error.message.hasPrefix("unknown command '\(name)'"), "\(error.message)")
        }
    }
}
