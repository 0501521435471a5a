import CCmarkGFM

/// A link or image of the document, as its author wrote it: `[text](url)`, `![alt](url)`.
public struct LinkNode: Sendable {
    public let url: String
    public let isImage: Bool
    /// Position of the `[` (or `!`) in the Markdown source: 1-based line, and 1-based column
    /// counted in UTF-8 bytes as cmark counts them.
    public let line: Int
    public let byteColumn: Int
}

/// What a link becomes.
public enum LinkRewrite: Sendable, Equatable {
    /// The same link to another URL.
    case url(String)
    /// No link any more: its content (the text, or an image's alt text), between two pieces of HTML.
    case unwrap(open: String, close: String)
    /// Block-level HTML in its place, e.g. the note `![](Note.md)` embeds: its paragraph is split
    /// around it.
    case block(String)
}

extension MarkdownDocument {
    /// Offers every link and image to `transform`, which returns what it becomes, or nil to keep
    /// it. Autolinks are links too; `transform` tells them by their URL.
    public func rewriteLinks(_ transform: (LinkNode) -> LinkRewrite?) {
        var links: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { links.append(node) }
        }
        cmark_iter_free(iterator)
        var blocks: [OpaquePointer] = []
        defer { blocks.forEach(liftOut) }
        for node in links {
            let link = LinkNode(
                url: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                line: Int(cmark_node_get_start_line(node)) + firstLine - 1,
                byteColumn: sourceColumns.column(of: node))
            switch transform(link) {
            case nil: continue
            case .url(let url): cmark_node_set_url(node, url)
            case .unwrap(let open, let close):
                cmark_node_insert_before(node, makeHTML(open))
                while let child = cmark_node_first_child(node) {
                    cmark_node_insert_before(node, child)
                }
                cmark_node_insert_before(node, makeHTML(close))
                cmark_node_free(node)
            case .block(let html):
                let placeholder = makeHTML(html)
                cmark_node_insert_before(node, placeholder)
                cmark_node_free(node)
                blocks.append(placeholder)
            }
        }
    }
}
