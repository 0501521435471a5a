/// A status, headers and a body: bytes, or a stream that lasts as long as the connection.
public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Sent as it comes, without a length, and ended by closing the connection: the event
        /// stream's pages never send another request on it.
        case stream(AsyncStream<[UInt8]>)
    }

    public var status: HTTPStatus
    public var headers: [HTTPHeader]
    public var body: Body

    public init(status: HTTPStatus, headers: [HTTPHeader] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body's bytes; empty for a stream.
    public var bytes: [UInt8] {
        if case .bytes(let bytes) = body { bytes } else { [] }
    }

    /// A short plain-text answer, for errors and redirects.
    static func text(_ status: HTTPStatus, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [HTTPHeader("Content-Type", "text/plain; charset=utf-8")] + headers,
            body: .bytes(Array("\(status.reason.lowercased())\n".utf8)))
    }

    /// The status line and the headers. A byte body gets its `Content-Length` unless the handler
    /// set one (a HEAD response tells the length of the body it leaves out).
    func head(closing: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status.code) \(status.reason)\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        if case .bytes(let bytes) = body, headers["Content-Length"] == nil {
            text += "Content-Length: \(bytes.count)\r\n"
        }
        var closes = closing
        if case .stream = body { closes = true }
        if closes { text += "Connection: close\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }
}
