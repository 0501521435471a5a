/// What a text node of the document is rewritten into.
///
/// The HTML strings are written by the caller, which knows what it links to; the Markdown module
/// only places them in the tree, so they sit inside emphasis, table cells and list items like any
/// other inline.
public enum InlinePiece: Sendable, Equatable {
    /// Plain text, escaped by cmark when rendered.
    case text(String)
    /// `open` + the escaped `text` + `close`, e.g. `<a href="…">` label `</a>`.
    case element(open: String, text: String, close: String)
    /// A complete piece of HTML with no text content, e.g. `<img …>`.
    case html(String)
    /// Block-level HTML, e.g. an embedded note: its paragraph is split around it.
    case block(String)
}

/// A text node that may be rewritten: never inside a link, an image, code or raw HTML.
public struct TextNode: Sendable {
    public let text: String
    /// Position of the node's first character in the Markdown source: 1-based line, and 1-based
    /// column counted in UTF-8 bytes as cmark counts them.
    public let line: Int
    public let byteColumn: Int
    /// Headings keep wikilinks but get no automatic mentions.
    public let inHeading: Bool
    /// Nothing before it on its line: a `#tag` may start the text.
    public let startsLine: Bool
}
