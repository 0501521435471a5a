import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lets any number of tasks wait for their sockets to be ready, with a deadline each, on one thread
/// that sleeps in poll(2): an open connection costs an entry in a table, not a thread. poll(2),
/// unlike epoll or kqueue, is the same on Linux and macOS, and scanning the table on every wake-up
/// is cheap for the connections one machine's browser opens.
final class Poller: Sendable {
    enum Readiness {
        case readable, writable
    }

    /// The deadline passed before the socket was ready.
    struct TimedOut: Error {}

    private struct Waiter {
        var descriptor: Int32
        var events: Int16
        var deadline: ContinuousClock.Instant?
        var continuation: CheckedContinuation<Void, any Error>?
        /// Cancelled before its continuation was made: the continuation fails as soon as it is.
        var cancelled = false
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
        var stopped = false
    }

    private let state = Mutex(State())
    /// A pipe whose read end is always polled too: a byte written to it wakes the thread so that
    /// it polls a changed table.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init() throws(SocketError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SocketError.system("pipe", errno) }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        (wakeRead, wakeWrite) = (ends[0], ends[1])
        let thread = Thread { [self] in run() }
        thread.name = "kb serve poll"
        thread.start()
    }

    /// Returns when `descriptor` is ready (or has failed: the next call on it tells how); throws
    /// `TimedOut` at `deadline`, or `CancellationError` when the task is cancelled.
    func wait(
        for readiness: Readiness, on descriptor: Int32, until deadline: ContinuousClock.Instant? = nil
    ) async throws {
        let events = Int16(readiness == .readable ? POLLIN : POLLOUT)
        let id = state.withLock { state in
            state.nextID += 1
            state.waiters[state.nextID] = Waiter(descriptor: descriptor, events: events, deadline: deadline)
            return state.nextID
        }
        // The waiter is in the table before either closure can run, so whichever of the thread,
        // the cancellation and the continuation comes last finds it and removes it.
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let refused = state.withLock { state -> Bool in
                    guard let waiter = state.waiters[id], !waiter.cancelled, !state.stopped else {
                        state.waiters[id] = nil
                        return true
                    }
                    state.waiters[id]?.continuation = continuation
                    return false
                }
                if refused { continuation.resume(throwing: CancellationError()) } else { wake() }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let waiter = state.waiters[id] else { return nil }
                guard let continuation = waiter.continuation else {
                    state.waiters[id]?.cancelled = true
                    return nil
                }
                state.waiters[id] = nil
                return continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Ends the thread; every task still waiting gets `CancellationError`.
    func stop() {
        state.withLock { $0.stopped = true }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        // A full pipe already holds a wake-up: nothing is lost when this write fails.
        _ = write(wakeWrite, &byte, 1)
    }

    private func run() {
        var table: [pollfd] = []
        // A descriptor can have two waiters (a stream reads and writes): it gets one entry, so
        // that the table never outgrows the open-file limit, which poll(2) refuses (EINVAL).
        var entries: [Int32: Int] = [:]
        var waiting: [(id: UInt64, entry: Int, events: Int16)] = []
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            table.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
            waiting.removeAll(keepingCapacity: true)
            table.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            var nearest: ContinuousClock.Instant?
            var expired: [CheckedContinuation<Void, any Error>] = []
            let stopped = state.withLock { state -> Bool in
                if state.stopped { return true }
                let now = ContinuousClock.now
                for (id, waiter) in state.waiters {
                    guard let continuation = waiter.continuation else { continue }
                    if let deadline = waiter.deadline {
                        guard deadline > now else {
                            state.waiters[id] = nil
                            expired.append(continuation)
                            continue
                        }
                        nearest = min(nearest ?? deadline, deadline)
                    }
                    let entry = entries[waiter.descriptor] ?? table.count
                    if entry == table.count {
                        entries[waiter.descriptor] = entry
                        table.append(pollfd(fd: waiter.descriptor, events: 0, revents: 0))
                    }
                    table[entry].events |= waiter.events
                    waiting.append((id, entry, waiter.events))
                }
                return false
            }
            for continuation in expired { continuation.resume(throwing: TimedOut()) }
            if stopped { break }
            guard expired.isEmpty else { continue }
            // Rounded up, so that the thread does not wake just before the deadline.
            let timeout =
                nearest.map { Int32(min(max(($0 - .now) / .milliseconds(1), 1), 3_600_000).rounded(.up)) } ?? -1
            if poll(&table, nfds_t(table.count), timeout) < 0, errno != EINTR {
                // Out of memory for the table (ENOMEM): wait a little rather than spin.
                usleep(10_000)
                continue
            }
            if table[0].revents != 0 { while read(wakeRead, &drain, drain.count) > 0 {} }
            // An error or a hang-up wakes both waiters: the call each makes next tells it.
            let failed = Int16(POLLERR | POLLHUP | POLLNVAL)
            var ready: [CheckedContinuation<Void, any Error>] = []
            state.withLock { state in
                for waiter in waiting where table[waiter.entry].revents & (waiter.events | failed) != 0 {
                    if let continuation = state.waiters.removeValue(forKey: waiter.id)?.continuation {
                        ready.append(continuation)
                    }
                }
            }
            for continuation in ready { continuation.resume() }
        }
        let left = state.withLock { state in
            defer { state.waiters = [:] }
            return state.waiters.values.compactMap(\.continuation)
        }
        for continuation in left { continuation.resume(throwing: CancellationError()) }
    }

    // The pipe is closed only when nothing can write to it any more: a wake-up written to a
    // closed descriptor could land in a file that reused its number.
    deinit {
        close(wakeRead)
        close(wakeWrite)
    }
}
