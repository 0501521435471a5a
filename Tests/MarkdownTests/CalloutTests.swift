import Foundation
import Testing

@testable import Markdown

private func render(_ markdown: String, title: (CalloutType) -> String = { $0.rawValue.capitalized }) -> String {
    let document = MarkdownDocument(markdown)
    document.renderCallouts(title: title)
    return document.html()
}

/// A callout's HTML from its first tag to where its title text starts.
private func opening(
    _ name: String, icon type: CalloutType, open: Bool? = nil
) -> String {
    let tag = open == nil ? "div" : "details"
    let titleTag = open == nil ? "div" : "summary"
    return "<\(tag) class=\"callout\" data-callout=\"\(name)\"\(open == true ? " open" : "")>\n"
        + "<\(titleTag) class=\"callout-title\">\n<span class=\"callout-icon\" aria-hidden=\"true\">\(type.icon)</span>"
        + "<span class=\"callout-title-inner\">"
}

/// Every text node the passes after rendering see, as `line:column text`.
private func textPositions(_ markdown: String) -> [String] {
    let document = MarkdownDocument(markdown)
    document.renderCallouts { $0.rawValue }
    var seen: [String] = []
    document.rewriteText { node in
        seen.append("\(node.line):\(node.byteColumn) \(node.text)")
        return nil
    }
    return seen
}

