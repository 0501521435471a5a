import Foundation

/// Brings the output folder to exactly the given files, touching nothing outside it.
///
/// It runs only after a build without errors, so a failed build never reaches the folder. Files
/// whose bytes did not change are left alone (their modification times stay, for rsync and for a
/// fast second build); each changed file is written to a temporary name beside it and renamed over
/// the old one, so a reader never sees half a file; files no longer produced are removed.
public struct OutputWriter: Sendable {
    public struct Summary: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
    }

    public enum Failure: Error, CustomStringConvertible {
        case notAFolder(String)
        case io(String, String)

        public var description: String {
            switch self {
            case .notAFolder(let path): "\(path) exists and is not a folder"
            case .io(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public func write(_ files: [OutputFile]) throws(Failure) -> Summary {
        let manager = FileManager.default
        var summary = Summary()
        if let type = try? manager.attributesOfItem(atPath: root.path)[.type] as? FileAttributeType,
            type != .typeDirectory
        {
            throw .notAFolder(root.path)
        }
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw .io(root.path, error.localizedDescription)
        }

        var wanted: Set<String> = []
        var folders: Set<String> = []
        for file in files {
            wanted.insert(file.path)
            var parent = file.path
            while let slash = parent.lastIndex(of: "/") {
                parent = String(parent[..<slash])
                folders.insert(parent)
            }
        }
        for folder in folders.sorted() {
            let url = root.appendingPathComponent(folder)
            if let type = try? manager.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType,
                type != .typeDirectory
            {
                try? manager.removeItem(at: url)
            }
            do {
                try manager.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw .io(url.path, error.localizedDescription)
            }
        }
        for file in files {
            let url = root.appendingPathComponent(file.path)
            if let existing = manager.contents(atPath: url.path), existing.elementsEqual(file.bytes) {
                summary.unchanged += 1
                continue
            }
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).kb-tmp")
            guard manager.createFile(atPath: temporary.path, contents: Data(file.bytes)) else {
                throw .io(url.path, "the file cannot be created")
            }
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: temporary)
                throw .io(url.path, reason)
            }
            summary.written += 1
        }
        summary.removed = removeStale(in: root, relative: "", wanted: wanted, folders: folders)
        return summary
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
