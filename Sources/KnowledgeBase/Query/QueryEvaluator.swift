import Foundation

/// Works out an expression for one row. Type mismatches give null, as Dataview's do, so that
/// one odd note never empties a table; only what cannot be read at all is a `QueryError`.
struct QueryEvaluator {
    let corpus: QueryCorpus
    /// The note that holds the query: `this`, and the folder links are read from.
    let this: Int?
    /// Bases' `formula.x`, worked out from these on demand.
    var formulas: [String: QueryExpression] = [:]
    var variables: [String: QueryValue] = [:]
    /// Where the two languages differ: Bases' `file.name` keeps the extension, and two dates
    /// subtract to milliseconds there, to a duration in Dataview.
    var dialect = QueryDialect.dataview
    /// The run's compiled patterns and warnings; nil where a value is only being shown.
    var session: QuerySession?

    init(corpus: QueryCorpus, this: Int?, session: QuerySession? = nil) {
        self.corpus = corpus
        self.this = this
        self.session = session
    }

    /// `body` with a pattern compiled once per run, under ICU's step limit; nil (and a warning)
    /// when the pattern is bad or runs out of steps.
    func regex<T>(_ pattern: String, flags: String, _ body: (QueryRegex) throws -> T) -> T? {
        (session ?? QuerySession()).withRegex(pattern, flags: flags, body)
    }

    func evaluate(_ expression: QueryExpression, row: QueryValue) -> QueryValue {
        switch expression {
        case .literal(let value):
            return value
        case .link(let text):
            guard let link = Wikilink(inner: Substring(text), isEmbed: false) else { return .null }
            return .link(
                QueryCorpus.link(link, from: this.map { corpus.index.folderOfNote[$0] } ?? "", index: corpus.index))
        case .field(let name):
            if let value = variables[name] { return value }
            switch name.lowercased() {
            case "this": return this.map { .row(QueryRow(note: $0)) } ?? .null
            case "row": return row
            case "file": return member(row, "file")
            // Bases' `note.status` is the note's own property.
            case "note" where !hasField(row, name): return row
            default: return member(row, name)
            }
        case .member(.field(let base), let name) where base.lowercased() == "formula" && variables[base] == nil:
            guard let formula = formulas[name] else { return .null }
            return evaluate(formula, row: row)
        case .member(let base, let name):
            return member(evaluate(base, row: row), name)
        case .index(let base, let key):
            let value = evaluate(base, row: row)
            switch (value, evaluate(key, row: row)) {
            case (.list(let items), .number(let number)):
                let position = Int(number)
                return items.indices.contains(position) ? items[position] : .null
            case (_, .text(let name)): return member(value, name)
            default: return .null
            }
        case .call(let name, let arguments):
            return QueryFunctions.call(name, arguments, row: row, evaluator: self)
        case .method(let base, let name, let arguments):
            return QueryFunctions.method(name, on: base, arguments, row: row, evaluator: self)
        case .unary(let symbol, let operand):
            let value = evaluate(operand, row: row)
            if symbol == "!" { return .boolean(!value.isTruthy) }
            if case .number(let number) = value { return .number(-number) }
            if case .duration(let duration) = value {
                return .duration(QueryDuration(months: -duration.months, seconds: -duration.seconds))
            }
            return .null
        case .binary(let symbol, let left, let right):
            if symbol == "and" {
                return .boolean(evaluate(left, row: row).isTruthy && evaluate(right, row: row).isTruthy)
            }
            if symbol == "or" {
                return .boolean(evaluate(left, row: row).isTruthy || evaluate(right, row: row).isTruthy)
            }
            return binary(symbol, evaluate(left, row: row), evaluate(right, row: row))
        case .list(let items):
            return .list(items.map { evaluate($0, row: row) })
        case .lambda:
            return .null
        case .regex(let pattern, let flags):
            return .text("/" + pattern + "/" + flags)
        }
    }

    /// Calls a lambda (`(x) => …`) with its arguments bound.
    func apply(_ lambda: QueryExpression, _ arguments: [QueryValue], row: QueryValue) -> QueryValue {
        guard case .lambda(let names, let body) = lambda else { return .null }
        var scope = self
        for (name, value) in zip(names, arguments) { scope.variables[name] = value }
        return scope.evaluate(body, row: row)
    }

    private func hasField(_ row: QueryValue, _ name: String) -> Bool {
        guard case .row(let r) = row else { return false }
        return corpus.fields[r.note][QueryCorpus.fieldKey(name)] != nil
    }

