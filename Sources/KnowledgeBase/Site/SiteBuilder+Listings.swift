import Foundation

/// The pages that list notes: home, type and tag pages, the tag index, search, graph and 404.
extension SiteBuilder {
    static let homeListLength = 10
    static let listingColumns = 5

    func homePage() -> Page {
        let path = "index.html"
        let types = catalog.collation.sorted(catalog.types, by: \.label).map {
            HomeView.TypeEntry(name: $0.label, url: URLPath.relative(from: path, to: $0.page), count: $0.notes.count)
        }
        let mostLinked = index.notes.indices.filter { !graph.backlinks[$0].isEmpty }
            .sorted {
                (-graph.backlinks[$0].count, catalog.sortKeys[$0], $0) < (
                    -graph.backlinks[$1].count, catalog.sortKeys[$1], $1
                )
            }
            .prefix(Self.homeListLength)
            .map {
                entry(
                    $0, from: path,
                    detail: site.labels.count(graph.backlinks[$0].count, one: .linkCountOne, other: .linkCountOther))
            }
        let recent = index.notes.indices.compactMap { position in
            (index.notes[position].updated ?? index.notes[position].date).map { (position, $0) }
        }
        .sorted { ($0.1, catalog.sortKeys[$1.0], $1.0) > ($1.1, catalog.sortKeys[$0.0], $0.0) }
        .prefix(Self.homeListLength)
        .map { entry($0.0, from: path, detail: $0.1.dayText) }

        var context = context(path: path, title: settings.title, description: settings.description)
        context.home = HomeView(
            noteCount: index.notes.count,
            countText: site.labels.count(index.notes.count, one: .noteCountOne, other: .noteCountOther), types: types,
            mostLinked: mostLinked, recent: recent,
            html: homeNote.map { rendered[$0].html }, children: children(of: "", from: path))
        context.hasDiagrams = homeNote.map { rendered[$0].codeBlocks.contains { $0.block.isDiagram } } ?? false
        context.hasCanvas = homeNote.map { rendered[$0].showsCanvas } ?? false
        context.explorer = explorer(from: path, folder: "")
        return Page(path: path, template: "home", context: context)
    }

    private func entry(_ position: Int, from path: String, detail: String) -> HomeView.NoteEntry {
        let target = link(position, from: path)
        return HomeView.NoteEntry(
            title: target.title, url: target.url, summary: index.notes[position].summary, detail: detail)
    }

    /// The notes of a type as a table of their most common properties.
    func typePage(_ group: Catalog.Group) -> Page {
        var frequency: [String: Int] = [:]
        var firstSeen: [String: Int] = [:]
        for note in group.notes {
            for property in index.notes[note].properties {
                frequency[property.key, default: 0] += 1
                if firstSeen[property.key] == nil { firstSeen[property.key] = firstSeen.count }
            }
        }
        let keys = frequency.keys.sorted {
            (-(frequency[$0] ?? 0), firstSeen[$0] ?? 0) < (-(frequency[$1] ?? 0), firstSeen[$1] ?? 0)
        }.prefix(Self.listingColumns)
        let columns = keys.map { key in
            (
                label: self.label(key),
                cell: { (note: Int, path: String) in self.propertyCell(note, key: key, from: path) }
            )
        }
        return listingPage(group, kind: "type", columns: columns.isEmpty ? [summaryColumn] : Array(columns))
    }

    func tagPage(_ group: Catalog.Group) -> Page {
        let typeColumn = (
            label: site.labels[.types],
            cell: { (note: Int, path: String) -> ListingView.Cell in
                let type = self.catalog.typeOfNote[note].map { self.catalog.types[$0] }
                let values =
                    type.map {
                        [ValueView(text: $0.label, url: URLPath.relative(from: path, to: $0.page), broken: false)]
                    } ?? []
                return ListingView.Cell(
                    values: values, sortKey: type.map { self.catalog.collation.key($0.label) } ?? "")
            }
        )
        let above = group.parent.map { catalog.tags[$0] }
        let parent = LinkView(
            title: above?.name ?? site.labels[.allTags],
            url: URLPath.relative(from: group.page, to: above?.page ?? "tags/index.html"))
        var page = listingPage(group, kind: "tag", parent: parent, columns: [typeColumn, summaryColumn])
        page.context.listing?.subtags = catalog.collation.sorted(group.children.map { catalog.tags[$0] }, by: \.name)
            .map {
                LinkView(title: $0.name, url: URLPath.relative(from: group.page, to: $0.page))
            }
        return page
    }

