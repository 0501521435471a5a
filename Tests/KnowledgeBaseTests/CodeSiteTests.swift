import Foundation
import Testing

@testable import KnowledgeBase
@testable import Markdown

/// Fenced code through a whole build: highlighted once by highlight.js in the KaTeX processes,
/// mermaid fences left for the browser with its script only where a page has a diagram.
@Suite struct CodeSiteTests {
    static let highlighterInstalled = KaTeX.installed.highlighterMissing == nil

    @Test(
        .enabled(if: highlighterInstalled, "highlight.js is not installed (apt-get install nodejs node-highlight.js)"))
    func codeIsHighlightedAndDiagramsLoadMermaidOnlyWhereThereAreSome() async throws {
        let code = "```swift\nlet x = \"<b>\" // note\n```\n"
        var cache = BuildCache()
        let result = try await ObsidianSiteTests.build(
            [
                "a.md": "# A\n\n" + code + "\n```mermaid\ngraph LR\n  A --> B\n```\n",
                "b.md": "# B\n\n" + code + "\n```nosuch\n<i>plain</i>\n```\n",
                "c.md": "# C\n\n![[A]]\n",
            ], cache: &cache)
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(result.diagnostics.allSatisfy { $0.message.hasPrefix("no base_url") }, "\(result.diagnostics)")
        let a = ObsidianSiteTests.text(result, "a.html")
        #expect(
            a.contains(
                #"<pre><code class="hljs language-swift"><span class="hljs-keyword">let</span> x = <span class="hljs-string">"&lt;b&gt;"</span> <span class="hljs-comment">// note</span>"#
            ))
        #expect(a.contains("<pre class=\"mermaid\">graph LR\n  A --&gt; B\n</pre>"))
        #expect(a.contains(#"<script src="assets/vendor/mermaid/mermaid.min.js" defer></script>"#))
        #expect(!a.contains("\u{4}") && !a.contains("\u{5}"))
        let b = ObsidianSiteTests.text(result, "b.html")
        #expect(b.contains(#"<pre><code class="language-nosuch">&lt;i&gt;plain&lt;/i&gt;"#))
        #expect(!b.contains("mermaid"))
        // A page that embeds a diagram draws it.
        #expect(ObsidianSiteTests.text(result, "c.html").contains("mermaid.min.js"))
        // The same code on two pages is asked for once; the unknown language is remembered too.
        #expect(cache.typeset.count == 2)
    }

    @Test func withoutHighlightJSCodeStaysPlainWithOneWarning() async throws {
        let notes = [
            "a.md": "# A\n\n```js\nlet a = 1;\n```\n", "b.md": "```python\nx = 2\n```\n\n```mermaid\ngraph LR\n```\n",
        ]
        .map { path, body in
            NoteParser().parse(SourceFile(path: path, displayPath: path, bytes: Array(body.utf8))).note
        }
        let index = EntityIndex.build(notes: notes, assets: []).0
        let renderer = NoteRenderer(index: index, settings: SiteSettings())
        let rendered = index.notes.indices.map { renderer.render($0) }
        let missing = KaTeX(node: nil, module: nil, stylesheet: nil)
        let typesetting = await Typesetting.make(
            rendered: rendered, files: index.notes.map(\.file), session: KaTeXSession(katex: missing))
        #expect(
            typesetting.diagnostics.map(\.description) == [
                "a.md:3:1: warning: code is not highlighted: highlight.js is not installed (apt-get install nodejs node-highlight.js)"
            ])
        #expect(typesetting.html(rendered[0].html) == "<pre><code class=\"language-js\">let a = 1;\n</code></pre>\n")
        #expect(typesetting.html(rendered[1].html).contains("<pre class=\"mermaid\">graph LR\n</pre>"))
    }

    @Test func codeBlocksAreFoundWhereTheirFenceOpensAndKeepTheirTextForSearch() {
        let document = MarkdownDocument(
            "> [!note]\n> ```mermaid\n> graph LR\n> ```\n\n- item\n\n  ~~~ Ruby extra words\n  puts 1\n  ~~~\n\n```\nno language\n```\n"
        )
        document.renderCallouts { _ in "Note" }
        document.prepareForWeb()
        #expect(
            document.codeBlocks.map { "\($0.line):\($0.byteColumn) \($0.block.language)" } == [
                "2:3 mermaid", "8:3 Ruby",
            ])
        #expect(document.codeBlocks.map(\.block.code) == ["graph LR\n", "puts 1\n"])
        #expect(document.text().contains("puts 1") && document.text().contains("graph LR"))
        let html = CodeMarkup.replacingMarks(in: document.html(), CodeMarkup.plain)
        #expect(html.contains("<pre class=\"mermaid\">graph LR\n</pre>"))
        #expect(html.contains("<pre><code class=\"language-Ruby\">puts 1\n</code></pre>"))
        #expect(html.contains("<pre><code>no language\n</code></pre>"))
    }
}
