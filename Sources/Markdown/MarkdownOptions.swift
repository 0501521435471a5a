/// How a Markdown text becomes HTML.
public struct MarkdownOptions: Sendable, Hashable {
    /// What becomes of the author's raw HTML.
    public enum RawHTML: String, Sendable, Hashable, CaseIterable {
        /// Replaced with a comment, as cmark's safe mode does.
        case omitted
        /// Parsed and rewritten holding only what `HTMLSanitizer` allows.
        case sanitized
        /// Passed as written (with GFM's tag filter, as libcmark-gfm does).
        case trusted
    }

    public var rawHTML: RawHTML
    /// The hosts whose pages a sanitized `<iframe>` may show.
    public var iframeHosts: [String]
    /// `$…$`, `$$…$$`, `\(…\)` and `\[…\]` are formulas (`MathSyntax`); off, they are text, as
    /// libcmark-gfm alone reads them.
    public var math: Bool

    public init(rawHTML: RawHTML = .omitted, iframeHosts: [String] = [], math: Bool = true) {
        self.rawHTML = rawHTML
        self.iframeHosts = iframeHosts
        self.math = math
    }
}
