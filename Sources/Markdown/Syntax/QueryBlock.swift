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
    /// In one walk of the tree: replaces every fenced code block whose language is one of
    /// `languages` by the block of HTML `replacement` gives for it, and every code span that
    /// starts with `inlinePrefix` (Dataview's `` `= this.field` ``, language `inline`) by the inline
    /// HTML it gives for the span's text after the prefix, trimmed; nil leaves either as code.
    /// Returns the task list items, each with the text a reader sees, when `tasks` is set. Runs
    /// before any other pass over code, which then never sees a query's text.
    public func replaceQueries(
        languages: Set<String>, inlinePrefix: String, tasks collectTasks: Bool,
        _ replacement: (QueryBlock) -> String?
    ) -> [TaskItem] {
        var blocks: [OpaquePointer] = []
        var spans: [OpaquePointer] = []
        var tasks: [TaskItem] = []
        let iterator = cmark_iter_new(root)
        var (length, offset, character): (Int32, Int32, Int8) = (0, 0, 0)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_CODE_BLOCK where cmark_node_get_fenced(node, &length, &offset, &character) != 0:
                blocks.append(node)
            case CMARK_NODE_CODE where literal(node).hasPrefix(inlinePrefix):
                spans.append(node)
            case CMARK_NODE_ITEM where collectTasks:
                guard let type = cmark_node_get_type_string(node), String(cString: type) == "tasklist" else { break }
                // The item's own text: its first paragraph, not the lists nested in it.
                let text = cmark_node_first_child(node).map { plainText($0) } ?? ""
                tasks.append(
                    TaskItem(
                        text: text.trimmingCharacters(in: " \t\n"),
                        completed: cmark_gfm_extensions_get_tasklist_item_checked(node),
                        line: Int(cmark_node_get_start_line(node)) + firstLine - 1))
            default: break
            }
        }
        cmark_iter_free(iterator)
        for node in blocks {
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let language = info.split(whereSeparator: \.isWhitespace).first.map { $0.lowercased() } ?? ""
            guard languages.contains(language) else { continue }
            let query = QueryBlock(
                language: language, source: literal(node),
                line: Int(cmark_node_get_start_line(node)) + firstLine,
                column: sourceColumns.column(of: node))
            guard let html = replacement(query) else { continue }
            let replaced = customBlock(enter: html, exit: "")
            cmark_node_insert_before(node, replaced)
            cmark_node_free(node)
        }
        for node in spans {
            let text = String(literal(node).dropFirst(inlinePrefix.count)).trimmingCharacters(in: " ")
            let query = QueryBlock(
                language: "inline", source: text, line: Int(cmark_node_get_start_line(node)) + firstLine - 1,
                column: sourceColumns.column(of: node))
            guard let html = replacement(query) else { continue }
            let replaced = makeHTML(html)
            cmark_node_insert_before(node, replaced)
            cmark_node_free(node)
        }
        return tasks
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
