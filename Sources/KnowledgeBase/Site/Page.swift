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

extension Page {
    /// About how many times its template repeats a section: backlinks, or rows and their cells.
    /// Pages differ a thousandfold here, and Emit starts the heaviest first, so that no core is
    /// left templating a hub note alone at the end.
    var weight: Int {
        let note = context.note.map { $0.backlinks.count + $0.properties.count + $0.toc.count } ?? 0
        let listing = context.listing.map { $0.rows.count * (1 + $0.columns.count) } ?? 0
        return 1 + note + listing
    }
}
