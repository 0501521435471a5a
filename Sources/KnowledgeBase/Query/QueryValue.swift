import Foundation

/// A value a query reads or computes, typed as Dataview and Obsidian Bases type them.
public indirect enum QueryValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case number(Double)
    case text(String)
    case date(QueryDate)
    case duration(QueryDuration)
    case link(QueryLink)
    case list([QueryValue])
    /// A note as a row of the query (its fields and `file`), with what `FLATTEN` set on it.
    case row(QueryRow)
    /// A note's `file` object: `file.name`, `file.tags`, …
    case file(Int)
    case object([String: QueryValue])

    /// Dataview orders values of different types by the name of their type, and null first.
    var typeName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .number: "number"
        case .text: "string"
        case .date: "date"
        case .duration: "duration"
        case .link, .row, .file: "link"
        case .list: "array"
        case .object: "object"
        }
    }

    /// Truthiness as Dataview and JavaScript read it: null, false, 0, "" and empty lists are false.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .boolean(let value): value
        case .number(let value): value != 0 && !value.isNaN
        case .text(let text): !text.isEmpty
        case .list(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        case .duration(let duration): duration.months != 0 || duration.seconds != 0
        case .date, .link, .row, .file: true
        }
    }

    var isNull: Bool { self == .null }

    /// A front-matter or inline value written as text, typed as Dataview types it: a number, a
    /// boolean, a date, a duration, a link, else text.
    static func parsing(_ text: String) -> QueryValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .null }
        if let number = Double(trimmed), trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) {
            return .number(number)
        }
        switch trimmed.lowercased() {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: break
        }
        if let date = NoteDate(trimmed) { return .date(QueryDate(date)) }
        if trimmed.first?.isNumber == true, let duration = QueryDuration(trimmed) { return .duration(duration) }
        return .text(text)
    }
}

/// A link a query reads (a property's `[[Note]]`) or makes (`file.link`): to a note when it
/// resolves, else to the name written.
public struct QueryLink: Sendable, Hashable {
    /// The note, when the link resolves.
    public var target: Int?
    /// The name as written, or the note's path for links kb made.
    public var name: String
    public var display: String?
}

/// A row of a query: a note, and the fields `FLATTEN` gave this row in place of the note's.
public struct QueryRow: Sendable, Hashable {
    public var note: Int
    public var overrides: [String: QueryValue] = [:]
    /// In a `TASK` query, which of the note's tasks the row is (its fields are the overrides).
    public var task: Int?
}

/// A point in time, in seconds since 1970 in UTC (a time written without a zone is read as UTC,
/// as kb's feed reads it), and whether a time of day was written.
public struct QueryDate: Sendable, Hashable, Comparable {
    public var seconds: Double
    public var hasTime: Bool

    public init(seconds: Double, hasTime: Bool) {
        self.seconds = seconds
        self.hasTime = hasTime
    }

    init(_ date: NoteDate) {
        var seconds = Double(Self.days(year: date.year, month: date.month, day: date.day)) * 86_400
        if let time = date.time {
            seconds += Double(time.hour * 3600 + time.minute * 60 + (time.second ?? 0))
            seconds += Double("0." + time.fraction).flatMap { time.fraction.isEmpty ? nil : $0 } ?? 0
            seconds -= Double((time.offset ?? 0) * 60)
        }
        self.init(seconds: seconds, hasTime: date.time != nil)
    }

    public static func < (lhs: QueryDate, rhs: QueryDate) -> Bool { lhs.seconds < rhs.seconds }

    /// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `days`.
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    var parts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let whole = Int(seconds.rounded(.down))
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let rest = whole - days * 86_400
        let (year, month, day) = Self.civil(days: days)
        return (year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// `2025-09-24`, or `2025-09-24 10:30` with a time: ISO, as the rest of the site writes dates.
    var text: String {
        let p = parts
        let day = String(format: "%04d-%02d-%02d", p.year, p.month, p.day)
        guard hasTime else { return day }
        return day + String(format: " %02d:%02d", p.hour, p.minute)
            + (p.second != 0 ? String(format: ":%02d", p.second) : "")
    }

    /// The start of its day.
    var day: QueryDate {
        QueryDate(seconds: (seconds / 86_400).rounded(.down) * 86_400, hasTime: false)
    }

    /// Calendar arithmetic, as Luxon does it: months first (the day kept, or the month's last),
    /// then the rest as seconds.
    func adding(_ duration: QueryDuration, sign: Double = 1) -> QueryDate {
        var result = self
        if duration.months != 0 {
            let p = parts
            let total = p.year * 12 + (p.month - 1) + Int(sign) * duration.months
            let year = Int((Double(total) / 12).rounded(.down))
            let month = total - year * 12 + 1
            let day = min(p.day, NoteDate.days(inMonth: month, of: year))
            let timeOfDay = seconds - (seconds / 86_400).rounded(.down) * 86_400
            result.seconds = Double(Self.days(year: year, month: month, day: day)) * 86_400 + timeOfDay
        }
        result.seconds += sign * duration.seconds
        if duration.seconds.truncatingRemainder(dividingBy: 86_400) != 0 { result.hasTime = true }
        return result
    }
}

/// A length of time: whole months (which have no fixed length) and seconds.
public struct QueryDuration: Sendable, Hashable, Comparable {
    public var months: Int
    public var seconds: Double

