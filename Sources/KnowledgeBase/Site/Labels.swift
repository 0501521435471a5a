import Markdown

/// The words of the page furniture, in the site's language, each one replaceable in `site.yml`
/// (`labels: {linkedFrom: 提及本页}`). Templates read them as `site.labels.<key>`; the renderer
/// uses them for callout titles and the tooltip of a link to a note not written yet.
public struct Labels: Sendable, Equatable {
    /// A label's name, as templates and `site.yml` write it.
    public enum Key: String, CaseIterable, Sendable {
        case contents, facts, related, linkedFrom, notes, tags, skipToContent, breadcrumbs, notFound, notFoundText
        case home, types, mostLinked, recentlyUpdated, allTags, search, searchPlaceholder, searchNoScript
        /// Filled in by `assets/kb.js`: `{count}`, `{query}`, `{suggestion}`.
        case searchCount, searchNothing, searchDidYouMean
        case graphNoScript, graph, neighbours, name, feed, aliases, date, updated, summary, folders
        /// The graph page: the canvas's accessible name, the line saying how to move around it,
        /// the search field, the type toggles, and a search that finds nothing (`{query}`).
        case graphCanvas, graphHelp, graphFind, graphTypes, graphNotFound
        /// The page listing every note, its folder column, and the folder tree beside a page.
        case allNotes, folder, explorer
        /// A count of notes or of links, `{count}` standing for the number: "1 note", "3 notes".
        case noteCountOne, noteCountOther, linkCountOne, linkCountOther
        /// Around a property's label for the relation seen from its target: `developer` + ` of`,
        /// `以其为` + `开发者`.
        case incomingPrefix, incomingSuffix
        /// The backlinks of a long group past the first few, folded: "12 more".
        case moreCountOne, moreCountOther
        case kindLink, kindEmbed, kindRelation, kindMention, kindQuery, kindCanvas
        /// The buttons `assets/canvas.js` puts on a canvas.
        case canvasZoomIn, canvasZoomOut, canvasZoomReset
        /// The tooltip of a link to a note that does not exist yet.
        case notWrittenYet
        /// The footnote's way back to where it is referenced (cmark writes it in English).
        case backToContent
        /// The name of a task's checkbox, for screen readers.
        case task
        /// What `kb serve` shows over the page when a rebuild fails.
        case buildFailed
        /// The theme switch: its name, and following the system, light or dark.
        case theme, themeSystem, themeLight, themeDark
        /// The title of a callout that has none of its own, by type.
        case calloutNote, calloutAbstract, calloutInfo, calloutTodo, calloutTip, calloutSuccess, calloutQuestion
        case calloutWarning, calloutFailure, calloutDanger, calloutBug, calloutExample, calloutQuote
    }

    private var words: [Key: String]

    /// The table for `language` (a BCP 47 tag: `zh-TW`, `ja`, `en-GB`), English for a language kb
    /// has no table for, with `overrides` (by key name) put over it.
    public init(language: String, overrides: [String: String] = [:]) {
        let table = LabelTable(language: language)
        words = Dictionary(uniqueKeysWithValues: Key.allCases.map { ($0, overrides[$0.rawValue] ?? table.word($0)) })
    }

    public init(_ settings: SiteSettings) {
        self.init(language: settings.language, overrides: settings.labels)
    }

    public subscript(key: Key) -> String {
        // Every key has a word: `init` gives one to each of `allCases`.
        words[key] ?? key.rawValue
    }

    /// "1 note", "3 notes", "3 篇笔记": the singular form for exactly one, as English counts (the
    /// other languages kb has tables for do not inflect).
    /// On the bytes: the folder tree beside every page counts each folder, and Foundation's
    /// `replacingOccurrences` there was half of the explorer's cost, a twentieth of a build of
    /// 1,558 notes in 296 folders.
    public func count(_ count: Int, one: Key, other: Key) -> String {
        self[count == 1 ? one : other].replacingBytes("{count}", with: String(count))
    }

    /// A kind of link, as backlinks name it.
    public func kind(_ kind: OutgoingLink.Kind) -> String {
        switch kind {
        case .link: self[.kindLink]
        case .embed: self[.kindEmbed]
        case .relation: self[.kindRelation]
        case .mention: self[.kindMention]
        case .query: self[.kindQuery]
        case .canvas: self[.kindCanvas]
        }
    }

    /// A callout's title when it has none of its own.
    public func calloutTitle(_ type: String) -> String? {
        Key(rawValue: "callout" + type.prefix(1).uppercased() + type.dropFirst()).map { self[$0] }
    }
}
