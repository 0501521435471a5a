/// A file read from the content folder.
public struct SourceFile: Sendable {
    /// Relative to the content folder, `/`-separated: `people/wang-jian.md`.
    public let path: String
    /// The path shown in diagnostics: `Content/people/wang-jian.md`.
    public let displayPath: String
    public let bytes: [UInt8]

    public init(path: String, displayPath: String, bytes: [UInt8]) {
        self.path = path
        self.displayPath = displayPath
        self.bytes = bytes
    }
}

/// Everything the Load stage found in the content folder.
public struct ContentFolder: Sendable {
    /// Markdown files, sorted by path.
    public var notes: [SourceFile] = []
    /// Every other file (images, PDFs, …), copied through unchanged; sorted by path.
    public var assets: [SourceFile] = []
    /// `site.yml` at the top of the folder, if there is one.
    public var settings: SourceFile?
    /// What `settings` says, read before the rest of the folder because its `exclude:` decides
    /// what is read; what it reports is among `diagnostics`.
    public var siteSettings = SiteSettings()
    public var diagnostics: [Diagnostic] = []
    /// Every file read, with its stamp, for the next load (`ContentLoader.known`).
    var read: [String: ContentLoader.KnownFile] = [:]
}
