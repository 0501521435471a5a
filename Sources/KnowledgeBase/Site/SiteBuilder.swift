import Foundation
import Markdown

/// What the Site stage hands to Emit: pages for the templates, and the data files it writes
/// itself (search index, graph data, feed, sitemap).
public struct SiteOutput: Sendable {
    public var pages: [Page]
    public var files: [OutputFile]
    public var diagnostics: [Diagnostic]
}

/// Turns the knowledge base into the pages of the site, each with the view model its template
/// reads. The only stage that decides what a reader sees.
public struct SiteBuilder: Sendable {
    public let index: EntityIndex
    public let rendered: [RenderedNote]
    public let graph: LinkGraph
    public let settings: SiteSettings
    let catalog: Catalog
    let site: SiteView
    let explorerTrees = ExplorerTrees()
    /// The note whose page is the home page: the top folder's `index.md`, or `permalink: /`.
    /// Found once: every page asks, and finding it searches every page.
    let homeNote: Int?

    /// `tagPages`: Build's, which the notes' tag links follow; worked out here when not given.
    public init(
        index: EntityIndex, rendered: [RenderedNote], graph: LinkGraph, settings: SiteSettings,
        tagPages: TagPages? = nil
    ) {
        self.index = index
        self.rendered = rendered
        self.graph = graph
        self.settings = settings
        homeNote = index.pages.firstIndex(of: "index.html")
        let tagsOfNotes = zip(index.notes, rendered).map { note, body in note.tags + body.tags.map(\.name) }
        catalog = Catalog(
            index: index, settings: settings, tagPages: tagPages ?? TagPages(tags: tagsOfNotes.joined()),
            tagsOfNotes: tagsOfNotes, texts: rendered.flatMap { $0.properties.flatMap { $0.values.map(\.text) } })
        site = SiteView(
            title: settings.title, description: settings.description.nonEmpty, language: settings.language,
            labels: Labels(settings), baseURL: settings.baseURL, hasFeed: settings.baseURL != nil)
    }

    /// `jobs` as for the build: the search index tokenises notes in parallel.
    public func build(jobs: Int = 1) async -> SiteOutput {
        var memo: SearchIndex.TokenMemo?
        var layout: GraphLayout.Memo?
        var pageMemo: PageMemo?
        var previewMemo: LinkPreviews.Memo?
        var graphMemo: GraphData.Memo?
        return await build(
            jobs: jobs, searchMemo: &memo, layoutMemo: &layout, pageMemo: &pageMemo, previewMemo: &previewMemo,
            graphMemo: &graphMemo)
    }

    /// The same, with the memos of a warm build: the search index's (`SearchIndex.TokenMemo`),
    /// the graph's layout (`GraphLayout.Memo`), the pages (`PageMemo`), the link previews
    /// (`LinkPreviews.Memo`) and the graph's file (`GraphData.Memo`), the last three used and
    /// refilled when `versions` gives each note's version.
    func build(
        jobs: Int, searchMemo: inout SearchIndex.TokenMemo?, layoutMemo: inout GraphLayout.Memo?,
        pageMemo: inout PageMemo?, previewMemo: inout LinkPreviews.Memo?, graphMemo: inout GraphData.Memo?,
        versions: [Int]? = nil
    ) async -> SiteOutput {
        // The top folder's own note is the home page's text, not a page of its own.
        let notes = index.notes.indices.filter { $0 != homeNote }
        let memo = versions != nil ? pageMemo : nil
        let siteHash = versions != nil ? siteInputs() : 0
        let folderOfOwnNote = Dictionary(index.folderNotes.map { ($1, $0) }, uniquingKeysWith: min)
        let shown = versions != nil ? await parallelMap(Array(index.notes.indices), jobs: jobs) { shownInputs($0) } : []
        let made = await parallelMap(notes, jobs: jobs) { position -> PageMemo.Entry in
            guard let versions else { return PageMemo.Entry(inputs: 0, page: notePage(position)) }
            let inputs = noteInputs(
                position, site: siteHash, versions: versions, shown: shown, folderOfOwnNote: folderOfOwnNote)
            if let known = memo?.notes[index.pages[position]], known.inputs == inputs { return known }
            return PageMemo.Entry(inputs: inputs, page: notePage(position))
        }
        var pages = made.map(\.page)
        let listed = versions.map { listingInputs(site: siteHash, versions: $0) }
        if let listed, let known = memo?.listings, known.inputs == listed {
            pages += known.pages
        } else {
            var listings = catalog.types.map { typePage($0) } + catalog.tags.map { tagPage($0) }
            listings += index.folders.keys.sorted().filter { index.folderNotes[$0] == nil }.map { folderPage($0) }
            listings += [homePage(), allNotesPage(), tagIndexPage(), searchPage(), graphPage(), notFoundPage()]
            pages += listings
        }
        if let listed {
            pageMemo = PageMemo(
                notes: Dictionary(made.map { ($0.page.path, $0) }, uniquingKeysWith: { first, _ in first }),
                listings: (listed, Array(pages[made.count...])))
        }
        var files = await SearchIndex.build(
            index: index, rendered: rendered, typeNames: settings.typeNames, jobs: jobs, memo: &searchMemo
        ).files
        files.append(
            GraphData.file(
                index: index, rendered: rendered, graph: graph, catalog: catalog, layoutMemo: &layoutMemo,
                memo: &graphMemo, keeps: versions != nil))
        files += LinkPreviews.files(
            index: index, rendered: rendered, catalog: catalog, versions: versions, memo: &previewMemo)
        var diagnostics: [Diagnostic] = []
        if let baseURL = settings.baseURL {
            files.append(
                SiteFeeds.feed(
                    index: index, settings: settings, baseURL: baseURL,
                    tagsOfNotes: catalog.tagsOfNote.map { $0.map { catalog.tags[$0].name } }))
            files.append(SiteFeeds.sitemap(pages: pages, index: index, baseURL: baseURL))
        } else {
            diagnostics.append(
                .warning(
                    settings.file, "no base_url: feed.xml and sitemap.xml need absolute URLs and are left out"))
        }
        return SiteOutput(pages: pages, files: files, diagnostics: diagnostics)
    }

