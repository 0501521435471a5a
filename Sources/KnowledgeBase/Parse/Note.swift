/// A place in a source file.
public struct SourceLocation: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A title or an alias, with where it was declared (for "both files and lines" in clashes).
public struct NoteName: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
}

/// A front-matter key that is not one kb knows: shown in the infobox; a wikilink value makes it
/// a typed relation.
public struct Property: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case text(String)
        case link(Wikilink)
    }

    public var key: String
    public var values: [Value]
    public var location: SourceLocation
    /// Where each value is, for a list; empty when all are at `location`.
    public var valueLocations: [SourceLocation] = []

    public func location(ofValue index: Int) -> SourceLocation {
        index < valueLocations.count ? valueLocations[index] : location
    }
}

/// One Markdown file, understood: the entity it describes and the body that describes it.
public struct Note: Sendable, Equatable {
    /// Path under the content folder without the extension: `people/wang-jian`. Unique.
    public var id: String
    /// For diagnostics: `Content/people/wang-jian.md`.
    public var file: String
    public var title: NoteName
    public var aliases: [NoteName] = []
    public var type: String?
    public var tags: [String] = []
    /// Obsidian's `created` when there is no `date`, its `modified` when there is no `updated`.
    public var date: NoteDate?
    public var updated: NoteDate?
    public var summary: String?
    public var draft = false
    /// From `slug:`, checked by `Slug.isValid`; nil to derive one from the file name.
    public var slug: String?
    /// From `permalink:`: the page's whole path without `.html`, folders and all.
    public var permalink: String?
    /// From `cssclasses:`: classes on the page's article.
    public var cssClasses: [String] = []
    /// `mentions: false` turns off automatic mention links in this note.
    public var linksMentions = true
    /// Names that must never be linked automatically in this note (`no_mentions:`).
    public var excludedMentions: [String] = []
    public var properties: [Property] = []
    public var body: String
    /// The line of the file on which `body` starts.
    public var bodyLine: Int

    public var names: [NoteName] { [title] + aliases }

    /// An Obsidian base, read from a `.base` file.
    public var isBase: Bool { id.lowercased().hasSuffix(".base") }
    /// The canvas decoded, for a `.canvas` file (JSON Canvas), whose JSON `body` holds.
    public var canvas: CanvasDocument?
    /// Read from a `.canvas` file, not from a note whose name ends so (`Plan.canvas.md`).
    public var isCanvas: Bool { canvas != nil }
}
