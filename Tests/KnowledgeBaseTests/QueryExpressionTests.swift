import Markdown
import Testing

@testable import KnowledgeBase

/// The expression language both Dataview and Bases queries are read in, over a small corpus.
struct QueryExpressionTests {
    static let corpus: QueryCorpus = {
        let texts = [
            ("a/甲", "---\nrank: 3\ndue: 2025-01-31\nowner: \"[[乙]]\"\ntags: [x/y]\n---\nstatus:: open\n"),
            ("乙", "---\nrank: 10\n---\nSee [[a/甲]].\n"),
        ]
        let notes = texts.map { path, text in
            NoteParser().parse(SourceFile(path: path + ".md", displayPath: path + ".md", bytes: Array(text.utf8))).note
        }
        let (index, _) = EntityIndex.build(notes: notes, assets: [])
        let renderer = NoteRenderer(index: index, settings: SiteSettings())
        let rendered = index.notes.indices.map { renderer.render($0) }
        return QueryCorpus(index: index, rendered: rendered, now: QueryDate(seconds: 1_759_276_800, hasTime: true))
    }()

    func value(_ text: String, dialect: QueryDialect = .dataview, note: String = "a/甲") throws -> QueryValue {
        let expression = try QueryParser.expression(text, dialect: dialect)
        let position = Self.corpus.index.notes.firstIndex { $0.id == note }!
        var evaluator = QueryEvaluator(corpus: Self.corpus, this: position)
        evaluator.dialect = dialect
        return evaluator.evaluate(expression, row: .row(QueryRow(note: position)))
    }

    @Test func arithmeticAndPrecedence() throws {
        #expect(try value("1 + 2 * 3") == .number(7))
        #expect(try value("(1 + 2) * 3") == .number(9))
        #expect(try value("rank * 2 - 1") == .number(5))
        #expect(try value("7 % 4") == .number(3))
        #expect(try value("1 / 0") == .null)
        #expect(try value("\"a\" + 1") == .text("a1"))
    }

    @Test func comparisonsFollowDataviewsTypeOrder() throws {
        #expect(try value("rank = 3") == .boolean(true))
        #expect(try value("rank != 3") == .boolean(false))
        // Different types order by their type's name: a number is below a string.
        #expect(try value("5 < \"1\"") == .boolean(true))
        #expect(try value("null < 0") == .boolean(true))
        #expect(try value("missing = null") == .boolean(true))
        #expect(try value("rank > 1 and rank < 5") == .boolean(true))
        #expect(try value("rank > 5 or !false") == .boolean(true))
        #expect(try value("rank > 1 && rank < 2", dialect: .bases) == .boolean(false))
    }

    @Test func datesAndDurations() throws {
        #expect(try value("due + dur(1 day)") == .date(QueryDate(seconds: 1_738_368_000, hasTime: false)))
        #expect(try value("string(due + dur(\"1 month\"))") == .text("2025-02-28"))
        #expect(try value("string(date(\"2024-01-31\") + dur(1 month))") == .text("2024-02-29"))
        #expect(try value("date(\"2025-02-01\") - due") == .duration(QueryDuration(seconds: 86_400)))
        #expect(try value("(date(today) - due).days") == .number(243))
        #expect(try value("due.month") == .number(1))
        #expect(try value("dur(\"2h 30m\") = dur(\"150 minutes\")") == .boolean(true))
        #expect(try value("dur(\"1 week\") > dur(\"6 days\")") == .boolean(true))
        #expect(try value("string(due + \"1y\")", dialect: .bases) == .text("2026-01-31"))
        // Bases subtracts two dates to milliseconds, Dataview to a duration.
        #expect(try value("date(\"2025-02-01\") - due", dialect: .bases) == .number(86_400_000))
        #expect(try value("file.name", dialect: .bases) == .text("甲.md"))
        #expect(try value("file.basename", dialect: .bases) == .text("甲"))
        #expect(try value("due.format(\"YYYY/MM\")", dialect: .bases) == .text("2025/01"))
        #expect(QueryDuration("3 elephants") == nil)
    }

