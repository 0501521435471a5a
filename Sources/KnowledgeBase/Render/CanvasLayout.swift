/// Where a canvas's nodes and edges are drawn: the canvas's own coordinates moved so that its
/// top-left node sits a margin from the board's corner, every number a whole pixel (the same
/// bytes on every build), and each edge a cubic curve that leaves and meets its nodes at right
/// angles to their sides, as Obsidian draws them.
struct CanvasLayout {
    struct Frame: Equatable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    struct Point: Equatable {
        var x: Double
        var y: Double
    }

    /// One edge, ready to draw.
    struct Curve: Equatable {
        /// The SVG path, `M … C …`.
        var path: String
        /// Arrowheads as SVG polygon points, at the end first.
        var arrows: [String]
        /// The middle of the curve, where its label goes.
        var middle: Point
    }

    static let margin = 40.0
    static let arrowLength = 12.0
    static let arrowHalfWidth = 6.0

    let width: Int
    let height: Int
    private let dx: Double
    private let dy: Double
    private let nodes: [String: CanvasNode]

    init(_ canvas: CanvasDocument) {
        let left = canvas.nodes.map(\.x).min() ?? 0
        let top = canvas.nodes.map(\.y).min() ?? 0
        let right = canvas.nodes.map { $0.x + $0.width }.max() ?? 0
        let bottom = canvas.nodes.map { $0.y + $0.height }.max() ?? 0
        dx = Self.margin - left
        dy = Self.margin - top
        width = Int((right - left + 2 * Self.margin).rounded(.up))
        height = Int((bottom - top + 2 * Self.margin).rounded(.up))
        nodes = Dictionary(canvas.nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func frame(of node: CanvasNode) -> Frame {
        Frame(
            x: Int((node.x + dx).rounded()), y: Int((node.y + dy).rounded()), width: Int(node.width.rounded()),
            height: Int(node.height.rounded()))
    }

    /// Nil when an end is not a node (the parser drops such edges; a duplicate id keeps its first).
    func curve(for edge: CanvasEdge) -> Curve? {
        guard let from = nodes[edge.fromNode], let to = nodes[edge.toNode] else { return nil }
        let (fromSide, toSide) = sides(from, to, edge)
        let start = anchor(from, fromSide)
        let end = anchor(to, toSide)
        let distance = ((end.x - start.x) * (end.x - start.x) + (end.y - start.y) * (end.y - start.y)).squareRoot()
        let reach = min(max(distance / 2, 40), 200)
        let (fromX, fromY) = Self.normal(fromSide)
        let (toX, toY) = Self.normal(toSide)
        let control1 = Point(x: start.x + fromX * reach, y: start.y + fromY * reach)
        let control2 = Point(x: end.x + toX * reach, y: end.y + toY * reach)
        let middle = Point(
            x: (start.x + 3 * control1.x + 3 * control2.x + end.x) / 8,
            y: (start.y + 3 * control1.y + 3 * control2.y + end.y) / 8)
        var arrows: [String] = []
        if edge.toArrow { arrows.append(Self.arrow(at: end, side: toSide)) }
        if edge.fromArrow { arrows.append(Self.arrow(at: start, side: fromSide)) }
        let path =
            "M\(Self.text(start)) C\(Self.text(control1)) \(Self.text(control2)) \(Self.text(end))"
        return Curve(path: path, arrows: arrows, middle: middle)
    }

    /// The sides the edge names, else the ones that face each other most.
    private func sides(_ from: CanvasNode, _ to: CanvasNode, _ edge: CanvasEdge) -> (CanvasSide, CanvasSide) {
        let across = (to.x + to.width / 2) - (from.x + from.width / 2)
        let down = (to.y + to.height / 2) - (from.y + from.height / 2)
        let facing: (CanvasSide, CanvasSide) =
            abs(across) >= abs(down)
            ? (across >= 0 ? (.right, .left) : (.left, .right)) : (down >= 0 ? (.bottom, .top) : (.top, .bottom))
        return (edge.fromSide ?? facing.0, edge.toSide ?? facing.1)
    }

    private func anchor(_ node: CanvasNode, _ side: CanvasSide) -> Point {
        let x = node.x + dx
        let y = node.y + dy
        switch side {
        case .top: return Point(x: x + node.width / 2, y: y)
        case .bottom: return Point(x: x + node.width / 2, y: y + node.height)
        case .left: return Point(x: x, y: y + node.height / 2)
        case .right: return Point(x: x + node.width, y: y + node.height / 2)
        }
    }

    /// Out of the node, away from the side.
    private static func normal(_ side: CanvasSide) -> (Double, Double) {
        switch side {
        case .top: (0, -1)
        case .bottom: (0, 1)
        case .left: (-1, 0)
        case .right: (1, 0)
        }
    }

    /// A triangle with its tip on the side, pointing into the node.
    private static func arrow(at tip: Point, side: CanvasSide) -> String {
        let (outX, outY) = normal(side)
        let base = Point(x: tip.x + outX * arrowLength, y: tip.y + outY * arrowLength)
        let left = Point(x: base.x - outY * arrowHalfWidth, y: base.y + outX * arrowHalfWidth)
        let right = Point(x: base.x + outY * arrowHalfWidth, y: base.y - outX * arrowHalfWidth)
        return [tip, left, right].map { text($0) }.joined(separator: " ")
    }

    private static func text(_ point: Point) -> String {
        "\(Int(point.x.rounded())),\(Int(point.y.rounded()))"
    }
}
