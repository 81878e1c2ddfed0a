import Foundation
import Testing

@testable import PrimerCore

/// Renders `markdown` as Primer renders a page's body: the one call into
/// Primer, to adapt when the parser's or renderer's API changes.
///
/// Links are percent-encoded as the site's link rewriter (`SiteLinks`)
/// encodes them, without its checks: absolute `/url` links and links to
/// missing files are errors about a site's files, which the examples do not
/// have. `diagnostics` are what Primer reports for the Markdown; they are
/// shown with a failing example but do not decide it.
func renderThroughPrimer(_ markdown: String) -> (html: String, diagnostics: [String]) {
    let parsed = MarkdownParser().parse(markdown)
    var renderer = HTMLRenderer(
        reservedAnchors: [],
        rewriteLink: { destination, _, _ in
            LinkReference.percentEncoded(destination)
        })
    return (renderer.render(document: parsed.document).html, parsed.problems.map { "\($0.id): \($0.message)" })
}

/// Every example of cmark-gfm's own test files, rendered through Primer and
/// compared with the HTML cmark-gfm writes, after both are normalised as
/// cmark's `spec_tests.py` normalises them (`HTMLNormalizer`).
///
/// The files come from Debian's source package of the cmark-gfm Primer links
/// against; `scripts/install-dependencies` puts them in `Fixtures/gfm-spec/`
/// (not in git: they are CC-BY-SA).
///
/// The only accepted differences are Primer's deliberate rules below. An
/// example that differs is compared again with the rules taken out; if it
/// then matches, it counts as differing by those rules, otherwise it fails.
@Suite("GFM conformance: cmark-gfm's examples through Primer")
struct GFMConformanceTests {
    @Test("spec.txt: the GFM spec") func spec() throws { try check("spec.txt") }
    @Test("extensions.txt: cmark-gfm's extensions") func extensions() throws { try check("extensions.txt") }
    @Test("regression.txt: cmark-gfm's regressions") func regression() throws { try check("regression.txt") }

    private static let specFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gfm-spec")

    private func check(_ fileName: String) throws {
        let url = Self.specFolder.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record(
                """
                \(url.path) is missing: run scripts/install-dependencies, which fetches cmark-gfm's \
                test files from Debian's source package
                """)
            return
        }
        let examples = try GFMSpecFile.examples(at: url)
        #expect(!examples.isEmpty, "no examples found in \(url.path)")

