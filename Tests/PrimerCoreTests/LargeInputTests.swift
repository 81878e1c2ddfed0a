import Foundation
import Testing

@testable import PrimerCore

/// Inputs far larger than lessons are: every stage is linear in them, so
/// each builds in seconds (the time is printed by the benchmark scripts,
/// not asserted here: this machine is noisy).
@Suite("Large inputs build")
struct LargeInputTests {
    @Test("a 5 MB page with 50,000 formulas")
    func fiftyThousandFormulas() throws {
        var parts = ["# Formulas", ""]
        for index in 0..<50_000 {
            if index % 10 == 0 {
                parts.append("$$\n\\frac{a_{\(index)}}{b} + \\sum_{k=1}^n k^2\n$$\n")
            } else {
                parts.append(
                    "Prose with $\\alpha_{\(index)} + \\beta^2$ inline, and more words to fill the line up to about a hundred bytes.\n")
            }
        }
        let page = parts.joined(separator: "\n")
        #expect(page.utf8.count > 5_000_000)
        let folder = try TemporaryFolder()
        try folder.write(["Content/t.md": page])
        _ = try folder.generator().build()
        let html = try folder.read("docs/t.html")
        #expect(html.components(separatedBy: "<math").count - 1 == 50_000)
    }

    @Test("10,000 headings, each with links to another heading and to a page")
    func tenThousandHeadingsAndLinks() throws {
        var parts = ["# Headings", ""]
        for index in 0..<10_000 {
            parts.append(
                "## Part \(index)\n\nSee [part \((index * 7) % 10_000)](#part-\((index * 7) % 10_000)) and [the other page](other.md).\n")
        }
        let folder = try TemporaryFolder()
        try folder.write(["Content/t.md": parts.joined(separator: "\n"), "Content/other.md": "# Other\n"])
        _ = try folder.generator().build()
        let html = try folder.read("docs/t.html")
        #expect(html.components(separatedBy: "<h2 id=\"part-").count - 1 == 10_000)
        #expect(html.components(separatedBy: "<a href=\"other.html\">the other page</a>").count - 1 == 10_000)
    }

    /// Compiling 10,000 cells is the Swift compiler's work (minutes at
    /// `-O`); Primer's part — finding the cells, their options, the
    /// program — is what must stay linear.
    @Test("10,000 cells are found, and their program written")
    func tenThousandCells() throws {
        var parts = ["# Cells", ""]
        for index in 0..<10_000 {
            parts.append(
                "Cell \(index):\n\n```{swift}\n//| label: fig-\(index)\nlet value\(index) = try? Int(\"\(index)\")\nprint(value\(index) ?? 0)\n```\n"
            )
        }
        var log = DiagnosticLog()
        let code = try #require(PageParser.parse(parts.joined(separator: "\n"), file: "t.md", log: &log))
        #expect(log.diagnostics.isEmpty)
        #expect(code.blocks.count == 10_000)
        let program = LessonProgram(file: "t.md", blocks: code.blocks).source()
        #expect(program.components(separatedBy: "PrimerKit.Notebook.begin(").count - 1 == 10_000)
        let resolver = DocumentResolver(file: "t.md", language: "en", code: code, outputs: [])
        #expect(resolver.diagnostics.isEmpty)
    }
}
