/// Every note by every name it answers to, and the page each one gets.
public struct EntityIndex: Sendable {
    /// Sorted by id; a note is referred to by its position here everywhere after this stage.
    public private(set) var notes: [Note]
    /// The output path of each note's page, from its path: `organizations/alibaba-cloud.html`.
    public let pages: [String]
    /// The folder of each note (`organizations`, `""` at the top), as written.
    public let folderOfNote: [String]
    /// Files of the content folder other than notes, by path.
    public let assets: Set<String>
    /// Every folder that holds a note or a file, as written, with the path of its page.
    public let folders: [String: String]
    /// The note that is a folder's own page (`Folder/index.md`, `Folder/Folder.md`), by folder.
    public let folderNotes: [String: Int]
    /// ASCII spellings of every character in the notes' names, folders, types and tags.
    public let romanization: Romanization
    /// The order of every name listed, in the site's language (`Collation`).
    public let collation: Collation
    /// Each note's title's key in `collation`, worked out once for every list of notes.
    public let titleKeys: [String]
    /// Name keys (see `NameKey`) that several notes answer to: never linked as mentions.
    public let ambiguousNames: Set<String>
    let names: NameTable
    let suggester: NameSuggestions

    /// Builds the index and reports page clashes, each naming both files. `language`: the site's
    /// (`SiteSettings.language`), which orders its names.
    public static func build(
        notes: [Note], assets: [String], language: String = SiteSettings().language
    ) -> (EntityIndex, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let index = EntityIndex(notes: notes, assets: assets, language: language, diagnostics: &diagnostics)
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

    /// The same index for `notes`, sorted as its own, which differ from them only in what the
    /// index does not read (`BuildCache.IndexedNote` says what it reads).
    func replacing(notes: [Note]) -> EntityIndex {
        var index = self
        index.notes = notes
        return index
    }

    private init(notes: [Note], assets: [String], language: String, diagnostics: inout [Diagnostic]) {
        let notes = notes.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let folderOfNote = notes.map { note in
            note.id.lastIndex(of: "/").map { String(note.id[..<$0]) } ?? ""
        }
        // Folders that hold notes get pages; one of images alone is no place to browse to.
        let folderNames = Set(notes.map(\.id).flatMap(URLPath.parents(of:)))
        let romanization = Romanization(
            names: notes.flatMap { [$0.id] + $0.names.map(\.text) + $0.tags + [$0.type ?? ""] })
        let folderNotes = Self.folderNotes(notes, folders: folderNames)
        let segments = { (folder: String) in Self.pageFolders(folder, romanization: romanization) }
        let folderPages = Dictionary(
            uniqueKeysWithValues: folderNames.map { ($0, (segments($0) + ["index.html"]).joined(separator: "/")) })
        let pages = Self.pages(
            of: notes, folders: folderOfNote, folderNotes: folderNotes, romanization: romanization,
            diagnostics: &diagnostics)
        let names = NameTable(notes: notes, pages: pages, folders: folderOfNote, assets: assets)

        self.notes = notes
        self.pages = pages
        self.folderOfNote = folderOfNote
        self.assets = Set(assets)
        self.folders = folderPages
        self.folderNotes = folderNotes.reduce(into: [:]) { $0[$1.value] = $1.key }
        self.romanization = romanization
        collation = Collation(language: language, romanization: romanization)
        titleKeys = notes.map { [collation] in collation.key($0.title.text) }
        self.ambiguousNames = names.ambiguous
        self.names = names
        suggester = NameSuggestions(names: notes.flatMap { $0.names.map(\.text) })
    }

    /// Which note stands for a folder: its `index.md`, else its `README.md`, else the note named
    /// like the folder inside it (Obsidian's folder notes). The top folder's `index.md` or
    /// `README.md` is the home page's text.
    private static func folderNotes(_ notes: [Note], folders: Set<String>) -> [Int: String] {
        var byFolder: [String: (rank: Int, position: Int)] = [:]
        for (position, note) in notes.enumerated() {
            let parts = note.id.split(separator: "/", omittingEmptySubsequences: false)
            let name = parts.last.map { String($0).lowercased() } ?? ""
            let folder = parts.dropLast().joined(separator: "/")
            let rank: Int? =
                name == "index"
                ? 0 : name == "readme" ? 1 : (parts.count > 1 && name == parts[parts.count - 2].lowercased()) ? 2 : nil
            guard let rank else { continue }
            if let existing = byFolder[folder], existing.rank <= rank { continue }
            byFolder[folder] = (rank, position)
        }
        return Dictionary(uniqueKeysWithValues: byFolder.map { ($0.value.position, $0.key) })
    }

    /// Output paths kb makes itself, which no note may take.
    static let reservedPages: Set<String> = [
        "index.html", "404.html", "search.html", "graph.html", "notes.html", "feed.xml", "sitemap.xml", "graph-data.js",
    ]
    static let reservedFolders: Set<String> = ["assets", "previews", "search", "tags", "types"]

    /// A folder's part of its pages' paths, in ASCII. A folder at the top named like one kb makes
    /// (`tags/`) gets a suffix, so that its pages never meet kb's.
    static func pageFolders(_ folder: String, romanization: Romanization) -> [String] {
        var segments = folder.split(separator: "/").map { Slug.make(String($0), romanization: romanization) }.map {
            $0.isEmpty ? "folder" : $0
        }
        if let first = segments.first, reservedFolders.contains(first) { segments[0] = first + "-notes" }
        return segments
    }

    /// Each note's page: its folders and its file name, in ASCII, as Quartz and Obsidian Publish
    /// derive URLs from paths; `slug:` replaces the file name and `permalink:` the whole path. A
    /// folder note is its folder's `index.html`, the top folder's the home page.
    ///
    /// Slugs collide more often than one would think, since Chinese has many homophones (中禾能源
    /// and 中河能源 are both `zhong-he-neng-yuan`). The later note in path order then gets a
    /// suffix made from its own path, so its URL does not depend on which other notes exist, and
    /// a warning. A slug or permalink written by hand that collides is an error.
    private static func pages(
        of notes: [Note], folders folderOfNote: [String], folderNotes: [Int: String], romanization: Romanization,
        diagnostics: inout [Diagnostic]
    ) -> [String] {
        var pages: [String] = []
        var owners: [String: Int] = [:]
        for (position, note) in notes.enumerated() {
            var folders = pageFolders(folderOfNote[position], romanization: romanization)
            var slug =
                note.slug ?? Slug.make(String(note.id.split(separator: "/").last ?? ""), romanization: romanization)
            if slug.isEmpty { slug = Slug.make(note.title.text, romanization: romanization) }
            if slug.isEmpty { slug = "note" }
            if folderNotes[position] != nil && note.slug == nil { slug = "index" }
            if let permalink = note.permalink {
                folders = permalink.split(separator: "/").map(String.init)
                slug = folders.removeLast()
                if slug.hasSuffix(".html") { slug.removeLast(5) }
            }
            let chosen = note.slug != nil || note.permalink != nil
            func page(_ slug: String) -> String { (folders + [slug]).joined(separator: "/") + ".html" }

            var path = page(slug)
            let isHome = (folderNotes[position] == "" || note.permalink == "index") && path == "index.html"
            let reserved = !isHome && reservedPages.contains(path)
            if reserved || owners[path] != nil {
                // Swift's == says yes to names that differ only in Unicode normalisation.
                let clash =
                    owners[path].map {
                        "the page of \(notes[$0].file)"
                            + (notes[$0].id == note.id
                                ? " (the two file names differ only in Unicode normalisation)" : "")
                    } ?? "a page kb makes"
                let otherChose = owners[path].map { notes[$0].slug != nil || notes[$0].permalink != nil } ?? false
                if chosen || otherChose {
                    diagnostics.append(
                        .error(note.file, "its page \(path) is also \(clash); give one of them another slug:"))
                } else {
                    let suffix = String(StableHash.fnv1a(note.id) & 0xFFFF, radix: 16)
                    let renamed = page(slug + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix)
                    diagnostics.append(
                        .warning(
                            note.file,
                            "its page \(path) is also \(clash), so it is published as \(renamed); set slug: to choose",
                            kind: "its page is also another page, so it gets a suffix"))
                    path = renamed
                }
                // Whatever happened, every note keeps a page of its own, so that later checks speak
                // of the note and not of two outputs at one path.
                var number = 2
                while owners[path] != nil || (reservedPages.contains(path) && !isHome) {
                    path = page("\(slug)-\(number)")
                    number += 1
                }
            }
            owners[path] = position
            pages.append(path)
        }
        return pages
    }

    /// The note a name leads to, read as from the top of the content folder.
    public func note(named name: String) -> Int? {
        if case .note(let position)? = resolve(name, from: "").target { return position }
        return nil
    }

    /// What a link written in a note of `folder` leads to: a note (by title, alias, file name or
    /// path, relative paths too), a folder (`folder/`), or a file of the content folder.
    public func resolve(_ name: String, from folder: String) -> NameTable.Resolution {
        names.resolve(name, from: folder)
    }

    public func asset(named name: String, from folder: String = "") -> String? {
        names.asset(name, from: folder)
    }

    /// Up to three names close to `name`, closest first, for "did you mean …?".
    public func suggestions(for name: String) -> [String] {
        suggester.suggestions(for: name)
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
