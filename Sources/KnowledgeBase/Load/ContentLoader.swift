import Foundation
import Synchronization

/// Reads the content folder: sorted paths, no hidden files, nothing site.yml or the vault's
/// Obsidian settings leave out, never leaving the folder.
public struct ContentLoader: Sendable {
    public let root: URL
    /// How the folder is named in diagnostics (as typed on the command line).
    public let displayName: String

    /// Threads that read files.
    public let jobs: Int
    /// The folder a symbolic link must stay in, and its name in the warning: `root` itself, but
    /// the templates folder for `Templates/assets/`.
    let boundary: (folder: URL, name: String)?
    /// The files an earlier load read, by path: one that `stat` finds as it was then is not read
    /// again. `kb serve` loads after every save, and reading the whole folder was most of a save's cost.
    var known: [String: KnownFile] = [:]

    public init(root: URL, displayName: String, jobs: Int = 1, boundary: (folder: URL, name: String)? = nil) {
        self.root = root.standardizedFileURL
        self.displayName = displayName
        self.jobs = max(jobs, 1)
        self.boundary = boundary
    }

    /// A file's bytes as read, and the file as `stat` saw it just before.
    struct KnownFile: Sendable {
        var stamp: FileStamp
        var bytes: [UInt8]
        /// The file had changed shortly before it was read. The kernel's clock for file times
        /// ticks every few milliseconds, so a second save of the same size in the same tick would
        /// leave the same stamp: such a file is read again next time (git's "racily clean").
        var racy: Bool
    }

    /// How long after a change a stamp is not trusted: far more than a tick of the file clock.
    static let racyNanoseconds = 100_000_000