        var passed = 0
        var byRule: [String: Int] = [:]
        var deliberate = 0
        var failures: [GFMSpecExample] = []
        for example in examples {
            switch Self.compare(example) {
            case .passed:
                passed += 1
            case .differsByRules(let names):
                deliberate += 1
                for name in names { byRule[name, default: 0] += 1 }
            case let .failed(expected, actual, primerHTML, rulesTakenOut, diagnostics):
                failures.append(example)
                // Normalised, as compared; Primer's own HTML to find the cause.
                var message = """
                    \(example.label) renders differently from cmark-gfm
                    markdown: \(example.markdown.debugDescription)
                    expected: \(expected.debugDescription)
                    got:      \(actual.debugDescription)
                    (Primer's HTML: \(primerHTML.debugDescription))
                    """
                if !rulesTakenOut.isEmpty { message += "\nafter taking out: " + rulesTakenOut.joined(separator: ", ") }
                if !diagnostics.isEmpty { message += "\ndiagnostics: " + diagnostics.joined(separator: "; ") }
                Issue.record(Comment(rawValue: message))
            }
        }
        let rules = deliberateRules.compactMap { rule in byRule[rule.name].map { "\(rule.name) \($0)" } }
        print(
            """
            GFM conformance (\(fileName)): \(examples.count) examples, \(passed) passed, \
            \(deliberate) differ only by a deliberate rule (\(rules.isEmpty ? "none" : rules.joined(separator: ", "))), \
            \(failures.count) failed\(failures.isEmpty ? "" : ": " + failures.map { "\($0.number)" }.joined(separator: ", "))
            """)
    }

    enum Outcome {
        case passed
        /// Equal once the named rules are taken out.
        case differsByRules([String])
        /// Normalised as compared, after the rules that changed something;
        /// and Primer's HTML as it was.
        case failed(expected: String, actual: String, primerHTML: String, rulesTakenOut: [String], diagnostics: [String])
    }

    static func compare(_ example: GFMSpecExample) -> Outcome {
        let (primerHTML, diagnostics) = renderThroughPrimer(example.markdown)
        // spec_tests.py: line ends are compared as "\n", and "<IGNORE>" only
        // asks that the Markdown renders at all.
        let actual = primerHTML.replacingOccurrences(of: "\r\n", with: "\n")
        let expected = example.html.replacingOccurrences(of: "\r\n", with: "\n")
        if expected.trimmingCharacters(in: .whitespacesAndNewlines) == "<IGNORE>" { return .passed }
        if HTMLNormalizer.normalize(actual) == HTMLNormalizer.normalize(expected) { return .passed }

        var primer = actual
        var cmark = expected
        var applied: [String] = []
        for rule in deliberateRules {
            let (newPrimer, newCmark) = (rule.primer(primer, example), rule.expected(cmark, example))
            if newPrimer != primer || newCmark != cmark { applied.append(rule.name) }
            (primer, cmark) = (newPrimer, newCmark)
        }
        let (normalisedPrimer, normalisedCmark) = (HTMLNormalizer.normalize(primer), HTMLNormalizer.normalize(cmark))
        if normalisedPrimer == normalisedCmark { return .differsByRules(applied) }
        return .failed(
            expected: normalisedCmark, actual: normalisedPrimer, primerHTML: primerHTML,
            rulesTakenOut: applied, diagnostics: diagnostics)
    }
}

// MARK: - Primer's deliberate differences from cmark-gfm

/// A rule by which Primer's HTML deliberately differs from cmark-gfm's, with
/// how the test takes it out: `primer` rewrites Primer's HTML to what cmark-gfm
/// writes; where that cannot be done from Primer's HTML alone, `expected`
/// brings cmark-gfm's HTML to a form both share. The rewrites match Primer's
/// markup exactly, so they touch nothing else.
struct DeliberateRule: Sendable {
    typealias Rewrite = @Sendable (_ html: String, _ example: GFMSpecExample) -> String
    var name: String
    var reason: String
    var primer: Rewrite = { html, _ in html }
    var expected: Rewrite = { html, _ in html }
}

