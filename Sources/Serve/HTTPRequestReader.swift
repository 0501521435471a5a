/// Finds the request heads in a connection's bytes as they arrive. Each byte is looked at once
/// however the bytes are split, and a head over the limits is refused as soon as that much has
/// arrived, so neither the time nor the memory a client can make it spend grows faster than
/// what it sends.
public struct HTTPRequestReader: Sendable {
    public let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// Where the request being read begins: the bytes before are consumed.
    private var start = 0
    /// The bytes before this have been looked at.
    private var scanned = 0
    /// Where the line being looked at begins.
    private var lineStart = 0
    /// Where the header lines begin, once the request line has ended.
    private var headersStart: Int?
    private var headerCount = 0
    /// How many times a byte was looked at, in all: for the test that it is each byte once.
    private(set) var looks = 0

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Whether some of a next request has arrived; blank lines before one do not count.
    public var hasPartialRequest: Bool { headersStart != nil || buffer.count > lineStart }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole request head, or nil until one has arrived. After an error the connection
    /// is to be answered with its status and closed: the reader is not used again.
    public mutating func next() throws(HTTPError) -> HTTPRequest? {
        while scanned < buffer.count {
            let index = scanned
            scanned += 1
            looks += 1
            guard buffer[index] == UInt8(ascii: "\n") else { continue }
            let blank = index == lineStart || (index == lineStart + 1 && buffer[lineStart] == UInt8(ascii: "\r"))
            if let headersStart {
                if blank {
                    guard index + 1 - headersStart <= limits.headerBytes else {
                        throw HTTPError(.headerFieldsTooLarge)
                    }
                    let request = try parse(requestLine: start..<headersStart, headers: headersStart..<lineStart)
                    consume(upTo: index + 1)
                    return request
                }
                headerCount += 1
                guard headerCount <= limits.headerCount else { throw HTTPError(.headerFieldsTooLarge) }
            } else if !blank {
                // RFC 9112 §2.2 lets blank lines come before a request line; they count towards
                // its length, so that they too are bounded.
                guard index - start <= limits.requestLine else { throw HTTPError(.uriTooLong) }
                headersStart = index + 1
            }
            lineStart = index + 1
        }
        // Not whole yet: what has arrived may already be too much. These bounds imply the ones
        // checked when the line ends, so splitting the bytes differently never changes the answer.
        if let headersStart {
            guard buffer.count - headersStart <= limits.headerBytes else { throw HTTPError(.headerFieldsTooLarge) }
        } else {
            guard buffer.count - start <= limits.requestLine else { throw HTTPError(.uriTooLong) }
        }
        return nil
    }

    private mutating func consume(upTo end: Int) {
        headersStart = nil
        headerCount = 0
        if end == buffer.count {
            // A connection that once sent a large head should not keep its buffer while idle.
            buffer.removeAll(keepingCapacity: buffer.capacity <= 16384)
            (start, scanned, lineStart) = (0, 0, 0)
        } else if end > buffer.count / 2 {
            // Pipelined requests: dropping the consumed bytes only once they are half the buffer
            // keeps the copying linear in what was sent.
            buffer.removeFirst(end)
            (start, scanned, lineStart) = (0, 0, 0)
        } else {
            (start, scanned, lineStart) = (end, end, end)
        }
    }

    private func parse(requestLine: Range<Int>, headers: Range<Int>) throws(HTTPError) -> HTTPRequest {
        var line = trimmingLineEnd(requestLine)
        // Only blank lines before the request line remain to skip: it is the last line here.
        if let lastLF = buffer[line].lastIndex(of: UInt8(ascii: "\n")) { line = (lastLF + 1)..<line.upperBound }
        let parts = buffer[line].split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenByte),
            parts[1].first == UInt8(ascii: "/"), parts[1].allSatisfy({ $0 > 0x20 && $0 != 0x7F })
        else { throw HTTPError(.badRequest) }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            let numbered = version.utf8.count == 8 && version.hasPrefix("HTTP/")
            throw HTTPError(numbered ? .versionNotSupported : .badRequest)
        }
        var fields: [HTTPHeader] = []
        var lineStart = headers.lowerBound
        for index in headers where buffer[index] == UInt8(ascii: "\n") {
            fields.append(try parseHeader(trimmingLineEnd(lineStart..<(index + 1))))
            lineStart = index + 1
        }
        return HTTPRequest(
            method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
            version: version, headers: fields)
    }

    private func parseHeader(_ line: Range<Int>) throws(HTTPError) -> HTTPHeader {
        let bytes = buffer[line]
        // A line that begins with white space continues the previous one (obsolete line folding),
        // which RFC 9112 §5.2 lets a server refuse.
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > line.lowerBound,
            bytes[..<colon].allSatisfy(Self.isTokenByte)
        else { throw HTTPError(.badRequest) }
        var value = bytes[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        // A CR here would be a line end that some other parser sees and this one does not.
        guard value.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else { throw HTTPError(.badRequest) }
        return HTTPHeader(String(decoding: bytes[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// The line without its LF and the CR before it, if any.
    private func trimmingLineEnd(_ line: Range<Int>) -> Range<Int> {
        var end = line.upperBound
        if end > line.lowerBound, buffer[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > line.lowerBound, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return line.lowerBound..<end
    }

    /// RFC 9110 §5.6.2: the characters of a method or a header name.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
