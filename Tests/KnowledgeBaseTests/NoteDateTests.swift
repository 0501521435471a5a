import Foundation
import Testing

@testable import KnowledgeBase

@Suite struct NoteDateTests {
    /// Written → its one spelling, the feed's RFC 3339 and the sitemap's W3C datetime.
    @Test(arguments: [
        ("2025-09-24", "2025-09-24", "2025-09-24T00:00:00Z", "2025-09-24"),
        ("2024-02-29", "2024-02-29", "2024-02-29T00:00:00Z", "2024-02-29"),
        ("2000-02-29", "2000-02-29", "2000-02-29T00:00:00Z", "2000-02-29"),
        ("0001-01-01", "0001-01-01", "0001-01-01T00:00:00Z", "0001-01-01"),
        ("9999-12-31", "9999-12-31", "9999-12-31T00:00:00Z", "9999-12-31"),
        ("2025-09-24T10:30", "2025-09-24T10:30", "2025-09-24T10:30:00Z", "2025-09-24"),
        ("2025-09-24 10:30:05", "2025-09-24T10:30:05", "2025-09-24T10:30:05Z", "2025-09-24"),
        ("2025-09-24t23:59:59z", "2025-09-24T23:59:59Z", "2025-09-24T23:59:59Z", "2025-09-24T23:59:59Z"),
        (
            "2025-09-24T00:00:00.5+08:00", "2025-09-24T00:00:00.5+08:00", "2025-09-24T00:00:00.5+08:00",
            "2025-09-24T00:00:00.5+08:00"
        ),
        (
            "2025-09-24T10:30:00.123456789-05:30", "2025-09-24T10:30:00.123456789-05:30",
            "2025-09-24T10:30:00.123456789-05:30", "2025-09-24T10:30:00.123456789-05:30"
        ),
        ("2025-09-24T10:30+0800", "2025-09-24T10:30+08:00", "2025-09-24T10:30:00+08:00", "2025-09-24T10:30:00+08:00"),
        ("2025-09-24T10:30-03", "2025-09-24T10:30-03:00", "2025-09-24T10:30:00-03:00", "2025-09-24T10:30:00-03:00"),
        ("2025-09-24T10:30+00:00", "2025-09-24T10:30Z", "2025-09-24T10:30:00Z", "2025-09-24T10:30:00Z"),
        (
            "2025-09-24 10:00:00 +0800", "2025-09-24T10:00:00+08:00", "2025-09-24T10:00:00+08:00",
            "2025-09-24T10:00:00+08:00"
        ),
        ("2025-09-24 10:00 Z", "2025-09-24T10:00Z", "2025-09-24T10:00:00Z", "2025-09-24T10:00:00Z"),
    ])
    func validDates(text: String, spelling: String, feed: String, sitemap: String) throws {
        let date = try #require(NoteDate(text))
        #expect(date.description == spelling)
        #expect(date.rfc3339 == feed)
        #expect(date.w3cDatetime == sitemap)
        #expect(date.dayText == String(text.prefix(10)))
        #expect(NoteDate(date.description) == date)
    }

    @Test(arguments: [
        "", "yesterday", "2025-02-30", "2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
        "2025-01-32", "2025-01-00", "0000-00-00", "0000-01-01", "10000-01-01", "2025-9-24", "2025-09-4", "25-09-24",
        "2025/09/24", "2025-09-24 ", " 2025-09-24", "2025-09-24T", "2025-09-24T24:00", "2025-09-24T10:60",
        "2025-09-24T10:30:60", "2025-09-24T10", "2025-09-24T1:30", "2025-09-24T10:30:00.", "2025-09-24T10:30.5",
        "2025-09-24T10:30:00.1234567890", "2025-09-24T10:30+24:00", "2025-09-24T10:30+08:60", "2025-09-24T10:30+8",
        "2025-09-24T10:30+08:", "2025-09-24T10:30Z+08:00", "2025-09-24T10:30:00ZZ", "2025-09-24x",
        "2025-09-24</updated><script>", "2025-09-24T10:30:00Z<", "２０２５-09-24", "2025-09-24\u{0}",
        "2025-09-24T10:30 ", "2025-09-24T10:30  +08:00", "2025-09-24 +08:00", "-2025-09-24", "+2025-09-24",
    ])
    func invalidDates(text: String) {
        #expect(NoteDate(text) == nil, "\(text) was accepted")
    }

    /// By the instant, a date alone at midnight UTC as in the feed.
    @Test func datesSortByTheirInstant() throws {
        let texts = [
            "2025-01-01T07:00+08:00", "2024-12-31T23:59:59Z", "2025-01-01", "2025-01-01T00:00:00.5Z",
            "2025-01-01T01:00", "2025-01-01T00:30-01:00", "2025-03-01", "2026-01-01",
        ]
        let dates = try texts.map { try #require(NoteDate($0)) }
        #expect(dates.shuffled().sorted() == dates)
        #expect(NoteDate("2025-01-01T00:00Z") != NoteDate("2025-01-01"))
        #expect(NoteDate("2025-01-01T00:00Z") == NoteDate("2025-01-01t00:00+00:00"))
    }

    /// Against an independent calendar: Foundation's Gregorian one (proleptic only from 1582 on,
    /// so from 1600), on every day that can be wrong, across four centuries of leap years.
    @Test func agreesWithFoundationsCalendarOnTheLastDaysOfEachMonth() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for year in 1600...2400 {
            for month in 1...12 {
                for day in 28...31 {
                    let text = String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + String(day)
                    let expected = DateComponents(calendar: calendar, year: year, month: month, day: day).isValidDate
                    #expect((NoteDate(text) != nil) == expected, "\(text)")
                }
            }
        }
    }

    private func parse(_ frontMatter: String) -> (Note, [Diagnostic]) {
        NoteParser().parse(
            SourceFile(path: "x.md", displayPath: "Content/x.md", bytes: Array("---\n\(frontMatter)\n---\n".utf8)))
    }

    @Test func anInvalidDateIsAWarningAtItsValueAndTheNoteKeepsNoDate() {
        let (note, diagnostics) = parse("title: X\ndate: 2025-02-30\nupdated:   \"2025-09-24</updated>\"")
        #expect(note.date == nil && note.updated == nil)
        #expect(
            diagnostics.map(\.description) == [
                "Content/x.md:3:7: warning: \"date\" must be a date written YYYY-MM-DD (a time may follow), not \"2025-02-30\"",
                "Content/x.md:4:12: warning: \"updated\" must be a date written YYYY-MM-DD (a time may follow), not \"2025-09-24</updated>\"",
            ])
    }

    /// Quoted or not, and as YAML's own timestamps are written: kb resolves no YAML tag, so each
    /// comes as the text of the scalar.
    @Test(arguments: [
        "date: 2025-09-24", "date: \"2025-09-24\"", "date: '2025-09-24 '", "date: !!timestamp 2025-09-24",
        "date: !!str 2025-09-24",
    ])
    func aDateReadsFromAnyScalar(line: String) {
        let (note, diagnostics) = parse(line)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(note.date?.description == "2025-09-24")
    }
}
