import Markdown

/// Renders note bodies: wikilinks and mentions become link elements in the cmark tree, then
/// cmark writes the HTML. One renderer serves every note, from any number of tasks.
public struct NoteRenderer: Sendable {
    public let index: EntityIndex
    let options: MarkdownOptions
    let mentions: MentionMatcher?

    public init(index: EntityIndex, settings: SiteSettings) {
        self.index = index
        options = MarkdownOptions(rawHTML: settings.rawHTML)
        if settings.linksMentions {
            let names = index.notes.enumerated().flatMap { position, note in
                note.names.filter { !index.ambiguousNames.contains(NameKey.make($0.text)) }
                    .map { (name: $0.text, target: position) }
            }
            mentions = MentionMatcher(names: names, blockedWords: settings.mentionExclusions)
        } else {
            mentions = nil
        }
    }

    /// The note at `position` in the index.
    public func render(_ position: Int) -> RenderedNote {
        let note = index.notes[position]
        var body = BodyRendering(renderer: self, note: note, position: position, page: index.pages[position])
        return body.run(note.body)
    }

    /// Markdown that belongs to no knowledge base (`kb render`): decoded and rendered as a note
    /// body is, with no note to link to.
    public static func fragment(_ file: SourceFile, settings: SiteSettings) -> RenderedNote {
        let source = SourceText(file)
        let (index, _) = EntityIndex.build(notes: [], assets: [])
        var rendered = NoteRenderer(index: index, settings: settings).renderFragment(
            source.text, file: file.displayPath)
        rendered.diagnostics = source.diagnostics + rendered.diagnostics
        return rendered
    }

    /// Markdown that belongs to no note: the same path as a note body, with links resolved
    /// against `index` as if the page sat at the site's root.
    public func renderFragment(_ markdown: String, file: String = "<stdin>") -> RenderedNote {
        let note = Note(
            id: "", file: file, title: NoteName(text: "", location: SourceLocation(line: 1, column: 1)), body: markdown,
            bodyLine: 1)
        var body = BodyRendering(renderer: self, note: note, position: nil, page: "index.html")
        return body.run(markdown)
    }
}

/// The state of one body while it renders.
private struct BodyRendering {
    let renderer: NoteRenderer
    let note: Note
    let position: Int?
    let page: String
    var links: [OutgoingLink] = []
    var anchors: [AnchorReference] = []
    var diagnostics: [Diagnostic] = []
    /// Notes already linked from this body: mentions link only a note's first occurrence.
    var linked: Set<Int> = []
    /// A long note may link to the same missing name many times; the closest names are found once.
    var suggestionsByName: [String: [String]] = [:]
    lazy var excludedMentions: Set<String> = Set(note.excludedMentions.map(NameKey.make))

    var index: EntityIndex { renderer.index }

    init(renderer: NoteRenderer, note: Note, position: Int?, page: String) {
        self.renderer = renderer
        self.note = note
        self.position = position
        self.page = page
        if let position { linked.insert(position) }
    }

    mutating func run(_ markdown: String) -> RenderedNote {
        let properties = renderProperties()
        var html = ""
        var text = ""
        var headings: [Heading] = []
        var ids = HeadingIDs()
        for section in MarkdownSections(markdown) {
            let document = MarkdownDocument(section.text, options: renderer.options, firstLine: section.firstLine)
            document.rewriteText { node in rewrite(node) }
            headings += document.prepareForWeb(ids: &ids)
            html += document.html()
            text += document.text()
        }
        return RenderedNote(
            html: html, text: text, headings: headings, links: links, anchors: anchors, properties: properties,
            diagnostics: diagnostics)
    }

    // MARK: Relations

    private mutating func renderProperties() -> [PropertyRow] {
        note.properties.map { property in
            let values = property.values.map { value -> PropertyRow.Value in
                switch value {
                case .text(let text):
                    return PropertyRow.Value(text: text, target: nil, isBroken: false)
                case .link(let link):
                    let label = link.label ?? link.target
                    guard let target = index.note(named: link.target) else {
                        reportUnresolved(link.target, at: property.location)
                        return PropertyRow.Value(text: label, target: nil, isBroken: true)
                    }
                    if target != position {
                        links.append(OutgoingLink(target: target, kind: .relation, property: property.key, excerpt: ""))
                    }
                    return PropertyRow.Value(text: label, target: target, isBroken: false)
                }
            }
            return PropertyRow(key: property.key, values: values)
        }
    }

