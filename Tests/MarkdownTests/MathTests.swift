import Testing

@testable import Markdown

/// Math as Obsidian and MkDocs write it: what is a formula, what stays text, and what no later
/// pass may touch.
@Suite struct MathTests {
    /// The HTML with each formula shown as TeX, as a site without KaTeX shows it.
    private func html(_ markdown: String, _ passes: (MarkdownDocument) -> Void = { _ in }) -> String {
        let document = MarkdownDocument(markdown)
        passes(document)
        return MathMarkup.replacingMarks(in: document.html(), MathMarkup.fallback)
    }

    private func inline(_ tex: String) -> String { #"<span class="math math-inline">\("# + tex + #"\)</span>"# }
    private func display(_ tex: String) -> String { #"<span class="math math-display">\["# + tex + #"\]</span>"# }
    private func block(_ tex: String) -> String { #"<div class="math math-display">\["# + tex + #"\]</div>"# + "\n" }

    @Test func inlineFormulasKeepTheirTeX() {
        #expect(html("$a*b*c$ and $x_1 + y_2$") == "<p>\(inline("a*b*c")) and \(inline("x_1 + y_2"))</p>\n")
        #expect(html(#"$\{x\} \, \\ y$"#) == "<p>\(inline(#"\{x\} \, \\ y"#))</p>\n")
        #expect(html(#"$a\$b$"#) == "<p>\(inline(#"a\$b"#))</p>\n")
        #expect(html("$x<y$ & $a>b$") == "<p>\(inline("x&lt;y")) &amp; \(inline("a&gt;b"))</p>\n")
    }

    @Test(arguments: [
        ("$5 and $6", "<p>$5 and $6</p>\n"),
        (#"\$x$ costs \$"#, "<p>$x$ costs $</p>\n"),
        ("$ x$ and $x $", "<p>$ x$ and $x $</p>\n"),
        ("$x$5", "<p>$x$5</p>\n"),
        ("a $ b", "<p>a $ b</p>\n"),
        ("$$ $$", "<p>$$ $$</p>\n"),
        (#"\( x"#, "<p>( x</p>\n"),
        (#"\\(x\)"#, #"<p>\(x)</p>"# + "\n"),
        (#"\(\)"#, "<p>()</p>\n"),
        (#"a \[x\] b"#, "<p>a [x] b</p>\n"),
        (#"\[1983]"#, "<p>[1983]</p>\n"),
    ])
    func whatStaysText(markdown: String, expected: String) {
        #expect(html(markdown) == expected)
        #expect(MarkdownDocument(markdown).formulas().isEmpty)
    }

    @Test func displayAndParenthesisForms() {
        #expect(html("see $$x^2$$ here") == "<p>see \(display("x^2")) here</p>\n")
        #expect(html(#"MkDocs: \(a_1 + b_1\)."#) == "<p>MkDocs: \(inline("a_1 + b_1")).</p>\n")
        #expect(html("where $$\na + b\n$$ holds") == "<p>where \(display("a + b")) holds</p>\n")
    }

    @Test func displayBlocksSpanLinesWhoseMarkdownIsNotRead() {
        let tex = "\\begin{pmatrix}\na & b \\\\\n- c & d\n\\end{pmatrix}\n=\n# x\n> y"
        #expect(html("$$\n\(tex)\n$$") == block(tex.htmlEscaped))
        #expect(html("\\[\nE = mc^2\n\\]") == block("E = mc^2"))
        #expect(html("\\[ E = mc^2 \\]") == block("E = mc^2"))
        #expect(html("$$x$$") == block("x"))
        #expect(html("text\n$$\nx\n$$\nmore") == "<p>text</p>\n\(block("x"))<p>more</p>\n")
        #expect(html("$$\nx\n$$.") == block("x") + "<p>.</p>\n")
    }

    @Test func aLineOfTeXThatLooksLikeAnEmptyListItemIsNoBlankLine() {
        #expect(html("> $$\n> a\n> -\n> b\n> $$") == "<blockquote>\n\(block("a\n-\nb"))</blockquote>\n")
        let admonition = html("??? note \"证明\"\n    $$\n    a\n    -\n    b\n    $$\n") {
            $0.renderCallouts { _ in "" }
        }
        #expect(admonition.contains(block("a\n-\nb")))
    }

    @Test func anUnclosedBlockIsText() {
        #expect(html("$$\nx\n\ny $$") == "<p>$$\nx</p>\n<p>y $$</p>\n")
        #expect(html("\\[\nx\n\ny") == "<p>[\nx</p>\n<p>y</p>\n")
    }

    @Test func codeKeepsEveryDollar() {
        #expect(html("`$x$` and `\\(y\\)`") == "<p><code>$x$</code> and <code>\\(y\\)</code></p>\n")
        #expect(html("$a `b` c$") == "<p>$a <code>b</code> c$</p>\n")
        #expect(html("```\n$$\nx\n$$\n```") == "<pre><code>$$\nx\n$$\n</code></pre>\n")
        #expect(html("    $x$") == "<pre><code>$x$\n</code></pre>\n")
    }

    @Test func formulasStandInTablesListsAndQuotes() {
        let table = html("| a | b |\n|---|---|\n| $a^2$ | $x\\|y$ |")
        #expect(table.contains("<td>\(inline("a^2"))</td>"))
        #expect(table.contains("<td>\(inline("x|y"))</td>"))
        #expect(
            html("- $a$\n- $$\n  b\n  - c\n  $$")
                == "<ul>\n<li>\(inline("a"))</li>\n<li>\n\(block("b\n- c"))</li>\n</ul>\n")
        #expect(
            html("> $a$\n>\n> $$\n> b\n> $$") == "<blockquote>\n<p>\(inline("a"))</p>\n\(block("b"))</blockquote>\n")
        #expect(html("# Euler $e^{i\\pi}$") == "<h1>Euler \(inline("e^{i\\pi}"))</h1>\n")
    }

    @Test func noTextPassSeesTheTeX() {
        var seen: [String] = []
        let rendered = html("$[[x]] ==y== \\#tag$ and [[x]]\n\n$$\n[[z]] %%c%%\n$$") { document in
            document.rewriteText { node in
                seen.append(node.text)
                return nil
            }
            document.renderHighlights()
        }
        #expect(seen == [" and [[x]]"])
        #expect(rendered.contains(inline("[[x]] ==y== \\#tag")))
        #expect(!rendered.contains("<mark>"))
        #expect(rendered.contains(block("[[z]] %%c%%")))
    }

    @Test func formulasAreEscapedAndSurviveSafeMode() {
        let document = MarkdownDocument("$<script>alert(1)</script>$ <b>raw</b>")
        let omitted = "<!-- raw HTML omitted -->"
        let html = MathMarkup.replacingMarks(in: document.html(), MathMarkup.fallback)
        #expect(html == "<p>\(inline("&lt;script&gt;alert(1)&lt;/script&gt;")) \(omitted)raw\(omitted)</p>\n")
        #expect(!document.html().contains("<script"))
    }

    @Test func searchTextHoldsTheTeX() {
        let document = MarkdownDocument("Euler: $e^{i\\pi} = -1$\n\n$$\n\\sum_k k\n$$\n\ndone")
        #expect(document.text() == "Euler: e^{i\\pi} = -1\n\\sum_k k\ndone\n")
    }

    @Test func formulasKnowWhereTheyStand() {
        let markdown =
            "para $a$ and\nnext $$b$$\n\n> quote \\(c\\)\n\n- item\n  $$\n  d\n  $$\n\n| x |\n|---|\n| y $e$ |\n"
        let placed = MarkdownDocument(markdown, firstLine: 10).formulas()
        #expect(placed.map(\.formula.tex) == ["a", "b", "c", "d", "e"])
        #expect(placed.map(\.formula.layout) == [.inline, .display, .inline, .block, .inline])
        #expect(placed.map { "\($0.line):\($0.byteColumn)" } == ["10:6", "11:6", "13:9", "16:3", "22:5"])
    }

    @Test func aFormulaAfterAMultiLineOneIsPlaced() {
        let placed = MarkdownDocument("$a\nb$ then\n$c$").formulas()
        #expect(placed.map { "\($0.line):\($0.byteColumn)" } == ["1:1", "3:1"])
    }

    @Test func mathCanBeTurnedOff() {
        let document = MarkdownDocument("$a*b*c$ \\(x\\)", options: MarkdownOptions(math: false))
        #expect(document.html() == "<p>$a<em>b</em>c$ (x)</p>\n")
    }

    @Test func marksOfOtherTextAreDropped() {
        #expect(MathMarkup.replacingMarks(in: "a\u{2}zq\u{3}b\u{2}", MathMarkup.fallback) == "azq\u{3}b")
    }

    @Test(arguments: ["", "plain", "a < b && c > \"d\" 'e' 中文 &amp; &#39;", "&", "x &", "&am", "&lt", "&;"])
    func unescapingUndoesEscaping(_ text: String) {
        #expect(MathMarkup.unescaped(text.htmlEscaped) == text)
    }

    @Test func unescapingLeavesWhatIsNoEntity() {
        #expect(MathMarkup.unescaped("a & b &amp &lt;&gt &#39") == "a & b &amp <&gt &#39")
    }
}
