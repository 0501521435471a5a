import Yams

/// An Obsidian base (` ```base ` block): global `filters`, `formulas`, `properties` with their
/// `displayName`, and `views`, of which a block shows the first (or the one named).
struct BaseQuery: Sendable {
    /// A filter as Bases writes it: one expression, or `and`, `or`, `not` over a list of filters.
    indirect enum Filter: Sendable {
        case expression(QueryExpression)
        case and([Filter])
        case or([Filter])
        case not([Filter])
    }

    struct View: Sendable {
        var type: QueryResult.Style
        var name: String
        var filter: Filter?
        var order: [String] = []
        var sort: [(property: String, descending: Bool)] = []
        var groupBy: (property: String, descending: Bool)?
        var limit: Int?
        var summaries: [String: String] = [:]
    }

    var filter: Filter?
    var formulas: [String: QueryExpression] = [:]
    var displayNames: [String: String] = [:]
    var views: [View] = []
    /// The base's own summary formulas, over `values`.
    var summaryFormulas: [String: QueryExpression] = [:]
    /// Each property a view orders, sorts or groups by, parsed once when the base is read.
    var properties: [String: QueryExpression] = [:]

    static let summaryNames: Set<String> = [
        "average", "min", "max", "sum", "range", "median", "stddev", "empty", "filled", "unique", "earliest",
        "latest", "checked", "unchecked",
    ]

