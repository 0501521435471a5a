/// Every note by every name it answers to, and the page each one gets.
public struct EntityIndex: Sendable {
    /// Sorted by id; a note is referred to by its position here everywhere after this stage.
    public private(set) var notes: [Note]
    /// The output path of each note's page: `organizations/a-li-yun.html`.
    public let pages: [String]
    /// Files of the content folder other than notes, by path.
    public let assets: Set<String>
    /// ASCII spellings of every character in the notes' names, folders, types and tags.
    public let romanization: Romanization
    /// Name keys (see `NameKey`) that are aliases of several notes: never linked as mentions.
    public let ambiguousNames: Set<String>

    private let byName: [String: Int]
    private let byPath: [String: Int]
    private let assetsByName: [String: String]

    /// Builds the index and reports name and page clashes, each naming both files.
    public static func build(notes: [Note], assets: [String]) -> (EntityIndex, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let index = EntityIndex(notes: notes, assets: assets, diagnostics: &diagnostics)
        return (index, diagnostics)
    }

    /// The same index with every note's body emptied. Render is the last stage to read bodies, and
    /// they weigh most of a knowledge base in memory; a build with no cache to keep them for lets
    /// them go before the Site stage, where memory peaks.
    func withoutBodies() -> EntityIndex {
        var index = self
        for position in index.notes.indices { index.notes[position].body = "" }
        return index
    }

    private init(notes: [Note], assets: [String], diagnostics: inout [Diagnostic]) {
        let notes = notes.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let romanization = Romanization(
            names: notes.flatMap { [$0.id] + $0.names.map(\.text) + $0.tags + [$0.type ?? ""] })
        var byName: [String: Int] = [:]
        var byPath: [String: Int] = [:]

        // Titles first, so that a title always wins over another note's alias.
        var titleOwners: [String: Int] = [:]
        var ambiguous: Set<String> = []
        for pass in [true, false] {
            for (position, note) in notes.enumerated() {
                for name in pass ? [note.title] : note.aliases {
                    let key = NameKey.make(name.text)
                    guard let owner = byName[key] else {
                        byName[key] = position
                        if pass { titleOwners[key] = position }
                        continue
                    }
                    guard owner != position else { continue }
                    let first = notes[owner]
                    let site = first.names.first { NameKey.make($0.text) == key }?.location ?? first.title.location
                    let claimed = "\(first.file):\(site.line):\(site.column)"
                    let location = name.location
                    if pass {
                        // Swift's == says yes to names that differ only in Unicode normalisation.
                        let lookalike =
                            note.file == first.file
                            ? " (the two file names differ only in Unicode normalisation)" : ""
                        diagnostics.append(
                            .error(
                                note.file, line: location.line, column: location.column,
                                "the title \"\(name.text)\" is already the title of \(claimed)\(lookalike)"))
                    } else {
                        // An alias that another note also answers to: links go to that note (by its
                        // title, else the first alias in path order), and mentions skip the name.
                        ambiguous.insert(key)
                        let what = titleOwners[key] != nil ? "the title" : "an alias"
                        diagnostics.append(
                            .warning(
                                note.file, line: location.line, column: location.column,
                                "the alias \"\(name.text)\" is also \(what) of \(claimed), where [[\(name.text)]] leads"
                            ))
                    }
                }
            }
        }
        let pages = Self.pages(of: notes, romanization: romanization, diagnostics: &diagnostics)
        for (position, note) in notes.enumerated() {
            for path in [note.id, String(pages[position].dropLast(5))] where byPath[NameKey.make(path)] == nil {
                byPath[NameKey.make(path)] = position
            }
        }
        // File names and slugs alone (`wang-jian`) are the last resort, and only when unambiguous.
        var shortNames: [String: Int?] = [:]
        for (position, note) in notes.enumerated() {
            for short in [note.id.split(separator: "/").last, pages[position].dropLast(5).split(separator: "/").last] {
                guard let short else { continue }
                let key = NameKey.make(String(short))
                if let existing = shortNames[key], existing != position {
                    shortNames[key] = .some(nil)
                } else {
                    shortNames[key] = position
                }
            }
        }
        for case (let key, let position?) in shortNames where byPath[key] == nil {
            byPath[key] = position
        }

        var assetsByName: [String: String] = [:]
        var ambiguousAssets: Set<String> = []
        for asset in assets.sorted() {
            assetsByName[NameKey.make(asset)] = asset
            let fileName = NameKey.make(String(asset.split(separator: "/").last ?? ""))
            if assetsByName[fileName] != nil && assetsByName[fileName] != asset { ambiguousAssets.insert(fileName) }
            if assetsByName[fileName] == nil { assetsByName[fileName] = asset }
        }
        for name in ambiguousAssets where !assets.contains(name) { assetsByName[name] = nil }

        self.notes = notes
        self.pages = pages
        self.romanization = romanization
        self.ambiguousNames = ambiguous
        self.assets = Set(assets)
        self.byName = byName
        self.byPath = byPath
        self.assetsByName = assetsByName
    }

