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
        ] as [(Double, Int?, Int?, String)])
    func numbers(value: Double, digits: Int?, decimals: Int?, expected: String) {
        #expect(format(value, digits: digits, decimals: decimals) == expected)
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