    public init(months: Int = 0, seconds: Double = 0) {
        self.months = months
        self.seconds = seconds
    }

    /// For comparing: a month counts as 30 days, as Luxon's conversion does.
    var approximateSeconds: Double { Double(months) * 30 * 86_400 + seconds }

    public static func < (lhs: QueryDuration, rhs: QueryDuration) -> Bool {
        lhs.approximateSeconds < rhs.approximateSeconds
    }

    private static let units: [(names: [String], months: Int, seconds: Double)] = [
        (["y", "yr", "yrs", "year", "years"], 12, 0),
        (["mo", "month", "months", "M"], 1, 0),
        (["w", "wk", "wks", "week", "weeks"], 0, 7 * 86_400),
        (["d", "day", "days"], 0, 86_400),
        (["h", "hr", "hrs", "hour", "hours"], 0, 3600),
        (["m", "min", "mins", "minute", "minutes"], 0, 60),
        (["s", "sec", "secs", "second", "seconds"], 0, 1),
        (["ms", "millisecond", "milliseconds"], 0, 0.001),
    ]

    /// `3 days`, `1 year 2 months`, `2h30m`, `1M`: amounts each followed by a unit, as Dataview's
    /// `dur()` and Bases' duration strings read them; commas and `and` between them.
    public init?(_ text: String) {
        var months = 0
        var seconds = 0.0
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var sign = 1.0
        if rest.first == "-" {
            sign = -1
            rest.removeFirst()
        } else if rest.first == "+" {
            rest.removeFirst()
        }
        var any = false
        while !rest.isEmpty {
            while let first = rest.first, first == " " || first == "," { rest.removeFirst() }
            if rest.hasPrefix("and ") { rest.removeFirst(4) }
            guard !rest.isEmpty else { break }
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard let amount = Double(number) else { return nil }
            rest.removeFirst(number.count)
            while rest.first == " " { rest.removeFirst() }
            let word = rest.prefix { $0.isLetter }
            rest.removeFirst(word.count)
            // `M` is months and `m` minutes, as Bases writes them; any other unit ignores case.
            let unit =
                Self.units.first { $0.names.contains(String(word)) }
                ?? Self.units.first { word != "M" && $0.names.contains(word.lowercased()) }
            guard let unit else { return nil }
            if unit.months != 0 {
                guard amount == amount.rounded() else { return nil }
                months += Int(amount) * unit.months
            }
            seconds += amount * unit.seconds
            any = true
        }
        guard any else { return nil }
        self.months = Int(sign) * months
        self.seconds = sign * seconds
    }

    /// `1 year, 2 months, 3 days`, largest unit first, as Dataview shows durations.
    var text: String {
        var parts: [String] = []
        func add(_ amount: Int, _ unit: String) {
            if amount != 0 { parts.append("\(amount) \(unit)\(abs(amount) == 1 ? "" : "s")") }
        }
        add(months / 12, "year")
        add(months % 12, "month")
        var rest = Int(seconds.rounded())
        add(rest / 604_800, "week")
        rest %= 604_800
        add(rest / 86_400, "day")
        rest %= 86_400
        add(rest / 3600, "hour")
        rest %= 3600
        add(rest / 60, "minute")
        add(rest % 60, "second")
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: ", ")
    }
}

extension QueryValue {
    /// Dataview's order: null first, then values of different types by the name of their type,
    /// values of one type by their own order. `text` turns a text into what it sorts by.
    static func compare(_ a: QueryValue, _ b: QueryValue, corpus: QueryCorpus, collate: Bool) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.text(let x), .text(let y)):
            let (kx, ky) = collate ? (corpus.collationKey(x), corpus.collationKey(y)) : (x, y)
            return kx.utf8.lexicographicallyPrecedes(ky.utf8) ? -1 : kx == ky ? 0 : 1
        case (.date(let x), .date(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.duration(let x), .duration(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.list(let x), .list(let y)):
            for (left, right) in zip(x, y) {
                let order = compare(left, right, corpus: corpus, collate: collate)
                if order != 0 { return order }
            }
            return x.count < y.count ? -1 : x.count > y.count ? 1 : 0
        case (.object(let x), .object(let y)):
            return compare(
                .list(x.keys.sorted().map { .list([.text($0), x[$0]!]) }),
                .list(y.keys.sorted().map { .list([.text($0), y[$0]!]) }), corpus: corpus, collate: collate)
        default:
            if a.typeName == "link" && b.typeName == "link" {
                let (x, y) = (corpus.linkKey(a, collate: collate), corpus.linkKey(b, collate: collate))
                return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : x == y ? 0 : 1
            }
            return a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0
        }
    }
}
