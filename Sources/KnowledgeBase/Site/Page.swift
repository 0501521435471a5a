/// One output page before templating: where it goes, which template renders it, with what.
public struct Page: Sendable, Equatable {
    /// Relative to the output folder: `people/wang-jian.html`.
    public var path: String
    /// A template name: `note` for `Templates/note.mustache`.
    public var template: String
    public var context: PageContext
    /// The source this page comes from, for diagnostics about the page.
    public var origin: String?
}
