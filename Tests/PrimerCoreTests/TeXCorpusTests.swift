import Foundation
import Testing

@testable import PrimerCore

/// Primer's TeX converter on the corpus in `Fixtures/tex-corpus/` (278
/// formulas from ML lessons and textbooks), against the reference that
/// `make_reference.py` made with PyPI's latex2mathml and `review.json`
/// judged by hand (see that folder's README).
///
/// Every formula must convert. Where the review trusts latex2mathml's
/// skeleton (`skeleton_ok`), Primer's skeleton must be the same, after the
/// two normalisations below, except for the differences documented in
/// `documentedDifferences`, each of which says why Primer's output is the
/// right one. Anything else that changes the structure of Primer's output
/// for a trusted formula fails the test.
@Suite("TeX corpus")
struct TeXCorpusTests {
    // MARK: Documented differences

    /// Where Primer's skeleton differs from a trusted latex2mathml skeleton
    /// and Primer is right. Each entry edits the reference skeleton into
    /// Primer's (every occurrence of `latex2mathml` becomes `primer`), so
    /// the difference stays exact: any other change still fails.
    ///
    /// Most are TeX's spaces between two atoms (The TeXbook, chapter 18)
    /// where neither side is an `mo` that could carry them as `lspace` or
    /// `rspace`, so Primer writes an `<mspace>` and latex2mathml writes
    /// nothing. They stay edits, not a normalisation that drops `mspace`:
    /// that would also hide the explicit `\,` and `\quad` of 22 trusted
    /// formulas.
    static let documentedDifferences: [Difference] = [
        Difference(
            "prelu", "TeX's thin space between the ordinary a_i and the operator \\min (ord–op)",
            Edit("mi:𝑖) mi:min", "mi:𝑖) mspace mi:min")),
        Difference(
            "softplus-derivative", "TeX's thin space between the fraction (an ordinary atom) and \\log (ord–op)",
            Edit("mi:𝑥)) mi:log", "mi:𝑥)) mspace mi:log")),
        Difference(
            "gelu-tanh", "TeX's thin spaces before the \\left( after 0.5x and after the root (ord–inner)",
            Edit("mi:𝑥 mo:\"(\"", "mi:𝑥 mspace mo:\"(\""), Edit("mi:𝜋) mo:\"(\"", "mi:𝜋) mspace mo:\"(\"")),
        Difference(
            "mish", "TeX's thin space between x and \\tanh, twice (ord–op)",
            Edit("mi:𝑥 mi:tanh", "mi:𝑥 mspace mi:tanh")),
        Difference(
            "forward-layer", "TeX's thin space between g and \\left( (ord–inner)",
            Edit("mi:𝑔 mo:\"(\"", "mi:𝑔 mspace mo:\"(\"")),
        Difference(
            "ce-loss", "TeX's thin space between y_k and \\log (ord–op)",
            Edit("mi:𝑘) mi:log", "mi:𝑘) mspace mi:log")),
        Difference(
            "ce-zh", "TeX's thin space between y_k and \\ln (ord–op)",
            Edit("mi:𝑘) mi:ln", "mi:𝑘) mspace mi:ln")),
        Difference(
            "binary-ce", "TeX's thin space between y and \\log (ord–op)",
            Edit("mi:𝑦 mi:log", "mi:𝑦 mspace mi:log")),
        Difference(
            "huber", "TeX's thin space between \\delta and \\left( in the second case (ord–inner)",
            Edit("mtr(mtd(mi:𝛿 mo:\"(\"", "mtr(mtd(mi:𝛿 mspace mo:\"(\"")),
        Difference(
            "adamw", "TeX's thin space between \\eta and \\left( (ord–inner)",
            Edit("mi:𝜂 mo:\"(\"", "mi:𝜂 mspace mo:\"(\"")),
        Difference(
            "cosine-annealing", "TeX's thin spaces between ½ and \\left( (ord–inner) and between \\right) and \\left( (inner–inner)",
            Edit("mn:2) mo:\"(\"", "mn:2) mspace mo:\"(\""), Edit("mo:\")\" mo:\"(\"", "mo:\")\" mspace mo:\"(\"")),
        Difference(
            "variance-preserve", "TeX's thin space between n_{in} and \\operatorname{Var} (ord–op)",
            Edit("mi:𝑛)) mi:Var", "mi:𝑛)) mspace mi:Var")),
        Difference(
            "forward-variance", "TeX's thin space between n_{in} and \\operatorname{Var} (ord–op)",
            Edit("mi:𝑛)) mi:Var", "mi:𝑛)) mspace mi:Var")),
        Difference(
            "variance", "TeX's thin space between \\mathbb{E} and \\left[ (ord–inner)",
            Edit("mo:= mi:𝔼 mo:[", "mo:= mi:𝔼 mspace mo:[")),
        Difference(
            "stackrel-check", "TeX's thick space after the relation \\stackrel{?}{=}, whose mo is inside the mover (rel–ord)",
            Edit("mo:?) mi:𝜎", "mo:?) mspace mi:𝜎")),
        Difference(
            "ldots-list", "\\ldots is TeX's \\mathinner, not an ordinary symbol: an mo carries its inner–punct thin space as rspace",
            Edit("mi:…", "mo:…")),
        Difference(
            "text-mixed", "\\ldots is TeX's \\mathinner, not an ordinary symbol: an mo carries its inner–punct thin space as rspace",
            Edit("mi:…", "mo:…")),
        Difference(
            "widehat", "\\widehat must widen: U+0302 stretches inline in MathML Core and the site's font; latex2mathml's ^ stays small",
            Edit("mo:^", "mo:\u{302}")),
        Difference(
            "underline-overline",
            "the lines must widen: U+0332 and U+00AF stretch inline in MathML Core and the site's font; latex2mathml's U+2015 is not on MathML Core's list of horizontally stretching characters, so it would stay one glyph wide",
            Edit("munder(mi:𝑥 mo:―)", "munder(mi:𝑥 mo:\u{332})"), Edit("mover(mi:𝑥 mo:―)", "mover(mi:𝑥 mo:¯)")),
    ]

