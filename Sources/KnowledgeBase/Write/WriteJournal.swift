import Foundation

/// How a build switches the output folder from the old site to the new one so that a crash at any
/// moment leaves the old site or, once the next build has run, the new one.
///
/// The new files are first written to `.kb-staging/` inside the output folder. Nothing of the old
/// site has changed yet; a crash here leaves the staging folder, which the next build removes.
/// Then the journal — which files to remove, which staged file goes where — is renamed into the
/// staging folder in one step, and from then on the build is committed: the removals and renames
/// are carried out, and a crash in the middle of them is carried on to the end by the next build,
/// which finds the journal. Only then is the staging folder removed.
///
/// The switch cannot be instantaneous for a reader of the folder without writing outside it (a
/// sibling folder swapped with `renameat2`) or turning the site into links (which hosts and `git`
/// do not follow); kb writes only inside its output folder, so the renames are the one window in
/// which a reader can see part of each site. Each file is still renamed whole.
struct WriteJournal: Codable {
    static let folderName = ".kb-staging"
    static let fileName = "journal"
    /// A staging folder whose journal was carried out, on its way out.
    static let retiredName = ".kb-staging-done"

    struct Move: Codable {
        /// A name in the staging folder.
        var staged: String
        /// Where it goes, relative to the output folder.
        var path: String
    }

    /// Files and folders of the old site that go, before any move.
    var removals: [String]
    /// The staged files in the order they are moved; the stamp last.
    var moves: [Move]

    /// Makes the journal the build's commitment: after this, the next build finishes the switch.
    func commit(in root: String) throws(OutputWriter.Failure) {
        let staging = root + "/" + Self.folderName
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(self),
            FileManager.default.createFile(atPath: staging + "/journal.tmp", contents: data),
            rename(staging + "/journal.tmp", staging + "/" + Self.fileName) == 0
        else {
            throw OutputWriter.Failure(path: Self.folderName, message: "cannot write the journal: \(Errno.now)")
        }
    }

    /// Carries the journal out. It may have been carried out in part already, by a build that
    /// died: a move whose staged file is gone is done, and a removal is skipped where a done move
    /// has put a new file.
    func apply(in root: String) throws(OutputWriter.Failure) {
        let staging = root + "/" + Self.folderName
        // A journal is read back from the folder, where anyone may have written one: it must not
        // lead kb outside the folder, nor into the staging folder's parents.
        guard !(removals + moves.map(\.path)).contains(where: OutputWriter.leavesTheFolder),
            !moves.contains(where: { $0.staged.contains("/") || $0.staged.hasPrefix(".") })
        else {
            throw OutputWriter.Failure(
                path: Self.folderName, message: "holds a journal that names paths outside the folder; remove it")
        }
        let done = Set(
            moves.filter { access(staging + "/" + $0.staged, F_OK) != 0 }.flatMap { Self.withParents($0.path) })
        for path in removals where !done.contains(path) {
            try? FileManager.default.removeItem(atPath: root + "/" + path)
        }
        for move in moves where !done.contains(move.path) {
            try makeParents(of: move.path, in: root)
            guard rename(staging + "/" + move.staged, root + "/" + move.path) == 0 else {
                throw OutputWriter.Failure(path: move.path, message: "cannot write: \(Errno.now)")
            }
        }
        // Folders that only held files now gone; `rmdir` leaves any that still hold something.
        for path in Set(removals.flatMap { Self.withParents($0).dropFirst() }).sorted(by: { $0.count > $1.count }) {
            rmdir(root + "/" + path)
        }
        // Retired in one rename: a staging folder without a journal must always mean a build that
        // died before committing, whose staged files the next build throws away.
        let retired = root + "/" + Self.retiredName
        try? FileManager.default.removeItem(atPath: retired)
        if rename(staging, retired) == 0 {
            try? FileManager.default.removeItem(atPath: retired)
        } else {
            unlink(staging + "/" + Self.fileName)
            try? FileManager.default.removeItem(atPath: staging)
        }
    }

    /// Finishes a build that died after committing, or throws away one that died before.
    static func recover(_ root: String) throws(OutputWriter.Failure) {
        try? FileManager.default.removeItem(atPath: root + "/" + retiredName)
        let staging = root + "/" + folderName
        guard access(staging, F_OK) == 0 else { return }
        if let data = FileManager.default.contents(atPath: staging + "/" + fileName),
            let journal = try? JSONDecoder().decode(WriteJournal.self, from: data)
        {
            try journal.apply(in: root)
        } else if (try? FileManager.default.removeItem(atPath: staging)) == nil {
            throw OutputWriter.Failure(path: folderName, message: "cannot remove what an interrupted build left")
        }
    }

    /// `a/b/c`, `a/b`, `a`.
    private static func withParents(_ path: String) -> [String] {
        [path] + URLPath.parents(of: path)
    }

    /// The folders above `path`, made where missing. A file in the way was a page of the old
    /// site (the journal removes it first), unless someone put it there since.
    private func makeParents(of path: String, in root: String) throws(OutputWriter.Failure) {
        for folder in Self.withParents(path).dropFirst().reversed() {
            let full = root + "/" + folder
            var info = stat()
            if lstat(full, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR { continue }
            guard mkdir(full, 0o755) == 0 else {
                throw OutputWriter.Failure(path: folder, message: "cannot create the folder: \(Errno.now)")
            }
        }
    }
}

/// The reason the last system call failed, for a message.
enum Errno {
    static var now: String { String(cString: strerror(errno)) }
}