    var summaryColumn: (label: String, cell: (Int, String) -> ListingView.Cell) {
        (
            site.labels[.summary],
            { note, _ in
                let summary = self.index.notes[note].summary ?? ""
                return ListingView.Cell(
                    values: summary.isEmpty ? [] : [ValueView(text: summary, url: nil, broken: false)], sortKey: summary
                )
            }
        )
    }

    private func propertyCell(_ note: Int, key: String, from path: String) -> ListingView.Cell {
        guard let row = rendered[note].properties.first(where: { $0.key == key }) else {
            return ListingView.Cell(values: [], sortKey: "")
        }
        let values = row.values.map { value in
            ValueView(text: value.text, url: value.target.map { link($0, from: path).url }, broken: value.isBroken)
        }
        // Numbers sort as numbers in the page's script; names by the site's collation.
        let text = values.map(\.text).joined(separator: " ")
        return ListingView.Cell(values: values, sortKey: Double(text) != nil ? text : catalog.collation.key(text))
    }

    /// `folder`: the folder whose page this is, marked in the explorer.
    func listingPage(
        _ group: Catalog.Group, kind: String, parent: LinkView? = nil, folder: String? = nil,
        columns: [(label: String, cell: (Int, String) -> ListingView.Cell)]
    ) -> Page {
        let path = group.page
        let rows = group.notes.map { note in
            let target = link(note, from: path)
            let cells = columns.map { $0.cell(note, path) }
            return ListingView.Row(title: target.title, url: target.url, sortKey: catalog.sortKeys[note], cells: cells)
        }
        let numeric = columns.indices.map { column in
            rows.allSatisfy { row in row.cells[column].sortKey.isEmpty || Double(row.cells[column].sortKey) != nil }
        }
        var context = context(path: path, title: group.label, description: nil)
        context.listing = ListingView(
            name: group.label, kind: kind, parent: parent, count: group.notes.count,
            countText: site.labels.count(group.notes.count, one: .noteCountOne, other: .noteCountOther),
            columns: zip(columns, numeric).map { ListingView.Column(label: $0.label, numeric: $1) }, rows: rows)
        context.explorer = explorer(from: path, folder: folder)
        return Page(path: path, template: "listing", context: context)
    }

    /// A folder with no note of its own: its sub-folders and notes, as the vault's author
    /// organised them.
    func folderPage(_ folder: String) -> Page {
        let path = index.folders[folder] ?? "index.html"
        let name = String(folder.split(separator: "/").last ?? "")
        let notes = catalog.children[folder]?.notes ?? []
        let group = Catalog.Group(name: name, label: name, page: path, notes: notes)
        let parents = Self.folders(above: folder, including: true).dropLast()
        var page = listingPage(
            group, kind: "folder", parent: parents.last.map { folderLink($0, from: path) }, folder: folder,
            columns: [summaryColumn])
        page.context.listing?.folders = (catalog.children[folder]?.folders ?? []).map { folderLink($0, from: path) }
        return page
    }

    func tagIndexPage() -> Page {
        let path = "tags/index.html"
        var context = context(path: path, title: site.labels[.allTags], description: nil)
        context.tagIndex = TagIndexView(
            tags: catalog.collation.sorted(catalog.tags, by: \.name).map {
                TagIndexView.Entry(name: $0.name, url: URLPath.relative(from: path, to: $0.page), count: $0.notes.count)
            })
        context.explorer = explorer(from: path)
        return Page(path: path, template: "tags", context: context)
    }

    func searchPage() -> Page {
        var context = context(path: "search.html", title: site.labels[.search], description: nil)
        context.searchPage = true
        context.explorer = explorer(from: "search.html")
        return Page(path: "search.html", template: "search", context: context)
    }

    func graphPage() -> Page {
        var context = context(path: "graph.html", title: site.labels[.graph], description: nil)
        context.graphPage = true
        return Page(path: "graph.html", template: "graph", context: context)
    }

    /// Served for any missing path at any depth. Its links are written from the root, as for a
    /// page at the root, which is right from `file://` and wherever it is opened as itself; its
    /// template's script gives them the root as their base when it is served for another path.
    func notFoundPage() -> Page {
        var context = context(path: "404.html", title: site.labels[.notFound], description: settings.description)
        context.canonical = nil
        return Page(path: "404.html", template: "404", context: context)
    }
}