    struct Difference: Sendable {
        var id: String
        /// Why Primer's output is the right one.
        var reason: String
        var edits: [Edit]

        init(_ id: String, _ reason: String, _ edits: Edit...) {
            (self.id, self.reason, self.edits) = (id, reason, edits)
        }
    }

    struct Edit: Sendable {
        var latex2mathml: String
        var primer: String

        init(_ latex2mathml: String, _ primer: String) {
            (self.latex2mathml, self.primer) = (latex2mathml, primer)
        }
    }

    // MARK: Normalisations

    /// The two ways Primer's markup deliberately differs from latex2mathml's
    /// without a visible difference, applied to both skeletons:
    ///
    /// 1. Number columns. Primer sets a numbered environment (`align`,
    ///    `align*`, `gather`, …) as a table with a half-width empty cell
    ///    before every row and the row's number (or nothing) after it, so
    ///    that numbers sit at the margin and the rows stay centred. The
    ///    corpus leaves numbers to the page, so in a table each of whose
    ///    rows begins with an empty `mtd` and ends with an empty `mtd` or
    ///    one that holds a single `mtext`, those two cells are dropped.
    /// 2. One-cell tables. Primer sets `equation` and `equation*` as a
    ///    table of one row and one cell, like the other numbered
    ///    environments; a formula that is such a table is its cell's content.
    static func normalised(_ items: [CorpusSkeleton.Node]) -> [CorpusSkeleton.Node] {
        let items = items.map(withoutNumberColumns)
        if items.count == 1, items[0].name == "mtable", items[0].children.count == 1,
            items[0].children[0].name == "mtr", items[0].children[0].children.count == 1,
            items[0].children[0].children[0].name == "mtd"
        {
            return items[0].children[0].children[0].children
        }
        return items
    }

