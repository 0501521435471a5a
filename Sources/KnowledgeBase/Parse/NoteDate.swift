/// A `date:` or `updated:` of the front matter: ISO 8601 as note tools write it, checked in full.
///
/// `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM` or `HH:MM:SS` with optional
/// fractional seconds, optionally followed by `Z` or an offset (`±HH:MM`, `±HHMM`, `±HH`), which
/// may come after a space as Jekyll writes it. RFC 3339 lets `T` and `Z` be lower case too. Every field is checked: a day that does not exist in its
/// month would make `sitemap.xml` invalid, and anything but these characters could reach the feed.
public struct NoteDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    /// nil for a date alone.
    public let time: Time?

    public struct Time: Sendable, Hashable {
        public let hour: Int
        public let minute: Int
        /// nil when only hours and minutes were written.
        public let second: Int?
        /// The digits after the decimal point as written (trailing zeros count: `.50` is kept as
        /// such), empty for none. At most nine, a nanosecond.
        public let fraction: String
        /// Minutes east of UTC; nil when the time has no zone.
        public let offset: Int?
    }

    public init?(_ text: some StringProtocol) {
        var reader = Reader(Array(text.utf8))
        guard let year = reader.number(digits: 4), reader.skip("-"), let month = reader.number(digits: 2),
            reader.skip("-"), let day = reader.number(digits: 2),
            (1...9999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        if reader.atEnd {
            time = nil
            return
        }
        guard reader.skip("T") || reader.skip("t") || reader.skip(" "), let hour = reader.number(digits: 2),
            reader.skip(":"), let minute = reader.number(digits: 2), hour <= 23, minute <= 59
        else { return nil }
        var second: Int?
        var fraction = ""
        if reader.skip(":") {
            guard let seconds = reader.number(digits: 2), seconds <= 59 else { return nil }
            second = seconds
            if reader.skip(".") {
                fraction = reader.digits(atMost: 9)
                guard !fraction.isEmpty else { return nil }
            }
        }
        var offset: Int?
        // Jekyll and YAML's own timestamps put a space before the zone: `10:00:00 +0800`.
        let spaced = reader.skip(" ")
        if reader.skip("Z") || reader.skip("z") {
            offset = 0
        } else if let sign = reader.sign() {
            guard let hours = reader.number(digits: 2), hours <= 23 else { return nil }
            var minutes = 0
            if !reader.atEnd {
                _ = reader.skip(":")
                guard let written = reader.number(digits: 2), written <= 59 else { return nil }
                minutes = written
            }
            offset = sign * (hours * 60 + minutes)
        }
        guard reader.atEnd, !spaced || offset != nil else { return nil }
        time = Time(hour: hour, minute: minute, second: second, fraction: fraction, offset: offset)
    }

    /// `YYYY-MM-DD`: what pages show, and how notes of the same day group.
    public var dayText: String {
        Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
    }

    /// The date as written, in one spelling: `T`, `Z` and `±HH:MM`, seconds only if written.
    public var description: String {
        guard let time else { return dayText }
        return dayText + "T" + clock(time, seconds: time.second != nil) + zone(time.offset)
    }

    /// RFC 3339, for Atom's `<updated>`, which needs a time and a zone: a date alone is midnight
    /// UTC (as kb has always written it), and a time written without a zone is taken as UTC.
    public var rfc3339: String {
        guard let time else { return dayText + "T00:00:00Z" }
        return dayText + "T" + clock(time, seconds: true) + zone(time.offset ?? 0)
    }

    /// W3C datetime, for the sitemap's `<lastmod>`. It allows a time only with a zone, so a time
    /// written without one leaves the day alone.
    public var w3cDatetime: String {
        guard let time, time.offset != nil else { return dayText }
        return rfc3339
    }

    /// By the instant (a date alone and a time without a zone as UTC, as in the feed), then by
    /// the spelling, so that two dates compare equal only when they are equal.
    public static func < (lhs: NoteDate, rhs: NoteDate) -> Bool {
        (lhs.instant.seconds, lhs.instant.nanoseconds, lhs.description)
            < (rhs.instant.seconds, rhs.instant.nanoseconds, rhs.description)
    }

    private var instant: (seconds: Int, nanoseconds: Int) {
        // Days since 0001-01-01 in the proleptic Gregorian calendar.
        let years = year - 1
        var days = years * 365 + years / 4 - years / 100 + years / 400 + day - 1
        for earlier in 1..<month { days += Self.days(inMonth: earlier, of: year) }
        guard let time else { return (days * 86_400, 0) }
        let seconds =
            days * 86_400 + time.hour * 3_600 + time.minute * 60 + (time.second ?? 0) - (time.offset ?? 0) * 60
        let nanoseconds = Int(time.fraction + String(repeating: "0", count: 9 - time.fraction.count)) ?? 0
        return (seconds, nanoseconds)
    }

    private func clock(_ time: Time, seconds: Bool) -> String {
        var text = Self.pad(time.hour, 2) + ":" + Self.pad(time.minute, 2)
        if seconds { text += ":" + Self.pad(time.second ?? 0, 2) }
        if !time.fraction.isEmpty { text += "." + time.fraction }
        return text
    }

    private func zone(_ offset: Int?) -> String {
        guard let offset else { return "" }
        if offset == 0 { return "Z" }
        return (offset < 0 ? "-" : "+") + Self.pad(abs(offset) / 60, 2) + ":" + Self.pad(abs(offset) % 60, 2)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// ASCII bytes, read from the front.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        /// Exactly `digits` ASCII digits.
        mutating func number(digits: Int) -> Int? {
            guard position + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + digits] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            position += digits
            return value
        }

        /// One to `atMost` digits, or "" when there are none or more than that.
        mutating func digits(atMost: Int) -> String {
            let start = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            guard position - start <= atMost else { return "" }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// +1 or -1 for a `+` or `-`; nil for anything else.
        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
