import Foundation
import Markdown

/// A note and its nearest neighbours as a small inline SVG, drawn at build time so that it reads
/// without JavaScript: the note in the middle, up to ten linked notes around it, each a link.
struct NeighbourGraph {
    static let limit = 10

    static func svg(
        for position: Int, page: String, index: EntityIndex, graph: LinkGraph, catalog: Catalog
    ) -> String? {
        var strength: [Int: Int] = [:]
        for target in graph.outgoing[position] { strength[target, default: 0] += 2 }
        for backlink in graph.backlinks[position] { strength[backlink.source, default: 0] += 1 }
        guard !strength.isEmpty else { return nil }
        let degree = { (note: Int) in graph.outgoing[note].count + graph.backlinks[note].count }
        let neighbours = strength.sorted {
            (-$0.value, -degree($0.key), catalog.sortKeys[$0.key]) < (
                -$1.value, -degree($1.key), catalog.sortKeys[$1.key]
            )
        }.map(\.key).prefix(limit)

        let width = 360.0
        let height = 240.0
        let center = (x: width / 2, y: height / 2)
        var edges = ""
        var nodes = ""
        for (number, neighbour) in neighbours.enumerated() {
            let angle = Double(number) / Double(neighbours.count) * 2 * Double.pi - Double.pi / 2
            let x = center.x + 135 * cos(angle)
            let y = center.y + 88 * sin(angle)
            edges +=
                "<line x1=\"\(format(center.x))\" y1=\"\(format(center.y))\" x2=\"\(format(x))\" y2=\"\(format(y))\"/>"
            nodes += node(neighbour, x: x, y: y, page: page, index: index, catalog: catalog, isCenter: false)
        }
        nodes += node(position, x: center.x, y: center.y, page: page, index: index, catalog: catalog, isCenter: true)
        // No role="img", which would hide the links inside from assistive technology; the figure's
        // caption names the graph.
        return "<svg class=\"neighbours\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
            + "<g class=\"edges\">\(edges)</g>\(nodes)</svg>"
    }

    private static func node(
        _ note: Int, x: Double, y: Double, page: String, index: EntityIndex, catalog: Catalog, isCenter: Bool
    ) -> String {
        let title = index.notes[note].title.text
        let short = title.count > 9 ? String(title.prefix(8)) + "…" : title
        let type = catalog.typeOfNote[note].map { "t\($0 % 12)" } ?? "t-none"
        let circle = "<circle cx=\"\(format(x))\" cy=\"\(format(y))\" r=\"\(isCenter ? 9 : 6)\" class=\"\(type)\"/>"
        let text = "<text x=\"\(format(x))\" y=\"\(format(y + (isCenter ? 24 : 19)))\">\(short.htmlEscaped)</text>"
        if isCenter { return "<g class=\"center\">\(circle)\(text)</g>" }
        let url = URLPath.relative(from: page, to: index.pages[note])
        return "<a href=\"\(url.htmlEscaped)\"><title>\(title.htmlEscaped)</title>\(circle)\(text)</a>"
    }

    private static func format(_ value: Double) -> String {
        String(Double((value * 10).rounded()) / 10)
    }
}
