import Foundation
import KnowledgeBase

/// `kb serve`: builds the site, serves it, and rebuilds it whenever a note, a template or the
/// settings change. A failed build keeps the last good site in place and tells the open pages.
public actor LiveSite {
    public nonisolated let options: BuildOptions
    public nonisolated let events = ReloadEvents()
    private let report: @Sendable (BuildResult, Duration) -> Void
    private var generation = 0
    /// What the last build computed, so that a save redoes only what it affects.
    private var cache = BuildCache()
    private let watcher: SiteWatcher
    /// The files as they were when the last build began: a change made during a build is seen.
    private var baseline: SiteWatcher.Snapshot?
    /// The kernel tells of changes (`FolderEvents`): no snapshot is taken.
    private var toldByKernel = false

    /// `report` is told about every build, for the terminal.
    public init(options: BuildOptions, report: @escaping @Sendable (BuildResult, Duration) -> Void) {
        self.options = options
        self.report = report
        watcher = SiteWatcher(folders: [options.content, options.templates])
    }

    /// Builds once and publishes the outcome to the open pages.
    @discardableResult
    public func rebuild() async -> BuildResult {
        let start = ContinuousClock.now
        // The kernel's events need no baseline, and a snapshot walks every file.
        if !toldByKernel { baseline = watcher.snapshot() }
        // A copy across the suspension: an actor's property cannot be lent to an async call. The
        // cache only saves work, each entry is checked before use, so a lost update costs time only.
        var cache = self.cache
        let result = await Build.run(options, write: true, cache: &cache)
        self.cache = cache
        if result.failed {
            await events.publish(
                SiteState(
                    generation: generation,
                    errors: result.diagnostics.filter { $0.severity == .error }.map(\.description),
                    heading: result.labels[.buildFailed]))
        } else {
            generation += 1
            await events.publish(SiteState(generation: generation, errors: []))
        }
        report(result, ContinuousClock.now - start)
        return result
    }

    /// Rebuilds after every change until the task is cancelled: told by the kernel where it can
    /// (`FolderEvents`), else by comparing snapshots every `interval`.
    public func watch(every interval: Duration = .milliseconds(250)) async {
        #if canImport(Glibc)
            if let events = FolderEvents(folders: watcher.folders) {
                // A save during the last build was seen: it is in the stream already.
                var changes = events.stream.makeAsyncIterator()
                // A save between the last build and the watches taking hold has no event.
                let missed = baseline.map { watcher.snapshot() != $0 } ?? true
                toldByKernel = true
                if missed { await rebuild() }
                // How many batches of events had come when the last build began: the stream keeps
                // a wake-up for the batches that came while waiting for the events to stop, and
                // that build saw them; without this every save was built twice.
                var built = -1
                while !Task.isCancelled, await changes.next() != nil {
                    if events.count == built { continue }
                    // Editors write a file in several steps: build once the events have stopped
                    // for a moment, not at the first.
                    var seen = 0
                    repeat {
                        seen = events.count
                        try? await Task.sleep(for: .milliseconds(15))
                    } while events.count != seen
                    built = seen
                    await rebuild()
                }
                return
            }
        #endif
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard watcher.snapshot() != baseline else { continue }
            // Editors write a file in several steps: let it settle before building.
            try? await Task.sleep(for: .milliseconds(60))
            await rebuild()
        }
    }

    /// A server for the output folder on `host:port` (port 0 picks a free one), listening from
    /// the moment it is made.
    public nonisolated func server(
        host: String, port: UInt16, configuration: HTTPServer.Configuration = HTTPServer.Configuration()
    ) throws(SocketError) -> HTTPServer {
        let files = StaticFiles(root: options.output, events: events)
        return try HTTPServer(host: host, port: port, configuration: configuration) { await files.handleRequest($0) }
    }
}