    /// Each note's page: its folders and its slug, all in ASCII.
    ///
    /// Slugs made from titles collide more often than one would think, since Chinese has many
    /// homophones (中禾能源 and 中河能源 are both `zhong-he-neng-yuan`). The later note in path order
    /// then gets a suffix made from its own title, so its URL does not depend on which other notes
    /// exist, and a warning. A slug written by hand that collides is an error.
    private static func pages(of notes: [Note], romanization: Romanization, diagnostics: inout [Diagnostic]) -> [String]
    {
        var pages: [String] = []
        var owners: [String: Int] = [:]
        for (position, note) in notes.enumerated() {
            var slug = Slug.make(note.title.text, romanization: romanization)
            var chosen = false
            if let explicit = note.slug {  // made safe by the parser
                slug = explicit
                chosen = true
            }
            if slug.isEmpty {
                slug = Slug.make(String(note.id.split(separator: "/").last ?? ""), romanization: romanization)
            }
            if slug.isEmpty { slug = "note" }
            let folders = note.id.split(separator: "/").dropLast().map {
                Slug.make(String($0), romanization: romanization)
            }
            .filter { !$0.isEmpty }
            func page(_ slug: String) -> String { (folders + [slug]).joined(separator: "/") + ".html" }

            var path = page(slug)
            if let owner = owners[path] {
                let other = notes[owner]
                if chosen || other.slug != nil {
                    diagnostics.append(
                        .error(
                            note.file,
                            "its page \(path) is also the page of \(other.file); give one of them another slug:"))
                } else {
                    let suffix = String(StableHash.fnv1a(note.title.text) & 0xFFFF, radix: 16)
                    let renamed = page(slug + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix)
                    diagnostics.append(
                        .warning(
                            note.file,
                            "its page \(path) is also the page of \(other.file), so it is published as \(renamed); set slug: to choose"
                        ))
                    path = renamed
                }
                // Whatever happened, every note keeps a page of its own, so that later checks speak
                // of the note and not of two outputs at one path.
                var number = 2
                while owners[path] != nil {
                    path = page("\(slug)-\(number)")
                    number += 1
                }
            }
            owners[path] = position
            pages.append(path)
        }
        return pages
    }

    /// The note a wikilink target names: a title or alias, else a path under the content folder
    /// (with or without `.md`), a page path, a file name or a slug.
    public func note(named name: String) -> Int? {
        var key = NameKey.make(name)
        if let position = byName[key] { return position }
        if key.hasPrefix("/") { key.removeFirst() }
        if key.hasSuffix(".md") { key.removeLast(3) }
        if key.hasSuffix(".html") { key.removeLast(5) }
        return byPath[key]
    }

    public func asset(named name: String) -> String? {
        var key = NameKey.make(name)
        if key.hasPrefix("/") { key.removeFirst() }
        return assetsByName[key]
    }

    /// Up to three names close to `name`, closest first, for "did you mean …?".
    public func suggestions(for name: String) -> [String] {
        let key = NameKey.make(name)
        let limit = max(1, key.count / 3)
        var scored: [(distance: Int, name: String)] = []
        for note in notes {
            for candidate in note.names {
                let candidateKey = NameKey.make(candidate.text)
                guard abs(candidateKey.count - key.count) <= max(limit, 3) else { continue }
                var distance = EditDistance.between(key, candidateKey, limit: max(limit, 3))
                if candidateKey.contains(key) || key.contains(candidateKey) { distance = min(distance, 1) }
                if distance <= max(limit, 2) { scored.append((distance, candidate.text)) }
            }
        }
        scored.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
        var seen: Set<String> = []
        return scored.map(\.name).filter { seen.insert($0).inserted }.prefix(3).map { $0 }
    }
}

enum EditDistance {
    /// Levenshtein distance over characters, or `limit + 1` once it must exceed `limit`.
    static func between(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
