import Foundation

/// Why kb serve could not listen, or why a socket call failed.
public enum SocketError: Error, CustomStringConvertible {
    /// A system call failed with this `errno`.
    case system(String, Int32)
    /// getaddrinfo(3) found no address for the host.
    case unresolved(host: String, reason: String)

    public var isAddressInUse: Bool {
        if case .system(_, EADDRINUSE) = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
        case .unresolved(let host, let reason): "cannot resolve \(host): \(reason)"
        }
    }
}
