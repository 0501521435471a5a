import Mustache

// How templates read the view models. A template is compiled for `PageValue`, so every name in it
// is already a `TemplateField`, and a lookup is a switch on the value's case and then on the
// field: no string, no cast, no `Any`. A dotted name (`site.labels.tags`) is followed through
// the structs in place; only the value at its end is made.
//
// A field that is nil answers nothing, so that the search goes on down the context stack, as
// swift-mustache did with optionals; the golden fixture sites, made with it, hold kb to that.

/// Every name a view model answers. A test checks that each is answered in a switch below.
enum TemplateField: String, CaseIterable, Sendable {
    case aliases, allNotes, allNotesPage, allTags, backlinkGroups, backlinks, backToContent, baseURL, breadcrumbs,
        broken, buildFailed
    case calloutAbstract, calloutBug, calloutDanger, calloutExample, calloutFailure, calloutInfo, calloutNote
    case calloutQuestion, calloutQuote, calloutSuccess, calloutTip, calloutTodo, calloutWarning, canonical
    case canvasZoomIn, canvasZoomOut, canvasZoomReset, cells
    case children, columns, contents, count, countText, cssClasses, current, date, description, detail, excerpt
    case explorer, facts, feed, folder, foldersOnly
    case folded, foldedText, folders, graph, graphCanvas, graphFind, graphHelp, graphNoScript, graphNotFound, graphPage
    case graphSVG, graphTypes, hasCanvas, hasDiagrams, hasFeed, hasInfobox
    case here
    case hasMath, home, html, id, incoming, incomingPrefix, incomingSuffix, key, kind, kindCanvas, kindEmbed, kindLabels
    case kindLink, kindMention, kindQuery, kindRelation, kinds, label, labels, language, leaf, level, linkCountOne
    case linkCountOther, linkedFrom, listing, moreCountOne, moreCountOther, mostLinked, name, neighbours, note
    case noteCount, noteCountOne, noteCountOther, notes, notFound, notFoundText, notWrittenYet, numeric, open, parent
    case properties, property, recent, recentlyUpdated, related, root, rows, search, searchCount, searchDidYouMean
    case searchNoScript, searchNothing, searchPage, searchPlaceholder, shown, site, skipToContent, sortKey
    case structuredData, subtags, summary, tagIndex, tags, task, text, theme, themeDark, themeLight, themeSystem, title
    case toc, type, types, updated, url, values
}

/// The names templates may use, for the check of templates against typos.
enum TemplateNames {
    static let known = Set(TemplateField.allCases.map(\.rawValue))
}

/// A value on a page's context stack.
enum PageValue: MustacheValue {
    case missing
    case text(String)
    case number(Int)
    case flag(Bool)
    indirect case page(PageContext)
    indirect case site(SiteView)
    indirect case labels(Labels)
    indirect case note(NoteView)
    indirect case home(HomeView)
    indirect case listing(ListingView)
    case tagIndex(TagIndexView)
    case folder(FolderView)
    indirect case explorer(ExplorerView)
    indirect case explorerFolder(ExplorerView.Folder)
    case explorerEntry(ExplorerView.Entry)
    case link(LinkView)
    case value(ValueView)
    case tag(NoteView.TagView)
    case tocEntry(NoteView.TOCEntry)
    case property(NoteView.PropertyView)
    case incoming(NoteView.IncomingView)
    case backlink(NoteView.BacklinkView)
    case backlinkGroup(NoteView.BacklinkGroup)
    case typeEntry(HomeView.TypeEntry)
    case noteEntry(HomeView.NoteEntry)
    case column(ListingView.Column)
    case cell(ListingView.Cell)
    case row(ListingView.Row)
    case tagEntry(TagIndexView.Entry)
    case texts([String])
    case links([LinkView])
    case values([ValueView])
    case tags([NoteView.TagView])
    case tocEntries([NoteView.TOCEntry])
    case properties([NoteView.PropertyView])
    case incomings([NoteView.IncomingView])
    case backlinks([NoteView.BacklinkView])
    case backlinkGroups([NoteView.BacklinkGroup])
    case typeEntries([HomeView.TypeEntry])
    case noteEntries([HomeView.NoteEntry])
    case columns([ListingView.Column])
    case cells([ListingView.Cell])
    case rows([ListingView.Row])
    case tagEntries([TagIndexView.Entry])
    case explorerFolders([ExplorerView.Folder])
    case explorerEntries([ExplorerView.Entry])

