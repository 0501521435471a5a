import Foundation

/// The functions of Dataview's language and of Bases' formulas that a static build can run:
/// names are checked when the query is read, so an unknown one is a warning, never a blank.
enum QueryFunctions {
    static let names: Set<String> = [
        "contains", "icontains", "econtains", "containsword", "length", "lower", "upper", "date", "dur", "duration",
        "number", "string", "link", "list", "array", "round", "floor", "ceil", "abs", "min", "max", "sum", "average",
        "default", "choice", "if", "join", "startswith", "endswith", "replace", "split", "any", "all", "none",
        "filter", "map", "nonnull", "flat", "sort", "reverse", "typeof", "striptime", "now", "today", "object",
        "regextest", "regexmatch", "truncate", "padleft", "padright", "unique", "product", "elink", "file",
        "escapehtml", "mean", "stddev", "repeat", "slice", "regexreplace", "dateformat",
    ]

    /// Functions of the two languages that a static page cannot give, each with why: a query that
    /// calls one is a warning naming it, not a column of blanks.
    static let unsupported: [String: String] = [
        "random": "gives another number each time a view loads, which a page built once cannot",
        "html": "writes raw HTML into a view, which kb does not let a query do",
        "image": "draws images in a view, which kb's query views do not",
        "icon": "draws Obsidian's icons, which a built site does not have",
        "hash": "is a Dataview function kb does not run",
        "localtime": "depends on the reader's time zone, which a page built once cannot know",
        "meta": "reads a link's internals, which kb does not keep",
        "currencyformat": "formats by the reader's locale, which a page built once cannot know",
    ]

    /// Methods (`value.name(…)`), checked when a query is read as functions are: a method kb does
    /// not know would otherwise give null in every row.
    static let methodNames: Set<String> = names.union([
        "hastag", "infolder", "haslink", "hasproperty", "aslink", "linksto", "every", "some", "isempty", "istruthy",
        "tostring", "containsall", "containsany", "title", "trim", "tofixed", "format", "relative", "asfile",
        "istype", "reduce", "time", "matches", "keys", "values",
    ])

    static func call(_ name: String, _ arguments: [QueryExpression], row: QueryValue, evaluator: QueryEvaluator)
        -> QueryValue
    {
        // Functions that take a lambda, or that must not work out every argument.
        switch name {
        case "filter", "map", "any", "all", "none":
            guard let first = arguments.first else { return .null }
            return lambdaCall(
                name, list: evaluator.evaluate(first, row: row), arguments.dropFirst().first, row, evaluator)
        case "choice", "if":
            guard arguments.count >= 2 else { return .null }
            let condition = evaluator.evaluate(arguments[0], row: row).isTruthy
            return condition
                ? evaluator.evaluate(arguments[1], row: row)
                : arguments.count > 2 ? evaluator.evaluate(arguments[2], row: row) : .null
        default: break
        }
        let values = arguments.map { evaluator.evaluate($0, row: row) }
        return apply(name, values, evaluator: evaluator)
    }

