import CCmarkGFM

/// The callout types Obsidian draws, each with its own colour and icon; MkDocs Material's
/// admonitions use the same names.
public enum CalloutType: String, Sendable, CaseIterable {
    case note, abstract, info, todo, tip, success, question, warning, failure, danger, bug, example, quote

    /// The type a name written in `[!name]` stands for, in any case, aliases included; nil for a
    /// name Obsidian does not know (it draws those as notes).
    public init?(named name: some StringProtocol) {
        let name = name.lowercased()
        if let type = CalloutType(rawValue: name) {
            self = type
            return
        }
        switch name {
        case "summary", "tldr": self = .abstract
        case "hint", "important": self = .tip
        case "check", "done": self = .success
        case "help", "faq": self = .question
        case "caution", "attention": self = .warning
        case "fail", "missing": self = .failure
        case "error": self = .danger
        case "cite": self = .quote
        default: return nil
        }
    }

    /// The shapes of the Lucide icons Obsidian shows for each type (pencil, clipboard-list, info,
    /// check-circle-2, flame, check, help-circle, alert-triangle, x, zap, bug, list, quote), drawn
    /// again in fewer strokes for kb. Lucide is ISC-licensed.
    var icon: String {
        let shapes =
            switch self {
            case .note: #"<path d="M17 3a2.8 2.8 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5ZM15 5l4 4"/>"#
            case .abstract:
                #"<rect x="8" y="2" width="8" height="4" rx="1"/><path d="M16 4h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2M12 11h4M12 16h4M8 11h.01M8 16h.01"/>"#
            case .info: #"<circle cx="12" cy="12" r="10"/><path d="M12 16v-4M12 8h.01"/>"#
            case .todo: #"<circle cx="12" cy="12" r="10"/><path d="m9 12 2 2 4-4"/>"#
            case .tip:
                #"<path d="M8.5 14.5A2.5 2.5 0 0 0 11 12c0-1.4-.5-2-1-3-1-2.1-.2-4 2-6 .5 2.5 2 4.9 4 6.5s3 3.5 3 5.5a7 7 0 1 1-14 0c0-1.2.4-2.3 1-3a2.5 2.5 0 0 0 2.5 2.5Z"/>"#
            case .success: #"<path d="M20 6 9 17l-5-5"/>"#
            case .question:
                #"<circle cx="12" cy="12" r="10"/><path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01"/>"#
            case .warning:
                #"<path d="m21.7 18-8-14a2 2 0 0 0-3.4 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.7-3ZM12 9v4M12 17h.01"/>"#
            case .failure: #"<path d="M18 6 6 18M6 6l12 12"/>"#
            case .danger: #"<path d="M13 2 3 14h9l-1 8 10-12h-9l1-8Z"/>"#
            case .bug:
                #"<rect x="8" y="6" width="8" height="14" rx="4"/><path d="M12 20v-9M9 3l1.5 3M15 3l-1.5 3M8 10H4M16 10h4M8 15H3M16 15h5"/>"#
            case .example: #"<path d="M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01"/>"#
            case .quote:
                #"<path d="M3 21c3 0 7-1 7-8V5H3v8h4c0 3-1 5-4 5ZM14 21c3 0 7-1 7-8V5h-7v8h4c0 3-1 5-4 5Z"/>"#
            }
        return
            #"<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">"#
            + shapes + "</svg>"
    }
}

/// The `[!type]±` that opens a callout's first line.
private struct CalloutMarker {
    /// As written, lowercased: Obsidian keeps an unknown name in `data-callout` for CSS to use.
    var name: String
    /// nil when the callout does not fold; otherwise whether it starts open.
    var startsOpen: Bool?
    /// The bytes of the marker and the spaces after it, where the title starts.
    var length: Int

    init?(_ text: String) {
        let bytes = text.utf8
        guard bytes.starts(with: "[!".utf8), let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
        let name = bytes[bytes.index(bytes.startIndex, offsetBy: 2)..<close]
        guard !name.isEmpty, !name.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: "[") })
        else { return nil }
        self.name = String(Substring(name)).lowercased()
        var rest = bytes[bytes.index(after: close)...]
        switch rest.first {
        case UInt8(ascii: "+"): startsOpen = true
        case UInt8(ascii: "-"): startsOpen = false
        default: startsOpen = nil
        }
        if startsOpen != nil { rest = rest.dropFirst() }
        rest = rest.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        length = bytes.distance(from: bytes.startIndex, to: rest.startIndex)
    }
}

