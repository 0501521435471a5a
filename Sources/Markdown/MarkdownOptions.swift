/// How a Markdown text becomes HTML.
public struct MarkdownOptions: Sendable, Hashable {
    /// Raw HTML in the source is passed through; otherwise cmark's safe mode replaces it with a
    /// comment and drops `javascript:`, `vbscript:`, `file:` and most `data:` link targets.
    public var rawHTML: Bool

    public init(rawHTML: Bool = false) {
        self.rawHTML = rawHTML
    }
}
