import Markdown

/// A link from one note to another, as the Graph stage collects it.
public struct OutgoingLink: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// `embed`: the target's body, or part of it, shown in the source (`![[Target]]`).
        /// `query`: the target is in a Dataview or Bases result the source shows.
        /// `canvas`: the source is a canvas that shows the target or links to it.
        case link, embed, relation, mention, query, canvas

        private var order: Int {
            switch self {
            case .link: 0
            case .embed: 1
            case .relation: 2
            case .query: 3
            case .canvas: 4
            case .mention: 5
            }
        }

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.order < rhs.order }
    }

    public var target: Int
    public var kind: Kind
    /// The front-matter key of a relation.
    public var property: String?
    /// The text around the link, for the target's backlinks.
    public var excerpt: String
}

/// A `#Heading` a link points at, checked once every note's headings are known.
public struct AnchorReference: Sendable, Hashable {
    public var target: Int
    public var heading: String
    public var location: SourceLocation
}

/// A link to a note or file that does not exist, made a diagnostic by the Graph stage, which
/// looks for the closest names once per distinct name rather than once per link.
public struct UnresolvedLink: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation
    /// An embed or a file link: "no file or note", not "no note".
    public var isFile: Bool

    /// The warning, with the closest names found for `name`.
    func diagnostic(file: String, suggestions: [String]) -> Diagnostic {
        var message = isFile ? "no file or note named \"\(name)\"" : "no note named \"\(name)\" yet"
        if !suggestions.isEmpty {
            message += " (did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: " or ") + "?)"
        }
        return .warning(file, line: location.line, column: location.column, message)
    }
}

/// A row of the infobox: a property and its values, relations resolved.
public struct PropertyRow: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var text: String
        /// The note a relation points at; nil for plain text and for broken relations.
        public var target: Int?
        public var isBroken: Bool
    }

    public var key: String
    public var values: [Value]
}

/// A note's body as HTML, and everything learned while rendering it.
public struct RenderedNote: Sendable, Equatable {
    public var html: String
    /// The body as plain text, for search.
    public var text: String
    public var headings: [Heading]
    public var links: [OutgoingLink]
    public var anchors: [AnchorReference]
    public var properties: [PropertyRow]
    public var unresolved: [UnresolvedLink] = []
    public var diagnostics: [Diagnostic]
    /// The `^id`s of its blocks, for `[[Note#^id]]`.
    public var blockIDs: [String] = []
    /// Its inline `#tags`, each with the page its links lead to: Build renders the note again
    /// when the site's tag pages turn out to be elsewhere.
    public var tags: [TagLink] = []
    /// The ids of the notes it shows through embeds, for the cache: a change there renders it again.
    public var embedded: [String] = []
    /// A canvas is shown: the note's own, or one it embeds, at any depth.
    public var showsCanvas = false
    /// Its formulas, those of the notes it embeds too, each a mark in `html` until typeset.
    public var formulas: [NoteFormula] = []
    /// Its fenced code with a language, that of the notes it embeds too: each diagram is drawn in
    /// the browser, each other block a mark in `html` until highlighted.
    public var codeBlocks: [NoteCodeBlock] = []
    /// Its inline fields (`key:: value`) and task list items, which queries read.
    public var fields: [InlineField] = []
    public var tasks: [TaskItem] = []
    /// The queries it shows, those of the notes it embeds too, each a mark in `html` until the
    /// Query stage puts its result there.
    public var queries: [PendingQuery] = []
}

/// A fenced code block of a note body, and where its fence opens, for the one warning a build
/// gives when nothing highlights code.
public struct NoteCodeBlock: Sendable, Hashable {
    public var block: CodeBlock
    /// Nil for a block an embedded note shows.
    public var location: SourceLocation?
}

/// A query block as Render leaves it: what it says and whose it is, run once every note is known.
public struct PendingQuery: Sendable, Hashable {
    /// `dataview` or `base`.
    public var language: String
    public var source: String
    /// The id of the note that holds it.
    public var note: String
    /// The id of the note `this` stands for: the note itself, but for a base embedded in another
    /// note, which is that note, as in Obsidian.
    public var this: String
    /// Where its text starts, for warnings; nil for a query an embedded note shows, which that
    /// note reports at home.
    public var location: SourceLocation?
    /// For a base, the view to show: nil for the first, `*` for all of them.
    public var view: String?
    /// For a base embedded by the note that renders (`![[x.base#View]]`), where the embed is: a
    /// view it names that the base lacks is reported there.
    public var embedLocation: SourceLocation?

    /// How it stands in the HTML: U+0002 and U+0003 are replaced in every file kb reads
    /// (`SourceText`), so a mark can only be kb's own.
    static func mark(_ number: Int) -> String { "\u{2}query:\(number)\u{3}" }
}

/// A formula of a note body, and where its `$` stands for a warning when KaTeX cannot parse it.
public struct NoteFormula: Sendable, Hashable {
    public var formula: MathFormula
    /// Nil for a formula an embedded note shows: that note reports it at home.
    public var location: SourceLocation?
}

/// An inline `#tag` of a note, and where its links lead.
public struct TagLink: Sendable, Hashable {
    public var name: String
    public var page: String
}
