import Testing

@testable import Markdown

private func render(_ markdown: String, rawHTML: MarkdownOptions.RawHTML = .omitted) -> String {
    let document = MarkdownDocument(markdown, options: MarkdownOptions(rawHTML: rawHTML))
    document.prepareForWeb()
    return document.html()
}

@Suite struct MarkdownDocumentTests {
    @Test func extensionsAreOn() {
        let html = render("~~gone~~ www.example.com\n\n| a |\n|---|\n| b |\n\n- [x] done\n\nx[^1]\n\n[^1]: note\n")
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        #expect(html.contains("<table>"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"))
        #expect(html.contains("class=\"footnotes\""))
    }

    @Test func rawHTMLIsOffUnlessAskedFor() {
        #expect(
            render("<b>x</b>\n\n[a](javascript:alert(1))")
                == "<p><!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n<p><a href=\"\">a</a></p>\n")
        #expect(render("<b>x</b>", rawHTML: .trusted) == "<p><b>x</b></p>\n")
    }

    @Test(arguments: [
        ("中文\n换行", "<p>中文换行</p>\n"),
        ("中文，\n换行", "<p>中文，换行</p>\n"),
        ("English\nwords", "<p>English\nwords</p>\n"),
        ("中文\nEnglish", "<p>中文\nEnglish</p>\n"),
        ("한국어\n문장", "<p>한국어\n문장</p>\n"),
        ("*强调*\n继续", "<p><em>强调</em>继续</p>\n"),
    ])
    func eastAsianLineBreaks(markdown: String, html: String) {
        #expect(render(markdown) == html)
    }

    @Test(arguments: [
        ("见 https://x.cn/路径，然后", "<p>见 <a href=\"https://x.cn/%E8%B7%AF%E5%BE%84\">https://x.cn/路径</a>，然后</p>\n"),
        ("见 www.aliyun.com。下", "<p>见 <a href=\"http://www.aliyun.com\">www.aliyun.com</a>。下</p>\n"),
        ("see https://example.com/a.", "<p>see <a href=\"https://example.com/a\">https://example.com/a</a>.</p>\n"),
    ])
    func autolinksStopAtFullWidthPunctuation(markdown: String, html: String) {
        #expect(render(markdown) == html)
    }

    @Test func headingsGetUniqueIDs() {
        let document = MarkdownDocument("# 三次浪潮\n\n## Cloud *OS* 2009\n\n## 三次浪潮\n\nSetext\n---\n")
        let headings = document.prepareForWeb()
        #expect(headings.map(\.id) == ["三次浪潮", "cloud-os-2009", "三次浪潮-1", "setext"])
        #expect(headings.map(\.level) == [1, 2, 2, 2])
        #expect(
            document.html().hasPrefix(
                "<h1 id=\"三次浪潮\">三次浪潮</h1>\n<h2 id=\"cloud-os-2009\">Cloud <em>OS</em> 2009</h2>\n"))
    }

    @Test(arguments: [
        ("Hello, World!", "hello-world"),
        ("阿里云 的 战略", "阿里云-的-战略"),
        ("Qwen3-VL：开源", "qwen3-vl开源"),
        ("!!!", "section"),
        ("  a  b  ", "a-b"),
    ])
    func headingIDBase(text: String, id: String) {
        #expect(HeadingIDs.base(for: text) == id)
    }

    @Test func textNodesAreMergedAndPositioned() {
        let document = MarkdownDocument("intro\n\n*see [[阿里云]] and* `[[code]]` [x](y)\n")
        var seen: [TextNode] = []
        document.rewriteText { node in
            seen.append(node)
            return nil
        }
        #expect(seen.map(\.text) == ["intro", "see [[阿里云]] and", " ", " "])
        #expect(seen[1].line == 3)
        #expect(seen[1].byteColumn == 2)
    }

    @Test func rewrittenPiecesComposeWithMarkup() {
        let document = MarkdownDocument("**a [[B]] c**\n")
        document.rewriteText { node in
            guard node.text.contains("[[B]]") else { return nil }
            return [.text("a "), .element(open: "<a href=\"b.html\">", text: "B & co", close: "</a>"), .text(" c")]
        }
        #expect(document.html() == "<p><strong>a <a href=\"b.html\">B &amp; co</a> c</strong></p>\n")
    }

    @Test func insertedHTMLWorksInTableCellsAndJoinsChineseLines() {
        let document = MarkdownDocument("| a |\n|---|\n| x [[B]] y |\n\n[[B]]\n接着\n")
        document.rewriteText { node in
            guard let range = node.text.range(of: "[[B]]") else { return nil }
            return [
                .text(String(node.text[..<range.lowerBound])),
                .element(open: "<a href=\"b.html\">", text: "乙", close: "</a>"),
                .text(String(node.text[range.upperBound...])),
            ]
        }
        document.prepareForWeb()
        let html = document.html()
        #expect(html.contains("<td>x <a href=\"b.html\">乙</a> y</td>"))
        #expect(html.contains("<p><a href=\"b.html\">乙</a>接着</p>"))
    }

    @Test func safeModeIsCmarksSafeMode() {
        let markdown =
            "<div>x</div>\n\n<b>b</b> [a](javascript:x) [d](data:text/html,x) ![i](data:image/png;base64,x) [ok](https://x)\n"
        let document = MarkdownDocument(markdown)
        #expect(document.html() == document.render(document.root, options: 0))
        #expect(
            document.html()
                == "<!-- raw HTML omitted -->\n<p><!-- raw HTML omitted -->b<!-- raw HTML omitted --> <a href=\"\">a</a> <a href=\"\">d</a> <img src=\"data:image/png;base64,x\" alt=\"i\" /> <a href=\"https://x\">ok</a></p>\n"
        )
    }
}

@Suite struct DocumentTextTests {
    @Test func textIsWhatAReaderSees() {
        let document = MarkdownDocument("## 标题 *一*\n\n第一段\n接着，`代码` [链接](x)。\n\n- 列表\n\n```\ncode\n```\n")
        document.prepareForWeb()
        #expect(document.text() == "标题 一\n第一段接着，代码 链接。\n列表\ncode\n")
    }
}
