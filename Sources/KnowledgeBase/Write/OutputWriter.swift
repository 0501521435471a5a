import Foundation

/// Brings the output folder to exactly the given files, touching nothing outside it.
///
/// It runs only after a build without errors, so a failed build never reaches the folder. Files
/// whose bytes did not change are left alone (their modification times stay, for rsync and for a
/// fast second build); changed files are all written to temporary names first and only then
/// renamed over the old ones; files no longer produced are removed.
public struct OutputWriter: Sendable {
    public struct Summary: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
    }

    /// What went wrong, and where: a path relative to the output folder, empty for the folder.
    public struct Failure: Error {
        public var path: String
        public var message: String
    }

    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Writes `file(i)`, which must have the path `paths[i]`, for every `i`, on `jobs` tasks. Each
    /// file is made when it is written and let go after, so the bytes of a whole site need not be
    /// in memory at once.
    public func write(paths: [String], jobs: Int = 1, _ file: @escaping @Sendable (Int) -> OutputFile)
        async throws(Failure) -> Summary
    {
        let manager = FileManager.default
        if let type = try? manager.attributesOfItem(atPath: root.path)[.type] as? FileAttributeType,
            type != .typeDirectory
        {
            throw Failure(path: "", message: "exists and is not a folder")
        }
        var wanted: Set<String> = []
        var folders: Set<String> = []
        // The stages make safe paths; this is the last guard of "nothing outside the output".
        if let unsafe = paths.first(where: Self.leavesTheFolder) {
            throw Failure(
                path: "", message: "refusing to write \"\(unsafe)\", which is not a path inside the folder")
        }
        for path in paths {
            wanted.insert(path)
            var parent = path
            while let slash = parent.lastIndex(of: "/") {
                parent = String(parent[..<slash])
                folders.insert(parent)
            }
        }

        // First every new byte goes to a temporary file beside its page. A failure here (a
        // read-only folder, a full disk) is undone completely, so the old site stays whole.
        var created: [URL] = []
        var staged: [(path: String, temporary: String)] = []
        var firstFailure: Failure?
        var summary = Summary()
        do throws(Failure) {
            for folder in [""] + folders.sorted() {
                let url = folder.isEmpty ? root : root.appendingPathComponent(folder)
                let type = try? manager.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType
                if type == .typeDirectory { continue }
                if type != nil { try? manager.removeItem(at: url) }
                let made =
                    folder.isEmpty
                    ? (try? manager.createDirectory(at: url, withIntermediateDirectories: true)) != nil
                    : mkdir(url.path, 0o755) == 0
                guard made else {
                    throw Failure(
                        path: folder, message: "cannot create the folder: \(String(cString: strerror(errno)))")
                }
                created.append(url)
            }
            // Files are compared and written in parallel: on a disk, creating files is most of it.
            let outcomes = await parallelMap(Array(paths.indices), jobs: jobs) { position in
                let made = file(position)
                precondition(made.path == paths[position], "file \(position) is not at the path given for it")
                return stage(made)
            }
            for outcome in outcomes {
                switch outcome {
                case .unchanged: summary.unchanged += 1
                case .staged(let path, let temporary): staged.append((path, temporary))
                case .failed(let failure): firstFailure = firstFailure ?? failure
                }
            }
            if let firstFailure { throw firstFailure }
        } catch {
            for file in staged { unlink(file.temporary) }
            for folder in created.reversed() { try? manager.removeItem(at: folder) }
            throw error
        }

        // Then renames, each atomic: a reader sees the old page or the new one, never half of one.
        for file in staged {
            if rename(file.temporary, root.path + "/" + file.path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(file.temporary)
                throw Failure(path: file.path, message: "cannot write: \(reason)")
            }
            summary.written += 1
        }
        summary.removed = removeStale(in: root.path, relative: "", wanted: wanted, folders: folders)
        return summary
    }

    private enum Staged: Sendable {
        case unchanged
        case staged(path: String, temporary: String)
        case failed(Failure)
    }

    /// Leaves a file alone when it already holds these bytes, else writes them beside it.
    @Sendable private func stage(_ file: OutputFile) -> Staged {
        let final = root.path + "/" + file.path
        if Self.holds(final, file.bytes) { return .unchanged }
        let slash = final.lastIndex(of: "/") ?? final.startIndex
        let temporary = String(final[..<slash]) + "/." + String(final[final.index(after: slash)...]) + ".kb-tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            return .failed(Failure(path: file.path, message: "cannot write: \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        let written = file.bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        guard written else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return .failed(Failure(path: file.path, message: "cannot write: \(reason)"))
        }
        return .staged(path: file.path, temporary: temporary)
    }

    /// Whether the file at `path` holds exactly `bytes`; the size is checked before reading.
    private static func holds(_ path: String, _ bytes: [UInt8]) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count,
            let existing = FileManager.default.contents(atPath: path)
        else { return false }
        return existing.elementsEqual(bytes)
    }

    static func leavesTheFolder(_ path: String) -> Bool {
        path.hasPrefix("/")
            || path.split(separator: "/", omittingEmptySubsequences: false).contains {
                $0.isEmpty || $0 == "." || $0 == ".."
            }
    }

    /// Removes what the build no longer produces, but `.gitkeep` and the `BuildStamp`. Links are
    /// removed, never followed. `lstat` tells a folder from a file: `FileManager`'s attributes
    /// cost ten times as much, for every file of the site.
    private func removeStale(in folder: String, relative: String, wanted: Set<String>, folders: Set<String>) -> Int {
        let manager = FileManager.default
        var removed = 0
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] {
            if relative.isEmpty && (name == ".gitkeep" || name == BuildStamp.fileName) { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = folder + "/" + name
            var info = stat()
            let isFolder = lstat(full, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            if isFolder && folders.contains(path) {
                removed += removeStale(in: full, relative: path, wanted: wanted, folders: folders)
            } else if !wanted.contains(path) || isFolder {
                if (try? manager.removeItem(atPath: full)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
