import Foundation
import Markdown

/// The Query stage, between Render and Graph: every query of the site runs once, over the notes
/// as Render left them (fields, inline tags, links), and its result replaces its mark in the
/// HTML of each page that shows it. The notes a result links to become the page's links of kind
/// `query`, so that Graph counts them as backlinks; queries themselves read links without those,
/// so that no result depends on another and the order of evaluation never matters.
enum QueryStage {
    static func run(
        index: EntityIndex, rendered: inout [RenderedNote], labels: Labels, now: QueryDate, jobs: Int
    ) async -> [Diagnostic] {
        var memo: Memo?
        return await run(
            index: index, rendered: &rendered, labels: labels, now: now, jobs: jobs, memo: &memo, keeps: false)
    }

    /// Everything a query can read (what `QueryCorpus` is made of) but the time. A query whose
    /// words name nothing that changed since the last build (`Changes`) keeps that build's result:
    /// a save that edits the words of a note runs only the queries that read `file.size`.
    struct Inputs: Equatable, Sendable {
        struct NoteInputs: Equatable, Sendable {
            /// Without its body, of which queries see only the length.
            var note: Note
            var size: Int
            var fields: [InlineField]
            var tags: [String]
            var links: [Int]
            var tasks: [TaskItem]
        }
        var notes: [NoteInputs]
        var nameHeader: String

        init(index: EntityIndex, rendered: [RenderedNote], labels: Labels) {
            notes = zip(index.notes, rendered).map { note, rendered in
                var bare = note
                bare.body = ""
                return NoteInputs(
                    note: bare, size: note.body.utf8.count, fields: rendered.fields, tags: rendered.tags.map(\.name),
                    links: rendered.links.map(\.target), tasks: rendered.tasks)
            }
            nameHeader = labels[.name]
        }
    }

    /// What changed between two builds' inputs, as far as a query's words can tell; nil when a
    /// note came, went or changed anything but its properties, inline fields, tags, links, tasks
    /// or length (its names, type, dates, path), which any query may read.
    struct Changes: Equatable, Sendable {
        /// Lowercased names of the properties and inline fields that changed in any note.
        var keys: Set<String> = []
        var tags = false
        var links = false
        var tasks = false
        var size = false

        init(keys: Set<String> = [], tags: Bool = false, links: Bool = false, tasks: Bool = false, size: Bool = false) {
            (self.keys, self.tags, self.links, self.tasks, self.size) = (keys, tags, links, tasks, size)
        }

        init?(from old: Inputs, to new: Inputs) {
            guard old.nameHeader == new.nameHeader, old.notes.count == new.notes.count else { return nil }
            for (before, after) in zip(old.notes, new.notes) where before != after {
                var (bareBefore, bareAfter) = (before.note, after.note)
                (bareBefore.properties, bareAfter.properties) = ([], [])
                guard bareBefore == bareAfter else { return nil }
                keys.formUnion(
                    Self.changed(
                        before.note.properties.map { ($0.key, $0.values) },
                        after.note.properties.map { ($0.key, $0.values) }))
                keys.formUnion(
                    Self.changed(before.fields.map { ($0.key, $0.value) }, after.fields.map { ($0.key, $0.value) }))
                tags = tags || before.tags != after.tags
                links = links || before.links != after.links
                tasks = tasks || before.tasks != after.tasks
                size = size || before.size != after.size
            }
        }

        private static func changed<Value: Equatable>(_ before: [(String, Value)], _ after: [(String, Value)]) -> Set<
            String
        > {
            let (old, new) = (Dictionary(grouping: before, by: \.0), Dictionary(grouping: after, by: \.0))
            return Set(
                Set(old.keys).union(new.keys).filter { old[$0]?.map(\.1) != new[$0]?.map(\.1) }.map { $0.lowercased() })
        }