/// All of Primer's rules, in the one place they are listed.
let deliberateRules: [DeliberateRule] = [
    DeliberateRule(
        name: "heading anchors",
        reason: "each heading gets an id and a trailing § link, so that sections can be linked to",
        primer: { html, _ in
            html.replacingMatches(
                of: ##"<h([1-6]) id="[^"]*">(.*?) <a class="anchor" href="#[^"]*" aria-label="[^"]*">#</a></h\1>"##
            ) { "<h\($0[1]!)>\($0[2]!)</h\($0[1]!)>" }
        }
    ),
    DeliberateRule(
        name: "footnotes",
        reason:
            "ids are numbered, not named after labels; ARIA roles instead of data- attributes; an <hr> above; back-links labelled “↩ N”",
        primer: { html, _ in
            html.replacingMatches(of: ##"(<sup class="footnote-ref"><a href="#fn-\d+" id="fnref-\d+(?:-\d+)?") role="doc-noteref">"##) {
                "\($0[1]!) data-footnote-ref>"
            }
            .replacingOccurrences(
                of: "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n",
                with: "<section class=\"footnotes\" data-footnotes>\n"
            )
            // cmark-gfm marks the second and later back-links with their number.
            .replacingMatches(of: ##"<a href="#fnref-(\d+)(?:-(\d+))?" class="footnote-backref" aria-label="↩ \d+">↩</a>"##) { groups in
                let occurrence = groups[2]
                return "<a href=\"#fnref-\(groups[1]!)\(occurrence.map { "-\($0)" } ?? "")\" class=\"footnote-backref\" "
                    + "data-footnote-backref aria-label=\"Back to content\">↩"
                    + (occurrence.map { "<sup class=\"footnote-ref\">\($0)</sup>" } ?? "") + "</a>"
            }
        },
        // Primer's HTML has no labels, so cmark-gfm's label ids become numbers.
        expected: { html, _ in numberingFootnoteIDs(html) }
    ),
    DeliberateRule(
        name: "task lists",
        reason: "checkboxes get an aria-label (“done”, “to do”), lists and items classes for styling, written as HTML5",
        primer: { html, _ in
            html.replacingMatches(of: ##"<(ul|ol)((?: start="\d+")?) class="task-list">"##) { "<\($0[1]!)\($0[2]!)>" }
                .replacingMatches(of: ##"<li class="task-list-item"><input type="checkbox" disabled( checked)? aria-label="[^"]*">"##) {
                    "<li><input type=\"checkbox\"\($0[1] == nil ? "" : " checked=\"\"") disabled=\"\" />"
                }
        }
    ),
    DeliberateRule(
        name: "table alignment",
        reason: "HTML5 has no align attribute on cells; Primer writes style=\"text-align: …\"",
        primer: { html, _ in
            html.replacingMatches(of: ##"<(th|td) style="text-align: (left|center|right)">"##) { "<\($0[1]!) align=\"\($0[2]!)\">" }
        }
    ),
    DeliberateRule(
        name: "tagfilter always on",
        reason: "Primer always enables GFM's tagfilter; cmark-gfm's tests run most examples without it",
        // What cmark-gfm writes with the extension: "<" of the filtered tags in raw HTML as "&lt;".
        expected: { html, example in
            if example.extensions.contains("tagfilter") { return html }
            return html.replacingMatches(
                of: ##"(?i)<(/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext))(?=[ \t\n\x{0B}\f\r>]|/>)"##
            ) { "&lt;\($0[1]!)" }
        }
    ),
    DeliberateRule(
        name: "autolink always on",
        reason: "Primer always enables GFM's extended autolinks; cmark-gfm's tests run most examples without them",
        // Unlinks links whose text is their destination (or it without
        // "mailto:"/"http://") and which the Markdown did not write as <…>.
        primer: { html, example in
            if example.extensions.contains("autolink") { return html }
            return html.replacingMatches(of: ##"<a href="([^"]*)">([^<]*)</a>"##) { groups in
                let (href, text) = (unescapingBasicEntities(groups[1]!), unescapingBasicEntities(groups[2]!))
                let isExtendedAutolink =
                    [text, "mailto:" + text, "http://" + text].contains(href)
                    && !example.markdown.contains("<\(text)>")
                return isExtendedAutolink ? groups[2]! : groups[0]!
            }
        }
    ),
]

/// Replaces cmark-gfm's footnote ids (`fn-LABEL`, `fnref-LABEL`, `fnref-LABEL-2`)
/// by the footnotes' numbers, read from the references (`…>N</a>`).
private func numberingFootnoteIDs(_ html: String) -> String {
    var numbers: [String: String] = [:]
    _ = html.replacingMatches(of: ##"<a href="#fn-([^"]*)" id="fnref-[^"]*" data-footnote-ref>(\d+)</a>"##) { groups in
        numbers[groups[1]!] = groups[2]!
        return ""
    }
    if numbers.isEmpty { return html }
    return html.replacingMatches(of: ##"(id|href)="(#?)(fn|fnref)-([^"]*)""##) { groups in
        let (attribute, hash, kind, value) = (groups[1]!, groups[2]!, groups[3]!, groups[4]!)
        var number = numbers[value]
        if number == nil, kind == "fnref", let dash = value.lastIndex(of: "-"),
            let first = numbers[String(value[..<dash])], value[value.index(after: dash)...].allSatisfy(\.isNumber)
        {
            number = first + value[dash...]  // a later reference: "-2", "-3"…
        }
        guard let number else { return groups[0]! }
        return "\(attribute)=\"\(hash)\(kind)-\(number)\""
    }
}

/// Undoes the escaping both renderers do in attributes and text.
private func unescapingBasicEntities(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
}
