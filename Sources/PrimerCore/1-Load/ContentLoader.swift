import Foundation

/// The load stage: reads the content folder into pages and static files.
///
/// Every `.md` file becomes a page, except under folders whose names start
/// with `_` (private: frozen results, includes) or `.`; other files are
/// copied to the site as they are.
struct ContentLoader {
    let contentDirectory: URL
    /// The content folder as the user named it, used in diagnostics.
    let displayPath: String

    func load() throws(BuildFailure) -> LoadedContent {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentDirectory.path, isDirectory: &isDirectory) else {
            throw BuildFailure(Diagnostic(at: SourceLocation(file: displayPath), id: "content.missing", "content folder not found"))
        }
        guard isDirectory.boolValue else {
            throw BuildFailure(
                Diagnostic(at: SourceLocation(file: displayPath), id: "content.not-folder", "content path is a file, not a folder"))
        }
        let configuration = try SiteConfiguration.load(contentDirectory: contentDirectory, displayPath: displayPath)
        var log = DiagnosticLog()
        var pages: [SourcePage] = []
        var staticFiles: [StaticFile] = []
        let bibliographyPath = RelativePath.resolve(configuration.bibliography ?? Bibliography.defaultFileName, from: "")
        let paths = try sourcePaths().filter { $0 != SiteConfiguration.fileName && $0 != bibliographyPath }
        let bibliography = log.collect { () throws(BuildFailure) in try loadBibliography(bibliographyPath, configuration) } ?? nil
        for path in paths {
            let url = contentDirectory.appendingPathComponent(path)
            let display = displayPath + "/" + path
            if path.hasSuffix(".md") {
                if let page = log.collect({ () throws(BuildFailure) in
                    try loadPage(path: path, url: url, displayPath: display, configuration: configuration)
                }) {
                    pages.append(page)
                }
            } else {
                if let data = FileManager.default.contents(atPath: url.path) {
                    staticFiles.append(StaticFile(path: path, contents: Array(data)))
                } else {
                    log.append(Diagnostic(at: SourceLocation(file: display), id: "file.unreadable", "cannot read file"))
                }
            }
        }
        log.append(contentsOf: Self.validateOrder(configuration, pagePaths: Set(paths.filter { $0.hasSuffix(".md") })))
        try log.throwIfErrors()
        return LoadedContent(configuration: configuration, pages: pages, staticFiles: staticFiles, bibliography: bibliography)
    }

    /// The BibTeX file `primer.yml` names (which must exist), else
    /// `references.bib` if there is one. It is read, not copied to the site.
    private func loadBibliography(_ path: String?, _ configuration: SiteConfiguration) throws(BuildFailure) -> Bibliography? {
        let written = configuration.bibliography ?? Bibliography.defaultFileName
        var isDirectory: ObjCBool = false
        guard let path, !written.hasPrefix("/"),
            FileManager.default.fileExists(atPath: contentDirectory.appendingPathComponent(path).path, isDirectory: &isDirectory),
            !isDirectory.boolValue
        else {
            guard configuration.bibliography != nil else { return nil }
            throw BuildFailure(
                Diagnostic(
                    at: configuration.bibliographyLocation ?? SourceLocation(file: displayPath + "/" + SiteConfiguration.fileName),
                    id: "config.bibliography", "bibliography '\(written)' is not a file of the content folder"))
        }
        let url = contentDirectory.appendingPathComponent(path)
        return try Bibliography.load(url, displayPath: displayPath + "/" + path)
    }

    private func loadPage(path: String, url: URL, displayPath: String, configuration: SiteConfiguration) throws(BuildFailure) -> SourcePage
    {
        let text = try TextFile.read(url, displayPath: displayPath)
        let (frontMatter, body) = try FrontMatter.split(text, file: displayPath)
        let language = frontMatter.language ?? Self.folderLanguage(of: path, configuration) ?? configuration.defaultLanguage
        if !configuration.languages.contains(language) {
            throw BuildFailure(
                Diagnostic(
                    at: frontMatter.languageLocation ?? SourceLocation(file: displayPath), id: "front-matter.language",
                    "'\(language)' is not one of the site's languages",
                    notes: ["the site's languages (\(SiteConfiguration.fileName)): " + configuration.languages.joined(separator: ", ")]))
        }
        return SourcePage(path: path, displayPath: displayPath, frontMatter: frontMatter, body: body, language: language)
    }

    /// The language of the innermost folder named after one of the site's
    /// languages that holds the page (`en/guide.md`: en), if any.
    static func folderLanguage(of path: String, _ configuration: SiteConfiguration) -> String? {
        path.split(separator: "/").dropLast().reversed().lazy.map(String.init).first { configuration.languages.contains($0) }
    }

    /// The relative paths of all files to build, sorted so output is deterministic.
    private func sourcePaths() throws(BuildFailure) -> [String] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: contentDirectory, includingPropertiesForKeys: [.isDirectoryKey], options: []
            )
        else {
            throw BuildFailure(Diagnostic(at: SourceLocation(file: displayPath), id: "content.unreadable", "cannot read content folder"))
        }
        let base = contentDirectory.standardizedFileURL.path
        var paths: [String] = []
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if name.hasPrefix("_") || name.hasPrefix(".") {
                if isDirectory { enumerator.skipDescendants() }
                continue
            }
            if !isDirectory {
                let full = url.standardizedFileURL.path
                paths.append(String(full.dropFirst(base.count + 1)))
            }
        }
        return paths.sorted()
    }

    private static func validateOrder(_ configuration: SiteConfiguration, pagePaths: Set<String>) -> [Diagnostic] {
        zip(configuration.order, configuration.orderLocations).compactMap { path, location in
            pagePaths.contains(path)
                ? nil
                : Diagnostic(
                    at: location, id: "config.order",
                    "'order' lists '\(path)', which is not a page in the content folder")
        }
    }
}
