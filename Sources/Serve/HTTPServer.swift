import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// kb serve's HTTP/1.1 server, on non-blocking POSIX sockets. It reads request heads only within
/// `HTTPLimits`, closes a connection that sends no request for `idleTimeout`, keeps part of the
/// open-file limit free for the files it serves, and at the limit waits and accepts again rather
/// than stop.
public final class HTTPServer: Sendable {
    public struct Configuration: Sendable {
        public var limits: HTTPLimits
        /// How long a connection may take to send a whole request head after the last response
        /// (or after connecting), and how long a send may wait for the client to read.
        public var idleTimeout: Duration
        /// How many connections are open at most; more wait to be accepted. Nil: the open-file
        /// limit less a reserve for the files being served and the build.
        public var maxConnections: Int?

        public init(limits: HTTPLimits = HTTPLimits(), idleTimeout: Duration = .seconds(15), maxConnections: Int? = nil)
        {
            self.limits = limits
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
        }
    }

    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    public let host: String
    /// The port listened on: the one asked for, or the one the system picked for port 0.
    public let port: UInt16
    public let configuration: Configuration
    private let handler: Handler
    private let poller: Poller
    private let listeners: [Socket]
    private let connectionLimit: Int
    private let connections = Atomic<Int>(0)

    /// Listens at once on every address `host` names, so that a port in use or a host that does
    /// not resolve is an error here, before `run`.
    public init(
        host: String, port: UInt16, configuration: Configuration = Configuration(),
        handler: @escaping Handler
    ) throws(SocketError) {
        let poller = try Poller()
        do {
            listeners = try Socket.listen(host: host, port: port, poller: poller)
        } catch {
            poller.stop()
            throw error
        }
        self.host = host
        self.port = listeners[0].port
        self.configuration = configuration
        self.handler = handler
        self.poller = poller
        let files = Self.openFileLimit
        connectionLimit = configuration.maxConnections ?? max(1, files - min(64, files / 4))
    }

    deinit {
        for listener in listeners { listener.close() }
        poller.stop()
    }

    /// The address to open in a browser.
    public var url: String {
        let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "http://\(name):\(port)/"
    }

    /// How many connections are open now.
    public var openConnections: Int { connections.load(ordering: .relaxed) }

    /// Serves until the task is cancelled, then closes every connection.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for listener in listeners {
                group.addTask { await self.accept(on: listener) }
            }
        }
    }

    private func accept(on listener: Socket) async {
        await withDiscardingTaskGroup { group in
            var backoff = Duration.milliseconds(5)
            while !Task.isCancelled {
                do {
                    guard connections.load(ordering: .relaxed) < connectionLimit else {
                        try await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, .milliseconds(100))
                        continue
                    }
                    guard let socket = try listener.accept() else {
                        try await poller.wait(for: .readable, on: listener.descriptor)
                        continue
                    }
                    backoff = .milliseconds(5)
                    connections.add(1, ordering: .relaxed)
                    group.addTask {
                        await self.serve(socket)
                        self.connections.subtract(1, ordering: .relaxed)
                    }
                } catch is CancellationError {
                    return
                } catch {
                    // Out of descriptors (EMFILE) or memory: connections that close give them back,
                    // and the clients wait in the listen queue meanwhile.
                    try? await Task.sleep(for: backoff)
                    backoff = min(backoff * 2, .milliseconds(100))
                }
            }
        }
    }

    private func serve(_ socket: Socket) async {
        let timeout = configuration.idleTimeout
        var reader = HTTPRequestReader(limits: configuration.limits)
        while !Task.isCancelled {
            // One deadline for the whole head: a client that sends a byte now and then gains nothing.
            let deadline = ContinuousClock.now + timeout
            let request: HTTPRequest
            do {
                guard let next = try await nextRequest(from: socket, into: &reader, until: deadline) else {
                    return socket.close()
                }
                request = next
            } catch let error as HTTPError {
                return await refuse(error.status, on: socket)
            } catch is Poller.TimedOut {
                guard reader.hasPartialRequest else { return socket.close() }
                return await refuse(.requestTimeout, on: socket)
            } catch {
                return socket.close()
            }

            let response = await handler(request)
            let closing = !request.keepsAlive || request.hasBody
            let head = response.head(closing: closing)
            switch response.body {
            case .bytes(let body):
                guard (try? await socket.write(request.method == "HEAD" ? head : head + body, timeout: timeout)) != nil
                else { return socket.close() }
                if closing { return await socket.closeAfterDraining(within: .seconds(2)) }
            case .stream(let chunks):
                if request.method != "HEAD" { await stream(chunks, after: head, on: socket) }
                return socket.close()
            }
        }
        socket.close()
    }

    private func nextRequest(
        from socket: Socket, into reader: inout HTTPRequestReader, until deadline: ContinuousClock.Instant
    ) async throws -> HTTPRequest? {
        while true {
            if let request = try reader.next() { return request }
            guard try await socket.read(into: &reader, until: deadline) else { return nil }
        }
    }

    /// Answers a request that cannot be read any further, then closes.
    private func refuse(_ status: HTTPStatus, on socket: Socket) async {
        let response = HTTPResponse.text(status)
        try? await socket.write(response.head(closing: true) + response.bytes, timeout: configuration.idleTimeout)
        await socket.closeAfterDraining(within: .seconds(2))
    }

    /// Sends the chunks as they come until the client closes the connection: a page that goes
    /// away is noticed at once, not at the next write.
    private func stream(_ chunks: AsyncStream<[UInt8]>, after head: [UInt8], on socket: Socket) async {
        let timeout = configuration.idleTimeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                guard (try? await socket.write(head, timeout: timeout)) != nil else { return }
                for await chunk in chunks {
                    guard (try? await socket.write(chunk, timeout: timeout)) != nil else { return }
                }
            }
            group.addTask { await socket.discardInput() }
            await group.next()
            group.cancelAll()
        }
    }

    /// The soft open-file limit.
    static var openFileLimit: Int {
        var limit = rlimit()
        guard getrlimit(resourceOpenFiles, &limit) == 0 else { return 1024 }
        return Int(clamping: limit.rlim_cur)
    }

    /// Raises the soft open-file limit to the hard one, which many systems set far higher (the
    /// soft limit is often 1,024): every open connection takes a descriptor. Returns the limit.
    @discardableResult
    public static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(resourceOpenFiles, &limit) == 0 else { return openFileLimit }
        var wanted = limit.rlim_max
        #if canImport(Darwin)
            // macOS reports an unlimited hard limit but refuses a soft one above OPEN_MAX.
            wanted = min(wanted, rlim_t(OPEN_MAX))
        #endif
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted
            _ = setrlimit(resourceOpenFiles, &limit)
        }
        return openFileLimit
    }
}

#if canImport(Glibc)
    private let resourceOpenFiles = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
    private let resourceOpenFiles = RLIMIT_NOFILE
#endif
