/// The one place where a name written in a note becomes the note, folder or file it means, for
/// wikilinks, Markdown links, embeds and relations alike.
///
/// Names are tried as Obsidian tries them: a path (relative to the linking note when it starts
/// with `./` or `../`, else from the top, else as the end of a path), then a title or file name,
/// then an alias. Each is matched exactly first, and ignoring case and width only when nothing
/// matches exactly, so that "LaTeX" and "Latex" can be two notes. When several notes answer, the
/// one beside the linking note wins, else the one with the shortest path, else the first by path;
/// only that last choice is arbitrary, and the resolution then names the others.
public struct NameTable: Sendable {
    public struct Resolution: Sendable, Equatable {
        public enum Target: Sendable, Equatable {
            case note(Int)
            case folder(String)
            case asset(String)
        }

        public var target: Target?
        /// The notes the name could equally mean, the chosen one first, when the choice among them
        /// was made by path order alone.
        public var alternatives: [Int] = []
    }

    private let titles: [String: [Int]]
    private let aliases: [String: [Int]]
    private let foldedTitles: [String: [Int]]
    private let foldedAliases: [String: [Int]]
    private let paths: [String: Int]
    private let foldedPaths: [String: Int]
    /// The last one, two, … segments of every path, folded, for `[[b/c]]` meaning `a/b/c`.
    private let pathEnds: [String: [Int]]
    private let folders: [String: String]
    private let assetPaths: [String: String]
    private let assetsByName: [String: [String]]
    private let folderOfNote: [String]
    private let ids: [String]
    /// Folded names several notes answer to.
    let ambiguous: Set<String>

    init(notes: [Note], pages: [String], folders folderOfNote: [String], assets: [String]) {
        var titles: [String: [Int]] = [:]
        var aliases: [String: [Int]] = [:]
        var foldedTitles: [String: [Int]] = [:]
        var foldedAliases: [String: [Int]] = [:]
        var paths: [String: Int] = [:]
        var foldedPaths: [String: Int] = [:]
        var pathEnds: [String: [Int]] = [:]
        var folders: [String: String] = [:]
        for (position, note) in notes.enumerated() {
            let fileName = String(note.id.split(separator: "/").last ?? "")
            for name in Set([note.title.text, fileName]) {
                titles[name, default: []].append(position)
                foldedTitles[NameKey.make(name), default: []].append(position)
            }
            for alias in note.aliases {
                aliases[alias.text, default: []].append(position)
                foldedAliases[NameKey.make(alias.text), default: []].append(position)
            }
            paths[note.id] = position
            for path in [note.id, String(pages[position].dropLast(5))] where foldedPaths[NameKey.make(path)] == nil {
                foldedPaths[NameKey.make(path)] = position
            }
            let segments = note.id.split(separator: "/")
            for start in segments.indices.dropFirst() {
                pathEnds[NameKey.make(segments[start...].joined(separator: "/")), default: []].append(position)
            }
        }
        for folder in (notes.map(\.id) + assets).flatMap(URLPath.parents(of:)) {
            folders[folder] = folder
            if folders[NameKey.make(folder)] == nil { folders[NameKey.make(folder)] = folder }
        }
        var assetPaths: [String: String] = [:]
        var assetsByName: [String: [String]] = [:]
        for asset in assets.sorted() {
            assetPaths[asset] = asset
            if assetPaths[NameKey.make(asset)] == nil { assetPaths[NameKey.make(asset)] = asset }
            let name = String(asset.split(separator: "/").last ?? "")
            assetsByName[name, default: []].append(asset)
            if name != NameKey.make(name) { assetsByName[NameKey.make(name), default: []].append(asset) }
        }
        var ambiguous: Set<String> = []
        for (position, note) in notes.enumerated() {
            for name in note.names {
                let key = NameKey.make(name.text)
                let owners = Set((foldedTitles[key] ?? []) + (foldedAliases[key] ?? [])).subtracting([position])
                // A note's file name is how Obsidian names it, but it is not a mention name; only
                // other titles and aliases make a name ambiguous.
                if owners.contains(where: { other in notes[other].names.contains { NameKey.make($0.text) == key } }) {
                    ambiguous.insert(key)
                }
            }
        }
        self.titles = titles
        self.aliases = aliases
        self.foldedTitles = foldedTitles
        self.foldedAliases = foldedAliases
        self.paths = paths
        self.foldedPaths = foldedPaths
        self.pathEnds = pathEnds
        self.folders = folders
        self.assetPaths = assetPaths
        self.assetsByName = assetsByName
        self.folderOfNote = folderOfNote
        ids = notes.map(\.id)
        self.ambiguous = ambiguous
    }

