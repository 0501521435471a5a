import Foundation
import Testing

@testable import Serve

@Suite struct HTTPRequestReaderTests {
    /// Everything the reader makes of `bytes` handed over in pieces of `size`: the requests, then
    /// the status of the error that stopped it, if any.
    static func read(_ bytes: [UInt8], in size: Int, limits: HTTPLimits = HTTPLimits()) -> ([HTTPRequest], HTTPStatus?)
    {
        var reader = HTTPRequestReader(limits: limits)
        var requests: [HTTPRequest] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            reader.append(bytes[start..<min(start + size, bytes.count)])
            do {
                while let request = try reader.next() { requests.append(request) }
            } catch {
                return (requests, error.status)
            }
        }
        return (requests, nil)
    }

    @Test func pipelinedRequestsComeOutTheSameHoweverTheBytesAreSplit() {
        let text =
            "\r\nGET /a?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept:  text/html \r\n\r\n"
            + "HEAD /b HTTP/1.0\nConnection: keep-alive\n\nGET /c HTTP/1.1\r\nConnection: Keep-Alive, close\r\n\r\n"
        let bytes = Array(text.utf8)
        let (requests, error) = Self.read(bytes, in: bytes.count)
        #expect(error == nil)
        #expect(requests.map(\.target) == ["/a?x=1", "/b", "/c"])
        #expect(requests[0].path == "/a" && requests[0].query == "x=1")
        #expect(requests[0].headers == [HTTPHeader("Host", "127.0.0.1"), HTTPHeader("Accept", "text/html")])
        #expect(requests.map(\.keepsAlive) == [true, false, false])
        #expect(requests[1].method == "HEAD" && requests[1].version == "HTTP/1.0")
        for size in [1, 2, 3, 7, 64] {
            let split = Self.read(bytes, in: size)
            #expect(split.0 == requests && split.1 == nil, "pieces of \(size)")
        }
    }

    @Test(
        arguments: [
            ("GET / HTTP/1.1\r\nHost: x\r\n", nil),
            ("GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\n\r\n", HTTPStatus.uriTooLong),
            (String(repeating: "\r\n", count: 4100) + "GET / HTTP/1.1\r\n\r\n", .uriTooLong),
            ("GET / HTTP/1.1\r\nX: " + String(repeating: "b", count: 33000) + "\r\n\r\n", .headerFieldsTooLarge),
            ("GET / HTTP/1.1\r\n" + String(repeating: "X: 1\r\n", count: 101) + "\r\n", .headerFieldsTooLarge),
            ("GET /\u{7F} HTTP/1.1\r\n\r\n", .badRequest), ("GET  / HTTP/1.1\r\n\r\n", .badRequest),
            ("G(T / HTTP/1.1\r\n\r\n", .badRequest), ("GET http://x/ HTTP/1.1\r\n\r\n", .badRequest),
            ("GET / HTTP/1.1\r\n folded\r\n\r\n", .badRequest), ("GET / HTTP/1.1\r\nNo colon\r\n\r\n", .badRequest),
            ("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", .badRequest), ("GET / HTTP/1.1\r\nX: a\u{0}b\r\n\r\n", .badRequest),
            ("GET / HTTP/2.0\r\n\r\n", .versionNotSupported), ("GET / FTP/1.1\r\n\r\n", .badRequest),
        ] as [(String, HTTPStatus?)])
    func refusedHeads(text: String, status: HTTPStatus?) {
        let bytes = Array(text.utf8)
        for size in [1, 1000, bytes.count] {
            let (requests, error) = Self.read(bytes, in: size)
            #expect(requests.isEmpty && error == status, "pieces of \(size): \(String(describing: error))")
        }
    }

    @Test func theLimitsAreInclusive() {
        let limits = HTTPLimits(requestLine: 16, headerBytes: 10, headerCount: 1)
        // 16 bytes of request line with its CR; 10 of headers with the blank line that ends them.
        let cases: [(String, Int, HTTPStatus?)] = [
            ("GET /1 HTTP/1.1\r\nX: 123\r\n\r\n", 1, nil), ("GET /12 HTTP/1.1\r\nX: 123\r\n\r\n", 0, .uriTooLong),
            ("GET /1 HTTP/1.1\r\nX: 1234\r\n\r\n", 0, .headerFieldsTooLarge),
            ("GET /1 HTTP/1.1\r\nX:\r\nY:\r\n\r\n", 0, .headerFieldsTooLarge),
        ]
        for (text, count, status) in cases {
            let bytes = Array(text.utf8)
            for size in [1, 5, bytes.count] {
                let (requests, error) = Self.read(bytes, in: size, limits: limits)
                #expect(requests.count == count && error == status, "\(text.debugDescription) in pieces of \(size)")
            }
        }
    }

    /// Looking at each byte once: a head of megabytes, in small pieces, is looked at byte by byte
    /// once. Scanning it again for every piece, as FlyingFox did, would look 8,000 times as often.
    @Test func aLargeHeadInSmallPiecesIsReadInLinearTime() throws {
        let limits = HTTPLimits(requestLine: 1 << 20, headerBytes: 1 << 23, headerCount: 1 << 20)
        let line = Array("X-Padding: \(String(repeating: "p", count: 500))\r\n".utf8)
        var reader = HTTPRequestReader(limits: limits)
        reader.append(Array("GET / HTTP/1.1\r\n".utf8))
        for _ in 0..<8000 {
            reader.append(line)
            #expect(try reader.next() == nil)
        }
        reader.append(Array("\r\n".utf8))
        #expect(try reader.next()?.headers.count == 8000)
        #expect(reader.looks == "GET / HTTP/1.1\r\n".utf8.count + 8000 * line.count + 2)
    }
}
