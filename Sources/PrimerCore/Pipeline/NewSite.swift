import Foundation

/// `primer init`: a new site that builds at once, with one lesson that
/// shows each of Primer's forms (a cell, an inline value, a directive, a
/// formula) so an author starts from working examples.
public enum NewSite {
    /// The files of a new site, relative to its folder.
    static func files(title: String) -> [String: String] {
        [
            "Content/\(SiteConfiguration.fileName)": """
            title: \(title)
            languages: [en]

            """,
            "Content/index.md": #"""
            ---
            title: \#(title)
            description: A site of computed lessons, built with Primer.
            ---

            Every number on this page is computed when the site is built.

            ## A cell

            ```{swift}
            //| label: fig-sigmoid
            //| caption: The sigmoid and its derivative.
            show(Plot {
                Line({ Activation.sigmoid($0) }, x: -6...6, label: "σ(x)")
                Line({ Activation.sigmoid.derivative($0) }, x: -6...6, label: "σ′(x)")
            })
            ```

            ## An inline value

            The derivative is largest at 0, where it is `{swift} Activation.sigmoid.derivative(0)`
            (see @fig-sigmoid).

            ## A formula

            $$
            \sigma(x) = \frac{1}{1 + e^{-x}}
            $$ {#eq-sigmoid}

            ## A directive

            @Table(columns: [.number("x", format: .fixed(1)), .number("σ(x)", format: .fixed(4))],
                   rows: [-2.0, 0, 2].map { [.number($0), .number(Activation.sigmoid($0))] })

            """#,
            ".gitignore": """
            .build/

            """,
        ]
    }

    /// Writes a new site into `folder` (created if needed). A folder that
    /// already holds a content folder is left alone.
    public static func create(in folder: URL, displayPath: String) throws(BuildFailure) -> [String] {
        let content = folder.appendingPathComponent("Content")
        if FileManager.default.fileExists(atPath: content.path) {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: displayPath == "." ? "Content" : "\(displayPath)/Content"), id: "init.exists",
                    "a content folder is already there; Primer starts new sites only in folders without one"))
        }
        let name = folder.standardizedFileURL.lastPathComponent
        let title = name.isEmpty || name == "/" ? "Lessons" : name
        let files = files(title: title)
        do {
            for (path, text) in files.sorted(by: { $0.key < $1.key }) {
                let url = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            }
        } catch {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: displayPath), id: "init.write",
                    "cannot write the new site: \(ContentLoader.reason(error))"))
        }
        return files.keys.sorted()
    }
}