@Suite struct CalloutTests {
    @Test func theHTMLShape() {
        #expect(
            render("> [!tip] Title\n> Body\n")
                == opening("tip", icon: .tip)
                + "Title</span>\n</div>\n<div class=\"callout-content\">\n<p>Body</p>\n</div>\n</div>\n")
        #expect(
            render("> [!faq]- Q\n> A\n")
                == opening("faq", icon: .question, open: false)
                + "Q</span>\n</summary>\n<div class=\"callout-content\">\n<p>A</p>\n</div>\n</details>\n")
    }

    @Test(arguments: [
        ("note", CalloutType.note), ("abstract", .abstract), ("summary", .abstract), ("TLDR", .abstract),
        ("info", .info), ("todo", .todo), ("tip", .tip), ("hint", .tip), ("Important", .tip),
        ("success", .success), ("check", .success), ("done", .success), ("question", .question),
        ("help", .question), ("FAQ", .question), ("warning", .warning), ("caution", .warning),
        ("attention", .warning), ("failure", .failure), ("fail", .failure), ("missing", .failure),
        ("danger", .danger), ("error", .danger), ("bug", .bug), ("example", .example), ("quote", .quote),
        ("cite", .quote),
    ])
    func everyTypeAndAlias(name: String, type: CalloutType) {
        #expect(CalloutType(named: name) == type)
        #expect(
            render("> [!\(name)]\n> body\n").hasPrefix(
                opening(name.lowercased(), icon: type) + type.rawValue.capitalized))
    }

    @Test func everyTypeHasItsOwnSmallIcon() {
        let icons = CalloutType.allCases.map(\.icon)
        #expect(Set(icons).count == CalloutType.allCases.count)
        for icon in icons {
            #expect(icon.contains("viewBox=\"0 0 24 24\"") && icon.contains("stroke=\"currentColor\""))
            #expect(icon.utf8.count < 400)
        }
    }

    @Test func anUnknownTypeIsANoteThatKeepsItsName() {
        #expect(CalloutType(named: "recipe") == nil)
        #expect(render("> [!Recipe]\n> x\n").hasPrefix(opening("recipe", icon: .note) + "Note</span>"))
    }

    @Test func aTitleKeepsItsInlineMarkdown() {
        let html = render("> [!tip] Read *this* `code` [link](https://x.y) [[Wiki|w]]\n> body\n")
        #expect(
            html.contains(
                "<span class=\"callout-title-inner\">Read <em>this</em> <code>code</code> <a href=\"https://x.y\">link</a> [[Wiki|w]]</span>"
            ))
        #expect(html.contains("<p>body</p>"))
    }

    @Test func theTitleAndBodyStayTextNodesAtTheirPlaces() {
        #expect(
            textPositions("> [!tip]+ See [[A]] *b*\n> body [[B]]\n")
                == ["1:11 See [[A]] ", "1:22 b", "2:3 body [[B]]"])
        let links = MarkdownDocument("> [!note] [t](u)\n> [b](v)\n")
        links.renderCallouts { $0.rawValue }
        var seen: [String] = []
        links.rewriteLinks { link in
            seen.append("\(link.line):\(link.byteColumn) \(link.url)")
            return nil
        }
        #expect(seen == ["1:11 u", "2:3 v"])
    }

    @Test func withoutATitleTheCallerNamesTheType() {
        #expect(render("> [!warning]\n> x\n") { $0 == .warning ? "警告" : "?" }.contains(">警告</span>"))
        #expect(render("> [!note]\n> x\n") { _ in "<b>&" }.contains(">&lt;b&gt;&amp;</span>"))
    }

    @Test func aTitleOnlyCalloutHasNoContent() {
        #expect(render("> [!note] Just this\n") == opening("note", icon: .note) + "Just this</span>\n</div>\n</div>\n")
        #expect(!render("> [!note]-\n").contains("callout-content"))
    }

    @Test func plusAndMinusFold() {
        #expect(render("> [!tip]+ T\n> x\n").hasPrefix("<details class=\"callout\" data-callout=\"tip\" open>\n"))
        #expect(render("> [!tip]- T\n> x\n").hasPrefix("<details class=\"callout\" data-callout=\"tip\">\n"))
        #expect(render("> [!tip]- T\n> x\n").contains("<summary class=\"callout-title\">"))
        #expect(render("> [!tip] T\n> x\n").hasPrefix("<div class=\"callout\" data-callout=\"tip\">\n"))
    }

    @Test func calloutsNest() {
        let html = render("> [!warning] Outer\n> > [!tip] Inner\n> > inside\n>\n> after\n")
        #expect(
            html
                == opening("warning", icon: .warning) + "Outer</span>\n</div>\n<div class=\"callout-content\">\n"
                + opening("tip", icon: .tip) + "Inner</span>\n</div>\n<div class=\"callout-content\">\n<p>inside</p>\n"
                + "</div>\n</div>\n<p>after</p>\n</div>\n</div>\n")
    }

    @Test func aCalloutInAListItem() {
        let html = render("- > [!note] In a list\n  > body\n- next\n")
        #expect(html.hasPrefix("<ul>\n<li>\n" + opening("note", icon: .note) + "In a list</span>"))
        #expect(html.contains("<p>body</p>\n</div>\n</div>\n</li>\n<li>next</li>"))
    }

    @Test func aCalloutHoldsCodeTablesAndTasks() {
        let html = render(
            "> [!example] E\n> ```swift\n> let x = 1\n> ```\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n>\n> - [ ] to do\n> - [x] done\n"
        )
        #expect(html.contains("<pre><code class=\"language-swift\">let x = 1\n</code></pre>"))
        #expect(html.contains("<table>\n<thead>\n<tr>\n<th>a</th>"))
        #expect(html.contains("<li><input type=\"checkbox\" disabled=\"\" /> to do</li>"))
        #expect(html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>"))
        #expect(textPositions("> [!todo]\n> - [ ] a [[B]]\n").last == "2:9 a [[B]]")
    }

    @Test(arguments: [
        "`> [!note]` in code\n", "```\n> [!note] x\n```\n", "    > [!note] x\n", "> plain quote\n", "> [!] x\n",
        "> [! note] x\n", "> [![x] y\n", "> text [!note]\n", "> *[!note]* x\n", "> [!note](url)\n",
    ])
    func otherTextStaysAsItWas(markdown: String) {
        #expect(render(markdown) == MarkdownDocument(markdown).html())
    }

    @Test func theTextOfACalloutIsItsTitleAndBody() {
        let document = MarkdownDocument("> [!tip] 标题\n> 正文\n\n后来\n")
        document.renderCallouts { $0.rawValue }
        #expect(document.text() == "标题\n正文\n后来\n")
    }
}