    static func parse(_ text: String) throws(QueryError) -> BaseQuery {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            // Yams' message spans lines (the context, a caret): a warning is one line.
            let message = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            throw QueryError("not valid YAML (\(message.prefix(120)))")
        }
        // YAML's aliases let a few lines stand for billions of values (Yams resolves them as it
        // composes, sharing the nodes): the walk stops at more values than a person writes.
        var budget = 100_000
        func check(_ node: Node) throws(QueryError) {
            budget -= 1
            guard budget >= 0 else { throw QueryError("the base holds more than 100,000 values") }
            switch node {
            case .alias: throw QueryError("a base uses no YAML aliases (*name)")
            case .mapping(let mapping):
                for (key, value) in mapping {
                    try check(key)
                    try check(value)
                }
            case .sequence(let sequence):
                for item in sequence { try check(item) }
            case .scalar: break
            }
        }
        if let node { try check(node) }
        let root = node?.any
        var base = BaseQuery()
        guard let top = root as? [String: Any] else {
            if root == nil { return base }
            throw QueryError("a base is a YAML mapping of filters, formulas, properties and views")
        }
        for key in top.keys.sorted() where !["filters", "formulas", "properties", "views", "summaries"].contains(key) {
            throw QueryError("\"\(key)\" is no key of a base kb knows (filters, formulas, properties, views)")
        }
        if let filters = top["filters"] { base.filter = try filter(filters) }
        for (name, formula) in (top["summaries"] as? [String: Any] ?? [:]) {
            base.summaryFormulas[name] = try expression("\(formula)", in: "summary \(name)")
        }
        for (name, formula) in (top["formulas"] as? [String: Any] ?? [:]) {
            base.formulas[name] = try expression("\(formula)", in: "formula \(name)")
        }
        try checkCycles(base.formulas)
        for (name, settings) in (top["properties"] as? [String: Any] ?? [:]) {
            if let display = (settings as? [String: Any])?["displayName"] { base.displayNames[name] = "\(display)" }
        }
        for case let view as [String: Any] in (top["views"] as? [Any] ?? []) {
            let typeName = "\(view["type"] ?? "table")"
            let type: QueryResult.Style
            switch typeName {
            case "table": type = .table
            case "list": type = .list
            case "cards": type = .cards
            default: throw QueryError("views of type \"\(typeName)\" are not rendered by kb (table, list, cards)")
            }
            var parsed = View(type: type, name: "\(view["name"] ?? typeName)")
            if let filters = view["filters"] { parsed.filter = try filter(filters) }
            parsed.order = (view["order"] as? [Any] ?? []).map { "\($0)" }
            for case let sort as [String: Any] in (view["sort"] as? [Any] ?? []) {
                parsed.sort.append(
                    ("\(sort["property"] ?? "file.name")", "\(sort["direction"] ?? "ASC")".uppercased() == "DESC"))
            }
            if let group = view["groupBy"] as? [String: Any] {
                parsed.groupBy = ("\(group["property"] ?? "")", "\(group["direction"] ?? "ASC")".uppercased() == "DESC")
            } else if let group = view["groupBy"] as? String {
                parsed.groupBy = (group, false)
            }
            if let limit = view["limit"] as? Int { parsed.limit = limit }
            for (property, summary) in (view["summaries"] as? [String: Any] ?? [:]) {
                let written = "\(summary)"
                if base.summaryFormulas[written] != nil {
                    parsed.summaries[property] = written
                    continue
                }
                let name = written.lowercased()
                guard summaryNames.contains(name) else {
                    throw QueryError(
                        "the summary \"\(summary)\" is not one kb knows (\(summaryNames.sorted().joined(separator: ", ")))"
                    )
                }
                parsed.summaries[property] = name
            }
            for key in view.keys.sorted()
            where ![
                "type", "name", "filters", "order", "sort", "groupBy", "limit", "summaries", "columnSize", "image",
                "imageFit", "imageAspectRatio", "cardSize", "rowHeight",
            ].contains(key) {
                throw QueryError("\"\(key)\" is no key of a view kb knows")
            }
            base.views.append(parsed)
        }
        // A view without `order` or `sort` shows and sorts by the file's name.
        base.properties["file.name"] = try expression("file.name", in: "property")
        for view in base.views {
            for property in view.order + view.sort.map(\.property)
                + (view.groupBy.map { [$0.property] } ?? [])
            where base.properties[property] == nil {
                base.properties[property] = try expression(property, in: "property")
            }
        }
        return base
    }

    /// Formulas may read each other, never in a circle, which would never end.
    private static func checkCycles(_ formulas: [String: QueryExpression]) throws(QueryError) {
        func references(_ expression: QueryExpression) -> [String] {
            switch expression {
            case .member(.field(let base), let name) where base.lowercased() == "formula": return [name]
            case .literal, .link, .field, .regex: return []
            case .member(let base, _): return references(base)
            case .index(let a, let b), .binary(_, let a, let b): return references(a) + references(b)
            case .call(_, let arguments), .list(let arguments): return arguments.flatMap(references)
            case .method(let base, _, let arguments): return references(base) + arguments.flatMap(references)
            case .unary(_, let operand), .lambda(_, let operand): return references(operand)
            }
        }
        var done: Set<String> = []
        func visit(_ name: String, _ path: [String]) throws(QueryError) {
            if let start = path.firstIndex(of: name) {
                throw QueryError(
                    "formula \(name) refers to itself through " + (path[start...] + [name]).joined(separator: " → "))
            }
            guard !done.contains(name), let formula = formulas[name] else { return }
            for next in references(formula) { try visit(next, path + [name]) }
            done.insert(name)
        }
        for name in formulas.keys.sorted() { try visit(name, []) }
    }

    private static func expression(_ text: String, in place: String) throws(QueryError) -> QueryExpression {
        do throws(QueryError) { return try QueryParser.expression(text, dialect: .bases) } catch {
            throw QueryError("\(place) \"\(text)\": \(error.message)")
        }
    }

    private static func filter(_ value: Any) throws(QueryError) -> Filter {
        if let text = value as? String { return .expression(try expression(text, in: "filter")) }
        if let bool = value as? Bool { return .expression(.literal(.boolean(bool))) }
        guard let map = value as? [String: Any], map.count == 1, let (key, inner) = map.first else {
            throw QueryError("a filter is an expression, or and/or/not with a list of filters")
        }
        let parts = try (inner as? [Any] ?? [inner]).map { item throws(QueryError) in try filter(item) }
        switch key {
        case "and": return .and(parts)
        case "or": return .or(parts)
        case "not": return .not(parts)
        default: throw QueryError("\"\(key)\" is no filter kb knows (and, or, not)")
        }
    }

    static func holds(_ filter: Filter, _ row: QueryValue, _ evaluator: QueryEvaluator) -> Bool {
        switch filter {
        case .expression(let expression): evaluator.evaluate(expression, row: row).isTruthy
        case .and(let parts): parts.allSatisfy { holds($0, row, evaluator) }
        case .or(let parts): parts.contains { holds($0, row, evaluator) }
        case .not(let parts): !parts.contains { holds($0, row, evaluator) }
        }
    }

    /// A property as a view names it: `file.name`, `formula.x`, `note.x` or a bare note property.
    private func value(_ property: String, _ row: QueryValue, _ evaluator: QueryEvaluator) -> QueryValue {
        // `parse` read every property a view names, so none is missing here.
        properties[property].map { evaluator.evaluate($0, row: row) } ?? .null
    }

    private func header(_ property: String) -> String {
        if let name = displayNames[property] { return name }
        if property.hasPrefix("note."), let name = displayNames[String(property.dropFirst(5))] { return name }
        return property.hasPrefix("note.") ? String(property.dropFirst(5)) : property
    }

    func run(_ corpus: QueryCorpus, this: Int?, view name: String?, idHeader: String) -> QueryResult {
        let session = QuerySession()
        var evaluator = QueryEvaluator(corpus: corpus, this: this, session: session)
        evaluator.formulas = formulas
        evaluator.dialect = .bases
        let view = views.first { $0.name == name } ?? views.first ?? View(type: .table, name: "table")
        var rows: [QueryValue] = corpus.index.notes.indices.map { .row(QueryRow(note: $0)) }
        for filter in [filter, view.filter].compactMap({ $0 }) {
            rows = rows.filter { Self.holds(filter, $0, evaluator) }
        }
        let keys = view.sort.isEmpty ? [("file.name", false)] : view.sort.map { ($0.property, $0.descending) }
        rows = QuerySorting.sort(rows, corpus: corpus) { row in keys.map { (value($0.0, row, evaluator), $0.1) } }
        if let limit = view.limit { rows = Array(rows.prefix(max(0, limit))) }
        // The file's name is the first column, as its link; the view's other properties follow.
        let order = view.order.isEmpty ? ["file.name"] : view.order
        let showsName = order.first == "file.name"
        let columns = showsName ? Array(order.dropFirst()) : order
        func makeRow(_ row: QueryValue) -> QueryResult.Row {
            guard case .row(let note) = row else { return QueryResult.Row(id: nil, cells: []) }
            return QueryResult.Row(
                id: showsName ? corpus.fileLink(note.note) : nil, cells: columns.map { value($0, row, evaluator) })
        }
        var sections: [QueryResult.Section] = []
        if let group = view.groupBy {
            var order: [QueryValue] = []
            var members: [QueryValue: [QueryValue]] = [:]
            for row in rows {
                let key = value(group.property, row, evaluator)
                if members[key] == nil { order.append(key) }
                members[key, default: []].append(row)
            }
            order = QuerySorting.sort(order, corpus: corpus) { [($0, group.descending)] }
            sections = order.map {
                QueryResult.Section(title: $0.isNull ? .text("—") : $0, rows: (members[$0] ?? []).map(makeRow))
            }
            // No rows, no groups: the table's headers still show that the view ran and found none.
            if sections.isEmpty { sections = [QueryResult.Section(title: nil, rows: [])] }
        } else {
            sections = [QueryResult.Section(title: nil, rows: rows.map(makeRow))]
        }
        if !view.summaries.isEmpty {
            for number in sections.indices {
                sections[number].summaries = columns.enumerated().map { column, property in
                    view.summaries[property].map { name in
                        let values = sections[number].rows.map { $0.cells[column] }
                        guard let formula = summaryFormulas[name] else { return Self.summary(name, values, corpus) }
                        var scope = evaluator
                        scope.variables["values"] = .list(values)
                        return scope.evaluate(formula, row: .null)
                    }
                }
            }
        }
        return QueryResult(
            style: view.type,
            idHeader: showsName ? header("file.name") == "file.name" ? idHeader : header("file.name") : nil,
            headers: columns.map(header), sections: sections, warnings: session.warnings)
    }

    /// Bases' column summaries.
    static func summary(_ name: String, _ values: [QueryValue], _ corpus: QueryCorpus) -> QueryValue {
        let present = values.filter { !$0.isNull && $0 != .text("") && $0 != .list([]) }
        let numbers = present.compactMap { if case .number(let n) = $0 { n } else { nil } }
        let sorted = present.sorted { QueryValue.compare($0, $1, corpus: corpus, collate: true) < 0 }
        switch name {
        case "sum": return .number(numbers.reduce(0, +))
        case "average": return numbers.isEmpty ? .null : .number(numbers.reduce(0, +) / Double(numbers.count))
        case "min", "earliest": return sorted.first ?? .null
        case "max", "latest": return sorted.last ?? .null
        case "range":
            if let low = numbers.min(), let high = numbers.max() { return .number(high - low) }
            let dates = present.compactMap { if case .date(let d) = $0 { d } else { nil } }
            guard let first = dates.min(), let last = dates.max() else { return .null }
            return .duration(QueryDuration(seconds: last.seconds - first.seconds))
        case "median":
            let ordered = numbers.sorted()
            guard !ordered.isEmpty else { return .null }
            let middle = ordered.count / 2
            return .number(ordered.count % 2 == 1 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2)
        case "stddev":
            guard !numbers.isEmpty else { return .null }
            let mean = numbers.reduce(0, +) / Double(numbers.count)
            return .number(
                (numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count)).squareRoot())
        case "checked": return .number(Double(values.count { $0 == .boolean(true) }))
        case "unchecked": return .number(Double(values.count { $0 == .boolean(false) }))
        case "empty": return .number(Double(values.count - present.count))
        case "filled": return .number(Double(present.count))
        default: return .number(Double(Set(present).count))
        }
    }
}
