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

    private func failure(_ url: URL, _ message: String) -> Failure {
        let path = url.standardizedFileURL.path
        return Failure(
            path: path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : "", message: message)
    }

    public func write(_ files: [OutputFile]) throws(Failure) -> Summary {
        let manager = FileManager.default
        if let type = try? manager.attributesOfItem(atPath: root.path)[.type] as? FileAttributeType,
            type != .typeDirectory
        {
            throw failure(root, "exists and is not a folder")
        }
        var wanted: Set<String> = []
        var folders: Set<String> = []
        // The stages make safe paths; this is the last guard of "nothing outside the output".
        if let unsafe = files.first(where: { Self.leavesTheFolder($0.path) }) {
            throw failure(root, "refusing to write \"\(unsafe.path)\", which is not a path inside the folder")
        }
        for file in files {
            wanted.insert(file.path)
            var parent = file.path
            while let slash = parent.lastIndex(of: "/") {
                parent = String(parent[..<slash])
                folders.insert(parent)
            }
        }

        // First every new byte goes to a temporary file beside its page. A failure here (a
        // read-only folder, a full disk) is undone completely, so the old site stays whole.
        var created: [URL] = []
        var staged: [(temporary: URL, final: URL)] = []
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
                guard made else { throw failure(url, "cannot create the folder: \(String(cString: strerror(errno)))") }
                created.append(url)
            }
            for file in files {
                let url = root.appendingPathComponent(file.path)
                if let existing = manager.contents(atPath: url.path), existing.elementsEqual(file.bytes) {
                    summary.unchanged += 1
                    continue
                }
                let temporary = url.deletingLastPathComponent().appendingPathComponent(
                    ".\(url.lastPathComponent).kb-tmp")
                guard manager.createFile(atPath: temporary.path, contents: Data(file.bytes)) else {
                    throw failure(url, "cannot write: \(String(cString: strerror(errno)))")
                }
                staged.append((temporary, url))
            }
        } catch {
            for file in staged { try? manager.removeItem(at: file.temporary) }
            for folder in created.reversed() { try? manager.removeItem(at: folder) }
            throw error
        }

        // Then renames, each atomic: a reader sees the old page or the new one, never half of one.
        for file in staged {
            if rename(file.temporary.path, file.final.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: file.temporary)
                throw failure(file.final, "cannot write: \(reason)")
            }
            summary.written += 1
        }
        summary.removed = removeStale(in: root, relative: "", wanted: wanted, folders: folders)
        return summary
    }

    static func leavesTheFolder(_ path: String) -> Bool {
        path.hasPrefix("/")
            || path.split(separator: "/", omittingEmptySubsequences: false).contains {
                $0.isEmpty || $0 == "." || $0 == ".."
            }
    }

    /// Removes what the build no longer produces. Links are removed, never followed.
    private func removeStale(in folder: URL, relative: String, wanted: Set<String>, folders: Set<String>) -> Int {
        let manager = FileManager.default
        var removed = 0
        for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let path = relative.isEmpty ? name : relative + "/" + name
            let url = folder.appendingPathComponent(name)
            let type = try? manager.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType
            if relative.isEmpty && (name == ".gitkeep") { continue }
            if type == .typeDirectory && folders.contains(path) {
                removed += removeStale(in: url, relative: path, wanted: wanted, folders: folders)
            } else if !wanted.contains(path) || type == .typeDirectory {
                if (try? manager.removeItem(at: url)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