    static func method(
        _ name: String, on base: QueryExpression, _ arguments: [QueryExpression], row: QueryValue,
        evaluator: QueryEvaluator
    ) -> QueryValue {
        let key = name.lowercased()
        // Bases' regular expressions: `/x/.matches(text)`, `text.replace(/x/g, "y")`, `text.split(/,\s*/)`.
        if case .regex(let pattern, let flags) = base, key == "matches" {
            let text = arguments.first.map { evaluator.display(evaluator.evaluate($0, row: row)) } ?? ""
            return evaluator.regex(pattern, flags: flags) { try $0.matches(in: text, all: false).isEmpty == false }
                .map { .boolean($0) } ?? .null
        }
        if let first = arguments.first, case .regex(let pattern, let flags) = first, key == "replace" || key == "split"
        {
            let text = evaluator.display(evaluator.evaluate(base, row: row))
            if key == "replace" {
                let replacement =
                    arguments.count > 1 ? evaluator.display(evaluator.evaluate(arguments[1], row: row)) : ""
                return evaluator.regex(pattern, flags: flags) {
                    try $0.replacing(in: text, with: replacement, all: flags.contains("g"))
                }.map { .text($0) } ?? .null
            }
            guard let parts = evaluator.regex(pattern, flags: flags, { try $0.split(text) }) else { return .null }
            return limited(
                parts.map { .text($0) }, arguments.count > 1 ? evaluator.evaluate(arguments[1], row: row) : .null)
        }
        let receiver = evaluator.evaluate(base, row: row)
        // Bases' file functions: `file.hasTag("x")`, `file.inFolder("A")`, `file.hasLink(link)`.
        if case .file(let note) = receiver {
            let values = arguments.map { evaluator.evaluate($0, row: row) }
            switch key {
            case "hastag":
                return .boolean(
                    values.contains { value in texts(value).contains { evaluator.corpus.hasTag(note, $0) } })
            case "infolder":
                return .boolean(values.contains { evaluator.corpus.inFolder(note, evaluator.display($0)) })
            case "haslink":
                return .boolean(values.contains { links(note, to: $0, evaluator: evaluator) })
            case "hasproperty":
                return .boolean(
                    values.contains {
                        evaluator.corpus.fields[note][QueryCorpus.fieldKey(evaluator.display($0))] != nil
                    })
            case "aslink": return evaluator.corpus.fileLink(note)
            default: break
            }
        }
        if case .link(let link) = receiver, key == "linksto", let target = link.target {
            let values = arguments.map { evaluator.evaluate($0, row: row) }
            return .boolean(values.contains { self.links(target, to: $0, evaluator: evaluator) })
        }
        switch key {
        case "filter", "map", "any", "all", "none", "every", "some":
            let aliases = ["every": "all", "some": "any"]
            return lambdaCall(aliases[key] ?? key, list: receiver, arguments.first, row, evaluator)
        case "isempty":
            switch receiver {
            case .null: return .boolean(true)
            case .text(let text): return .boolean(text.isEmpty)
            case .list(let items): return .boolean(items.isEmpty)
            case .object(let members): return .boolean(members.isEmpty)
            default: return .boolean(false)
            }
        case "istruthy": return .boolean(receiver.isTruthy)
        case "keys", "values":
            guard case .object(let members) = receiver else { return .null }
            let keys = members.keys.sorted()
            return .list(key == "keys" ? keys.map { .text($0) } : keys.map { members[$0]! })
        case "reverse":
            if case .text(let text) = receiver { return .text(String(text.reversed())) }
            return apply(key, [receiver], evaluator: evaluator)
        case "split":
            let values = arguments.map { evaluator.evaluate($0, row: row) }
            let parts = apply(key, [receiver] + values.prefix(1), evaluator: evaluator)
            guard case .list(let items) = parts else { return parts }
            return limited(items, values.count > 1 ? values[1] : .null)
        case "tostring": return .text(evaluator.display(receiver))
        case "containsall", "containsany":
            let values = arguments.map { evaluator.evaluate($0, row: row) }
            let found = values.map { contains(receiver, $0, evaluator: evaluator, fold: false) }
            return .boolean(key == "containsall" ? found.allSatisfy { $0 } : found.contains(true))
        case "title":
            return .text(evaluator.display(receiver).capitalized)
        case "trim":
            return .text(evaluator.display(receiver).trimmingCharacters(in: .whitespacesAndNewlines))
        case "tofixed":
            guard case .number(let number) = receiver else { return .null }
            let digits = arguments.first.map { evaluator.evaluate($0, row: row) }
            if case .number(let places)? = digits { return .text(String(format: "%.\(Int(places))f", number)) }
            return .text(String(format: "%.0f", number))
        case "format":
            guard case .date(let date) = receiver else { return .null }
            let pattern = arguments.first.map { evaluator.display(evaluator.evaluate($0, row: row)) } ?? "YYYY-MM-DD"
            return .text(format(date, pattern))
        case "date":
            guard case .date(let date) = receiver else { return .null }
            return .date(date.day)
        case "relative":
            // `3 days ago`, `in 2 months`: from the build's now, in the largest whole unit.
            guard case .date(let date) = receiver else { return .null }
            return .text(relative(date.seconds - evaluator.corpus.now.seconds))
        case "asfile":
            if case .link(let link) = receiver, let target = link.target { return .file(target) }
            return .null
        case "istype":
            let wanted = arguments.first.map { evaluator.display(evaluator.evaluate($0, row: row)).lowercased() } ?? ""
            let names = [
                "array": "list", "string": "string", "number": "number", "boolean": "boolean", "date": "date",
                "link": "link", "object": "object", "null": "null", "duration": "duration",
            ]
            return .boolean(names[receiver.typeName] == wanted || receiver.typeName == wanted)
        case "time":
            guard case .date(let date) = receiver else { return .null }
            return .text(format(date, "HH:mm:ss"))
        case "reduce":
            // `list.reduce(acc + value, initial)`: the item is `value`, its place `index`, the total `acc`.
            guard case .list(let items) = receiver, let step = arguments.first else { return .null }
            var total = arguments.count > 1 ? evaluator.evaluate(arguments[1], row: row) : .null
            for (position, item) in items.enumerated() {
                var scope = evaluator
                scope.variables["value"] = item
                scope.variables["index"] = .number(Double(position))
                scope.variables["acc"] = total
                total = scope.evaluate(step, row: row)
            }
            return total
        default:
            let values = [receiver] + arguments.map { evaluator.evaluate($0, row: row) }
            return apply(key, values, evaluator: evaluator)
        }
    }