    private static func withoutNumberColumns(_ node: CorpusSkeleton.Node) -> CorpusSkeleton.Node {
        var node = node
        node.children = node.children.map(withoutNumberColumns)
        guard node.name == "mtable", !node.children.isEmpty, node.children.allSatisfy(hasNumberColumns) else { return node }
        for index in node.children.indices {
            node.children[index].children = Array(node.children[index].children.dropFirst().dropLast())
        }
        return node
    }

    /// A row that begins with an empty cell and ends with an empty one or one that holds an `mtext`.
    private static func hasNumberColumns(_ row: CorpusSkeleton.Node) -> Bool {
        guard row.name == "mtr", row.children.count >= 3, let first = row.children.first, let last = row.children.last else { return false }
        let lastIsNumber = last.children.isEmpty || (last.children.count == 1 && last.children[0].name == "mtext")
        return first.name == "mtd" && first.children.isEmpty && last.name == "mtd" && lastIsNumber
    }

    // MARK: The comparison

    enum Verdict: Equatable {
        /// The skeletons are the same (after the normalisations).
        case matches
        /// They differ as `documentedDifferences` says.
        case documented
        /// They differ otherwise: Primer's structure is not the expected one.
        case differs(expected: String, primer: String)
        /// The documented difference no longer describes Primer's output.
        case stale(String)

        var passes: Bool { self == .matches || self == .documented }
    }

    /// How Primer's MathML for a trusted formula compares with latex2mathml's.
    static func verdict(id: String, primer: String, latex2mathml: String) throws -> Verdict {
        let expected = CorpusSkeleton.written(normalised(try CorpusSkeleton.items(of: latex2mathml)))
        let actual = CorpusSkeleton.written(normalised(try CorpusSkeleton.items(of: primer)))
        guard let difference = documentedDifferences.first(where: { $0.id == id }) else {
            return actual == expected ? .matches : .differs(expected: expected, primer: actual)
        }
        if actual == expected { return .stale("Primer's skeleton is latex2mathml's now: the entry can go") }
        var edited = expected
        for edit in difference.edits {
            guard edited.contains(edit.latex2mathml) else { return .stale("\(edit.latex2mathml) is not in the reference skeleton") }
            edited = edited.replacingOccurrences(of: edit.latex2mathml, with: edit.primer)
        }
        return actual == edited ? .documented : .differs(expected: edited, primer: actual)
    }

    /// `text` with each combining mark written as its code point, which a
    /// terminal would otherwise draw on the character before it.
    static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: result += "<U+\(String(scalar.value, radix: 16, uppercase: true))>"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    // MARK: Tests

    @Test("every corpus formula converts")
    func everyFormulaConverts() throws {
        let corpus = try Corpus.load()
        for formula in corpus.formulas {
            do {
                _ = try TeXConverter.convert(formula.tex, display: formula.display)
            } catch {
                Issue.record("\(formula.id): \(formula.tex)\n  at offset \(error.offset): \(error.message)")
            }
        }
    }

    @Test("Primer's skeleton is latex2mathml's wherever the review trusts it, but for documented differences")
    func trustedSkeletons() throws {
        let corpus = try Corpus.load()
        var converted = 0
        var trusted = 0
        var matching = 0
        var documented = 0
        for formula in corpus.formulas {
            guard let primer = try? TeXConverter.convert(formula.tex, display: formula.display) else { continue }
            converted += 1
            let reference = try #require(corpus.references[formula.id], "\(formula.id) has no reference")
            guard reference.skeletonOk, let latex2mathml = reference.latex2mathml else { continue }
            trusted += 1
            switch try Self.verdict(id: formula.id, primer: primer, latex2mathml: latex2mathml) {
            case .matches:
                matching += 1
            case .documented:
                documented += 1
            case let .differs(expected, actual):
                Issue.record("\(formula.id): \(formula.tex)\n  expected: \(Self.visible(expected))\n  Primer:   \(Self.visible(actual))")
            case .stale(let why):
                Issue.record("\(formula.id): the documented difference is stale: \(why)")
            }
        }
        print(
            "TeX corpus: \(corpus.formulas.count) formulas, \(converted) converted by Primer, \(trusted) with a trusted latex2mathml skeleton, "
                + "\(matching) of those match, \(documented) differ by a documented reason")
    }

