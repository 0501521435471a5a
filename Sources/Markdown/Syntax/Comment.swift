import CCmarkGFM

extension MarkdownDocument {
    /// Obsidian's `%%…%%`, inline or across blocks: what authors write for themselves. It is cut
    /// from the tree before any other pass, so that no page, excerpt, search entry, feed or link
    /// comes from it. Markers count only in text nodes, so `%%` in code stays; an unclosed `%%`
    /// hides the rest of the document, as it does in Obsidian.
    func removeComments() {
        cmark_consolidate_text_nodes(root)
        var markers: [(node: OpaquePointer, offset: Int)] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_TEXT, literal(node, contains: "%%")
            else { continue }
            let bytes = Array(literal(node).utf8)
            var offset = 0
            while offset + 1 < bytes.count {
                if bytes[offset] == UInt8(ascii: "%") && bytes[offset + 1] == UInt8(ascii: "%") {
                    markers.append((node, offset))
                    offset += 2
                } else {
                    offset += 1
                }
            }
        }
        cmark_iter_free(iterator)
        guard !markers.isEmpty else { return }

        var emptied: [OpaquePointer] = []
        // From the last comment to the first, so that the offsets of earlier markers stay true.
        for start in stride(from: (markers.count - 1) / 2 * 2, through: 0, by: -2) {
            let open = markers[start]
            let close = start + 1 < markers.count ? markers[start + 1] : nil
            if let close, close.node == open.node {
                var bytes = Array(literal(open.node).utf8)
                bytes.removeSubrange(open.offset..<(close.offset + 2))
                cmark_node_set_literal(open.node, String(decoding: bytes, as: UTF8.self))
                emptied.append(open.node)
                continue
            }
            if let close {
                let bytes = Array(literal(close.node).utf8)
                cmark_node_set_literal(close.node, String(decoding: bytes[(close.offset + 2)...], as: UTF8.self))
                emptied.append(close.node)
            }
            let bytes = Array(literal(open.node).utf8)
            cmark_node_set_literal(open.node, String(decoding: bytes[..<open.offset], as: UTF8.self))
            emptied.append(open.node)
            emptied += removeNodes(after: open.node, before: close?.node)
        }
        removeBlank(among: Set(emptied))
    }

    /// Removes the nodes of `touched` that a comment left with nothing to show, and then each
    /// container that this left empty. Only nodes a comment touched are looked at: an empty `>`
    /// the author wrote stays.
    private func removeBlank(among touched: Set<OpaquePointer>) {
        var candidates = touched
        var removed: [OpaquePointer] = []
        var removing: Set<OpaquePointer> = []
        let iterator = cmark_iter_new(root)
        // Children are left before their parents: a parent is judged after its children.
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator), node != root,
                event == CMARK_EVENT_EXIT
                    || [CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK].contains(cmark_node_get_type(node)),
                candidates.contains(node), showsNothing(node)
            else { continue }
            removed.append(node)
            removing.insert(node)
            if let parent = cmark_node_parent(node) { candidates.insert(parent) }
        }
        cmark_iter_free(iterator)
        for node in removed where !removing.contains(cmark_node_parent(node) ?? root) {
            cmark_node_free(node)
        }
    }

    /// Frees every node after `start` and before `end` in document order (to the end of the
    /// document when `end` is nil), keeping the ancestors of both. Returns the parents that lost
    /// children, which may now be empty.
    private func removeNodes(after start: OpaquePointer, before end: OpaquePointer?) -> [OpaquePointer] {
        var endPath: Set<OpaquePointer> = []
        var step = end
        while let node = step {
            endPath.insert(node)
            step = cmark_node_parent(node)
        }
        var touched: [OpaquePointer] = []
        var current = start
        while let parent = cmark_node_parent(current) {
            var sibling = cmark_node_next(current)
            while let node = sibling {
                if endPath.contains(node), let end {
                    // `node` holds the end: what precedes the end inside it goes too.
                    var inner = end
                    while inner != node, let innerParent = cmark_node_parent(inner) {
                        while let previous = cmark_node_previous(inner) { cmark_node_free(previous) }
                        touched.append(innerParent)
                        inner = innerParent
                    }
                    return touched
                }
                sibling = cmark_node_next(node)
                cmark_node_free(node)
                touched.append(parent)
            }
            current = parent
        }
        return touched
    }
}
