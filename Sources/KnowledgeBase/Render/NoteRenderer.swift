import Markdown

/// Renders note bodies: wikilinks and mentions become link elements in the cmark tree, then
/// cmark writes the HTML. One renderer serves every note, from any number of tasks.
public struct NoteRenderer: Sendable {
    public let index: EntityIndex
    let options: MarkdownOptions
    let mentions: MentionMatcher?
    let labels: Labels

    public init(index: EntityIndex, settings: SiteSettings) {
        self.index = index
        options = MarkdownOptions(rawHTML: settings.rawHTML)
        labels = Labels.forLanguage(settings.language)
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
        rendered.diagnostics =
            source.diagnostics + rendered.diagnostics
            + rendered.unresolved.map { $0.diagnostic(file: file.displayPath, suggestions: []) }
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
    /// The folder of the note, against which relative links are read.
    let folder: String
    var links: [OutgoingLink] = []
    var anchors: [AnchorReference] = []
    var diagnostics: [Diagnostic] = []
    /// Notes already linked from this body: mentions link only a note's first occurrence.
    var linked: Set<Int> = []
    var unresolved: [UnresolvedLink] = []
    /// The last position `location(of:)` found: line, byte in the line, column.
    var lastColumn: (line: Int, byte: Int, column: Int)?
    /// Names already reported as meaning several notes.
    var reportedAlternatives: Set<String> = []
    lazy var excludedMentions: Set<String> = Set(note.excludedMentions.map(NameKey.make))

    var index: EntityIndex { renderer.index }

    init(renderer: NoteRenderer, note: Note, position: Int?, page: String) {
        self.renderer = renderer
        self.note = note
        self.position = position
        self.page = page
        folder = position.map { renderer.index.folderOfNote[$0] } ?? ""
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
            document.rewriteLinks { link in rewrite(link) }
            headings += document.prepareForWeb(ids: &ids)
            html += document.html()
            text += document.text()
        }
        return RenderedNote(
            html: html, text: text, headings: headings, links: links, anchors: anchors, properties: properties,
            unresolved: unresolved, diagnostics: diagnostics)
    }

    // MARK: Relations

