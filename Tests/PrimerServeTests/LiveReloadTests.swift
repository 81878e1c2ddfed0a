import Foundation
import PrimerCore
import PrimerTestSupport
import Testing

@testable import PrimerServe

@Suite("Live preview: builds, reload events and the error overlay", .serialized)
struct LiveReloadTests {
    /// A session for a two-page site with one computed value, served.
    static func serving() async throws -> (SiteFolder, PreviewSession, PreviewServer, UInt16) {
        let folder = try SiteFolder([
            "Content/a.md": "# Page A\n\nFirst version. Six times seven is `{swift} 6 * 7`.\n",
            "Content/b.md": "# Page B\n\nUnchanged.\n",
        ])
        let generator = SiteGenerator(
            locations: SiteLocations(content: "Content", output: "preview", workingDirectory: folder.url))
        let session = PreviewSession(generator: generator)
        #expect(try await offPool { session.build() }.succeeded)
        let server = try PreviewServer(folder: folder.url.appendingPathComponent("preview"), live: session.live)
        let port = try await server.start()
        return (folder, session, server, port)
    }

    /// Waits until the server has registered `count` browsers.
    static func waitForSubscribers(_ live: LiveReload, _ count: Int) async throws {
        for _ in 0..<500 where live.subscriberCount < count { try await Task.sleep(for: .milliseconds(10)) }
        #expect(live.subscriberCount == count)
    }

    @Test("a change reloads the pages it changed, and only those, once the new page is in place")
    func reloadChangedPages() async throws {
        let (folder, session, server, port) = try await Self.serving()
        defer { stop(server, keeping: folder) }
        #expect(try await RawHTTP.fetch("/a.html", port: port).text.contains("First version"))
        let a = try EventStream(port: port, page: "/a.html")
        let b = try EventStream(port: port, page: "/b.html")
        try await Self.waitForSubscribers(session.live, 2)

        try folder.write("Content/a.md", "# Page A\n\nSecond version. Six times eight is `{swift} 6 * 8`.\n")
        let report = try await offPool { session.build() }
        #expect(report.changedPages == ["/a.html"])
        let event = try #require(await a.next())
        #expect(event.name == "reload")
        #expect(event.data.contains("\"changedPages\":[\"/a.html\"]"))
        let page = try await RawHTTP.fetch("/a.html", port: port).text
        #expect(page.contains("Second version") && page.contains(">48<"))
        #expect(await b.next(within: 0.5) == nil)
    }

    @Test("a failed build keeps the last good page and sends every page the diagnostics; the next good build clears them")
    func failureOverlay() async throws {
        let (folder, session, server, port) = try await Self.serving()
        defer { stop(server, keeping: folder) }
        let a = try EventStream(port: port, page: "/a.html")
        let b = try EventStream(port: port, page: "/b.html")
        try await Self.waitForSubscribers(session.live, 2)

        try folder.write("Content/a.md", "# Page A\n\nBroken: `{swift} 6 * undefinedName`.\n")
        let failed = try await offPool { session.build() }
        #expect(!failed.succeeded)
        let problem = try #require(failed.problems.first)
        #expect(problem.location.hasPrefix("Content/a.md:3:"))
        #expect(problem.summary.contains("undefinedName"))
        for stream in [a, b] {
            let event = try #require(await stream.next())
            #expect(event.name == "failure")
            #expect(event.data.contains("Content/a.md:3:") && event.data.contains("undefinedName"))
        }
        #expect(try await RawHTTP.fetch("/a.html", port: port).text.contains("First version"))
        let status = try await RawHTTP.fetch("/__primer/status", port: port)
        #expect(status.headers["content-type"] == "application/json")
        #expect(try JSONDecoder().decode(BuildReport.self, from: status.body) == failed)
        // A page opened now shows the overlay at once.
        let late = try EventStream(port: port, page: "/b.html")
        #expect(await late.next()?.name == "failure")

        try folder.write("Content/a.md", "# Page A\n\nFixed.\n")
        #expect(try await offPool { session.build() }.succeeded)
        #expect(await a.next()?.name == "reload")
        #expect(await b.next()?.name == "ok")
        #expect(try await RawHTTP.fetch("/a.html", port: port).text.contains("Fixed."))
    }

    @Test("saving in a burst makes one build; the frozen results are those primer build writes, so it then executes nothing")
    func watchedBurst() async throws {
        let (folder, session, server, port) = try await Self.serving()
        defer { stop(server, keeping: folder) }
        let a = try EventStream(port: port, page: "/a.html")
        try await Self.waitForSubscribers(session.live, 1)
        try session.watch()
        defer { session.stop() }
        let before = session.live.report.build
        for number in 1...5 {
            try folder.write("Content/a.md", "# Page A\n\nSave \(number). Value `{swift} 6 * \(number)`.\n")
        }
        let event = try #require(await a.next())
        #expect(event.name == "reload")
        #expect(try await RawHTTP.fetch("/a.html", port: port).text.contains("Save 5."))
        try await Task.sleep(for: .milliseconds(600))
        #expect(session.live.report.build == before + 1)

        // Writing an editor's backup file or the frozen results is not a change.
        try folder.write("Content/.a.md.swp", "x")
        try folder.write("Content/a.md~", "x")
        try await Task.sleep(for: .milliseconds(400))
        #expect(session.live.report.build == before + 1)

        let build = SiteGenerator(locations: SiteLocations(content: "Content", output: "docs", workingDirectory: folder.url))
        #expect(try await offPool { try build.build().executedCount } == 0)
    }
}
