import Foundation
import Testing

@testable import PrimerCore

/// Taking the kit's modules from the `swift build -c release` that built
/// `primer`, only when they are the same code.
@Suite("The kit from swift build", .serialized)
struct PackageBuildTests {
    static let triple = "x86_64-unknown-linux-gnu"

    /// SwiftPM's release compile command for a kit module, as its manifest
    /// writes it (Swift 6.3), with the products in `products`.
    static func swiftPMArguments(_ module: String, products: URL) -> [String] {
        let build = products.appendingPathComponent("\(module).build").path
        return [
            Toolchain.swiftc, "-module-name", module, "-emit-dependencies", "-emit-module", "-emit-module-path",
            products.appendingPathComponent("Modules/\(module).swiftmodule").path, "-output-file-map", "\(build)/output-file-map.json",
            "-parse-as-library", "-whole-module-optimization", "-num-threads", "2", "-c", "@\(build)/sources", "-I",
            products.appendingPathComponent("Modules").path, "-target", triple, "-whole-module-optimization", "-num-threads", "2",
            "-serialize-diagnostics", "-O", "-j2", "-DSWIFT_PACKAGE", "-DSWIFT_MODULE_RESOURCE_BUNDLE_UNAVAILABLE",
            "-module-cache-path", products.appendingPathComponent("ModuleCache").path, "-parseable-output", "-parse-as-library",
            "-emit-objc-header", "-emit-objc-header-path", "\(build)/include/\(module)-Swift.h", "-swift-version", "6",
            "-target-cpu", "native", "-Xcc", "-Xclang", "-Xcc", "-target-feature", "-Xcc", "-Xclang", "-Xcc", "-prefer-256-bit",
            "-g", "-Xcc", "-fPIC", "-Xcc", "-g", "-package-name", "main", "-Xcc", "-fno-omit-frame-pointer",
        ]
    }

