/// The values templates see. Optional where a template tests for presence: Mustache takes even
/// an empty string as present. Everything here is text for `{{…}}` except fields named `html` or
/// `svg`, which hold markup for `{{{…}}}`.
public struct PageContext: Sendable, Equatable {
    public var site: SiteView
    /// Leads from this page back to the site's root: `""`, `"../"`; put it before every local URL.
    public var root: String
    public var title: String
    public var description: String?
    /// This page's own absolute URL when the site has a base URL.
    public var canonical: String?
    public var note: NoteView?
    public var home: HomeView?
    public var listing: ListingView?
    public var tagIndex: TagIndexView?
    /// On every page a reader browses (not the graph and 404 pages): the vault's folder tree,
    /// this page marked in it when it is a note's or a folder's.
    public var explorer: ExplorerView?
    /// Set on the search page and the graph page.
    public var searchPage = false
    public var graphPage = false
    /// Set on `notes.html`, whose link in the header is then the current page.
    public var allNotesPage = false
    /// The page shows typeset formulas and needs KaTeX's stylesheet; set as it is typeset.
    public var hasMath = false
    /// The page shows mermaid diagrams and loads mermaid's script.
    public var hasDiagrams = false
    /// The page shows a canvas, its own or an embedded one, and loads `assets/canvas.js`.
    public var hasCanvas = false
    /// On note pages: schema.org JSON-LD (`StructuredData`), for `{{{…}}}` in a
    /// `<script type="application/ld+json">`; its `<` are escaped, so it cannot end the element.
    public var structuredData: String?
}

public struct SiteView: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var language: String
    public var labels: Labels
    /// `base_url`, ending in `/`, when the site has one.
    public var baseURL: String?
    /// The Atom feed exists (the site has a base URL).
    public var hasFeed: Bool
}

public struct LinkView: Sendable, Equatable {
    public var title: String
    public var url: String
}

public struct NoteView: Sendable, Equatable {
    public struct TagView: Sendable, Equatable {
        public var name: String
        public var url: String
    }
    public struct TOCEntry: Sendable, Equatable {
        public var level: Int
        public var text: String
        public var id: String
        /// The headings under this one, until the next of its level or higher.
        public var children: [TOCEntry] = []

        /// Headings in page order, nested by level: an `h3` after an `h2` is its child.
        static func nested(_ flat: [TOCEntry]) -> [TOCEntry] {
            var entries: [TOCEntry] = []
            var index = flat.startIndex
            while index < flat.endIndex {
                var entry = flat[index]
                var end = flat.index(after: index)
                while end < flat.endIndex && flat[end].level > entry.level { end = flat.index(after: end) }
                entry.children = nested(Array(flat[flat.index(after: index)..<end]))
                entries.append(entry)
                index = end
            }
            return entries
        }
    }
    public struct PropertyView: Sendable, Equatable {
        public var key: String
        /// The key as a reader sees it: `located_in` → `located in`.
        public var label: String
        public var values: [ValueView]
    }
    public struct IncomingView: Sendable, Equatable {
        public var property: String
        public var label: String
        public var notes: [LinkView]
    }
    public struct BacklinkView: Sendable, Equatable {
        public var title: String
        public var url: String
        /// Space-separated kinds for CSS: `link relation`.
        public var kinds: String
        /// The same kinds in the site's language.
        public var kindLabels: String
        public var excerpt: String?
    }
    /// The backlinks of one kind: each backlink is in the group of its first kind (link, embed,
    /// relation, mention), the rest of a long group folded.
    public struct BacklinkGroup: Sendable, Equatable {
        /// `link`, `embed`, `relation` or `mention`, for CSS.
        public var kind: String
        public var label: String
        public var count: Int
        public var shown: [BacklinkView]
        public var folded: [BacklinkView]
        /// What the fold says: "12 more", "还有 12 篇".
        public var foldedText: String?
    }