    /// `value.name`: a note's field or `file`, a file's member, a link's note's field, an
    /// object's key; over a list, each item's (Dataview's swizzling: `rows.file.name`).
    func member(_ value: QueryValue, _ name: String) -> QueryValue {
        switch value {
        case .row(let row):
            if let override = row.overrides[QueryCorpus.fieldKey(name)] { return override }
            if name.lowercased() == "file" { return .file(row.note) }
            return corpus.fields[row.note][QueryCorpus.fieldKey(name)] ?? .null
        case .file(let note):
            return corpus.fileMember(note, name, dialect: dialect) ?? .null
        case .link(let link):
            guard let target = link.target else { return .null }
            return member(.row(QueryRow(note: target)), name)
        case .object(let members):
            return members[name] ?? members[QueryCorpus.fieldKey(name)] ?? .null
        case .list(let items):
            if name == "length" && items.allSatisfy({ if case .list = $0 { false } else { true } }) {
                if case .row = items.first {} else { return .number(Double(items.count)) }
            }
            return .list(items.map { member($0, name) })
        case .text(let text) where name == "length":
            return .number(Double(text.count))
        case .date(let date):
            let p = date.parts
            switch name.lowercased() {
            case "year": return .number(Double(p.year))
            case "month": return .number(Double(p.month))
            case "day": return .number(Double(p.day))
            case "hour": return .number(Double(p.hour))
            case "minute": return .number(Double(p.minute))
            case "second": return .number(Double(p.second))
            case "weekday": return .number(Double(((Int((date.seconds / 86_400).rounded(.down)) + 3) % 7 + 7) % 7 + 1))
            default: return .null
            }
        case .duration(let duration):
            let seconds = duration.approximateSeconds
            switch name.lowercased() {
            case "years": return .number(seconds / (365 * 86_400))
            case "months": return .number(seconds / (30 * 86_400))
            case "weeks": return .number(seconds / (7 * 86_400))
            case "days": return .number(seconds / 86_400)
            case "hours": return .number(seconds / 3600)
            case "minutes": return .number(seconds / 60)
            case "seconds": return .number(seconds)
            default: return .null
            }
        default:
            return .null
        }
    }

    /// Arithmetic and comparison with Dataview's rules: dates and durations add, dates subtract
    /// to durations, text concatenates; a pair it has no rule for gives null.
    func binary(_ symbol: String, _ left: QueryValue, _ right: QueryValue) -> QueryValue {
        switch symbol {
        case "=", "!=":
            // A link equals the note it leads to (`author = this`, Bases' `author == this`); two
            // notes of one title are not equal.
            let equal =
                QueryFunctions.note(left).flatMap { x in QueryFunctions.note(right).map { x == $0 } }
                ?? (QueryValue.compare(left, right, corpus: corpus, collate: false) == 0)
            return .boolean(symbol == "=" ? equal : !equal)
        case "<", ">", "<=", ">=":
            let order = QueryValue.compare(left, right, corpus: corpus, collate: false)
            switch symbol {
            case "<": return .boolean(order < 0)
            case ">": return .boolean(order > 0)
            case "<=": return .boolean(order <= 0)
            default: return .boolean(order >= 0)
            }
        default: break
        }
        // Bases writes durations as text: `date + "1 week"`.
        func duration(_ value: QueryValue) -> QueryDuration? {
            if case .duration(let duration) = value { return duration }
            if case .text(let text) = value { return QueryDuration(text) }
            return nil
        }
        switch (symbol, left, right) {
        case ("+", .number(let a), .number(let b)): return .number(a + b)
        case ("-", .number(let a), .number(let b)): return .number(a - b)
        case ("*", .number(let a), .number(let b)): return .number(a * b)
        case ("/", .number(let a), .number(let b)): return b == 0 ? .null : .number(a / b)
        case ("%", .number(let a), .number(let b)):
            return b == 0 ? .null : .number(a.truncatingRemainder(dividingBy: b))
        case ("-", .date(let a), .date(let b)):
            if dialect == .bases { return .number((a.seconds - b.seconds) * 1000) }
            return .duration(QueryDuration(seconds: a.seconds - b.seconds))
        case ("+", .date(let a), _):
            return duration(right).map { .date(a.adding($0)) } ?? .text(display(left) + display(right))
        case ("-", .date(let a), _): return duration(right).map { .date(a.adding($0, sign: -1)) } ?? .null
        case ("+", .duration(let a), .date(let b)): return .date(b.adding(a))
        case ("+", .duration(let a), .duration(let b)):
            return .duration(QueryDuration(months: a.months + b.months, seconds: a.seconds + b.seconds))
        case ("-", .duration(let a), .duration(let b)):
            return .duration(QueryDuration(months: a.months - b.months, seconds: a.seconds - b.seconds))
        case ("*", .duration(let a), .number(let b)):
            return .duration(QueryDuration(months: Int(Double(a.months) * b), seconds: a.seconds * b))
        case ("+", .list(let a), .list(let b)): return .list(a + b)
        case ("+", .text, _), ("+", _, .text): return .text(display(left) + display(right))
        default: return .null
        }
    }

    /// A value as plain text, as `string()` and concatenation write it.
    func display(_ value: QueryValue) -> String {
        switch value {
        case .null: return ""
        case .boolean(let value): return value ? "true" : "false"
        case .number(let number): return Self.numberText(number)
        case .text(let text): return text
        case .date(let date): return date.text
        case .duration(let duration): return duration.text
        case .link(let link):
            return link.display ?? link.target.map { corpus.index.notes[$0].title.text } ?? link.name
        case .row(let row): return corpus.index.notes[row.note].title.text
        case .file(let note): return corpus.index.notes[note].title.text
        case .list(let items): return items.map(display).joined(separator: ", ")
        case .object(let members):
            return members.keys.sorted().map { "\($0): \(display(members[$0]!))" }.joined(separator: ", ")
        }
    }

    static func numberText(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }
}
