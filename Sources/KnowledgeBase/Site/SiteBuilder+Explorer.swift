import Synchronization

/// The folder tree beside every page a reader browses, and the page listing every note.
extension SiteBuilder {
    /// Past this many notes the tree lists folders only: every note on every page would make a
    /// 10,000-note vault's pages megabytes each (measured in the README).
    static let explorerNotesPast = 300

    /// The tree as seen from `page`, which shows `note`, or else is the page of `folder`; folders
    /// only past `notesPast` notes.
    ///
    /// Every page of one output folder sees the same URLs, so the tree is made once a folder
    /// (`ExplorerTrees`) and each page only marks the way to itself: made for every page, it was
    /// a twentieth of a build of 1,558 notes in 296 folders.
    func explorer(
        from page: String, note: Int? = nil, folder: String? = nil, notesPast: Int = explorerNotesPast
    ) -> ExplorerView {
        let outputFolder = page.lastIndex(of: "/").map { String(page[..<$0]) } ?? ""
        var view = explorerTrees.tree(seenFrom: outputFolder, notesPast: notesPast) {
            explorerTree(seenFrom: outputFolder, notesPast: notesPast)
        }
        // The folder whose contents are shown open: the note's own, or the folder of the page.
        let shown = note.map { index.folderOfNote[$0] } ?? folder ?? ""
        let currentFolder = folder ?? index.folderNotes.first { $0.value == note }?.key
        // This page's own link, as the tree names it from its output folder.
        let own = URLPath.encode(path: String(page.split(separator: "/").last ?? ""))
        func leads(_ path: String, to target: String?) -> Bool {
            guard let target else { return false }
            return target == path || target.hasPrefix(path + "/")
        }
        func markNote(in entries: inout [ExplorerView.Entry]) {
            guard note != nil, let at = entries.firstIndex(where: { $0.url == own }) else { return }
            entries[at].current = true
        }
        func mark(_ folders: inout [ExplorerView.Folder], paths: [String]) {
            for (position, path) in zip(folders.indices, paths)
            where leads(path, to: shown) || leads(path, to: currentFolder) {
                folders[position].open = leads(path, to: shown)
                folders[position].current = path == currentFolder
                folders[position].here = note != nil && shown == path && path != currentFolder
                if shown == path { markNote(in: &folders[position].notes) }
                mark(&folders[position].folders, paths: catalog.children[path]?.folders ?? [])
            }
        }
        mark(&view.folders, paths: catalog.children[""]?.folders ?? [])
        if shown.isEmpty { markNote(in: &view.notes) }
        return view
    }

    /// The tree with the URLs of a page in `outputFolder`, nothing open or current.
    private func explorerTree(seenFrom outputFolder: String, notesPast: Int) -> ExplorerView {
        let foldersOnly = index.notes.count > notesPast
        // A page of that folder no page is named: every URL comes out as from any of its pages,
        // a link to the page itself included (its file name, where `relative` gives "").
        let page = (outputFolder.isEmpty ? "" : outputFolder + "/") + "\u{1}"
        let labels = site.labels

        func notes(in folder: String) -> [ExplorerView.Entry] {
            guard !foldersOnly else { return [] }
            return (catalog.children[folder]?.notes ?? []).filter { $0 != homeNote }.map {
                let target = link($0, from: page)
                return ExplorerView.Entry(title: target.title, url: target.url, current: false)
            }
        }
        func tree(_ folder: String) -> (ExplorerView.Folder, count: Int) {
            let subfolders = (catalog.children[folder]?.folders ?? []).map(tree)
            let count = (catalog.children[folder]?.notes.count ?? 0) + subfolders.map(\.count).reduce(0, +)
            let target = folderLink(folder, from: page)
            let view = ExplorerView.Folder(
                title: target.title, url: target.url,
                countText: labels.count(count, one: .noteCountOne, other: .noteCountOther),
                open: false, current: false, here: false, folders: subfolders.map(\.0), notes: notes(in: folder))
            return (view, count)
        }
        return ExplorerView(
            folders: (catalog.children[""]?.folders ?? []).map { tree($0).0 }, notes: notes(in: ""),
            foldersOnly: foldersOnly)
    }

    /// Every note, by title in the site's collation, with its folder: one sortable table.
    func allNotesPage() -> Page {
        let path = "notes.html"
        let name = site.labels[.allNotes]
        let group = Catalog.Group(
            name: name, label: name, page: path,
            notes: index.notes.indices.sorted { (catalog.sortKeys[$0], $0) < (catalog.sortKeys[$1], $1) })
        let folderColumn = (
            label: site.labels[.folder],
            cell: { (note: Int, path: String) -> ListingView.Cell in
                let folder = self.index.folderOfNote[note]
                guard !folder.isEmpty else { return ListingView.Cell(values: [], sortKey: "") }
                let target = self.folderLink(folder, from: path)
                return ListingView.Cell(
                    values: [ValueView(text: folder, url: target.url, broken: false)],
                    sortKey: self.catalog.collation.key(folder))
            }
        )
        var page = listingPage(group, kind: "all", columns: [folderColumn, summaryColumn])
        page.context.allNotesPage = true
        return page
    }
}

/// The explorer's tree for each output folder, made by the first page there that asks: pages are
/// made in parallel, and two that race make the same tree.
final class ExplorerTrees: Sendable {
    private let trees = Mutex<[String: ExplorerView]>([:])

    func tree(seenFrom outputFolder: String, notesPast: Int, make: () -> ExplorerView) -> ExplorerView {
        let key = "\(notesPast) \(outputFolder)"
        if let tree = trees.withLock({ $0[key] }) { return tree }
        let tree = make()
        trees.withLock { $0[key] = tree }
        return tree
    }
}