    // MARK: Text

    private mutating func rewrite(_ node: TextNode) -> [InlinePiece]? {
        let wikilinks = Wikilink.scan(node.text)
        let mentionsHere = renderer.mentions != nil && note.linksMentions && !node.inHeading
        guard !wikilinks.isEmpty || mentionsHere else { return nil }

        var pieces: [InlinePiece] = []
        var linkStarts: [(piece: Int, link: Int)] = []
        var cursor = node.text.startIndex
        var changed = false
        for (range, wikilink) in wikilinks {
            if mentionsHere, addMentions(in: node.text[cursor..<range.lowerBound], to: &pieces, linkStarts: &linkStarts)
            {
                changed = true
            } else if cursor < range.lowerBound {
                pieces.append(.text(String(node.text[cursor..<range.lowerBound])))
            }
            let byteOffset = node.text.utf8.distance(from: node.text.startIndex, to: range.lowerBound)
            let point = SourcePoint(line: node.line, byteColumn: node.byteColumn + byteOffset)
            let linkCount = links.count
            pieces.append(piece(for: wikilink, at: point))
            if links.count > linkCount { linkStarts.append((pieces.count - 1, linkCount)) }
            cursor = range.upperBound
            changed = true
        }
        if mentionsHere, addMentions(in: node.text[cursor...], to: &pieces, linkStarts: &linkStarts) {
            changed = true
        } else if cursor < node.text.endIndex {
            pieces.append(.text(String(node.text[cursor...])))
        }
        guard changed else { return nil }
        addExcerpts(pieces, linkStarts)
        return pieces
    }

    /// Appends `text` to `pieces` with its mentions linked; false (and nothing appended) when
    /// there is no mention in it.
    private mutating func addMentions(
        in text: Substring, to pieces: inout [InlinePiece], linkStarts: inout [(piece: Int, link: Int)]
    ) -> Bool {
        guard let matcher = renderer.mentions, !text.isEmpty else { return false }
        // Not `Array(text.unicodeScalars)`, which walks the text once to count it and once to copy.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        var found: [(Range<Int>, Int)] = []
        for match in matcher.matches(in: scalars) where !linked.contains(match.target) {
            if !excludedMentions.isEmpty {
                let written = String(scalars: scalars[match.range])
                if excludedMentions.contains(NameKey.make(written)) { continue }
            }
            linked.insert(match.target)
            found.append((match.range, match.target))
        }
        guard !found.isEmpty else { return false }
        var cursor = 0
        for (range, target) in found {
            if cursor < range.lowerBound {
                pieces.append(.text(String(scalars: scalars[cursor..<range.lowerBound])))
            }
            let written = String(scalars: scalars[range])
            linkStarts.append((pieces.count, links.count))
            links.append(OutgoingLink(target: target, kind: .mention, excerpt: ""))
            pieces.append(
                .element(
                    open: "<a class=\"mention\" href=\"\(href(target).htmlEscaped)\">", text: written, close: "</a>"))
            cursor = range.upperBound
        }
        if cursor < scalars.count {
            pieces.append(.text(String(scalars: scalars[cursor...])))
        }
        return true
    }

