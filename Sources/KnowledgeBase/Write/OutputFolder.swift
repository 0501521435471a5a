import Foundation

/// The output folder as a build finds it: where it lies, what an earlier build of kb wrote there,
/// and what someone else put there.
///
/// kb removes only files it wrote itself, which the last build's `BuildStamp` lists. Anything else
/// in the folder is the user's: a folder holding such files is refused unless the user says
/// `--force`, and even then those files are never removed. Dot-files (`.git`, `.nojekyll`,
/// `.well-known/`) and the files hosts read (`CNAME`, `_headers`, `_redirects`) are left alone
/// without asking. Opening the folder also finishes or undoes a build that was interrupted while
/// writing (`WriteJournal`).
struct OutputFolder {
    let root: String
    /// Every regular file below the folder but the protected ones, by path, as `lstat` saw it.
    let files: [String: BuildStamp.Entry]
    /// Folders below the folder (not the protected ones), and entries that are neither files nor
    /// folders (links, sockets).
    let folders: Set<String>
    let others: Set<String>
    /// The stamp of the last build, if it left one kb can read in full.
    let stamp: BuildStamp?
    /// What the last build wrote, and what the user let stay there with `--force`.
    let owned: Set<String>
    let kept: Set<String>
    /// The user said `--force`: files kb did not write may stay, and kb writes over those in its way.
    let force: Bool
    /// Held from opening to the end of writing, when the folder exists already.
    let lock: FolderLock?

    /// Names at the top of a site that hosts read and kb must never remove.
    static let hostFiles: Set<String> = ["CNAME", "_headers", "_redirects"]

    /// Never removed, never counted as the user's files: dot-files anywhere, and the hosts' files.
    static func isProtected(_ path: String) -> Bool {
        if hostFiles.contains(path) { return true }
        return path.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// Opens `options.output`: refuses a folder that overlaps the content or the templates, and
    /// recovers from an interrupted build. It does not yet judge the user's files: see `foreign`.
    /// `known`: the stamp the last write of this process left (`OutputWriter.write`), taken
    /// rather than read again while the file is as that write left it.
    static func open(_ options: BuildOptions, known: KnownStamp? = nil) throws(OutputWriter.Failure) -> OutputFolder {
        let root = options.output.standardizedFileURL.path
        try checkPlacement(options)
        var info = stat()
        if lstat(root, &info) == 0 && info.st_mode & S_IFMT != S_IFDIR {
            throw OutputWriter.Failure(path: "", message: "exists and is not a folder")
        }
        // Before recovering: another build's staging folder, not yet committed, looks like one an
        // interrupted build left, and would be removed under it.
        let lock = access(root, F_OK) == 0 ? try FolderLock(root) : nil
        try WriteJournal.recover(root)
        var files: [String: BuildStamp.Entry] = [:]
        var folders: Set<String> = []
        var others: Set<String> = []
        walk(root, relative: "", files: &files, folders: &folders, others: &others)
        var stampInfo = stat()
        if let known, lstat(root + "/" + BuildStamp.fileName, &stampInfo) == 0,
            BuildStamp.Entry(stampInfo, path: BuildStamp.fileName) == known.entry
        {
            return OutputFolder(
                root: root, files: files, folders: folders, others: others, stamp: known.stamp,
                owned: Set(known.stamp.files.map(\.path)), kept: Set(known.stamp.kept), force: options.force,
                lock: lock)
        }
        let record = BuildStamp.Record.read(from: root)
        return OutputFolder(
            root: root, files: files, folders: folders, others: others, stamp: BuildStamp.read(from: root),
            owned: Set(record?.files ?? []), kept: Set(record?.kept ?? []), force: options.force, lock: lock)
    }

    /// Whether kb may write over or remove the file at `path`.
    func mayReplace(_ path: String) -> Bool { owned.contains(path) || force }

    /// Something below the folder `path` that kb did not write, dot-files included, if any: the
    /// folder cannot then be removed to make way for a file.
    func foreignBelow(_ path: String) -> String? {
        let base = root + "/" + path
        guard let names = try? FileManager.default.subpathsOfDirectory(atPath: base) else { return path }
        for name in names.sorted() {
            var info = stat()
            guard lstat(base + "/" + name, &info) == 0 else { continue }
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { continue }
            if kind != S_IFREG || !owned.contains(path + "/" + name) { return path + "/" + name }
        }
        return nil
    }

    /// The files in the folder that no kb build wrote and that the user did not let stay: a build
    /// refuses to write among them without `--force`.
    var foreign: [String] {
        (files.keys.filter { !owned.contains($0) && !kept.contains($0) && !Self.isProtected($0) } + others)
            .sorted()
    }

    /// Whether the folder holds exactly the files of the last build's stamp, none changed since.
    func matches(_ stamp: BuildStamp) -> Bool {
        guard others.isEmpty, files.count == stamp.files.count + kept.count else { return false }
        return stamp.files.allSatisfy { files[$0.path] == $0 }
    }

    /// The output must not be the content or templates folder, nor lie inside one, nor hold one:
    /// kb would publish its own output as content, or remove the notes it was built from.
    private static func checkPlacement(_ options: BuildOptions) throws(OutputWriter.Failure) {
        let output = realPath(options.output)
        for (folder, name, what) in [
            (options.content, options.contentName, "content"), (options.templates, options.templatesName, "templates"),
        ] {
            let source = realPath(folder)
            let problem: String? =
                source == output
                ? "is the \(what) folder"
                : output.hasPrefix(source + "/")
                    ? "is inside the \(what) folder \(name)"
                    : source.hasPrefix(output + "/") || output == "/" ? "holds the \(what) folder \(name)" : nil
            if let problem {
                throw OutputWriter.Failure(
                    path: "", message: "\(problem): kb would write over what it reads; choose another --output")
            }
        }
    }

    /// The path with every link resolved, also when its last components do not exist yet.
    static func realPath(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path) && existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let resolved = existing.path == "/" ? "" : existing.resolvingSymlinksInPath().path
        let path = ([resolved] + rest).joined(separator: "/")
        return path.isEmpty ? "/" : path
    }

