import Testing

@testable import Markdown

/// What a reader and kb get from a document: HTML, text, headings, and the line of every text node.
struct Rendering: Equatable {
    var html = ""
    var text = ""
    var headings: [Heading] = []
    var lines: [Int] = []

    /// `markdown` parsed whole, or section by section when `size` is given.
    init(_ markdown: String, size: Int? = nil) {
        var ids = HeadingIDs()
        let sections = size.map { Array(MarkdownSections(markdown, size: $0)) }
        for section in sections ?? [MarkdownSections.Section(text: markdown[...], firstLine: 1)] {
            let document = MarkdownDocument(section.text, firstLine: section.firstLine)
            document.rewriteText { node in
                lines.append(node.line)
                return nil
            }
            headings += document.prepareForWeb(ids: &ids)
            html += document.html()
            text += document.text()
        }
    }
}

@Suite struct MarkdownSectionsTests {
    static let prose = "段落一。\n\n# 标题\n\n段落二，[链接](https://a.example)。\n\n## 标题\n\n- 列表\n- 项\n\n"

    @Test func aLongDocumentIsCutAtHeadingsAndRendersTheSame() {
        let document = String(repeating: Self.prose, count: 20)
        #expect(Array(MarkdownSections(document, size: 100)).count > 5)
        let cut = Rendering(document, size: 100)
        #expect(cut == Rendering(document))
        #expect(cut.headings.last?.id == "标题-39")
        #expect(cut.lines.last == 19 * 11 + 10)  // "项" of the last copy
    }

    @Test(arguments: [
        // A heading inside fenced code, an HTML block and a comment is not a place to cut.
        "a\n\n```\ncode\n\n# not a heading\n```\n\n# h\n\nb\n",
        "a\n\n~~~~\n~~~\n\n# not\n~~~~\n\n# h\n",
        "a\n\n<pre>\nx\n\n# not\n</pre>\n\n# h\n",
        "a\n\n<!--\n\n# not\n-->\n\n# h\n",
        "a\n\n<SCRIPT>\n\n# not\n</script>\n\n# h\n",
        "``` inline ``` code\n\n# h\n\n```\nx\n\n# not\n```\n",
    ])
    func cutsOnlyWhereTheRenderingStaysTheSame(markdown: String) {
        #expect(Array(MarkdownSections(markdown, size: 1)).count == 2)
        #expect(Rendering(markdown, size: 1) == Rendering(markdown))
    }

    @Test(arguments: [
        // Definitions serve the whole document; fences and HTML off the margin may sit in a list.
        "[a]: /x\n\n# h\n\n[a]\n",
        "x[^1]\n\n# h\n\n[^1]: note\n",
        "- a\n\n  ```\n  x\n# h\n\n```\ny\n\n# not\n```\n",
        "- a\n\n  <pre>\n# h\n\n<pre>\n\n# not\n</pre>\n",
        "<div>\n```\n</div>\n\n```\nx\n\n# not\n```\n",
        // A comment is cut from the tree and may run over headings.
        "%%\n\n# hidden\n\nstill hidden\n%%\n\n# shown\n",
    ])
    func documentsWithoutASureCutStayWhole(markdown: String) {
        #expect(Array(MarkdownSections(markdown, size: 1)).count == 1)
    }

    @Test func shortDocumentsAreNotCut() {
        #expect(Array(MarkdownSections(Self.prose)).count == 1)
        #expect(Array(MarkdownSections("")).map(\.text) == [""])
    }
}
