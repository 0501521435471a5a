import Markdown
import Testing

@testable import KnowledgeBase

/// `raw_html:` and `iframe_hosts:` in `site.yml`, and what a note then shows.
@Suite struct RawHTMLSettingTests {
    @Test(arguments: [
        ("", MarkdownOptions.RawHTML.sanitized), ("raw_html: sanitized\n", .sanitized),
        // `true` once let everything through; it now means the sanitizer.
        ("raw_html: true\n", .sanitized), ("raw_html: false\n", .omitted), ("raw_html: trusted\n", .trusted),
        ("raw_html: Trusted\n", .trusted),
    ])
    func rawHTML(_ yaml: String, _ expected: MarkdownOptions.RawHTML) {
        let (settings, diagnostics) = PropertyLabelTests.settings(yaml)
        #expect(diagnostics.isEmpty)
        #expect(settings.rawHTML == expected)
    }

    @Test func anUnknownValueIsAnErrorAtItAndKeepsTheDefault() {
        let (settings, diagnostics) = PropertyLabelTests.settings("raw_html: maybe\n")
        #expect(
            diagnostics == [#"Content/site.yml:1:11: error: "raw_html" must be sanitized (or true), false or trusted"#])
        #expect(settings.rawHTML == .sanitized)
    }

    @Test func frameHostsReachTheRenderer() {
        let (settings, _) = PropertyLabelTests.settings("iframe_hosts: [WWW.YouTube.com]\n")
        #expect(settings.iframeHosts == ["www.youtube.com"])
        let html = NoteRendererTests.html(
            "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n<iframe src=\"https://evil.example/\"></iframe>",
            settings: settings)
        #expect(html.contains("<iframe src=\"https://www.youtube.com/embed/x\" sandbox="))
        #expect(!html.contains("evil.example"))
        #expect(
            !NoteRendererTests.html("<iframe src=\"https://www.youtube.com/embed/x\"></iframe>").contains("<iframe"))
    }

    @Test func wikilinksAndMentionsStillWorkInsideTheAuthorsHTML() {
        let html = NoteRendererTests.html("<kbd>[[阿里云]]</kbd> and <sup>通义千问</sup>")
        #expect(html.contains("<kbd>\(NoteRendererTests.b)阿里云</a></kbd>"))
        #expect(html.contains("<sup><a class=\"mention\" href=\"d.html\">通义千问</a></sup>"))
    }

    @Test func noLinkOfKbsInsideTheAuthorsLink() {
        let html = NoteRendererTests.html("<a href=\"https://x.example\">阿里云 and *通义千问* [[阿里云]]</a> 通义千问")
        #expect(html.contains("<a href=\"https://x.example\">阿里云 and <em>通义千问</em> [[阿里云]]</a> "))
        #expect(html.contains("</a> <a class=\"mention\" href=\"d.html\">通义千问</a>"))
    }
}
