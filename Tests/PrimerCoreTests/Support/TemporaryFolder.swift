import Foundation

@testable import PrimerCore

/// A folder under the system's temporary folder, deleted when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("primer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `files` (path → text) below the folder.
    func write(_ files: [String: String]) throws {
        for (path, text) in files {
            try write(path, bytes: Array(text.utf8))
        }
    }

    func write(_ path: String, bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    /// A page as a reader reads it: computed values without the wrapper
    /// that carries their source expression.
    func readValues(_ path: String) throws -> String {
        try read(path).replacing(/<span class="computed" tabindex="0" title="[^"]*">([^<]*)<\/span>/) { String($0.output.1) }
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(path).path)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(path))
    }

    /// Every file below `path` with its bytes, to compare a folder before and after.
    func snapshot(_ path: String) -> [String: Data] {
        let root = url.appendingPathComponent(path)
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return files }
        for case let file as URL in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try? Data(
                    contentsOf: file)
            }
        }
        return files
    }

    /// Names directly inside the folder (to spot leftover temporary folders).
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// A generator for `Content/` → `docs/` inside this folder, with
    /// diagnostics naming the paths as `Content/…` and `docs/…`.
    func generator(content: String = "Content", output: String = "docs") -> SiteGenerator {
        SiteGenerator(locations: SiteLocations(content: content, output: output, workingDirectory: url))
    }
}

/// A small two-language site used by many tests.
enum SampleSite {
    static let files: [String: String] = [
        "Content/primer.yml": """
        title:
          en: Sample
          zh: 样例
        languages: [en, zh]
        order: [en/intro.md]
        """,
        "Content/en/intro.md": """
        ---
        title: Introduction
        description: The first page.
        ---

        Hello, *world*. See [the second page](second.md#details).

        ## Overview

        Text.

        ## Details

        More text.
        """,
        "Content/en/second.md": """
        # Second page

        ## Details

        Back to [the introduction](intro.md).
        """,
        "Content/zh/intro.md": """
        ---
        title: 简介
        lang: zh
        ---

        ## 激活函数 (Sigmoid)

        你好。
        """,
        "Content/_private/notes.md": "# Not a page",
        "Content/images/logo.txt": "a static file",
    ]
}

/// Thrown from a test hook to simulate a failure in the middle of a build.
struct InjectedFailure: Error {}
