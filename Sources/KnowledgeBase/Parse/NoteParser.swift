import Yams

/// Turns a Markdown file into a `Note`: front matter read, body kept as text for the Render stage.
public struct NoteParser: Sendable {
    public init() {}

    public func parse(_ file: SourceFile) -> (note: Note, diagnostics: [Diagnostic]) {
        let source = SourceText(file)
        var diagnostics = source.diagnostics
        let split = FrontMatter.split(source.text)
        if split.unterminated {
            diagnostics.append(.error(file.displayPath, "front matter is not closed: add a line \"---\" after it"))
        }
        let id = String(file.path.prefix(upTo: file.path.lastIndex(of: ".") ?? file.path.endIndex))
        var note = Note(
            id: id, file: file.displayPath, title: NoteName(text: "", location: SourceLocation(line: 1, column: 1)),
            body: split.body, bodyLine: split.bodyLine)

        var reader = YAMLReader(file: file.displayPath, firstLine: split.yamlLine)
        var hasTitle = false
        for (key, value, _) in split.yaml.flatMap({ reader.mapping($0) }) ?? [] {
            switch key {
            case "title":
                if let title = reader.text(value, key: key)?.trimmingSpaces, !title.isEmpty {
                    note.title = NoteName(text: title, location: reader.location(of: value))
                    hasTitle = true
                }
            case "aliases", "alias":
                note.aliases = names(value, key: key, reader: &reader)
            case "type":
                note.type = reader.text(value, key: key)?.trimmingSpaces
            case "tags", "tag":
                note.tags = reader.texts(value, key: key).map(\.trimmingSpaces).filter { !$0.isEmpty }
            case "date", "updated":
                guard let text = reader.text(value, key: key) else { continue }
                guard let date = NoteDate(text.trimmingSpaces) else {
                    reader.report(
                        value, "\"\(key)\" must be a date written YYYY-MM-DD (a time may follow), not \"\(text)\"",
                        severity: .warning)
                    continue
                }
                if key == "date" { note.date = date } else { note.updated = date }
            case "summary", "description":
                note.summary = reader.text(value, key: key)
            case "draft":
                note.draft = reader.bool(value, key: key) ?? false
            case "slug":
                guard let slug = reader.text(value, key: key)?.trimmingSpaces else { continue }
                guard Slug.isValid(slug) else {
                    reader.report(value, "slug \"\(slug)\" may hold only a–z, 0–9, \"-\", \"_\" and \".\"")
                    continue
                }
                note.slug = slug
            case "mentions":
                note.linksMentions = reader.bool(value, key: key) ?? true
            case "no_mentions":
                note.excludedMentions = reader.texts(value, key: key)
            default:
                if let values = propertyValues(value, key: key, reader: &reader) {
                    note.properties.append(Property(key: key, values: values, location: reader.location(of: value)))
                }
            }
        }
        diagnostics += reader.diagnostics

        if !hasTitle {
            note.title = fallbackTitle(&note, fileName: String(id.split(separator: "/").last ?? ""))
        }
        return (note, diagnostics)
    }

    private func names(_ node: Node, key: String, reader: inout YAMLReader) -> [NoteName] {
        let locations: [SourceLocation] =
            if case .sequence(let sequence) = node { sequence.map(reader.location(of:)) } else {
                [reader.location(of: node)]
            }
        return zip(reader.texts(node, key: key), locations).compactMap { text, location in
            let name = text.trimmingSpaces
            return name.isEmpty ? nil : NoteName(text: name, location: location)
        }
    }

    private func propertyValues(_ node: Node, key: String, reader: inout YAMLReader) -> [Property.Value]? {
        // `developer: [[通义]]` without quotes is YAML for a list in a list: read it as the
        // wikilink its writer meant.
        if case .sequence(let outer) = node, outer.count == 1, case .sequence(let inner)? = outer.first,
            inner.count == 1, inner[0].scalar != nil, let name = reader.text(inner[0], key: key)
        {
            return Wikilink(inner: Substring(name)).map { [.link($0)] }
        }
        switch node {
        case .scalar, .sequence:
            return reader.texts(node, key: key).map { text in
                Wikilink(propertyValue: text).map(Property.Value.link) ?? .text(text)
            }
        default:
            reader.report(
                node, "\"\(key)\" must be text, a wikilink or a list of them; nested maps are not shown",
                severity: .warning)
            return nil
        }
    }

    /// Without a `title`: the first `# ` heading, which then leaves the body (the page shows the
    /// title already; the line stays, empty, so positions do not move), else the file name.
    private func fallbackTitle(_ note: inout Note, fileName: String) -> NoteName {
        var lines = note.body.split(separator: "\n", omittingEmptySubsequences: false)
        var inFence = false
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, trimmed.hasPrefix("# ") else { continue }
            var heading = trimmed.dropFirst(2).trimmingSpaces
            while heading.hasSuffix("#") { heading = String(heading.dropLast()).trimmingSpaces }
            guard !heading.isEmpty else { continue }
            lines[index] = ""
            note.body = lines.joined(separator: "\n")
            return NoteName(text: heading, location: SourceLocation(line: note.bodyLine + index, column: 3))
        }
        return NoteName(text: fileName, location: SourceLocation(line: 1, column: 1))
    }
}
