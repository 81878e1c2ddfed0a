import Foundation
import Testing

@testable import PrimerCore

/// Citations built through the whole pipeline: a temporary site with a
/// BibTeX file, its pages read back from `docs/`.
@Suite("Citations")
struct CitationTests {
    static let bibliography = #"""
        @inproceedings{glorot2010,
          author = {Glorot, Xavier and Bengio, Yoshua},
          title = {Understanding the Difficulty of Training Deep Feedforward Neural Networks},
          booktitle = {Proceedings of AISTATS}, pages = {249--256}, year = 2010,
          url = {https://proceedings.mlr.press/v9/glorot10a.html}}
        @inproceedings{he2015,
          author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
          title = {Delving Deep into Rectifiers: Surpassing Human-Level Performance on {ImageNet} Classification},
          booktitle = {Proceedings of ICCV}, pages = {1026--1034}, year = {2015}, doi = {10.1109/ICCV.2015.123}}
        @article{duchi2011,
          author = {Duchi, John and Hazan, Elad and Singer, Yoram},
          title = {Adaptive Subgradient Methods for Online Learning and Stochastic Optimization},
          journal = {Journal of Machine Learning Research}, volume = 12, pages = {2121--2159}, year = 2011}
        @misc{he2015b,
          author = {He, Kaiming and others}, title = {Some Further Results}, year = 2015}
        @misc{klambauer2017,
          author = {Klambauer, G{\"u}nter and Unterthiner, Thomas and Mayr, Andreas and Hochreiter, Sepp},
          title = {Self-Normalizing Neural Networks}, year = 2017, eprint = {1706.02515}, archivePrefix = {arXiv}}
        """#

    private func site(style: String? = nil, pages: [String: String], bib: String? = CitationTests.bibliography) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        var files = pages.mapKeys { "Content/" + $0 }
        files["Content/primer.yml"] = "languages: [en, zh]\n" + (style.map { "citations: \($0)\n" } ?? "")
        if let bib { files["Content/references.bib"] = bib }
        try folder.write(files)
        return folder
    }

    /// The page's `<article>`, after a build whose links all check.
    private func article(_ folder: TemporaryFolder, _ page: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> String
    {
        _ = try folder.generator().build()
        let report = try folder.generator().check()
        #expect(report.passed, "\(report.brokenLinks) \(report.differences)", sourceLocation: sourceLocation)
        let html = try folder.read("docs/" + page)
        let start = try #require(html.range(of: "<article>"))
        let end = try #require(html.range(of: "</article>"))
        return String(html[start.lowerBound..<end.upperBound])
    }

    private func diagnostics(_ folder: TemporaryFolder) -> [String] {
        do {
            _ = try folder.generator().build()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    private func link(_ key: String, _ text: String) -> String {
        let titles = [
            "glorot2010": "Understanding the difficulty of training deep feedforward neural networks",
            "he2015": "Delving deep into rectifiers: Surpassing human-level performance on ImageNet classification",
            "duchi2011": "Adaptive subgradient methods for online learning and stochastic optimization",
            "he2015b": "Some further results", "klambauer2017": "Self-normalizing neural networks",
        ]
        return "<a href=\"#ref-\(key)\" title=\"\(titles[key] ?? "")\">\(text)</a>"
    }

    // MARK: Numeric

    @Test("numeric: numbers by first citation, several keys, ranges, locators, bare keys; the list in citation order")
    func numericEnglish() throws {
        let folder = try site(
            style: "numeric",
            pages: [
                "en/page.md": """
                # Initialization

                ## Background

                Scaled initializations [@glorot2010] and [@he2015; @duchi2011]. Again [@glorot2010; @duchi2011], \
                then [@duchi2011; @he2015; @glorot2010] and [@he2015, p. 3].
                As @glorot2010 showed, and [-@duchi2011]; see also [see @he2015; @glorot2010, ch. 2].
                """
            ])
        let html = try article(folder, "en/page.html")
        #expect(
            html.contains(
                "<p>Scaled initializations [\(link("glorot2010", "1"))] and [\(link("he2015", "2")), \(link("duchi2011", "3"))]. Again [\(link("glorot2010", "1")), \(link("duchi2011", "3"))], then [\(link("glorot2010", "1"))–\(link("duchi2011", "3"))] and [\(link("he2015", "2")), p. 3].\nAs \(link("glorot2010", "Glorot and Bengio [1]")) showed, and [\(link("duchi2011", "3"))]; see also [see \(link("he2015", "2"))], [\(link("glorot2010", "1")), ch. 2].</p>"
            ))
        #expect(
            html.contains(
                """
                <section class="references" role="doc-bibliography" aria-label="References">
                <h2 id="references">References <a class="anchor" href="#references" aria-label="§ References">#</a></h2>
                <ol class="references">
                <li id="ref-glorot2010">X. Glorot and Y. Bengio, “Understanding the difficulty of training deep feedforward neural networks,” in <cite>Proceedings of AISTATS</cite>, 2010, pp. 249–256. <a href="https://proceedings.mlr.press/v9/glorot10a.html">https://proceedings.mlr.press/v9/glorot10a.html</a></li>
                <li id="ref-he2015">K. He, X. Zhang, S. Ren, and J. Sun, “Delving deep into rectifiers: Surpassing human-level performance on ImageNet classification,” in <cite>Proceedings of ICCV</cite>, 2015, pp. 1026–1034. <a href="https://doi.org/10.1109/ICCV.2015.123">https://doi.org/10.1109/ICCV.2015.123</a></li>
                <li id="ref-duchi2011">J. Duchi, E. Hazan, and Y. Singer, “Adaptive subgradient methods for online learning and stochastic optimization,” <cite>Journal of Machine Learning Research</cite>, vol. 12, pp. 2121–2159, 2011.</li>
                </ol>
                </section>
                """))
        // Only the works the page cites.
        #expect(!html.contains("ref-klambauer2017"))
        // The list's heading is in the table of contents.
        #expect(try folder.read("docs/en/page.html").contains("href=\"#references\">References</a>"))
    }

    @Test("numeric on a Chinese page: 参考文献, GB/T 7714 entries, 等")
    func numericChinese() throws {
        let folder = try site(
            style: "numeric",
            pages: ["zh/page.md": "---\nlang: zh\n---\n\n正如@he2015所示，初始化很重要[@glorot2010; @klambauer2017]。\n"])
        let html = try article(folder, "zh/page.html")
        #expect(
            html.contains(
                "<p>正如\(link("he2015", "He 等[1]"))所示，初始化很重要[\(link("glorot2010", "2")),\(link("klambauer2017", "3"))]。</p>"))
        #expect(html.contains("aria-label=\"参考文献\">\n<h2 id=\"参考文献\">参考文献 "))
        #expect(
            html.contains(
                "<li id=\"ref-he2015\">He K, Zhang X, Ren S, 等. Delving deep into rectifiers: Surpassing human-level performance on ImageNet classification[C]//<cite>Proceedings of ICCV</cite>. 2015: 1026–1034. <a href=\"https://doi.org/10.1109/ICCV.2015.123\">https://doi.org/10.1109/ICCV.2015.123</a></li>"
            ))
        #expect(
            html.contains(
                "<li id=\"ref-klambauer2017\">Klambauer G, Unterthiner T, Mayr A, 等. Self-normalizing neural networks[EB/OL]. arXiv:1706.02515, 2017. <a href=\"https://arxiv.org/abs/1706.02515\">https://arxiv.org/abs/1706.02515</a></li>"
            ))
    }

    // MARK: Author–year

    @Test("author–year (the default): names and years, et al., suppressed authors, locators, a–b for the same authors and year")
    func authorYearEnglish() throws {
        let folder = try site(
            pages: [
                "en/page.md": """
                Initializations [@glorot2010; @he2015], in @duchi2011 [p. 3] and [see @he2015b, sec. 2]; \
                Duchi et al. [-@duchi2011] agree.
                """
            ])
        let html = try article(folder, "en/page.html")
        #expect(
            html.contains(
                "<p>Initializations (\(link("glorot2010", "Glorot and Bengio, 2010")); \(link("he2015", "He et al., 2015a"))), in \(link("duchi2011", "Duchi et al. (2011, p. 3)")) and (see \(link("he2015b", "He et al., 2015b")), sec. 2); Duchi et al. (\(link("duchi2011", "2011"))) agree.</p>"
            ))
        // Alphabetical, with Chicago's author-date entries.
        #expect(
            html.contains(
                """
                <ul class="references">
                <li id="ref-duchi2011">Duchi, John, Elad Hazan, and Yoram Singer. 2011. “Adaptive subgradient methods for online learning and stochastic optimization.” <cite>Journal of Machine Learning Research</cite> 12: 2121–2159.</li>
                <li id="ref-glorot2010">Glorot, Xavier, and Yoshua Bengio. 2010. “Understanding the difficulty of training deep feedforward neural networks.” In <cite>Proceedings of AISTATS</cite>, 249–256. <a href="https://proceedings.mlr.press/v9/glorot10a.html">https://proceedings.mlr.press/v9/glorot10a.html</a></li>
                <li id="ref-he2015">He, Kaiming, Xiangyu Zhang, Shaoqing Ren, and Jian Sun. 2015a. “Delving deep into rectifiers: Surpassing human-level performance on ImageNet classification.” In <cite>Proceedings of ICCV</cite>, 1026–1034. <a href="https://doi.org/10.1109/ICCV.2015.123">https://doi.org/10.1109/ICCV.2015.123</a></li>
                <li id="ref-he2015b">He, Kaiming, et al. 2015b. “Some further results.”</li>
                </ul>
                """))
    }

    @Test("author–year on a Chinese page: Chinese parentheses and punctuation, 和 and 等")
    func authorYearChinese() throws {
        let folder = try site(
            style: "author-year",
            pages: ["zh/page.md": "---\nlang: zh\n---\n\n见[@glorot2010; @he2015, 第 3 页]。@duchi2011指出。\n"])
        let html = try article(folder, "zh/page.html")
        #expect(
            html.contains(
                "<p>见（\(link("glorot2010", "Glorot 和 Bengio，2010"))；\(link("he2015", "He 等，2015"))，第 3 页）。\(link("duchi2011", "Duchi 等（2011）"))指出。</p>"
            ))
        #expect(
            html.contains(
                "<li id=\"ref-duchi2011\">Duchi J, Hazan E, Singer Y, 2011. Adaptive subgradient methods for online learning and stochastic optimization[J]. <cite>Journal of Machine Learning Research</cite>, 12: 2121–2159.</li>"
            ))
        #expect(html.contains("<ul class=\"references\">"))
    }

    // MARK: What is not a citation

    @Test("e-mail addresses, unknown bare names, code, link text and escaped @ are not citations; cross-references still work")
    func notCitations() throws {
        let folder = try site(
            pages: [
                "en/page.md": """
                Write to me@example.com or foo@glorot2010, not `[@glorot2010]`; @MainActor and @escaping stay.
                [a link @glorot2010](https://example.org) and \\@glorot2010 are text; @glorot2010 is not.

                $$ x^2 $$ {#eq-square}

                As @eq-square shows [@he2015].
                """
            ])
        let html = try article(folder, "en/page.html")
        #expect(
            html.contains(
                "<p>Write to <a href=\"mailto:me@example.com\">me@example.com</a> or foo@glorot2010, not <code>[@glorot2010]</code>; @MainActor and @escaping stay.\n<a href=\"https://example.org\">a link @glorot2010</a> and @glorot2010 are text; \(link("glorot2010", "Glorot and Bengio (2010)")) is not.</p>"
            ))
        #expect(html.contains("<p>As <a href=\"#eq-square\">Eq. (1)</a> shows (\(link("he2015", "He et al., 2015"))).</p>"))
    }

    @Test("a page without citations is unchanged, and the .bib file is not copied to the site")
    func noCitations() throws {
        let folder = try site(pages: ["en/page.md": "Plain text, me@example.com.\n"])
        let html = try article(folder, "en/page.html")
        #expect(!html.contains("references"))
        #expect(!folder.exists("docs/references.bib"))
    }

    @Test("the page's own closing References heading is used for the list")
    func ownHeading() throws {
        let folder = try site(pages: ["en/page.md": "Text [@he2015].\n\n## References\n"])
        let html = try article(folder, "en/page.html")
        #expect(html.components(separatedBy: "<h2").count == 2)
        #expect(
            html.contains(
                "<section class=\"references\" role=\"doc-bibliography\" aria-label=\"References\">\n<h2 id=\"references\">References"))
    }

    @Test("citations in headings (the table of contents reads them as text), table cells, emphasis, footnotes and across lines")
    func everywhere() throws {
        let folder = try site(
            pages: [
                "en/page.md": """
                ## Initialization [@glorot2010]

                | work | note |
                |---|---|
                | [@he2015] | *as @duchi2011 said* |

                Across [see
                @he2015; @duchi2011] lines.[^1]

                [^1]: A note cites [@klambauer2017].
                """
            ])
        let html = try article(folder, "en/page.html")
        #expect(html.contains("<li><a href=\"#initialization-glorot-and-bengio-2010\">Initialization (Glorot and Bengio, 2010)</a></li>"))
        #expect(
            html.contains(
                "<h2 id=\"initialization-glorot-and-bengio-2010\">Initialization (\(link("glorot2010", "Glorot and Bengio, 2010")))"))
        #expect(html.contains("<td>(\(link("he2015", "He et al., 2015")))</td>"))
        #expect(html.contains("<td><em>as \(link("duchi2011", "Duchi et al. (2011)")) said</em></td>"))
        #expect(html.contains("<p>Across (see \(link("he2015", "He et al., 2015")); \(link("duchi2011", "Duchi et al., 2011"))) lines."))
        #expect(html.contains("<p>A note cites (\(link("klambauer2017", "Klambauer et al., 2017"))). <a href=\"#fnref-1\""))
        #expect(
            html.contains("<li id=\"ref-klambauer2017\">Klambauer, Günter, Thomas Unterthiner, Andreas Mayr, and Sepp Hochreiter. 2017."))
    }

    @Test("a formula in a title is MathML in the list and its reading in the link's title")
    func mathInTitles() throws {
        let bib = "@article{doe2020, author = {Doe, Jane}, title = {On the $\\ell_1$ Norm}, journal = {J}, year = 2020}"
        let folder = try site(pages: ["en/page.md": "See @doe2020.\n"], bib: bib)
        let html = try article(folder, "en/page.html")
        #expect(html.contains("<a href=\"#ref-doe2020\" title=\"On the ℓ1 norm\">Doe (2020)</a>"))
        #expect(html.contains("Doe, Jane. 2020. “On the <math><semantics><mrow><msub><mi>ℓ</mi>"))
    }

    // MARK: Errors

    @Test("an unknown key is an error at its line and column, with a suggestion")
    func unknownKeys() throws {
        let folder = try site(
            pages: [
                "en/page.md": """
                # Title

                See https://example.org and [@glorot2010; @glorot2011], then
                a bare @he2016 and [@nobody].
                """
            ])
        #expect(
            diagnostics(folder) == [
                "Content/en/page.md:3:43: error: unknown citation key '@glorot2011' (not in Content/references.bib)\n  did you mean '@glorot2010'?",
                "Content/en/page.md:4:8: error: unknown citation key '@he2016' (not in Content/references.bib)\n  did you mean '@he2015'?",
                "Content/en/page.md:4:21: error: unknown citation key '@nobody' (not in Content/references.bib)\n  keys in Content/references.bib: duchi2011, glorot2010, he2015, he2015b, klambauer2017",
            ])
        #expect(!folder.exists("docs"))
    }

    @Test("a citation without a bibliography is an error")
    func noBibliography() throws {
        let folder = try site(pages: ["en/page.md": "Text [@he2015].\n"], bib: nil)
        #expect(
            diagnostics(folder) == [
                "Content/en/page.md:1:7: error: citation of '@he2015', but the site has no bibliography\n  put a BibTeX file named references.bib in the content folder, or name one with 'bibliography:' in primer.yml"
            ])
    }

    @Test("primer.yml: 'bibliography' names the file, which must exist; 'citations' is numeric or author-year")
    func configuration() throws {
        let folder = try site(pages: ["en/page.md": "Text [@he2015].\n"], bib: nil)
        try folder.write([
            "Content/primer.yml": "bibliography: refs/works.bib\ncitations: numeric\n", "Content/refs/works.bib": Self.bibliography,
        ])
        #expect(try article(folder, "en/page.html").contains("Text [\(link("he2015", "1"))]."))
        #expect(!folder.exists("docs/refs/works.bib"))

        try folder.write(["Content/primer.yml": "bibliography: missing.bib\n"])
        #expect(diagnostics(folder) == ["Content/primer.yml:1:15: error: bibliography 'missing.bib' is not a file of the content folder"])
        try folder.write(["Content/primer.yml": "citations: apa\n"])
        #expect(diagnostics(folder) == ["Content/primer.yml:1:12: error: 'citations' must be author-year or numeric"])
    }

    @Test("a malformed .bib fails the build at its line and column")
    func malformedBibliography() throws {
        let folder = try site(pages: ["en/page.md": "Text.\n"], bib: "@article{a,\n  title = {A}\n  year = 2010}\n")
        #expect(diagnostics(folder) == ["Content/references.bib:2:14: error: expected ',' after the value of 'title'"])
    }
}

extension Dictionary {
    fileprivate func mapKeys(_ transform: (Key) -> Key) -> [Key: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
