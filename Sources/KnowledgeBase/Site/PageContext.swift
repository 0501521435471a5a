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
        public var values: [Value]
    }
    public struct IncomingView: Sendable {
        public var property: String
        public var notes: [LinkView]
    }
    public struct BacklinkView: Sendable {
        public var title: String
        public var url: String
        public var kinds: String
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