    @Test("each documented difference names a trusted formula, once")
    func documentedDifferencesAreTrusted() throws {
        let corpus = try Corpus.load()
        let ids = Self.documentedDifferences.map(\.id)
        #expect(Set(ids).count == ids.count, "a formula is documented twice")
        for id in ids {
            #expect(corpus.references[id]?.skeletonOk == true, "\(id) is not a trusted formula of the corpus")
        }
    }

    @Test("a change in the structure of Primer's output fails the comparison")
    func comparisonCanFail() throws {
        let corpus = try Corpus.load()
        let cases: [(id: String, change: (String) -> String)] = [
            // A letter set upright instead of italic.
            ("sigmoid", { $0.replacingOccurrences(of: "<mi>x</mi>", with: "<mi mathvariant=\"normal\">x</mi>") }),
            // The documented space left out.
            ("prelu", { $0.replacingOccurrences(of: "<mspace width=\"0.1667em\"></mspace>", with: "") }),
            // The documented mo written as latex2mathml's mi.
            ("ldots-list", { $0.replacingOccurrences(of: "<mo lspace=\"0\" rspace=\"0.1667em\">…</mo>", with: "<mi>…</mi>") }),
            // A row of a numbered environment lost (the number columns are normalised away, the rows are not).
            (
                "bn-align-star",
                { mathML in
                    guard let last = mathML.range(of: "<mtr>", options: .backwards), let end = mathML.range(of: "</mtable>") else {
                        return mathML
                    }
                    return mathML.replacingCharacters(in: last.lowerBound..<end.lowerBound, with: "")
                }
            ),
        ]
        for (id, change) in cases {
            let formula = try #require(corpus.formulas.first { $0.id == id })
            let latex2mathml = try #require(corpus.references[id]?.latex2mathml)
            let primer = try TeXConverter.convert(formula.tex, display: formula.display)
            #expect(try Self.verdict(id: id, primer: primer, latex2mathml: latex2mathml).passes, "\(id) fails unchanged")
            let changed = change(primer)
            #expect(changed != primer, "\(id): the change did not apply to Primer's output")
            #expect(try !Self.verdict(id: id, primer: changed, latex2mathml: latex2mathml).passes, "\(id): the changed output still passes")
        }
    }

    // MARK: The skeleton port

    @Test("the Swift skeleton matches the reference script on latex2mathml's own output")
    func skeletonMatchesScript() throws {
        let corpus = try Corpus.load()
        var compared = 0
        for (id, reference) in corpus.references.sorted(by: { $0.key < $1.key }) {
            guard let latex2mathml = reference.latex2mathml else { continue }
            if reference.xmlError != nil {
                // Not XML (a raw `&`): the script has no skeleton, and the port must refuse it too.
                #expect(throws: CorpusSkeleton.NotXML.self, "\(id)") { try CorpusSkeleton.skeleton(of: latex2mathml) }
                continue
            }
            compared += 1
            #expect(try CorpusSkeleton.skeleton(of: latex2mathml) == reference.skeleton, "\(id)")
        }
        #expect(compared == 271)
    }

