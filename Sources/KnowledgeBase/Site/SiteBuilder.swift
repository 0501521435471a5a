import Foundation
import Markdown

/// Turns the knowledge base into the pages of the site, each with the view model its template
/// reads. The only stage that decides what a reader sees.
public struct SiteBuilder: Sendable {
    public let index: EntityIndex
    public let rendered: [RenderedNote]
    public let graph: LinkGraph
    public let settings: SiteSettings

    public init(index: EntityIndex, rendered: [RenderedNote], graph: LinkGraph, settings: SiteSettings) {
        self.index = index
        self.rendered = rendered
        self.graph = graph
        self.settings = settings
    }

    public func pages() -> [Page] {
        index.notes.indices.map(notePage) + [homePage(), notFoundPage()]
    }

    private var site: SiteView {
        SiteView(
            title: settings.title, description: settings.description.nonEmpty, language: settings.language,
            labels: Labels.forLanguage(settings.language))
    }

    private func context(path: String, title: String, description: String?) -> PageContext {
        PageContext(
            site: site, root: URLPath.root(from: path), title: title, description: description?.nonEmpty,
            canonical: settings.baseURL.map { $0 + path }, note: nil, home: nil)
    }

    func notePage(_ position: Int) -> Page {
        let note = index.notes[position]
        let path = index.pages[position]
        let body = rendered[position]
        func link(_ target: Int) -> LinkView {
            LinkView(title: index.notes[target].title.text, url: URLPath.relative(from: path, to: index.pages[target]))
        }

        let properties = body.properties.map { row in
            NoteView.PropertyView(
                key: row.key, label: Self.label(row.key),
                values: row.values.map { value in
                    .init(text: value.text, url: value.target.map { link($0).url }, broken: value.isBroken)
                })
        }
        var incomingByProperty: [String: [LinkView]] = [:]
        for backlink in graph.backlinks[position] {
            for property in backlink.properties {
                incomingByProperty[property, default: []].append(link(backlink.source))
            }
        }
        let incoming = incomingByProperty.keys.sorted().map {
            NoteView.IncomingView(property: $0, label: Self.label($0), notes: incomingByProperty[$0] ?? [])
        }
        let labels = site.labels
        let backlinks = graph.backlinks[position].map { backlink in
            let target = link(backlink.source)
            let kindLabels = backlink.kinds.map { kind in
                switch kind {
                case .link: labels.kindLink
                case .relation: labels.kindRelation
                case .mention: labels.kindMention
                }
            }
            return NoteView.BacklinkView(
                title: target.title, url: target.url, kinds: backlink.kinds.map(\.rawValue).joined(separator: " "),
                kindLabels: kindLabels.joined(separator: " · "), excerpt: backlink.excerpt.nonEmpty)
        }
        let toc = body.headings.count >= 3 ? body.headings.filter { $0.level <= 3 } : []
        let view = NoteView(
            title: note.title.text, type: note.type, summary: note.summary, date: note.date, updated: note.updated,
            aliases: note.aliases.map(\.text), tags: note.tags.map { .init(name: $0) }, html: body.html,
            toc: toc.map { .init(level: $0.level, text: $0.text, id: $0.id) }, properties: properties,
            incoming: incoming, backlinks: backlinks,
            hasInfobox: !properties.isEmpty || !incoming.isEmpty || note.type != nil || !note.aliases.isEmpty)
        var context = context(path: path, title: note.title.text, description: note.summary ?? settings.description)
        context.note = view
        return Page(path: path, template: "note", context: context, origin: note.file)
    }

    static func label(_ key: String) -> String {
        key.replacingOccurrences(of: "_", with: " ")
    }

    func homePage() -> Page {
        let path = "index.html"
        var byType: [String: [HomeView.NoteEntry]] = [:]
        for (position, note) in index.notes.enumerated() {
            let entry = HomeView.NoteEntry(
                title: note.title.text, url: URLPath.relative(from: path, to: index.pages[position]),
                summary: note.summary)
            byType[note.type ?? "", default: []].append(entry)
        }
        let groups = byType.keys.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }.map { type in
            let notes = (byType[type] ?? []).sorted {
                (NameKey.make($0.title), $0.url) < (NameKey.make($1.title), $1.url)
            }
            return HomeView.Group(type: type.nonEmpty, count: notes.count, notes: notes)
        }
        var context = context(path: path, title: settings.title, description: settings.description)
        context.home = HomeView(noteCount: index.notes.count, groups: groups)
        return Page(path: path, template: "home", context: context)
    }

    /// Served for any missing path at any depth, so its links cannot be relative: they start from
    /// the base URL, or from the server's root without one.
    func notFoundPage() -> Page {
        var context = context(path: "404.html", title: site.labels.notFound, description: settings.description)
        context.root = settings.baseURL ?? "/"
        context.canonical = nil
        return Page(path: "404.html", template: "404", context: context)
    }
}

extension String {
    /// nil for the empty string: Mustache shows a section for any string, even an empty one.
    var nonEmpty: String? { isEmpty ? nil : self }
}
