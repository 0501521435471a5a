/// How a Markdown text becomes HTML.
public struct MarkdownOptions: Sendable, Hashable {
    /// Raw HTML in the source is passed through; otherwise cmark's safe mode replaces it with a
    /// comment and drops `javascript:`, `vbscript:`, `file:` and most `data:` link targets.
    public var rawHTML: Bool
    /// `$…$`, `$$…$$`, `\(…\)` and `\[…\]` are formulas (`MathSyntax`); off, they are text, as
    /// libcmark-gfm alone reads them.
    public var math: Bool

    public init(rawHTML: Bool = false, math: Bool = true) {
        self.rawHTML = rawHTML
        self.math = math
    }
}
