import Foundation

/// What the loader leaves out of the content folder: Obsidian's own settings when the folder is a
/// vault, then site.yml's `exclude:` patterns. As in `.gitignore`, the last rule that matches a
/// path decides, so a `!pattern` in site.yml can bring back what Obsidian hides.
struct Exclusions {
    enum Rule {
        case pattern(ExcludePattern)
        /// This folder and everything in it (a folder named in Obsidian's settings). Matching the
        /// folder alone is enough, as the loader does not enter a folder it leaves out; and
        /// `!Templates/` in site.yml then brings the whole folder back.
        case folder(String)
        /// Every path that starts with this text, as Obsidian's `userIgnoreFilters` match.
        case prefix(String)
        /// Every path in which this expression finds a match (a filter written `/…/`).
        case expression(NSRegularExpression)
    }

    var rules: [Rule] = []

    /// Whether `path` (relative to the content folder) is left out. Obsidian tests a folder by
    /// its path with a trailing `/`, which is how its folder filters are written (`Archive/`).
    func excludes(_ path: String, isFolder: Bool) -> Bool {
        for rule in rules.reversed() {
            switch rule {
            case .pattern(let pattern):
                if pattern.matches(path, isFolder: isFolder) { return !pattern.negated }
            case .folder(let folder):
                if isFolder && path == folder { return true }
            case .prefix(let prefix):
                if (isFolder ? path + "/" : path).hasPrefix(prefix) { return true }
            case .expression(let expression):
                let subject = isFolder ? path + "/" : path
                let range = NSRange(subject.startIndex..., in: subject)
                if expression.firstMatch(in: subject, range: range) != nil { return true }
            }
        }
        return false
    }
}

/// What kb reads of an Obsidian vault's `.obsidian/` folder: only what Obsidian is told to leave
/// out of the vault, and where the templates live, so that template notes full of `<%* … %>` are
/// not published. Nothing else of it is read, and it is never content.
enum ObsidianVault {
    static func rules(root: URL, displayName: String) -> (rules: [Exclusions.Rule], diagnostics: [Diagnostic]) {
        var info = stat()
        guard lstat(root.path + "/.obsidian", &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return ([], []) }
        var rules: [Exclusions.Rule] = []
        var diagnostics: [Diagnostic] = []

        func settings(_ path: String) -> (object: [String: Any], display: String)? {
            let display = displayName + "/" + path
            guard FileManager.default.fileExists(atPath: root.path + "/" + path) else { return nil }
            guard let data = FileManager.default.contents(atPath: root.path + "/" + path) else {
                diagnostics.append(.warning(display, "cannot read this Obsidian setting; it is ignored"))
                return nil
            }
            let parsed: Any
            do {
                parsed = try JSONSerialization.jsonObject(with: data)
            } catch {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
                diagnostics.append(
                    .warning(display, "not valid JSON\(detail.map { " (\($0))" } ?? ""); the setting is ignored"))
                return nil
            }
            guard let object = parsed as? [String: Any] else {
                diagnostics.append(.warning(display, "must hold a JSON object; the setting is ignored"))
                return nil
            }
            return (object, display)
        }

        /// A folder named in a setting, as Obsidian stores it (`Templates`, `Meta/Templates/`).
        func folder(_ object: [String: Any], key: String, display: String) {
            guard let value = object[key] else { return }
            guard let text = value as? String else {
                diagnostics.append(.warning(display, "\"\(key)\" must be a folder's path; it is ignored"))
                return
            }
            let path = text.split(separator: "/").joined(separator: "/")
            // "" and "/" name the vault itself (Templater's default is ""): leaving out the whole vault
            // is never what is meant.
            if !path.isEmpty { rules.append(.folder(path)) }
        }

        if let (app, display) = settings(".obsidian/app.json"), let filters = app["userIgnoreFilters"] {
            if let filters = filters as? [Any] {
                for filter in filters {
                    guard let filter = filter as? String else {
                        diagnostics.append(
                            .warning(display, "\"userIgnoreFilters\" holds something that is not text; it is ignored"))
                        continue
                    }
                    if filter.count > 2 && filter.hasPrefix("/") && filter.hasSuffix("/") {
                        do {
                            rules.append(
                                .expression(try NSRegularExpression(pattern: String(filter.dropFirst().dropLast()))))
                        } catch {
                            diagnostics.append(
                                .warning(
                                    display,
                                    "\"\(filter)\" in \"userIgnoreFilters\" is not a regular expression; it is ignored")
                            )
                        }
                    } else if filter.hasSuffix("/") {
                        rules.append(.folder(String(filter.dropLast())))
                    } else if !filter.isEmpty {
                        rules.append(.prefix(filter))
                    }
                }
            } else {
                diagnostics.append(.warning(display, "\"userIgnoreFilters\" must be a list of texts; it is ignored"))
            }
        }
        if let (templates, display) = settings(".obsidian/templates.json") {
            folder(templates, key: "folder", display: display)
        }
        if let (templater, display) = settings(".obsidian/plugins/templater-obsidian/data.json") {
            folder(templater, key: "templates_folder", display: display)
        }
        return (rules, diagnostics)
    }
}