    func resolve(_ written: String, from folder: String) -> Resolution {
        var name = written.trimmingSpaces
        let relative = name.hasPrefix("./") || name.hasPrefix("../")
        if relative {
            guard let joined = Self.join(folder, name) else { return Resolution() }
            name = joined
        } else if name.hasPrefix("/") {
            name.removeFirst()
        }
        if name.hasSuffix("/") {
            return Resolution(
                target: folderPath(String(name.dropLast()), from: relative ? "" : folder).map { .folder($0) })
        }
        let notePath = Self.hasMarkdownExtension(name) ? String(name.dropLast(3)) : name
        if relative || name.utf8.contains(UInt8(ascii: "/")) {
            if let position = paths[notePath] ?? foldedPaths[NameKey.make(notePath)] {
                return Resolution(target: .note(position))
            }
            if !relative, let candidates = pathEnds[NameKey.make(notePath)] {
                return pick(candidates, from: folder)
            }
            if let path = folders[name] ?? folders[NameKey.make(name)] { return Resolution(target: .folder(path)) }
            if let path = assetPaths[name] ?? assetPaths[NameKey.make(name)] { return Resolution(target: .asset(path)) }
            if relative { return Resolution() }
        }
        let key = NameKey.make(notePath)
        for candidates in [titles[notePath], aliases[notePath], foldedTitles[key], foldedAliases[key]] {
            if let candidates { return pick(candidates, from: folder) }
        }
        if let position = foldedPaths[key] { return Resolution(target: .note(position)) }
        if let path = folders[name] ?? folders[NameKey.make(name)] { return Resolution(target: .folder(path)) }
        return Resolution(target: asset(written, from: folder).map { .asset($0) })
    }

    /// `.md` in any case, on bytes: every link asks.
    private static func hasMarkdownExtension(_ name: String) -> Bool {
        let end = name.utf8.suffix(3)
        return end.count == 3
            && end.elementsEqual(".md".utf8) { $0 == $1 || $0 == $1 - 0x20 && $1 != UInt8(ascii: ".") }
    }

    /// A folder by its path inside `base`, else from the top, else as the end of a path.
    private func folderPath(_ path: String, from base: String) -> String? {
        if !base.isEmpty, let found = folders[base + "/" + path] { return found }
        if let found = folders[path] ?? folders[NameKey.make(path)] { return found }
        let end = "/" + NameKey.make(path)
        return folders.values.filter { NameKey.make($0).hasSuffix(end) }.min()
    }

    /// A file of the content folder: by path (relative to `folder` with `./` or `../`), else by
    /// file name anywhere, the nearest first.
    func asset(_ written: String, from folder: String) -> String? {
        var name = written.trimmingSpaces
        if name.hasPrefix("./") || name.hasPrefix("../") {
            guard let joined = Self.join(folder, name) else { return nil }
            return assetPaths[joined] ?? assetPaths[NameKey.make(joined)]
        }
        if name.hasPrefix("/") { name.removeFirst() }
        if let path = assetPaths[name] ?? assetPaths[NameKey.make(name)] { return path }
        if !folder.isEmpty, let path = assetPaths[folder + "/" + name] { return path }
        let fileName = String(name.split(separator: "/").last ?? "")
        guard let candidates = assetsByName[fileName] ?? assetsByName[NameKey.make(fileName)] else { return nil }
        let matching =
            name.contains("/") ? candidates.filter { NameKey.make($0).hasSuffix(NameKey.make(name)) } : candidates
        return matching.min { Self.nearness($0, to: folder) < Self.nearness($1, to: folder) }
    }

    /// Beside the linking note first, then the shortest path, then path order.
    private static func nearness(_ path: String, to folder: String) -> (Int, Int, String) {
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        return (parent == folder ? 0 : 1, path.split(separator: "/").count, path)
    }

    private func pick(_ candidates: [Int], from folder: String) -> Resolution {
        let unique = Array(Set(candidates)).sorted()
        guard unique.count > 1 else { return Resolution(target: unique.first.map { .note($0) }) }
        let beside = unique.filter { folderOfNote[$0] == folder }
        let depth = { (position: Int) in self.ids[position].split(separator: "/").count }
        let pool = beside.isEmpty ? unique.filter { depth($0) == unique.map(depth).min() } : beside
        let ordered = pool.sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }
        return Resolution(target: .note(ordered[0]), alternatives: ordered.count > 1 ? ordered : [])
    }

    /// `folder` joined with a path that starts with `./` or `../`; nil when it leaves the top.
    static func join(_ folder: String, _ path: String) -> String? {
        var parts = folder.split(separator: "/").map(String.init)
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case ".", "": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/") + (path.hasSuffix("/") ? "/" : "")
    }
}
