import Testing

@testable import KnowledgeBase

/// The build-time layout of the graph page: the same every time, finite, the notes apart from each
/// other, and linked notes drawn near each other.
@Suite struct GraphLayoutTests {
    /// Six groups of 25 notes, each a ring with chords inside, one link from each group to the
    /// next, and five notes linked to nothing.
    static let groups = 6
    static let groupSize = 25
    static let count = groups * groupSize + 5
    static let edges: [(Int, Int)] = {
        var edges: [(Int, Int)] = []
        for group in 0..<groups {
            let first = group * groupSize
            for member in 0..<groupSize {
                edges.append((first + member, first + (member + 1) % groupSize))
                if member % 3 == 0 { edges.append((first + member, first + (member * 7 + 5) % groupSize)) }
            }
            edges.append((first, (group + 1) % groups * groupSize + 3))
        }
        return edges
    }()

    static func distance(_ layout: GraphLayout, _ a: Int, _ b: Int) -> Double {
        let dx = layout.x[a] - layout.x[b]
        let dy = layout.y[a] - layout.y[b]
        return (dx * dx + dy * dy).squareRoot()
    }

    @Test func theSameGraphLaysOutTheSame() {
        let first = GraphLayout(count: Self.count, edges: Self.edges)
        let second = GraphLayout(count: Self.count, edges: Self.edges)
        #expect(first.x == second.x)
        #expect(first.y == second.y)
    }

    @Test func notesAreApartAndLinkedNotesAreNear() {
        let layout = GraphLayout(count: Self.count, edges: Self.edges)
        #expect(layout.x.count == Self.count)
        #expect(layout.x.allSatisfy(\.isFinite) && layout.y.allSatisfy(\.isFinite))

        var closest = Double.infinity
        var total = 0.0
        var pairs = 0
        var sameGroup = 0.0
        var sameGroupPairs = 0
        for a in 0..<Self.count {
            for b in (a + 1)..<Self.count {
                let distance = Self.distance(layout, a, b)
                closest = min(closest, distance)
                total += distance
                pairs += 1
                if a < Self.groups * Self.groupSize, a / Self.groupSize == b / Self.groupSize {
                    sameGroup += distance
                    sameGroupPairs += 1
                }
            }
        }
        let average = total / Double(pairs)
        let edgeAverage =
            Self.edges.map { Self.distance(layout, $0.0, $0.1) }.reduce(0, +) / Double(Self.edges.count)
        // No two dots on top of each other: a dot is at most about a third of the spacing across.
        #expect(closest > GraphLayout.spacing / 4)
        #expect(edgeAverage < average / 3)
        // The groups come out as groups.
        #expect(sameGroup / Double(sameGroupPairs) < average * 0.6)
    }

    @Test func aGraphOfOneOrNoNotesLaysOut() {
        #expect(GraphLayout(count: 0, edges: []).x.isEmpty)
        let one = GraphLayout(count: 1, edges: [])
        #expect(one.x == [0] && one.y == [0])
        let linkedToItself = GraphLayout(count: 2, edges: [(0, 0), (0, 1)])
        #expect(Self.distance(linkedToItself, 0, 1) > 1)
    }

    /// `kb serve` keeps the layout while the links stay as they are, and only then.
    @Test func theMemoAnswersForTheSameGraphOnly() {
        var memo: GraphLayout.Memo?
        let first = GraphLayout.make(count: 3, edges: [(0, 1)], memo: &memo)
        #expect(memo?.edges == [0, 1])
        let again = GraphLayout.make(count: 3, edges: [(0, 1)], memo: &memo)
        #expect(again.x == first.x && again.y == first.y)
        let linked = GraphLayout.make(count: 3, edges: [(0, 1), (1, 2)], memo: &memo)
        let fresh = GraphLayout(count: 3, edges: [(0, 1), (1, 2)])
        #expect(linked.x == fresh.x && linked.y == fresh.y && linked.x != first.x)
        #expect(memo?.edges == [0, 1, 1, 2])
    }
}
