import Foundation
import Markdown

/// What one build keeps for the next, so that `kb serve` redoes only what a save affects.
///
/// A note is rendered again only when it changed or when the names of the knowledge base did
/// (a new title can turn any text into a mention); a page goes through its template again only
/// when its view model or a template changed. Everything else is computed afresh, and the output
/// is the same bytes as a build without a cache: a test edits, renames and deletes notes and
/// compares with a fresh build.
public struct BuildCache: Sendable {
    struct Names: Equatable, Sendable {
        var notes: [[String]]
        var pages: [String]
        var assets: [String]
        var rawHTML: MarkdownOptions.RawHTML
        var iframeHosts: [String]
        var linksMentions: Bool
        var mentionExclusions: [String]

        /// What `other` changes when it differs from these names only in some notes' titles and
        /// aliases, the notes, their order, pages and everything else the same; nil otherwise.
        func renamed(to other: Names) -> Renamed? {
            guard notes.count == other.notes.count, pages == other.pages, assets == other.assets,
                rawHTML == other.rawHTML, iframeHosts == other.iframeHosts, linksMentions == other.linksMentions,
                mentionExclusions == other.mentionExclusions
            else { return nil }
            var renamed = Renamed(notes: [], positions: [], folded: [], keys: [])
            for (position, (before, after)) in zip(notes, other.notes).enumerated() where before != after {
                guard before.first == after.first, let id = after.first else { return nil }
                renamed.notes.insert(id)
                renamed.positions.insert(position)
                for name in before.dropFirst() + after.dropFirst() {
                    let folded = Renamed.fold(name).trimmingCharacters(in: .whitespaces)
                    if !folded.isEmpty { renamed.folded.append(folded) }
                    let key = NameKey.make(name)
                    if !key.isEmpty { renamed.keys.append(key) }
                }
            }
            return renamed
        }

        init(index: EntityIndex, settings: SiteSettings) {
            notes = index.notes.map { [$0.id] + $0.names.map(\.text) }
            pages = index.pages
            assets = index.assets.sorted()
            rawHTML = settings.rawHTML
            iframeHosts = settings.iframeHosts
            linksMentions = settings.linksMentions
            mentionExclusions = settings.mentionExclusions
        }
    }

    /// What the Index stage reads of a note: while no note's changes, the index stays.
    struct IndexedNote: Equatable, Sendable {
        var id: String
        var file: String
        var names: [NoteName]
        var tags: [String]
        var type: String?
        var slug: String?
        var permalink: String?

        init(_ note: Note) {
            id = note.id
            file = note.file
            names = note.names
            tags = note.tags
            type = note.type
            slug = note.slug
            permalink = note.permalink
        }
    }

    /// The last index, and what it was made of.
    struct Indexed: Sendable {
        var notes: [IndexedNote]
        var assets: [String]
        var language: String
        var index: EntityIndex
        var diagnostics: [Diagnostic]
    }

    /// The last link graph, and what it was made of: every note's links, anchors, headings,
    /// block ids and links to nothing, and the names (`IndexedNote`) and title order of the notes.
    struct Graphed: Sendable {
        var notes: [IndexedNote]
        var titleKeys: [String]
        var links: [[OutgoingLink]]
        var anchors: [[AnchorReference]]
        var headings: [[Heading]]
        var blockIDs: [[String]]
        var unresolved: [[UnresolvedLink]]
        var graph: LinkGraph?

        init(notes: [IndexedNote], titleKeys: [String], rendered: [RenderedNote], graph: LinkGraph? = nil) {
            self.notes = notes
            self.titleKeys = titleKeys
            links = rendered.map(\.links)
            anchors = rendered.map(\.anchors)
            headings = rendered.map(\.headings)
            blockIDs = rendered.map(\.blockIDs)
            unresolved = rendered.map(\.unresolved)
            self.graph = graph
        }

        func made(of other: Graphed) -> Bool {
            notes == other.notes && titleKeys == other.titleKeys && links == other.links && anchors == other.anchors
                && headings == other.headings && blockIDs == other.blockIDs && unresolved == other.unresolved
        }
    }

    /// What changed between two `Names` that differ only in some notes' titles and aliases.
    struct Renamed: Sendable {
        /// The notes whose names changed, by id and by position (the same before and after).
        var notes: Set<String>
        var positions: Set<Int>
        /// Their names before and after, folded twice: as the mention matcher compares text
        /// (`CharacterFolding`, a character at a time) and as links are resolved (`NameKey`).
        var folded: [String]
        var keys: [String]

        /// Whether a note rendered with the names before can render otherwise now: only when it
        /// links to or embeds a note whose names changed (a link shows its title), or its text
        /// holds one of their names before or after, by either folding, as a mention or a link
        /// of a name does. Searched on bytes: `String.contains` went through Foundation for each
        /// of ten thousand bodies, most of a rename's time.
        func mayChange(_ rendered: RenderedNote, body: String) -> Bool {
            if rendered.embedded.contains(where: notes.contains)
                || rendered.links.contains(where: { positions.contains($0.target) })
            {
                return true
            }
            let text = Self.fold(body)
            if folded.contains(where: text.containsBytes) { return true }
            // Text of these characters folds alike both ways, so `NameKey` finds nothing more;
            // other text (ligatures, half-width kana, …) is folded as links fold names.
            guard !body.unicodeScalars.allSatisfy(Self.foldsAlike) else { return false }
            let key = NameKey.make(body)
            return keys.contains(where: key.containsBytes)
        }

