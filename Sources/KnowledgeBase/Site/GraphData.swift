/// The whole link graph as `graph-data.js`, a script so that the graph page works from
/// `file://`: `kbGraph({types, nodes: [[title, url, type, degree, x, y]], edges: [[from, to, kind]]})`,
/// kind 0 a link or an embed, 1 a relation, 2 a mention; `x`, `y` the note's place in the drawing
/// (`GraphLayout`), so that the page draws at once instead of simulating.
enum GraphData {
    /// The last file with what it was made of: every note's links, and a hash of the types' names
    /// and each note's title, page and type. `kb serve` keeps it across the saves that change
    /// none of these, most of them.
    struct Memo: Sendable {
        var inputs: Int
        var links: [[OutgoingLink]]
        var file: OutputFile
    }

    static func file(
        index: EntityIndex, rendered: [RenderedNote], graph: LinkGraph, catalog: Catalog,
        layoutMemo: inout GraphLayout.Memo?
    ) -> OutputFile {
        var memo: Memo?
        return file(
            index: index, rendered: rendered, graph: graph, catalog: catalog, layoutMemo: &layoutMemo, memo: &memo,
            keeps: false)
    }

    /// The same, taking the file from `memo` when it was made of the same, and refilling it when
    /// `keeps`. The degrees and the layout come from the links alone.
    static func file(
        index: EntityIndex, rendered: [RenderedNote], graph: LinkGraph, catalog: Catalog,
        layoutMemo: inout GraphLayout.Memo?, memo: inout Memo?, keeps: Bool
    ) -> OutputFile {
        guard keeps else { return make(index: index, rendered: rendered, graph: graph, catalog: catalog, &layoutMemo) }
        var hasher = Hasher()
        for type in catalog.types { hasher.combine(text: type.label) }
        for position in index.notes.indices {
            hasher.combine(text: index.notes[position].title.text)
            hasher.combine(text: index.pages[position])
            hasher.combine(catalog.typeOfNote[position])
        }
        let inputs = hasher.finalize()
        let links = rendered.map(\.links)
        if let memo, memo.inputs == inputs, memo.links == links { return memo.file }
        let file = make(index: index, rendered: rendered, graph: graph, catalog: catalog, &layoutMemo)
        memo = Memo(inputs: inputs, links: links, file: file)
        return file
    }

    private static func make(
        index: EntityIndex, rendered: [RenderedNote], graph: LinkGraph, catalog: Catalog,
        _ layoutMemo: inout GraphLayout.Memo?
    ) -> OutputFile {
        let types = catalog.types.map { JSONText.quote($0.label) }.joined(separator: ",")
        let layout = GraphLayout.make(
            count: index.notes.count,
            edges: graph.outgoing.enumerated().flatMap { source, targets in targets.map { (source, $0) } },
            memo: &layoutMemo)
        let nodes = index.notes.indices.map { position in
            let degree = graph.outgoing[position].count + graph.backlinks[position].count
            let type = catalog.typeOfNote[position].map(String.init) ?? "-1"
            return
                "[\(JSONText.quote(index.notes[position].title.text)),\(JSONText.quote(index.pages[position])),\(type),\(degree),\(Int(layout.x[position].rounded())),\(Int(layout.y[position].rounded()))]"
        }
        var edges: [String] = []
        for (source, note) in rendered.enumerated() {
            var strongest: [Int: Int] = [:]
            for link in note.links where link.target != source {
                let kind = link.kind == .relation ? 1 : link.kind == .mention ? 2 : 0
                strongest[link.target] = min(strongest[link.target] ?? kind, kind)
            }
            for target in strongest.keys.sorted() { edges.append("[\(source),\(target),\(strongest[target] ?? 0)]") }
        }
        let script =
            "kbGraph({\"types\":[\(types)],\n\"nodes\":[\n\(nodes.joined(separator: ",\n"))],\n\"edges\":[\(edges.joined(separator: ","))]});\n"
        return OutputFile(path: "graph-data.js", bytes: Array(script.utf8))
    }
}
