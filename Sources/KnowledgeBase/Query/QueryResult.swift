import Markdown

/// What a query found, ready to be drawn: a table, a list, cards or tasks, in sections (one
/// section unless a Bases view groups its rows).
struct QueryResult: Sendable {
    enum Style: Sendable { case table, list, cards, tasks }

    struct Row: Sendable {
        /// The note (or group key) the row stands for; nil `WITHOUT ID`.
        var id: QueryValue?
        var cells: [QueryValue]
        var tasks: [TaskItem] = []
    }

    struct Section: Sendable {
        var title: QueryValue?
        var rows: [Row]
        /// Bases' summaries, one per column (nil where none is asked).
        var summaries: [QueryValue?] = []
    }

    var style: Style
    /// The header of the id column, nil when there is none.
    var idHeader: String?
    var headers: [String]
    var sections: [Section]
}

extension DataviewQuery {
    /// Runs the query over every note once.
    func run(_ corpus: QueryCorpus, this: Int?, idHeader: String) -> QueryResult {
        let evaluator = QueryEvaluator(corpus: corpus, this: this)
        var rows: [QueryValue] = (source?.notes(corpus, this: this) ?? Array(corpus.index.notes.indices)).map {
            .row(QueryRow(note: $0))
        }
        var groupName: String?
        for command in commands {
            switch command {
            case .where(let condition):
                rows = rows.filter { evaluator.evaluate(condition, row: $0).isTruthy }
            case .sort(let keys):
                rows = QuerySorting.sort(rows, corpus: corpus) { row in
                    keys.map { (evaluator.evaluate($0.expression, row: row), $0.descending) }
                }
            case .limit(let count):
                rows = Array(rows.prefix(max(0, count)))
            case .flatten(let expression, let name):
                rows = rows.flatMap { row -> [QueryValue] in
                    let value = evaluator.evaluate(expression, row: row)
                    let items: [QueryValue]
                    if case .list(let list) = value { items = list.isEmpty ? [.null] : list } else { items = [value] }
                    return items.map { item in
                        switch row {
                        case .row(var flat):
                            flat.overrides[QueryCorpus.fieldKey(name)] = item
                            return .row(flat)
                        case .object(var members):
                            members[name] = item
                            return .object(members)
                        default: return row
                        }
                    }
                }
            case .groupBy(let expression, let name):
                var order: [QueryValue] = []
                var members: [QueryValue: [QueryValue]] = [:]
                for row in rows {
                    let key = evaluator.evaluate(expression, row: row)
                    if members[key] == nil { order.append(key) }
                    members[key, default: []].append(row)
                }
                order = QuerySorting.sort(order, corpus: corpus) { [($0, false)] }
                rows = order.map { key in .object(["key": key, "rows": .list(members[key] ?? []), name: key]) }
                groupName = name
            }
        }
        let header = groupName ?? idHeader
        func id(_ row: QueryValue) -> QueryValue? {
            guard !withoutID else { return nil }
            if case .object(let members) = row { return members["key"] ?? .null }
            if case .row(let row) = row { return corpus.fileLink(row.note) }
            return row
        }
        switch kind {
        case .table:
            let result = rows.map { row in
                QueryResult.Row(id: id(row), cells: columns.map { evaluator.evaluate($0.expression, row: row) })
            }
            return QueryResult(
                style: .table, idHeader: withoutID ? nil : header, headers: columns.map(\.header),
                sections: [QueryResult.Section(title: nil, rows: result)])
        case .list:
            let result = rows.map { row in
                QueryResult.Row(id: id(row), cells: columns.map { evaluator.evaluate($0.expression, row: row) })
            }
            return QueryResult(
                style: .list, idHeader: nil, headers: [], sections: [QueryResult.Section(title: nil, rows: result)])
        case .task:
            // Tasks are grouped by their note, as Dataview shows them; a note without tasks is left out.
            let result = rows.compactMap { row -> QueryResult.Row? in
                guard case .row(let note) = row else { return nil }
                let tasks = corpus.tasks[note.note]
                return tasks.isEmpty ? nil : QueryResult.Row(id: corpus.fileLink(note.note), cells: [], tasks: tasks)
            }
            return QueryResult(
                style: .tasks, idHeader: nil, headers: [], sections: [QueryResult.Section(title: nil, rows: result)])
        }
    }
}

/// Sorting by values in the site's collation, each key worked out once per row.
enum QuerySorting {
    static func sort(
        _ rows: [QueryValue], corpus: QueryCorpus, keys: (QueryValue) -> [(QueryValue, Bool)]
    ) -> [QueryValue] {
        let decorated = rows.enumerated().map { row in
            (row.offset, row.element, keys(row.element).map { (corpus.collated($0.0), $0.1) })
        }
        return decorated.sorted { a, b in
            for (left, right) in zip(a.2, b.2) {
                let order = QueryValue.compare(left.0, right.0, corpus: corpus, collate: false)
                if order != 0 { return left.1 ? order > 0 : order < 0 }
            }
            return a.0 < b.0
        }.map(\.1)
    }
}
