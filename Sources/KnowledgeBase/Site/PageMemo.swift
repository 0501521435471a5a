/// The pages of the last build with a hash of what each was made of, kept by `kb serve`: a page
/// whose inputs hash the same is the last build's page again, not built anew, and Emit, finding
/// the very same page in its own cache, does not template it either. A body edit then builds the
/// edited note's page and those of the notes it links to or from, not ten thousand.
///
/// The hashes come from `Hasher`, seeded per process: the memo lives in one `kb serve` process.
/// A note's own note and body are not hashed but stood for by their version (`Build`'s, new
/// whenever the note is rendered again), which hashing ten thousand bodies would cost more than
/// it saves.
struct PageMemo: Sendable {
    struct Entry: Sendable {
        var inputs: Int
        var page: Page
    }

    /// Each note's page, by path.
    var notes: [String: Entry] = [:]
    /// The listings and the site's other pages, in `SiteBuilder.build`'s order, made of what
    /// `listingInputs` hashes.
    var listings: (inputs: Int, pages: [Page])?
}

extension SiteBuilder {
    /// What every note page reads beyond its own note and the notes it meets: the settings, every
    /// note's id and page, the folders (the explorer), the tags' and the types' pages.
    func siteInputs() -> Int {
        var hasher = Hasher()
        hasher.combine(settings)
        hasher.combine(index.notes.count)
        for position in index.notes.indices {
            hasher.combine(text: index.notes[position].id)
            hasher.combine(text: index.pages[position])
            hasher.combine(text: index.folderOfNote[position])
        }
        for folder in index.folders.keys.sorted() {
            hasher.combine(folder)
            hasher.combine(index.folders[folder])
            hasher.combine(index.folderNotes[folder])
        }
        for folder in catalog.children.keys.sorted() {
            hasher.combine(folder)
            hasher.combine(catalog.children[folder]?.folders)
            hasher.combine(catalog.children[folder]?.notes)
        }
        for group in catalog.types + catalog.tags {
            hasher.combine(group.name)
            hasher.combine(group.label)
            hasher.combine(group.page)
        }
        // A small vault's explorer lists every note by title.
        if index.notes.count <= Self.explorerNotesPast {
            for note in index.notes { hasher.combine(text: note.title.text) }
        }
        return hasher.finalize()
    }

    /// What a page shows of another note it links to or from: its title, type, place in title
    /// order and how many links it has (the neighbour graph's order), and its summary (a folder
    /// note's list), one hash a note, so that a page hashes numbers for its neighbours.
    func shownInputs(_ note: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(text: index.notes[note].title.text)
        hasher.combine(text: index.notes[note].type)
        hasher.combine(text: index.notes[note].summary)
        hasher.combine(catalog.typeOfNote[note])
        hasher.combine(text: catalog.sortKeys[note])
        hasher.combine(graph.outgoing[note].count + graph.backlinks[note].count)
        return hasher.finalize()
    }

    /// Everything `notePage(position)` reads: `site` (`siteInputs`), the note and its body as
    /// `versions` has them, what it shows of each note it links to, is linked from or names in a
    /// property (`shown`, `shownInputs` of every note), and each backlink's kinds, relations and
    /// excerpt: an edit of a note that links to a hub then builds the hub's page again only when
    /// the link's excerpt changed. A folder's note lists what the folder holds.
    func noteInputs(
        _ position: Int, site: Int, versions: [Int], shown: [Int], folderOfOwnNote: [Int: String]
    ) -> Int {
        var hasher = Hasher()
        hasher.combine(site)
        hasher.combine(versions[position])
        hasher.combine(catalog.typeOfNote[position])
        hasher.combine(catalog.tagsOfNote[position])
        for target in graph.outgoing[position] {
            hasher.combine(target)
            hasher.combine(shown[target])
        }
        hasher.combine(-1)
        for backlink in graph.backlinks[position] {
            hasher.combine(backlink.source)
            hasher.combine(shown[backlink.source])
            hasher.combine(backlink.kinds)
            hasher.combine(backlink.properties)
            hasher.combine(text: backlink.excerpt)
        }
        hasher.combine(-2)
        for row in rendered[position].properties {
            for value in row.values {
                if let target = value.target {
                    hasher.combine(target)
                    hasher.combine(shown[target])
                }
            }
        }
        if let folder = folderOfOwnNote[position] {
            hasher.combine(text: folder)
            for note in catalog.children[folder]?.notes ?? [] { hasher.combine(shown[note]) }
        }
        return hasher.finalize()
    }

    /// Everything the listings, the home page and the site's other pages read of the notes:
    /// titles, summaries, dates, types, tags, properties, how many link to each, the folders, and
    /// the home note's body.
    func listingInputs(site: Int, versions: [Int]) -> Int {
        var hasher = Hasher()
        hasher.combine(site)
        for position in index.notes.indices {
            let note = index.notes[position]
            hasher.combine(text: note.title.text)
            hasher.combine(text: note.summary)
            hasher.combine(note.date)
            hasher.combine(note.updated)
            hasher.combine(note.properties)
            hasher.combine(rendered[position].properties)
            hasher.combine(graph.backlinks[position].count)
            hasher.combine(text: catalog.sortKeys[position])
            hasher.combine(catalog.typeOfNote[position])
            hasher.combine(catalog.tagsOfNote[position])
        }
        for group in catalog.types + catalog.tags {
            hasher.combine(group.notes)
            hasher.combine(group.parent)
            hasher.combine(group.children)
        }
        hasher.combine(homeNote.map { versions[$0] })
        return hasher.finalize()
    }
}

extension Hasher {
    /// A string by its bytes: `String`'s own hashing normalises every non-ASCII string first, which
    /// for ten thousand Chinese titles a save cost more than the pages it spared. Strings that
    /// differ only in normalisation then hash apart, which only builds a page again.
    mutating func combine(text: String?) {
        guard let text else { return combine(-1) }
        combine(text.utf8.count)
        if text.utf8.withContiguousStorageIfAvailable({ combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            for byte in text.utf8 { combine(byte) }
        }
    }
}
