import PrimerFigures
import Testing

@Suite("Tables")
struct TableTests {
    static let table = Table(
        columns: [.text("x"), .number("σ(x)", format: .fixed(4)), .number("share", format: .percent(1), alignment: .center)],
        rows: [[.text("0"), .number(0.5), .number(0.25)], [.text("a|*b*"), .number(-0.00001), .number(1)]])

    @Test("a table renders as a GFM pipe table; its text cells stay text")
    func markdown() {
        #expect(
            Self.table.markdown == """
                | x | σ(x) | share |
                | :--- | ---: | :---: |
                | 0 | 0.5000 | 25.0% |
                | a\\|\\*b\\* | 0.0000 | 100.0% |

                """)
    }

    @Test("as HTML it has the page's table structure, a caption and highlights")
    func html() {
        let html = Self.table.caption("Values <σ>.").highlighting(rows: 1).highlighting(row: 0, column: 1).html
        #expect(html.hasPrefix("<table>\n<caption>Values &lt;σ&gt;.</caption>\n<thead>\n<tr>\n<th style=\"text-align: left\">x</th>"))
        #expect(html.contains("<td style=\"text-align: right\" class=\"highlight\">0.5000</td>"))
        #expect(html.contains("<tr class=\"highlight\">\n<td style=\"text-align: left\">a|*b*</td>"))
        #expect(html.contains("<td style=\"text-align: center\">100.0%</td>"))
    }

    @Test("a table from records")
    func records() {
        struct Run {
            var name: String
            var loss: Double
        }
        let table = Table(
            [Run(name: "SGD", loss: 0.125), Run(name: "Adam", loss: 0.0312)],
            columns: [
                .text("optimizer") { .text($0.name) },
                .number("loss", format: .significant(2)) { .number($0.loss) },
            ])
        #expect(table.text(row: 1, column: 1) == "0.031")
        #expect(table.markdown.contains("| Adam | 0.031 |"))
    }

    @Test(
        "number formats",
        arguments: [
            (NumberFormat.fixed(2), 0.1 + 0.2, "0.30"),
            (.significant(3), 0.000123456, "0.000123"),
            (.significant(3), 1.23456e9, "1.23×10⁹"),
            (.scientific(2), 0.25, "2.50×10⁻¹"),
            (.scientific(1), -0.25, "−2.5×10⁻¹"),
            (.significant(6), 0.1 + 0.2, "0.3"),
            (.significant(3), -4.248354e-18, "−4.25×10⁻¹⁸"),
            (.scientific(1), 3, "3.0"),
            (.percent(0), 0.256, "26%"),
            (.fixed(3), -0.0004, "0.000"),
            (.fixed(1), -2.25, "−2.2"),
            (.fixed(2), .nan, "NaN"),
            (.fixed(2), -.infinity, "−∞"),
        ])
    func formats(format: NumberFormat, value: Double, expected: String) {
        #expect(format.format(value) == expected)
    }

    @Test("text is escaped for markup in one place")
    func escaping() {
        #expect("a < b & \"c\"".escapedAsMarkupText == "a &lt; b &amp; &quot;c&quot;")
        #expect("a < b & \"c\"".escapedAsMarkupAttribute == "a &lt; b &amp; &quot;c&quot;")
        #expect("plain".escapedAsMarkupText == "plain")
    }
}