    static func key(for name: Substring) -> TemplateField? { TemplateField(rawValue: String(name)) }

    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch self {
        case .page(let page): page.value(at: path)
        case .site(let site): site.value(at: path)
        case .labels(let labels): labels.value(at: path)
        case .note(let note): note.value(at: path)
        case .home(let home): home.value(at: path)
        case .listing(let listing): listing.value(at: path)
        case .tagIndex(let index): index.value(at: path)
        case .folder(let folder): folder.value(at: path)
        case .explorer(let explorer): explorer.value(at: path)
        case .explorerFolder(let folder): folder.value(at: path)
        case .explorerEntry(let entry): entry.value(at: path)
        case .link(let link): link.value(at: path)
        case .value(let value): value.value(at: path)
        case .tag(let tag): tag.value(at: path)
        case .tocEntry(let entry): entry.value(at: path)
        case .property(let property): property.value(at: path)
        case .incoming(let incoming): incoming.value(at: path)
        case .backlink(let backlink): backlink.value(at: path)
        case .backlinkGroup(let group): group.value(at: path)
        case .typeEntry(let entry): entry.value(at: path)
        case .noteEntry(let entry): entry.value(at: path)
        case .column(let column): column.value(at: path)
        case .cell(let cell): cell.value(at: path)
        case .row(let row): row.value(at: path)
        case .tagEntry(let entry): entry.value(at: path)
        default: nil
        }
    }

    var section: MustacheSection {
        switch self {
        case .missing, .flag(false): .hidden
        case .flag(true): .shown
        case .texts(let list): .list(count: list.count)
        case .links(let list): .list(count: list.count)
        case .values(let list): .list(count: list.count)
        case .tags(let list): .list(count: list.count)
        case .tocEntries(let list): .list(count: list.count)
        case .properties(let list): .list(count: list.count)
        case .incomings(let list): .list(count: list.count)
        case .backlinks(let list): .list(count: list.count)
        case .backlinkGroups(let list): .list(count: list.count)
        case .typeEntries(let list): .list(count: list.count)
        case .noteEntries(let list): .list(count: list.count)
        case .columns(let list): .list(count: list.count)
        case .cells(let list): .list(count: list.count)
        case .rows(let list): .list(count: list.count)
        case .tagEntries(let list): .list(count: list.count)
        case .explorerFolders(let list): .list(count: list.count)
        case .explorerEntries(let list): .list(count: list.count)
        default: .pushed
        }
    }

    func item(at index: Int) -> PageValue {
        switch self {
        case .texts(let list): .text(list[index])
        case .links(let list): .link(list[index])
        case .values(let list): .value(list[index])
        case .tags(let list): .tag(list[index])
        case .tocEntries(let list): .tocEntry(list[index])
        case .properties(let list): .property(list[index])
        case .incomings(let list): .incoming(list[index])
        case .backlinks(let list): .backlink(list[index])
        case .backlinkGroups(let list): .backlinkGroup(list[index])
        case .typeEntries(let list): .typeEntry(list[index])
        case .noteEntries(let list): .noteEntry(list[index])
        case .columns(let list): .column(list[index])
        case .cells(let list): .cell(list[index])
        case .rows(let list): .row(list[index])
        case .tagEntries(let list): .tagEntry(list[index])
        case .explorerFolders(let list): .explorerFolder(list[index])
        case .explorerEntries(let list): .explorerEntry(list[index])
        default: .missing
        }
    }

    func write(to output: inout [UInt8], escaped: Bool) {
        switch self {
        case .text(let text): if escaped { output.appendHTMLEscaped(text) } else { output.appendRaw(text) }
        case .number(let number): output.appendRaw(String(number))
        case .flag(let flag): output.appendRaw(flag ? "true" : "false")
        default: break
        }
    }

    var isEmpty: Bool? {
        switch (self, section) {
        case (.text(let text), _): text.isEmpty
        case (_, .list(let count)): count == 0
        default: nil
        }
    }

    static func boolean(_ value: Bool) -> PageValue { .flag(value) }
}

/// A view model a template reads: answers a dotted path in place, without being copied.
protocol TemplateFields {
    var templateValue: PageValue { get }
    /// Nil when this model has no `path.first`, or it is nil here.
    func value(at path: ArraySlice<TemplateField>) -> PageValue?
}

