import Foundation
import KnowledgeBase

/// What the open pages must know about the site: which successful build it is, and the
/// diagnostics of the last build if it failed (the pages then keep the last good site and show
/// them in an overlay).
public struct SiteState: Sendable, Equatable {
    public var generation: Int
    public var errors: [String]
    /// The overlay's first line, in the site's language.
    public var heading: String

    public init(generation: Int, errors: [String], heading: String = Labels(language: "en")[.buildFailed]) {
        self.generation = generation
        self.errors = errors
        self.heading = heading
    }

    var event: [UInt8] {
        let errors = self.errors.map { JSONText.quote($0) }.joined(separator: ",")
        return Array(
            "event: state\ndata: {\"generation\":\(generation),\"errors\":[\(errors)],\"heading\":\(JSONText.quote(heading))}\n\n"
                .utf8)
    }
}

/// Server-Sent Events to every open page. A page that connects gets the current state at once,
/// then every change.
public actor ReloadEvents {
    private var state = SiteState(generation: 0, errors: [])
    private var clients: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]

    public init() {}

    public var current: SiteState { state }

    public func publish(_ state: SiteState) {
        self.state = state
        for client in clients.values { client.yield(state.event) }
    }

    func subscribe() -> AsyncStream<[UInt8]> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        continuation.yield(state.event)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        clients[id] = continuation
        return stream
    }

    private func unsubscribe(_ id: UUID) {
        clients[id] = nil
    }
}
