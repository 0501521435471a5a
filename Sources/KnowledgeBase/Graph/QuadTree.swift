import Foundation

/// The notes of one step in nested squares, each square knowing its mass and centre of mass, so
/// that a far group of notes pushes as one.
struct QuadTree {
    /// A square whose notes are `notes[first..<first + count]`; `child` is its first of four
    /// children (consecutive), -1 for a leaf.
    private struct Square {
        var first: Int
        var count: Int
        var child: Int
        var left: Double
        var top: Double
        var size: Double
        var massX: Double
        var massY: Double
        var mass: Double
    }

    private var notes: [Int]
    private var squares: [Square] = []
    /// Barnes–Hut's θ: a square seen under less than this (its width over its distance) pushes as
    /// one, unless the note is inside it.
    private static let theta = 1.0
    private static let leafSize = 6

    init(count: Int) { notes = Array(0..<count) }

    mutating func build(x: [Double], y: [Double], mass: [Double]) {
        squares.removeAll(keepingCapacity: true)
        for position in notes.indices { notes[position] = position }
        let size = max(x.max()! - x.min()!, y.max()! - y.min()!, 1)
        squares.append(
            Square(
                first: 0, count: notes.count, child: -1, left: x.min()!, top: y.min()!, size: size, massX: 0, massY: 0,
                mass: 0))
        split(0, left: x.min()!, top: y.min()!, x: x, y: y, mass: mass, depth: 0)
    }

    private mutating func split(
        _ square: Int, left: Double, top: Double, x: [Double], y: [Double], mass: [Double], depth: Int
    ) {
        let first = squares[square].first
        let count = squares[square].count
        if count <= Self.leafSize || depth == 40 {
            var total = 0.0
            var sumX = 0.0
            var sumY = 0.0
            for note in notes[first..<first + count] {
                total += mass[note]
                sumX += x[note] * mass[note]
                sumY += y[note] * mass[note]
            }
            squares[square].mass = total
            squares[square].massX = sumX / total
            squares[square].massY = sumY / total
            return
        }
        let half = squares[square].size / 2
        let midX = left + half
        let midY = top + half
        // Partition in place: top half before bottom half, then left before right in each.
        let middle = partition(first, first + count) { y[$0] < midY }
        let topMiddle = partition(first, middle) { x[$0] < midX }
        let bottomMiddle = partition(middle, first + count) { x[$0] < midX }
        let bounds = [first, topMiddle, middle, bottomMiddle, first + count]
        let child = squares.count
        squares[square].child = child
        for quadrant in 0..<4 {
            squares.append(
                Square(
                    first: bounds[quadrant], count: bounds[quadrant + 1] - bounds[quadrant], child: -1,
                    left: quadrant % 2 == 0 ? left : midX, top: quadrant < 2 ? top : midY, size: half,
                    massX: 0, massY: 0, mass: 0))
        }
        var total = 0.0
        var sumX = 0.0
        var sumY = 0.0
        for quadrant in 0..<4 where squares[child + quadrant].count > 0 {
            split(
                child + quadrant, left: quadrant % 2 == 0 ? left : midX, top: quadrant < 2 ? top : midY, x: x, y: y,
                mass: mass, depth: depth + 1)
            let part = squares[child + quadrant]
            total += part.mass
            sumX += part.massX * part.mass
            sumY += part.massY * part.mass
        }
        squares[square].mass = total
        squares[square].massX = sumX / total
        squares[square].massY = sumY / total
    }

    /// Stable enough for determinism: the same input gives the same order; returns where the
    /// notes for which `isBefore` fails begin.
    private mutating func partition(_ start: Int, _ end: Int, isBefore: (Int) -> Bool) -> Int {
        var boundary = start
        for position in start..<end where isBefore(notes[position]) {
            notes.swapAt(boundary, position)
            boundary += 1
        }
        return boundary
    }

    /// The repulsion on every note from every other, `strength` × mass / distance each, added to
    /// `fx` and `fy`. Through raw buffers: this loop is nearly all of the layout's time, and
    /// checked, reference-counted array access made it several times slower.
    func push(x: [Double], y: [Double], mass: [Double], strength: Double, fx: inout [Double], fy: inout [Double]) {
        var pending = [Int]()
        pending.reserveCapacity(256)
        let theta2 = Self.theta * Self.theta
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                mass.withUnsafeBufferPointer { mass in
                    notes.withUnsafeBufferPointer { notes in
                        squares.withUnsafeBufferPointer { squares in
                            for note in 0..<x.count {
                                let nx = x[note]
                                let ny = y[note]
                                var sumX = 0.0
                                var sumY = 0.0
                                pending.removeAll(keepingCapacity: true)
                                pending.append(0)
                                while let square = pending.popLast() {
                                    let part = squares[square]
                                    if part.child < 0 {
                                        for slot in part.first..<part.first + part.count {
                                            let other = notes[slot]
                                            var ox = nx - x[other]
                                            var oy = ny - y[other]
                                            var d2 = ox * ox + oy * oy
                                            if d2 < 0.01 {
                                                if other == note { continue }
                                                // Notes on one spot part along a direction fixed by their numbers.
                                                let angle = Double(note &* 31 &+ other)
                                                ox = 0.1 * cos(angle)
                                                oy = 0.1 * sin(angle)
                                                d2 = 0.01
                                            }
                                            let force = strength * mass[other] / d2
                                            sumX += ox * force
                                            sumY += oy * force
                                        }
                                        continue
                                    }
                                    let ex = nx - part.massX
                                    let ey = ny - part.massY
                                    let d2 = ex * ex + ey * ey
                                    let inside =
                                        nx >= part.left && nx <= part.left + part.size && ny >= part.top
                                        && ny <= part.top + part.size
                                    if !inside && part.size * part.size < theta2 * d2 {
                                        let force = strength * part.mass / d2
                                        sumX += ex * force
                                        sumY += ey * force
                                    } else {
                                        for quadrant in 0..<4 where squares[part.child + quadrant].count > 0 {
                                            pending.append(part.child + quadrant)
                                        }
                                    }
                                }
                                fx[note] += sumX
                                fy[note] += sumY
                            }
                        }
                    }
                }
            }
        }
    }
}
