import Testing

@testable import KnowledgeBase

/// The table of contents nests headings by level, as a reader reads them.
@Suite struct TOCTests {
    typealias Entry = NoteView.TOCEntry

    static func shape(_ entries: [Entry]) -> String {
        entries.map { $0.text + ($0.children.isEmpty ? "" : "(" + shape($0.children) + ")") }.joined(separator: " ")
    }

    @Test func headingsNestUnderTheLastHigherOne() {
        let flat = [(2, "a"), (3, "a1"), (3, "a2"), (2, "b"), (3, "b1"), (1, "c"), (3, "c1"), (2, "c2")].map {
            Entry(level: $0.0, text: $0.1, id: $0.1)
        }
        #expect(Self.shape(Entry.nested(flat)) == "a(a1 a2) b(b1) c(c1 c2)")
        // A page that opens with a deeper heading keeps it at the top.
        #expect(
            Self.shape(Entry.nested([Entry(level: 3, text: "x", id: "x"), Entry(level: 2, text: "y", id: "y")]))
                == "x y")
    }
}
