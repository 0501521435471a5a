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

/// Reads one node or edge at a time, warning at its place.
private struct CanvasReader {
    let file: String
    let lines: LineTable
    var place = CanvasPlace(line: 1, byteColumn: 1)
    var diagnostics: [Diagnostic] = []
    static let farthest = 1_000_000.0

    mutating func warn(_ message: String) {
        let location = lines.location(of: place)
        diagnostics.append(.warning(file, line: location.line, column: location.column, message))
    }

    mutating func node(_ value: Any) -> CanvasNode? {
        guard let fields = value as? [String: Any] else {
            warn("a canvas node is not a JSON object; left out")
            return nil
        }
        guard let id = string(fields, "id", of: "node"), let type = string(fields, "type", of: "node") else {
            return nil
        }
        let name = "node \"\(id)\""
        guard let x = number(fields, "x", of: name), let y = number(fields, "y", of: name),
            let width = number(fields, "width", of: name), let height = number(fields, "height", of: name)
        else { return nil }
        let content: CanvasNode.Content
        switch type {
        case "text":
            guard let text = string(fields, "text", of: name) else { return nil }
            content = .text(text)
        case "file":
            guard let path = string(fields, "file", of: name) else { return nil }
            let subpath = optionalString(fields, "subpath", of: name).flatMap { $0.hasPrefix("#") ? $0 : nil }
            content = .file(path, subpath: subpath.map { String($0.dropFirst()) }.flatMap(\.nonEmpty))
        case "link":
            guard let url = string(fields, "url", of: name) else { return nil }
            content = .link(url)
        case "group":
            let style = optionalString(fields, "backgroundStyle", of: name).map { written in
                CanvasNode.BackgroundStyle(rawValue: written)
                    ?? {
                        warn("\(name) has an unknown backgroundStyle \"\(written)\"; drawn as cover")
                        return .cover
                    }()
            }
            content = .group(
                label: optionalString(fields, "label", of: name),
                background: optionalString(fields, "background", of: name),
                backgroundStyle: style ?? .cover)
        default:
            warn("\(name) has the unknown type \"\(type)\"; left out")
            return nil
        }
        guard width > 0, height > 0 else {
            warn("\(name) has no area (width and height must be above 0); left out")
            return nil
        }
        return CanvasNode(
            id: id, content: content, x: x, y: y, width: width, height: height, color: color(fields, of: name),
            place: place)
    }

    mutating func edge(_ value: Any, nodes: Set<String>) -> CanvasEdge? {
        guard let fields = value as? [String: Any] else {
            warn("a canvas edge is not a JSON object; left out")
            return nil
        }
        guard let id = string(fields, "id", of: "edge") else { return nil }
        let name = "edge \"\(id)\""
        guard let from = string(fields, "fromNode", of: name), let to = string(fields, "toNode", of: name) else {
            return nil
        }
        for end in [from, to] where !nodes.contains(end) {
            warn("\(name) joins \"\(end)\", which is no node of this canvas; left out")
            return nil
        }
        return CanvasEdge(
            id: id, fromNode: from, fromSide: side(fields, "fromSide", of: name),
            fromArrow: arrow(fields, "fromEnd", of: name) ?? false,
            toNode: to, toSide: side(fields, "toSide", of: name), toArrow: arrow(fields, "toEnd", of: name) ?? true,
            color: color(fields, of: name), label: optionalString(fields, "label", of: name)?.nonEmpty, place: place)
    }

    private mutating func string(_ fields: [String: Any], _ key: String, of name: String) -> String? {
        guard let value = fields[key] else {
            warn("\(name) has no \"\(key)\"; left out")
            return nil
        }
        guard let text = value as? String else {
            warn("\(name): \"\(key)\" is not a string; left out")
            return nil
        }
        return text
    }