        /// Whether a query written as `source` may read what changed, by its words: a field is
        /// named in the query to be read (Dataview's `due-date` for `Due Date` too), and
        /// when unsure it may. What every note has (`file.tags`, `file.size`, links, tasks) is
        /// read by a query whose words say so.
        func mayChange(_ source: String) -> Bool {
            let words = source.lowercased()
            if tags && (words.contains("#") || words.contains("tag")) { return true }
            if links && (words.contains("link") || words.contains("[[") || words.contains("outgoing")) { return true }
            if tasks && words.contains("task") { return true }
            if size && words.contains("size") { return true }
            guard !keys.isEmpty else { return false }
            // Whole objects: every property at once.
            if ["frontmatter", "properties", "row"].contains(where: words.contains) { return true }
            return keys.contains { words.contains($0) || words.contains($0.replacingOccurrences(of: " ", with: "-")) }
        }
    }

    /// The last build's results, kept by `kb serve`.
    struct Memo: Sendable {
        var inputs: Inputs
        var now: QueryDate
        var outcomes: [Key: Outcome]
    }

    /// Whether a query may read the time, by its words: when unsure, it does. `date(…)` of a
    /// field can read "today" from a note, so any mention of a date counts.
    static func mayReadTime(_ source: String) -> Bool {
        let words = source.lowercased()
        return ["now", "today", "tomorrow", "yesterday", "relative", "date"].contains { words.contains($0) }
    }

