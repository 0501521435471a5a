import Markdown

extension BodyRendering {
    /// A canvas as HTML that reads without JavaScript: a board the size of the canvas, each node
    /// a box placed where the canvas puts it (text nodes through the same Markdown path as a
    /// note's body, file nodes as embeds, links as cards, groups as labelled frames), the edges
    /// one SVG beneath the nodes and above the groups. `assets/canvas.js` adds zoom and pan.
    mutating func renderCanvas(_ canvas: CanvasDocument) -> RenderedNote {
        let layout = CanvasLayout(canvas)
        let labels = renderer.labels
        var groups = ""
        var boxes = ""
        var text: [String] = []
        for (number, node) in canvas.nodes.enumerated() {
            let frame = layout.frame(of: node)
            let style =
                "left:\(frame.x)px;top:\(frame.y)px;width:\(frame.width)px;height:\(frame.height)px"
                + Self.colorStyle(node.color)
            let point = SourcePoint(line: node.place.line, byteColumn: node.place.byteColumn)
            switch node.content {
            case .group(let label, let background, let backgroundStyle):
                var inner = ""
                if let background, case .asset(let asset)? = index.resolve(background, from: folder).target {
                    let src = URLPath.relative(from: page, to: asset)
                    inner +=
                        "<img class=\"canvas-background \(backgroundStyle.rawValue)\" src=\"\(src.htmlEscaped)\" alt=\"\">"
                } else if let background {
                    reportUnresolved(background, at: location(of: point), embed: true)
                }
                if let label {
                    inner += "<p class=\"canvas-group-label\">\(label.htmlEscaped)</p>"
                    text.append(label)
                }
                groups += Self.box("group", node.color, style, inner)
            case .text(let markdown):
                let body = renderText(markdown, number: number, at: point)
                text.append(body.text)
                boxes += Self.box(
                    "text", node.color, style, "<div class=\"canvas-node-body\" tabindex=\"0\">\n\(body.html)</div>")
            case .file(let path, let subpath):
                let shown = html(of: piece(for: Wikilink(target: path, heading: subpath, isEmbed: true), at: point))
                text.append(String(path.split(separator: "/").last ?? ""))
                boxes += Self.box(
                    "file", node.color, style, "<div class=\"canvas-node-body\" tabindex=\"0\">\n\(shown)</div>")
            case .link(let written):
                let inner: String
                if let url = HTMLSanitizer.linkURL(written) {
                    inner = "<a class=\"canvas-link-card\" href=\"\(url.htmlEscaped)\">\(url.htmlEscaped)</a>"
                } else {
                    if embedPath.count <= 1 {
                        let place = location(of: point)
                        diagnostics.append(
                            .warning(
                                note.file, line: place.line, column: place.column,
                                "node \"\(node.id)\" links to \"\(written)\", which a page may not link to; shown as text"
                            ))
                    }
                    inner = "<span class=\"canvas-link-card\">\(written.htmlEscaped)</span>"
                }
                text.append(written)
                boxes += Self.box("link", node.color, style, inner)
            }
        }
        var edges = ""
        var edgeLabels = ""
        for edge in canvas.edges {
            guard let curve = layout.curve(for: edge) else { continue }
            edges +=
                "<g class=\"canvas-edge\(Self.colorClass(edge.color))\"\(Self.colorAttribute(edge.color))>"
                + "<path d=\"\(curve.path)\"/>" + curve.arrows.map { "<polygon points=\"\($0)\"/>" }.joined() + "</g>"
            if let label = edge.label {
                edgeLabels +=
                    "<span class=\"canvas-edge-label\(Self.colorClass(edge.color))\"\(Self.colorAttribute(edge.color, leading: "left:\(Int(curve.middle.x.rounded()))px;top:\(Int(curve.middle.y.rounded()))px"))>\(label.htmlEscaped)</span>"
                text.append(label)
            }
        }
        // Everything the canvas links to is a backlink of the kind "canvas" on its page.
        if embedPath.count <= 1 {
            for number in links.indices where [.link, .embed, .mention].contains(links[number].kind) {
                links[number].kind = .canvas
            }
        }
        let size = "width:\(layout.width)px;height:\(layout.height)px"
        let html =
            "<div class=\"canvas\" role=\"region\" aria-label=\"\(note.title.text.htmlEscaped)\" tabindex=\"0\""
            + " data-zoom-in=\"\(labels[.canvasZoomIn].htmlEscaped)\" data-zoom-out=\"\(labels[.canvasZoomOut].htmlEscaped)\""
            + " data-zoom-reset=\"\(labels[.canvasZoomReset].htmlEscaped)\">\n"
            + "<div class=\"canvas-board\" style=\"\(size)\">\n" + groups
            + "<svg class=\"canvas-edges\" width=\"\(layout.width)\" height=\"\(layout.height)\" viewBox=\"0 0 \(layout.width) \(layout.height)\" aria-hidden=\"true\">"
            + edges + "</svg>\n" + boxes + edgeLabels + "</div>\n</div>\n"
        showsCanvas = true
        return rendering(html: html, text: text.joined(separator: "\n"), headings: [], properties: [])
    }

