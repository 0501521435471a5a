import Foundation
import KnowledgeBase
import Testing

@testable import Serve

/// The server under load and abuse, on loopback only: each test bounds its connections, its
/// requests and its time.
@Suite(.serialized) struct HTTPServerTests {
    /// The sample site served in this process with `configuration`, for the time of `body`.
    static func serving(
        host: String = "127.0.0.1", configuration: HTTPServer.Configuration = HTTPServer.Configuration(),
        _ body: (Workspace, HTTPServer) async throws -> Void
    ) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let live = LiveSite(options: workspace.options) { _, _ in }
        #expect(!(await live.rebuild()).failed)
        let server = try live.server(host: host, port: 0, configuration: configuration)
        let running = Task { await server.run() }
        defer { running.cancel() }
        try await body(workspace, server)
    }

    @Test func tooLongARequestLineGets414AndTooLargeHeaders431() async throws {
        try await Self.serving { _, server in
            let port = server.port
            let (long, large, huge, many, normal) = try await offThread {
                let long = try LoopbackConnection(port: port)
                let longResponse = try long.get("/" + String(repeating: "a", count: 9000))
                let large = try LoopbackConnection(port: port)
                let largeResponse = try large.get("/", headers: "X-Large: \(String(repeating: "b", count: 40_000))\r\n")
                // The issue's 128 KB header line, which took FlyingFox 10 s of CPU.
                let huge = try LoopbackConnection(port: port)
                let hugeResponse = try huge.get("/", headers: "X-Huge: \(String(repeating: "c", count: 131_072))\r\n")
                let many = try LoopbackConnection(port: port)
                let manyResponse = try many.get("/", headers: (0..<101).map { "X-\($0): 1\r\n" }.joined())
                let normal = try LoopbackConnection(port: port).get("/index.html")
                return (
                    (longResponse, try long.closesWithoutAnswer()), (largeResponse, try large.closesWithoutAnswer()),
                    hugeResponse, manyResponse, normal
                )
            }
            #expect(long.0.status == 414 && long.1, "answered, then closed")
            #expect(large.0.status == 431 && large.1, "answered, then closed")
            #expect(huge.status == 431)
            #expect(many.status == 431)
            #expect(normal.status == 200 && normal.text.contains("测试知识库"))
        }
    }

    @Test func aBadRequestGets400AndAnotherVersion505() async throws {
        try await Self.serving { _, server in
            let port = server.port
            let answers = try await offThread {
                try ["GET index.html HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.1\r\nX : y\r\n\r\n"].map
                {
                    let connection = try LoopbackConnection(port: port)
                    try connection.send($0)
                    return try connection.response().status
                }
            }
            #expect(answers == [400, 505, 400])
        }
    }

    @Test func idleConnectionsAreClosedAfterTheTimeout() async throws {
        try await Self.serving(configuration: HTTPServer.Configuration(idleTimeout: .milliseconds(300))) { _, server in
            let port = server.port
            let (silent, partial, kept, elapsed) = try await offThread {
                let started = Date()
                let silent = try LoopbackConnection(port: port)
                let partial = try LoopbackConnection(port: port)
                try partial.send("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                let kept = try LoopbackConnection(port: port)
                let first = try kept.get("/index.html")
                let closed = try silent.closesWithoutAnswer()
                let timedOut = try partial.response().status
                return (
                    closed, timedOut, (first.status, try kept.closesWithoutAnswer()), Date().timeIntervalSince(started)
                )
            }
            #expect(silent, "a connection that sends nothing is closed")
            #expect(partial == 408, "half a request gets 408")
            #expect(kept == (200, true), "a kept-alive connection is closed once idle")
            // At least the timeout; the upper bound only tells a timeout from a connection never closed,
            // on a machine that may be busy with the rest of the tests.
            #expect(elapsed >= 0.25 && elapsed < 60, "\(elapsed) s")
        }
    }

    @Test func aStreamOutlivesTheIdleTimeoutAndEndsWhenThePageGoes() async throws {
        try await Self.serving(configuration: HTTPServer.Configuration(idleTimeout: .milliseconds(200))) { _, server in
            let port = server.port
            let (text, open) = try await offThread {
                let connection = try LoopbackConnection(port: port)
                try connection.send("GET /__kb/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                // Three idle timeouts at least, and then until the first event has come: a machine
                // busy with the other tests may take longer to answer.
                let started = Date()
                var bytes: [UInt8] = []
                var open = true
                repeat {
                    Thread.sleep(forTimeInterval: 0.1)
                    let arrived = try connection.arrived()
                    bytes += arrived.bytes
                    open = arrived.open
                } while open && Date().timeIntervalSince(started) < 30
                    && (Date().timeIntervalSince(started) < 0.7
                        || !String(decoding: bytes, as: UTF8.self).contains("data: "))
                connection.hangUp()
                return (String(decoding: bytes, as: UTF8.self), open)
            }
            #expect(
                text.hasPrefix("HTTP/1.1 200 OK\r\n") && text.contains("Content-Type: text/event-stream"), "\(text)")
            #expect(text.contains("data: {\"generation\":1,\"errors\":[],\"heading\":"), "\(text)")
            #expect(open, "still open after three idle timeouts")
            let deadline = ContinuousClock.now + .seconds(5)
            while server.openConnections > 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.openConnections == 0, "the stream ended with its connection")
        }
    }

    @Test func aFolderWithoutItsSlashIsRedirectedOnTheWire() async throws {
        try await Self.serving { _, server in
            let port = server.port
            let (redirect, page) = try await offThread {
                let connection = try LoopbackConnection(port: port)
                return (try connection.get("/tags?x=1"), try connection.get("/tags/"))
            }
            #expect(redirect.status == 301 && redirect.headers["location"] == "/tags/?x=1")
            #expect(page.status == 200 && page.text.contains("<script src=\"/__kb/reload.js\"></script>"))
        }
    }

    @Test(arguments: ["localhost", "::1", "[::1]"])
    func hostNamesAndIPv6Bind(host: String) async throws {
        try await Self.serving(host: host) { _, server in
            let port = server.port
            // `localhost` stands for 127.0.0.1, ::1 or both, as /etc/hosts says: all of them answer.
            let addresses = host == "localhost" ? Self.loopbackAddresses(of: "localhost") : ["::1"]
            #expect(!addresses.isEmpty)
            for address in addresses {
                let response = try await offThread { try LoopbackConnection(host: address, port: port).get("/") }
                #expect(response.status == 200, "\(address)")
            }
            #expect(server.url == (host == "localhost" ? "http://localhost:\(port)/" : "http://[::1]:\(port)/"))
        }
    }

    static func loopbackAddresses(of host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &found) == 0 else { return [] }
        defer { freeaddrinfo(found) }
        var addresses: [String] = []
        var entry = found
        while let info = entry?.pointee {
            entry = info.ai_next
            var name = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(info.ai_addr, info.ai_addrlen, &name, socklen_t(name.count), nil, 0, NI_NUMERICHOST) == 0
            else { continue }
            let address = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if (address == "127.0.0.1" || address == "::1") && !addresses.contains(address) {
                addresses.append(address)
            }
        }
        return addresses
    }

    @Test func atALoweredOpenFileLimitTheServerKeepsServing() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let serve = try await ServeProcess.start(workspace, openFiles: 64, arguments: ["--idle-timeout", "60"])
        #expect(serve.proc("limits", "Max open files")?.split(separator: " ").dropFirst(3).first == "64")
        let (port, pid) = (serve.port, serve.pid)
        let (descriptors, early, late) = try await offThread {
            // Far more connections than descriptors: those past the limit wait to be accepted.
            let connections = try (0..<150).map { _ in try LoopbackConnection(port: port) }
            Thread.sleep(forTimeInterval: 0.5)
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
            // A connection already accepted still gets its file: descriptors were kept for files.
            let early = try connections[0].get("/index.html").status
            for connection in connections { connection.hangUp() }
            let late = try LoopbackConnection(port: port).get("/index.html").status
            return (descriptors, early, late)
        }
        #expect(descriptors >= 48 && descriptors <= 64, "\(descriptors) descriptors open")
        #expect(early == 200)
        #expect(late == 200, "answers once the connections have closed")
        #expect(serve.process.isRunning)
    }

    /// `KB_SERVE_LOAD_REQUESTS` requests (20,000 unless set) to `kb serve` in a child process,
    /// from four clients that each reconnect every 25 requests. Its resident memory may not grow
    /// by more than 30 MB: FlyingFox's grew by 0.7 KB a request. Run with
    /// `KB=.build/release/kb KB_SERVE_LOAD_REQUESTS=100000` to measure the release build.
    @Test func memoryStaysFlatUnderLoad() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let serve = try await ServeProcess.start(workspace)
        let port = serve.port
        let total = ProcessInfo.processInfo.environment["KB_SERVE_LOAD_REQUESTS"].flatMap(Int.init) ?? 20_000
        let targets = ["/index.html", "/assets/style.css", "/tags", "/no/such/page", "/__kb/reload.js", "/feed.xml"]
        let expected = [200, 200, 301, 404, 200, 200]

        @Sendable func load(_ count: Int) async throws -> Int {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<4 {
                    group.addTask {
                        try await offThread {
                            var wrong = 0
                            var connection = try LoopbackConnection(port: port)
                            for (index, number) in stride(from: client, to: count, by: 4).enumerated() {
                                if index > 0 && index % 25 == 0 { connection = try LoopbackConnection(port: port) }
                                let response = try connection.get(targets[number % targets.count])
                                if response.status != expected[number % targets.count] { wrong += 1 }
                            }
                            return wrong
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
        }

        #expect(try await load(2_000) == 0, "warm-up")
        let before = try #require(serve.residentKilobytes)
        let started = ContinuousClock.now
        let wrong = try await load(total)
        let elapsed = ContinuousClock.now - started
        let after = try #require(serve.residentKilobytes)
        print(
            "kb serve load: \(total) requests in \(elapsed), \(Int(Double(total) / (elapsed / .seconds(1)))) per second;"
                + " VmRSS \(before) kB before, \(after) kB after (\(ServeProcess.binary.path))")
        #expect(wrong == 0)
        #expect(after - before < 30_000, "VmRSS grew from \(before) kB to \(after) kB over \(total) requests")
        #expect(serve.process.isRunning)
    }
}
