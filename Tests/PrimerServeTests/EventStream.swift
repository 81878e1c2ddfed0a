import Foundation
import PrimerTestSupport

/// Runs blocking socket code on a thread of its own: on the cooperative
/// pool (two threads on two cores) it would stop the server's tasks from
/// running.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

extension RawHTTP {
    static func fetch(_ target: String, method: String = "GET", port: UInt16, headers: [String: String] = [:]) async throws -> Response {
        try await offPool { try request(target, method: method, port: port, headers: headers) }
    }
}

/// A live-reload subscription read as a browser's EventSource reads it.
final class EventStream: @unchecked Sendable {
    private let client: RawHTTP
    /// Bytes received and not decoded yet (the header, then chunks).
    private var raw = Data()
    private var headerRead = false
    /// Decoded event-stream text not yet returned.
    private var text = ""

    init(port: UInt16, page: String) throws {
        client = try RawHTTP(port: port, timeoutSeconds: 1)
        client.send("GET /__primer/events?page=\(page) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    }

    /// The next event's name and data, within `seconds`.
    func next(within seconds: Double = 60) async -> (name: String, data: String)? {
        let event = try? await offPool { [self] () -> [String]? in receiveEvent(within: seconds).map { [$0.name, $0.data] } }
        guard let event else { return nil }
        return (event[0], event[1])
    }

    private func receiveEvent(within seconds: Double) -> (name: String, data: String)? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            while let range = text.range(of: "\n\n") {
                let block = String(text[..<range.lowerBound])
                text = String(text[range.upperBound...])
                var name: String?
                var data = ""
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
                }
                if let name { return (name, data) }
            }
            guard Date() < deadline else { return nil }
            if let chunk = client.receive() {
                raw += chunk
                decode()
            }
        }
    }

    /// Moves complete chunks of the chunked body from `raw` to `text`.
    private func decode() {
        let lineEnd = Data("\r\n".utf8)
        if !headerRead {
            guard let end = raw.range(of: Data("\r\n\r\n".utf8)) else { return }
            raw = Data(raw[end.upperBound...])
            headerRead = true
        }
        while let sizeEnd = raw.range(of: lineEnd), let size = Int(String(decoding: raw[..<sizeEnd.lowerBound], as: UTF8.self), radix: 16),
            raw.count >= sizeEnd.upperBound - raw.startIndex + size + 2
        {
            let start = sizeEnd.upperBound
            text += String(decoding: raw[start..<(start + size)], as: UTF8.self)
            raw = Data(raw[(start + size + 2)...])
        }
    }
}