    func context(path: String, title: String, description: String?) -> PageContext {
        PageContext(
            site: site, root: URLPath.root(from: path), title: title, description: description?.nonEmpty,
            canonical: settings.baseURL.map { $0 + path })
    }

    /// The page of a folder: its folder note's, else the one kb makes.
    func folderLink(_ folder: String, from page: String) -> LinkView {
        let target = index.folderNotes[folder].map { index.pages[$0] } ?? index.folders[folder] ?? "index.html"
        // Its last name, without splitting the path: the explorer asks this of every folder on
        // every page, and `split` was half of it. (A folder's path has no empty name.)
        let title = folder.lastIndex(of: "/").map { folder[folder.index(after: $0)...] } ?? folder[...]
        return LinkView(title: String(title), url: URLPath.relative(from: page, to: target))
    }

    /// What `folder` holds, as links from `page`.
    func children(of folder: String, from page: String) -> FolderView? {
        guard let children = catalog.children[folder], !(children.folders.isEmpty && children.notes.isEmpty) else {
            return nil
        }
        return FolderView(
            folders: children.folders.map { folderLink($0, from: page) },
            notes: children.notes.map { position in
                let target = link(position, from: page)
                return HomeView.NoteEntry(
                    title: target.title, url: target.url, summary: index.notes[position].summary, detail: "")
            })
    }

    func link(_ target: Int, from page: String) -> LinkView {
        LinkView(title: index.notes[target].title.text, url: URLPath.relative(from: page, to: index.pages[target]))
    }

