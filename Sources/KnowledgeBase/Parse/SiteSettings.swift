import Markdown
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
    /// `raw_html`: `sanitized` (the default, and what `true` means), `false`, or `trusted`.
    public var rawHTML = MarkdownOptions.RawHTML.sanitized
    /// `iframe_hosts`: the hosts whose pages the author's `<iframe>` may show.
    public var iframeHosts: [String] = []
    /// Automatic links for plain mentions of note names.
    public var linksMentions = true
    /// Words inside which no name is linked (`阿里巴巴` keeps a note `阿里` from matching there).
    public var mentionExclusions: [String] = []
    /// How type names are shown (`types: {model: 模型}`); a type without one shows as written.
    public var typeNames: [String: String] = [:]
    /// How property keys are shown (`properties: {developer: {label: 开发者, incoming: 开发的模型}}`,
    /// or `developer: 开发者`): the key's label, and the label of the relation seen from its target.
    public var propertyLabels: [String: PropertyLabel] = [:]
    /// Page furniture words put over the language's own (`labels: {linkedFrom: 提及本页}`), by the
    /// names templates read them by (`site.labels.linkedFrom`).
    public var labels: [String: String] = [:]
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
                guard let url = reader.text(value, key: key), !url.isEmpty else { continue }
                do {
                    settings.baseURL = try baseURL(url)
                } catch {
                    reader.report(value, "base_url \(error)")
                }
            case "raw_html": settings.rawHTML = reader.rawHTML(value) ?? settings.rawHTML
            case "iframe_hosts":
                settings.iframeHosts = reader.texts(value, key: key).map { $0.lowercased() }.sorted()
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
            case "properties":
                guard case .mapping(let mapping) = value else {
                    reader.report(value, "\"properties\" must map each property to its label")
                    continue
                }
                for (property, label) in mapping {
                    guard let property = property.scalar?.string else { continue }
                    if case .mapping(let parts) = label {
                        var entry = PropertyLabel()
                        for (part, text) in parts {
                            switch part.scalar?.string {
                            case "label": entry.label = reader.text(text, key: "label")
                            case "incoming": entry.incoming = reader.text(text, key: "incoming")
                            default:
                                reader.report(
                                    part, "a property's label has only \"label\" and \"incoming\"", severity: .warning)
                            }
                        }
                        settings.propertyLabels[property] = entry
                    } else if let text = reader.text(label, key: property) {
                        settings.propertyLabels[property] = PropertyLabel(label: text)
                    }
                }
            case "labels":
                guard case .mapping(let mapping) = value else {
                    reader.report(value, "\"labels\" must map each label's name to its words")
                    continue
                }
                for (key, words) in mapping {
                    guard let name = key.scalar?.string else { continue }
                    guard Labels.Key(rawValue: name) != nil else {
                        let known = Labels.Key.allCases.map(\.rawValue).joined(separator: ", ")
                        reader.report(
                            key, "there is no label \"\(name)\"; the labels are \(known)", severity: .warning)
                        continue
                    }
                    if let words = reader.text(words, key: name) { settings.labels[name] = words }
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

    /// Why a base URL was refused, said so that it follows the name of the setting or flag.
    public struct InvalidBaseURL: Error, CustomStringConvertible {
        public let description: String
    }

    /// `base_url` and `--base-url`, checked alike: the URL is put before every canonical link,
    /// every URL of the feed and the sitemap, and the links of `404.html`. So it must be http or
    /// https with a host, and hold nothing that could end an attribute or start a script, nor a
    /// query or fragment that the paths after it would land in. Given back ending in `/`.
    public static func baseURL(_ text: String) throws(InvalidBaseURL) -> String {
        let scheme = ["https://", "http://"].first { text.hasPrefix($0) }
        guard let scheme else { throw InvalidBaseURL(description: "must start with https:// or http://") }
        let forbidden = text.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format || "\"'<>`\\".unicodeScalars.contains(scalar)
        }
        guard !forbidden else {
            throw InvalidBaseURL(
                description: "cannot hold spaces, control characters, quotes, angle brackets or backslashes")
        }
        guard !text.contains("?"), !text.contains("#") else {
            throw InvalidBaseURL(description: "cannot hold a query or a fragment (? or #): page paths follow it")
        }
        let authority = text.dropFirst(scheme.count).prefix { $0 != "/" }
        guard !authority.contains("@") else {
            throw InvalidBaseURL(description: "cannot hold a user name or password (@)")
        }
        var host = authority
        var port: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            // An IPv6 address, whose colons are not a port's.
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                throw InvalidBaseURL(description: "must name a host, such as https://kb.example.org/")
            }
            if !after.isEmpty { port = after.dropFirst() }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw InvalidBaseURL(description: "must name a host, such as https://kb.example.org/")
            }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || "-._~".contains($0) }) else {
                throw InvalidBaseURL(description: "must name a host, such as https://kb.example.org/")
            }
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), let number = Int(port), number <= 65535
            else { throw InvalidBaseURL(description: "has a port that is not a number from 0 to 65535") }
        }
        return text.hasSuffix("/") ? text : text + "/"
    }
}

/// How a property key is shown; nil parts fall back to the key itself.
public struct PropertyLabel: Sendable, Hashable {
    public var label: String?
    /// Seen from the note a relation points at: `developer` → "开发的模型".
    public var incoming: String?

    public init(label: String? = nil, incoming: String? = nil) {
        self.label = label
        self.incoming = incoming
    }
}
