import Testing

@testable import KnowledgeBase

/// Backlinks mirror outgoing links, over a generated knowledge base with wikilinks, mentions and
/// relations drawn at random (seeded, so a failure repeats).
@Suite struct LinkGraphTests {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11 | state << 53
        }
    }

    static let syllables = ["云", "栖", "通", "义", "千", "问", "杭", "州", "阿", "里", "魔", "搭", "飞", "天"]

    static func knowledgeBase(notes count: Int, seed: UInt64) -> [Note] {
        var random = SeededGenerator(state: seed)
        var titles: [String] = []
        while titles.count < count {
            let title = (0..<4).map { _ in syllables.randomElement(using: &random)! }.joined()
            if !titles.contains(title) { titles.append(title) }
        }
        return titles.enumerated().map { position, title in
            var body = ""
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let other = titles.randomElement(using: &random)!
                switch Int.random(in: 0...2, using: &random) {
                case 0: body += "见[[\(other)]]。\n\n"
                case 1: body += "提到\(other)的事。\n\n"
                default: body += "*强调 [[\(other)|别名]]* 与 `[[\(other)]]`。\n\n"
                }
            }
            var note = Note(
                id: "n\(position)", file: "Content/n\(position).md",
                title: NoteName(text: title, location: SourceLocation(line: 2, column: 8)), body: body, bodyLine: 4)
            if Bool.random(using: &random) {
                note.properties = [
                    Property(
                        key: "related", values: [.link(Wikilink(target: titles.randomElement(using: &random)!))],
                        location: SourceLocation(line: 3, column: 10))
                ]
            }
            return note
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func backlinksMirrorOutgoingLinks(seed: UInt64) {
        let (index, diagnostics) = EntityIndex.build(notes: Self.knowledgeBase(notes: 60, seed: seed), assets: [])
        #expect(diagnostics.isEmpty)
        let renderer = NoteRenderer(index: index, settings: SiteSettings())
        let rendered = index.notes.indices.map(renderer.render)
        let graph = LinkGraph(index: index, rendered: rendered)

        var outgoing: Set<[Int]> = []
        for (source, note) in rendered.enumerated() {
            for link in note.links where link.target != source { outgoing.insert([source, link.target]) }
            #expect(graph.outgoing[source] == Set(note.links.map(\.target)).subtracting([source]).sorted())
        }
        var incoming: Set<[Int]> = []
        for (target, backlinks) in graph.backlinks.enumerated() {
            for backlink in backlinks { incoming.insert([backlink.source, target]) }
            #expect(Set(backlinks.map(\.source)).count == backlinks.count, "one entry per linking note")
        }
        #expect(outgoing == incoming)
        #expect(rendered.allSatisfy { !$0.html.contains("<code><a") }, "no link inside code")
    }
}
