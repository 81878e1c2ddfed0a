import Foundation
import Testing

@testable import PrimerCore

/// Rebuilds do what changed: pages the last build left as they are are not
/// rendered or rewritten (their files are linked into the new site), and
/// what a build writes is still exactly what `check` expects.
@Suite("Incremental builds")
struct IncrementalBuildTests {
    /// The sample site (and `extra` files), with its generator.
    private func sampleSite(_ extra: [String: String] = [:]) throws -> (TemporaryFolder, SiteGenerator) {
        let folder = try TemporaryFolder()
        try folder.write(SampleSite.files.merging(extra) { $1 })
        return (folder, folder.generator())
    }

    /// Each output file's inode: a file that was rewritten has a new one.
    private func inodes(_ folder: TemporaryFolder) -> [String: UInt64] {
        folder.snapshot("docs").keys.reduce(into: [:]) { inodes, path in
            inodes[path] = BuildMemory.FileStamp(path: folder.url.appendingPathComponent("docs/\(path)").path)?.inode
        }
    }

    @Test("a rebuild with nothing changed renders and rewrites no page, and check passes")
    func noOp() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        let before = inodes(folder)
        let snapshot = folder.snapshot("docs")
        _ = try generator.build()
        let after = inodes(folder)
        for page in ["en/intro.html", "en/second.html", "zh/intro.html"] {
            #expect(after[page] == before[page], "\(page) was written again")
        }
        #expect(folder.snapshot("docs") == snapshot)
        #expect(try generator.check().passed)
    }

    @Test("a prose edit renders that page only, and the site equals a full build")
    func proseEdit() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        let before = inodes(folder)
        try folder.write(["Content/en/second.md": SampleSite.files["Content/en/second.md"]! + "\n\nA new sentence.\n"])
        _ = try generator.build()
        let after = inodes(folder)
        #expect(after["en/second.html"] != before["en/second.html"])
        #expect(after["en/intro.html"] == before["en/intro.html"])
        #expect(after["zh/intro.html"] == before["zh/intro.html"])
        #expect(try folder.read("docs/en/second.html").contains("<p>A new sentence.</p>"))
        #expect(try generator.check().passed)
    }

    @Test("a changed title renders every page again: each page's menu lists it")
    func titleChange() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        let before = inodes(folder)
        try folder.write([
            "Content/en/second.md": SampleSite.files["Content/en/second.md"]!.replacingOccurrences(of: "# Second page", with: "# Page two")
        ])
        _ = try generator.build()
        let after = inodes(folder)
        #expect(after["en/intro.html"] != before["en/intro.html"])
        #expect(try folder.read("docs/en/intro.html").contains(">Page two</a>"))
        #expect(try generator.check().passed)
    }

    @Test("a page changed in the output folder by hand is written again")
    func outputEditedByHand() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        let original = try folder.read("docs/en/intro.html")
        try folder.write(["docs/en/intro.html": "edited"])
        _ = try generator.build()
        #expect(try folder.read("docs/en/intro.html") == original)
        #expect(try generator.check().passed)
    }

    @Test("removing an anchor that an unchanged page links to is an error at that link")
    func anchorRemovedUnderUnchangedPage() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        let docs = folder.snapshot("docs")
        // en/intro.md links to second.md#details; only second.md changes.
        try folder.write(["Content/en/second.md": "# Second page\n\nBack to [the introduction](intro.md).\n"])
        #expect {
            try generator.build()
        } throws: { error in
            let failure = try #require(error as? BuildFailure)
            return failure.diagnostics.map(\.description).contains {
                $0.hasPrefix("Content/en/intro.md:6:")
                    && $0.contains("link to '#details', which is not a heading or anchor of en/second.html")
            }
        }
        #expect(folder.snapshot("docs") == docs)
    }

    @Test("a link from an edited page to an anchor of a page not rendered again is checked against the remembered anchors")
    func linkToRememberedAnchor() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        let before = inodes(folder)
        // en/intro.md links to second.md#details; only intro.md changes.
        try folder.write(["Content/en/intro.md": SampleSite.files["Content/en/intro.md"]! + "\n\nA new sentence.\n"])
        _ = try generator.build()
        #expect(inodes(folder)["en/second.html"] == before["en/second.html"])
        #expect(try generator.check().passed)
    }

    @Test("remembered anchors are kept as one string and read back as they were")
    func joinedAnchors() throws {
        struct Anchors: Codable { @BuildMemory.JoinedStrings var anchors: [String] }
        for anchors in [[], ["toc"], ["fig-1", "sec-2", "表-3", "a.b"]] {
            let data = try JSONEncoder().encode(Anchors(anchors: anchors))
            #expect(try JSONDecoder().decode(Anchors.self, from: data).anchors == anchors)
            #expect(String(decoding: data, as: UTF8.self).filter { $0 == "[" }.isEmpty)
        }
    }

    @Test("a new page is linked from the menus of the pages that did not change")
    func pageAdded() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        try folder.write(["Content/en/third.md": "# Third page\n"])
        _ = try generator.build()
        #expect(try folder.read("docs/en/intro.html").contains("href=\"third.html\">Third page</a>"))
        #expect(try generator.check().passed)
    }

    @Test("remembered lessons are neither executed nor read; an edited one is")
    func lessonsReadOnlyWhereNeeded() throws {
        let (folder, generator) = try sampleSite([
            "Content/en/a.md": "A is `{swift} 1 + 1`.\n", "Content/en/b.md": "B is `{swift} 2 + 2`.\n",
        ])
        #expect(try generator.build().executedCount == 2)
        // Garbage of the same size, with the time stamp put back: the file
        // the memory knows, so a build that reads it fails.
        let frozen = folder.url.appendingPathComponent("Content/_freeze/en/a.json")
        let stamp = try #require(BuildMemory.FileStamp(path: frozen.path))
        let original = try Data(contentsOf: frozen)
        let handle = try FileHandle(forWritingTo: frozen)
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: original.count))
        try handle.close()
        var times = [
            timespec(tv_sec: Int(stamp.modified / 1_000_000_000), tv_nsec: Int(stamp.modified % 1_000_000_000)),
            timespec(tv_sec: Int(stamp.modified / 1_000_000_000), tv_nsec: Int(stamp.modified % 1_000_000_000)),
        ]
        #expect(utimensat(AT_FDCWD, frozen.path, &times, 0) == 0)
        try folder.write(["Content/en/b.md": "B is `{swift} 2 + 3`.\n"])
        let summary = try generator.build()
        #expect((summary.executedCount, summary.frozenCount) == (1, 1))
        #expect(try folder.readValues("docs/en/b.html").contains("B is 5."))
        // Another build without memory reads it, and says so.
        #expect(throws: BuildFailure.self) { try generator.check() }
    }

    @Test("a fresh build renders every page")
    func freshIgnoresMemory() throws {
        let (folder, generator) = try sampleSite()
        _ = try generator.build()
        let before = inodes(folder)
        _ = try generator.build(fresh: true)
        let after = inodes(folder)
        #expect(after["en/intro.html"] != before["en/intro.html"])
        #expect(try generator.check().passed)
    }
}
