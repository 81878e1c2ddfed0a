import Foundation
import PrimerCore
import Synchronization

/// The state of the last build, as the browser's overlay shows it and
/// `/__primer/status` reports it.
public struct BuildReport: Codable, Sendable, Equatable {
    public struct Problem: Codable, Sendable, Equatable {
        /// `Content/en/a.md:3:1`
        public var location: String
        public var severity: String
        public var summary: String
        /// The excerpt and the hints, as the terminal prints them.
        public var notes: [String]
    }

    /// Builds since the server started, this one included.
    public var build: Int
    public var succeeded: Bool
    public var problems: [Problem]
    /// Pages whose file changed in this build (`/en/a.html`).
    public var changedPages: [String]

    init(build: Int, failure: BuildFailure?, changedPages: [String]) {
        self.build = build
        succeeded = failure == nil
        problems = (failure?.diagnostics ?? []).map {
            Problem(location: $0.location.description, severity: $0.severity.rawValue, summary: $0.summary, notes: $0.notes)
        }
        self.changedPages = changedPages
    }
}

/// The browsers showing preview pages, each subscribed with the page it
/// shows, and what they are sent: `reload` to the pages a build changed
/// (after the new site is in place), `failure` with the report to every
/// page when a build fails, `ok` when a good build follows a failed one on
/// a page that did not change.
///
/// Events are Server-Sent Events (`text/event-stream`): the browser's
/// `EventSource` reconnects by itself, and a new subscriber is sent the
/// current failure at once, so a page opened while the build is broken
/// shows the overlay too.
public final class LiveReload: Sendable {
    private struct Subscriber {
        var page: String
        var continuation: AsyncStream<Data>.Continuation
    }

    private struct State {
        var subscribers: [UUID: Subscriber] = [:]
        var report = BuildReport(build: 0, failure: nil, changedPages: [])
    }

    private let state = Mutex(State())

    public init() {}

    /// The last build's report.
    public var report: BuildReport { state.withLock { $0.report } }

    /// How many browsers are listening (for tests and the terminal).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// A stream of event-stream bytes for a browser showing `page`.
    func subscribe(page: String) -> AsyncStream<Data> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        let report = state.withLock { state in
            state.subscribers[id] = Subscriber(page: page, continuation: continuation)
            return state.report
        }
        // A reconnecting EventSource waits this long; the first line also
        // makes the browser see the stream as open.
        continuation.yield(Data("retry: 500\n\n".utf8))
        if !report.succeeded { continuation.yield(Self.event("failure", report)) }
        return stream
    }

    /// Tells each browser what the build just finished means for its page.
    /// `everything` (a style sheet or script changed) reloads every page.
    func publish(_ report: BuildReport, everything: Bool = false) {
        let changed = Set(report.changedPages)
        let (subscribers, previous) = state.withLock { state in
            let previous = state.report
            state.report = report
            return (Array(state.subscribers.values), previous)
        }
        for subscriber in subscribers {
            if !report.succeeded {
                subscriber.continuation.yield(Self.event("failure", report))
            } else if everything || changed.contains(subscriber.page) {
                subscriber.continuation.yield(Self.event("reload", report))
            } else if !previous.succeeded {
                subscriber.continuation.yield(Self.event("ok", report))
            }
        }
    }

    /// Ends every stream (the server is stopping).
    func finish() {
        let subscribers = state.withLock { state in
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.continuation.finish() }
    }

    static func event(_ name: String, _ report: BuildReport) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Data("event: \(name)\ndata: \(json)\n\n".utf8)
    }
}
