import Testing

@testable import Markdown

/// Obsidian's syntax on cmark's tree, each pass alone.
@Suite struct ObsidianSyntaxTests {
    private func html(_ markdown: String, _ passes: (MarkdownDocument) -> Void = { _ in }) -> String {
        let document = MarkdownDocument(markdown)
        passes(document)
        return document.html()
    }

    // MARK: Comments

    @Test(arguments: [
        ("a %%hidden%% b", "<p>a  b</p>\n"),
        ("a %%one%% b %%two%% c", "<p>a  b  c</p>\n"),
        ("%%\nhidden\n\nstill hidden\n%%\n\nshown", "<p>shown</p>\n"),
        ("before %%start\n\n- hidden item\n\nend%% after", "<p>before </p>\n<p> after</p>\n"),
        (
            "`%%code%%` and\n\n```\n%%fenced%%\n```",
            "<p><code>%%code%%</code> and</p>\n<pre><code>%%fenced%%\n</code></pre>\n"
        ),
        ("shown\n\n%% never closed\n\n# hidden heading", "<p>shown</p>\n"),
        (
            "> quoted %%x%%\n\n- %%all of it%%\n\n>",
            "<blockquote>\n<p>quoted </p>\n</blockquote>\n<blockquote>\n</blockquote>\n"
        ),
        ("[link %%x%%](u) *em %%y%%*", "<p><a href=\"u\">link </a> <em>em </em></p>\n"),
    ])
    func commentsAreCutFromTheTree(markdown: String, expected: String) {
        #expect(html(markdown) == expected)
    }

    @Test func aCommentLeavesNoTextForSearch() {
        let document = MarkdownDocument("visible %%secret%%\n\n%%\nsecret block\n%%\n")
        #expect(!document.text().contains("secret"))
    }

    // MARK: Highlights

    @Test(arguments: [
        ("==mark==", "<p><mark>mark</mark></p>\n"),
        ("a ==b *c* d== e", "<p>a <mark>b <em>c</em> d</mark> e</p>\n"),
        ("`==code==` and == spaced == and a===b", "<p><code>==code==</code> and == spaced == and a===b</p>\n"),
        ("==one== ==two==", "<p><mark>one</mark> <mark>two</mark></p>\n"),
        ("==unclosed", "<p>==unclosed</p>\n"),
        ("==跨\n行==", "<p><mark>跨\n行</mark></p>\n"),
    ])
    func highlights(markdown: String, expected: String) {
        #expect(html(markdown) { $0.renderHighlights() } == expected)
    }

    // MARK: Block ids

    @Test func blockIDsGoToTheirBlocksAndAreNotShown() {
        let markdown = """
            A paragraph ^p1

            - item ^item
            - other

            > quote

            ^q

            | a |
            |---|
            | 1 |

            ^t

            text
            ^p2

            again ^p1

            `code ^c`
            """
        let document = MarkdownDocument(markdown)
        #expect(document.assignBlockIDs() == ["p1", "item", "q", "t", "p2"])
        // A paragraph's id is written last, so that an embed can still split the paragraph.
        document.prepareForWeb()
        let html = document.html()
        #expect(html.contains("<p id=\"^p1\">\nA paragraph\n</p>"))
        #expect(html.contains("<li><span class=\"block-anchor\" id=\"^item\"></span>item</li>"))
        #expect(html.contains("<div class=\"block\" id=\"^q\">\n<blockquote>"))
        #expect(html.contains("<div class=\"block\" id=\"^t\">\n<table>"))
        #expect(html.contains("<p id=\"^p2\">\ntext\n</p>"))
        #expect(html.contains("<p>again</p>"))
        #expect(html.contains("<code>code ^c</code>"))
        #expect(!html.contains("^p1\n") && !html.contains("> ^") && !html.contains("item ^"))
    }

    @Test func aCaretInsideAWordIsNoBlockID() {
        let document = MarkdownDocument("x^2 and 2^10\n\nsee^id\n")
        #expect(document.assignBlockIDs().isEmpty)
        #expect(document.html() == "<p>x^2 and 2^10</p>\n<p>see^id</p>\n")
    }

    // MARK: Inline tags

    @Test(arguments: [
        ("#tag", true, ["tag"]),
        ("a #nested/tag b", true, ["nested/tag"]),
        ("见 #大模型。", true, ["大模型"]),
        ("见#大模型。", true, []),
        ("#123 #2024年 #a_b-c", true, ["2024年", "a_b-c"]),
        ("#tag", false, []),
        ("x #a/ y", true, ["a"]),
        ("# heading-like", true, []),
        ("#tag#other", true, ["tag"]),
    ])
    func inlineTags(text: String, startsLine: Bool, names: [String]) {
        #expect(InlineTag.scan(text, startsLine: startsLine).map(\.name) == names)
    }

    // MARK: Parts of a document

    @Test func aSectionRunsToTheNextHeadingOfItsLevel() {
        let document = MarkdownDocument("# T\n\nintro\n\n## A\n\na\n\n### A.1\n\na1\n\n## B\n\nb\n")
        #expect(document.keepOnly(.section("a")))
        #expect(document.html() == "<h2>A</h2>\n<p>a</p>\n<h3>A.1</h3>\n<p>a1</p>\n")
    }

    @Test func aMissingPartLeavesTheDocument() {
        let document = MarkdownDocument("# T\n\nintro ^x\n")
        document.assignBlockIDs()
        #expect(!document.keepOnly(.section("nothing")))
        #expect(!document.keepOnly(.block("y")))
        document.prepareForWeb()
        #expect(document.html() == "<h1 id=\"t\">T</h1>\n<p id=\"^x\">\nintro\n</p>\n")
    }

    @Test func aBlockKeepsOnlyTheFootnotesItRefersTo() {
        let document = MarkdownDocument("one[^a] ^first\n\ntwo[^b]\n\n[^a]: A.\n[^b]: B.\n")
        document.assignBlockIDs()
        #expect(document.keepOnly(.block("first")))
        let html = document.html()
        #expect(html.contains("<li id=\"fn-a\">") && !html.contains("fn-b") && !html.contains("two"))
    }

    @Test func anItemShowsAsItsContent() {
        let document = MarkdownDocument("- one ^i\n  - nested\n- two\n")
        document.assignBlockIDs()
        #expect(document.keepOnly(.block("i")))
        #expect(
            document.html()
                == "<p><span class=\"block-anchor\" id=\"^i\"></span>one</p>\n<ul>\n<li>nested</li>\n</ul>\n")
    }

    // MARK: Blocks among inlines

    @Test func aBlockPieceSplitsItsParagraph() {
        let document = MarkdownDocument("before X after\n\n| X |\n|---|\n| c |\n")
        document.rewriteText { node in
            guard let range = node.text.range(of: "X") else { return nil }
            return [
                .text(String(node.text[..<range.lowerBound])), .block("<div>B</div>"),
                .text(String(node.text[range.upperBound...])),
            ]
        }
        let html = document.html()
        #expect(html.hasPrefix("<p>before </p>\n<div>B</div>\n<p> after</p>\n"))
        #expect(html.contains("<th><div>B</div></th>"))
    }
}