    /// A package folder as `swift build -c release` leaves it: the kit's
    /// sources, a manifest with `arguments` for `module`, its sources'
    /// list, and (written after the sources) its interface and objects,
    /// empty unless `compile` is set, when the compiler writes them.
    static func packageBuild(
        in folder: TemporaryFolder, module: String, arguments: (([String]) -> [String])? = nil, compile: Bool = false
    ) throws -> PackageBuild {
        let sources = folder.url.appendingPathComponent("Sources")
        try LessonKit.writeEmbeddedSources(to: sources)
        let products = folder.url.appendingPathComponent(".build/\(triple)/release")
        let build = products.appendingPathComponent("\(module).build")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: products.appendingPathComponent("Modules"), withIntermediateDirectories: true)
        let paths = LessonKit().sourceFiles[module, default: []].map { sources.appendingPathComponent($0).path }
        try paths.joined(separator: "\n").write(to: build.appendingPathComponent("sources"), atomically: true, encoding: .utf8)
        let objects = paths.map { build.appendingPathComponent(URL(fileURLWithPath: $0).lastPathComponent + ".o").path }
        // SwiftPM's map: an object per file, and the module's, for a single-threaded compile.
        // Its module-wide outputs go in the build folder, not the working directory.
        var map = [
            "": [
                "object": build.appendingPathComponent("\(module).o").path,
                "dependencies": build.appendingPathComponent("\(module).d").path,
                "diagnostics": build.appendingPathComponent("\(module).dia").path,
            ]
        ]
        for (path, object) in zip(paths, objects) { map[path] = ["object": object] }
        try JSONEncoder().encode(map).write(to: build.appendingPathComponent("output-file-map.json"))
        let command = (arguments ?? { $0 })(swiftPMArguments(module, products: products))
        let other = "PrimerFiguresTests"
        let manifest = """
            client:
              name: basic
            commands:
              "C.\(other)-\(triple)-release.module":
                tool: shell
                args: \(String(decoding: try JSONEncoder().encode(["/nowhere/swiftc", "-Onone"]), as: UTF8.self))

              "C.\(module)-\(triple)-release.module":
                tool: shell
                description: "Compiling Swift Module '\(module)'"
                args: \(String(decoding: try JSONEncoder().encode(command), as: UTF8.self))

            """
        try manifest.write(to: folder.url.appendingPathComponent(".build/release.yaml"), atomically: true, encoding: .utf8)
        // The outputs, a moment after the sources.
        let later = Date().addingTimeInterval(2)
        if compile {
            let log = folder.url.appendingPathComponent("compile.log").path
            let status = try ChildProcess.run(
                Toolchain.swiftc, arguments: Array(command.dropFirst()), standardOutput: log, standardError: log)
            #expect(status == .exited(0), "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        } else {
            try Data().write(to: products.appendingPathComponent("Modules/\(module).swiftmodule"))
            for object in objects { try Data().write(to: URL(fileURLWithPath: object)) }
            try Data().write(to: build.appendingPathComponent("\(module).d"))
        }
        for file in [
            products.appendingPathComponent("Modules/\(module).swiftmodule").path, build.appendingPathComponent("\(module).d").path,
        ]
            + objects
        {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: file)
        }
        return try #require(PackageBuild(productsFolder: products))
    }

    @Test("SwiftPM's release compile of the kit's sources is the kit Primer would compile")
    func sameCode() throws {
        let folder = try TemporaryFolder()
        let build = try Self.packageBuild(in: folder, module: "PrimerFigures")
        #expect(Set(build.commands.keys) == ["PrimerFigures"])  // not PrimerFiguresTests
        #expect(build.mismatch(of: "PrimerFigures", kit: LessonKit(), swiftc: Toolchain.swiftc) == nil)
        // An object left from a source file since deleted is not one of them.
        try Data().write(to: build.productsFolder.appendingPathComponent("PrimerFigures.build/Deleted.swift.o"))
        #expect(build.objects(of: "PrimerFigures").count == LessonKit().sourceFiles["PrimerFigures"]?.count)
        #expect(build.mismatch(of: "PrimerKit", kit: LessonKit(), swiftc: Toolchain.swiftc) == "not built")
    }

    @Test(
        "a module compiled with other flags is compiled again",
        arguments: [
            (["-Onone"], "-Onone"), (["-Ounchecked"], "-Ounchecked"), (["-enforce-exclusivity=unchecked"], "-enforce-exclusivity"),
            (["-Xllvm", "-enable-loop-distribute"], "-Xllvm"), (["-Xcc", "-ffast-math"], "-Xcc"), (["-DDEBUG"], "-DDEBUG"),
            (["-swift-version", "5"], "-swift-version 5"),
        ])
    func otherFlags(extra: [String], named: String) throws {
        let folder = try TemporaryFolder()
        let build = try Self.packageBuild(in: folder, module: "PrimerNotebookFormat") { $0 + extra }
        let mismatch = build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc)
        #expect(mismatch?.hasPrefix("compiled with") == true)
        #expect(mismatch?.contains(named) == true)
    }

    @Test("a module compiled for other vector widths is compiled again")
    func otherVectorWidth() throws {
        let folder = try TemporaryFolder()
        let widths: [(change: ([String]) -> [String], mismatch: String)] = [
            (
                { $0.map { $0 == "-prefer-256-bit" ? "+prefer-256-bit" : $0 } },
                "compiled with -Xclang -target-feature +prefer-256-bit, without -Xclang -target-feature -prefer-256-bit"
            ),
            (
                { Array($0.prefix { $0 != "-Xcc" }) + ["-Xcc", "-prefer-256-bit"] + $0.drop { $0 != "-Xcc" }.dropFirst(8) },
                "compiled with -Xcc -prefer-256-bit, without -Xclang -target-feature -prefer-256-bit"
            ),
        ]
        for (change, expected) in widths {
            let build = try Self.packageBuild(in: folder, module: "PrimerNotebookFormat", arguments: change)
            #expect(build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc) == expected)
        }
    }

    @Test("a debug build's module is compiled again, and the build says which flags differ")
    func debugBuild() throws {
        let folder = try TemporaryFolder()
        let build = try Self.packageBuild(in: folder, module: "PrimerFigures") { release in
            var arguments = release.filter { $0 != "-O" && $0 != "-whole-module-optimization" }
            arguments += ["-incremental", "-enable-batch-mode", "-index-store-path", "/x/.build/debug/index/store", "-Onone"]
            return arguments + ["-enable-testing", "-DDEBUG"]
        }
        #expect(
            build.mismatch(of: "PrimerFigures", kit: LessonKit(), swiftc: Toolchain.swiftc)
                == "compiled with -incremental -enable-batch-mode -index-store-path -Onone -enable-testing -DDEBUG, without -O -wmo")
    }

    @Test("a module compiled by another compiler is compiled again")
    func otherCompiler() throws {
        let folder = try TemporaryFolder()
        let build = try Self.packageBuild(in: folder, module: "PrimerNotebookFormat") { ["/opt/other/bin/swiftc"] + $0.dropFirst() }
        #expect(
            build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc) == "compiled by /opt/other/bin/swiftc")
    }

    @Test("a module whose sources are not the kit's, or changed after it was compiled, is compiled again")
    func otherSources() throws {
        let folder = try TemporaryFolder()
        let build = try Self.packageBuild(in: folder, module: "PrimerNotebookFormat")
        let source = folder.url.appendingPathComponent("Sources/PrimerNotebookFormat/ClaimRecord.swift")
        let original = try Data(contentsOf: source)
        // Edited since: the kit Primer carries is not what was compiled.
        try (original + Data("\n// An edit.\n".utf8)).write(to: source)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: source.path)
        #expect(build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc) == "other sources")
        // The same kit edited the same way (`--kit`): compiled before the edit.
        let edited = try LessonKit(sourcesFolder: folder.url.appendingPathComponent("Sources"))
        #expect(build.mismatch(of: "PrimerNotebookFormat", kit: edited, swiftc: Toolchain.swiftc) == "out of date")
        // Edited back: the same text, but saved after the objects were written.
        try original.write(to: source)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: source.path)
        #expect(build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc) == "out of date")
    }

    @Test("outputs the compiler left as they were are taken; one written after the last compile finished is not")
    func untouchedOutputs() throws {
        let folder = try TemporaryFolder()
        let build = try Self.packageBuild(in: folder, module: "PrimerNotebookFormat")
        let products = build.productsFolder
        let dependencies = products.appendingPathComponent("PrimerNotebookFormat.build/PrimerNotebookFormat.d").path
        let source = folder.url.appendingPathComponent("Sources/PrimerNotebookFormat/ClaimRecord.swift").path
        // Saved after the objects, then compiled: the compiler rewrote the dependency file only.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: source)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(20)], ofItemAtPath: dependencies)
        #expect(build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc) == nil)
        // Saved again, not compiled since.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(30)], ofItemAtPath: source)
        #expect(build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc) == "out of date")
        // Being compiled: an object rewritten, the dependency file not yet.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(40)], ofItemAtPath: dependencies)
        let object = try #require(build.objects(of: "PrimerNotebookFormat").first).path
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(50)], ofItemAtPath: object)
        #expect(build.mismatch(of: "PrimerNotebookFormat", kit: LessonKit(), swiftc: Toolchain.swiftc) == "being compiled")
    }

    @Test("a kit already compiled does not read SwiftPM's manifest")
    func cachedKitReadsNoManifest() throws {
        let cache = LessonKit.defaultCacheFolder
        _ = try LessonKit().compiled(cacheFolder: cache, packageBuild: nil)
        var asked = false
        _ = try LessonKit().compiled(
            cacheFolder: cache,
            packageBuild: {
                asked = true
                return nil
            }())
        #expect(!asked)
    }

    @Test("the flags SwiftPM adds change nothing the kit's sources can test")
    func definesUnused() {
        for (path, bytes) in LessonKit().sources {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("SWIFT_PACKAGE"), "\(path)")
            #expect(!text.contains("SWIFT_MODULE_RESOURCE_BUNDLE_UNAVAILABLE"), "\(path)")
            // `-package-name` names the package of `package` declarations.
            #expect(!text.contains("package "), "\(path)")
        }
    }

    @Test("a module swift build compiled is taken, not compiled again, and lessons link against it")
    func reused() throws {
        // PrimerFigures and PrimerKit from the kit cache, PrimerNotebookFormat from a package build.
        let defaultCache = LessonKit.defaultCacheFolder
        _ = try LessonKit().compiled(cacheFolder: defaultCache, packageBuild: nil)
        let site = try TemporaryFolder()
        let cache = site.url.appendingPathComponent("cache")
        let modules = cache.appendingPathComponent("kit-modules")
        try FileManager.default.createDirectory(at: modules, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: defaultCache.appendingPathComponent("kit-modules").path)
        where !name.hasPrefix("PrimerNotebookFormat-") {
            try FileManager.default.copyItem(
                at: defaultCache.appendingPathComponent("kit-modules/\(name)"), to: modules.appendingPathComponent(name))
        }
        let package = try TemporaryFolder()
        let build = try Self.packageBuild(in: package, module: "PrimerNotebookFormat", compile: true)
        var lines: [String] = []
        _ = try LessonKit().compiled(cacheFolder: cache, packageBuild: build) { lines.append($0) }
        #expect(lines.contains { $0.hasPrefix("Taking the lesson kit's PrimerNotebookFormat from \(build.productsFolder.path)") })
        #expect(!lines.contains { $0.hasPrefix("Compiling the lesson kit") })
        try site.write(["Content/a.md": "`{swift} Activation.sigmoid(0)`\n"])
        var generator = site.generator()
        generator.kitCache = cache
        #expect(try generator.build().executedCount == 1)
        #expect(try site.readValues("docs/a.html").contains("<p>0.5</p>"))
    }
}