        static func fold(_ text: String) -> String {
            var folded = String.UnicodeScalarView()
            for scalar in text.unicodeScalars { folded.append(CharacterFolding.fold(scalar)) }
            return String(folded)
        }

        /// ASCII, CJK ideographs, the CJK punctuation and full-width ASCII forms that NFKC leaves
        /// or maps as `CharacterFolding` does, and the common dashes, quotes and bullet.
        static func foldsAlike(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0...0x7F, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3001...0x3035, 0xFF01...0xFF5E: true
            case 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022: true
            default: false
            }
        }
    }

    struct RenderedEntry: Sendable {
        var note: Note
        var rendered: RenderedNote
        /// New whenever the note is rendered again: the pages stand for the note by it (`PageMemo`).
        var version: Int
    }

    struct PageEntry: Sendable {
        var page: Page
        var file: OutputFile
    }

    struct ParsedEntry: Sendable {
        var displayPath: String
        var bytes: [UInt8]
        var parsed: (note: Note, diagnostics: [Diagnostic])
    }

    /// The content folder's files as the last load read them (`ContentLoader.known`).
    var files: [String: ContentLoader.KnownFile] = [:]
    /// Each note file's parse, by path, with the bytes it was parsed from.
    var parsed: [String: ParsedEntry] = [:]
    /// Each input file's hash for the stamp, with the bytes hashed (`BuildStamp.inputs`).
    var hashes: [String: BuildStamp.FileHash] = [:]
    /// Each note's search tokens (`SearchIndex.TokenMemo`).
    var search: SearchIndex.TokenMemo?
    /// What the last write left in the output folder (`OutputWriter.Written`), and its stamp.
    var written: [String: OutputWriter.Written] = [:]
    var stamp: KnownStamp?
    /// The graph page's layout (`GraphLayout.Memo`).
    var layout: GraphLayout.Memo?
    /// The queries' results (`QueryStage.Memo`).
    var queries: QueryStage.Memo?
    var indexed: Indexed?
    var graphed: Graphed?
    var names: Names?
    var rendered: [String: RenderedEntry] = [:]
    /// The version the next note rendered gets (`RenderedEntry.version`).
    var nextVersion = 0
    /// The pages of the last build (`PageMemo`).
    var pageMemo: PageMemo?
    /// The link previews' entries (`LinkPreviews.Memo`) and the graph's file (`GraphData.Memo`).
    var previews: LinkPreviews.Memo?
    var graphData: GraphData.Memo?
    var templates: [String: String] = [:]
    var pages: [String: PageEntry] = [:]
    /// What KaTeX made of each formula of the last build: a save asks it only for new ones.
    var typeset: [Typesetting.Key: KaTeX.Outcome] = [:]
    /// False for a build that has no next one to keep anything for: it then holds no page twice.
    let keeps: Bool

    public init() { keeps = true }

    init(keeps: Bool) { self.keeps = keeps }
}

extension BuildCache {
    /// `EntityIndex.build`, or the last index with the notes of this build when none changed
    /// what the index reads of it: making the index again is a few hundred milliseconds of a
    /// 10,000-note save that changed one body.
    mutating func index(notes: [Note], assets: [String], language: String) -> (EntityIndex, [Diagnostic]) {
        guard keeps else { return EntityIndex.build(notes: notes, assets: assets, language: language) }
        let sorted = notes.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let read = sorted.map(IndexedNote.init)
        if var indexed, indexed.notes == read, indexed.assets == assets, indexed.language == language {
            indexed.index = indexed.index.replacing(notes: sorted)
            self.indexed = indexed
            return (indexed.index, indexed.diagnostics)
        }
        let (index, diagnostics) = EntityIndex.build(notes: notes, assets: assets, language: language)
        indexed = Indexed(notes: read, assets: assets, language: language, index: index, diagnostics: diagnostics)
        return (index, diagnostics)
    }

    /// `LinkGraph(index:rendered:)`, or the last graph while nothing it is made of changed (most
    /// saves change a body's words, not its links).
    mutating func graph(index: EntityIndex, rendered: [RenderedNote]) -> LinkGraph {
        guard keeps else { return LinkGraph(index: index, rendered: rendered) }
        // The index's own list when it was just made or kept, not made again.
        let notes = indexed.map(\.notes) ?? index.notes.map(IndexedNote.init)
        var now = Graphed(notes: notes, titleKeys: index.titleKeys, rendered: rendered)
        if let graphed, let graph = graphed.graph, graphed.made(of: now) { return graph }
        let graph = LinkGraph(index: index, rendered: rendered)
        now.graph = graph
        graphed = now
        return graph
    }
}
