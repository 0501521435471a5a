import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamType = Int32(SOCK_STREAM.rawValue)
    /// Linux has no per-socket option against SIGPIPE; each send asks instead.
    private let sendFlags = Int32(MSG_NOSIGNAL)
    private let shutdownWrite = Int32(SHUT_WR)
#elseif canImport(Darwin)
    import Darwin
    private let streamType = SOCK_STREAM
    private let sendFlags: Int32 = 0
    private let shutdownWrite = SHUT_WR
#endif

// Socket's own methods are named like these calls and would hide them inside it.
private func systemBind(_ descriptor: Int32, _ address: UnsafeRawBufferPointer) -> Int32 {
    bind(descriptor, address.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
}
private func systemListen(_ descriptor: Int32) -> Int32 { listen(descriptor, 512) }
private func systemAccept(_ descriptor: Int32) -> Int32 { accept(descriptor, nil, nil) }
private func systemClose(_ descriptor: Int32) { _ = close(descriptor) }

/// A non-blocking TCP socket whose waits go through the poller. Whoever holds one closes it once.
struct Socket: Sendable {
    let descriptor: Int32
    let poller: Poller

    /// A listening socket on every address `host` names (a name, IPv4 or IPv6, with or without
    /// brackets), all on one port; port 0 takes a free one.
    static func listen(host: String, port: UInt16, poller: Poller) throws(SocketError) -> [Socket] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &found)
        guard status == 0 else { throw .unresolved(host: host, reason: String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(found) }

        var addresses: [[UInt8]] = []
        var entry = found
        while let info = entry?.pointee {
            entry = info.ai_next
            guard info.ai_family == AF_INET || info.ai_family == AF_INET6, let address = info.ai_addr else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)))
            if !addresses.contains(bytes) { addresses.append(bytes) }
        }
        var sockets: [Socket] = []
        var firstError: SocketError?
        for var address in addresses {
            // Port 0 lets the first address pick; every other address of the host takes the same.
            if port == 0, let bound = sockets.first?.port { setPort(bound, in: &address) }
            do {
                sockets.append(try bind(address, poller: poller))
            } catch {
                // A name can stand for an address this machine lacks (`localhost` as ::1 without
                // IPv6); the others serve. A port in use is an error however many there are.
                if error.isAddressInUse {
                    for socket in sockets { socket.close() }
                    throw error
                }
                firstError = firstError ?? error
            }
        }
        guard !sockets.isEmpty else { throw firstError ?? .unresolved(host: host, reason: "no IPv4 or IPv6 address") }
        return sockets
    }

    private static func bind(_ address: [UInt8], poller: Poller) throws(SocketError) -> Socket {
        let family = Int32(
            address.withUnsafeBytes {
                $0.loadUnaligned(fromByteOffset: MemoryLayout<sockaddr>.offset(of: \.sa_family)!, as: sa_family_t.self)
            })
        let descriptor = socket(family, streamType, 0)
        guard descriptor >= 0 else { throw .system("socket", errno) }
        var on: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 {
            // Else `::` would take the IPv4 port too, and `localhost` could not bind both.
            _ = setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        guard address.withUnsafeBytes({ systemBind(descriptor, $0) }) == 0, systemListen(descriptor) == 0 else {
            let code = errno
            systemClose(descriptor)
            throw .system("bind", code)
        }
        let socket = Socket(descriptor: descriptor, poller: poller)
        socket.makeNonBlocking()
        return socket
    }

    private static func setPort(_ port: UInt16, in address: inout [UInt8]) {
        address.withUnsafeMutableBytes { raw in
            // sin_port and sin6_port sit at the same offset, after the family.
            raw.storeBytes(
                of: port.bigEndian, toByteOffset: MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!, as: UInt16.self)
        }
    }

    /// The port the socket is bound to.
    var port: UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return 0 }
        return withUnsafeBytes(of: storage) {
            UInt16(
                bigEndian: $0.load(fromByteOffset: MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!, as: UInt16.self))
        }
    }

    private func makeNonBlocking() {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }

    /// The next connection waiting, or nil when none is. Throws when the system refuses one, as
    /// it does at the open-file limit (EMFILE).
    func accept() throws(SocketError) -> Socket? {
        while true {
            let accepted = systemAccept(descriptor)
            if accepted >= 0 {
                let socket = Socket(descriptor: accepted, poller: poller)
                socket.makeNonBlocking()
                var on: Int32 = 1
                // The event stream sends small writes that must not wait for an acknowledgement.
                _ = setsockopt(accepted, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                #if canImport(Darwin)
                    _ = setsockopt(accepted, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
                #endif
                return socket
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return nil
            // A connection reset before it was accepted, or a signal: the next may be fine.
            case EINTR, ECONNABORTED, EPROTO: continue
            case let code: throw .system("accept", code)
            }
        }
    }

    /// Reads what has arrived into `reader`, waiting for it until `deadline`; false once the peer
    /// has closed or reset the connection.
    func read(into reader: inout HTTPRequestReader, until deadline: ContinuousClock.Instant?) async throws -> Bool {
        try await receive(until: deadline) { reader.append($0) } > 0
    }

    /// Waits for bytes until `deadline` and hands what has arrived to `body`; 0 once the peer has
    /// closed or reset the connection.
    private func receive(
        until deadline: ContinuousClock.Instant?, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void
    ) async throws -> Int {
        while true {
            let (count, code) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16384) { buffer in
                let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
                if count > 0 { body(UnsafeMutableBufferPointer(rebasing: buffer[..<count])) }
                return (count, errno)
            }
            if count >= 0 { return count }
            switch code {
            case EAGAIN, EWOULDBLOCK: try await poller.wait(for: .readable, on: descriptor, until: deadline)
            case EINTR: continue
            default: return 0
            }
        }
    }

    /// Sends all of `bytes`; throws `Poller.TimedOut` when the peer takes in nothing for `timeout`.
    func write(_ bytes: [UInt8], timeout: Duration) async throws {
        var sent = 0
        while sent < bytes.count {
            let (count, code) = bytes.withUnsafeBytes { raw in
                let count = send(descriptor, raw.baseAddress! + sent, raw.count - sent, sendFlags)
                return (count, errno)
            }
            if count >= 0 {
                sent += count
                continue
            }
            switch code {
            case EAGAIN, EWOULDBLOCK: try await poller.wait(for: .writable, on: descriptor, until: .now + timeout)
            case EINTR: continue
            default: throw SocketError.system("send", code)
            }
        }
    }

    /// Reads and drops whatever the peer sends until it closes the connection, the task is
    /// cancelled, `deadline` passes or `limit` bytes have come.
    func discardInput(until deadline: ContinuousClock.Instant? = nil, limit: Int = .max) async {
        var total = 0
        while total < limit, let count = try? await receive(until: deadline, { _ in }), count > 0 {
            total += count
        }
    }

    /// Closes after the response has been sent, when the client may still be sending: closing at
    /// once with its bytes unread would reset the connection, and the client could lose the
    /// response (RFC 9112 §9.6).
    func closeAfterDraining(within timeout: Duration) async {
        _ = shutdown(descriptor, shutdownWrite)
        await discardInput(until: .now + timeout, limit: 1 << 20)
        close()
    }

    func close() {
        systemClose(descriptor)
    }
}
