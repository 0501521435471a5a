import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc

    /// Linux's inotify for the folders a site is built from: the kernel says at once that a file
    /// changed, where comparing every file's stamp a few times a second costs a walk of the whole
    /// folder each time and finds a save only at the next walk. Each folder below is watched too,
    /// and a folder made later as soon as it appears. Hidden files and folders are left out, as
    /// the build leaves them out (an editor's swap file changes at every key).
    final class FolderEvents: Sendable {
        private let descriptor: Int32
        /// The folder of each watch, to watch the folders made inside it.
        private let folders = Mutex<[Int32: String]>([:])
        private let changes: AsyncStream<Void>.Continuation
        /// Wakes the watching task; keeps one wake-up however many changes came meanwhile.
        let stream: AsyncStream<Void>
        private let changeCount = Mutex(0)
        /// How many batches of changes came so far: still growing while an editor is saving.
        var count: Int { changeCount.withLock { $0 } }

        /// Nil when inotify is not there or refuses (too many watches): polling must do.
        init?(folders roots: [URL]) {
            descriptor = inotify_init1(Int32(IN_CLOEXEC))
            guard descriptor >= 0 else { return nil }
            (stream, changes) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            for root in roots where !watch(root.standardizedFileURL.path) {
                close(descriptor)
                return nil
            }
            let thread = Thread { [self] in run() }
            thread.name = "kb serve watch"
            thread.start()
        }

        private static let mask = UInt32(
            IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
                | IN_DELETE_SELF | IN_MOVE_SELF)

        /// Watches `folder` and every folder below it; false when the kernel refuses a watch.
        private func watch(_ folder: String) -> Bool {
            let number = inotify_add_watch(descriptor, folder, Self.mask)
            // A folder gone already is no failure: its parent's event says so.
            guard number >= 0 else { return errno == ENOENT || errno == ENOTDIR }
            folders.withLock { $0[number] = folder }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where !name.hasPrefix(".") {
                var info = stat()
                let path = folder + "/" + name
                if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, !watch(path) { return false }
            }
            return true
        }

        /// Reads events as they come; one change is told however many events it made.
        private func run() {
            let size = 64 * 1024
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
            defer { buffer.deallocate() }
            while true {
                let count = read(descriptor, buffer, size)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }
                var offset = 0
                var changed = false
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let event = (buffer + offset).loadUnaligned(as: inotify_event.self)
                    let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                    let name =
                        event.len > 0
                        ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                    offset += MemoryLayout<inotify_event>.size + Int(event.len)
                    // The queue overflowed: something changed, and which is unknown.
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        changed = true
                        continue
                    }
                    if name.hasPrefix(".") { continue }
                    if event.mask & UInt32(IN_IGNORED) != 0 {
                        folders.withLock { $0[event.wd] = nil }
                        continue
                    }
                    changed = true
                    if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
                        let parent = folders.withLock({ $0[event.wd] })
                    {
                        _ = watch(parent + "/" + name)
                    }
                }
                if changed {
                    changeCount.withLock { $0 += 1 }
                    changes.yield()
                }
            }
        }
    }
#endif