    private mutating func renderProperties() -> [PropertyRow] {
        note.properties.map { property in
            let values = property.values.enumerated().map { number, value -> PropertyRow.Value in
                let place = property.location(ofValue: number)
                switch value {
                case .text(let text):
                    return PropertyRow.Value(text: text, target: nil, isBroken: false)
                case .link(let link):
                    let label = link.label ?? link.target
                    guard let target = resolveNote(link.target) else {
                        reportUnresolved(link.target, at: place)
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
        let resolution = index.resolve(wikilink.target, from: folder)
        switch resolution.target {
        case .asset(let asset):
            let src = URLPath.relative(from: page, to: asset)
            if wikilink.isEmbed && Self.isImage(asset) {
                let alt = wikilink.label ?? String(asset.split(separator: "/").last ?? "")
                return .html("<img src=\"\(src.htmlEscaped)\" alt=\"\(alt.htmlEscaped)\" loading=\"lazy\">")
            }
            return .element(open: "<a class=\"wikilink file\" href=\"\(src.htmlEscaped)\">", text: label, close: "</a>")
        case .folder(let path):
            let name = wikilink.label ?? String(path.split(separator: "/").last ?? "")
            if let target = index.folderNotes[path] { record(target) }
            return .element(
                open: "<a class=\"wikilink folder\" href=\"\(folderHref(path).htmlEscaped)\">", text: name,
                close: "</a>")
        case .note(let target):
            let url = link(to: target, heading: wikilink.heading, resolution, written: wikilink.target, at: point)
            return .element(open: "<a class=\"wikilink\" href=\"\(url.htmlEscaped)\">", text: label, close: "</a>")
        case nil:
            reportUnresolved(wikilink.target, at: location(of: point), embed: wikilink.isEmbed)
            return .element(open: unwrittenOpen(wikilink.target), text: label, close: "</span>")
        }
    }

    /// A Markdown link or image to a file of the content folder, `[x](Other%20Note.md#Heading)`
    /// or `![](../images/a.png)`, now leads to its page or its copy, as Obsidian reads it: by path
    /// from the note's folder, else by name anywhere. Links to the web and within the page stay.
    private mutating func rewrite(_ link: LinkNode) -> LinkRewrite? {
        guard let local = LocalLink(link.url) else { return nil }
        let point = SourcePoint(line: link.line, byteColumn: link.byteColumn)
        if link.isImage || !local.isNote {
            let asset =
                index.asset(named: "./" + local.path, from: folder) ?? index.asset(named: local.path, from: folder)
            if let asset { return .url(URLPath.relative(from: page, to: asset) + local.rawFragment) }
            // `![](Other.md)` embeds a note in Obsidian; until embeds render, it links to it.
            if link.isImage && !local.isNote {
                reportUnresolved(local.path, at: location(of: point), embed: true)
                return nil
            }
        }
        var resolution = index.resolve("./" + local.path, from: folder)
        if resolution.target == nil { resolution = index.resolve(local.path, from: folder) }
        switch resolution.target {
        case .note(let target):
            let url = self.link(to: target, heading: local.heading, resolution, written: local.path, at: point)
            return link.isImage
                ? .unwrap(open: "<a class=\"wikilink\" href=\"\(url.htmlEscaped)\">", close: "</a>") : .url(url)
        case .folder(let path): return .url(folderHref(path))
        case .asset(let asset): return .url(URLPath.relative(from: page, to: asset))
        case nil:
            reportUnresolved(local.path, at: location(of: point), embed: !local.isNote)
            // A link to a note must not lead to a `.md` file that is not published; any other
            // path may be one the site's server has, and stays.
            return local.isNote ? .unwrap(open: unwrittenOpen(local.path), close: "</span>") : nil
        }
    }

    /// The URL of a link to `target` (at `heading`), recorded for backlinks and the heading check.
    private mutating func link(
        to target: Int, heading: String?, _ resolution: NameTable.Resolution, written: String, at point: SourcePoint
    ) -> String {
        reportAlternatives(resolution, written: written, at: point)
        if let heading {
            anchors.append(AnchorReference(target: target, heading: heading, location: location(of: point)))
        }
        record(target)
        return href(target) + (heading.map { "#" + HeadingIDs.base(for: $0) } ?? "")
    }

    /// A link to another note, for its backlinks; it is then not mentioned again.
    private mutating func record(_ target: Int) {
        guard target != position else { return }
        linked.insert(target)
        links.append(OutgoingLink(target: target, kind: .link, excerpt: ""))
    }

    /// A name that several notes answer to equally: a warning that names them, once per name.
    private mutating func reportAlternatives(_ resolution: NameTable.Resolution, written: String, at point: SourcePoint)
    {
        guard resolution.alternatives.count > 1, reportedAlternatives.insert(written).inserted else { return }
        let files = resolution.alternatives.map { index.notes[$0].file }
        let place = location(of: point)
        diagnostics.append(
            .warning(
                note.file, line: place.line, column: place.column,
                "\"\(written)\" could mean " + files.map { "\"\($0)\"" }.joined(separator: " or ")
                    + "; it leads to the first. Write its folder too to choose"))
    }

    /// A relation's target, read from the note's folder as its links are.
    private func resolveNote(_ name: String) -> Int? {
        if case .note(let target)? = index.resolve(name, from: folder).target { return target }
        return nil
    }

    /// How a link to a note not written yet shows: as text, marked, as Obsidian shows one.
    private func unwrittenOpen(_ name: String) -> String {
        "<span class=\"unwritten\" title=\"\(renderer.labels.notWrittenYet.htmlEscaped): \(name.htmlEscaped)\">"
    }

    private func folderHref(_ folder: String) -> String {
        let page = index.folderNotes[folder].map { index.pages[$0] } ?? index.folders[folder] ?? "index.html"
        return URLPath.relative(from: self.page, to: page)
    }

    static func isImage(_ path: String) -> Bool {
        let name = path.lowercased()
        return [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp"].contains { name.hasSuffix($0) }
    }

    private mutating func reportUnresolved(_ name: String, at location: SourceLocation, embed: Bool = false) {
        unresolved.append(UnresolvedLink(name: name, location: location, isFile: embed))
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
        // Scalars are counted from the last position asked for on the same line, when it lies
        // before this one: a line of 100,000 broken links would otherwise be counted from its
        // start 100,000 times.
        let utf8 = note.body.utf8
        let byte = max(point.byteColumn - 1, 0)
        var (from, column) = (0, 1)
        if let last = lastColumn, last.line == point.line, last.byte <= byte {
            (from, column) = (last.byte, last.column)
        }
        let lineStart = utf8.index(utf8.startIndex, offsetBy: lineStarts[point.line - 1])
        let start = utf8.index(lineStart, offsetBy: from, limitedBy: utf8.endIndex) ?? utf8.endIndex
        let end = utf8.index(lineStart, offsetBy: byte, limitedBy: utf8.endIndex) ?? utf8.endIndex
        column += utf8[start..<end].count { $0 & 0xC0 != 0x80 }
        lastColumn = (point.line, byte, column)
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

/// A Markdown link's URL when it names a file of the content folder: no scheme, not
/// protocol-relative, not only a fragment. Its path is percent-decoded, as Obsidian writes
/// `Other%20Note.md`.
struct LocalLink {
    var path: String
    /// The fragment as written, `#…` or empty, and decoded as a heading, if any.
    var rawFragment: String
    var heading: String?
    var isNote: Bool { path.lowercased().hasSuffix(".md") }

    init?(_ url: String) {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("//") else { return nil }
        let beforeSlash = url.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if beforeSlash.contains(":") { return nil }
        var rest = Substring(url)
        rawFragment = ""
        if let hash = rest.firstIndex(of: "#") {
            rawFragment = String(rest[hash...])
            rest = rest[..<hash]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        guard !rest.isEmpty else { return nil }
        path = String(rest).removingPercentEncoding ?? String(rest)
        let fragment = rawFragment.dropFirst()
        let decoded = String(fragment).removingPercentEncoding ?? String(fragment)
        // `#Section#Subsection` as in wikilinks: the last one is the heading meant.
        heading = decoded.split(separator: "#").last.map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}
