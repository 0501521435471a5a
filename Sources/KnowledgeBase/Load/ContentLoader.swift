import Foundation
import Synchronization

/// Reads the content folder: sorted paths, no hidden files, never leaving the folder.
public struct ContentLoader: Sendable {
    public let root: URL
    /// How the folder is named in diagnostics (as typed on the command line).
    public let displayName: String

    /// Threads that read files.
    public let jobs: Int
    /// The folder a symbolic link must stay in, and its name in the warning: `root` itself, but
    /// the templates folder for `Templates/assets/`.
    let boundary: (folder: URL, name: String)?

    public init(root: URL, displayName: String, jobs: Int = 1, boundary: (folder: URL, name: String)? = nil) {
        self.root = root.standardizedFileURL
        self.displayName = displayName
        self.jobs = max(jobs, 1)
        self.boundary = boundary
    }

    public func load() -> ContentFolder {
        var folder = ContentFolder()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            folder.diagnostics.append(.error(displayName, "content folder not found"))
            return folder
        }
        let realRoot = (boundary?.folder ?? root).resolvingSymlinksInPath().path
        let paths = walk("", realRoot: realRoot, diagnostics: &folder.diagnostics)
        for (path, bytes) in zip(paths, read(paths)) {
            let display = displayName + "/" + path
            guard let bytes else {
                folder.diagnostics.append(.error(display, "cannot read the file"))
                continue
            }
            let file = SourceFile(path: path, displayPath: display, bytes: bytes)
            if path == "site.yml" {
                folder.settings = file
            } else if path.lowercased().hasSuffix(".md") || path.lowercased().hasSuffix(".markdown") {
                folder.notes.append(file)
            } else {
                folder.assets.append(file)
            }
        }
        return folder
    }

    /// The bytes of each file, nil where it cannot be read, read on `jobs` threads: a build reads
    /// every file each time, also when nothing changed and reading is all it does.
    private func read(_ paths: [String]) -> [[UInt8]?] {
        let files = Mutex([[UInt8]?](repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            let mine = stride(from: worker, to: paths.count, by: jobs).map { position in
                (position, FileManager.default.contents(atPath: root.path + "/" + paths[position]).map { [UInt8]($0) })
            }
            files.withLock { files in
                for (position, bytes) in mine { files[position] = bytes }
            }
        }
        return files.withLock { $0 }
    }

    /// Relative paths of the regular files below `relative`, sorted by bytes so the order is the
    /// same on every machine. A symbolic link is followed only when it stays inside the folder and
    /// points at a file: a link to a folder could loop.
    private func walk(_ relative: String, realRoot: String, diagnostics: inout [Diagnostic]) -> [String] {
        let directory = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            diagnostics.append(.error(displayName + "/" + relative, "cannot read the folder"))
            return []
        }
        var files: [String] = []
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = relative.isEmpty ? name : relative + "/" + name
            let url = root.appendingPathComponent(path)
            var info = stat()
            guard lstat(url.path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                files += walk(path, realRoot: realRoot, diagnostics: &diagnostics)
            case S_IFREG:
                files.append(path)
            case S_IFLNK:
                let target = url.resolvingSymlinksInPath().path
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
                let display = displayName + "/" + path
                if target != realRoot && !target.hasPrefix(realRoot + "/") {
                    diagnostics.append(
                        .warning(
                            display,
                            "symbolic link leads out of \(boundary?.name ?? "the content folder"); not followed"))
                } else if !exists {
                    diagnostics.append(.warning(display, "symbolic link to nothing, or a loop; not followed"))
                } else if isDirectory.boolValue {
                    diagnostics.append(.warning(display, "symbolic link to a folder; not followed, as it could loop"))
                } else {
                    files.append(path)
                }
            default:
                continue
            }
        }
        return files
    }
}