extension MarkdownDocument {
    /// Turns every Obsidian callout (`> [!tip] Title`), and every MkDocs admonition, which was
    /// written as one before parsing, into a `div.callout` (a `details.callout` when it folds) with
    /// a title row and a content div. `title` names a type in the site's language, for callouts
    /// written without a title.
    ///
    /// Call it first, before `rewriteText` and `prepareForWeb`: the title and the body keep their
    /// text nodes, so that wikilinks, tags and mentions in them are found as anywhere else, at
    /// their own positions, and an admonition's title is held by a heading until then.
    public func renderCallouts(title: (CalloutType) -> String) {
        var quotes: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE
            else { continue }
            quotes.append(node)
        }
        cmark_iter_free(iterator)
        // A callout nested in another is moved with its body, never copied, so it is still found.
        for quote in quotes { renderCallout(quote, title: title) }
    }

    private func renderCallout(_ quote: OpaquePointer, title: (CalloutType) -> String) {
        let line = cmark_node_get_start_line(quote)
        guard let opening = cmark_node_first_child(quote) else { return }
        let openingType = cmark_node_get_type(opening)
        guard
            openingType == CMARK_NODE_PARAGRAPH || (openingType == CMARK_NODE_HEADING && admonitionLines.contains(line))
        else { return }
        cmark_consolidate_text_nodes(opening)
        guard let first = cmark_node_first_child(opening), cmark_node_get_type(first) == CMARK_NODE_TEXT,
            let marker = CalloutMarker(literal(first))
        else { return }
        let type = CalloutType(named: marker.name) ?? .note
        let tag = marker.startsOpen == nil ? "div" : "details"
        let open = marker.startsOpen == true ? " open" : ""
        let callout = makeBlock(
            "<\(tag) class=\"callout\" data-callout=\"\(marker.name.htmlEscaped)\"\(open)>", "</\(tag)>")
        cmark_node_insert_before(quote, callout)

        let remainder = String(Substring(literal(first).utf8.dropFirst(marker.length)))
        if remainder.isEmpty {
            cmark_node_free(first)
        } else {
            cmark_node_set_literal(first, remainder)
            sourceColumns.cut(marker.length, fromTextNode: first)
        }
        // The first line is the title; a folding callout needs one, and only an admonition can ask
        // for none (`!!! note ""`).
        var titleNodes: [OpaquePointer] = []
        while let node = cmark_node_first_child(opening) {
            let type = cmark_node_get_type(node)
            cmark_node_unlink(node)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                cmark_node_free(node)
                break
            }
            titleNodes.append(node)
        }
        if marker.startsOpen != nil || !untitledAdmonitionLines.contains(line) {
            let titleTag = marker.startsOpen == nil ? "div" : "summary"
            let row = makeBlock("<\(titleTag) class=\"callout-title\">", "</\(titleTag)>")
            let inner = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
            for node in titleNodes { cmark_node_append_child(inner, node) }
            let icon = "<span class=\"callout-icon\" aria-hidden=\"true\">\(type.icon)</span>"
            let written = titleNodes.isEmpty ? title(type).htmlEscaped : ""
            cmark_node_set_on_enter(inner, icon + "<span class=\"callout-title-inner\">" + written)
            cmark_node_set_on_exit(inner, "</span>")
            cmark_node_append_child(row, inner)
            cmark_node_append_child(callout, row)
        } else {
            titleNodes.forEach(cmark_node_free)
            titleNodes = []
        }

        let content = makeBlock("<div class=\"callout-content\">", "</div>")
        if cmark_node_first_child(opening) == nil {
            titleNodes.forEach(Self.ownText)
            cmark_node_free(opening)
        }
        while let block = cmark_node_first_child(quote) {
            cmark_node_append_child(content, block)
        }
        if cmark_node_first_child(content) == nil {
            cmark_node_free(content)
        } else {
            cmark_node_append_child(callout, content)
            checkTasks(in: content)
        }
        cmark_node_free(quote)
    }

    /// libcmark-gfm 0.29.0.gfm.6 looks for a task's `[ ]` or `[x]` from the start of the line, past
    /// a list marker only, so a task list in a quote stays text. In Obsidian callouts hold task
    /// lists often, so a callout's items get the checkbox cmark gives items outside quotes.
    private func checkTasks(in content: OpaquePointer) {
        guard let tasklist = cmark_find_syntax_extension("tasklist") else { return }
        var items: [OpaquePointer] = []
        let iterator = cmark_iter_new(content)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_ITEM, cmark_node_get_syntax_extension(node) == nil
            else { continue }
            items.append(node)
        }
        cmark_iter_free(iterator)
        for item in items {
            guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                cmark_node_get_start_line(paragraph) == cmark_node_get_start_line(item),
                let text = cmark_node_first_child(paragraph), cmark_node_get_type(text) == CMARK_NODE_TEXT
            else { continue }
            let written = literal(text).utf8
            guard written.count > 3, written.starts(with: "[ ]".utf8) || written.starts(with: "[x]".utf8) else {
                continue
            }
            let rest = written.dropFirst(3).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            guard rest.startIndex > written.index(written.startIndex, offsetBy: 3) else { continue }
            cmark_node_set_syntax_extension(item, tasklist)
            cmark_gfm_extensions_set_tasklist_item_checked(item, written.starts(with: "[x]".utf8))
            if rest.isEmpty {
                cmark_node_free(text)
            } else {
                cmark_node_set_literal(text, String(Substring(rest)))
                sourceColumns.cut(written.distance(from: written.startIndex, to: rest.startIndex), fromTextNode: text)
            }
        }
    }

    /// cmark's inline nodes read their text from their block's buffer until it is first asked
    /// for, when they take a copy: ask before freeing the block they were moved out of.
    static func ownText(_ node: OpaquePointer) {
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            _ = cmark_node_get_literal(node)
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                _ = cmark_node_get_url(node)
                _ = cmark_node_get_title(node)
            }
        }
    }

    private func makeBlock(_ onEnter: String, _ onExit: String) -> OpaquePointer {
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(block, onEnter)
        cmark_node_set_on_exit(block, onExit)
        return block
    }
}
