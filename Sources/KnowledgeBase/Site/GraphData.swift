/// The whole link graph as `graph-data.js`, a script so that the graph page works from
/// `file://`: `kbGraph({types, nodes: [[title, url, type, degree, x, y]], edges: [[from, to, kind]]})`,
/// kind 0 a link or an embed, 1 a relation, 2 a mention; `x`, `y` the note's place in the drawing
/// (`GraphLayout`), so that the page draws at once instead of simulating.
enum GraphData {
    static func file(
        index: EntityIndex, rendered: [RenderedNote], graph: LinkGraph, catalog: Catalog,
        layoutMemo: inout GraphLayout.Memo?
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
