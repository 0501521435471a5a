import CCmarkGFM

/// A fenced code block written for a query plugin (` ```dataview `, ` ```base `): its language,
/// its text, and where its first line of text is, for warnings inside the query.
public struct QueryBlock: Sendable, Equatable {
    public var language: String
    public var source: String
    /// 1-based, in the whole document: the line after the opening fence.
    public var line: Int
    public var column: Int
}

/// A task list item, `- [ ] text` or `- [x] text`, as Dataview's `TASK` lists them.
public struct TaskItem: Sendable, Hashable {
    public var text: String
    public var completed: Bool
    public var line: Int

    public init(text: String, completed: Bool, line: Int) {
        self.text = text
        self.completed = completed
        self.line = line
    }
}

extension MarkdownDocument {
    /// Replaces every fenced code block whose language is one of `languages` by the block of HTML
    /// `replacement` gives for it; a nil replacement leaves the block as code. Runs before any
    /// other pass over code blocks, which then never see the query's text.
    public func replaceQueryBlocks(languages: Set<String>, _ replacement: (QueryBlock) -> String?) {
        var blocks: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        var (length, offset, character): (Int32, Int32, Int8) = (0, 0, 0)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK,
                cmark_node_get_fenced(node, &length, &offset, &character) != 0
            else { continue }
            blocks.append(node)
        }
        cmark_iter_free(iterator)
        for node in blocks {
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let language = info.split(whereSeparator: \.isWhitespace).first.map { $0.lowercased() } ?? ""
            guard languages.contains(language) else { continue }
            let block = QueryBlock(
                language: language, source: literal(node),
                line: Int(cmark_node_get_start_line(node)) + firstLine,
                column: sourceColumns.column(of: node))
            guard let html = replacement(block) else { continue }
            let replaced = customBlock(enter: html, exit: "")
            cmark_node_insert_before(node, replaced)
            cmark_node_free(node)
        }
    }

    /// Replaces every code span that starts with `prefix` (Dataview's `` `= this.field` ``) by the
    /// inline HTML `replacement` gives for its text after the prefix, trimmed.
    public func replaceInlineQueries(prefix: String, _ replacement: (QueryBlock) -> String) {
        var spans: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_CODE, literal(node).hasPrefix(prefix)
            else { continue }
            spans.append(node)
        }
        cmark_iter_free(iterator)
        for node in spans {
            let text = String(literal(node).dropFirst(prefix.count)).trimmingCharacters(in: " ")
            let query = QueryBlock(
                language: "inline", source: text, line: Int(cmark_node_get_start_line(node)) + firstLine - 1,
                column: sourceColumns.column(of: node))
            let replaced = makeHTML(replacement(query))
            cmark_node_insert_before(node, replaced)
            cmark_node_free(node)
        }
    }

    /// The task list items of the document, in order, each with the text a reader sees.
    public func tasks() -> [TaskItem] {
        var found: [TaskItem] = []
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_ITEM,
                let type = cmark_node_get_type_string(node), String(cString: type) == "tasklist"
            else { continue }
            // The item's own text: its first paragraph, not the lists nested in it.
            let first = cmark_node_first_child(node)
            let text = first.map { plainText($0) } ?? ""
            found.append(
                TaskItem(
                    text: text.trimmingCharacters(in: " \t\n"),
                    completed: cmark_gfm_extensions_get_tasklist_item_checked(node),
                    line: Int(cmark_node_get_start_line(node)) + firstLine - 1))
        }
        return found
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        guard let start = firstIndex(where: { !characters.contains($0) }),
            let end = lastIndex(where: { !characters.contains($0) })
        else { return "" }
        return String(self[start...end])
    }
}
