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
/// process alone long after its pages were made; but each process costs a quarter of a second of
/// CPU to start Node, load highlight.js and warm its compiler, more than a whole small vault's
/// code. So one process starts with the first request (a site without math or code starts
/// nothing), and another, up to one per core (at most four), only while every one started has
/// more than `backlog` requests not yet answered. Each request goes once to a single process,
/// the least behind: an answer depends on its formula or code alone (KaTeX typesets each on its
/// own, highlight.js keeps no state between blocks), so which process answers, and how many
/// there are, changes nothing in the site.
final class KaTeXSession: Sendable {
    typealias Key = Typesetting.Key

    let katex: KaTeX
    /// Answers of an earlier build (`kb serve`), not asked again.
    let known: [Key: KaTeX.Outcome]
    private let lanes: [Lane]
    /// Every request queued so far, in whichever process.
    private let asked = Mutex<Set<Key>>([])
    /// Requests a process may have waiting before another one starts: about a quarter of a
    /// second of KaTeX's work, what starting a process costs.
    let backlog: Int

    init(
        katex: KaTeX = .installed, known: [Key: KaTeX.Outcome] = [:],
        processes: Int = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4), backlog: Int = 1000
    ) {
        self.katex = katex
        self.known = known
        self.backlog = backlog
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

    /// How many processes have started (or failed to).
    var processCount: Int { lanes.count { $0.started } }

    private func submit(keys: [Key]) {
        let fresh = asked.withLock { asked in keys.filter { known[$0] == nil && asked.insert($0).inserted } }
        guard !fresh.isEmpty else { return }
        let next = lanes.first { !$0.started }
        let least = lanes.filter(\.started).map { ($0, $0.waiting) }.min { $0.1 < $1.1 }
        if let (lane, waiting) = least, waiting <= backlog || next == nil {
            lane.submit(fresh)
        } else {
            (next ?? lanes[0]).submit(fresh)
        }
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
        /// Requests queued, written or not.
        var queued = 0
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

    /// Whether the process was started, or failed to.
    var started: Bool { state.withLock { $0.process != nil || $0.failure != nil } }

    /// Requests queued and not answered yet.
    var waiting: Int { state.withLock { $0.queued - $0.outcomes.count } }

    /// Queues requests no other lane was given.
    func submit(_ fresh: [Key]) {
        state.withLock { state in
            state.queued += fresh.count
            if state.process == nil && state.failure == nil { start(&state) }
        }
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
