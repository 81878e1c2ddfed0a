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
    /// What the last build knew of the page at a path, if it can be used as
    /// it is (see `BuildMemory`), given the file's stamp and a way to hash
    /// it (called only when the stamp is not the remembered one); such a
    /// page is not decoded, and its front matter is not read again.
    var remembered: (_ path: String, _ stamp: BuildMemory.FileStamp?, _ hash: () -> String?) -> BuildMemory.Page? = { _, _, _ in nil }

    init(contentDirectory: URL, displayPath: String) {
        self.contentDirectory = contentDirectory
        self.displayPath = displayPath
    }

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
        let paths = try sourcePaths(log: &log).filter { $0 != SiteConfiguration.fileName && $0 != bibliographyPath }
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
                do {
                    staticFiles.append(StaticFile(path: path, displayPath: display, contents: Array(try Data(contentsOf: url))))
                } catch {
                    log.append(
                        Diagnostic(at: SourceLocation(file: display), id: "file.unreadable", "cannot read file: \(Self.reason(error))"))
                }
            }
        }
        log.append(contentsOf: Self.validateOrder(configuration, pagePaths: Set(paths.filter { $0.hasSuffix(".md") })))
        try log.throwIfErrors()
        var settings = SHA256()
        for path in [SiteConfiguration.fileName, bibliographyPath].compactMap({ $0 }) {
            settings.update("\(path)\n" + FrozenStore.hashFile(atPath: contentDirectory.appendingPathComponent(path).path) + "\n")
        }
        return LoadedContent(
            configuration: configuration, pages: pages, staticFiles: staticFiles, bibliography: bibliography,
            settingsHash: settings.finalize())
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
        // The stamp before the bytes: a file changed while it is read gets
        // another stamp, so the next build reads it again.
        let stamp = BuildMemory.FileStamp(path: url.path)
        if let page = remembered(path, stamp, { FileManager.default.contents(atPath: url.path).map { SHA256.hash(Array($0)) } }) {
            var remembered = page
            remembered.source = stamp ?? page.source
            return SourcePage(
                path: path, displayPath: displayPath, frontMatter: page.frontMatter, body: "", language: page.language,
                sourceHash: page.sourceHash, sourceStamp: stamp, remembered: remembered)
        }
        let bytes = try TextFile.readBytes(url, displayPath: displayPath)
        let sourceHash = SHA256.hash(bytes)
        let text = try TextFile.decode(bytes, displayPath: displayPath)
        let (frontMatter, body) = try FrontMatter.split(text, file: displayPath)
        let language = frontMatter.language ?? Self.folderLanguage(of: path, configuration) ?? configuration.defaultLanguage
        if !configuration.languages.contains(language) {
            throw BuildFailure(
                Diagnostic(
                    at: frontMatter.languageLocation ?? SourceLocation(file: displayPath), id: "front-matter.language",
                    "'\(language)' is not one of the site's languages",
                    notes: ["the site's languages (\(SiteConfiguration.fileName)): " + configuration.languages.joined(separator: ", ")]))
        }
        return SourcePage(
            path: path, displayPath: displayPath, frontMatter: frontMatter, body: body, language: language, sourceHash: sourceHash,
            sourceStamp: stamp)
    }

    /// The language of the innermost folder named after one of the site's
    /// languages that holds the page (`en/guide.md`: en), if any.
    static func folderLanguage(of path: String, _ configuration: SiteConfiguration) -> String? {
        path.split(separator: "/").dropLast().reversed().lazy.map(String.init).first { configuration.languages.contains($0) }
    }

    /// The relative paths of all files to build, sorted so output is
    /// deterministic.
    ///
    /// Symbolic links are followed only within the content folder: the site
    /// publishes what is in it, and a link out of it (to `/etc/hostname`)
    /// would publish a file of the machine that builds it. A link back to a
    /// folder that holds it would walk forever. Both are errors at the link.
    private func sourcePaths(log: inout DiagnosticLog) throws(BuildFailure) -> [String] {
        let root = contentDirectory.standardizedFileURL.path
        guard let realRoot = Self.realPath(root) else {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: displayPath), id: "content.unreadable",
                    "cannot read content folder: \(String(cString: strerror(errno)))"))
        }
        var paths: [String] = []
        // `folders`: the real paths of the folders being walked, outermost first.
        func walk(_ relative: String, folders: [String]) {
            let folder = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                log.append(
                    Diagnostic(
                        at: SourceLocation(file: display(relative)), id: "content.unreadable",
                        "cannot read folder: \(Self.reason(error))"))
                return
            }
            for name in names where !name.hasPrefix("_") && !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                let location = SourceLocation(file: display(path))
                var real = folder + "/" + name
                var info = stat()
                guard lstat(real, &info) == 0 else { continue }  // removed while walking
                if info.st_mode & S_IFMT == S_IFLNK {
                    guard let target = Self.realPath(real) else {
                        log.append(
                            Diagnostic(
                                at: location, id: "content.symlink",
                                "symbolic link cannot be followed: \(String(cString: strerror(errno)))"))
                        continue
                    }
                    guard target == realRoot || target.hasPrefix(realRoot + "/") else {
                        log.append(
                            Diagnostic(
                                at: location, id: "content.symlink", "symbolic link leads out of the content folder, to \(target)",
                                notes: ["the site is made of what the content folder holds: copy the file in instead"]))
                        continue
                    }
                    real = target
                    guard stat(real, &info) == 0 else { continue }
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if folders.contains(real) {
                        log.append(
                            Diagnostic(
                                at: location, id: "content.symlink",
                                "symbolic link makes a loop: it leads back to a folder that holds it"))
                        continue
                    }
                    walk(path, folders: folders + [real])
                case S_IFREG:
                    paths.append(path)
                default:
                    log.append(Diagnostic(at: location, id: "file.unreadable", "not a regular file (a pipe, socket or device)"))
                }
            }
        }
        walk("", folders: [realRoot])
        return paths.sorted()
    }

    private func display(_ relative: String) -> String {
        relative.isEmpty ? displayPath : displayPath + "/" + relative
    }

    /// The path with every symbolic link resolved; nil (with `errno` set)
    /// when one is broken or loops.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func reason(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = Int32(exactly: underlying.code)
        {
            return String(cString: strerror(code))
        }
        return error.localizedDescription
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