    public var title: String
    public var type: LinkView?
    public var summary: String?
    public var date: String?
    public var updated: String?
    public var aliases: [String]
    public var tags: [TagView]
    public var html: String
    public var toc: [TOCEntry]
    public var properties: [PropertyView]
    public var incoming: [IncomingView]
    public var backlinks: [BacklinkView]
    public var backlinkGroups: [BacklinkGroup] = []
    /// The note and its neighbours, drawn at build time.
    public var graphSVG: String?
    public var hasInfobox: Bool
    /// The folders above the note, top first, for the breadcrumbs.
    public var folders: [LinkView] = []
    /// From `cssclasses:`, space-separated, for the article's `class`.
    public var cssClasses: String?
    /// On a folder note's page: what the folder holds.
    public var children: FolderView?
}

/// What a folder holds: its sub-folders, then its notes.
public struct FolderView: Sendable, Equatable {
    public var folders: [LinkView]
    public var notes: [HomeView.NoteEntry]
}

/// A property value: a link for a relation, plain text otherwise.
public struct ValueView: Sendable, Equatable {
    public var text: String
    public var url: String?
    public var broken: Bool
}

public struct HomeView: Sendable, Equatable {
    public struct TypeEntry: Sendable, Equatable {
        public var name: String
        public var url: String
        public var count: Int
    }
    public struct NoteEntry: Sendable, Equatable {
        public var title: String
        public var url: String
        public var summary: String?
        /// Backlinks for "most linked", the date for "recently updated".
        public var detail: String
    }

    public var noteCount: Int
    /// The count in words: "1 note", "3 篇笔记".
    public var countText: String
    public var types: [TypeEntry]
    public var mostLinked: [NoteEntry]
    public var recent: [NoteEntry]
    /// The body of the top folder's `index.md`, for `{{{html}}}`.
    public var html: String?
    /// What the top folder holds.
    public var children: FolderView?
}

/// A type page or a tag page: its notes as a table.
public struct ListingView: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var label: String
        /// Number (sorted as numbers) or text.
        public var numeric: Bool
    }
    public struct Cell: Sendable, Equatable {
        public var values: [ValueView]
        /// What the column sorts by.
        public var sortKey: String
    }
    public struct Row: Sendable, Equatable {
        public var title: String
        public var url: String
        public var sortKey: String
        public var cells: [Cell]
    }

    public var name: String
    /// `type`, `tag`, `folder`, or `all` on the page listing every note.
    public var kind: String
    /// The page above this one in the breadcrumbs (the tag index, for a tag).
    public var parent: LinkView?
    public var count: Int
    /// The count in words: "1 note", "3 篇笔记".
    public var countText: String
    public var columns: [Column]
    public var rows: [Row]
    /// On a folder's page: its sub-folders, listed before its notes.
    public var folders: [LinkView] = []
    /// On a tag's page: the nested tags under it (`ai/llm` under `ai`).
    public var subtags: [LinkView] = []
}

public struct TagIndexView: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var url: String
        public var count: Int
    }
    public var tags: [Entry]
}

/// The vault's folder tree beside a note or folder page, as nested `<details>`: the folders
/// leading to this page open, this page marked.
public struct ExplorerView: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var title: String
        public var url: String
        /// This page: `aria-current="page"`.
        public var current: Bool
    }
    public struct Folder: Sendable, Equatable {
        public var title: String
        /// The folder's page: its folder note's, else the one kb makes.
        public var url: String
        /// Notes in it and in its sub-folders, in words: "3 notes".
        public var countText: String
        /// It holds this page, at any depth.
        public var open: Bool
        /// It is this page.
        public var current: Bool
        /// It holds the note this page shows, itself: with folders only, the place the reader is.
        public var here: Bool
        public var folders: [Folder]
        /// Empty when `ExplorerView.foldersOnly`.
        public var notes: [Entry]
        /// Nothing to unfold: a link, not a `<details>`.
        public var leaf: Bool { folders.isEmpty && notes.isEmpty }
    }

    /// The top folder's sub-folders and notes.
    public var folders: [Folder]
    public var notes: [Entry]
    /// The vault is too large to list every note on every page: folders only, with counts.
    public var foldersOnly: Bool
}