    func notePage(_ position: Int) -> Page {
        let note = index.notes[position]
        let path = index.pages[position]
        let body = rendered[position]

        let properties = body.properties.map { row in
            NoteView.PropertyView(
                key: row.key, label: label(row.key),
                values: row.values.map { value in
                    ValueView(
                        text: value.text, url: value.target.map { link($0, from: path).url }, broken: value.isBroken)
                })
        }
        var incomingByProperty: [String: [LinkView]] = [:]
        for backlink in graph.backlinks[position] {
            for property in backlink.properties {
                incomingByProperty[property, default: []].append(link(backlink.source, from: path))
            }
        }
        let incoming = incomingByProperty.keys.sorted().map {
            NoteView.IncomingView(property: $0, label: incomingLabel($0), notes: incomingByProperty[$0] ?? [])
        }
        let labels = site.labels
        let backlinks = graph.backlinks[position].map { backlink in
            let source = link(backlink.source, from: path)
            let kindLabels = backlink.kinds.map { labels.kind($0) }
            return NoteView.BacklinkView(
                title: source.title, url: source.url, kinds: backlink.kinds.map(\.rawValue).joined(separator: " "),
                kindLabels: kindLabels.joined(separator: " · "), excerpt: backlink.excerpt.nonEmpty)
        }
        let backlinkGroups = Self.grouped(
            backlinks, kinds: graph.backlinks[position].map { $0.kinds.first ?? .link }, labels: labels)
        let type = catalog.typeOfNote[position].map { catalog.types[$0] }.map {
            LinkView(title: $0.label, url: URLPath.relative(from: path, to: $0.page))
        }
        let tags = catalog.collation.sorted(catalog.tagsOfNote[position].map { catalog.tags[$0] }, by: \.name).map {
            NoteView.TagView(name: $0.name, url: URLPath.relative(from: path, to: $0.page))
        }
        let toc = body.headings.count >= 3 ? body.headings.filter { $0.level <= 3 } : []
        let view = NoteView(
            title: note.title.text, type: type, summary: note.summary, date: note.date?.description,
            updated: note.updated?.description,
            aliases: note.aliases.map(\.text), tags: tags, html: body.html,
            toc: NoteView.TOCEntry.nested(toc.map { .init(level: $0.level, text: $0.text, id: $0.id) }),
            properties: properties,
            incoming: incoming, backlinks: backlinks, backlinkGroups: backlinkGroups,
            graphSVG: NeighbourGraph.svg(
                for: position, page: path, index: index, graph: graph, catalog: catalog),
            hasInfobox: !properties.isEmpty || !incoming.isEmpty || type != nil || !note.aliases.isEmpty
                || note.date != nil || note.updated != nil,
            folders: Self.folders(
                above: index.folderOfNote[position],
                including: index.folderNotes[index.folderOfNote[position]] != position
            ).map {
                folderLink($0, from: path)
            },
            cssClasses: note.cssClasses.isEmpty ? nil : note.cssClasses.joined(separator: " "),
            children: index.folderNotes.first { $0.value == position }.flatMap { children(of: $0.key, from: path) })
        var context = context(path: path, title: note.title.text, description: note.summary ?? settings.description)
        context.note = view
        context.explorer = explorer(from: path, note: position)
        context.hasDiagrams = body.codeBlocks.contains { $0.block.isDiagram }
        context.hasCanvas = body.showsCanvas
        let absolute = { (page: String) in settings.baseURL.map { $0 + page } }
        context.structuredData = StructuredData.jsonLD(
            note: note, url: absolute(path) ?? URLPath.relative(from: path, to: path), properties: body.properties,
            links: graph.outgoing[position], type: note.type
        ) { target in
            let related = link(target, from: path)
            return (related.title, absolute(index.pages[target]) ?? related.url, index.notes[target].type)
        }
        return Page(path: path, template: note.isCanvas ? "canvas" : "note", context: context, origin: note.file)
    }

    /// A group longer than this shows its first `backlinksShown` and folds the rest.
    static let backlinksFoldedPast = 8
    static let backlinksShown = 6

    /// `backlinks` by kind, `kinds[i]` being the group of `backlinks[i]`, in the order of `Kind`.
    static func grouped(
        _ backlinks: [NoteView.BacklinkView], kinds: [OutgoingLink.Kind], labels: Labels
    ) -> [NoteView.BacklinkGroup] {
        OutgoingLink.Kind.allCases.sorted().compactMap { kind in
            let members = zip(backlinks, kinds).filter { $0.1 == kind }.map(\.0)
            guard !members.isEmpty else { return nil }
            let shown = members.count > backlinksFoldedPast ? backlinksShown : members.count
            return NoteView.BacklinkGroup(
                kind: kind.rawValue, label: labels.kind(kind), count: members.count, shown: Array(members[..<shown]),
                folded: Array(members[shown...]),
                foldedText: shown < members.count
                    ? labels.count(members.count - shown, one: .moreCountOne, other: .moreCountOther) : nil)
        }
    }

    /// `a`, `a/b`, `a/b/c` for `a/b/c`; the last left out when the page is that folder's own.
    static func folders(above folder: String, including last: Bool) -> [String] {
        guard !folder.isEmpty else { return [] }
        return ((last ? [folder] : []) + URLPath.parents(of: folder)).reversed()
    }

    /// A property key as shown: its `properties:` label in `site.yml`, else the key.
    func label(_ key: String) -> String {
        settings.propertyLabels[key]?.label ?? key.replacingOccurrences(of: "_", with: " ")
    }

    /// A relation seen from the note it points at: its `incoming:` label, else the key's label
    /// read the other way ("开发者" → "以其为开发者", "developer" → "developer of").
    func incomingLabel(_ key: String) -> String {
        if let incoming = settings.propertyLabels[key]?.incoming { return incoming }
        let label = label(key)
        let labels = site.labels
        let prefix = labels[.incomingPrefix]
        let spaced = prefix.isEmpty || !(label.first?.isASCII ?? false) ? "" : " "
        return prefix + spaced + label + labels[.incomingSuffix]
    }
}

extension String {
    /// nil for the empty string: Mustache shows a section for any string, even an empty one.
    var nonEmpty: String? { isEmpty ? nil : self }
}
