import CCmarkGFM

extension MarkdownDocument {
    /// The author's raw HTML, right after parsing: kb inserts its own HTML nodes (links, tags,
    /// embeds) only later, so every HTML node now is the author's but formulas, which carry
    /// the math extension.
    func isAuthorHTML(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        return (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) && !isFormula(node)
    }

    /// What marks a node the author's `<a>` encloses, kept on the node itself so that it dies
    /// with it: an address cmark stores and never follows.
    static var authorLinkMark: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 0x6B62)! }

    /// Whether a node stands inside the author's `<a>`, where a link of kb's would nest in it.
    func isInAuthorLink(_ node: OpaquePointer) -> Bool {
        var current: OpaquePointer? = node
        while let inline = current,
            (Int32(cmark_node_get_type(inline).rawValue) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK
        {
            if cmark_node_get_user_data(inline) == Self.authorLinkMark { return true }
            current = cmark_node_parent(inline)
        }
        return false
    }

    /// Runs the author's HTML through `sanitizer`, one container at a time.
    ///
    /// cmark gives an inline tag its own node, so `<kbd>Ctrl</kbd>` is three nodes, and a
    /// `<details>` block, a Markdown paragraph and `</details>` are three blocks. So the HTML of
    /// a container (a paragraph, a heading, a table cell, an emphasis; the document, a quote, a
    /// list item) is parsed as one fragment, with each of its other children standing in it as
    /// a slot; the sanitized tree then replaces the HTML children, and the other children go
    /// back where the slots ended up. A tag opened and closed in one container keeps what lies
    /// between, a tag left open is closed at the container's end, and a stray end tag goes: no
    /// tag of the author's reaches past its container, whatever it is.
    func sanitizeRawHTML(_ sanitizer: HTMLSanitizer) {
        // Innermost first, as the iterator leaves them: a container may drop a child (one the
        // parse put inside a `<script>`) that holds HTML of its own, and must not meet it later.
        var containers: [OpaquePointer] = []
        var holdingHTML: Set<OpaquePointer> = []
        var imageDepth = 0
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if cmark_node_get_type(node) == CMARK_NODE_IMAGE { imageDepth += event == CMARK_EVENT_ENTER ? 1 : -1 }
            if event == CMARK_EVENT_EXIT {
                if holdingHTML.contains(node) { containers.append(node) }
                continue
            }
            // An image's description is written as its alt text, tags escaped: nothing to parse.
            if imageDepth == 0, isAuthorHTML(node), let parent = cmark_node_parent(node) { holdingHTML.insert(parent) }
        }
        cmark_iter_free(iterator)
        for container in containers { sanitizeChildren(of: container, with: sanitizer) }
    }

    private func sanitizeChildren(of container: OpaquePointer, with sanitizer: HTMLSanitizer) {
        var parts: [HTMLSanitizer.Part] = []
        var slots: [OpaquePointer] = []
        var html: [OpaquePointer] = []
        var child = cmark_node_first_child(container)
        while let current = child {
            if isAuthorHTML(current) {
                parts.append(.html(literal(current)))
                html.append(current)
            } else {
                parts.append(.slot)
                slots.append(current)
            }
            child = cmark_node_next(current)
        }
        guard let first = html.first else { return }
        let type = cmark_node_get_type(first)
        var placed = Set<Int>()
        var ancestor: OpaquePointer? = container
        var inLink = false
        while let current = ancestor, !inLink {
            inLink = cmark_node_get_type(current) == CMARK_NODE_LINK
            ancestor = cmark_node_parent(current)
        }
        for piece in sanitizer.sanitize(parts, phrasing: type == CMARK_NODE_HTML_INLINE, inLink: inLink) {
            let node: OpaquePointer
            switch piece {
            case .html(let text):
                node = cmark_node_new(type)!
                cmark_node_set_literal(node, text)
            case .slot(let index, let inAnchor):
                node = slots[index]
                placed.insert(index)
                if inAnchor { cmark_node_set_user_data(node, Self.authorLinkMark) }
            }
            cmark_node_unlink(node)
            cmark_node_append_child(container, node)
        }
        html.forEach { cmark_node_free($0) }
        for (index, slot) in slots.enumerated() where !placed.contains(index) { cmark_node_free(slot) }
        // A paragraph that held only HTML that went (`<object>…</object>`) would show as `<p></p>`.
        if cmark_node_first_child(container) == nil && cmark_node_get_type(container) == CMARK_NODE_PARAGRAPH {
            cmark_node_free(container)
        }
    }
}
