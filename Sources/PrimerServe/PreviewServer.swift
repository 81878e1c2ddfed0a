import FlyingFox
import FlyingSocks
import Foundation
import PrimerCore

/// Serves the preview folder over HTTP, with live reload.
///
/// Files are served as `primer build` wrote them, except that an HTML page
/// gets one `<script>` before `</body>`: the live-reload client
/// (`/__primer/live.js`), which without JavaScript does nothing. Every
/// response may be revalidated (`ETag`, `Last-Modified`, `Cache-Control:
/// no-cache`), so a reload after a build shows the new file and an
/// unchanged one costs a 304. `GET` and `HEAD` only.
public final class PreviewServer: Sendable {
    public let folder: URL
    public let live: LiveReload
    private let server: HTTPServer
    private let files: PreviewFiles

    /// The paths the server answers itself, outside the site's files.
    static let eventsPath = "/__primer/events"
    static let scriptPath = "/__primer/live.js"
    static let statusPath = "/__primer/status"
    /// How long a request may take before it is answered 500. FlyingFox's
    /// 15 s is not enough where the answering task waits for a thread: on
    /// two cores beside builds (the test suite's own), requests that take
    /// milliseconds were answered 500.
    static let requestTimeout: TimeInterval = 120

    /// A server for `folder` on `host` (an IPv4 or IPv6 address) and `port`
    /// (0: any free port); `start` opens it.
    public init(folder: URL, live: LiveReload, host: String = "127.0.0.1", port: UInt16 = 0) throws {
        self.folder = folder
        self.live = live
        let files = PreviewFiles(root: folder)
        self.files = files
        let handler = Handler(files: files, live: live)
        if host.contains(":") {
            server = HTTPServer(
                address: try sockaddr_in6.inet6(ip6: host, port: port), timeout: Self.requestTimeout, logger: .disabled, handler: handler)
        } else {
            server = HTTPServer(
                address: try sockaddr_in.inet(ip4: host, port: port), timeout: Self.requestTimeout, logger: .disabled, handler: handler)
        }
    }

    /// Starts listening, and returns the port (the one chosen when 0 was asked).
    public func start() async throws -> UInt16 {
        let server = self.server
        Task { try await server.run() }
        try await server.waitUntilListening(timeout: 60)
        switch await server.listeningAddress {
        case let .ip4(_, port), let .ip6(_, port): return port
        default: return 0
        }
    }

    public func stop() async {
        live.finish()
        await server.stop(timeout: 1)
    }

    private struct Handler: HTTPHandler {
        let files: PreviewFiles
        let live: LiveReload

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.method == .GET || request.method == .HEAD else {
                let allowed: HTTPHeaders = [HTTPHeader("Allow"): "GET, HEAD"]
                return HTTPResponse(statusCode: .methodNotAllowed, headers: allowed)
            }
            let path = request.target.path(percentEncoded: true)
            switch path {
            case PreviewServer.eventsPath:
                let page = request.query.first { $0.name == "page" }?.value ?? "/"
                let stream = live.subscribe(page: PreviewFiles.pagePath(page))
                return HTTPResponse(
                    statusCode: .ok,
                    headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
                    body: HTTPBodySequence(from: EventBytes(stream: stream), suggestedBufferSize: 1))
            case PreviewServer.scriptPath:
                return respond(to: request, body: Data(LiveReloadScript.source.utf8), type: "text/javascript; charset=utf-8")
            case PreviewServer.statusPath:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return respond(to: request, body: try encoder.encode(live.report), type: "application/json")
            default:
                return serveFile(path, request)
            }
        }

        private func serveFile(_ path: String, _ request: HTTPRequest) -> HTTPResponse {
            switch files.resolve(path) {
            case .notFound:
                return notFound(request)
            case let .redirect(location):
                let headers: HTTPHeaders = [.location: location]
                return HTTPResponse(statusCode: .movedPermanently, headers: headers)
            case let .file(file):
                guard let stamp = FileStamp(path: file.path), var body = FileManager.default.contents(atPath: file.path) else {
                    return notFound(request)
                }
                let type = PreviewFiles.contentType(of: file)
                if type.hasPrefix("text/html") { body = LiveReloadScript.inject(into: body) }
                // The file's stamp names its version: a build that rewrites it gives another.
                let tag = "\"" + stamp.tag + "\""
                let modified = stamp.modificationDate
                var headers: HTTPHeaders = [.eTag: tag, .lastModified: HTTPDate.format(modified)]
                if let match = request.headers[.ifNoneMatch] {
                    if match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*" }) {
                        return HTTPResponse(statusCode: .notModified, headers: headers)
                    }
                } else if let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse),
                    modified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
                {
                    return HTTPResponse(statusCode: .notModified, headers: headers)
                }
                headers[.cacheControl] = "no-cache"
                return respond(to: request, body: body, type: type, headers: headers)
            }
        }

        /// A page that says so, and reloads when a build writes it (or shows
        /// why the build failed).
        private func notFound(_ request: HTTPRequest) -> HTTPResponse {
            let page = Data(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><p>No such page in the preview.</p></body></html>\n"
                    .utf8)
            return respond(to: request, body: LiveReloadScript.inject(into: page), type: "text/html; charset=utf-8", status: .notFound)
        }

        /// `body` for GET; for HEAD the same headers, and no body.
        private func respond(
            to request: HTTPRequest, body: Data, type: String, status: HTTPStatusCode = .ok, headers: HTTPHeaders = [:]
        ) -> HTTPResponse {
            var headers = headers
            headers[.contentType] = type
            headers[.contentLength] = String(body.count)
            if headers[.cacheControl] == nil { headers[.cacheControl] = "no-cache" }
            return HTTPResponse(statusCode: status, headers: headers, body: request.method == .HEAD ? Data() : body)
        }
    }
}

/// A live-reload stream as the bytes of a response body, one event at a time.
struct EventBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let stream: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator { Iterator(events: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<Data>.AsyncIterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            if pending.isEmpty { pending = await nextBuffer(suggested: 1) ?? [] }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if !pending.isEmpty {
                defer { pending = [] }
                return pending
            }
            return await events.next().map(Array.init)
        }
    }
}

/// Dates in HTTP headers (RFC 9110's IMF-fixdate): `Sun, 06 Nov 1994 08:49:37 GMT`.
/// A fixed format with English names, so written and read by hand.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// The date, or nil for anything but an IMF-fixdate.
    static func parse(_ text: String) -> Date? {
        let words = text.split(separator: " ")
        guard words.count == 6, words[5] == "GMT", let day = Int32(words[1]), let month = months.firstIndex(of: String(words[2])),
            let year = Int32(words[3])
        else { return nil }
        let time = words[4].split(separator: ":").compactMap { Int32($0) }
        guard time.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = time[0]
        parts.tm_min = time[1]
        parts.tm_sec = time[2]
        return Date(timeIntervalSince1970: Double(timegm(&parts)))
    }
}
