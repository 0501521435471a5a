/// The folder tree beside every page a reader browses, and the page listing every note.
extension SiteBuilder {
    /// Past this many notes the tree lists folders only: every note on every page would make a
    /// 10,000-note vault's pages megabytes each (measured in the README).
    static let explorerNotesPast = 300

    /// The tree as seen from `page`, which shows `note`, or else is the page of `folder`; folders
    /// only past `notesPast` notes.
    func explorer(
        from page: String, note: Int? = nil, folder: String? = nil, notesPast: Int = explorerNotesPast
    ) -> ExplorerView {
        let foldersOnly = index.notes.count > notesPast
        // The folder whose contents are shown open: the note's own, or the folder of the page.
        let shown = note.map { index.folderOfNote[$0] } ?? folder ?? ""
        let currentFolder = folder ?? index.folderNotes.first { $0.value == note }?.key
        let labels = site.labels
        // A link to the page itself is `""` elsewhere; here it is a link a reader can follow.
        let own = URLPath.encode(path: String(page.split(separator: "/").last ?? ""))
        func href(_ url: String) -> String { url.isEmpty ? own : url }

        func notes(in folder: String) -> [ExplorerView.Entry] {
            guard !foldersOnly else { return [] }
            return (catalog.children[folder]?.notes ?? []).filter { $0 != homeNote }.map {
                let target = link($0, from: page)
                return ExplorerView.Entry(title: target.title, url: href(target.url), current: $0 == note)
            }
        }
        func tree(_ folder: String) -> (ExplorerView.Folder, count: Int) {
            let subfolders = (catalog.children[folder]?.folders ?? []).map(tree)
            let count = (catalog.children[folder]?.notes.count ?? 0) + subfolders.map(\.count).reduce(0, +)
            let target = folderLink(folder, from: page)
            let view = ExplorerView.Folder(
                title: target.title, url: href(target.url),
                countText: labels.count(count, one: .noteCountOne, other: .noteCountOther),
                open: shown == folder || shown.hasPrefix(folder + "/"), current: folder == currentFolder,
                here: note != nil && shown == folder && folder != currentFolder,
                folders: subfolders.map(\.0), notes: notes(in: folder))
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
