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
        for (path, bytes) in zip(paths, read(paths)) {
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
