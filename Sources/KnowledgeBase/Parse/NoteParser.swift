import Yams

/// Turns a Markdown file into a `Note`: front matter read, body kept as text for the Render stage.
public struct NoteParser: Sendable {
    public init() {}

    public func parse(_ file: SourceFile) -> (note: Note, diagnostics: [Diagnostic]) {
        let source = SourceText(file)
        var diagnostics = source.diagnostics
        if file.path.lowercased().hasSuffix(".base") { return (Self.base(file, source.text), diagnostics) }
        if file.path.lowercased().hasSuffix(".canvas") {
            let (canvas, canvasDiagnostics) = CanvasDocument.parse(source.text, file: file.displayPath)
            var note = Self.named(file, body: source.text, bodyLine: 1)
            note.canvas = canvas
            return (note, diagnostics + canvasDiagnostics)
        }
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
        var createdDate: NoteDate?
        var modifiedDate: NoteDate?
        for (key, value, _) in split.yaml.flatMap({ reader.mapping($0) }) ?? [] {
            switch key {
            case "title":
                if let title = reader.text(value, key: key)?.trimmingSpaces, !title.isEmpty {
                    note.title = NoteName(text: title, location: reader.location(of: value))
                    hasTitle = true
                }
            case "aliases", "alias":
                note.aliases = reader.names(value, key: key).map { NoteName(text: $0.0, location: $0.1) }
            case "type":
                note.type = reader.text(value, key: key)?.trimmingSpaces
            case "tags", "tag":
                // Tags compare ignoring case; the first spelling stays.
                var seen: Set<String> = []
                note.tags = reader.names(value, key: key, dropHash: true).map(\.0).filter {
                    seen.insert($0.lowercased()).inserted
                }
            case "cssclasses", "cssclass", "cssClasses":
                note.cssClasses = reader.names(value, key: key).map(\.0).flatMap {
                    $0.split(separator: " ").map(String.init)
                }
                .filter { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }
            case "permalink":
                guard let text = reader.text(value, key: key)?.trimmingSpaces else { continue }
                // Obsidian Publish's `permalink: /` is the home page.
                if text == "/" {
                    note.permalink = "index"
                    continue
                }
                let segments = text.split(separator: "/").map(String.init)
                guard !segments.isEmpty, segments.allSatisfy(Slug.isValidPermalinkSegment) else {
                    reader.report(
                        value, "permalink \"\(text)\" may hold only letters, digits, \"-\", \"_\", \".\" and \"/\"",
                        severity: .warning)
                    continue
                }
                note.permalink = segments.joined(separator: "/")
            case "publish":
                if reader.bool(value, key: key) == false { note.draft = true }
            case "created", "date created", "modified", "date modified", "updated", "date":
                guard let text = reader.text(value, key: key) else { continue }
                guard let date = NoteDate(text.trimmingSpaces) else {
                    reader.report(
                        value, "\"\(key)\" must be a date written YYYY-MM-DD (a time may follow), not \"\(text)\"",
                        severity: .warning)
                    continue
                }
                // Obsidian's own `created` and `modified` stand in for kb's `date` and `updated`.
                switch key {
                case "date": note.date = date
                case "created", "date created": createdDate = createdDate ?? date
                case "updated": note.updated = date
                default: modifiedDate = modifiedDate ?? date
                }
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
                    var property = Property(key: key, values: values, location: reader.location(of: value))
                    // Each item of a list at its own place, so that a broken link in it is found.
                    if case .sequence(let items) = value, items.count == values.count {
                        property.valueLocations = items.map(reader.location(of:))
                    }
                    note.properties.append(property)
                }
            }
        }
        diagnostics += reader.diagnostics
        note.date = note.date ?? createdDate
        note.updated = note.updated ?? modifiedDate

        if !hasTitle {
            note.title = fallbackTitle(&note, id: id)
        }
        return (note, diagnostics)
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

    /// Without a `title`: an H1 that is the body's first block, which then leaves the body (the
    /// page shows the title already; the line stays, empty, so positions do not move), else the
    /// file name, as Obsidian and Quartz name a note. A folder's `index.md` or `README.md` is
    /// named after its folder.
    private func fallbackTitle(_ note: inout Note, id: String) -> NoteName {
        // Bytes up to the first line that is not blank: splitting a long body into lines was a
        // fifth of parsing.
        let utf8 = note.body.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 0
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let line = utf8[lineStart..<lineEnd]
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
                lineNumber += 1
                continue
            }
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            let trimmed = Substring(line.dropFirst(indent))
            if indent < 4, trimmed.hasPrefix("# ") || trimmed == "#" {
                var heading = trimmed.dropFirst(1).trimmingSpaces
                // A closing sequence of `#`s must follow a space to be one (CommonMark).
                if let last = heading.lastIndex(where: { $0 != "#" }), heading[last] == " " || heading[last] == "\t" {
                    heading = String(heading[...last]).trimmingSpaces
                } else if heading.allSatisfy({ $0 == "#" }) {
                    heading = ""
                }
                if !heading.isEmpty {
                    note.body = String(note.body[..<lineStart]) + String(note.body[lineEnd...])
                    return NoteName(
                        text: heading, location: SourceLocation(line: note.bodyLine + lineNumber, column: indent + 3))
                }
            }
            break
        }
        let parts = id.split(separator: "/")
        var name = String(parts.last ?? "")
        if parts.count > 1, ["index", "readme"].contains(name.lowercased()) { name = String(parts[parts.count - 2]) }
        return NoteName(text: name, location: SourceLocation(line: 1, column: 1))
    }

    /// A `.base` file: a note whose body is the base as one ` ```base ` block, so that it runs
    /// where every query runs. Its id and title keep `.base`, as Obsidian names it in links
    /// (`![[Models.base]]`), and never meet a note of the same name.
    static func base(_ file: SourceFile, _ text: String) -> Note {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        // The fence sits on line 0, so that the base's own lines keep their numbers in warnings.
        return named(
            file, body: fence + "base\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence + "\n", bodyLine: 0)
    }

    /// A base's or a canvas's note: id and title keep the extension, as Obsidian names them in
    /// links (`![[Models.base]]`, `[[Board.canvas]]`), and never meet a note of the same name.
    static func named(_ file: SourceFile, body: String, bodyLine: Int) -> Note {
        let name = String(file.path.split(separator: "/").last ?? "")
        return Note(
            id: file.path, file: file.displayPath,
            title: NoteName(text: name, location: SourceLocation(line: 1, column: 1)), body: body, bodyLine: bodyLine)
    }
}