    @Test(
        "the Swift skeleton passes the reference script's self-test",
        arguments: [
            (
                "<math><mrow><mi>x</mi><mo>=</mo><mfrac><mrow><mn>1</mn></mrow><mn>2</mn></mfrac></mrow></math>",
                "mrow(mi:𝑥 mo:= mfrac(mn:1 mn:2))"
            ),
            (
                "<math display=\"block\"><semantics><mrow><mi>tanh</mi><mo>&#x2061;</mo><mi>x</mi></mrow>"
                    + "<annotation encoding=\"application/x-tex\">\\tanh x</annotation></semantics></math>",
                "mrow(mi:tanh mi:𝑥)"
            ),
            (
                "<math><mtext>if&#xA0;</mtext><mtext> a  b </mtext><mi mathvariant=\"normal\">d</mi>"
                    + "<mi mathvariant=\"bold\">x</mi><mi>𝐱</mi></math>",
                "mrow(mtext:\"if \" mtext:\"a b\" mi:d mi:𝑥 mi:𝐱)"
            ),
            ("<math><msup><mi>e</mi><mrow><mrow><mo>−</mo><mi>x</mi></mrow></mrow></msup></math>", "msup(mi:𝑒 mrow(mo:− mi:𝑥))"),
            (
                "<math><mrow><mo>(</mo><mo/><mo>lim</mo><msup><mi>f</mi><mi>′</mi></msup><mo>)</mo></mrow></math>",
                "mrow(mo:\"(\" mi:lim msup(mi:𝑓 mo:′) mo:\")\")"
            ),
            (
                "<math><msqrt><mrow><mi>x</mi></mrow></msqrt><mspace width=\"1em\"/><mstyle><mi>Γ</mi></mstyle></math>",
                "mrow(msqrt(mi:𝑥) mspace mi:𝛤)"
            ),
            ("<math><mfrac><mrow></mrow><mstyle><mn>1</mn><mn>2</mn></mstyle></mfrac></math>", "mfrac(mrow mrow(mn:1 mn:2))"),
            (
                "<math><mi>a</mi><mtext>&#xA0;</mtext><mtext> </mtext><mi mathvariant=\"normal\">ab</mi></math>",
                "mrow(mi:𝑎 mspace mi:ab)"
            ),
        ])
    func skeletonSelfTest(mathML: String, expected: String) throws {
        #expect(try CorpusSkeleton.skeleton(of: mathML) == expected)
    }

    /// The script's `_check_italic_table`: every target is the MATHEMATICAL
    /// ITALIC form of its source, by Unicode name.
    @Test("the italic table maps each letter to its mathematical italic form")
    func italicTable() throws {
        for (source, target) in CorpusSkeleton.italic {
            let name = try #require(target.properties.name)
            if target == "\u{210E}" {
                #expect(name == "PLANCK CONSTANT")
                continue
            }
            var sourceName = try #require(source.properties.name)
            for word in ["LATIN ", "GREEK ", "LETTER ", "LUNATE "] {
                sourceName = sourceName.replacingOccurrences(of: word, with: "")
            }
            #expect(name == "MATHEMATICAL ITALIC " + sourceName, "U+\(String(source.value, radix: 16, uppercase: true))")
        }
    }

    // MARK: The corpus

    /// `corpus.json` and `reference.json`.
    struct Corpus {
        struct Formula: Decodable {
            var id: String
            var tex: String
            var display: Bool
            var topic: String
        }

        struct Reference: Decodable {
            /// latex2mathml's `<math>` element, nil where it raised.
            var latex2mathml: String?
            /// nil where latex2mathml raised or its output is not XML.
            var skeleton: String?
            var xmlError: String?
            var latex2mathmlOk: Bool
            var why: String?
            /// Whether `skeleton` is the skeleton of a right conversion.
            var skeletonOk: Bool

            enum CodingKeys: String, CodingKey {
                case latex2mathml, skeleton, why
                case xmlError = "xml_error"
                case latex2mathmlOk = "latex2mathml_ok"
                case skeletonOk = "skeleton_ok"
            }
        }

        var formulas: [Formula]
        var references: [String: Reference]

        static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tex-corpus")

        static func load() throws -> Corpus {
            let decoder = JSONDecoder()
            let formulas = try decoder.decode([Formula].self, from: Data(contentsOf: folder.appendingPathComponent("corpus.json")))
            let references = try decoder.decode(
                [String: Reference].self, from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
            return Corpus(formulas: formulas, references: references)
        }
    }
}
