/// The values templates see. Optional where a template tests for presence: Mustache takes even
/// an empty string as present. Everything here is already escaped-or-raw as its name says: fields
/// named `html` are rendered Markdown for `{{{…}}}`; all others are text for `{{…}}`.
public struct PageContext: Sendable {
    public var site: SiteView
    /// Leads from this page back to the site's root: `""`, `"../"`; put it before every local URL.
    public var root: String
    public var title: String
    public var description: String?
    /// This page's own absolute URL when the site has a base URL.
    public var canonical: String?
    public var note: NoteView?
    public var home: HomeView?
}

public struct SiteView: Sendable {
    public var title: String
    public var description: String?
    public var language: String
    public var labels: Labels
}

/// The words of the page furniture, in the site's language (Chinese for `zh…`, else English).
public struct Labels: Sendable {
    public var contents, facts, related, linkedFrom, notes, tags, skipToContent, notFound, notFoundText, home: String
    /// Follows a property name in "incoming relations": `developer` + ` of`.
    public var incomingSuffix: String
    public var kindLink, kindRelation, kindMention: String

    public static func forLanguage(_ language: String) -> Labels {
        if language.lowercased().hasPrefix("zh") {
            return Labels(
                contents: "目录", facts: "信息", related: "关联", linkedFrom: "反向链接", notes: "篇笔记", tags: "标签",
                skipToContent: "跳到正文", notFound: "页面不存在", notFoundText: "这个地址没有页面。", home: "返回首页",
                incomingSuffix: "（反向）", kindLink: "链接", kindRelation: "关系", kindMention: "提及")
        }
        return Labels(
            contents: "Contents", facts: "Facts", related: "Related", linkedFrom: "Linked from", notes: "notes",
            tags: "Tags", skipToContent: "Skip to content", notFound: "Page not found",
            notFoundText: "There is no page at this address.", home: "Go to the home page", incomingSuffix: " of",
            kindLink: "link", kindRelation: "relation", kindMention: "mention")
    }
}

public struct LinkView: Sendable {
    public var title: String
    public var url: String
}

public struct NoteView: Sendable {
    public struct TagView: Sendable { public var name: String }
    public struct TOCEntry: Sendable {
        public var level: Int
        public var text: String
        public var id: String
    }
    public struct PropertyView: Sendable {
        public struct Value: Sendable {
            public var text: String
            public var url: String?
            public var broken: Bool
        }
        public var key: String
        /// The key as a reader sees it: `located_in` → `located in`.
        public var label: String
        public var values: [Value]
    }
    public struct IncomingView: Sendable {
        public var property: String
        public var label: String
        public var notes: [LinkView]
    }
    public struct BacklinkView: Sendable {
        public var title: String
        public var url: String
        /// Space-separated kinds for CSS: `link relation`.
        public var kinds: String
        /// The same kinds in the site's language.
        public var kindLabels: String
        public var excerpt: String?
    }

    public var title: String
    public var type: String?
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
    public var hasInfobox: Bool
}

public struct HomeView: Sendable {
    public struct NoteEntry: Sendable {
        public var title: String
        public var url: String
        public var summary: String?
    }
    public struct Group: Sendable {
        /// nil for the notes without a type.
        public var type: String?
        public var count: Int
        public var notes: [NoteEntry]
    }

    public var noteCount: Int
    public var groups: [Group]
}