@Suite struct AdmonitionTests {
    static func callout(_ name: String, _ type: CalloutType, title: String, open: Bool? = nil, body: String) -> String {
        let tag = open == nil ? "div" : "details"
        return opening(name, icon: type, open: open) + title + "</span>\n</\(open == nil ? "div" : "summary")>\n"
            + (body.isEmpty ? "" : "<div class=\"callout-content\">\n\(body)</div>\n") + "</\(tag)>\n"
    }

    @Test(arguments: [
        ("!!! note \"标题\"\n    正文\n", callout("note", .note, title: "标题", body: "<p>正文</p>\n")),
        ("!!! tip\n    x\n", callout("tip", .tip, title: "Tip", body: "<p>x</p>\n")),
        ("??? warning \"W\"\n    x\n", callout("warning", .warning, title: "W", open: false, body: "<p>x</p>\n")),
        ("???+ faq\n    x\n", callout("faq", .question, title: "Question", open: true, body: "<p>x</p>\n")),
        (
            "!!! danger \"\"\n    x\n",
            "<div class=\"callout\" data-callout=\"danger\">\n<div class=\"callout-content\">\n<p>x</p>\n</div>\n</div>\n"
        ),
        ("!!! note inline end \"T\"\n    x\n", callout("note", .note, title: "T", body: "<p>x</p>\n")),
        ("!!!bug\n    x\n", callout("bug", .bug, title: "Bug", body: "<p>x</p>\n")),
        ("!!! info \"Title only\"\n", callout("info", .info, title: "Title only", body: "")),
        ("!!! info \"C# and #\"\n", callout("info", .info, title: "C# and #", body: "")),
        ("!!! info \"*T* `c`\"\n", callout("info", .info, title: "<em>T</em> <code>c</code>", body: "")),
    ])
    func markersAndTitles(markdown: String, html: String) {
        #expect(render(markdown) == html)
    }

