import Foundation

/// A JSON Canvas (`.canvas`, https://jsoncanvas.org, version 1.0): nodes placed on a plane and
/// edges between them, decoded and checked. Nodes keep the file's order, which is their stacking
/// order, bottom first.
public struct CanvasDocument: Sendable, Equatable {
    public var nodes: [CanvasNode] = []
    public var edges: [CanvasEdge] = []
}

/// Where a node or an edge starts in the file: a line, and a column in UTF-8 bytes, as the
/// Render stage places its links (the canvas is the body of its note).
public struct CanvasPlace: Sendable, Equatable {
    public var line: Int
    public var byteColumn: Int
}

public struct CanvasNode: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// Markdown.
        case text(String)
        /// A note or a file of the content folder, with `#Heading` or `#^block` when given.
        case file(String, subpath: String?)
        case link(String)
        case group(label: String?, background: String?, backgroundStyle: BackgroundStyle)
    }

    /// How a group's background image fills it.
    public enum BackgroundStyle: String, Sendable, Equatable {
        case cover, ratio, `repeat`
    }

    public var id: String
    public var content: Content
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var color: CanvasColor?
    public var place: CanvasPlace
}

public enum CanvasSide: String, Sendable, Equatable {
    case top, right, bottom, left
}

public struct CanvasEdge: Sendable, Equatable {
    public var id: String
    public var fromNode: String
    public var fromSide: CanvasSide?
    public var fromArrow: Bool
    public var toNode: String
    public var toSide: CanvasSide?
    public var toArrow: Bool
    public var color: CanvasColor?
    public var label: String?
    public var place: CanvasPlace
}

/// One of the six colours every canvas app offers (`"1"` red … `"6"` purple), or `#rgb` /
/// `#rrggbb`. Nothing else is kept, so that what reaches a style attribute is only these.
public enum CanvasColor: Sendable, Equatable {
    case preset(Int)
    case hex(String)

    public init?(_ text: String) {
        if text.count == 1, let number = Int(text), (1...6).contains(number) {
            self = .preset(number)
            return
        }
        let digits = text.utf8.dropFirst()
        guard text.hasPrefix("#"), [3, 6].contains(digits.count), digits.allSatisfy(\.isHexDigit) else {
            return nil
        }
        self = .hex(text.lowercased())
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}

extension CanvasDocument {
    /// Decodes `text`, the whole file. JSON that does not parse is one warning at the place
    /// Foundation names and an empty canvas; a node or an edge that is not understood is a warning
    /// at its `{` and is left out, the rest kept.
    public static func parse(_ text: String, file: String) -> (CanvasDocument, [Diagnostic]) {
        let lines = LineTable(text)
        var diagnostics: [Diagnostic] = []
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            let place = lines.location(ofFoundationError: error)
            return (
                CanvasDocument(),
                [.warning(file, line: place.line, column: place.column, "the canvas is not valid JSON; nothing drawn")]
            )
        }
        guard let object = root as? [String: Any] else {
            return (CanvasDocument(), [.warning(file, "a canvas is a JSON object with \"nodes\" and \"edges\"")])
        }
        // Foundation's parsers say nothing of where a value was: the file is scanned once more
        // for where each element of the two lists starts.
        let starts = ElementStarts(text)
        var document = CanvasDocument()
        var reader = CanvasReader(file: file, lines: lines)
        var ids: Set<String> = []
        for (number, value) in list(object["nodes"], key: "nodes", reader: &reader).enumerated() {
            reader.place = starts.place(of: number, in: "nodes", lines: lines)
            guard let node = reader.node(value) else { continue }
            // Edges name nodes by id: a second node of the same id could never be reached.
            guard ids.insert(node.id).inserted else {
                reader.warn("a second node \"\(node.id)\"; left out, as ids must differ")
                continue
            }
            document.nodes.append(node)
        }
        for (number, value) in list(object["edges"], key: "edges", reader: &reader).enumerated() {
            reader.place = starts.place(of: number, in: "edges", lines: lines)
            if let edge = reader.edge(value, nodes: ids) { document.edges.append(edge) }
        }
        diagnostics += reader.diagnostics
        return (document, diagnostics)
    }

    private static func list(_ value: Any?, key: String, reader: inout CanvasReader) -> [Any] {
        guard let value else { return [] }
        guard let list = value as? [Any] else {
            reader.warn("\"\(key)\" is not a list; left out")
            return []
        }
        return list
    }
}
