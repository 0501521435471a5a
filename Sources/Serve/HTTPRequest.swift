import Foundation

/// A request head as the client sent it. kb only serves files, so it never reads a body: a request
/// that has one is answered, and its connection closed.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The target as sent: the percent-encoded path, then `?` and the query if there is one.
    public var target: String
    public var version: String
    public var headers: [HTTPHeader]

    public init(method: String, target: String, version: String = "HTTP/1.1", headers: [HTTPHeader] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The target up to `?`, still percent-encoded.
    public var path: String {
        String(target[..<(target.firstIndex(of: "?") ?? target.endIndex)])
    }

    /// The target after `?`, empty when there is none.
    public var query: String {
        target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? ""
    }

    /// HTTP/1.1 keeps the connection open unless the client says `Connection: close`; kb answers
    /// HTTP/1.0 and closes.
    public var keepsAlive: Bool {
        guard version == "HTTP/1.1" else { return false }
        let options = headers["Connection"]?.lowercased().split(separator: ",") ?? []
        return !options.contains { $0.trimmingCharacters(in: .whitespaces) == "close" }
    }

    /// Whether a body follows the head: the connection is then closed after the response rather
    /// than read past a body kb does not want.
    public var hasBody: Bool {
        headers["Transfer-Encoding"] != nil || headers["Content-Length"].map { $0 != "0" } ?? false
    }
}

/// A request kb refuses to read further, with the status it answers before closing the
/// connection.
public struct HTTPError: Error, Equatable, CustomStringConvertible {
    public let status: HTTPStatus

    public init(_ status: HTTPStatus) {
        self.status = status
    }

    public var description: String { status.description }
}
