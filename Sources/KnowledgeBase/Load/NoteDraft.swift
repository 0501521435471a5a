import Foundation

/// A new note for `kb new`: where it goes and its front matter, learned from the notes of the
/// same type that already exist.
public struct NoteDraft: Sendable {
    /// Relative to the content folder.
    public var path: String
    public var text: String

    public static func make(title: String, type: String?, content: URL, folder: String?) -> NoteDraft {
        let loaded = ContentLoader(root: content, displayName: content.lastPathComponent).load()
        let notes = loaded.notes.map { NoteParser().parse($0).note }.filter { type != nil && $0.type == type }

        // The folder most notes of this type live in, and the properties half of them or more use.
        var folders: [String: Int] = [:]
        var keys: [String: Int] = [:]
        var order: [String] = []
        for note in notes {
            folders[String(note.id.split(separator: "/").dropLast().joined(separator: "/")), default: 0] += 1
            for property in note.properties {
                if keys[property.key] == nil { order.append(property.key) }
                keys[property.key, default: 0] += 1
            }
        }
        let home = folder ?? folders.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
        var slug = Slug.make(title)
        if slug.isEmpty { slug = "note" }

        var text = "---\ntitle: \(yamlQuoted(title))\naliases: []\n"
        if let type { text += "type: \(yamlQuoted(type))\n" }
        text += "tags: []\nsummary: \"\"\n"
        for key in order where (keys[key] ?? 0) * 2 >= notes.count {
            text += "\(key): \"\"\n"
        }
        text += "---\n\n"
        return NoteDraft(path: (home.isEmpty ? "" : home + "/") + slug + ".md", text: text)
    }

    /// Why a note cannot go in `folder` (relative to `content`), or nil when it can. `kb new`
    /// writes only inside the content folder, and only where builds read: never at an absolute
    /// path, through `..`, or through a symbolic link, which the loader does not follow into a
    /// folder (and which may lead anywhere).
    public static func problem(folder: String, content: URL, contentName: String) -> String? {
        if folder.hasPrefix("/") { return "must be a folder inside \(contentName), not an absolute path" }
        let components = folder.split(separator: "/").filter { $0 != "." }
        if components.contains("..") { return "must be a folder inside \(contentName), written without \"..\"" }
        let realContent = content.resolvingSymlinksInPath().path
        var url = content
        var shown = contentName
        for component in components {
            url = url.appendingPathComponent(String(component))
            shown += "/" + component
            var info = stat()
            guard lstat(url.path, &info) == 0 else { return nil }  // the rest is created as folders
            guard info.st_mode & S_IFMT == S_IFLNK else { continue }
            let target = url.resolvingSymlinksInPath().path
            return target == realContent || target.hasPrefix(realContent + "/")
                ? "cannot go through the symbolic link \(shown): builds read no folder through a link"
                : "must be a folder inside \(contentName): \(shown) is a symbolic link out of it"
        }
        return nil
    }

    private static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
