import Markdown
import Synchronization

/// Renders note bodies: wikilinks and mentions become link elements in the cmark tree, then
/// cmark writes the HTML. One renderer serves every note, from any number of tasks.
public struct NoteRenderer: Sendable {
    public let index: EntityIndex
    let options: MarkdownOptions
    let mentions: MentionMatcher?
    let labels: Labels
    /// Where inline `#tags` link to; a tag it does not know gets the page it would have alone.
    let tagPages: TagPages
    /// Those pages of tags `tagPages` does not know, worked out once per build: spelling a
    /// Chinese tag in pinyin asks ICU, and a vault writes the same tags in thousands of notes.
    private let unknownTagPages = UnknownTagPages()
    /// Embeds within embeds show down to this depth; deeper ones are links.
    static let embedDepth = 4

    public init(index: EntityIndex, settings: SiteSettings, tagPages: TagPages? = nil) {
        self.index = index
        self.tagPages = tagPages ?? TagPages(tags: index.notes.flatMap(\.tags))
        options = MarkdownOptions(rawHTML: settings.rawHTML, iframeHosts: settings.iframeHosts)
        labels = Labels(settings)
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

    func page(forTag tag: String) -> String {
        if let page = tagPages.knownPage(for: tag) { return page }
        let key = NameKey.make(tag)
        if let page = unknownTagPages.pages.withLock({ $0[key] }) { return page }
        let page = tagPages.page(for: tag)
        unknownTagPages.pages.withLock { $0[key] = page }
        return page
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

/// The state of one body while it renders (a canvas's in `BodyRendering+Canvas.swift`).
struct BodyRendering {
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
    var tags: [TagLink] = []
    var tagKeys: Set<String> = []
    var formulas: [NoteFormula] = []
    var codeBlocks: [NoteCodeBlock] = []
    var fields: [InlineField] = []
    /// The query blocks shown, an embedded note's too: marks in the HTML number them.
    var queries: [PendingQuery] = []
    /// For an embedded base, the view its embed names (`![[x.base#View]]`), empty for the first.
    var baseView: String?
    var baseEmbed: SourceLocation?
    /// The notes shown by embeds, and those this body sits in when it is itself embedded: the
    /// note that renders first, then each embedded one down to this.
    var embedded: Set<String> = []
    var embedPath: [(note: Int, part: DocumentPart)]
    /// Why an embed below this one shows as a link (a cycle back to the top note, too deep),
    /// reported once, by the top note, at its own embed.
    var embedTrouble: String?
    var embedCount = 0
    /// This body or one it embeds is a canvas, whose page loads `assets/canvas.js`.
    var showsCanvas = false
    /// For an embedded body, what its heading ids start with, so they never meet the page's.
    var headingPrefix = ""
    lazy var excludedMentions: Set<String> = Set(note.excludedMentions.map(NameKey.make))

    var index: EntityIndex { renderer.index }

    init(renderer: NoteRenderer, note: Note, position: Int?, page: String) {
        self.renderer = renderer
        self.note = note
        self.position = position
        self.page = page
        folder = position.map { renderer.index.folderOfNote[$0] } ?? ""
        embedPath = position.map { [($0, .whole)] } ?? []
        if let position { linked.insert(position) }
    }

    mutating func run(_ markdown: String) -> RenderedNote {
        // Every document has its whole.
        run(markdown, part: .whole)!
    }

    /// The body, or the `part` of it an embed shows; nil when it has no such part.
    mutating func run(_ markdown: String, part: DocumentPart) -> RenderedNote? {
        // A canvas shows whole wherever it is embedded: it has no headings to embed one of.
        if let canvas = note.canvas { return renderCanvas(canvas) }
        let properties = part == .whole && embedPath.count <= 1 ? renderProperties() : []
        var html = ""
        var text = ""
        var headings: [Heading] = []
        var blockIDs: [String] = []
        var tasks: [TaskItem] = []
        var ids = HeadingIDs(prefix: headingPrefix)
        // A part may lie anywhere: its note is parsed whole.
        let sections: [(text: Substring, firstLine: Int)] =
            part == .whole ? MarkdownSections(markdown).map { ($0.text, $0.firstLine) } : [(Substring(markdown), 1)]
        for section in sections {
            let document = MarkdownDocument(section.text, options: renderer.options, firstLine: section.firstLine)
            tasks += holdQueries(document)
            document.renderCallouts { type in
                renderer.labels.calloutTitle(type.rawValue) ?? type.rawValue
            }
            blockIDs += document.assignBlockIDs(prefix: headingPrefix)
            guard document.keepOnly(part) else { return nil }
            document.rewriteText { node in rewrite(node) }
            document.rewriteLinks { link in rewrite(link) }
            document.renderHighlights()
            collectFormulas(document)
            headings += document.prepareForWeb(ids: &ids)
            for placed in document.codeBlocks {
                let place = location(of: SourcePoint(line: placed.line, byteColumn: placed.byteColumn))
                codeBlocks.append(NoteCodeBlock(block: placed.block, location: place))
            }
            html += document.html(backToContent: renderer.labels[.backToContent], task: renderer.labels[.task])
            text += document.text()
        }
        var rendered = rendering(html: html, text: text, headings: headings, properties: properties)
        rendered.blockIDs = blockIDs
        if isHome {
            rendered.fields = fields
            rendered.tasks = tasks.map {
                TaskItem(text: $0.text, completed: $0.completed, line: $0.line + note.bodyLine - 1)
            }
        }
        return rendered
    }

    /// What this body found, around its HTML and text.
    func rendering(html: String, text: String, headings: [Heading], properties: [PropertyRow]) -> RenderedNote {
        var rendered = RenderedNote(
            html: html, text: text, headings: headings, links: links, anchors: anchors, properties: properties,
            unresolved: unresolved, diagnostics: diagnostics)
        rendered.tags = tags
        rendered.embedded = embedded.sorted()
        rendered.formulas = formulas
        rendered.codeBlocks = codeBlocks
        rendered.queries = queries
        rendered.showsCanvas = showsCanvas
        return rendered
    }

    /// The note's own body, not one it embeds: its fields and tasks are its own.
    var isHome: Bool { embedPath.count <= 1 && position != nil }

    /// Query blocks become marks that the Query stage replaces once every note is known;
    /// ` ```dataviewjs ` cannot run in a static build and stays code, with a warning. In the same
    /// walk of the tree, the note's own tasks, which it returns.
    private mutating func holdQueries(_ document: MarkdownDocument) -> [TaskItem] {
        document.replaceQueries(
            languages: ["dataview", "dataviewjs", "base", "bases"], inlinePrefix: "= ", tasks: isHome
        ) { block in
            // Dataview's inline expressions, `= this.rank`, read the note that holds them.
            if block.language == "inline" {
                queries.append(
                    PendingQuery(
                        language: "inline", source: block.source, note: note.id, this: note.id,
                        location: isHome ? location(of: SourcePoint(line: block.line, byteColumn: block.column)) : nil))
                return PendingQuery.mark(queries.count - 1)
            }
            // At the opening fence; a warning inside the query counts its lines from there.
            let place = location(of: SourcePoint(line: block.line - 1, byteColumn: block.column))
            if block.language == "dataviewjs" {
                if embedPath.count <= 1 {
                    diagnostics.append(
                        .warning(
                            note.file, line: place.line, column: place.column,
                            "a dataviewjs block runs JavaScript, which a static build cannot; shown as code"))
                }
                return nil
            }
            queries.append(
                PendingQuery(
                    language: block.language == "bases" ? "base" : block.language, source: block.source, note: note.id,
                    this: baseView != nil ? embedPath.first.map { index.notes[$0.note].id } ?? note.id : note.id,
                    location: isHome ? place : nil,
                    // A base's own page shows every view; an embed or a block, the one named or the first.
                    view: baseView.map { $0.isEmpty ? nil : $0 } ?? (note.isBase ? "*" : nil), embedLocation: baseEmbed)
            )
            return PendingQuery.mark(queries.count - 1)
        }
    }

    /// Before `prepareForWeb`, which makes headings and their formulas HTML.
    private mutating func collectFormulas(_ document: MarkdownDocument) {
        for placed in document.formulas() {
            let place = location(of: SourcePoint(line: placed.line, byteColumn: placed.byteColumn))
            formulas.append(NoteFormula(formula: placed.formula, location: place))
        }
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
        if isHome { fields += InlineField.scan(node.text, startsLine: node.startsLine) }
        var spans = Wikilink.scan(node.text).map {
            (range: $0.range, wikilink: Optional($0.link), tag: InlineTag?.none)
        }
        for tag in InlineTag.scan(node.text, startsLine: node.startsLine)
        where !spans.contains(where: { $0.range.overlaps(tag.range) }) {
            spans.append((tag.range, nil, tag))
        }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        let mentionsHere = renderer.mentions != nil && note.linksMentions && !node.inHeading
        guard !spans.isEmpty || mentionsHere else { return nil }

        var pieces: [InlinePiece] = []
        var linkStarts: [(piece: Int, link: Int)] = []
        var cursor = node.text.startIndex
        var changed = false
        for span in spans {
            let range = span.range
            if mentionsHere, addMentions(in: node.text[cursor..<range.lowerBound], to: &pieces, linkStarts: &linkStarts)
            {
                changed = true
            } else if cursor < range.lowerBound {
                pieces.append(.text(String(node.text[cursor..<range.lowerBound])))
            }
            if let tag = span.tag {
                pieces.append(piece(for: tag))
            } else if let wikilink = span.wikilink {
                let byteOffset = node.text.utf8.distance(from: node.text.startIndex, to: range.lowerBound)
                let point = SourcePoint(line: node.line, byteColumn: node.byteColumn + byteOffset)
                let linkCount = links.count
                pieces.append(piece(for: wikilink, at: point))
                if links.count > linkCount { linkStarts.append((pieces.count - 1, linkCount)) }
            }
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

    /// An inline `#tag`: a link to its page, which lists it with the front matter's tags.
    private mutating func piece(for tag: InlineTag) -> InlinePiece {
        let page = renderer.page(forTag: tag.name)
        if tagKeys.insert(NameKey.make(tag.name)).inserted { tags.append(TagLink(name: tag.name, page: page)) }
        let href = URLPath.relative(from: self.page, to: page)
        return .element(open: "<a class=\"tag\" href=\"\(href.htmlEscaped)\">", text: "#" + tag.name, close: "</a>")
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

    mutating func piece(for wikilink: Wikilink, at point: SourcePoint) -> InlinePiece {
        var label = wikilink.label ?? wikilink.target
        if wikilink.label == nil, let heading = wikilink.heading {
            label = wikilink.target.isEmpty ? heading : "\(wikilink.target) › \(heading)"
        }
        let fragment = wikilink.heading.map { "#" + Self.fragment(for: $0) } ?? ""

        if wikilink.target.isEmpty {
            // `[[#Heading]]`: a heading of this very note.
            if let position, let heading = wikilink.heading {
                anchors.append(AnchorReference(target: position, heading: heading, location: location(of: point)))
            }
            // `![[#^id]]`: a block of this note, shown again here.
            if wikilink.isEmbed, let position, let embedded = embed(position, wikilink, url: fragment, at: point) {
                return embedded
            }
            return .element(open: "<a class=\"wikilink\" href=\"\(fragment.htmlEscaped)\">", text: label, close: "</a>")
        }
        let resolution = index.resolve(wikilink.target, from: folder)
        switch resolution.target {
        case .asset(let asset):
            let src = URLPath.relative(from: page, to: asset)
            if wikilink.isEmbed, let media = MediaEmbed(path: asset, label: wikilink.label, fragment: wikilink.heading)
            {
                return .html(media.html(src: src))
            }
            return .element(open: "<a class=\"wikilink file\" href=\"\(src.htmlEscaped)\">", text: label, close: "</a>")
        case .folder(let path):
            let name = wikilink.label ?? String(path.split(separator: "/").last ?? "")
            if let target = index.folderNotes[path] { record(target) }
            return .element(
                open: "<a class=\"wikilink folder\" href=\"\(folderHref(path).htmlEscaped)\">", text: name,
                close: "</a>")
        case .note(let target):
            let kind: OutgoingLink.Kind = wikilink.isEmbed ? .embed : .link
            let url = link(
                to: target, heading: wikilink.heading, resolution, written: wikilink.target, at: point, kind: kind)
            let linkPiece = InlinePiece.element(
                open: "<a class=\"wikilink\" href=\"\(url.htmlEscaped)\">", text: label, close: "</a>")
            return wikilink.isEmbed ? embed(target, wikilink, url: url, at: point) ?? linkPiece : linkPiece
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
            if link.isImage && !local.isNote {
                reportUnresolved(local.path, at: location(of: point), embed: true)
                return nil
            }
        }
        var resolution = index.resolve("./" + local.path, from: folder)
        if resolution.target == nil { resolution = index.resolve(local.path, from: folder) }
        switch resolution.target {
        case .note(let target):
            let url = self.link(
                to: target, heading: local.heading, resolution, written: local.path, at: point,
                kind: link.isImage ? .embed : .link)
            guard link.isImage else { return .url(url) }
            // `![](Note.md)` embeds the note, as `![[Note]]` does.
            let wikilink = Wikilink(target: local.path, heading: local.heading, isEmbed: true)
            if case .block(let html)? = embed(target, wikilink, url: url, at: point) { return .block(html) }
            return .unwrap(open: "<a class=\"wikilink\" href=\"\(url.htmlEscaped)\">", close: "</a>")
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
        to target: Int, heading: String?, _ resolution: NameTable.Resolution, written: String, at point: SourcePoint,
        kind: OutgoingLink.Kind = .link
    ) -> String {
        reportAlternatives(resolution, written: written, at: point)
        // In a link to a base, `#Name` names one of its views, shown on its page as a section.
        let isBase = index.notes[target].isBase
        if let heading, !isBase {
            anchors.append(AnchorReference(target: target, heading: heading, location: location(of: point)))
        }
        record(target, kind: kind)
        return href(target) + (heading.map { "#" + (isBase ? QueryHTML.viewID($0) : Self.fragment(for: $0)) } ?? "")
    }

    /// A heading's id, or a block's `^id`, whose `^` a URL's fragment must percent-encode (a
    /// browser decodes it to find the element).
    static func fragment(for heading: String) -> String {
        heading.hasPrefix("^") ? "%5E" + heading.dropFirst() : HeadingIDs.base(for: heading)
    }

    /// A link to another note, for its backlinks; it is then not mentioned again.
    private mutating func record(_ target: Int, kind: OutgoingLink.Kind = .link) {
        guard target != position else { return }
        linked.insert(target)
        links.append(OutgoingLink(target: target, kind: kind, excerpt: ""))
    }

    // MARK: Embeds

    /// `![[Note]]`, `![[Note#Heading]]`, `![[Note#^id]]`: that part of the note, rendered for
    /// this page (its links lead where they lead from here, its mentions and footnotes work), in
    /// a box that links to it. Nil, to show the link instead, for a cycle, an embed too deep, or
    /// a heading or block the note lacks (the anchor check reports that one).
    private mutating func embed(_ target: Int, _ wikilink: Wikilink, url: String, at point: SourcePoint)
        -> InlinePiece?
    {
        let targetNote = index.notes[target]
        let part: DocumentPart =
            targetNote.isBase
            ? .whole
            : wikilink.heading.map { $0.hasPrefix("^") ? .block(String($0.dropFirst())) : .section($0) } ?? .whole
        // A part of a note may embed another part of it; only the same part again is a cycle.
        if embedPath.contains(where: { $0.note == target && $0.part == part }) {
            // Only a cycle back to the top note is reported, by that note: any other cycle is
            // reported when the note it returns to renders.
            if embedPath.first?.note == target {
                let path = (embedPath.map(\.note) + [target]).map { index.notes[$0].title.text }
                trouble("embeds itself through " + path.joined(separator: " → "), at: point)
            }
            return nil
        }
        if embedPath.count > NoteRenderer.embedDepth {
            trouble("embeds nest more than \(NoteRenderer.embedDepth) deep", at: point)
            return nil
        }
        embedCount += 1
        var nested = BodyRendering(renderer: renderer, note: targetNote, position: target, page: page)
        nested.embedPath = embedPath + [(target, part)]
        nested.linked.formUnion(embedPath.map(\.note))
        nested.headingPrefix = headingPrefix + "embed-\(embedCount)-"
        nested.queries = queries
        if targetNote.isBase {
            nested.baseView = wikilink.heading ?? ""
            if embedPath.count <= 1 { nested.baseEmbed = location(of: point) }
        }
        guard let body = nested.run(targetNote.body, part: part) else { return nil }
        queries = body.queries
        showsCanvas = showsCanvas || body.showsCanvas
        embedded.insert(targetNote.id)
        embedded.formUnion(body.embedded)
        formulas += body.formulas.map { NoteFormula(formula: $0.formula, location: nil) }
        codeBlocks += body.codeBlocks.map { NoteCodeBlock(block: $0.block, location: nil) }
        if let trouble = nested.embedTrouble { self.trouble(trouble, at: point) }
        var title = targetNote.title.text
        if let heading = wikilink.heading, !heading.hasPrefix("^") { title += " › " + heading }
        return .block(
            "<div class=\"embed\"><p class=\"embed-title\"><a href=\"\(url.htmlEscaped)\">\(title.htmlEscaped)</a></p>"
                + "<div class=\"embed-body\">\n" + Self.prefixingFootnotes(body.html, "embed-\(embedCount)-")
                + "</div></div>")
    }

    /// A cycle or a nesting too deep below an embed: the top note reports it at its own embed.
    private mutating func trouble(_ message: String, at point: SourcePoint) {
        guard embedPath.count <= 1 else {
            if embedTrouble == nil { embedTrouble = message }
            return
        }
        let place = location(of: point)
        diagnostics.append(.warning(note.file, line: place.line, column: place.column, message + "; shown as a link"))
    }

    /// cmark names footnotes by their labels (`fn-1`, `fnref-1`) and has no option to prefix
    /// them, so an embedded note's `[^1]` would meet the page's own: its ids get a prefix here,
    /// in the exact attributes cmark writes.
    static func prefixingFootnotes(_ html: String, _ prefix: String) -> String {
        guard html.containsBytes("data-footnote") else { return html }
        // One pass over the bytes: Foundation's `replacingOccurrences` four times over a long
        // embedded note cost more than rendering it.
        let markers = ["href=\"#fn-", "id=\"fn-", "href=\"#fnref-", "id=\"fnref-"].map { Array($0.utf8) }
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 256)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "h") || bytes[index] == UInt8(ascii: "i"),
                let marker = markers.first(where: { bytes[index...].starts(with: $0) })
            {
                result += marker
                result += prefix.utf8
                index += marker.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
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
        "<span class=\"unwritten\" title=\"\(renderer.labels[.notWrittenYet].htmlEscaped): \(name.htmlEscaped)\">"
    }

    private func folderHref(_ folder: String) -> String {
        let page = index.folderNotes[folder].map { index.pages[$0] } ?? index.folders[folder] ?? "index.html"
        return URLPath.relative(from: self.page, to: page)
    }

    mutating func reportUnresolved(_ name: String, at location: SourceLocation, embed: Bool = false) {
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
            case .html, .block: break
            }
        }
        for (piece, link) in linkStarts {
            let start = max(0, offsets[piece] - 40)
            let end = min(scalars.count, offsets[piece] + 80)
            // Joined as bytes and made a `String` once: appending the last `…` to a `String`
            // doubled its storage, and every link's excerpt is kept to the end of the build.
            var excerpt: [UInt8] = []
            if start > 0 { excerpt += "…".utf8 }
            excerpt += String(scalars: scalars[start..<end]).trimmingSpaces.utf8
            if end < scalars.count { excerpt += "…".utf8 }
            links[link].excerpt = String(decoding: excerpt, as: UTF8.self)
        }
    }

    /// Where each line of the body starts, in UTF-8 bytes; made the first time a position is needed.
    lazy var lineStarts: [Int] = {
        var starts = [0]
        // Over contiguous bytes: a walk of `String.UTF8View` checks its index at every byte.
        var body = note.body
        body.withUTF8 { bytes in
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        }
        return starts
    }()

    /// A position in the body (cmark's line, byte column) as a position in the file. Only
    /// diagnostics and heading checks need one, so lines are indexed then, not kept.
    mutating func location(of point: SourcePoint) -> SourceLocation {
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
struct SourcePoint {
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

/// Shared by every task that renders: a class holding only a `Mutex` is Sendable as it is.
private final class UnknownTagPages: Sendable {
    let pages = Mutex<[String: String]>([:])
}
