import Foundation
import PrimerTestSupport
import Testing

@testable import PrimerServe

/// A folder with a small site in it, removed at the end.
final class SiteFolder: @unchecked Sendable {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("primer-serve-tests-\(UUID().uuidString)")
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Stops `server`; `folder` lives until then.
func stop(_ server: PreviewServer, keeping folder: SiteFolder) {
    Task {
        await server.stop()
        withExtendedLifetime(folder) {}
    }
}

@Suite("The preview server")
struct PreviewServerTests {
    static let site = [
        "site/index.html": "<!doctype html><html><body><p>Home</p></body></html>\n",
        "site/en/index.html": "<!doctype html><html><body><p>English</p></body></html>\n",
        "site/en/a.html": "<!doctype html><html><body><p>Page A</p></body></html>\n",
        "site/style.css": "body { color: black }\n",
        "site/empty/.keep": "",
        "secret.txt": "outside the preview folder\n",
    ]

    /// A started server on a free port for a fresh copy of `site`.
    static func started() async throws -> (SiteFolder, PreviewServer, UInt16) {
        let folder = try SiteFolder(site)
        let server = try PreviewServer(folder: folder.url.appendingPathComponent("site"), live: LiveReload())
        let port = try await server.start()
        return (folder, server, port)
    }

    @Test("pages are served as built, with the live-reload script before </body>, and with their types")
    func pages() async throws {
        let (folder, server, port) = try await Self.started()
        defer { stop(server, keeping: folder) }
        let page = try await RawHTTP.fetch("/en/a.html", port: port)
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text == "<!doctype html><html><body><p>Page A</p>\(LiveReloadScript.tag)</body></html>\n")
        #expect(page.headers["content-length"] == String(page.body.count))
        let style = try await RawHTTP.fetch("/style.css", port: port)
        #expect(style.headers["content-type"] == "text/css; charset=utf-8")
        #expect(style.text == "body { color: black }\n")
        #expect(try await RawHTTP.fetch("/", port: port).text.contains("Home"))
        #expect(try await RawHTTP.fetch("/en/", port: port).text.contains("English"))
        let script = try await RawHTTP.fetch(PreviewServer.scriptPath, port: port)
        #expect(script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(script.text.contains("new EventSource"))
    }

    @Test("a folder without its slash is redirected; a folder without an index is not listed")
    func folders() async throws {
        let (folder, server, port) = try await Self.started()
        defer { stop(server, keeping: folder) }
        let redirect = try await RawHTTP.fetch("/en", port: port)
        #expect(redirect.status == 301)
        #expect(redirect.headers["location"] == "/en/")
        #expect(try await RawHTTP.fetch("/empty/", port: port).status == 404)
        #expect(try await RawHTTP.fetch("/missing.html", port: port).status == 404)
    }

    @Test(
        "no path outside the preview folder is served",
        arguments: [
            "/../secret.txt", "/en/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/en/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt", "/..%2Fsecret.txt", "/en%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/%00/../secret.txt",
            "/en/a.html%00", "/%252e%252e/secret.txt", "/./../secret.txt", "/link-out", "/link-out-folder/secret.txt",
            "//etc/passwd", "/etc/passwd", "/%2fetc%2fpasswd",
        ])
    func traversal(target: String) async throws {
        let (folder, server, port) = try await Self.started()
        defer { stop(server, keeping: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.appendingPathComponent("site/link-out").path,
            withDestinationPath: folder.url.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.appendingPathComponent("site/link-out-folder").path, withDestinationPath: folder.url.path)
        let response = try await RawHTTP.fetch(target, port: port)
        #expect(response.status == 404 || response.status == 400, "\(target): \(response.status)")
        #expect(!response.text.contains("outside the preview folder"))
        #expect(!response.text.contains("root:"))
    }

    @Test("a symbolic link inside the folder to a file inside it is followed")
    func linkInside() async throws {
        let (folder, server, port) = try await Self.started()
        defer { stop(server, keeping: folder) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.url.appendingPathComponent("site/alias.css").path, withDestinationPath: "style.css")
        #expect(try await RawHTTP.fetch("/alias.css", port: port).text == "body { color: black }\n")
    }

    @Test("HEAD answers with GET's headers and no body; an unchanged file is a 304; other methods are refused")
    func headAndConditional() async throws {
        let (folder, server, port) = try await Self.started()
        defer { stop(server, keeping: folder) }
        let get = try await RawHTTP.fetch("/style.css", port: port)
        let head = try await RawHTTP.fetch("/style.css", method: "HEAD", port: port)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == get.headers["content-length"])
        #expect(head.headers["etag"] == get.headers["etag"])
        let tag = try #require(get.headers["etag"])
        let lastModified = try #require(get.headers["last-modified"])

        let same = try await RawHTTP.fetch("/style.css", port: port, headers: ["If-None-Match": tag])
        #expect(same.status == 304)
        #expect(same.body.isEmpty)
        #expect(try await RawHTTP.fetch("/style.css", port: port, headers: ["If-Modified-Since": lastModified]).status == 304)

        try folder.write("site/style.css", "body { color: navy }\n")
        let changed = try await RawHTTP.fetch("/style.css", port: port, headers: ["If-None-Match": tag])
        #expect(changed.status == 200)
        #expect(changed.text == "body { color: navy }\n")
        #expect(try await RawHTTP.fetch("/style.css", method: "POST", port: port).status == 405)
    }

    @Test("the server survives clients that disconnect mid-response, and a burst of 200 requests")
    func robustness() async throws {
        let (folder, server, port) = try await Self.started()
        defer { stop(server, keeping: folder) }
        try folder.write("site/big.html", "<html><body>" + String(repeating: "x", count: 4_000_000) + "</body></html>")
        try await offPool {
            for _ in 0..<5 {
                let client = try RawHTTP(port: port)
                client.send("GET /big.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                _ = client.receive(100)
            }  // each closed after a hundred bytes
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask { try await RawHTTP.fetch(index % 2 == 0 ? "/en/a.html" : "/style.css", port: port).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(try await RawHTTP.fetch("/big.html", port: port).body.count > 4_000_000)
    }
}

@Suite("Which file a request names")
struct PreviewFilesTests {
    @Test("a page is named by its path; live reload names a folder's page by its index")
    func pagePaths() {
        #expect(PreviewFiles.pagePath("/en/") == "/en/index.html")
        #expect(PreviewFiles.pagePath("/en/a%20b.html") == "/en/a b.html")
        #expect(PreviewFiles.pagePath("/") == "/index.html")
    }

    @Test("HTTP dates are IMF-fixdates, written and read back")
    func httpDates() {
        let date = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.format(date) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == date)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
    }

    @Test("types by extension")
    func types() {
        #expect(PreviewFiles.contentType(of: URL(fileURLWithPath: "/a/b.svg")) == "image/svg+xml")
        #expect(PreviewFiles.contentType(of: URL(fileURLWithPath: "/a/f.woff2")) == "font/woff2")
        #expect(PreviewFiles.contentType(of: URL(fileURLWithPath: "/a/x.unknown")) == "application/octet-stream")
    }
}