    /// The first `count` items, when `count` is a number (`split`'s second argument).
    private static func limited(_ items: [QueryValue], _ count: QueryValue) -> QueryValue {
        guard case .number(let n) = count, n >= 0 else { return .list(items) }
        return .list(Array(items.prefix(Int(n))))
    }

    /// A span of seconds as Obsidian's `relative()` words it, in English as Obsidian does.
    static func relative(_ seconds: Double) -> String {
        let units: [(String, Double)] = [
            ("year", 365 * 86_400), ("month", 30 * 86_400), ("day", 86_400), ("hour", 3600), ("minute", 60),
        ]
        let span = abs(seconds)
        guard let (unit, length) = units.first(where: { span >= $0.1 }) else { return "now" }
        let count = Int((span / length).rounded(.down))
        let words = "\(count) \(unit)\(count == 1 ? "" : "s")"
        return seconds < 0 ? words + " ago" : "in " + words
    }

    private static func lambdaCall(
        _ name: String, list: QueryValue, _ lambda: QueryExpression?, _ row: QueryValue, _ evaluator: QueryEvaluator
    ) -> QueryValue {
        let items: [QueryValue]
        if case .list(let values) = list { items = values } else { items = list.isNull ? [] : [list] }
        guard let lambda else {
            // `any(list)`: is any of them truthy?
            switch name {
            case "any": return .boolean(items.contains(where: \.isTruthy))
            case "all": return .boolean(items.allSatisfy(\.isTruthy))
            case "none": return .boolean(!items.contains(where: \.isTruthy))
            default: return .null
            }
        }
        // Bases' `list.filter(value > 2)` names the item `value` (and `index`) instead of a lambda.
        func test(_ item: QueryValue, _ position: Int) -> QueryValue {
            if case .lambda = lambda { return evaluator.apply(lambda, [item, .number(Double(position))], row: row) }
            var scope = evaluator
            scope.variables["value"] = item
            scope.variables["index"] = .number(Double(position))
            return scope.evaluate(lambda, row: row)
        }
        switch name {
        case "filter": return .list(items.enumerated().filter { test($1, $0).isTruthy }.map(\.element))
        case "map": return .list(items.enumerated().map { test($1, $0) })
        case "any": return .boolean(items.enumerated().contains { test($1, $0).isTruthy })
        case "all": return .boolean(items.enumerated().allSatisfy { test($1, $0).isTruthy })
        default: return .boolean(!items.enumerated().contains { test($1, $0).isTruthy })
        }
    }