    private mutating func optionalString(_ fields: [String: Any], _ key: String, of name: String) -> String? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            warn("\(name): \"\(key)\" is not a string; ignored")
            return nil
        }
        return text
    }

    private mutating func number(_ fields: [String: Any], _ key: String, of name: String) -> Double? {
        guard let value = fields[key] else {
            warn("\(name) has no \"\(key)\"; left out")
            return nil
        }
        // JSONSerialization gives numbers and Booleans alike as NSNumber; a Boolean's type is `c`.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c", number.doubleValue.isFinite
        else {
            warn("\(name): \"\(key)\" is not a number; left out")
            return nil
        }
        // Far past any canvas a reader could pan over, and within what a pixel count holds.
        guard abs(number.doubleValue) <= Self.farthest else {
            warn("\(name): \"\(key)\" lies past ±\(Int(Self.farthest)); left out")
            return nil
        }
        return number.doubleValue
    }

    private mutating func color(_ fields: [String: Any], of name: String) -> CanvasColor? {
        guard let written = optionalString(fields, "color", of: name) else { return nil }
        guard let color = CanvasColor(written) else {
            warn("\(name) has the color \"\(written)\", neither \"1\" to \"6\" nor #rgb or #rrggbb; ignored")
            return nil
        }
        return color
    }

    private mutating func side(_ fields: [String: Any], _ key: String, of name: String) -> CanvasSide? {
        guard let written = optionalString(fields, key, of: name) else { return nil }
        guard let side = CanvasSide(rawValue: written) else {
            warn("\(name) has the \(key) \"\(written)\", not top, right, bottom or left; ignored")
            return nil
        }
        return side
    }

    private mutating func arrow(_ fields: [String: Any], _ key: String, of name: String) -> Bool? {
        guard let written = optionalString(fields, key, of: name) else { return nil }
        guard written == "arrow" || written == "none" else {
            warn("\(name) has the \(key) \"\(written)\", neither arrow nor none; ignored")
            return nil
        }
        return written == "arrow"
    }
}

/// Where each line of the file starts, to turn a byte offset into a line and a column of
/// Unicode scalars, as every diagnostic counts them.
private struct LineTable {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.starts = starts
    }

    func place(ofByte offset: Int) -> CanvasPlace {
        // The last line that starts at or before `offset`, found by halving: a canvas of
        // thousands of nodes asks once for each.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return CanvasPlace(line: low + 1, byteColumn: offset - starts[low] + 1)
    }

    func location(of place: CanvasPlace) -> SourceLocation {
        guard place.line >= 1, place.line <= starts.count else { return SourceLocation(line: place.line, column: 1) }
        let start = starts[place.line - 1]
        let end = min(start + place.byteColumn - 1, bytes.count)
        return SourceLocation(line: place.line, column: bytes[start..<end].count { $0 & 0xC0 != 0x80 } + 1)
    }

    /// Foundation names where JSON broke in its message only: "around line 3, column 7" (its
    /// columns count from 0 at some versions and 1 at others; the line is what a reader needs), or
    /// "around character 42", a byte offset.
    func location(ofFoundationError error: Error) -> SourceLocation {
        let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        func number(after word: String) -> Int? {
            guard let range = message.range(of: word + " ") else { return nil }
            return Int(message[range.upperBound...].prefix { $0.isNumber })
        }
        if let line = number(after: "line"), line >= 1 {
            return SourceLocation(line: line, column: max(number(after: "column") ?? 1, 1))
        }
        if let offset = number(after: "character") {
            return location(of: place(ofByte: min(offset, bytes.count)))
        }
        return SourceLocation(line: 1, column: 1)
    }
}

/// The byte offset at which each element of the top object's `nodes` and `edges` lists starts.
/// Only strings, commas and nesting are followed: the text already parsed as JSON.
private struct ElementStarts {
    var offsets: [String: [Int]] = [:]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        var depth = 0
        var inString = false
        var escaped = false
        var stringStart = 0
        var lastKey = ""
        var list: String?
        // Inside one of the lists, after its `[` or a `,`: the next byte that is not a space
        // starts an element, whatever it is.
        var awaitingElement = false
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastKey = String(decoding: bytes[(stringStart + 1)..<offset], as: UTF8.self) }
                }
                continue
            }
            if byte <= 0x20 { continue }
            if awaitingElement, let list, byte != UInt8(ascii: "]") {
                offsets[list, default: []].append(offset)
                awaitingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = offset
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 1, byte == UInt8(ascii: "["), lastKey == "nodes" || lastKey == "edges" {
                    list = lastKey
                    awaitingElement = true
                }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 1 { list = nil }
            case UInt8(ascii: ","):
                if depth == 2, list != nil { awaitingElement = true }
            default:
                break
            }
        }
    }

    func place(of element: Int, in list: String, lines: LineTable) -> CanvasPlace {
        let offsets = offsets[list] ?? []
        return lines.place(ofByte: element < offsets.count ? offsets[element] : 0)
    }
}
