/// The notes grouped the ways a reader browses them: by type and by tag, each group with its
/// page, and every note with the key it sorts by (`Collation`: its title in the order of the
/// site's language, pinyin on a Chinese site).
struct Catalog {
    struct Group {
        var name: String
        /// As shown: the `types:` name from `site.yml`, else `name`.
        var label: String
        var page: String
        var notes: [Int]
        /// For a nested tag, the tag it is under; and the tags under a tag (positions in `tags`).
        var parent: Int? = nil
        var children: [Int] = []
    }

    let types: [Group]
    let tags: [Group]
    /// Position in `types` of each note's type, for colours; nil for untyped notes.
    let typeOfNote: [Int?]
    let tagsOfNote: [[Int]]
    let sortKeys: [String]
    /// The order of every name listed: titles, tags, types, property values.
    let collation: Collation
    /// What each folder holds (`""` the top): sub-folders and notes, each sorted as a reader
    /// expects; a folder's own note is its page, not one of its notes.
    let children: [String: (folders: [String], notes: [Int])]

    /// `tagsOfNotes`: each note's tags, from its front matter and its body.
    /// `texts`: names to be listed that the index did not romanize (inline tags, property values).
    init(
        index: EntityIndex, settings: SiteSettings, tagPages: TagPages, tagsOfNotes: [[String]],
        texts: [String] = []
    ) {
        let collation = index.collation.adding(tagsOfNotes.joined() + texts + settings.typeNames.values)
        self.collation = collation
        // The index romanized every title, so its keys are this collation's.
        let sortKeys = index.titleKeys
        func byTitle(_ a: Int, _ b: Int) -> Bool { (sortKeys[a], a) < (sortKeys[b], b) }

        // Tags get their pages from `TagPages`; types are grouped here.
        func typeGroups() -> ([Group], [[Int]]) {
            let labels = settings.typeNames
            var byKey: [String: Group] = [:]
            for (position, note) in index.notes.enumerated() {
                if let name = note.type {
                    let key = NameKey.make(name)
                    byKey[key, default: Group(name: name, label: labels[name] ?? name, page: "", notes: [])].notes
                        .append(position)
                }
            }
            // As `tags/index.html`, `types/index.html` is kept free for a list of them all.
            var used: Set<String> = ["index"]
            var groups: [Group] = []
            for key in byKey.keys.sorted() {
                guard var group = byKey[key] else { continue }
                var slug = Slug.make(group.name, romanization: index.romanization)
                if slug.isEmpty { slug = "group" }
                var candidate = slug
                var number = 2
                while !used.insert(candidate).inserted {
                    candidate = "\(slug)-\(number)"
                    number += 1
                }
                group.page = "types/\(candidate).html"
                group.notes.sort(by: byTitle)
                groups.append(group)
            }
            var ofNote = [[Int]](repeating: [], count: index.notes.count)
            for (number, group) in groups.enumerated() {
                for note in group.notes { ofNote[note].append(number) }
            }
            return (groups, ofNote)
        }

        let (types, typesOfNote) = typeGroups()
        self.types = types
        self.typeOfNote = typesOfNote.map(\.first)
        (tags, tagsOfNote) = Self.tagGroups(tagPages, tagsOfNotes, byTitle: byTitle)
        self.sortKeys = sortKeys

        var children: [String: (folders: [String], notes: [Int])] = [:]
        for folder in index.folders.keys {
            let parent = folder.lastIndex(of: "/").map { String(folder[..<$0]) } ?? ""
            children[parent, default: ([], [])].folders.append(folder)
            if children[folder] == nil { children[folder] = ([], []) }
        }
        for position in index.notes.indices where index.folderNotes[index.folderOfNote[position]] != position {
            children[index.folderOfNote[position], default: ([], [])].notes.append(position)
        }
        // Sub-folders by their names, as titles sort; the path breaks a tie.
        let folderKeys = Dictionary(
            uniqueKeysWithValues: index.folders.keys.map {
                ($0, collation.key(String($0.split(separator: "/").last ?? "")) + "\t" + $0)
            })
        self.children = children.mapValues { entry in
            (
                entry.folders.sorted { folderKeys[$0, default: $0] < folderKeys[$1, default: $1] },
                entry.notes.sorted(by: byTitle)
            )
        }
    }

    /// A note tagged `ai/llm` is listed under `ai` too; on the note, only its own tags show.
    private static func tagGroups(_ pages: TagPages, _ tagsOfNotes: [[String]], byTitle: (Int, Int) -> Bool)
        -> ([Group], [[Int]])
    {
        let number = Dictionary(uniqueKeysWithValues: pages.keys.enumerated().map { ($1, $0) })
        var groups = pages.keys.map { key in
            Group(name: pages.name(of: key), label: pages.name(of: key), page: pages.page(ofKey: key), notes: [])
        }
        for (position, key) in pages.keys.enumerated() {
            guard let parent = pages.parent(ofKey: key).flatMap({ number[$0] }) else { continue }
            groups[position].parent = parent
            groups[parent].children.append(position)
        }
        var ofNote = [[Int]](repeating: [], count: tagsOfNotes.count)
        for (note, tags) in tagsOfNotes.enumerated() {
            var listedUnder: Set<Int> = []
            for tag in tags {
                guard let own = number[NameKey.make(tag)] else { continue }
                if !ofNote[note].contains(own) { ofNote[note].append(own) }
                var group: Int? = own
                while let current = group, listedUnder.insert(current).inserted {
                    groups[current].notes.append(note)
                    group = groups[current].parent
                }
            }
        }
        for position in groups.indices { groups[position].notes.sort(by: byTitle) }
        return (groups, ofNote.map { $0.sorted() })
    }
}
