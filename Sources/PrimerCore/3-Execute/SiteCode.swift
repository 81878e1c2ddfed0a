import Foundation
import SwiftSyntax

/// The site's shared lesson code: every `.swift` file below `Content/_code/`,
/// compiled once per change into the module `SiteCode` against the lesson
/// kit, and imported (`@testable`, so nothing needs `public`) by the
/// programs of the lessons that use it.
///
/// **Which lessons use it** is read from their code, without compiling: a
/// lesson uses the module when a word of its code (an identifier or an
/// operator, not a comment or the text of a string) is one of the module's
/// `names`. A lesson that uses it imports and links it, and the module's
/// sources are part of its key; any other lesson is compiled without it,
/// so its results cannot depend on the module, and editing a module file
/// re-executes exactly the lessons that use the module.
struct SiteCode: Sendable {
    static let folderName = "_code"
    static let moduleName = "SiteCode"
    /// What the module's folder is called in its debug information, so that
    /// a backtrace names its files the same way wherever they were compiled.
    static let debugPrefix = "/primer-site-code"

    /// The `_code` folder.
    let folder: URL
    /// The folder as the user names it, e.g. `Content/_code`.
    let displayPath: String
    /// The `.swift` files, relative to `folder`, sorted.
    let files: [String]
    /// A hash of every file's path and contents.
    let sourceHash: String
    /// The words by which a lesson uses the module: the module's name, the
    /// names of its top-level declarations (types, functions, variables,
    /// type aliases, operators, precedence groups, macros) other than
    /// private ones, and, for an extension of a type the module does not
    /// declare (`extension Activation`), the members it adds, and the type's
    /// name when it adds what code uses without writing a name (a
    /// conformance, an initializer, a subscript, `callAsFunction`).
    /// Members of the module's own types are not needed: no code reaches
    /// them without naming the type or something that returns it.
    let names: Set<String>

