import Yams

/// `site.yml`: what the whole site is called and how it is built.
public struct SiteSettings: Sendable, Hashable {
    /// Where the settings came from, for diagnostics about them.
    public var file = "Content/site.yml"
    public var title = "Knowledge base"
    public var description = ""
    public var language = "en"
    /// Absolute URL of the site's root, ending in `/`; feeds and the sitemap need it.
    public var baseURL: String?
    public var rawHTML = false
    /// Automatic links for plain mentions of note names.
    public var linksMentions = true
    /// Words inside which no name is linked (`阿里巴巴` keeps a note `阿里` from matching there).
    public var mentionExclusions: [String] = []
    /// How type names are shown (`types: {model: 模型}`); a type without one shows as written.
    public var typeNames: [String: String] = [:]
    /// What the loader leaves out of the content folder, with `.gitignore`'s meaning.
    public var exclude: [ExcludePattern] = []

    public init() {}

    public static func parse(_ file: SourceFile?) -> (settings: SiteSettings, diagnostics: [Diagnostic]) {
        var settings = SiteSettings()
        guard let file else { return (settings, []) }
        settings.file = file.displayPath
        let source = SourceText(file)
        var reader = YAMLReader(file: file.displayPath, firstLine: 1)
        for (key, value, location) in reader.mapping(source.text) ?? [] {
            switch key {
            case "title": settings.title = reader.text(value, key: key) ?? settings.title
            case "description": settings.description = reader.text(value, key: key) ?? ""
            case "language": settings.language = reader.text(value, key: key) ?? settings.language
            case "base_url":
                guard var url = reader.text(value, key: key), !url.isEmpty else { continue }
                guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                    reader.report(value, "base_url must start with https:// or http://")
                    continue
                }
                if !url.hasSuffix("/") { url += "/" }
                settings.baseURL = url
            case "raw_html": settings.rawHTML = reader.bool(value, key: key) ?? false
            case "mentions": settings.linksMentions = reader.bool(value, key: key) ?? true
            case "mention_exclusions": settings.mentionExclusions = reader.texts(value, key: key)
            case "types":
                guard case .mapping(let mapping) = value else {
                    reader.report(value, "\"types\" must map each type to the name shown for it")
                    continue
                }
                for (type, name) in mapping {
                    if let type = type.scalar?.string, let name = reader.text(name, key: type) {
                        settings.typeNames[type] = name
                    }
                }
            case "exclude":
                // One pattern may be written without a list; an empty `exclude:` is no pattern.
                let items: [Node]
                switch value {
                case .sequence(let sequence): items = Array(sequence)
                case .scalar(let scalar) where scalar.string.isEmpty: items = []
                default: items = [value]
                }
                for item in items {
                    guard let text = reader.text(item, key: key) else { continue }
                    do {
                        settings.exclude.append(try ExcludePattern(text))
                    } catch {
                        reader.report(item, "exclude pattern \"\(text)\" \(error); it is ignored", severity: .warning)
                    }
                }
            default:
                reader.diagnostics.append(
                    .warning(
                        file.displayPath, line: location.line, column: location.column, "unknown setting \"\(key)\""))
            }
        }
        return (settings, source.diagnostics + reader.diagnostics)
    }
}
