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
    /// What the last write left in the output folder (`OutputWriter.Written`).
    var written: [String: OutputWriter.Written] = [:]
    /// The graph page's layout (`GraphLayout.Memo`).
    var layout: GraphLayout.Memo?
    /// The queries' results (`QueryStage.Memo`).
    var queries: QueryStage.Memo?
    var names: Names?
    var rendered: [String: RenderedEntry] = [:]
    /// The version the next note rendered gets (`RenderedEntry.version`).
    var nextVersion = 0
    /// The pages of the last build (`PageMemo`).
    var pageMemo: PageMemo?
    var templates: [String: String] = [:]
    var pages: [String: PageEntry] = [:]
    /// What KaTeX made of each formula of the last build: a save asks it only for new ones.
    var typeset: [Typesetting.Key: KaTeX.Outcome] = [:]
    /// False for a build that has no next one to keep anything for: it then holds no page twice.
    let keeps: Bool

    public init() { keeps = true }

    init(keeps: Bool) { self.keeps = keeps }
}
