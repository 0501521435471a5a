import Foundation

/// Brings the output folder to exactly the given files, touching nothing outside it and nothing
/// that kb did not write.
///
/// It runs only after a build without errors, so a failed build never reaches the folder. Files
/// whose bytes did not change are left alone (their modification times stay, for rsync and for a
/// fast second build); changed files are staged, and then switched in through a `WriteJournal`;
/// files the last build wrote and this one does not are removed.
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
        /// The file of the content or templates folder that asked for `path`, when one did.
        public var origin: String?
    }

    let folder: OutputFolder

    init(folder: OutputFolder) {
        self.folder = folder
    }

    /// Writes `file(i)`, which must have the path `paths[i]`, for every `i`, on `jobs` tasks. Each
    /// file is made when it is written and let go after, so the bytes of a whole site need not be
    /// in memory at once. `origins` names the source of a path, for messages. `stamp` is what
    /// the stamp left beside the site says of the build.
    func write(
        paths: [String], origins: [String: String] = [:], jobs: Int = 1, stamp: BuildStamp.Draft,
        _ file: @escaping @Sendable (Int) -> OutputFile
    ) async throws(Failure) -> Summary {
        var record: [String: Written]?
        var known: KnownStamp?
        return try await write(
            paths: paths, origins: origins, jobs: jobs, stamp: stamp, record: &record, known: &known, file)
    }

    /// A file as this writer left it: its bytes, and the file as `lstat` saw it after.
    struct Written: Sendable {
        var entry: BuildStamp.Entry
        var bytes: [UInt8]
    }

    /// The same, given in `record` what the last write left (nil to keep nothing): a file that
    /// `lstat` finds as that write left it, and whose new bytes are the bytes it wrote, is not
    /// read back to be compared. `record` is refilled when the write succeeds, and emptied when
    /// it fails, as the folder may then hold either build's files. `known` is set to the stamp
    /// this write leaves (`KnownStamp`), nil when it leaves none it could read back.
    func write(
        paths: [String], origins: [String: String] = [:], jobs: Int = 1, stamp: BuildStamp.Draft,
        record: inout [String: Written]?, known: inout KnownStamp?, _ file: @escaping @Sendable (Int) -> OutputFile
    ) async throws(Failure) -> Summary {
        known = nil
        let previous = record ?? [:]
        let keeps = record != nil
        if keeps { record = [:] }
        let root = folder.root
        let wanted = try plan(paths, origins: origins)
        let staging = root + "/" + WriteJournal.folderName
        guard (try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)) != nil
        else { throw Failure(path: "", message: "cannot write: \(Errno.now)") }
        let lock: FolderLock
        if let held = folder.lock { lock = held } else { lock = try FolderLock(root) }
        defer { withExtendedLifetime(lock) {} }
        guard mkdir(staging, 0o755) == 0 || errno == EEXIST else {
            throw Failure(path: "", message: "cannot write: \(Errno.now)")
        }

        /// Before the journal is committed, a failure leaves the old site as it was.
        func abandon(_ failure: Failure) -> Failure {
            try? FileManager.default.removeItem(atPath: staging)
            return failure
        }

        // First every new byte goes to the staging folder. A failure here (a read-only folder, a
        // full disk) is undone completely: the old site has not been touched.
        let existing = folder.files
        let outcomes = await parallelMap(Array(paths.indices), jobs: jobs) { position in
            let made = file(position)
            precondition(made.path == paths[position], "file \(position) is not at the path given for it")
            let kept = keeps ? made.bytes : []
            if let old = existing[made.path], old.size == made.bytes.count {
                if let last = previous[made.path], last.entry == old, last.bytes == made.bytes {
                    return (Staged.unchanged, kept)
                }
                if Self.holds(root + "/" + made.path, made.bytes) { return (Staged.unchanged, kept) }
            }
            return (Self.stage(made.bytes, at: staging + "/\(position)", path: made.path), kept)
        }
        var summary = Summary()
        var moves: [WriteJournal.Move] = []
        var untouched: [String: BuildStamp.Entry] = [:]
        for (position, (outcome, _)) in outcomes.enumerated() {
            switch outcome {
            case .unchanged:
                summary.unchanged += 1
                untouched[paths[position]] = existing[paths[position]]
            case .staged: moves.append(WriteJournal.Move(staged: "\(position)", path: paths[position]))
            case .failed(let failure): throw abandon(failure)
            }
        }

        // What the last build wrote and this one does not, and what stands where a folder or a
        // file of the new site must go.
        let removals = folder.owned.filter { path in
            !wanted.contains(path) && !OutputFolder.isProtected(path) && existing[path] != nil
        }
        let inTheWay = wanted.filter { folder.folders.contains($0) }
        // The journal moves a stamp that names the new files, so that a build that finishes the
        // switch for this one knows what it may remove; it has no shortcut, which needs the files
        // as they are once in place.
        let sitePaths = paths.filter { !OutputFolder.isProtected($0) }.sorted()
        let kept = folder.force ? folder.foreign.filter { !wanted.contains($0) } : Array(folder.kept)
        guard
            BuildStamp(draft: stamp, inputs: nil, files: sitePaths.map { BuildStamp.Entry(path: $0) }, kept: kept)
                .write(to: staging + "/stamp")
        else { throw abandon(Failure(path: BuildStamp.fileName, message: "cannot write: \(Errno.now)")) }
        // Once committed, the switch must go through: find the folders it cannot change now.
        let touched = Set(([BuildStamp.fileName] + moves.map(\.path) + removals + inTheWay).map(existingParent))
        if let locked = touched.sorted().first(where: { access(root + "/" + $0, W_OK) != 0 }) {
            throw abandon(Failure(path: locked, message: "cannot write: \(Errno.now)"))
        }
        let journal = WriteJournal(
            removals: (removals.union(inTheWay)).sorted(),
            moves: moves + [WriteJournal.Move(staged: "stamp", path: BuildStamp.fileName)])
        do throws(Failure) {
            try journal.commit(in: root)
        } catch {
            throw abandon(error)
        }
        try journal.apply(in: root)
        if let entries = BuildStamp.entries(sitePaths, in: root, untouched: untouched) {
            let final = BuildStamp(draft: stamp, inputs: stamp.inputs, files: entries, kept: kept)
            var info = stat()
            if final.write(to: root + "/" + BuildStamp.fileName), lstat(root + "/" + BuildStamp.fileName, &info) == 0 {
                known = KnownStamp(entry: BuildStamp.Entry(info, path: BuildStamp.fileName), stamp: final)
            }
            if keeps {
                let bytes = Dictionary(
                    zip(paths, outcomes.map(\.1)), uniquingKeysWith: { first, _ in first })
                record = Dictionary(
                    entries.map { ($0.path, Written(entry: $0, bytes: bytes[$0.path] ?? [])) },
                    uniquingKeysWith: { first, _ in first })
            }
        }
        summary.written = moves.count
        summary.removed = removals.count
        return summary
    }

    /// Two outputs at one path, and a file where another output needs a folder (a note named
    /// `search`, a folder `a.html/` beside a page `a.html`), each at the source that asked.
    static func clashes(_ paths: [String], origins: [String: String]) -> [Failure] {
        var files: Set<String> = []
        var failures: [Failure] = []
        for path in paths where !files.insert(path).inserted {
            failures.append(Failure(path: path, message: "would be written twice", origin: origins[path]))
        }
        var reported: Set<String> = []
        for path in paths {
            for parent in URLPath.parents(of: path) where files.contains(parent) && reported.insert(parent).inserted {
                failures.append(
                    Failure(
                        path: parent, message: "is both a file and the folder of \(path)",
                        origin: origins[parent] ?? origins[path]))
            }
        }
        return failures
    }

    /// The files and folders of the new site, checked against what is in the folder before
    /// anything is written: a user's file or folder in the way is an error at the source that
    /// asked for the path.
    private func plan(_ paths: [String], origins: [String: String]) throws(Failure) -> Set<String> {
        // The stages make safe paths; this is the last guard of "nothing outside the output".
        if let unsafe = paths.first(where: Self.leavesTheFolder) {
            throw Failure(
                path: "", message: "refusing to write \"\(unsafe)\", which is not a path inside the folder")
        }
        // Two outputs at one path were found by `clashes`, before the build came to writing.
        let files = Set(paths)
        let folders = Set(paths.flatMap(URLPath.parents(of:)))
        for path in paths.sorted() {
            if folder.folders.contains(path), let user = folder.foreignBelow(path) {
                throw Failure(
                    path: path, message: "is a folder holding \(user), which kb did not write; the file cannot go here",
                    origin: origins[path])
            }
            if folder.files[path] != nil, !folder.mayReplace(path) {
                throw Failure(path: path, message: "is a file kb did not write", origin: origins[path])
            }
        }
        for path in folders.sorted() where folder.files[path] != nil || folder.others.contains(path) {
            if !folder.mayReplace(path) || folder.others.contains(path) {
                throw Failure(
                    path: path, message: "is a file kb did not write, where the folder of a page must go",
                    origin: origins[paths.first { $0.hasPrefix(path + "/") } ?? path])
            }
        }
        return files
    }

    private enum Staged: Sendable {
        case unchanged
        case staged
        case failed(Failure)
    }

    private static func stage(_ bytes: [UInt8], at temporary: String, path: String) -> Staged {
        writeFile(bytes, at: temporary) ? .staged : .failed(Failure(path: path, message: "cannot write: \(Errno.now)"))
    }

    /// Writes `bytes` to a new file at `path`; false, with `errno` set, on failure.
    static func writeFile(_ bytes: [UInt8], at path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
    }

    /// Whether the file at `path` holds exactly `bytes`.
    private static func holds(_ path: String, _ bytes: [UInt8]) -> Bool {
        guard let existing = FileManager.default.contents(atPath: path) else { return false }
        return existing.elementsEqual(bytes)
    }

    /// The nearest folder above `path` that is in the output folder now ("" for the folder).
    private func existingParent(_ path: String) -> String {
        URLPath.parents(of: path).first(where: folder.folders.contains) ?? ""
    }

    static func leavesTheFolder(_ path: String) -> Bool {
        path.hasPrefix("/")
            || path.split(separator: "/", omittingEmptySubsequences: false).contains {
                $0.isEmpty || $0 == "." || $0 == ".."
            }
    }
}
