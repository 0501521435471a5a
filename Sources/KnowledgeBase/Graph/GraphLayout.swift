import Foundation

/// Where each note sits in the drawing of the whole graph, worked out at build time so that the
/// page only draws: a force-directed layout (Fruchterman–Reingold) whose repulsion between every
/// pair of notes is approximated with a Barnes–Hut `QuadTree`, so that a step costs n log n, not n².
///
/// Deterministic: notes start on a sunflower spiral in a fixed order, every step visits them in
/// the same order, and the number of steps is fixed; there is no randomness and no parallelism, so
/// the same graph lays out to the same coordinates whatever `--jobs` is.
public struct GraphLayout: Sendable {
    /// Coordinates in layout units (an ideal edge is `spacing` long), centred on the origin.
    public private(set) var x: [Double]
    public private(set) var y: [Double]

    /// The length an edge tends to: the unit of the drawing.
    public static let spacing = 24.0

    /// The layout of the last build with the graph it was made for, kept by `kb serve`: a save
    /// that changes no link lays out nothing (the layout was a twelfth of a warm rebuild).
    public struct Memo: Sendable {
        var count: Int
        var edges: [Int]
        var layout: GraphLayout
    }

    /// The layout of `memo` when its graph is this one, else a new one, left in `memo`.
    static func make(count: Int, edges: [(Int, Int)], memo: inout Memo?) -> GraphLayout {
        let flat = edges.flatMap { [$0.0, $0.1] }
        if let memo, memo.count == count, memo.edges == flat { return memo.layout }
        let layout = GraphLayout(count: count, edges: edges)
        memo = Memo(count: count, edges: flat, layout: layout)
        return layout
    }

    /// `edges`: unordered pairs of notes in `0..<count`; a pair given twice pulls twice. `steps`
    /// by default fewer for a larger graph, whose steps cost more, so that 10,000 notes take
    /// about a second; the sunflower start already puts hubs in the middle.
    public init(count: Int, edges: [(Int, Int)], steps: Int? = nil) {
        let steps = steps ?? max(50, min(300, 600_000 / max(1, count)))
        let k = Self.spacing
        var degree = [Int](repeating: 0, count: count)
        for (a, b) in edges where a != b {
            degree[a] += 1
            degree[b] += 1
        }
        // A hub pushes harder, so that the notes around it leave room for its larger dot.
        let mass = degree.map { 1 + Double($0).squareRoot() / 2 }
        // The most linked notes start in the middle, where most of their neighbours will be.
        let order = (0..<count).sorted { (degree[$0], $1) > (degree[$1], $0) }
        var x = [Double](repeating: 0, count: count)
        var y = [Double](repeating: 0, count: count)
        let golden = Double.pi * (3 - 5.0.squareRoot())
        for (place, note) in order.enumerated() {
            let radius = k * 0.8 * Double(place + 1).squareRoot()
            x[note] = radius * cos(Double(place) * golden)
            y[note] = radius * sin(Double(place) * golden)
        }
        guard count > 1 else {
            self.x = x.map { _ in 0 }
            self.y = y.map { _ in 0 }
            return
        }

        let gravity = 0.01
        var dx = [Double](repeating: 0, count: count)
        var dy = [Double](repeating: 0, count: count)
        var tree = QuadTree(count: count)
        var temperature = k * Double(count).squareRoot() / 4
        let cooling = temperature / Double(steps)
        for _ in 0..<steps {
            tree.build(x: x, y: y, mass: mass)
            for note in 0..<count {
                // Gravity keeps apart pieces of the graph from drifting away.
                dx[note] = -gravity * x[note] * mass[note]
                dy[note] = -gravity * y[note] * mass[note]
            }
            tree.push(x: x, y: y, mass: mass, strength: k * k, fx: &dx, fy: &dy)
            for (a, b) in edges where a != b {
                let ex = x[a] - x[b]
                let ey = y[a] - y[b]
                // Force d²/k along the edge: the vector (ex, ey) times d/k.
                let pull = (ex * ex + ey * ey).squareRoot() / k
                dx[a] -= ex * pull
                dy[a] -= ey * pull
                dx[b] += ex * pull
                dy[b] += ey * pull
            }
            for note in 0..<count {
                let length = (dx[note] * dx[note] + dy[note] * dy[note]).squareRoot()
                guard length > 0 else { continue }
                // The hotter the layout, the further a note may move in one step.
                let step = min(length, temperature) / length
                x[note] += dx[note] * step
                y[note] += dy[note] * step
            }
            temperature = max(k / 20, temperature - cooling)
        }

        let centreX = (x.min()! + x.max()!) / 2
        let centreY = (y.min()! + y.max()!) / 2
        self.x = x.map { $0 - centreX }
        self.y = y.map { $0 - centreY }
    }
}
