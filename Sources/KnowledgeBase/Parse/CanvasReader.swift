import Foundation

/// Reads one node or edge at a time, warning at its place.
struct CanvasReader {
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
