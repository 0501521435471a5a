import Foundation
import Markdown

/// What a build leaves in the output folder so that the next one can tell that nothing changed.
///
/// The output is a function of the inputs alone (the build is deterministic), so when the inputs
/// hash to what the last build recorded and the output folder still holds exactly the files that
/// build wrote, building again would write the same bytes: kb prints the recorded diagnostics and
/// stops. Anything else — one changed byte in a note or a template, another kb, other options, a
/// page deleted or touched in the output — and the whole build runs.
///
/// The stamp sits in the output folder because kb writes nowhere else. It names the files of the
/// site and repeats the warnings; a build whose warnings name a draft the site leaves out writes
/// no stamp, so a published stamp never reveals a draft.
///
/// A stamp never needs removing: writing the site replaces, adds or removes files, and a stamp
/// whose files are not exactly those in the folder is ignored.
struct BuildStamp: Codable, Equatable {
    static let fileName = ".kb-stamp.json"
    /// Changes whenever the stamp's meaning does.
    static let format = 1

    /// An output file as `stat` saw it after the build.
    struct Entry: Codable, Equatable {
        var path: String
        var size: Int
        var modified: Int
        var inode: UInt64
    }

    var format = Self.format
    var inputs: String
    var noteCount: Int
    var pageCount: Int
    var diagnostics: [Diagnostic]
    /// Sorted by path.
    var files: [Entry]

    /// The stamp of a finished build, its files as they are now in `output`; nil if one of them
    /// cannot be read back.
    init?(inputs: String, result: BuildResult, paths: [String], output: URL) {
        var entries: [Entry] = []
        entries.reserveCapacity(paths.count)
        for path in paths.sorted() {
            guard let entry = Self.entry(output.path + "/" + path, path: path) else { return nil }
            entries.append(entry)
        }
        self.inputs = inputs
        noteCount = result.noteCount
        pageCount = result.pageCount
        diagnostics = result.diagnostics
        files = entries
    }

    /// The stamp in `output`, if there is one kb can read.
    static func read(from output: URL) -> BuildStamp? {
        guard let data = FileManager.default.contents(atPath: output.path + "/" + fileName),
            let stamp = try? JSONDecoder().decode(BuildStamp.self, from: data), stamp.format == format
        else { return nil }
        return stamp
    }

    /// Writes the stamp beside the site, through a temporary file so a reader never sees half of
    /// it. A stamp that cannot be written only costs the next build its shortcut.
    func write(to output: URL) {
        let path = output.path + "/" + Self.fileName
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(self),
            FileManager.default.createFile(atPath: path + ".kb-tmp", contents: data),
            rename(path + ".kb-tmp", path) == 0
        else {
            unlink(path + ".kb-tmp")
            return
        }
    }

    /// Whether `output` holds exactly the files of this stamp, none changed since, and nothing else.
    func matches(_ output: URL) -> Bool {
        var found: [Entry] = []
        guard Self.collect(output.path, relative: "", into: &found) else { return false }
        return found.sorted { $0.path < $1.path } == files
    }

    /// The regular files under `folder`, but the stamp and a top-level `.gitkeep`, which the writer
    /// also leaves alone; false on anything a build would remove (a link, a socket).
    private static func collect(_ folder: String, relative: String, into entries: inout [Entry]) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
        for name in names {
            if relative.isEmpty && (name == fileName || name == ".gitkeep") { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0 else { return false }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                guard collect(folder + "/" + name, relative: path, into: &entries) else { return false }
            case S_IFREG:
                entries.append(Entry(info, path: path))
            default:
                return false
            }
        }
        return true
    }

    private static func entry(_ absolute: String, path: String) -> Entry? {
        var info = stat()
        guard lstat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Entry(info, path: path)
    }

    /// A digest of everything the output depends on: kb itself, the Markdown library, the options
    /// that change bytes, and every file of the content and template folders with what loading
    /// them reported. Files are hashed in parallel; the digest is of their paths, sizes and hashes
    /// in order. Nil when kb cannot find its own executable: another kb could then pass for this
    /// one, so there is no stamp at all.
    static func inputs(
        options: BuildOptions, folder: ContentFolder, templates: TemplateSet, loadDiagnostics: [Diagnostic]
    ) async -> String? {
        // `stat`, not `lstat`: a kb reached through a link is the file the link leads to.
        var info = stat()
        guard let executable = Bundle.main.executablePath, stat(executable, &info) == 0 else { return nil }
        let kb = Entry(info, path: executable)
        var digest = Digest()
        digest.add("kb-stamp \(format)")
        digest.add("\(kb.path) \(kb.size) \(kb.modified)")
        digest.add(MarkdownDocument.libraryVersion)
        digest.add("\(options.includeDrafts) \(options.baseURL ?? "-") \(options.strict)")
        digest.add("\(options.contentName)\n\(options.templatesName)\n\(options.outputName)")
        for diagnostic in loadDiagnostics { digest.add(diagnostic.description) }
        let files = (folder.settings.map { [$0] } ?? []) + folder.notes + folder.assets
        let sources =
            files.map { ("content/" + $0.path, $0.bytes) } + templates.assets.map { ("templates/" + $0.path, $0.bytes) }
        let hashes = await parallelMap(sources.map(\.1), jobs: options.jobs) { bytes in
            var file = Digest()
            file.add(bytes)
            return file.value
        }
        for ((path, bytes), hash) in zip(sources, hashes) {
            digest.add("\(path) \(bytes.count) \(hash)")
        }
        for (name, text) in templates.texts.sorted(by: { $0.key < $1.key }) {
            digest.add(name)
            digest.add(text)
        }
        return String(digest.value, radix: 16)
    }

    /// FNV-1a's step taken a 64-bit word at a time, over length-prefixed fields so that no two
    /// field lists feed the same words. Each step is a bijection of the state, so a change to any
    /// one word always changes the digest. It detects changes, it does not resist forgery: nobody
    /// gains by making a stamp lie.
    struct Digest {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ text: String) { add(Array(text.utf8)) }

        mutating func add(_ bytes: [UInt8]) {
            step(UInt64(bytes.count))
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset + 8 <= buffer.count {
                    step(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    offset += 8
                }
                var tail: UInt64 = 0
                for byte in buffer[offset...].reversed() { tail = tail << 8 | UInt64(byte) }
                step(tail)
            }
        }

        private mutating func step(_ word: UInt64) {
            value = (value ^ word) &* 0x100_0000_01b3
        }
    }
}

extension BuildStamp.Entry {
    init(_ info: stat, path: String) {
        self.path = path
        size = Int(info.st_size)
        modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
    }
}
