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
            // The note's position last: titles that differ only in case share a sort key, and a
            // dictionary's order changes from run to run.
            (-$0.value, -degree($0.key), catalog.sortKeys[$0.key], $0.key) < (
                -$1.value, -degree($1.key), catalog.sortKeys[$1.key], $1.key
            )
        }.map(\.key).prefix(limit)

        let layout = layouts[neighbours.count - 1]
        var edges = ""
        var nodes = ""
        for (neighbour, spot) in zip(neighbours, layout) {
            edges += "<line x1=\"\(center.x)\" y1=\"\(center.y)\" x2=\"\(spot.x)\" y2=\"\(spot.y)\"/>"
            nodes += node(neighbour, at: spot, page: page, index: index, catalog: catalog, isCenter: false)
        }
        nodes += node(position, at: center, page: page, index: index, catalog: catalog, isCenter: true)
        // No role="img", which would hide the links inside from assistive technology; the figure's
        // caption names the graph.
        return "<svg class=\"neighbours\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
            + "<g class=\"edges\">\(edges)</g>\(nodes)</svg>"
    }

    private static let width = 360.0
    private static let height = 240.0

    /// A point of the drawing, its coordinates and its label's baseline already written out.
    private struct Spot {
        var x: String
        var y: String
        var labelY: String
    }

    private static let center = spot(x: width / 2, y: height / 2, labelOffset: 24)

    /// Where the neighbours sit on an ellipse around the centre, for each number of neighbours:
    /// every note page draws one of these, so they are computed and formatted once.
    private static let layouts: [[Spot]] = (1...limit).map { count in
        (0..<count).map { number in
            let angle = Double(number) / Double(count) * 2 * Double.pi - Double.pi / 2
            return spot(x: width / 2 + 135 * cos(angle), y: height / 2 + 88 * sin(angle), labelOffset: 19)
        }
    }

    private static func spot(x: Double, y: Double, labelOffset: Double) -> Spot {
        Spot(x: format(x), y: format(y), labelY: format(y + labelOffset))
    }

    private static func node(
        _ note: Int, at spot: Spot, page: String, index: EntityIndex, catalog: Catalog, isCenter: Bool
    ) -> String {
        let title = index.notes[note].title.text
        let short = title.count > 9 ? String(title.prefix(8)) + "…" : title
        let type = catalog.typeOfNote[note].map { "t\($0 % 12)" } ?? "t-none"
        let circle = "<circle cx=\"\(spot.x)\" cy=\"\(spot.y)\" r=\"\(isCenter ? 9 : 6)\" class=\"\(type)\"/>"
        let text = "<text x=\"\(spot.x)\" y=\"\(spot.labelY)\">\(short.htmlEscaped)</text>"
        if isCenter { return "<g class=\"center\">\(circle)\(text)</g>" }
        let url = URLPath.relative(from: page, to: index.pages[note])
        return "<a href=\"\(url.htmlEscaped)\"><title>\(title.htmlEscaped)</title>\(circle)\(text)</a>"
    }

    private static func format(_ value: Double) -> String {
        String(Double((value * 10).rounded()) / 10)
    }
}