    @Test func linksFieldsAndFiles() throws {
        #expect(try value("owner = [[乙]]") == .boolean(true))
        #expect(try value("owner.rank") == .number(10))
        #expect(try value("file.name") == .text("甲"))
        #expect(try value("file.folder") == .text("a"))
        #expect(try value("status") == .text("open"))
        #expect(try value("contains(file.tags, \"#x/y\")") == .boolean(true))
        #expect(try value("length(file.inlinks)") == .number(1))
        #expect(try value("file.hasTag(\"x\")", dialect: .bases) == .boolean(true))
        #expect(try value("file.inFolder(\"a\")", dialect: .bases) == .boolean(true))
        #expect(try value("file.hasLink(link(\"a/甲\"))", dialect: .bases, note: "乙") == .boolean(true))
        #expect(try value("this.rank") == .number(3))
    }

    @Test func functionsAndLambdas() throws {
        #expect(try value("join(list(1, 2, 3), \"-\")") == .text("1-2-3"))
        #expect(try value("sum(list(1, 2, 3))") == .number(6))
        #expect(try value("filter(list(1, 5, 9), (x) => x > 3)") == .list([.number(5), .number(9)]))
        #expect(try value("map(list(1, 2), (x) => x * 10)") == .list([.number(10), .number(20)]))
        #expect(try value("[1, 5, 9].filter(value > 3)", dialect: .bases) == .list([.number(5), .number(9)]))
        #expect(try value("default(missing, \"none\")") == .text("none"))
        #expect(try value("choice(rank > 1, \"big\", \"small\")") == .text("big"))
        #expect(try value("\"Hello\".lower().contains(\"ell\")", dialect: .bases) == .boolean(true))
        #expect(try value("round(3.14159, 2)") == .number(3.14))
        #expect(try value("[1, 2, 3].map(value * 2).reduce(acc + value, 0)", dialect: .bases) == .number(12))
        #expect(try value("\"abc\".slice(1)", dialect: .bases) == .text("bc"))
        #expect(try value("[1, 2, 3].slice(-2)", dialect: .bases) == .list([.number(2), .number(3)]))
        #expect(try value("rank.isType(\"number\")", dialect: .bases) == .boolean(true))
    }

