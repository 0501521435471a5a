import CCmarkGFM

extension MarkdownDocument {
    /// Obsidian's block ids: `^id` at the end of a paragraph or list item gives it that id and is
    /// not shown; `^id` alone in a paragraph gives the id to the block before it (a quote, a list,
    /// a table, a callout). `[[Note#^id]]` links there and `![[Note#^id]]` embeds that block.
    /// Returns the ids in document order; an id used twice goes to its first block. The HTML ids
    /// start with `prefix`, for a note embedded in a page that may hold the same ids.
    @discardableResult
    public func assignBlockIDs(prefix: String = "") -> [String] {
        cmark_consolidate_text_nodes(root)
        var paragraphs: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH,
                let last = cmark_node_last_child(node), cmark_node_get_type(last) == CMARK_NODE_TEXT,
                literal(last, contains: "^")
            else { continue }
            paragraphs.append(node)
        }
        cmark_iter_free(iterator)

        var ids: [String] = []
        for paragraph in paragraphs {
            guard let last = cmark_node_last_child(paragraph),
                let (kept, id) = Self.splitBlockID(literal(last)).map({ ($0.kept, $0.id) })
            else { continue }
            let previous = cmark_node_previous(last)
            let alone = kept.isEmpty && previous == nil
            guard kept.isEmpty ? previous.map(isLineBreak) ?? true : kept.last?.isWhitespace == true else { continue }
            guard blocksByID[id] == nil else {
                strip(last, keeping: kept)
                continue
            }
            if alone {
                // `^id` on a line of its own, after a blank line: the block before is meant.
                guard let block = cmark_node_previous(paragraph) else { continue }
                let wrapper = customBlock(enter: "<div class=\"block\" id=\"\(prefix)^\(id)\">", exit: "</div>")
                cmark_node_insert_before(block, wrapper)
                cmark_node_append_child(wrapper, block)
                cmark_node_free(paragraph)
                blocksByID[id] = wrapper
            } else if let item = cmark_node_parent(paragraph), cmark_node_get_type(item) == CMARK_NODE_ITEM {
                // The item is meant; cmark writes `<li>` itself, so the id goes on an anchor inside it.
                strip(last, keeping: kept)
                if let first = cmark_node_first_child(paragraph) {
                    cmark_node_insert_before(
                        first, makeHTML("<span class=\"block-anchor\" id=\"\(prefix)^\(id)\"></span>"))
                }
                blocksByID[id] = item
            } else {
                // The paragraph stays a paragraph until `prepareForWeb`, so that an embed in it
                // can still split it.
                strip(last, keeping: kept)
                paragraphIDs[paragraph] = "\(prefix)^\(id)"
                blocksByID[id] = paragraph
            }
            ids.append(id)
        }
        return ids
    }

    /// `text ^id` → (`text `, `id`): an id is letters, digits and hyphens.
    static func splitBlockID(_ text: String) -> (kept: Substring, id: String)? {
        let trimmed = text.reversed().drop(while: \.isWhitespace).reversed()
        guard let caret = trimmed.lastIndex(of: "^") else { return nil }
        let id = trimmed[trimmed.index(after: caret)...]
        guard !id.isEmpty, id.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }) else {
            return nil
        }
        return (Substring(trimmed[..<caret]), String(id))
    }

    /// Takes the id off the end of `text`, and the line break before it when nothing else is left.
    private func strip(_ text: OpaquePointer, keeping kept: Substring) {
        let rest = kept.reversed().drop(while: \.isWhitespace).reversed()
        if rest.isEmpty {
            if let previous = cmark_node_previous(text), isLineBreak(previous) { cmark_node_free(previous) }
            cmark_node_free(text)
        } else {
            cmark_node_set_literal(text, String(rest))
        }
    }

    /// Gives each paragraph `assignBlockIDs` found its id, in a custom block that renders as
    /// cmark's `<p>` does; cmark writes no attributes.
    func writeParagraphIDs() {
        for (paragraph, id) in paragraphIDs.sorted(by: { $0.value < $1.value }) {
            let block = customBlock(enter: "<p id=\"\(id)\">", exit: "</p>")
            cmark_node_insert_before(paragraph, block)
            while let child = cmark_node_first_child(paragraph) { cmark_node_append_child(block, child) }
            cmark_node_free(paragraph)
        }
        paragraphIDs = [:]
    }

    /// `liftOut` split a paragraph with an id and freed its empty first part: the id goes to
    /// what follows the block, or nowhere.
    func moveParagraphID(from paragraph: OpaquePointer, to next: OpaquePointer?) {
        guard let id = paragraphIDs.removeValue(forKey: paragraph) else { return }
        for (key, block) in blocksByID where block == paragraph { blocksByID[key] = next }
        if let next { paragraphIDs[next] = id }
    }

    func customBlock(enter: String, exit: String) -> OpaquePointer {
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(block, enter)
        cmark_node_set_on_exit(block, exit)
        return block
    }
}
