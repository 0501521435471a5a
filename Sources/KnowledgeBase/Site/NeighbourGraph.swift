import Foundation
import Markdown

/// A note and its nearest neighbours as a small inline SVG, drawn at build time so that it reads
/// without JavaScript: the note on the left, up to ten linked notes in a column on the right, the
/// strongest first, each a link with its title beside it. A column rather than a ring, because on
/// a ring the labels of a narrow sidebar had room for a few characters each and ran into each
/// other; here each has a line of its own.
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

        let height = Double(neighbours.count) * rowHeight + 8
        let center = (x: 18.0, y: height / 2)
        var edges = ""
        var nodes = ""
        for (row, neighbour) in neighbours.enumerated() {
            let y = format(4 + rowHeight * (Double(row) + 0.5))
            edges += "<line x1=\"\(format(center.x))\" y1=\"\(format(center.y))\" x2=\"\(columnX)\" y2=\"\(y)\"/>"
            let title = index.notes[neighbour].title.text
            let url = URLPath.relative(from: page, to: index.pages[neighbour])
            nodes +=
                "<a href=\"\(url.htmlEscaped)\"><title>\(title.htmlEscaped)</title>"
                + "<circle cx=\"\(columnX)\" cy=\"\(y)\" r=\"6\" class=\"\(typeClass(neighbour, catalog))\"/>"
                + "<text x=\"\(labelX)\" y=\"\(y)\" dy=\".35em\">\(fitted(title).htmlEscaped)</text></a>"
        }
        nodes +=
            "<g class=\"center\"><title>\(index.notes[position].title.text.htmlEscaped)</title>"
            + "<circle cx=\"\(format(center.x))\" cy=\"\(format(center.y))\" r=\"9\" class=\"\(typeClass(position, catalog))\"/></g>"
        // No role="img", which would hide the links inside from assistive technology; the figure's
        // caption names the graph.
        return "<svg class=\"neighbours\" viewBox=\"0 0 \(Int(width)) \(format(height))\">"
            + "<g class=\"edges\">\(edges)</g>\(nodes)</svg>"
    }

    private static let width = 300.0
    private static let rowHeight = 24.0
    private static let columnX = "90"
    private static let labelX = "101"
    /// Room for a label, in em of the stylesheet's 15-unit font (`svg.neighbours text`): from
    /// `labelX` to the right edge.
    private static let labelRoom = (width - 101 - 4) / 15

    private static func typeClass(_ note: Int, _ catalog: Catalog) -> String {
        catalog.typeOfNote[note].map { "t\($0 % 12)" } ?? "t-none"
    }

    /// The title, cut with an ellipsis where it would pass the right edge: a wide (CJK, fullwidth)
    /// character counted as 1 em, any other as 0.6 em, about what the system fonts draw.
    private static func fitted(_ title: String) -> String {
        let ems = { (character: Character) in (character.unicodeScalars.first?.value ?? 0) >= 0x1100 ? 1.0 : 0.6 }
        guard title.map(ems).reduce(0, +) > labelRoom else { return title }
        var used = 0.0
        var kept = ""
        for character in title {
            used += ems(character)
            if used > labelRoom - 1 { return kept + "…" }
            kept.append(character)
        }
        return title
    }

    private static func format(_ value: Double) -> String {
        String(Double((value * 10).rounded()) / 10)
    }
}
