import Testing

@testable import PrimerCore

@Suite("Front matter and site configuration")
struct FrontMatterTests {
    @Test("known keys are read, and the body keeps the file's line numbers")
    func reading() throws {
        let (frontMatter, body) = try FrontMatter.split(
            "---\ntitle: Sigmoid\norder: 2.5\ndescription: About σ\nlang: zh\n---\n# Body\n", file: "x.md")
        #expect(frontMatter.title == "Sigmoid")
        #expect(frontMatter.order == 2.5)
        #expect(frontMatter.description == "About σ")
        #expect(frontMatter.language == "zh")
        #expect(body == "\n\n\n\n\n\n# Body\n")
        #expect(MarkdownParser().parse(body).document.children[0].line == 7)
    }

    @Test("a page without front matter is all body")
    func noFrontMatter() throws {
        let (frontMatter, body) = try FrontMatter.split("# Title\n---\n", file: "x.md")
        #expect(frontMatter == FrontMatter())
        #expect(body == "# Title\n---\n")
    }

    @Test(
        "errors point at the file's line and column",
        arguments: [
            ("---\ntitle: A\nauthor: me\n---\n", "x.md:3:1: error: unknown key 'author' in front matter"),
            ("---\ntitle: [unclosed\n---\n", "x.md:3:1: error: malformed front matter"),
            ("---\ntitle: A\n", "x.md:1:1: error: front matter is not closed"),
            ("---\norder: soon\n---\n", "x.md:2:8: error: 'order' must be a number"),
            ("---\ntitle: [a, b]\n---\n", "x.md:2:8: error: 'title' must be text"),
            ("---\n- a\n- b\n---\n", "x.md:2:1: error: front matter must be a mapping of keys to values"),
            ("---\ndescription: 中文\nλ: 1\n---\n", "x.md:3:1: error: unknown key 'λ' in front matter"),
        ])
    func errors(source: String, expected: String) {
        #expect {
            _ = try FrontMatter.split(source, file: "x.md")
        } throws: { error in
            (error as? BuildFailure)?.description.hasPrefix(expected) == true
        }
    }

    @Test("the column of a YAML error counts UTF-8 bytes")
    func utf8Columns() throws {
        let failure = #expect(throws: BuildFailure.self) {
            _ = try FrontMatter.split("---\ntitle: 标题\norder: [\n---\n", file: "x.md")
        }
        #expect(failure?.diagnostics.first?.location.line == 4)
    }

    @Test("site configuration: titles per language, languages, order")
    func configuration() throws {
        let configuration = try SiteConfiguration.parse(
            "title:\n  en: Primer\n  zh: 入门\nlanguages: [zh, en]\norder: [zh/a.md]\n", file: "primer.yml")
        #expect(configuration.languages == ["zh", "en"])
        #expect(configuration.defaultLanguage == "zh")
        #expect(configuration.title(for: "zh") == "入门")
        #expect(configuration.title(for: "en") == "Primer")
        #expect(configuration.order == ["zh/a.md"])
        #expect(try SiteConfiguration.parse("title: One\n", file: "p.yml").title(for: "en") == "One")
    }

    @Test(
        "site configuration errors",
        arguments: [
            ("languages: []\n", "primer.yml:1:12: error: 'languages' must be a non-empty list of language codes"),
            ("languages: [en, english]\n", "primer.yml:1:17: error: 'english' is not a language code"),
            ("languages: [en, en]\n", "primer.yml:1:17: error: language 'en' is listed twice"),
            ("theme: dark\n", "primer.yml:1:1: error: unknown key 'theme' in site configuration"),
        ])
    func configurationErrors(source: String, expected: String) {
        #expect {
            _ = try SiteConfiguration.parse(source, file: "primer.yml")
        } throws: { error in
            (error as? BuildFailure)?.description.hasPrefix(expected) == true
        }
    }
}
