import Markdown
import Yams

/// Reads YAML into Yams nodes and turns their marks into file positions.
struct YAMLReader {
    let file: String
    /// The line of the file on which the YAML starts.
    let firstLine: Int
    var diagnostics: [Diagnostic] = []

    init(file: String, firstLine: Int) {
        self.file = file
        self.firstLine = firstLine
    }

    /// The top-level map as ordered pairs, or nil (with a diagnostic) when the YAML is broken or
    /// not a map.
    mutating func mapping(_ yaml: String) -> [(key: String, value: Node, location: SourceLocation)]? {
        let root: Node?
        do {
            // kb reads every scalar as text, so Yams need not resolve implicit tags (a regular
            // expression per scalar). The encoding is given because Yams' default reads the whole
            // environment on every call; both were a quarter of parsing.
            root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            diagnose(error, yaml: yaml)
            return nil
        } catch {
            diagnostics.append(.error(file, line: firstLine, "cannot read the YAML: \(error)"))
            return nil
        }
        guard let root else { return [] }
        guard case .mapping(let mapping) = root else {
            diagnostics.append(.error(file, line: firstLine, "front matter must be a map of keys to values"))
            return nil
        }
        var pairs: [(String, Node, SourceLocation)] = []
        var seen: [String: SourceLocation] = [:]
        for (keyNode, value) in mapping {
            let location = self.location(of: keyNode)
            guard let key = keyNode.scalar.map({ clean($0.string, at: keyNode) }) else {
                diagnostics.append(
                    .error(file, line: location.line, column: location.column, "a key must be plain text"))
                continue
            }
            if let first = seen[key] {
                diagnostics.append(
                    .error(
                        file, line: location.line, column: location.column,
                        "duplicate key \"\(key)\" (first at line \(first.line))"))
                continue
            }
            seen[key] = location
            pairs.append((key, value, location))
        }
        return pairs
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(line: firstLine, column: 1) }
        return SourceLocation(line: firstLine + mark.line - 1, column: mark.column)
    }

    /// A scalar as text; lists and maps are reported.
    mutating func text(_ node: Node, key: String) -> String? {
        if let scalar = node.scalar { return clean(scalar.string, at: node) }
        report(node, "\"\(key)\" must be text")
        return nil
    }

    /// A scalar or a list of scalars.
    mutating func texts(_ node: Node, key: String) -> [String] {
        switch node {
        case .scalar(let scalar):
            return scalar.string.isEmpty ? [] : [clean(scalar.string, at: node)]
        case .sequence(let sequence) where sequence.allSatisfy({ $0.scalar != nil }):
            return sequence.compactMap { item in item.scalar.map { clean($0.string, at: item) } }
        default:
            report(node, "\"\(key)\" must be text or a list of texts")
            return []
        }
    }

    /// A list, or one text that may hold several separated by commas, as Obsidian writes
    /// `tags: a, b` and `aliases: x, y`; a leading `#` on a tag is its writer's, not its name's.
    mutating func names(_ node: Node, key: String, dropHash: Bool = false) -> [(String, SourceLocation)] {
        let items: [Node] = if case .sequence(let sequence) = node { Array(sequence) } else { [node] }
        var names: [(String, SourceLocation)] = []
        for item in items {
            // `- [[x]]` unquoted is a list in a list: the text of its one item is meant.
            let texts: [String] =
                switch item {
                case .scalar(let scalar):
                    node.scalar != nil ? scalar.string.split(separator: ",").map(String.init) : [scalar.string]
                case .sequence(let inner) where inner.count == 1 && inner.first?.scalar != nil:
                    [inner.first!.scalar!.string]
                default: []
                }
            if texts.isEmpty && item.scalar == nil {
                report(item, "\"\(key)\" must be text or a list of texts; this item is left out", severity: .warning)
            }
            for text in texts {
                var name = clean(text, at: item).trimmingSpaces
                if dropHash, name.hasPrefix("#") { name = String(name.dropFirst()).trimmingSpaces }
                if !name.isEmpty { names.append((name, location(of: item))) }
            }
        }
        return names
    }

    /// YAML escapes (`"\x07"`, `"\uFFFE"`) can make control characters and noncharacters that
    /// no HTML or XML page should hold: they become U+FFFD, with a warning, as in `SourceText`.
    private mutating func clean(_ text: String, at node: Node) -> String {
        let scalars = text.unicodeScalars
        guard scalars.contains(where: { SourceText.isForbiddenControl($0) || SourceText.isNoncharacter($0) }) else {
            return text
        }
        if scalars.contains(where: SourceText.isForbiddenControl) {
            report(node, "control characters replaced with U+FFFD", severity: .warning)
        }
        if scalars.contains(where: SourceText.isNoncharacter) {
            report(node, "noncharacters replaced with U+FFFD", severity: .warning)
        }
        return SourceText.replacingForbidden(text)
    }

    mutating func bool(_ node: Node, key: String) -> Bool? {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(node, "\"\(key)\" must be true or false")
            return nil
        }
    }

    /// `raw_html`. `true` was once the only way to show any raw HTML, scripts included; it now
    /// means the sanitizer, so that what its sites showed of `<kbd>` or `<details>` stays, and
    /// running the author's scripts is a choice made by writing `trusted`.
    mutating func rawHTML(_ node: Node) -> MarkdownOptions.RawHTML? {
        switch node.scalar?.string.lowercased() {
        case "false", "no", "off", "omitted": return .omitted
        case "true", "yes", "on", "sanitized": return .sanitized
        case "trusted": return .trusted
        default:
            report(node, "\"raw_html\" must be sanitized (or true), false or trusted")
            return nil
        }
    }

    mutating func report(_ node: Node, _ message: String, severity: Diagnostic.Severity = .error) {
        let location = location(of: node)
        diagnostics.append(Diagnostic(severity, file, line: location.line, column: location.column, message))
    }

    private mutating func diagnose(_ error: YamlError, yaml: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            diagnostics.append(
                .error(file, line: firstLine + mark.line - 1, column: mark.column, "bad YAML: \(detail)"))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the map; the line a reader needs is the key's second appearance.
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            for key in duplicates {
                let indent = String(repeating: " ", count: context.mark.column - 1)
                let second = lines.indices.filter { lines[$0].hasPrefix(indent + key + ":") }.dropFirst().first
                diagnostics.append(
                    .error(
                        file, line: firstLine + (second ?? context.mark.line - 1), column: context.mark.column,
                        "duplicate key \"\(key)\""))
            }
        default:
            diagnostics.append(.error(file, line: firstLine, "bad YAML: \(error)"))
        }
    }
}