    private mutating func piece(for wikilink: Wikilink, at point: SourcePoint) -> InlinePiece {
        if wikilink.isEmbed, let asset = index.asset(named: wikilink.target) {
            let alt = wikilink.label ?? String(asset.split(separator: "/").last ?? "")
            let src = URLPath.relative(from: page, to: asset)
            return .html("<img src=\"\(src.htmlEscaped)\" alt=\"\(alt.htmlEscaped)\" loading=\"lazy\">")
        }
        var label = wikilink.label ?? wikilink.target
        if wikilink.label == nil, let heading = wikilink.heading {
            label = wikilink.target.isEmpty ? heading : "\(wikilink.target) › \(heading)"
        }
        let fragment = wikilink.heading.map { "#" + HeadingIDs.base(for: $0) } ?? ""

        if wikilink.target.isEmpty {
            // `[[#Heading]]`: a heading of this very note.
            if let position, let heading = wikilink.heading {
                anchors.append(AnchorReference(target: position, heading: heading, location: location(of: point)))
            }
            return .element(open: "<a class=\"wikilink\" href=\"\(fragment.htmlEscaped)\">", text: label, close: "</a>")
        }
        guard let target = index.note(named: wikilink.target) else {
            reportUnresolved(wikilink.target, at: location(of: point), embed: wikilink.isEmbed)
            return .element(
                open: "<span class=\"broken-link\" title=\"no note named \(wikilink.target.htmlEscaped)\">",
                text: label,
                close: "</span>")
        }
        if let heading = wikilink.heading {
            anchors.append(AnchorReference(target: target, heading: heading, location: location(of: point)))
        }
        if target != position {
            linked.insert(target)
            links.append(OutgoingLink(target: target, kind: .link, excerpt: ""))
        }
        let url = href(target) + fragment
        return .element(open: "<a class=\"wikilink\" href=\"\(url.htmlEscaped)\">", text: label, close: "</a>")
    }

    private mutating func reportUnresolved(_ name: String, at location: SourceLocation, embed: Bool = false) {
        let suggestions = suggestionsByName[name] ?? index.suggestions(for: name)
        suggestionsByName[name] = suggestions
        var message = embed ? "no file or note named \"\(name)\"" : "no note named \"\(name)\""
        if !suggestions.isEmpty {
            message += " (did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: " or ") + "?)"
        }
        diagnostics.append(.warning(note.file, line: location.line, column: location.column, message))
    }

    private func href(_ target: Int) -> String {
        URLPath.relative(from: page, to: index.pages[target])
    }

    /// The text a reader sees around each new link of one text node, for backlinks.
    private mutating func addExcerpts(_ pieces: [InlinePiece], _ linkStarts: [(piece: Int, link: Int)]) {
        guard !linkStarts.isEmpty else { return }
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        for piece in pieces {
            offsets.append(scalars.count)
            switch piece {
            case .text(let string), .element(_, let string, _): scalars += string.unicodeScalars
            case .html: break
            }
        }
        for (piece, link) in linkStarts {
            let start = max(0, offsets[piece] - 40)
            let end = min(scalars.count, offsets[piece] + 80)
            var excerpt = String(scalars: scalars[start..<end]).trimmingSpaces
            if start > 0 { excerpt = "…" + excerpt }
            if end < scalars.count { excerpt += "…" }
            links[link].excerpt = excerpt
        }
    }

    /// Where each line of the body starts, in UTF-8 bytes; made the first time a position is needed.
    lazy var lineStarts: [Int] = {
        var starts = [0]
        for (offset, byte) in note.body.utf8.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        return starts
    }()

    /// A position in the body (cmark's line, byte column) as a position in the file. Only
    /// diagnostics and heading checks need one, so lines are indexed then, not kept.
    private mutating func location(of point: SourcePoint) -> SourceLocation {
        let fileLine = note.bodyLine + point.line - 1
        guard point.line >= 1, point.line <= lineStarts.count else {
            return SourceLocation(line: fileLine, column: point.byteColumn)
        }
        let utf8 = note.body.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[point.line - 1])
        let end =
            utf8.index(start, offsetBy: max(point.byteColumn - 1, 0), limitedBy: utf8.endIndex) ?? utf8.endIndex
        let column = String(decoding: utf8[start..<end], as: UTF8.self).unicodeScalars.count + 1
        return SourceLocation(line: fileLine, column: column)
    }
}

/// Where cmark says a text node starts: line of the body, column in UTF-8 bytes.
private struct SourcePoint {
    var line: Int
    var byteColumn: Int
}

extension String {
    /// Through UTF-8 bytes: `String.UnicodeScalarView(scalars)` appends one scalar at a time
    /// through generic code, and mentions and excerpts cut every text node this way.
    fileprivate init(scalars: ArraySlice<Unicode.Scalar>) {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}