/// A field's value for `path`: the value itself when `path` ends here, else what the rest of
/// the path finds inside it (`.missing` when nothing, so that the search stops).
private func field(_ value: PageValue, _ path: ArraySlice<TemplateField>) -> PageValue {
    path.count == 1 ? value : (value.value(at: path.dropFirst()) ?? .missing)
}
private func field(_ value: String?, _ path: ArraySlice<TemplateField>) -> PageValue? {
    value.map { field(.text($0), path) }
}
private func field(_ model: (some TemplateFields)?, _ path: ArraySlice<TemplateField>) -> PageValue? {
    guard let model else { return nil }
    return path.count == 1 ? model.templateValue : (model.value(at: path.dropFirst()) ?? .missing)
}

extension PageContext: TemplateFields {
    var templateValue: PageValue { .page(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .site: field(site, path)
        case .root: field(.text(root), path)
        case .title: field(.text(title), path)
        case .description: field(description, path)
        case .canonical: field(canonical, path)
        case .note: field(note, path)
        case .home: field(home, path)
        case .listing: field(listing, path)
        case .tagIndex: field(tagIndex, path)
        case .explorer: field(explorer, path)
        case .searchPage: field(.flag(searchPage), path)
        case .graphPage: field(.flag(graphPage), path)
        case .allNotesPage: field(.flag(allNotesPage), path)
        case .hasMath: field(.flag(hasMath), path)
        case .hasDiagrams: field(.flag(hasDiagrams), path)
        case .hasCanvas: field(.flag(hasCanvas), path)
        case .structuredData: field(structuredData, path)
        default: nil
        }
    }
}

extension SiteView: TemplateFields {
    var templateValue: PageValue { .site(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .description: field(description, path)
        case .language: field(.text(language), path)
        case .labels: field(labels, path)
        case .baseURL: field(baseURL, path)
        case .hasFeed: field(.flag(hasFeed), path)
        default: nil
        }
    }
}

extension Labels: TemplateFields {
    /// The label each field names, found once: a label's name is its key's.
    private static let keys = Dictionary(
        uniqueKeysWithValues: TemplateField.allCases.compactMap { field in
            Key(rawValue: field.rawValue).map { (field, $0) }
        })