    /// The same, taking from `memo` the result of every query whose inputs are unchanged, and
    /// refilling it when `keeps`.
    static func run(
        index: EntityIndex, rendered: inout [RenderedNote], labels: Labels, now: QueryDate, jobs: Int,
        memo: inout Memo?, keeps: Bool
    ) async -> [Diagnostic] {
        let holders = rendered.indices.filter { !rendered[$0].queries.isEmpty }
        guard !holders.isEmpty else {
            memo = nil
            return []
        }
        let inputs = keeps ? Inputs(index: index, rendered: rendered, labels: labels) : nil
        let known = memo.flatMap { memo in inputs.flatMap { Changes(from: memo.inputs, to: $0) }.map { (memo, $0) } }
        let corpus = QueryCorpus(index: index, rendered: rendered, now: now)
        let noteOfID = Dictionary(index.notes.indices.map { (index.notes[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        // One result per query text and note, however many pages embed it.
        let distinct = Array(
            Set(
                holders.flatMap {
                    rendered[$0].queries.map {
                        Key(note: $0.note, this: $0.this, source: $0.source, language: $0.language, view: $0.view)
                    }
                })
        )
        .sorted { ($0.note, $0.this, $0.source, $0.view ?? "") < ($1.note, $1.this, $1.source, $1.view ?? "") }
        let outcomes = await parallelMap(distinct, jobs: jobs) { key in
            if let (memo, changes) = known, let outcome = memo.outcomes[key], !changes.mayChange(key.source),
                memo.now == now || !Self.mayReadTime(key.source)
            {
                return outcome
            }
            return Outcome.make(key, corpus: corpus, this: noteOfID[key.this], labels: labels)
        }
        let results = Dictionary(zip(distinct, outcomes), uniquingKeysWith: { a, _ in a })
        if let inputs { memo = Memo(inputs: inputs, now: now, outcomes: results) }
        var diagnostics: [Diagnostic] = []
        for position in holders {
            var filled: [Int: String] = [:]
            var targets: [Int] = []
            for (number, query) in rendered[position].queries.enumerated() {
                let key = Key(
                    note: query.note, this: query.this, source: query.source, language: query.language, view: query.view
                )
                guard let outcome = results[key] else { continue }
                // What went wrong while it ran is the query's own: at its fence, or at the embed
                // that shows a base.
                for warning in outcome.warnings {
                    guard let place = query.location ?? query.embedLocation else { continue }
                    diagnostics.append(
                        .warning(
                            index.notes[position].file, line: place.line, column: place.column,
                            "\(query.language == "inline" ? "inline dataview expression" : "\(query.language) query"): \(warning)"
                        ))
                }
                let shown: String
                switch outcome {
                case .results(let results):
                    var writer = QueryHTML(corpus: corpus, page: index.pages[position])
                    shown = results.map { writer.render($0.result, view: $0.view) }.joined()
                    targets += writer.targets
                case .value(let value, _):
                    var writer = QueryHTML(corpus: corpus, page: index.pages[position])
                    shown = "<span class=\"query-inline\">" + writer.value(value) + "</span>"
                    targets += writer.targets
                case .failure(let error) where query.language == "inline":
                    if let location = query.location {
                        diagnostics.append(
                            .warning(
                                index.notes[position].file, line: location.line, column: location.column,
                                "inline dataview expression: \(error.message); shown as code"))
                    }
                    shown = "<code>= " + query.source.htmlEscaped + "</code>"
                case .failure(let error):
                    if query.location == nil, let embed = query.embedLocation {
                        diagnostics.append(
                            .warning(
                                index.notes[position].file, line: embed.line, column: embed.column,
                                "embedded \(query.language): \(error.message); shown as code"))
                    }
                    if let location = query.location {
                        diagnostics.append(
                            .warning(
                                index.notes[position].file, line: location.line + 1 + error.line,
                                column: error.line == 0 && error.column == 1 ? location.column : error.column,
                                "\(query.language) query: \(error.message); shown as code"))
                    }
                    shown =
                        "<pre class=\"query-error\"><code class=\"language-\(query.language)\">"
                        + query.source.htmlEscaped + "</code></pre>\n"
                }
                filled[number] = shown
            }
            rendered[position].html = Self.fill(rendered[position].html, filled)
            var seen: Set<Int> = []
            for target in targets where target != position && seen.insert(target).inserted {
                rendered[position].links.append(OutgoingLink(target: target, kind: .query, property: nil, excerpt: ""))
            }
        }
        return diagnostics
    }

    /// The page's HTML with each mark replaced by its query's HTML, in one pass: a search per
    /// mark would read again the results already put in, megabytes on a page over 10,000 notes.
    static func fill(_ html: String, _ filled: [Int: String]) -> String {
        guard !filled.isEmpty else { return html }
        let bytes = Array(html.utf8)
        let prefix = Array("\u{2}query:".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + filled.values.reduce(0) { $0 + $1.utf8.count })
        var position = 0
        while position < bytes.count {
            if bytes[position] == 2, bytes[position...].starts(with: prefix) {
                var end = position + prefix.count
                var number = 0
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) {
                    number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                    end += 1
                }
                if end < bytes.count, bytes[end] == 3, end > position + prefix.count, let shown = filled[number] {
                    output += shown.utf8
                    position = end + 1
                    continue
                }
            }
            output.append(bytes[position])
            position += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct Key: Hashable, Sendable {
        var note: String
        var this: String
        var source: String
        var language: String
        var view: String?
    }

    enum Outcome: Sendable {
        /// Each with the name of its view when a base shows all of them.
        case results([(view: String?, result: QueryResult)])
        /// An inline expression's value, and the warnings working it out gave.
        case value(QueryValue, warnings: [String])
        case failure(QueryError)

        var warnings: [String] {
            switch self {
            case .results(let results): results.flatMap(\.result.warnings)
            case .value(_, let warnings): warnings
            case .failure: []
            }
        }

        static func make(_ key: Key, corpus: QueryCorpus, this: Int?, labels: Labels) -> Outcome {
            do throws(QueryError) {
                switch key.language {
                case "inline":
                    let expression = try QueryParser.expression(key.source, dialect: .dataview)
                    let row = this.map { QueryValue.row(QueryRow(note: $0)) } ?? .null
                    let session = QuerySession()
                    let value = QueryEvaluator(corpus: corpus, this: this, session: session).evaluate(
                        expression, row: row)
                    return .value(value, warnings: session.warnings)
                case "base":
                    let base = try BaseQuery.parse(key.source)
                    if key.view == "*", !base.views.isEmpty {
                        return .results(
                            base.views.map {
                                ($0.name, base.run(corpus, this: this, view: $0.name, idHeader: labels[.name]))
                            })
                    }
                    if let name = key.view, !base.views.contains(where: { $0.name == name }) {
                        throw QueryError("the base has no view named \"\(name)\"")
                    }
                    return .results([(nil, base.run(corpus, this: this, view: key.view, idHeader: labels[.name]))])
                default:
                    return .results([
                        (nil, try DataviewQuery.parse(key.source).run(corpus, this: this, idHeader: labels[.name]))
                    ])
                }
            } catch {
                return .failure(error)
            }
        }
    }
}
