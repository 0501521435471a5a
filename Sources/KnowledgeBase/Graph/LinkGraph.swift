import Markdown

/// A note that links to another, with every way it does so.
public struct Backlink: Sendable, Hashable {
    public var source: Int
    public var kinds: [OutgoingLink.Kind]
    /// Property names, for relations.
    public var properties: [String]
    public var excerpt: String
}

/// Who links to whom, computed once for the whole knowledge base.
public struct LinkGraph: Sendable {
    /// Distinct targets of each note, ascending.
    public let outgoing: [[Int]]
    /// Notes linking to each note, ordered by the linking note's title.
    public let backlinks: [[Backlink]]
    /// Links to what does not exist, and `#Heading` references that name no heading of their target.
    public let diagnostics: [Diagnostic]

    public init(index: EntityIndex, rendered: [RenderedNote]) {
        var outgoing = [[Int]](repeating: [], count: rendered.count)
        var incoming = [[Int: Backlink]](repeating: [:], count: rendered.count)
        for (source, note) in rendered.enumerated() {
            var targets: Set<Int> = []
            for link in note.links where link.target != source {
                targets.insert(link.target)
                var backlink =
                    incoming[link.target][source] ?? Backlink(source: source, kinds: [], properties: [], excerpt: "")
                if !backlink.kinds.contains(link.kind) {
                    backlink.kinds.append(link.kind)
                    backlink.kinds.sort()
                }
                if let property = link.property, !backlink.properties.contains(property) {
                    backlink.properties.append(property)
                }
                if backlink.excerpt.isEmpty { backlink.excerpt = link.excerpt }
                incoming[link.target][source] = backlink
            }
            outgoing[source] = targets.sorted()
        }
        // Every note's place in title order (`Collation`), found with one sort of the titles:
        // sorting each note's backlinks by the titles themselves compared strings millions of times.
        let titles = index.titleKeys
        var rank = [Int](repeating: 0, count: titles.count)
        for (place, note) in titles.indices.sorted(by: { (titles[$0], $0) < (titles[$1], $1) }).enumerated() {
            rank[note] = place
        }
        backlinks = incoming.map { bySource in
            bySource.values.sorted { rank[$0.source] < rank[$1.source] }
        }
        self.outgoing = outgoing

        var diagnostics: [Diagnostic] = []
        let headingIDs = rendered.map { Set($0.headings.map(\.id)) }
        let blockIDs = rendered.map { Set($0.blockIDs) }
        for (source, note) in rendered.enumerated() {
            for anchor in note.anchors {
                let target = anchor.target
                let title = index.notes[target].title.text
                let message: String
                var candidates: [String]
                if anchor.heading.hasPrefix("^") {
                    guard !blockIDs[target].contains(String(anchor.heading.dropFirst())) else { continue }
                    message = "no block \"\(anchor.heading)\" in \"\(title)\""
                    candidates = rendered[target].blockIDs.map { "^" + $0 }
                } else {
                    guard !headingIDs[target].contains(HeadingIDs.base(for: anchor.heading)) else { continue }
                    message = "no heading \"\(anchor.heading)\" in \"\(title)\""
                    candidates = rendered[target].headings.map(\.text)
                }
                // Among a note's few headings, a short one is "close" to any other short one; one
                // sharing no character with what was written helps nobody.
                candidates = NameSuggestions(names: candidates).suggestions(for: anchor.heading).filter {
                    !Set(NameKey.make($0)).isDisjoint(with: NameKey.make(anchor.heading))
                }
                let hint =
                    candidates.isEmpty
                    ? "" : " (did you mean " + candidates.map { "\"\($0)\"" }.joined(separator: " or ") + "?)"
                diagnostics.append(
                    .warning(
                        index.notes[source].file, line: anchor.location.line, column: anchor.location.column,
                        message + hint))
            }
        }
        // The closest names once per distinct missing name: a garden links to thousands of notes
        // not written yet, many of them from many notes.
        var suggestions: [String: [String]] = [:]
        for (source, note) in rendered.enumerated() {
            for link in note.unresolved {
                if suggestions[link.name] == nil { suggestions[link.name] = index.suggestions(for: link.name) }
                diagnostics.append(
                    link.diagnostic(file: index.notes[source].file, suggestions: suggestions[link.name] ?? []))
            }
        }
        self.diagnostics = diagnostics
    }
}
