import CCmarkGFM

extension MarkdownDocument {
    /// `==text==` becomes `<mark>`, as in Obsidian. Delimiters pair within one inline container
    /// (a paragraph, an emphasis, a table cell), across the nodes between them, so a highlight
    /// may hold links and emphasis; `==` in code stays, its text being no text node. An opening
    /// `==` is not followed by a space and a closing one not preceded by one, as `~~` in GFM.
    ///
    /// Runs after links and mentions are inserted: the text nodes it splits lose the source
    /// positions those passes report.
    public func renderHighlights() {
        var byParent: [OpaquePointer: [Delimiter]] = [:]
        var parents: [OpaquePointer] = []
        var order = 0
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_TEXT, let parent = cmark_node_parent(node)
            else { continue }
            order += 1
            guard literal(node, contains: "==") else { continue }
            let found = delimiters(in: node, order: order)
            guard !found.isEmpty else { continue }
            if byParent[parent] == nil { parents.append(parent) }
            byParent[parent, default: []] += found
        }
        cmark_iter_free(iterator)

        var cuts: [(delimiter: Delimiter, html: String)] = []
        for parent in parents {
            var opener: Delimiter?
            for delimiter in byParent[parent] ?? [] {
                if let open = opener, delimiter.canClose {
                    cuts += [(open, "<mark>"), (delimiter, "</mark>")]
                    opener = nil
                } else if delimiter.canOpen {
                    opener = delimiter
                }
            }
        }
        // From the last cut to the first, so that each node still holds the text before its cuts.
        for (delimiter, html) in cuts.sorted(by: { ($0.0.order, $0.0.offset) > ($1.0.order, $1.0.offset) }) {
            let bytes = Array(literal(delimiter.node).utf8)
            let rest = String(decoding: bytes[(delimiter.offset + 2)...], as: UTF8.self)
            cmark_node_set_literal(delimiter.node, String(decoding: bytes[..<delimiter.offset], as: UTF8.self))
            if !rest.isEmpty { cmark_node_insert_after(delimiter.node, makeText(rest)) }
            cmark_node_insert_after(delimiter.node, makeHTML(html))
        }
    }

    private struct Delimiter {
        var node: OpaquePointer
        /// Document order of the node, and byte offset of the `==` in its text.
        var order: Int
        var offset: Int
        var canOpen: Bool
        var canClose: Bool
    }

    /// Runs of exactly two `=` in a text node, and whether each may open or close.
    private func delimiters(in node: OpaquePointer, order: Int) -> [Delimiter] {
        let text = literal(node)
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.contains(UInt8(ascii: "=")) else { return [] }
        var found: [Delimiter] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes[offset] == UInt8(ascii: "=") else {
                offset += 1
                continue
            }
            var end = offset
            while end < bytes.count && bytes[end] == UInt8(ascii: "=") { end += 1 }
            if end - offset == 2 {
                let after = end < bytes.count ? !Self.isSpace(bytes, at: end) : continuesInline(cmark_node_next(node))
                let before =
                    offset > 0 ? !Self.isSpace(bytes, before: offset) : continuesInline(cmark_node_previous(node))
                found.append(Delimiter(node: node, order: order, offset: offset, canOpen: after, canClose: before))
            }
            offset = end
        }
        return found
    }

    /// A sibling that is not a line break: emphasis, a link, code, all of which touch the `==`.
    private func continuesInline(_ sibling: OpaquePointer?) -> Bool {
        guard let sibling else { return false }
        return !isLineBreak(sibling)
    }

    private static func isSpace(_ bytes: [UInt8], at offset: Int) -> Bool {
        let scalar = String(decoding: bytes[offset...].prefix(4), as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isWhitespace ?? true
    }

    private static func isSpace(_ bytes: [UInt8], before offset: Int) -> Bool {
        var start = offset - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        let scalar = String(decoding: bytes[start..<offset], as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isWhitespace ?? true
    }
}