    /// The functions whose arguments are plain values.
    static func apply(_ name: String, _ values: [QueryValue], evaluator: QueryEvaluator) -> QueryValue {
        let first = values.first ?? .null
        let second = values.count > 1 ? values[1] : .null
        let corpus = evaluator.corpus
        switch name {
        case "contains": return .boolean(contains(first, second, evaluator: evaluator, fold: false))
        case "icontains": return .boolean(contains(first, second, evaluator: evaluator, fold: true))
        case "econtains":
            if case .list(let items) = first { return .boolean(items.contains(second)) }
            return .boolean(contains(first, second, evaluator: evaluator, fold: false))
        case "containsword":
            let words = evaluator.display(first).lowercased().split { !$0.isLetter && !$0.isNumber }
            return .boolean(words.contains(Substring(evaluator.display(second).lowercased())))
        case "length":
            switch first {
            case .list(let items): return .number(Double(items.count))
            case .text(let text): return .number(Double(text.count))
            case .object(let members): return .number(Double(members.count))
            case .null: return .number(0)
            default: return .number(1)
            }
        case "lower": return mapText(first) { $0.lowercased() }
        case "upper": return mapText(first) { $0.uppercased() }
        case "date":
            switch first {
            case .date: return first
            case .link(let link):
                guard let target = link.target else { return .null }
                return corpus.index.notes[target].date.map { .date(QueryDate($0)) } ?? .null
            default:
                let text = evaluator.display(first).trimmingCharacters(in: .whitespaces).lowercased()
                switch text {
                case "today": return .date(corpus.now.day)
                case "now": return .date(corpus.now)
                case "tomorrow": return .date(corpus.now.day.adding(QueryDuration(seconds: 86_400)))
                case "yesterday": return .date(corpus.now.day.adding(QueryDuration(seconds: -86_400)))
                default: return NoteDate(evaluator.display(first)).map { .date(QueryDate($0)) } ?? .null
                }
            }
        case "now": return .date(corpus.now)
        case "today": return .date(corpus.now.day)
        case "dur", "duration":
            if case .duration = first { return first }
            return QueryDuration(evaluator.display(first)).map { .duration($0) } ?? .null
        case "number":
            if case .number = first { return first }
            let digits = evaluator.display(first).drop { !$0.isNumber && $0 != "-" }.prefix {
                $0.isNumber || $0 == "." || $0 == "-"
            }
            return Double(digits).map { .number($0) } ?? .null
        case "string": return .text(evaluator.display(first))
        case "link", "elink":
            if case .link = first { return first }
            if case .file(let note) = first { return corpus.fileLink(note) }
            guard let wikilink = Wikilink(inner: Substring(evaluator.display(first)), isEmbed: false) else {
                return .null
            }
            var link = QueryCorpus.link(
                wikilink, from: evaluator.this.map { corpus.index.folderOfNote[$0] } ?? "", index: corpus.index)
            if case .text(let display) = second { link.display = display }
            return .link(link)
        case "list", "array": return .list(values)
        case "object":
            var members: [String: QueryValue] = [:]
            for pair in stride(from: 0, to: values.count - 1, by: 2) {
                members[evaluator.display(values[pair])] = values[pair + 1]
            }
            return .object(members)
        case "round", "floor", "ceil", "abs":
            guard case .number(let number) = first else { return .null }
            switch name {
            case "floor": return .number(number.rounded(.down))
            case "ceil": return .number(number.rounded(.up))
            case "abs": return .number(abs(number))
            default:
                let places = { if case .number(let p) = second { return p } else { return 0 } }()
                let scale = pow(10, places)
                return .number((number * scale).rounded(.toNearestOrAwayFromZero) / scale)
            }
        case "file":
            if case .link(let link) = first, let target = link.target { return .file(target) }
            if case .file = first { return first }
            return evaluator.corpus.index.note(named: evaluator.display(first)).map { .file($0) } ?? .null
        case "escapehtml": return .text(evaluator.display(first).htmlEscaped)
        case "repeat":
            guard case .number(let count) = second, count >= 0, count < 10_000 else { return .null }
            return .text(String(repeating: evaluator.display(first), count: Int(count)))
        case "slice":
            let start = { if case .number(let n) = second { return Int(n) } else { return 0 } }()
            let end: Int? =
                values.count > 2 ? { if case .number(let n) = values[2] { return Int(n) } else { return nil } }() : nil
            func range(_ count: Int) -> Range<Int> {
                let low = max(0, start < 0 ? count + start : min(start, count))
                let high = max(low, min(count, end.map { $0 < 0 ? count + $0 : $0 } ?? count))
                return low..<high
            }
            if case .list(let items) = first { return .list(Array(items[range(items.count)])) }
            let characters = Array(evaluator.display(first))
            return .text(String(characters[range(characters.count)]))
        case "mean", "stddev":
            let numbers = (list(first) ?? values).compactMap { if case .number(let n) = $0 { n } else { nil } }
            guard !numbers.isEmpty else { return .null }
            let mean = numbers.reduce(0, +) / Double(numbers.count)
            if name == "mean" { return .number(mean) }
            return .number(
                (numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count)).squareRoot())
        case "min", "max", "sum", "average", "product":
            let items = values.count == 1 ? (list(first) ?? [first]) : values
            let present = items.filter { !$0.isNull }
            if name == "min" || name == "max" {
                let wanted = name == "min" ? -1 : 1
                return present.reduce(nil as QueryValue?) { best, item in
                    guard let best else { return item }
                    return QueryValue.compare(item, best, corpus: corpus, collate: false) == wanted ? item : best
                } ?? .null
            }
            let numbers = present.compactMap { if case .number(let n) = $0 { n } else { nil } }
            if name == "product" { return .number(numbers.reduce(1, *)) }
            if name == "average" {
                return numbers.isEmpty ? .null : .number(numbers.reduce(0, +) / Double(numbers.count))
            }
            return .number(numbers.reduce(0, +))
        case "default":
            if case .list(let items) = first { return .list(items.map { $0.isNull ? second : $0 }) }
            return first.isNull ? second : first
        case "join":
            let separator = values.count > 1 ? evaluator.display(second) : ", "
            return .text((list(first) ?? [first]).map(evaluator.display).joined(separator: separator))
        case "startswith": return .boolean(evaluator.display(first).hasPrefix(evaluator.display(second)))
        case "endswith": return .boolean(evaluator.display(first).hasSuffix(evaluator.display(second)))
        case "replace":
            guard values.count >= 3 else { return .null }
            return .text(
                evaluator.display(first).replacingOccurrences(
                    of: evaluator.display(second), with: evaluator.display(values[2])))
        case "split":
            return .list(evaluator.display(first).components(separatedBy: evaluator.display(second)).map { .text($0) })
        case "nonnull": return .list((list(first) ?? values).filter { !$0.isNull })
        case "flat":
            return .list((list(first) ?? [first]).flatMap { list($0) ?? [$0] })
        case "sort":
            return .list(
                (list(first) ?? [first]).sorted { QueryValue.compare($0, $1, corpus: corpus, collate: true) < 0 })
        case "reverse": return .list((list(first) ?? [first]).reversed())
        case "unique":
            var seen: Set<QueryValue> = []
            return .list((list(first) ?? [first]).filter { seen.insert($0).inserted })
        case "typeof": return .text(first.typeName == "array" ? "array" : first.typeName)
        case "dateformat":
            guard case .date(let date) = first else { return .null }
            return .text(format(date, evaluator.display(second)))
        case "striptime":
            if case .date(let date) = first { return .date(date.day) }
            return .null
        case "regextest", "regexmatch":
            let subject = evaluator.display(second)
            return evaluator.regex(evaluator.display(first), flags: "") {
                name == "regexmatch" ? try $0.matchesWhole(subject) : try !$0.matches(in: subject, all: false).isEmpty
            }.map { .boolean($0) } ?? .null
        case "regexreplace":
            guard values.count >= 3 else { return .null }
            let replacement = evaluator.display(values[2])
            return evaluator.regex(evaluator.display(second), flags: "") {
                try $0.replacing(in: evaluator.display(first), with: replacement)
            }.map { .text($0) } ?? .null
        case "truncate":
            guard case .number(let length) = second else { return first }
            let text = evaluator.display(first)
            return .text(text.count > Int(length) ? String(text.prefix(Int(length))) + "…" : text)
        case "padleft", "padright":
            guard case .number(let length) = second else { return first }
            let text = evaluator.display(first)
            let pad = String(
                repeating: values.count > 2 ? evaluator.display(values[2]) : " ",
                count: max(0, Int(length) - text.count))
            return .text(name == "padleft" ? pad + text : text + pad)
        default:
            return .null
        }
    }

    private static func list(_ value: QueryValue) -> [QueryValue]? {
        if case .list(let items) = value { return items }
        return nil
    }

    private static func texts(_ value: QueryValue) -> [String] {
        switch value {
        case .text(let text): return [text]
        case .list(let items): return items.flatMap(texts)
        default: return []
        }
    }

    private static func mapText(_ value: QueryValue, _ transform: (String) -> String) -> QueryValue {
        switch value {
        case .text(let text): return .text(transform(text))
        case .list(let items): return .list(items.map { mapText($0, transform) })
        default: return value
        }
    }

    /// Dataview's `contains`: a list holds an item equal to it (or, for text, holding it), a
    /// text holds the text, an object has the key, a link's note is the link's.
    static func contains(_ haystack: QueryValue, _ needle: QueryValue, evaluator: QueryEvaluator, fold: Bool)
        -> Bool
    {
        switch haystack {
        case .list(let items):
            return items.contains { item in
                if case .text = item, case .text = needle {
                    return contains(item, needle, evaluator: evaluator, fold: fold)
                }
                return sameTarget(item, needle)
                    || QueryValue.compare(item, needle, corpus: evaluator.corpus, collate: false) == 0
            }
        case .text(let text):
            let part = evaluator.display(needle)
            return fold ? text.lowercased().contains(part.lowercased()) : text.contains(part)
        case .object(let members): return members[evaluator.display(needle)] != nil
        case .link, .row, .file: return sameTarget(haystack, needle)
        default: return false
        }
    }

    /// Two links, rows or files that lead to one note.
    static func sameTarget(_ a: QueryValue, _ b: QueryValue) -> Bool {
        guard let x = note(a), let y = note(b) else { return false }
        return x == y
    }

    /// The note a link, row or file leads to.
    static func note(_ value: QueryValue) -> Int? {
        switch value {
        case .link(let link): link.target
        case .row(let row): row.task == nil ? row.note : nil
        case .file(let note): note
        default: nil
        }
    }

    /// Whether `note` links to what `value` names.
    static func links(_ note: Int, to value: QueryValue, evaluator: QueryEvaluator) -> Bool {
        let target: Int?
        switch value {
        case .link(let link): target = link.target
        case .file(let other): target = other
        case .row(let row): target = row.note
        case .text(let name): target = evaluator.corpus.index.note(named: name)
        default: target = nil
        }
        guard let target else { return false }
        return evaluator.corpus.outlinks[note].contains(target)
    }

    /// Moment.js-style patterns as Bases and Dataview write them: `YYYY`, `MM`, `DD`, `HH`, `mm`,
    /// `ss`, and Luxon's `yyyy`, `dd`.
    static func format(_ date: QueryDate, _ pattern: String) -> String {
        let p = date.parts
        var result = ""
        var rest = Substring(pattern)
        let tokens: [(String, String)] = [
            ("YYYY", String(format: "%04d", p.year)), ("yyyy", String(format: "%04d", p.year)),
            ("MM", String(format: "%02d", p.month)), ("DD", String(format: "%02d", p.day)),
            ("dd", String(format: "%02d", p.day)), ("HH", String(format: "%02d", p.hour)),
            ("mm", String(format: "%02d", p.minute)), ("ss", String(format: "%02d", p.second)),
            ("M", String(p.month)), ("D", String(p.day)), ("d", String(p.day)),
        ]
        while !rest.isEmpty {
            if let (token, value) = tokens.first(where: { rest.hasPrefix($0.0) }) {
                result += value
                rest.removeFirst(token.count)
            } else {
                result.append(rest.removeFirst())
            }
        }
        return result
    }
}
