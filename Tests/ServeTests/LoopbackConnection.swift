import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
    private let streamType = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
    import Darwin
    private let streamType = SOCK_STREAM
#endif

// The connection's own methods would hide these calls inside it.
private func systemClose(_ descriptor: Int32) { _ = close(descriptor) }
private func systemSend(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    #if canImport(Glibc)
        send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
    #else
        send(descriptor, bytes.baseAddress, bytes.count, 0)
    #endif
}

/// A blocking TCP connection to a loopback address, as a test's client. Its calls block, so the
/// tests make them through `offThread`, never on the threads the server's tasks run on; every
/// receive gives up after `timeout`, so that a test always ends.
final class LoopbackConnection {
    struct Response {
        var status: Int
        /// By lowercased name.
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let descriptor: Int32
    private var pending: [UInt8] = []

    /// `timeout` bounds each wait for the server; it is long because the in-process server shares
    /// two cores with the 10,000-note suites running beside it, and a passing test never waits it out.
    init(host: String = "127.0.0.1", port: UInt16, timeout: Double = 60) throws {
        precondition(host == "127.0.0.1" || host == "::1", "the tests talk to loopback only")
        var hints = addrinfo()
        hints.ai_socktype = streamType
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found?.pointee else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(found) }
        descriptor = socket(info.ai_family, streamType, 0)
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(descriptor, info.ai_addr, info.ai_addrlen) == 0 else {
            let code = errno
            systemClose(descriptor)
            throw Failure(description: "connect to \(host):\(port): \(String(cString: strerror(code)))")
        }
    }

    deinit { systemClose(descriptor) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { systemSend(descriptor, UnsafeRawBufferPointer(rebasing: $0[sent...])) }
            guard count > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    /// Sends a GET (or `method`) for `target` and reads the response.
    func get(_ target: String, method: String = "GET", headers: String = "") throws -> Response {
        try send("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)\r\n")
        return try response(hasBody: method != "HEAD")
    }

    /// The next response: its head, then a body of its `Content-Length`, or of everything up to the
    /// close when it has none.
    func response(hasBody: Bool = true) throws -> Response {
        let end = Array("\r\n\r\n".utf8)
        while true {
            if let range = pending.firstRange(of: end) {
                let head = String(decoding: pending[..<range.lowerBound], as: UTF8.self)
                pending.removeSubrange(..<range.upperBound)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                    throw Failure(description: "bad status line in \(head)")
                }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces)
                }
                guard hasBody else { return Response(status: status, headers: headers, body: []) }
                if let length = headers["content-length"].flatMap(Int.init) {
                    while pending.count < length {
                        guard try receive() else { throw Failure(description: "closed before the body's end") }
                    }
                    defer { pending.removeFirst(length) }
                    return Response(status: status, headers: headers, body: Array(pending.prefix(length)))
                }
                while try receive() {}
                defer { pending = [] }
                return Response(status: status, headers: headers, body: pending)
            }
            guard try receive() else { throw Failure(description: "closed before a response") }
        }
    }

    /// Whether the server closes the connection, sending nothing more, before `timeout` (seconds).
    func closesWithoutAnswer() throws -> Bool {
        let before = pending.count
        while try receive() {}
        return pending.count == before
    }

    /// What has arrived and not been read, without waiting, and whether the peer still keeps the
    /// connection open.
    func arrived() throws -> (bytes: [UInt8], open: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                pending += buffer[..<count]
                continue
            }
            defer { pending = [] }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return (pending, true) }
            if count == 0 || errno == ECONNRESET { return (pending, false) }
            throw Failure(description: "recv: \(String(cString: strerror(errno)))")
        }
    }

    /// Ends the connection both ways, as a page that goes away does.
    func hangUp() {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Reads what has come into `pending`; false once the peer has closed.
    private func receive() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count > 0 {
            pending += buffer[..<count]
            return true
        }
        if count == 0 || errno == ECONNRESET { return false }
        throw Failure(description: "recv: \(String(cString: strerror(errno)))")
    }
}

/// Runs blocking client code on a thread of its own, so that it cannot hold up the cooperative
/// threads that the server under test needs.
func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