    var templateValue: PageValue { .labels(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        Self.keys[path.first!].map { field(.text(self[$0]), path) }
    }
}

extension FolderView: TemplateFields {
    var templateValue: PageValue { .folder(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .folders: field(.links(folders), path)
        case .notes: field(.noteEntries(notes), path)
        default: nil
        }
    }
}

extension ExplorerView: TemplateFields {
    var templateValue: PageValue { .explorer(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .folders: field(.explorerFolders(folders), path)
        case .notes: field(.explorerEntries(notes), path)
        case .foldersOnly: field(.flag(foldersOnly), path)
        default: nil
        }
    }
}

extension ExplorerView.Folder: TemplateFields {
    var templateValue: PageValue { .explorerFolder(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .url: field(.text(url), path)
        case .countText: field(.text(countText), path)
        // Flags answer `false` rather than nothing, so that a folder inside an open one is not
        // taken as open by the search down the context stack.
        case .open: field(.flag(open), path)
        case .current: field(.flag(current), path)
        case .leaf: field(.flag(leaf), path)
        case .here: field(.flag(here), path)
        case .folders: field(.explorerFolders(folders), path)
        case .notes: field(.explorerEntries(notes), path)
        default: nil
        }
    }
}

extension ExplorerView.Entry: TemplateFields {
    var templateValue: PageValue { .explorerEntry(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .url: field(.text(url), path)
        case .current: field(.flag(current), path)
        default: nil
        }
    }
}

extension LinkView: TemplateFields {
    var templateValue: PageValue { .link(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .url: field(.text(url), path)
        default: nil
        }
    }
}

extension ValueView: TemplateFields {
    var templateValue: PageValue { .value(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .text: field(.text(text), path)
        // A plain value answers `false`, not nothing: the search would go on down the stack and
        // find the `url` of the row or note around it, making the text a link.
        case .url: field(url.map(PageValue.text) ?? .flag(false), path)
        case .broken: field(.flag(broken), path)
        default: nil
        }
    }
}

extension NoteView: TemplateFields {
    var templateValue: PageValue { .note(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .type: field(type, path)
        case .summary: field(summary, path)
        case .date: field(date, path)
        case .updated: field(updated, path)
        case .aliases: field(.texts(aliases), path)
        case .tags: field(.tags(tags), path)
        case .html: field(.text(html), path)
        case .toc: field(.tocEntries(toc), path)
        case .properties: field(.properties(properties), path)
        case .incoming: field(.incomings(incoming), path)
        case .backlinks: field(.backlinks(backlinks), path)
        case .backlinkGroups: field(.backlinkGroups(backlinkGroups), path)
        case .graphSVG: field(graphSVG, path)
        case .hasInfobox: field(.flag(hasInfobox), path)
        case .folders: field(.links(folders), path)
        case .cssClasses: field(cssClasses, path)
        case .children: field(children, path)
        default: nil
        }
    }
}

extension NoteView.TagView: TemplateFields {
    var templateValue: PageValue { .tag(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .name: field(.text(name), path)
        case .url: field(.text(url), path)
        default: nil
        }
    }
}

extension NoteView.TOCEntry: TemplateFields {
    var templateValue: PageValue { .tocEntry(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .level: field(.number(level), path)
        case .text: field(.text(text), path)
        case .id: field(.text(id), path)
        case .children: field(.tocEntries(children), path)
        default: nil
        }
    }
}

extension NoteView.PropertyView: TemplateFields {
    var templateValue: PageValue { .property(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .key: field(.text(key), path)
        case .label: field(.text(label), path)
        case .values: field(.values(values), path)
        default: nil
        }
    }
}

extension NoteView.IncomingView: TemplateFields {
    var templateValue: PageValue { .incoming(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .property: field(.text(property), path)
        case .label: field(.text(label), path)
        case .notes: field(.links(notes), path)
        default: nil
        }
    }
}

extension NoteView.BacklinkView: TemplateFields {
    var templateValue: PageValue { .backlink(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .url: field(.text(url), path)
        case .kinds: field(.text(kinds), path)
        case .kindLabels: field(.text(kindLabels), path)
        case .excerpt: field(excerpt, path)
        default: nil
        }
    }
}

extension NoteView.BacklinkGroup: TemplateFields {
    var templateValue: PageValue { .backlinkGroup(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .kind: field(.text(kind), path)
        case .label: field(.text(label), path)
        case .count: field(.number(count), path)
        case .shown: field(.backlinks(shown), path)
        case .folded: field(.backlinks(folded), path)
        case .foldedText: field(foldedText, path)
        default: nil
        }
    }
}

extension HomeView: TemplateFields {
    var templateValue: PageValue { .home(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .noteCount: field(.number(noteCount), path)
        case .countText: field(.text(countText), path)
        case .types: field(.typeEntries(types), path)
        case .mostLinked: field(.noteEntries(mostLinked), path)
        case .recent: field(.noteEntries(recent), path)
        case .html: field(html, path)
        case .children: field(children, path)
        default: nil
        }
    }
}

extension HomeView.TypeEntry: TemplateFields {
    var templateValue: PageValue { .typeEntry(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .name: field(.text(name), path)
        case .url: field(.text(url), path)
        case .count: field(.number(count), path)
        default: nil
        }
    }
}

extension HomeView.NoteEntry: TemplateFields {
    var templateValue: PageValue { .noteEntry(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .url: field(.text(url), path)
        case .summary: field(summary, path)
        case .detail: field(.text(detail), path)
        default: nil
        }
    }
}

extension ListingView: TemplateFields {
    var templateValue: PageValue { .listing(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .name: field(.text(name), path)
        case .kind: field(.text(kind), path)
        case .parent: field(parent, path)
        case .count: field(.number(count), path)
        case .countText: field(.text(countText), path)
        case .columns: field(.columns(columns), path)
        case .rows: field(.rows(rows), path)
        case .folders: field(.links(folders), path)
        case .subtags: field(.links(subtags), path)
        default: nil
        }
    }
}

extension ListingView.Column: TemplateFields {
    var templateValue: PageValue { .column(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .label: field(.text(label), path)
        case .numeric: field(.flag(numeric), path)
        default: nil
        }
    }
}

extension ListingView.Cell: TemplateFields {
    var templateValue: PageValue { .cell(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .values: field(.values(values), path)
        case .sortKey: field(.text(sortKey), path)
        default: nil
        }
    }
}

extension ListingView.Row: TemplateFields {
    var templateValue: PageValue { .row(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .title: field(.text(title), path)
        case .url: field(.text(url), path)
        case .sortKey: field(.text(sortKey), path)
        case .cells: field(.cells(cells), path)
        default: nil
        }
    }
}

extension TagIndexView: TemplateFields {
    var templateValue: PageValue { .tagIndex(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .tags: field(.tagEntries(tags), path)
        default: nil
        }
    }
}

extension TagIndexView.Entry: TemplateFields {
    var templateValue: PageValue { .tagEntry(self) }
    func value(at path: ArraySlice<TemplateField>) -> PageValue? {
        switch path.first! {
        case .name: field(.text(name), path)
        case .url: field(.text(url), path)
        case .count: field(.number(count), path)
        default: nil
        }
    }
}
