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
    /// What went wrong while it ran (a pattern out of steps): reported at the query's place.
    var warnings: [String] = []
}

extension DataviewQuery {
    /// Runs the query over every note once.
    func run(_ corpus: QueryCorpus, this: Int?, idHeader: String) -> QueryResult {
        let session = QuerySession()
        var result = rows(corpus, this: this, idHeader: idHeader, session: session)
        result.warnings = session.warnings
        return result
    }

    private func rows(_ corpus: QueryCorpus, this: Int?, idHeader: String, session: QuerySession) -> QueryResult {
        let evaluator = QueryEvaluator(corpus: corpus, this: this, session: session)
        let notes = source?.notes(corpus, this: this) ?? Array(corpus.index.notes.indices)
        // A `TASK` query's rows are tasks, not notes: `WHERE !completed` keeps some tasks of a
        // note. A task reads its own fields first, then its note's.
        var rows: [QueryValue] =
            kind == .task
            ? notes.flatMap { note in
                corpus.taskFields[note].enumerated().map { .row(QueryRow(note: note, overrides: $1, task: $0)) }
            }
            : notes.map { .row(QueryRow(note: $0)) }
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
            // Tasks are shown under their note, as Dataview shows them, notes in the order their
            // first task came; a group shows its tasks under its key.
            var order: [QueryValue] = []
            var tasks: [QueryValue: [TaskItem]] = [:]
            func collect(_ row: QueryValue, under key: QueryValue) {
                guard case .row(let task) = row, let number = task.task else { return }
                if tasks[key] == nil { order.append(key) }
                tasks[key, default: []].append(corpus.tasks[task.note][number])
            }
            for row in rows {
                if case .object(let group) = row, case .list(let members)? = group["rows"] {
                    let key = group["key"] ?? .null
                    members.forEach { collect($0, under: key) }
                } else if case .row(let task) = row {
                    collect(row, under: corpus.fileLink(task.note))
                }
            }
            let result = order.map { QueryResult.Row(id: $0, cells: [], tasks: tasks[$0] ?? []) }
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
