import Foundation
import PackagePlugin

/// Embeds in PrimerCore what an installed `primer` needs besides its own
/// code: the lesson kit's sources, which it compiles for lesson programs,
/// and the math font every site ships. A `primer` copied anywhere then
/// builds sites; nothing is looked up where it was built.
///
/// The files become Swift literals by `embed-files.py` (Python 3, which
/// Debian's Swift machines have): a tool target of this package would be
/// compiled with the build's flags, and the fuzzers' build
/// (`-sanitize=fuzzer`) gives every executable libFuzzer's `main`.
@main
struct EmbedFiles: BuildToolPlugin {
    /// The kit's modules, as `LessonKit.modules` names them.
    static let kitModules = ["PrimerNotebookFormat", "PrimerFigures", "PrimerKit"]
    static let resources = ["latinmodern-math.woff2", "LICENSE-latinmodern-math.txt", "search.js"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        var files: [(name: String, url: URL)] = []
        for module in try context.package.targets(named: Self.kitModules) {
            guard let module = module as? SourceModuleTarget else { continue }
            let base = module.directoryURL.standardizedFileURL.path + "/"
            for file in module.sourceFiles(withSuffix: "swift") {
                files.append(("kit/\(module.name)/" + file.url.standardizedFileURL.path.dropFirst(base.count), file.url))
            }
        }
        for name in Self.resources {
            files.append(("resources/\(name)", target.directoryURL.appending(path: "Resources/\(name)")))
        }
        files.sort { $0.name < $1.name }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        let script = context.package.directoryURL.appending(path: "Plugins/EmbedFiles/embed-files.py")
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
        else {
            throw EmbedFilesError.noPython
        }
        return [
            .buildCommand(
                displayName: "Embedding the lesson kit, the math font and the search script in PrimerCore",
                executable: URL(fileURLWithPath: python),
                arguments: [script.path, output.path] + files.flatMap { [$0.name, $0.url.path] },
                inputFiles: [script] + files.map(\.url),
                outputFiles: [output])
        ]
    }
}

enum EmbedFilesError: Error, CustomStringConvertible {
    case noPython

    var description: String { "building Primer needs python3 (apt-get install python3)" }
}
