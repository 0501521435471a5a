import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
    private let streamType = Int32(SOCK_STREAM.rawValue)
    private let sendFlags = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    import Darwin
    private let streamType = SOCK_STREAM
    private let sendFlags: Int32 = 0  // SO_NOSIGPIPE is set on the socket instead
#endif

/// The KaTeX processes of a build, fed each new formula and code block as soon as a note holding
/// it is rendered, so that KaTeX works while the other notes render and the site is made. Render's
/// tasks only queue formulas; a thread of each process writes them, another reads the answers.
///
/// KaTeX takes about 0.2 ms a formula on one core, and a wiki of 19,000 formulas waited for one
/// process alone long after its pages were made: formulas go to one process per core (at most
/// four), each formula always to the same one by a hash of its TeX, so the answers do not depend
/// on timing. A process starts with its first formula: a site without math starts nothing.
final class KaTeXSession: Sendable {
    typealias Key = Typesetting.Key

    let katex: KaTeX
    /// Answers of an earlier build (`kb serve`), not asked again.
    let known: [Key: KaTeX.Outcome]
    private let lanes: [Lane]

    init(
        katex: KaTeX = .installed, known: [Key: KaTeX.Outcome] = [:],
        processes: Int = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4)
    ) {
        self.katex = katex
        self.known = known
        lanes = (0..<max(processes, 1)).map { _ in Lane(katex: katex) }
    }

    /// Queues the formulas KaTeX has not been asked for. Called from any task; never waits for KaTeX.
    func submit(_ formulas: [NoteFormula]) {
        guard !formulas.isEmpty, katex.missing == nil else { return }
        submit(keys: formulas.map { Key($0.formula) })
    }

    /// Queues the code highlight.js has not been asked for; diagrams are drawn in the browser.
    func submit(_ blocks: [NoteCodeBlock]) {
        guard !blocks.isEmpty, katex.highlighterMissing == nil else { return }
        submit(keys: blocks.lazy.filter { !$0.block.isDiagram }.map { Key($0.block) })
    }

    private func submit(keys: [Key]) {
        var byLane = [[Key]](repeating: [], count: lanes.count)
        for key in keys where known[key] == nil {
            byLane[Int(StableHash.fnv1a(key.text) % UInt32(lanes.count))].append(key)
        }
        for (lane, keys) in zip(lanes, byLane) where !keys.isEmpty { lane.submit(keys) }
    }

    /// Every answer, once the queued requests are written and KaTeX has answered them; and why
    /// KaTeX stopped early, if it did.
    func finish() async -> (outcomes: [Key: KaTeX.Outcome], stopped: String?) {
        var outcomes: [Key: KaTeX.Outcome] = [:]
        var stopped: String?
        for lane in lanes {
            let (answers, failure) = await lane.finish()
            outcomes.merge(answers) { first, _ in first }
            if stopped == nil { stopped = failure }
        }
        return (outcomes, stopped)
    }
}

/// One KaTeX process and what was asked of it.
private final class Lane: Sendable {
    typealias Key = Typesetting.Key

    let katex: KaTeX
    private let state = Mutex(State())
    /// Writes the requests in the order they are queued, which is the order of the answers.
    private let writer = DispatchQueue(label: "kb.katex.requests")
    /// Signalled by the reader at the end of KaTeX's output.
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var seen: Set<Key> = []
        /// Written to KaTeX, in order; answered in the same order.
        var sent: [Key] = []
        var outcomes: [KaTeX.Outcome] = []
        var process: Process?
        /// Our end of KaTeX's standard input: a socket, so that writing after KaTeX stopped fails
        /// with EPIPE instead of raising SIGPIPE, which would end kb.
        var input: Int32 = -1
        var failure: String?
    }

    init(katex: KaTeX) {
        self.katex = katex
    }

    func submit(_ keys: [Key]) {
        let fresh: [Key] = state.withLock { state in
            let fresh = keys.filter { state.seen.insert($0).inserted }
            if !fresh.isEmpty && state.process == nil && state.failure == nil { start(&state) }
            return fresh
        }
        guard !fresh.isEmpty else { return }
        writer.async { [self] in
            let descriptor = state.withLock { state in
                state.sent += fresh
                return state.input
            }
            var bytes: [UInt8] = []
            for key in fresh {
                let mode =
                    switch key.kind {
                    case .formula(let display): display ? "true" : "false"
                    case .code(let language): JSONText.quote(language)
                    }
                bytes += ("[" + JSONText.quote(key.text) + "," + mode + "]\n").utf8
            }
            Self.write(bytes, to: descriptor)
        }
    }

    /// Every answer, once the queued requests are written and KaTeX has answered them; and why
    /// KaTeX stopped early, if it did.
    func finish() async -> (outcomes: [Key: KaTeX.Outcome], stopped: String?) {
        let started = state.withLock { $0.process != nil }
        if started {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                writer.async { [self] in
                    // The end of the requests: KaTeX answers the last of them and exits.
                    let input = state.withLock { state in
                        defer { state.input = -1 }
                        return state.input
                    }
                    if input >= 0 { close(input) }
                    // Waiting on a pipe: a thread of the session's, not one of the task pool's.
                    finished.wait()
                    continuation.resume()
                }
            }
        }
        return state.withLock { state in
            var outcomes: [Key: KaTeX.Outcome] = [:]
            for (key, outcome) in zip(state.sent, state.outcomes) { outcomes[key] = outcome }
            var stopped = state.failure
            if stopped == nil && state.outcomes.count < state.sent.count {
                stopped = "KaTeX stopped after \(state.outcomes.count) of \(state.sent.count) formulas"
            }
            return (outcomes, stopped)
        }
    }

    private func start(_ state: inout State) {
        guard let node = katex.node, katex.module != nil || katex.highlighter != nil else { return }
        var sockets: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, streamType, 0, &sockets) == 0 else {
            state.failure = "KaTeX did not start: no socket for its input"
            return
        }
        #if canImport(Darwin)
            var on: Int32 = 1
            _ = setsockopt(sockets[0], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
        let process = Process()
        process.executableURL = node
        process.arguments = ["-e", KaTeX.script, katex.module?.path ?? "", katex.highlighter?.path ?? ""]
        let output = Pipe()
        process.standardInput = FileHandle(fileDescriptor: sockets[1], closeOnDealloc: true)
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            close(sockets[0])
            state.failure = "Node did not start: \(error.localizedDescription)"
            return
        }
        // The child holds its own copy of its end.
        try? (process.standardInput as? FileHandle)?.close()
        state.process = process
        state.input = sockets[0]
        let reader = output.fileHandleForReading
        Thread { [self] in
            var pending: [UInt8] = []
            while let chunk = try? reader.read(upToCount: 1 << 20), !chunk.isEmpty {
                pending += chunk
                var answers: [KaTeX.Outcome] = []
                var start = 0
                while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    if let outcome = KaTeX.outcome(pending[start..<end]) { answers.append(outcome) }
                    start = end + 1
                }
                pending.removeFirst(start)
                self.state.withLock { $0.outcomes += answers }
            }
            process.waitUntilExit()
            finished.signal()
        }.start()
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        guard descriptor >= 0 else { return }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, sendFlags) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            sent += count
        }
    }
}
