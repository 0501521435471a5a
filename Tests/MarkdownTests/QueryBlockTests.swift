import Testing

@testable import Markdown

/// The pass that holds queries for the Query stage, in one walk: fenced blocks by their language,
/// inline expressions in code spans, and task list items.
struct QueryBlockTests {
    private func replace(_ document: MarkdownDocument, _ languages: Set<String>, _ body: (QueryBlock) -> String?)
        -> [TaskItem]
    {
        document.replaceQueries(languages: languages, inlinePrefix: "= ", tasks: true, body)
    }

    @Test func aQueryBlockIsReplacedAndOtherCodeStays() {
        let document = MarkdownDocument(
            "Text\n\n```dataview\nLIST\nFROM #a\n```\n\n```swift\nlet x = 1\n```\n\n> ```base\n> views: []\n> ```\n")
        var found: [QueryBlock] = []
        _ = replace(document, ["dataview", "base"]) { block in
            found.append(block)
            return "<div>Q\(found.count)</div>"
        }
        #expect(found.map(\.language) == ["dataview", "base"])
        #expect(found.first?.source == "LIST\nFROM #a\n")
        #expect(found.first?.line == 4)
        let html = document.html()
        #expect(html.contains("<div>Q1</div>") && html.contains("<blockquote>\n<div>Q2</div>"))
        #expect(html.contains("<code class=\"language-swift\">let x = 1"))
    }

    @Test func aNilReplacementKeepsTheBlockAsCode() {
        let document = MarkdownDocument("```dataviewjs\ndv.list()\n```\n")
        _ = replace(document, ["dataviewjs"]) { _ in nil }
        #expect(document.html() == "<pre><code class=\"language-dataviewjs\">dv.list()\n</code></pre>\n")
    }

    @Test func inlineExpressionsAreCodeSpansThatStartWithTheirPrefix() {
        let document = MarkdownDocument("A `= this.x` and `=y` and `a = b`.\n")
        var sources: [String] = []
        _ = replace(document, []) { span in
            sources.append(span.source)
            return "<b>v</b>"
        }
        #expect(sources == ["this.x"])
        #expect(document.html() == "<p>A <b>v</b> and <code>=y</code> and <code>a = b</code>.</p>\n")
    }

    @Test func tasksAreTheCheckboxItemsWithTheirOwnText() {
        let document = MarkdownDocument("- [ ] one *two*\n  - [x] nested\n- plain\n1. [X] three\n")
        let tasks = replace(document, []) { _ in nil }
        #expect(tasks.map(\.text) == ["one two", "nested", "three"])
        #expect(tasks.map(\.completed) == [false, true, true])
        #expect(tasks.map(\.line) == [1, 2, 4])
    }

    @Test func oneWalkReplacesBlocksAndSpansAndFindsTasksTogether() {
        let document = MarkdownDocument("- [ ] due `= this.due`\n\n```dataview\nTASK\n```\n")
        var languages: [String] = []
        let tasks = replace(document, ["dataview"]) { query in
            languages.append(query.language)
            return query.language == "inline" ? "<i>d</i>" : "<div>T</div>"
        }
        #expect(languages == ["dataview", "inline"])
        #expect(tasks.map(\.text) == ["due = this.due"])
        #expect(document.html().contains("<i>d</i>") && document.html().contains("<div>T</div>"))
    }
}