    /// A text node's Markdown, rendered as a body of this canvas's note (its links lead from the
    /// canvas's page and are the canvas's); what goes wrong in it is reported at the node, since
    /// the text's own lines are all on one line of the JSON.
    private mutating func renderText(_ markdown: String, number: Int, at point: SourcePoint) -> RenderedNote {
        let place = location(of: point)
        var textNote = Note(id: note.id, file: note.file, title: note.title, body: markdown, bodyLine: 1)
        textNote.linksMentions = note.linksMentions
        textNote.excludedMentions = note.excludedMentions
        var nested = BodyRendering(renderer: renderer, note: textNote, position: position, page: page)
        nested.embedPath = embedPath
        nested.linked = linked
        nested.embedded = embedded
        nested.headingPrefix = headingPrefix + "canvas-\(number + 1)-"
        nested.queries = queries
        var body = nested.run(markdown)
        linked = nested.linked
        showsCanvas = showsCanvas || body.showsCanvas
        queries = body.queries.enumerated().map { number, query in
            var query = query
            if number >= queries.count, query.location != nil { query.location = place }
            return query
        }
        links += body.links
        anchors += body.anchors.map { AnchorReference(target: $0.target, heading: $0.heading, location: place) }
        unresolved += body.unresolved.map { UnresolvedLink(name: $0.name, location: place, isFile: $0.isFile) }
        diagnostics += body.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            (diagnostic.line, diagnostic.column) = (place.line, place.column)
            return diagnostic
        }
        for tag in body.tags where tagKeys.insert(NameKey.make(tag.name)).inserted { tags.append(tag) }
        embedded.formUnion(body.embedded)
        formulas += body.formulas.map { NoteFormula(formula: $0.formula, location: $0.location.map { _ in place }) }
        codeBlocks += body.codeBlocks.map { NoteCodeBlock(block: $0.block, location: $0.location.map { _ in place }) }
        body.html = Self.prefixingFootnotes(body.html, headingPrefix + "canvas-\(number + 1)-")
        return body
    }

    private func html(of piece: InlinePiece) -> String {
        switch piece {
        case .text(let text): text.htmlEscaped
        case .element(let open, let text, let close): open + text.htmlEscaped + close
        case .html(let html), .block(let html): html
        }
    }

    private static func box(_ kind: String, _ color: CanvasColor?, _ style: String, _ inner: String) -> String {
        "<div class=\"canvas-node canvas-\(kind)\(colorClass(color))\" style=\"\(style)\">\(inner)</div>\n"
    }

    /// A preset colour is a class, so that the stylesheet chooses its shade for light and dark.
    private static func colorClass(_ color: CanvasColor?) -> String {
        if case .preset(let number)? = color { return " canvas-color-\(number)" }
        return color == nil ? "" : " canvas-color"
    }

    /// A hex colour, which `CanvasColor` has checked to be `#` and three or six hex digits.
    private static func colorStyle(_ color: CanvasColor?) -> String {
        if case .hex(let hex)? = color { return ";--canvas-color:\(hex)" }
        return ""
    }

    private static func colorAttribute(_ color: CanvasColor?, leading: String = "") -> String {
        let style = leading + colorStyle(color)
        guard !style.isEmpty else { return "" }
        return " style=\"\(style.hasPrefix(";") ? String(style.dropFirst()) : style)\""
    }
}
