import CCmarkGFM

/// Where kb moved text of a document away from the column its author wrote it at, so that the
/// positions it reports still name the author's file.
///
/// Admonitions are written again as callouts before parsing (their bodies lose indentation), and
/// `renderCallouts` cuts the `[!type]` off the text node that starts a callout's title.
struct SourceColumns {
    /// Bytes to add to the columns cmark gives on a line of the parsed text.
    var lines: [Int32: Int] = [:]
    /// Bytes cut off the start of text nodes, with the position each had then: a node made later
    /// at a freed node's address has no position, and so takes none of this.
    private var cuts: [OpaquePointer: (line: Int32, column: Int32, bytes: Int)] = [:]

    init(lines: [Int32: Int] = [:]) {
        self.lines = lines
    }

    mutating func cut(_ bytes: Int, fromTextNode node: OpaquePointer) {
        cuts[node] = (cmark_node_get_start_line(node), cmark_node_get_start_column(node), bytes)
    }

    /// The 1-based byte column of the node's start in the author's text.
    func column(of node: OpaquePointer) -> Int {
        let line = cmark_node_get_start_line(node)
        let column = cmark_node_get_start_column(node)
        guard !lines.isEmpty || !cuts.isEmpty else { return Int(column) }
        var moved = Int(column) + (lines[line] ?? 0)
        if let cut = cuts[node], cut.line == line, cut.column == column { moved += cut.bytes }
        return moved
    }
}