    /// Size, modification and status-change times and inode: an editor's save changes at least
    /// the status-change time, which no program can set back.
    struct FileStamp: Equatable, Sendable {
        var size: Int
        var modified: Int
        var changed: Int
        var inode: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            size = Int(info.st_size)
            modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            changed = Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec)
            inode = UInt64(info.st_ino)
        }
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

        // site.yml comes first: its `exclude:` decides what the walk enters and reads.
        let settingsIsFile: Bool
        // Template assets (`boundary`) have no settings of their own.
        if boundary == nil, case .file = entry("site.yml", realRoot: realRoot) {
            settingsIsFile = true
            let display = displayName + "/site.yml"
            if let bytes = FileManager.default.contents(atPath: root.path + "/site.yml") {
                folder.settings = SourceFile(path: "site.yml", displayPath: display, bytes: [UInt8](bytes))
            } else {
                folder.diagnostics.append(.error(display, "cannot read the file"))
            }
        } else {
            settingsIsFile = false
        }
        let (settings, settingsDiagnostics) = SiteSettings.parse(folder.settings)
        folder.siteSettings = settings
        if folder.settings == nil { folder.siteSettings.file = displayName + "/site.yml" }
        folder.diagnostics += settingsDiagnostics

        let (obsidian, obsidianDiagnostics) =
            boundary == nil ? ObsidianVault.rules(root: root, displayName: displayName) : ([], [])
        folder.diagnostics += obsidianDiagnostics
        let exclusions = Exclusions(rules: obsidian + settings.exclude.map { .pattern($0) })

        let paths = walk(
            "", realRoot: realRoot, exclusions: exclusions, skippingSettings: settingsIsFile,
            diagnostics: &folder.diagnostics)
        for (path, read) in zip(paths, read(paths)) {
            let bytes = read?.bytes
            if let read { folder.read[path] = read }
            let display = displayName + "/" + path
            guard let bytes else {
                folder.diagnostics.append(.error(display, "cannot read the file"))
                continue
            }
            let file = SourceFile(path: path, displayPath: display, bytes: bytes)
            // An Obsidian base (`.base`) and a JSON Canvas (`.canvas`) are pages of their own, as a note is.
            let lowered = path.lowercased()
            if [".md", ".markdown", ".base", ".canvas"].contains(where: { lowered.hasSuffix($0) }) {
                folder.notes.append(file)
            } else {
                folder.assets.append(file)
            }
        }
        return folder
    }

    /// The bytes of each file, nil where it cannot be read, read on `jobs` threads unless `known`
    /// holds them: a build reads every changed file each time, also when reading is all it does.
    private func read(_ paths: [String]) -> [KnownFile?] {
        let files = Mutex([KnownFile?](repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            let mine = stride(from: worker, to: paths.count, by: jobs).map { position in
                let full = root.path + "/" + paths[position]
                // Stamped before reading: a save during the read leaves a stamp that differs next time.
                guard let stamp = FileStamp(path: full) else { return (position, KnownFile?.none) }
                if let known = known[paths[position]], !known.racy, known.stamp == stamp { return (position, known) }
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                let racy = Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec) - stamp.changed < Self.racyNanoseconds
                return (
                    position,
                    FileManager.default.contents(atPath: full).map {
                        KnownFile(stamp: stamp, bytes: [UInt8]($0), racy: racy)
                    }
                )
            }
            files.withLock { files in
                for (position, bytes) in mine { files[position] = bytes }
            }
        }
        return files.withLock { $0 }
    }

    private enum Entry {
        case file
        case folder
        /// A symbolic link kb does not follow, and why.
        case unfollowedLink(String)
        /// Neither a file nor a folder (a socket, a pipe, a device): never content.
        case other
        /// `lstat` failed with this `errno`.
        case failed(Int32)
    }

    /// What is at `path`. A symbolic link is followed only when it stays inside the folder and
    /// points at a file: a link to a folder could loop.
    private func entry(_ path: String, realRoot: String) -> Entry {
        let url = root.appendingPathComponent(path)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return .failed(errno) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return .folder
        case S_IFREG:
            return .file
        case S_IFLNK:
            let target = url.resolvingSymlinksInPath().path
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
            if target != realRoot && !target.hasPrefix(realRoot + "/") {
                return .unfollowedLink(
                    "symbolic link leads out of \(boundary?.name ?? "the content folder"); not followed")
            } else if !exists {
                return .unfollowedLink("symbolic link to nothing, or a loop; not followed")
            } else if isDirectory.boolValue {
                return .unfollowedLink("symbolic link to a folder; not followed, as it could loop")
            }
            return .file
        default:
            return .other
        }
    }

    /// Relative paths of the regular files below `relative` that are not left out, sorted by
    /// bytes so the order is the same on every machine. A folder left out is not entered.
    private func walk(
        _ relative: String, realRoot: String, exclusions: Exclusions, skippingSettings: Bool,
        diagnostics: inout [Diagnostic]
    ) -> [String] {
        let directory = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let folderDisplay = relative.isEmpty ? displayName : displayName + "/" + relative
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            var reason = ""
            // Foundation keeps the system's errno as a Swift error, which `as? NSError` misses.
            if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error,
                case let posix = underlying as NSError, posix.domain == NSPOSIXErrorDomain
            {
                reason = ": " + Self.reason(Int32(posix.code))
            }
            diagnostics.append(.error(folderDisplay, "cannot read the folder" + reason))
            return []
        }
        var files: [String] = []
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            if relative.isEmpty && name == "site.yml" && skippingSettings { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            switch entry(path, realRoot: realRoot) {
            case .folder:
                if exclusions.excludes(path, isFolder: true) { continue }
                files += walk(
                    path, realRoot: realRoot, exclusions: exclusions, skippingSettings: false,
                    diagnostics: &diagnostics)
            case .file:
                if exclusions.excludes(path, isFolder: false) { continue }
                files.append(path)
            case .unfollowedLink(let why):
                // As in git, a link is judged by its own path, and as a file.
                if exclusions.excludes(path, isFolder: false) { continue }
                diagnostics.append(.warning(displayName + "/" + path, why))
            case .other:
                continue
            case .failed(ENOENT):
                continue  // removed since the folder was listed: there is nothing to lose
            case .failed(let code) where code == EACCES || code == EPERM:
                // A folder that may be listed but not searched (`r--`) names its files and lets
                // none of them be reached: its notes would vanish without a word.
                diagnostics.append(
                    .error(
                        folderDisplay, "cannot read the folder: permission denied (it can be listed, but not entered)"))
                return []
            case .failed(let code):
                diagnostics.append(.error(displayName + "/" + path, "cannot read the file: " + Self.reason(code)))
            }
        }
        return files
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