    @Test func whatCannotBeReadIsAnErrorAtItsPlace() {
        #expect(throws: QueryError.self) { try QueryParser.expression("nosuch(1)", dialect: .dataview) }
        #expect(throws: QueryError.self) { try QueryParser.expression("(1 + 2", dialect: .dataview) }
        #expect(throws: QueryError.self) { try QueryParser.expression("\"open", dialect: .dataview) }
        #expect(throws: QueryError.self) { try QueryParser.expression("file.name.shout()", dialect: .bases) }
        // Hostile nesting is an error, not a stack overflow.
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(throws: QueryError.self) { try QueryParser.expression(deep, dialect: .dataview) }
        #expect(throws: QueryError.self) {
            try QueryParser.expression(String(repeating: "!", count: 100_000) + "x", dialect: .bases)
        }
        #expect(throws: QueryError.self) {
            try DataviewQuery.parse("LIST FROM " + String(repeating: "-(", count: 50_000) + "#a")
        }
        // Six levels of ten aliases each stand for a million values.
        var laughs = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            laughs +=
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        do {
            _ = try BaseQuery.parse(laughs)
            Issue.record("a billion laughs were read")
        } catch {
            #expect(error.message.contains("100,000"))
        }
        do {
            _ = try BaseQuery.parse("formulas:\n  a: formula.b + 1\n  b: formula.a\n")
            Issue.record("a circle of formulas was read")
        } catch {
            #expect(error.message == "formula a refers to itself through a → b → a")
        }
        do {
            _ = try DataviewQuery.parse("TABLE x\nFROM \"a\"\nHAVING y")
            Issue.record("HAVING was read")
        } catch {
            #expect(error.line == 2 && error.column == 1)
            #expect(error.message.contains("HAVING"))
        }
    }

    @Test func inlineFieldsAreFoundInText() {
        #expect(
            InlineField.scan("due:: 2025-01-01", startsLine: true) == [
                InlineField(key: "due", value: "2025-01-01", bracketed: false)
            ])
        #expect(InlineField.scan("due:: 2025-01-01", startsLine: false).isEmpty)
        #expect(
            InlineField.scan("by [owner:: [[乙]]] and (rank:: 2)", startsLine: true) == [
                InlineField(key: "owner", value: "[[乙]]", bracketed: true),
                InlineField(key: "rank", value: "2", bracketed: true),
            ])
        #expect(InlineField.scan("see https://x.org", startsLine: true).isEmpty)
        // Editors write a no-break space after `::`; Dataview trims it as JavaScript's trim() does.
        #expect(
            InlineField.scan("type::\u{A0}#person", startsLine: true) == [
                InlineField(key: "type", value: "#person", bracketed: false)
            ])
    }

    @Test func regularExpressionsOfBothLanguages() throws {
        #expect(try value("regextest(\"^甲\", file.name)") == .boolean(true))
        #expect(try value("regexmatch(\"甲\", \"甲乙\")") == .boolean(false))
        #expect(try value("regexreplace(\"a-b-c\", \"-(.)\", \"+$1\")") == .text("a+b+c"))
        #expect(try value("/^a/i.matches(\"Abc\")", dialect: .bases) == .boolean(true))
        #expect(try value("\"a:b:c\".replace(/:/, \"-\")", dialect: .bases) == .text("a-b:c"))
        #expect(try value("\"a:b:c\".replace(/:/g, \"-\")", dialect: .bases) == .text("a-b-c"))
        #expect(try value("\"a, b,c\".split(/,\\s*/, 2)", dialect: .bases) == .list([.text("a"), .text("b")]))
        // `/` between values still divides.
        #expect(try value("rank / 3 / 1", dialect: .bases) == .number(1))
    }

    @Test func aBacktrackingPatternStopsAtItsBudgetWithAWarning() throws {
        let expression = try QueryParser.expression(
            "regextest(\"^(a+)+$\", \"" + String(repeating: "a", count: 40) + "!\")", dialect: .dataview)
        let session = QuerySession()
        let evaluator = QueryEvaluator(corpus: Self.corpus, this: 0, session: session)
        let start = ContinuousClock.now
        #expect(evaluator.evaluate(expression, row: .row(QueryRow(note: 0))) == .null)
        // Run again, it is not tried a second time.
        #expect(evaluator.evaluate(expression, row: .row(QueryRow(note: 0))) == .null)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(session.warnings.count == 1 && session.warnings[0].contains("budget"))
        let bad = try QueryParser.expression("regextest(\"(a\", \"a\")", dialect: .dataview)
        #expect(evaluator.evaluate(bad, row: .null) == .null)
        #expect(session.warnings.last?.contains("cannot be read") == true)
    }

    @Test func aLinkEqualsTheNoteItLeadsTo() throws {
        #expect(try value("owner = [[乙]]") == .boolean(true))
        #expect(try value("owner == this", dialect: .bases, note: "乙") == .boolean(false))
        #expect(try value("owner.asFile() == file(\"乙\")", dialect: .bases) == .boolean(true))
        #expect(try value("file.properties.keys().contains(\"rank\")", dialect: .bases) == .boolean(true))
        #expect(try value("\"abc\".reverse()", dialect: .bases) == .text("cba"))
    }

    @Test func whatAStaticPageCannotGiveIsNamed() {
        #expect(throws: QueryError.self) { try QueryParser.expression("random() > 0.5", dialect: .bases) }
        do {
            _ = try QueryParser.expression("1 + icon(\"x\")", dialect: .bases)
        } catch {
            #expect(error.message.hasPrefix("icon()") && error.column == 5)
        }
    }
}
