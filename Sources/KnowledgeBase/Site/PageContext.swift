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
    /// Set on the search page and the graph page.
    public var searchPage = false
    public var graphPage = false
    /// The page shows typeset formulas and needs KaTeX's stylesheet; set as it is typeset.
    public var hasMath = false
}

public struct SiteView: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var language: String
    public var labels: Labels
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
    /// `type`, `tag` or `folder`.
    public var kind: String
    /// The page above this one in the breadcrumbs (the tag index, for a tag).
    public var parent: LinkView?
    public var count: Int
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

/// The words of the page furniture, in the site's language (Chinese for `zh…`, else English).
public struct Labels: Sendable, Equatable {
    public var contents, facts, related, linkedFrom, notes, tags, skipToContent, notFound, notFoundText, home: String
    public var types, mostLinked, recentlyUpdated, allTags, search, searchPlaceholder, searchNoScript, graphNoScript,
        graph,
        neighbours, name, backlinksCount, feed, aliases, date, updated, summary: String
    /// Around a property's label for the relation seen from its target: `developer` + ` of`,
    /// `以其为` + `开发者`.
    public var incomingPrefix, incomingSuffix: String
    public var kindLink, kindEmbed, kindRelation, kindMention, kindQuery: String
    /// A link to a note that does not exist yet; the sub-folders on a folder's page.
    public var notWrittenYet, folders: String
    /// The title of a callout that has none of its own, by type (`tip`: "Tip", "提示").
    public var calloutTitles: [String: String] = [:]

    public static func forLanguage(_ language: String) -> Labels {
        if language.lowercased().hasPrefix("zh") {
            return Labels(
                contents: "目录", facts: "信息", related: "关联", linkedFrom: "反向链接", notes: "篇笔记", tags: "标签",
                skipToContent: "跳到正文", notFound: "页面不存在", notFoundText: "这个地址没有页面。", home: "返回首页",
                types: "类型", mostLinked: "被链接最多", recentlyUpdated: "最近更新", allTags: "全部标签", search: "搜索",
                searchPlaceholder: "搜索笔记（按 / 键）", searchNoScript: "搜索需要 JavaScript。",
                graphNoScript: "关系图需要 JavaScript；各类型页面列出了全部笔记。",
                graph: "关系图",
                neighbours: "相邻笔记", name: "名称", backlinksCount: "次链接", feed: "订阅", aliases: "别名", date: "日期",
                updated: "更新", summary: "概要",
                incomingPrefix: "以其为", incomingSuffix: "", kindLink: "链接", kindEmbed: "嵌入", kindRelation: "关系",
                kindMention: "提及", kindQuery: "查询",
                notWrittenYet: "尚未写成", folders: "文件夹",
                calloutTitles: [
                    "note": "备注", "abstract": "摘要", "info": "信息", "todo": "待办", "tip": "提示", "success": "成功",
                    "question": "问题", "warning": "警告", "failure": "失败", "danger": "危险", "bug": "缺陷",
                    "example": "示例", "quote": "引用",
                ])
        }
        return Labels(
            contents: "Contents", facts: "Facts", related: "Related", linkedFrom: "Linked from", notes: "notes",
            tags: "Tags", skipToContent: "Skip to content", notFound: "Page not found",
            notFoundText: "There is no page at this address.", home: "Go to the home page", types: "Types",
            mostLinked: "Most linked", recentlyUpdated: "Recently updated", allTags: "All tags", search: "Search",
            searchPlaceholder: "Search notes (press /)", searchNoScript: "Search needs JavaScript.",
            graphNoScript: "The graph needs JavaScript; the type pages list every note.", graph: "Graph",
            neighbours: "Neighbours", name: "Name", backlinksCount: "links", feed: "Feed", aliases: "aliases",
            date: "date", updated: "updated", summary: "Summary", incomingPrefix: "", incomingSuffix: " of",
            kindLink: "link", kindEmbed: "embed", kindRelation: "relation", kindMention: "mention", kindQuery: "query",
            notWrittenYet: "not written yet",
            folders: "Folders")
    }
}
