/// The entity graph for other tools: JSON, or DOT for Graphviz.
public struct GraphExport: Sendable {
    public struct Node: Sendable {
        public var id: String
        public var title: String
        public var type: String?
    }
    public struct Edge: Sendable, Hashable {
        public var source: String
        public var target: String
        public var kind: String
        public var property: String?
    }

    public let nodes: [Node]
    public let edges: [Edge]

    public init(index: EntityIndex, rendered: [RenderedNote]) {
        nodes = index.notes.map { Node(id: $0.id, title: $0.title.text, type: $0.type) }
        var edges: [Edge] = []
        var seen: Set<Edge> = []
        for (source, note) in rendered.enumerated() {
            for link in note.links where link.target != source {
                let edge = Edge(
                    source: index.notes[source].id, target: index.notes[link.target].id, kind: link.kind.rawValue,
                    property: link.property)
                if seen.insert(edge).inserted { edges.append(edge) }
            }
        }
        self.edges = edges
    }

    public func json() -> String {
        func string(_ text: String?) -> String { text.map(JSONText.quote) ?? "null" }
        var out = "{\n  \"nodes\": [\n"
        out += nodes.map {
            "    {\"id\": \(string($0.id)), \"title\": \(string($0.title)), \"type\": \(string($0.type))}"
        }
        .joined(separator: ",\n")
        out += "\n  ],\n  \"edges\": [\n"
        out += edges.map {
            "    {\"source\": \(string($0.source)), \"target\": \(string($0.target)), \"kind\": \(string($0.kind))"
                + ($0.property.map { ", \"property\": \(string($0))" } ?? "") + "}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    public func dot() -> String {
        func quoted(_ text: String) -> String {
            var escaped = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n", "\r": escaped += " "
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return escaped + "\""
        }
        var out = "digraph kb {\n  node [shape=box];\n"
        for node in nodes {
            out += "  \(quoted(node.id)) [label=\(quoted(node.title))"
            if let type = node.type { out += ", group=\(quoted(type))" }
            out += "];\n"
        }
        let styles = ["link": "solid", "relation": "bold", "mention": "dashed"]
        for edge in edges {
            out += "  \(quoted(edge.source)) -> \(quoted(edge.target)) [style=\(styles[edge.kind] ?? "solid")"
            if let property = edge.property { out += ", label=\(quoted(property))" }
            out += "];\n"
        }
        return out + "}\n"
    }
}
