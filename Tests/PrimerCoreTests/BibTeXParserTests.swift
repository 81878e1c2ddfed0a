import Testing

@testable import PrimerCore

@Suite("BibTeX")
struct BibTeXParserTests {
    private func entries(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [BibTeXEntry] {
        let (entries, problems) = BibTeXParser.parse(text)
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
        return entries
    }

    private func problems(_ text: String) -> [String] {
        BibTeXParser.parse(text).problems.map { "\($0.line):\($0.column): \($0.message)" }
    }

    private func decoded(_ tex: String) -> String {
        BibTeXText(tex: tex).plain
    }

    // MARK: Syntax

    @Test("entries: types, keys and field names read case-insensitively; braces, quotes, numbers; ( ) delimiters")
    func entrySyntax() throws {
        let parsed = entries(
            """
            Text outside entries is a comment.
            @InProceedings{glorot2010,
              Author = {Glorot, Xavier and Bengio, Yoshua},
              TITLE  = "Understanding the {D}ifficulty",
              year   = 2010,
              pages  = {249--256},   % a trailing comma is fine
            }
            @misc(key:with/punct, note = {a {nested {deeply}} value})
            @book{empty}
            """)
        #expect(parsed.map(\.key) == ["glorot2010", "key:with/punct", "empty"])
        let first = try #require(parsed.first)
        #expect(first.type == "inproceedings")
        #expect((first.line, first.column) == (2, 1))
        #expect(first.fields["author"] == "Glorot, Xavier and Bengio, Yoshua")
        #expect(first.fields["title"] == "Understanding the {D}ifficulty")
        #expect(first.fields["year"] == "2010")
        #expect(first.fields["pages"] == "249--256")
        #expect(parsed[1].fields["note"] == "a {nested {deeply}} value")
        #expect(parsed[2].fields.isEmpty)
    }

    @Test("@string macros (any case), # concatenation, month macros; @comment and @preamble skipped")
    func macros() throws {
        let parsed = entries(
            """
            @comment{ anything, even @article{x, } here }
            @preamble{ "\\newcommand{\\noopsort}[1]{}" }
            @STRING{ jmlr = {Journal of Machine Learning Research} }
            @string(pre = "Proceedings of ")
            @article{duchi2011,
              journal = JMLR,
              booktitle = pre # {the } # "Conference",
              month = jul,
              note = jmlr # { } # 12,
            }
            """)
        let entry = try #require(parsed.first)
        #expect(parsed.count == 1)
        #expect(entry.fields["journal"] == "Journal of Machine Learning Research")
        #expect(entry.fields["booktitle"] == "Proceedings of the Conference")
        #expect(entry.fields["month"] == "July")
        #expect(entry.fields["note"] == "Journal of Machine Learning Research 12")
    }

    @Test("a malformed entry is reported at its line and column, and the entries after it are read")
    func malformedEntries() {
        #expect(
            problems(
                """
                @article{a,
                  title = {One}
                  year = 2010
                }
                @article{b, title = {Two}}
                """) == ["2:16: expected ',' after the value of 'title'"])
        let (entries, _) = BibTeXParser.parse("@article{a,\n  title = {One}\n  year = 2010\n}\n@article{b, title = {Two}}\n")
        #expect(entries.map(\.key) == ["b"])

        #expect(
            problems("@article{a,\n  title = {Unclosed,\n  year = 2010\n}\n")
                == ["2:11: entry 'a' is not closed: the value of 'title' runs on to line 4 (is a '}' missing?)"])
        #expect(problems("@article{a,\n  title = {Unclosed,\n  year = 2010\n") == ["2:11: '{' is not closed"])
        #expect(problems("@article{a,\n  title = {A}\n\n@book{b, title = {B}}\n") == ["2:14: expected ',' after the value of 'title'"])
        #expect(problems("@article{a,\n  title = {A},\n@book{b, title = {B}}\n") == ["1:1: entry 'a' is not closed before the next entry"])
        #expect(problems("@article{a, title = Two Words}") == ["1:21: unknown @string macro 'Two' (a text value needs braces or quotes)"])
        #expect(problems("@article{a, title {A}}") == ["1:19: expected '=' after the field name 'title'"])
        #expect(problems("@article{a, title = \"open}") == ["1:26: unbalanced '}' in a quoted value"])
        #expect(
            problems("@article{a, title = \"open\n") == ["1:21: quoted value is not closed (a '\"' inside a value must be in braces: {\"})"]
        )
        #expect(problems("@article{, title = {A}}") == ["1:10: expected a citation key after '@article{'"])
        #expect(problems("@article a, title = {A}}") == ["1:10: expected '{' after '@article'"])
        #expect(problems("@article{a, title = {A}, Title = {B}}") == ["1:26: field 'title' is given twice in entry 'a'"])
        #expect(problems("@article{a, title = {A}}\n\n@book{a, title = {B}}\n") == ["3:1: entry key 'a' is used twice (first on line 1)"])
        #expect(problems("@article{a, title = {A}") == ["1:1: entry 'a' is not closed"])
    }

    @Test("a malformed .bib fails the build, located in the .bib file")
    func located() {
        #expect {
            _ = try Bibliography.parse("@article{ok, title={A}}\n@article{bad,\n  title = {B} year = 1}\n", file: "Content/references.bib")
        } throws: { error in
            (error as? BuildFailure)?.description
                == "Content/references.bib:3:14: error: expected ',' after the value of 'title'"
        }
    }

    // MARK: TeX

    @Test("accents and special letters become Unicode")
    func accents() {
        #expect(decoded(#"Sch{\"o}lkopf"#) == "Schölkopf")
        #expect(decoded(#"Sch\"{o}lkopf, \"Uber"#) == "Schölkopf, Über")
        #expect(decoded(#"Caf\'e, L{\'e}on, \`a la, \^ete"#) == "Café, Léon, à la, ête")
        #expect(decoded(#"Stra{\ss}e, Gau{\ss}"#) == "Straße, Gauß")
        #expect(decoded(#"Gar\c{c}on, \c c"#) == "Garçon, ç")
        #expect(
            decoded(#"Ma\~{n}ana, \v{S}koda, Erd\H{o}s, \r{A}ngstr\"om, \k{a}, \={o}, \.{z}, \u{g}"#)
                == "Mañana, Škoda, Erdős, Ångström, ą, ō, ż, ğ")
        #expect(decoded(#"na\"{\i}ve, \'{\i}"#) == "naïve, í")
        #expect(decoded(#"{\o}ster, {\AE}sir, {\l}{\'o}d{\'z}, \aa"#) == "øster, Æsir, łódź, å")
    }

    @Test("dashes, ties, quotes, escaped characters and formatting commands")
    func punctuation() {
        #expect(decoded("pages 249--256 --- a dash") == "pages 249–256 — a dash")
        #expect(decoded("Fig.~3") == "Fig.\u{00A0}3")
        #expect(decoded("``quoted'' and `single'") == "“quoted” and ‘single’")
        #expect(decoded(##"R\&D, 50\%, \$5, \#1, a\_b"##) == "R&D, 50%, $5, #1, a_b")
        #expect(decoded(#"\emph{Deep} and \textbf{wide}, {\em old} \textsc{Style}"#) == "Deep and wide, old Style")
        #expect(decoded("a\n   b") == "a b")
        #expect(
            BibTeXText(tex: "The $\\ell_1$ norm").pieces == [
                .text("The ", protected: false), .math("\\ell_1"), .text(" norm", protected: false),
            ])
    }

    @Test("braces protect case; sentence case lowers only plain capitalised words")
    func protectedCase() {
        let title = BibTeXText(tex: "Delving Deep into Rectifiers: Surpassing Human-Level Performance on {ImageNet} Classification")
        #expect(title.plain == "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification")
        #expect(
            title.sentenceCased.plain
                == "Delving deep into rectifiers: Surpassing human-level performance on ImageNet classification")
        #expect(BibTeXText(tex: "Restricted {B}oltzmann Machines").sentenceCased.plain == "Restricted Boltzmann machines")
        #expect(BibTeXText(tex: "Gaussian Error Linear Units (GELUs)").sentenceCased.plain == "Gaussian error linear units (GELUs)")
        #expect(
            BibTeXText(tex: "Efficient BackProp for {Sch\\\"o}lkopf's Kernels").sentenceCased.plain
                == "Efficient BackProp for Schölkopf’s kernels")
        // A brace group that starts with a command is a character, not protection.
        #expect(BibTeXText(tex: #"On {\"U}bermodels"#).sentenceCased.plain == "On übermodels")
    }

    // MARK: Names

    @Test("names in both forms, particles, suffixes, braced names and 'and others'")
    func names() {
        let list = NameList(
            tex:
                "Glorot, Xavier and Yoshua Bengio and van der Maaten, Laurens and Ludwig van Beethoven and King, Jr, Martin Luther and {World Health Organization} and others"
        )
        #expect(list.hasOthers)
        #expect(list.names.map(\.family) == ["Glorot", "Bengio", "Maaten", "Beethoven", "King", "World Health Organization"])
        #expect(list.names.map(\.given) == ["Xavier", "Yoshua", "Laurens", "Ludwig", "Martin Luther", ""])
        #expect(list.names[2].fullFamily == "van der Maaten")
        #expect(list.names[3].particle == "van")
        #expect(list.names[4].suffix == "Jr")
        #expect(NameList(tex: #"Clevert, Djork-Arn{\'e}"#).names[0].initials(period: true) == "D.-A.")
        #expect(NameList(tex: #"Clevert, Djork-Arn{\'e}"#).names[0].initials(period: false) == "D A")
        #expect(NameList(tex: #"M{\"u}ller, Klaus-Robert"#).names[0].family == "Müller")
        #expect(NameList(tex: "Maas, Andrew L. and Ng, Andrew Y.").names.map { $0.initials(period: true) } == ["A. L.", "A. Y."])
        #expect(NameList(tex: "Diganta Misra").names == [PersonName(given: "Diganta", family: "Misra")])
        #expect(NameList(tex: "Smith AND Jones").names.map(\.family) == ["Smith", "Jones"])
    }

    @Test("works: year from date, DOI without its resolver, URLs verbatim, arXiv identifiers")
    func works() throws {
        let parsed = entries(
            #"""
            @misc{hendrycks2016, author = {Hendrycks, Dan and Gimpel, Kevin}, title = {{G}aussian Error Linear Units ({GELUs})},
              date = {2016-06-27}, eprint = {1606.08415}, archivePrefix = {arXiv}}
            @article{x, doi = {https://doi.org/10.1000/a\_b}, url = {https://example.org/~me/a\_b--c}}
            """#)
        let gelu = Work(parsed[0])
        #expect(gelu.year == "2016")
        #expect(gelu.arXiv == "1606.08415")
        #expect(gelu.title?.plain == "Gaussian Error Linear Units (GELUs)")
        let x = Work(parsed[1])
        #expect(x.doi == "10.1000/a_b")
        #expect(x.url == "https://example.org/~me/a_b--c")
    }
}