    /// The content folder's shared code; nil when `_code` holds no `.swift` file.
    init?(contentFolder: URL, contentDisplayPath: String) throws(BuildFailure) {
        let folder = contentFolder.appendingPathComponent(Self.folderName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        let base = folder.standardizedFileURL.path
        var files: [String] = []
        if let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in enumerator {
                if url.lastPathComponent.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                if !isDirectory && url.pathExtension == "swift" {
                    files.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
                }
            }
        }
        guard !files.isEmpty else { return nil }
        files.sort()
        let displayPath = contentDisplayPath + "/" + Self.folderName
        self.folder = folder
        self.displayPath = displayPath
        self.files = files

        var hasher = SHA256()
        var trees: [SourceFileSyntax] = []
        var log = DiagnosticLog()
        for file in files {
            let url = folder.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                log.append(Diagnostic(at: SourceLocation(file: "\(displayPath)/\(file)"), id: "file.unreadable", "cannot read file"))
                continue
            }
            hasher.update(file + "\n\(data.count)\n")
            hasher.update(data)
            if let text = log.collect({ () throws(BuildFailure) in try TextFile.decode(Array(data), displayPath: "\(displayPath)/\(file)") }
            ) {
                if let tree = SwiftParsing.parse(text) {
                    trees.append(tree)
                } else {
                    log.append(
                        Diagnostic(
                            at: SourceLocation(file: "\(displayPath)/\(file)"), id: "site-code.nesting",
                            "'[' nests more than \(SwiftParsing.bracketNestingLimit) levels deep, which Swift's parser takes too long over")
                    )
                }
            }
        }
        try log.throwIfErrors()
        sourceHash = hasher.finalize()
        names = Self.names(declaredIn: trees)
    }

    /// What the results of a lesson that uses the module depend on in it:
    /// its sources and the flags it is compiled with.
    var resultHash: String {
        SHA256.hash("primer-site-code-v1\n" + sourceHash + "\n" + Toolchain.siteCodeFlags.joined(separator: " "))
    }

    /// The display path of a file of the module, from its path relative to `_code`.
    func displayPath(of file: String) -> String {
        "\(displayPath)/\(file)"
    }

    // MARK: Which lessons use it

    /// Whether the code of `blocks` mentions any of the module's names.
    func isUsed(by blocks: [CodeBlock]) -> Bool {
        blocks.contains { block in
            // Code too deep to parse in time may use it: it is imported.
            guard let tree = SwiftParsing.parse(block.executableCode) else { return true }
            return tree.tokens(viewMode: .sourceAccurate).contains { token in
                Self.word(token).map(names.contains) ?? false
            }
        }
    }

    /// The name a token spells, without backticks: an identifier, a keyword
    /// (a contextual keyword may name a declaration), or an operator.
    private static func word(_ token: TokenSyntax) -> String? {
        switch token.tokenKind {
        case .identifier, .keyword: token.identifier?.name ?? token.text
        case .binaryOperator(let text), .prefixOperator(let text), .postfixOperator(let text): text
        default: nil
        }
    }

    private static func names(declaredIn trees: [SourceFileSyntax]) -> Set<String> {
        var declarations: [DeclSyntax] = []
        for tree in trees { flatten(tree.statements.compactMap { $0.item.as(DeclSyntax.self) }, into: &declarations) }
        // The module's own types, to tell their extensions from those of
        // other modules' types (a private one does not hide those elsewhere).
        var ownTypes: Set<String> = []
        for declaration in declarations where !isPrivate(declaration) {
            switch declaration.as(DeclSyntaxEnum.self) {
            case .structDecl(let type): ownTypes.insert(type.name.text)
            case .classDecl(let type): ownTypes.insert(type.name.text)
            case .enumDecl(let type): ownTypes.insert(type.name.text)
            case .actorDecl(let type): ownTypes.insert(type.name.text)
            case .protocolDecl(let type): ownTypes.insert(type.name.text)
            default: break
            }
        }
        var names: Set<String> = [moduleName]
        for declaration in declarations where !isPrivate(declaration) {
            if let `extension` = declaration.as(ExtensionDeclSyntax.self) {
                guard let (first, last) = typeName(`extension`.extendedType), !ownTypes.contains(first) else { continue }
                var members: [DeclSyntax] = []
                flatten(`extension`.memberBlock.members.map(\.decl), into: &members)
                var usedUnnamed = `extension`.inheritanceClause != nil
                for member in members where !isPrivate(member) {
                    switch member.as(DeclSyntaxEnum.self) {
                    case .initializerDecl, .subscriptDecl, .macroExpansionDecl: usedUnnamed = true
                    case .functionDecl(let function) where function.name.text == "callAsFunction": usedUnnamed = true
                    default: names.formUnion(declaredNames(member))
                    }
                }
                if usedUnnamed { names.insert(last) }
            } else {
                names.formUnion(declaredNames(declaration))
            }
        }
        return names
    }

    /// Declarations with those inside `#if` blocks taken out (every branch:
    /// which one compiles is not known here).
    private static func flatten(_ items: [DeclSyntax], into declarations: inout [DeclSyntax]) {
        for item in items {
            guard let ifConfig = item.as(IfConfigDeclSyntax.self) else {
                declarations.append(item)
                continue
            }
            for clause in ifConfig.clauses {
                switch clause.elements {
                case .statements(let statements)?: flatten(statements.compactMap { $0.item.as(DeclSyntax.self) }, into: &declarations)
                case .decls(let members)?: flatten(members.map(\.decl), into: &declarations)
                default: break
                }
            }
        }
    }

    /// The names a declaration introduces in the scope it is in.
    private static func declaredNames(_ declaration: DeclSyntax) -> [String] {
        switch declaration.as(DeclSyntaxEnum.self) {
        case .structDecl(let type): [type.name.text]
        case .classDecl(let type): [type.name.text]
        case .enumDecl(let type): [type.name.text]
        case .actorDecl(let type): [type.name.text]
        case .protocolDecl(let type): [type.name.text]
        case .typeAliasDecl(let alias): [alias.name.text]
        case .functionDecl(let function): [function.name.identifier?.name ?? function.name.text]
        case .variableDecl(let variable):
            variable.bindings.flatMap { binding in binding.pattern.tokens(viewMode: .sourceAccurate).compactMap { $0.identifier?.name } }
        case .operatorDecl(let declaration): [declaration.name.text]
        case .precedenceGroupDecl(let group): [group.name.text]
        case .macroDecl(let macro): [macro.name.text]
        default: []
        }
    }

    /// `private` and `fileprivate` declarations are not visible to lessons
    /// (`private(set)` ones are).
    private static func isPrivate(_ declaration: DeclSyntax) -> Bool {
        guard let modifiers = declaration.asProtocol(WithModifiersSyntax.self)?.modifiers else { return false }
        return modifiers.contains { modifier in
            modifier.detail == nil && (modifier.name.tokenKind == .keyword(.private) || modifier.name.tokenKind == .keyword(.fileprivate))
        }
    }

    /// The first and last names of an extended type: `Network.Layer` →
    /// (`Network`, `Layer`); `[Double]` → (`Array`, `Array`).
    private static func typeName(_ type: TypeSyntax) -> (first: String, last: String)? {
        switch type.as(TypeSyntaxEnum.self) {
        case .identifierType(let identifier): return (identifier.name.text, identifier.name.text)
        case .memberType(let member):
            var base = member.baseType
            while let inner = base.as(MemberTypeSyntax.self) { base = inner.baseType }
            return (typeName(base)?.first ?? member.name.text, member.name.text)
        case .arrayType: return ("Array", "Array")
        case .dictionaryType: return ("Dictionary", "Dictionary")
        case .optionalType: return ("Optional", "Optional")
        case .attributedType(let attributed): return typeName(attributed.baseType)
        default: return nil
        }
    }

    // MARK: Compiling

    /// The folder holding the compiled module (`SiteCode.swiftmodule`,
    /// `libSiteCode.a`), compiling it first if needed, against the compiled
    /// kit in `kitFolder`. Compile errors are located in the module's files.
    func compiled(kitFolder: URL, cacheFolder: URL, progress: (String) -> Void = { _ in }) throws(BuildFailure) -> URL {
        // The kit folder's name is a hash of the kit and the compiler.
        let key = SHA256.hash(
            "primer-site-code-v1\n\(sourceHash)\n\(kitFolder.lastPathComponent)\n\(Toolchain.siteCodeFlags.joined(separator: " "))")
        let name = "site-code-\(key.prefix(16))"
        return try CompileCache.folder(named: name, in: cacheFolder, what: "shared code", id: "site-code.cache") {
            temporary throws(BuildFailure) in
            progress("Compiling the shared code in \(displayPath) (\(files.count) file\(files.count == 1 ? "" : "s"))…")
            // Relative paths from the module's folder, mapped to one prefix:
            // the debug information does not depend on where the content is.
            let arguments =
                Toolchain.siteCodeFlags + [
                    "-module-name", Self.moduleName, "-I", kitFolder.path,
                    "-working-directory", folder.path, "-debug-prefix-map", "\(folder.path)=\(Self.debugPrefix)",
                    "-emit-module", "-emit-module-path", temporary.appendingPathComponent("\(Self.moduleName).swiftmodule").path,
                    "-emit-library", "-static", "-o", temporary.appendingPathComponent("lib\(Self.moduleName).a").path,
                ] + files
            let log = temporary.appendingPathComponent("compile.log").path
            let termination: ChildProcess.Termination
            do {
                termination = try ChildProcess.run(Toolchain.swiftc, arguments: arguments, standardOutput: log, standardError: log)
            } catch {
                throw BuildFailure(
                    Diagnostic(
                        at: SourceLocation(file: displayPath), id: "site-code.compile",
                        "cannot run the Swift compiler: \(error.localizedDescription)"))
            }
            guard termination != .exited(0) else { return }
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            var diagnostics = CompilerMessage.parse(output).filter { $0.severity == .error }.map { message in
                var message = message
                message.file = displayPath(ofCompiled: message.file)
                return message.diagnostic
            }
            if diagnostics.isEmpty {
                diagnostics = [
                    Diagnostic(
                        at: SourceLocation(file: displayPath), id: "site-code.compile", "the shared code does not compile",
                        notes: output.split(separator: "\n").prefix(20).map(String.init))
                ]
            }
            throw BuildFailure(diagnostics)
        }
    }

    /// A path as the compiler names it (absolute, or relative to the module's
    /// folder), as diagnostics name it.
    private func displayPath(ofCompiled path: String) -> String {
        let base = folder.path + "/"
        if path.hasPrefix(base) { return displayPath(of: String(path.dropFirst(base.count))) }
        return path.hasPrefix("/") ? path : displayPath(of: path)
    }
}
