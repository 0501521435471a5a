import Foundation
import Markdown

/// What a build leaves in the output folder: the files it wrote, so that the next build removes
/// only those, and what lets the next build tell that nothing changed.
///
/// The output is a function of the inputs alone (the build is deterministic), so when the inputs
/// hash to what the last build recorded and the output folder still holds exactly the files that
/// build wrote, building again would write the same bytes: kb prints the recorded diagnostics and
/// stops. Anything else — one changed byte in a note or a template, another kb, other options, a
/// page deleted or edited in the output — and the whole build runs. A file is known unchanged by
/// its size, modification time, inode and status-change time: the last of these no program can
/// set back, so an edit is seen even when its modification time is restored.
///
/// The stamp sits in the output folder because kb writes nowhere else. It names the files of the
/// site and repeats the warnings; a build whose warnings name a draft the site leaves out keeps
/// neither the warnings nor the shortcut, so a published stamp never reveals a draft.
struct BuildStamp: Codable, Equatable, Sendable {
    static let fileName = ".kb-stamp.json"
    /// Changes whenever the stamp's meaning does.
    static let format = 2

    /// An output file as `stat` saw it after the build.
    struct Entry: Codable, Equatable, Sendable {
        var path: String
        var size = 0
        var modified = 0
        var changed = 0
        var inode: UInt64 = 0
    }

    /// What the build says of itself; the writer adds the files.
    struct Draft {
        /// The digest of the inputs; nil when the next build must not take the shortcut.
        var inputs: String?
        var noteCount: Int
        var pageCount: Int
        var diagnostics: [Diagnostic]
    }

    var format = Self.format
    var inputs: String?
    var noteCount: Int
    var pageCount: Int
    var diagnostics: [Diagnostic]
    /// Sorted by path.
    var files: [Entry]
    /// Files kb did not write that the user let stay with `--force`; never removed.
    var kept: [String]

    init(draft: Draft, inputs: String?, files: [Entry], kept: [String]) {
        self.inputs = inputs
        noteCount = draft.noteCount
        pageCount = draft.pageCount
        diagnostics = inputs == nil ? [] : draft.diagnostics
        self.files = files
        self.kept = kept.sorted()
    }

    /// The files at `paths` as they are now in `root`; nil if one of them cannot be read back.
    /// `untouched`: files as `lstat` saw them before a write that left them alone, not asked again.
    static func entries(_ paths: [String], in root: String, untouched: [String: Entry] = [:]) -> [Entry]? {
        var entries: [Entry] = []
        entries.reserveCapacity(paths.count)
        for path in paths {
            if let entry = untouched[path] {
                entries.append(entry)
                continue
            }
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            entries.append(Entry(info, path: path))
        }
        return entries
    }

    /// The stamp in `root`, if there is one of this format.
    static func read(from root: String) -> BuildStamp? {
        guard let data = FileManager.default.contents(atPath: root + "/" + fileName),
            let stamp = try? JSONDecoder().decode(BuildStamp.self, from: data), stamp.format == format
        else { return nil }
        return stamp
    }

    /// What any stamp, of this format or an earlier one, says kb wrote.
    struct Record: Decodable {
        struct File: Decodable { var path: String }
        private var files_: [File]
        var kept: [String]?
        var files: [String] { files_.map(\.path) }

        enum CodingKeys: String, CodingKey {
            case files_ = "files"
            case kept
        }

        static func read(from root: String) -> Record? {
            FileManager.default.contents(atPath: root + "/" + BuildStamp.fileName).flatMap {
                try? JSONDecoder().decode(Record.self, from: $0)
            }
        }
    }

    /// Writes the stamp to `path` through a temporary file, so a reader never sees half of it.
    func write(to path: String) -> Bool {
        guard let bytes = json, OutputWriter.writeFile(bytes, at: path + ".tmp"), rename(path + ".tmp", path) == 0
        else {
            unlink(path + ".tmp")
            return false
        }
        return true
    }

    /// The stamp as JSON, its keys sorted. `JSONEncoder` writes all but the files, which are
    /// written here: encoding the entries of a 10,000-note site through it took a tenth of a save
    /// of `kb serve`, twice, where these few lines take a few milliseconds. `"files":[]` is found
    /// only where the key is, since a quote inside a JSON string is escaped.
    var json: [UInt8]? {
        var head = self
        head.files = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(head) else { return nil }
        var files = ""
        files.reserveCapacity(self.files.count * 96)
        for (number, entry) in self.files.enumerated() {
            if number > 0 { files += "," }
            files +=
                "{\"changed\":\(entry.changed),\"inode\":\(entry.inode),\"modified\":\(entry.modified),\"path\":"
                + JSONText.quote(entry.path) + ",\"size\":\(entry.size)}"
        }
        let empty = #""files":[]"#
        let json = String(decoding: data, as: UTF8.self)
        guard json.containsBytes(empty) else { return nil }
        return Array(json.replacingBytes(empty, with: #""files":["# + files + "]").utf8)
    }

    /// A digest of everything the output depends on: kb itself, the Markdown library, the options
    /// that change bytes, and every file of the content and template folders with what loading
    /// them reported. Files are hashed in parallel; the digest is of their paths, sizes and hashes
    /// in order. Nil when kb cannot find its own executable: another kb could then pass for this
    /// one, so there is no stamp at all.
    static func inputs(
        options: BuildOptions, folder: ContentFolder, templates: TemplateSet, loadDiagnostics: [Diagnostic]
    ) async -> String? {
        var hashes: [String: FileHash] = [:]
        return await inputs(
            options: options, folder: folder, templates: templates, loadDiagnostics: loadDiagnostics, hashes: &hashes)
    }

    /// A file's hash and the bytes it is of.
    struct FileHash: Sendable {
        var bytes: [UInt8]
        var value: UInt64
    }

    /// The same, hashing only the files whose bytes are not those of `hashes`, which it refills:
    /// bytes read again only when their file changed are the same array, compared at once.
    static func inputs(
        options: BuildOptions, folder: ContentFolder, templates: TemplateSet, loadDiagnostics: [Diagnostic],
        hashes known: inout [String: FileHash]
    ) async -> String? {
        // `stat`, not `lstat`: a kb reached through a link is the file the link leads to.
        var info = stat()
        guard let executable = Bundle.main.executablePath, stat(executable, &info) == 0 else { return nil }
        let kb = Entry(info, path: executable)
        var digest = Digest()
        digest.add("kb-stamp \(format)")
        digest.add("\(kb.path) \(kb.size) \(kb.modified)")
        digest.add(MarkdownDocument.libraryVersion)
        digest.add(KaTeX.installed.identity)
        digest.add("\(options.includeDrafts) \(options.baseURL ?? "-") \(options.strict)")
        digest.add("\(options.contentName)\n\(options.templatesName)\n\(options.outputName)")
        for diagnostic in loadDiagnostics { digest.add(diagnostic.description) }
        let files = (folder.settings.map { [$0] } ?? []) + folder.notes + folder.assets
        let sources =
            files.map { ("content/" + $0.path, $0.bytes) } + templates.assets.map { ("templates/" + $0.path, $0.bytes) }
        let earlier = known
        let hashes = await parallelMap(sources, jobs: options.jobs) { path, bytes in
            if let hash = earlier[path], hash.bytes == bytes { return hash.value }
            var file = Digest()
            file.add(bytes)
            return file.value
        }
        known = Dictionary(
            zip(sources, hashes).map { ($0.0, FileHash(bytes: $0.1, value: $1)) }, uniquingKeysWith: { a, _ in a })
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
        changed = Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
    }
}
