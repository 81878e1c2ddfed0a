import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP client over a socket: it sends the request target
/// exactly as written (URLSession would normalise `..` and `%2e%2e` away)
/// and reads what comes back. It waits long: the server's tasks share two
/// threads with every other test of the run.
final class RawHTTP: @unchecked Sendable {
    let descriptor: Int32

    init(port: UInt16, timeoutSeconds: Int = 120) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure("connect to port \(port): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// Up to `count` bytes, or nil at the end or on timeout.
    func receive(_ count: Int = 65_536) -> Data? {
        var buffer = [UInt8](repeating: 0, count: count)
        let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, count, 0) }
        return received > 0 ? Data(buffer[0..<received]) : nil
    }

    /// One request with `Connection: close`, read to the end.
    static func request(_ target: String, method: String = "GET", port: UInt16, headers: [String: String] = [:]) throws -> Response {
        let client = try RawHTTP(port: port)
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        client.send(request + "\r\n")
        var data = Data()
        while let chunk = client.receive() { data += chunk }
        return try parse(data)
    }

    static func parse(_ data: Data) throws -> Response {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { throw Failure("no header in \(data.count) bytes") }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure("bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: Data(data[end.upperBound...]))
    }
}

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
