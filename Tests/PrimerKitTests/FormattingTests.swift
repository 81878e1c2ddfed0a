import Foundation
import PrimerFigures
import PrimerKit
import Testing

@Suite("Formatting values for the page")
struct FormattingTests {
    @Test(
        "numbers read the way a reader expects",
        arguments: [
            (0.1 + 0.2, nil, nil, "0.3"),
            (0.25, nil, nil, "0.25"),
            (1.0 / 3.0, nil, nil, "0.333333"),
            (1.0 / 3.0, 3, nil, "0.333"),
            (0.5, nil, 3, "0.500"),
            (-2.0, nil, nil, "−2"),
            (4.539786870243442e-05, 3, nil, "4.54×10⁻⁵"),
            (123_456_789.0, nil, nil, "1.23457×10⁸"),
            (1e6, nil, nil, "1000000"),
            (2.5, nil, 0, "2"),  // C's rounding: half to even
            (-0.0004, nil, 3, "0.000"),
            (1e22, nil, 1, "10000000000000000000000.0"),
        ] as [(Double, Int?, Int?, String)])
    func numbers(value: Double, digits: Int?, decimals: Int?, expected: String) {
        #expect(format(value, digits: digits, decimals: decimals) == expected)
    }

    @Test("a number longer than any buffer is written whole, as C's printf writes it")
    func longNumbers() {
        let expected = String(format: "%.3f", 1e300)
        #expect(NumberFormat.fixed(3).format(1e300) == expected)
        #expect(expected.count == 305)
        #expect(NumberFormat.fixed(60).format(1.0 / 3) == String(format: "%.60f", 1.0 / 3))
        #expect(NumberFormat.scientific(40).format(-1.0 / 7) == "−" + String(format: "%.40e", 1.0 / 7).split(separator: "e")[0] + "×10⁻¹")
    }

    @Test("a duration reads as seconds")
    func durationInSeconds() {
        #expect(Duration.seconds(47).inSeconds == 47)
        #expect(Duration.milliseconds(6362).inSeconds == 6.362)
        #expect(format(Duration.milliseconds(6362).inSeconds, digits: 2) == "6.4")
    }

    @Test("a value shows itself through Displayable, else its description")
    func displayOutputs() {
        #expect(DisplayOutput(0.1 + 0.2) == .text("0.3"))
        #expect(DisplayOutput([0.5, 0.25]) == .text("[0.5, 0.25]"))
        #expect(DisplayOutput(42) == .text("42"))
        #expect(DisplayOutput("plain") == .text("plain"))
    }

    @Test("a table is shown as HTML, never as Markdown to parse again")
    func tableOutput() {
        let table = Table(columns: [.text("x")], rows: [[.text("a *b* | c")]])
        #expect(table.displayOutput == .html(table.html))
        #expect(DisplayOutput(table).mimeType == "text/html")
    }
}