    /// `lstat` tells a folder from a file: `FileManager`'s attributes cost ten times as much, for
    /// every file of the site. Links are recorded, never followed. Protected entries are not
    /// entered: a `.git` folder can hold more files than the site.
    private static func walk(
        _ folder: String, relative: String, files: inout [String: BuildStamp.Entry], folders: inout Set<String>,
        others: inout Set<String>
    ) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = relative.isEmpty ? name : relative + "/" + name
            if name.hasPrefix(".") || (relative.isEmpty && hostFiles.contains(name)) { continue }
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                folders.insert(path)
                walk(folder + "/" + name, relative: path, files: &files, folders: &folders, others: &others)
            case S_IFREG: files[path] = BuildStamp.Entry(info, path: path)
            default: others.insert(path)
            }
        }
    }
}

/// The stamp a write left, with the stamp file as `lstat` saw it after: decoding the stamp of a
/// 10,000-note site again on every save of `kb serve` took longer than the rest of opening the
/// folder. Any later change to the file changes its status-change time, and the stamp is read.
struct KnownStamp: Sendable {
    var entry: BuildStamp.Entry
    var stamp: BuildStamp
}

/// An exclusive `flock` on the output folder: two builds writing one folder at once would mix
/// their staging files, and each could take the other's for an interrupted build's.
final class FolderLock: Sendable {
    /// Only read, and closed once, in `deinit`.
    private let descriptor: Int32

    init(_ folder: String) throws(OutputWriter.Failure) {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputWriter.Failure(path: "", message: "cannot open: \(Errno.now)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw OutputWriter.Failure(
                path: "", message: "another kb is writing this folder; try again when it is done")
        }
    }

    deinit { close(descriptor) }
}
