import Foundation
import Testing

/// The committed site (`docs/`, built from `Content/`): the flagship series
/// is there in both languages, every lesson shows its evidence, and the
/// authoring guide shows every construct live. (`primer check`, run by CI,
/// proves that `docs/` is what `Content/` builds.)
@Suite("The flagship site")
struct FlagshipSiteTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lessons = ["welcome", "zero-centred", "sigmoid", "tanh", "relu", "comparison"]

    private func page(_ path: String) throws -> String {
        try String(contentsOf: Self.repository.appendingPathComponent("docs/" + path), encoding: .utf8)
    }

    private func count(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

    @Test("every lesson exists in Chinese and in English, in its language, linked to its twin", arguments: lessons)
    func twins(lesson: String) throws {
        let chinese = try page("zh/\(lesson).html")
        let english = try page("en/\(lesson).html")
        #expect(chinese.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh\">"))
        #expect(english.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(chinese.contains("<a href=\"../en/\(lesson).html\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(english.contains("<a href=\"../zh/\(lesson).html\" hreflang=\"zh\" lang=\"zh\">中文</a>"))
        // The same experiments: as many figures, tables and claims in both editions.
        for marker in ["<figure class=\"cell\"", "<table", "class=\"claim claim-"] {
            #expect(count(marker, in: chinese) == count(marker, in: english), "\(marker) in \(lesson)")
        }
    }

    @Test("each lesson shows figures and computed claims; the zero-centred lesson numbers the article's formulas")
    func evidence() throws {
        for lesson in Self.lessons.dropFirst() {
            let html = try page("en/\(lesson).html")
            #expect(count("<figure class=\"cell\" id=\"fig-", in: html) >= 1, "figures in \(lesson)")
            #expect(count("class=\"claim claim-", in: html) >= 3, "claims in \(lesson)")
            #expect(html.contains("class=\"computed\""), "inline values in \(lesson)")
        }
        let zeroCentred = try page("en/zero-centred.html")
        for label in ["eq-forward", "eq-error", "eq-gradient", "eq-update"] {
            #expect(zeroCentred.contains("id=\"\(label)\""), "\(label) is numbered")
            #expect(zeroCentred.contains("href=\"#\(label)\""), "\(label) is referred to")
        }
    }

    @Test("the front page offers both editions")
    func frontPage() throws {
        let html = try page("index.html")
        #expect(html.contains("<section lang=\"zh\">") && html.contains("<section lang=\"en\">"))
        for lesson in Self.lessons {
            #expect(html.contains("href=\"zh/\(lesson).html\"") && html.contains("href=\"en/\(lesson).html\""))
        }
    }

    @Test("the authoring guide shows every construct, executed")
    func guide() throws {
        let html = try page("en/guide.html")
        let constructs = [
            "<div class=\"scroll output stdout\"",  // a cell's printed output
            "<span class=\"computed\"",  // an inline value
            "<table",  // a directive's table
            "<figure class=\"cell\" id=\"fig-guide-curve\"",  // a figure with its caption
            "<svg",  // a plot
            "<math",  // formulas
            "href=\"#eq-guide-grad\"",  // an equation reference
            "href=\"#fig-guide-curve\"",  // a figure reference
            "class=\"callout",  // a callout
            "class=\"claim claim-",  // a claim
            "href=\"#ref-glorot2010\"",  // a citation
            "class=\"output error",  // an expected error
            "5 points, the largest y is 0.88",  // a file read by the lesson
            "<strong>computed at build time</strong>",  // a Displayable of the lesson's own
        ]
        for construct in constructs { #expect(html.contains(construct), "\(construct)") }
    }
}
