import Foundation
import Testing

@testable import PrimerCore

/// What an author sees for each kind of bad input: a located message, a
/// failed build, and the previous site untouched.
@Suite("Bad input")
struct BadInputTests {
    /// Builds the sample, applies `change`, builds again and returns the
    /// failure, after checking that the first site is still there.
    private func failure(
        after change: (TemporaryFolder) throws -> Void,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> String {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        _ = try folder.generator().build()
        let before = folder.snapshot("docs")
        try change(folder)
        var message = ""
        do {
            _ = try folder.generator().build()
            Issue.record("the build succeeded", sourceLocation: sourceLocation)
        } catch {
            message = error.description
        }
        #expect(folder.snapshot("docs") == before, "the previous site changed", sourceLocation: sourceLocation)
        return message
    }

    @Test("no content folder")
    func noContentFolder() throws {
        let message = try failure { try $0.remove("Content") }
        #expect(message == "Content: error: content folder not found")
    }

    @Test("a file that is not UTF-8 is named with the line and column of the bad byte")
    func notUTF8() throws {
        let message = try failure { folder in
            try folder.write("Content/en/intro.md", bytes: Array("# Title\n\nCaf".utf8) + [0xE9] + Array(" au lait\n".utf8))
        }
        #expect(message.hasPrefix("Content/en/intro.md:3:4: error: file is not valid UTF-8 (byte 0xE9)"))
    }

    @Test("malformed front matter")
    func malformedFrontMatter() throws {
        let message = try failure { try $0.write(["Content/en/intro.md": "---\ntitle: \"unterminated\n---\nBody\n"]) }
        #expect(
            message.hasPrefix(
                "Content/en/intro.md:2:21: error: malformed front matter: while scanning a quoted scalar: found unexpected end of stream"))
    }

    @Test("an unknown front-matter key, with the known ones listed")
    func unknownKey() throws {
        let message = try failure { try $0.write(["Content/en/intro.md": "---\ntitle: A\ntags: [x]\n---\nBody\n"]) }
        #expect(
            message == """
                Content/en/intro.md:3:1: error: unknown key 'tags' in front matter
                  known keys: title, order, description, lang, optimize, search
                """)
    }

    @Test("a title in front matter and a leading # heading: two titles")
    func titleTwice() throws {
        let message = try failure { try $0.write(["Content/en/intro.md": "---\ntitle: ReLU\n---\n\n# ReLU\n\nBody.\n"]) }
        #expect(
            message == """
                Content/en/intro.md:5:1: error: the page has two titles: front matter's 'title: ReLU' and this heading
                  remove one: without a front-matter title, a leading '# heading' is the title
                """)
    }

    @Test("a language the site does not have")
    func unknownLanguage() throws {
        let message = try failure { try $0.write(["Content/en/intro.md": "---\nlang: fr\n---\n"]) }
        #expect(message.hasPrefix("Content/en/intro.md:2:7: error: 'fr' is not one of the site's languages"))
    }

    @Test("a link to a lesson that does not exist")
    func brokenLessonLink() throws {
        let message = try failure { try $0.write(["Content/en/intro.md": "# A\n\nSee [this](missing.md) and ![x](img.png).\n"]) }
        #expect(
            message == """
                Content/en/intro.md:3:5: error: link to 'missing.md', which is not a page of the site
                Content/en/intro.md:3:28: error: link to 'img.png', which is not a file of the site
                """)
    }

    @Test("a link to a heading that does not exist")
    func brokenAnchor() throws {
        let message = try failure { try $0.write(["Content/en/intro.md": "# A\n\n[x](second.md#nope)\n"]) }
        #expect(message == "Content/en/intro.md:3:1: error: link to '#nope', which is not a heading or anchor of en/second.html")
    }

    @Test("all errors of a build are reported together, sorted by place")
    func severalErrors() throws {
        let message = try failure { folder in
            try folder.write(["Content/en/intro.md": "---\nfoo: 1\n---\n", "Content/en/second.md": "---\nbar: 1\n---\n"])
        }
        #expect(message.components(separatedBy: "error:").count == 3)
        #expect(message.hasPrefix("Content/en/intro.md:2:1"))
    }

    @Test("an output path that is a file")
    func outputIsFile() throws {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        try folder.write(["site.txt": "not a folder"])
        let failure = #expect(throws: BuildFailure.self) { _ = try folder.generator(output: "site.txt").build() }
        #expect(failure?.description == "site.txt: error: output path is a file, not a folder")
        #expect(try folder.read("site.txt") == "not a folder")
    }

    @Test("an output folder that Primer did not write is never replaced")
    func foreignOutputFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        try folder.write(["docs/thesis.tex": "precious"])
        let failure = #expect(throws: BuildFailure.self) { _ = try folder.generator().build() }
        #expect(failure?.description.hasPrefix("docs: error: output folder was not written by Primer; refusing to replace it") == true)
        #expect(try folder.read("docs/thesis.tex") == "precious")
        #expect(throws: BuildFailure.self) { try folder.generator().clean() }
        #expect(folder.exists("docs/thesis.tex"))
    }

    @Test("an output folder that holds the content")
    func outputHoldsContent() throws {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        let failure = #expect(throws: BuildFailure.self) { _ = try folder.generator(output: ".").build() }
        #expect(failure?.description == ".: error: output folder contains the content folder; choose another --output")
        #expect(folder.exists("Content/en/intro.md"))
    }

    /// Root ignores permission bits, so the folder is made immutable
    /// (`chattr +i`), which binds root too; as another user, `chmod` does.
    @Test("an unwritable output folder")
    func unwritableOutput() throws {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        _ = try folder.generator().build()
        let before = folder.snapshot("docs")
        let docs = folder.url.appendingPathComponent("docs").path
        try Unwritable.make(docs)
        defer { Unwritable.undo(docs) }
        try folder.write(["Content/en/intro.md": "# Changed\n"])
        let failure = #expect(throws: BuildFailure.self) { _ = try folder.generator().build() }
        #expect(failure?.description.hasPrefix("docs: error: output folder is not writable: ") == true)
        #expect(folder.snapshot("docs") == before)
    }

    @Test("an output folder whose parent is unwritable")
    func unwritableParent() throws {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files)
        let parent = folder.url.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        try Unwritable.make(parent.path)
        defer { Unwritable.undo(parent.path) }
        let failure = #expect(throws: BuildFailure.self) { _ = try folder.generator(output: "site/docs").build() }
        #expect(failure?.description.hasPrefix("site/docs: error: cannot write the new site") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }
}

/// Makes a folder unwritable for the current user, root included.
enum Unwritable {
    static func make(_ path: String) throws {
        if getuid() == 0 {
            try run("/usr/bin/chattr", "+i", path)
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: path)
        }
    }

    static func undo(_ path: String) {
        if getuid() == 0 {
            try? run("/usr/bin/chattr", "-i", path)
        } else {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    private static func run(_ executable: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path(arguments)])
        }
    }

    private static func path(_ arguments: [String]) -> String { arguments.last ?? "" }
}
