/// Where each tag's page is: `tags/<slug>.html`, a nested tag under its parent's folder
/// (`#ai/llm` → `tags/ai/llm.html`). Tags are one whatever their case (`#AI` is `#ai`); the
/// parents of nested tags are tags too, so that `ai` lists what `ai/llm` holds.
///
/// Inline `#tags` are found while bodies render, after which a tag can turn out to share a slug
/// with another: Build renders again each note whose tag links `page(for:)` sent elsewhere.
public struct TagPages: Sendable {
    /// Keyed by `NameKey`: each tag as first written, and its page.
    private var entries: [String: (name: String, page: String)]
    /// Sorted by key.
    public let keys: [String]

    public init(tags: some Sequence<String>) {
        var names: [String: String] = [:]
        for tag in tags {
            var path = ""
            for part in tag.split(separator: "/", omittingEmptySubsequences: true) {
                path += path.isEmpty ? String(part) : "/" + part
                let key = NameKey.make(path)
                if names[key] == nil { names[key] = path }
            }
        }
        keys = names.keys.sorted()
        let romanization = Romanization(names: names.values)
        // `tags/index.html` is the list of all tags: a tag named "Index" must go elsewhere.
        var used: Set<String> = ["tags/index"]
        var entries: [String: (name: String, page: String)] = [:]
        // Parents sort before their children, so a child's folder is its parent's final slug.
        for key in keys {
            guard let name = names[key] else { continue }
            let parent = name.lastIndex(of: "/").map { entries[NameKey.make(String(name[..<$0]))]?.page }
            let folder = parent.flatMap { $0 }.map { String($0.dropLast(".html".count)) } ?? "tags"
            let base = folder + "/" + Self.slug(name.split(separator: "/").last.map(String.init) ?? name, romanization)
            var candidate = base
            var number = 2
            while !used.insert(candidate).inserted {
                candidate = "\(base)-\(number)"
                number += 1
            }
            entries[key] = (name, candidate + ".html")
        }
        self.entries = entries
    }

    /// The page of `tag` if this table knows it.
    public func knownPage(for tag: String) -> String? { entries[NameKey.make(tag)]?.page }

    /// The page of `tag`; for a tag this table does not know, the page it has if no other tag
    /// takes its slug.
    public func page(for tag: String) -> String {
        if let entry = entries[NameKey.make(tag)] { return entry.page }
        let parts = tag.split(separator: "/")
        let last = parts.last.map(String.init) ?? tag
        let folder =
            parts.count > 1
            ? String(page(for: parts.dropLast().joined(separator: "/")).dropLast(".html".count)) : "tags"
        return folder + "/" + Self.slug(last, Romanization(names: [last])) + ".html"
    }

    /// The tag as first written.
    public func name(of key: String) -> String { entries[key]?.name ?? key }

    public func page(ofKey key: String) -> String { entries[key]?.page ?? "tags/index.html" }

    /// The tag a nested tag is under.
    public func parent(ofKey key: String) -> String? {
        guard let name = entries[key]?.name, let slash = name.lastIndex(of: "/") else { return nil }
        return NameKey.make(String(name[..<slash]))
    }

    private static func slug(_ part: String, _ romanization: Romanization) -> String {
        let slug = Slug.make(part, romanization: romanization)
        return slug.isEmpty ? "tag" : slug
    }
}