    @Test func aBlankLineBeforeTheBodyChangesNothing() {
        let body = "    - a\n    - b\n\n    text\n"
        #expect(render("!!! note \"T\"\n\n" + body) == render("!!! note \"T\"\n" + body))
        #expect(
            render("!!! note \"T\"\n" + body)
                == Self.callout("note", .note, title: "T", body: "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>text</p>\n"))
    }

    @Test func theBodyIsMarkdownOfItsOwn() {
        let markdown = """
            Intro
            !!! example "E"
                [ref]
                ```python
                print("!!! no")
                ```

                    indented code
                | a |
                |---|
                | 1 |

                Setext
                ------
                - [x] done

            after

            [ref]: https://example.com
            """
        let html = render(markdown)
        #expect(html.hasPrefix("<p>Intro</p>\n" + opening("example", icon: .example) + "E</span>"))
        #expect(html.contains("<p><a href=\"https://example.com\">ref</a></p>"))
        #expect(html.contains("<pre><code class=\"language-python\">print(&quot;!!! no&quot;)\n</code></pre>"))
        #expect(html.contains("<pre><code>indented code\n</code></pre>"))
        #expect(html.contains("<td>1</td>"))
        #expect(html.contains("<h2>Setext</h2>"))
        #expect(html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>"))
        #expect(html.hasSuffix("</div>\n</div>\n<p>after</p>\n"))
    }

    @Test func admonitionsNest() {
        let html = render("??? note \"Outer\"\n    before\n\n    !!! bug \"Inner\"\n        inside\n    outer again\n")
        #expect(
            html
                == "<details class=\"callout\" data-callout=\"note\">\n<summary class=\"callout-title\">\n"
                + "<span class=\"callout-icon\" aria-hidden=\"true\">\(CalloutType.note.icon)</span>"
                + "<span class=\"callout-title-inner\">Outer</span>\n</summary>\n<div class=\"callout-content\">\n"
                + "<p>before</p>\n" + Self.callout("bug", .bug, title: "Inner", body: "<p>inside</p>\n")
                + "<p>outer again</p>\n</div>\n</details>\n")
    }

    @Test func contentTabsAreTitledBlocksWithTheirCode() {
        let html = render(
            "??? note \"Code\"\n    === \"C++\"\n        ```cpp\n        #include <x>\n        ```\n\n    === \"Python\"\n        import os\n"
        )
        #expect(html.contains("<div class=\"callout\" data-callout=\"tab\">"))
        #expect(html.contains("<span class=\"callout-title-inner\">C++</span>"))
        #expect(html.contains("<pre><code class=\"language-cpp\">#include &lt;x&gt;\n</code></pre>"))
        #expect(html.contains("<span class=\"callout-title-inner\">Python</span>"))
        // A tab needs its title; `===` alone is a setext underline or text.
        #expect(render("=== tab\n    x\n") == "<p>=== tab\nx</p>\n")
    }

    @Test func nestingStopsAtEightLevels() {
        let markdown = (0..<12).map { String(repeating: "    ", count: $0) + "!!! note \"\($0)\"\n" }.joined()
        let document = MarkdownDocument(markdown)
        #expect(document.admonitionLines == Set(1...8))
        document.renderCallouts { $0.rawValue }
        #expect(document.html().contains("<p>!!! note &quot;8&quot;\n!!! note &quot;9&quot;"))
    }

    @Test func theBodyEndsAtALineIndentedLess() {
        #expect(
            render("!!! note\n    body\nnot in it\n")
                == Self.callout("note", .note, title: "Note", body: "<p>body</p>\n") + "<p>not in it</p>\n")
        #expect(
            render("!!! note\n    - item\n  lazy\n")
                == Self.callout("note", .note, title: "Note", body: "<ul>\n<li>item</li>\n</ul>\n") + "<p>lazy</p>\n")
    }

    @Test func anAdmonitionInAListItem() {
        let html = render("- item\n\n    !!! tip \"In list\"\n        body\n- next\n")
        #expect(html.contains("<p>item</p>\n" + Self.callout("tip", .tip, title: "In list", body: "<p>body</p>\n")))
        #expect(html.hasSuffix("</li>\n<li>\n<p>next</p>\n</li>\n</ul>\n"))
    }

    @Test(arguments: [
        "`!!! note` x\n", "```\n!!! note\n    x\n```\n", "    !!! note\n        x\n", "> !!! note\n>     x\n",
        "\\!!! note\n    x\n", "!!! note \"T\" extra\n    x\n", "!!! \"T\"\n    x\n", "- !!! note\n      x\n",
        "!!! note \"T\n    x\n", "What???\n", "!!!\n",
    ])
    func otherTextStaysAsItWas(markdown: String) {
        let document = MarkdownDocument(markdown)
        #expect(document.admonitionLines.isEmpty)
        #expect(render(markdown) == document.html())
    }

    @Test func crlfLinesToo() {
        #expect(render("!!! tip \"T\"\r\n    x\r\n\r\nafter\r\n") == render("!!! tip \"T\"\n    x\n\nafter\n"))
    }

    /// Diagnostics name the author's file: line for line, and columns in the body and the title as
    /// written, though the body lost its indentation.
    @Test func positionsAreTheAuthorsOwn() {
        let markdown = """
            !!! tip "See [[A]]"
                body [[B]]

                ??? bug "In *it*"
                    deep [[C]]
                back [[D]]
            lazy [[E]]

            - item

                !!! note
                \tlist [[F]]
            """
        #expect(
            textPositions(markdown) == [
                "1:10 See [[A]]", "2:5 body [[B]]", "4:14 In ", "4:18 it", "5:9 deep [[C]]", "6:5 back [[D]]",
                "7:1 lazy [[E]]", "9:3 item", "12:6 list [[F]]",
            ])
        let document = MarkdownDocument("!!! note\n\n    see [x](y)\n", firstLine: 10)
        var seen: [String] = []
        document.rewriteLinks { link in
            seen.append("\(link.line):\(link.byteColumn)")
            return nil
        }
        #expect(seen == ["12:9"])
    }
}
