import Foundation
import Testing

@testable import KnowledgeBase

@Suite struct NoteRendererTests {
    static func site(
        _ bodies: [(id: String, title: String, aliases: [String], body: String)],
        settings: SiteSettings = SiteSettings()
    )
        -> (EntityIndex, NoteRenderer)
    {
        let notes = bodies.map { entry in
            var note = SlugTests.note(entry.id, entry.title, aliases: entry.aliases)
            note.body = entry.body
            return note
        }
        let index = EntityIndex.build(notes: notes, assets: []).0
        return (index, NoteRenderer(index: index, settings: settings))
    }

    static func html(
        _ body: String, settings: SiteSettings = SiteSettings(), configure: (inout Note) -> Void = { _ in }
    )
        -> String
    {
        var note = SlugTests.note("a", "本文")
        note.body = body
        configure(&note)
        let notes = [
            note, SlugTests.note("b", "阿里云", aliases: ["Alibaba Cloud"]), SlugTests.note("c", "阿里云智能集团"),
            SlugTests.note("d", "通义千问", aliases: ["Qwen"]),
        ]
        let index = EntityIndex.build(notes: notes, assets: []).0
        return NoteRenderer(index: index, settings: settings).render(0).html
    }

    static let b = #"<a class="wikilink" href="b.html">"#
    static let mentionB = #"<a class="mention" href="b.html">"#

    @Test(arguments: [
        ("[[阿里云]]", "<p>\(b)阿里云</a></p>\n"),
        ("*见 [[阿里云|那家]]*", "<p><em>见 \(b)那家</a></em></p>\n"),
        ("- 一\n- [[ALIBABA CLOUD]]", "<ul>\n<li>一</li>\n<li>\(b)ALIBABA CLOUD</a></li>\n</ul>\n"),
        (
            "| x |\n|---|\n| [[阿里云\\|云]] |",
            "<table>\n<thead>\n<tr>\n<th>x</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>\(b)云</a></td>\n</tr>\n</tbody>\n</table>\n"
        ),
        ("`[[阿里云]]`", "<p><code>[[阿里云]]</code></p>\n"),
        ("```\n[[阿里云]]\n```", "<pre><code>[[阿里云]]\n</code></pre>\n"),
        ("[[ａｌｉｂａｂａ ｃｌｏｕｄ#历史]]", "<p><a class=\"wikilink\" href=\"b.html#历史\">ａｌｉｂａｂａ ｃｌｏｕｄ › 历史</a></p>\n"),
        ("[[没有]]", "<p><span class=\"unwritten\" title=\"not written yet: 没有\">没有</span></p>\n"),
        (
            "[[x \"y\" & z]]",
            "<p><span class=\"unwritten\" title=\"not written yet: x &quot;y&quot; &amp; z\">x &quot;y&quot; &amp; z</span></p>\n"
        ),
    ])
    func wikilinksBecomeLinkNodes(body: String, html: String) {
        #expect(Self.html(body) == html)
    }

    @Test func mentionsLinkTheFirstOccurrenceOfTheLongestName() {
        #expect(
            Self.html("阿里云智能集团旗下的阿里云，阿里云又一次。")
                == "<p><a class=\"mention\" href=\"c.html\">阿里云智能集团</a>旗下的\(Self.mentionB)阿里云</a>，阿里云又一次。</p>\n"
        )
    }

    @Test func mentionsSkipHeadingsCodeLinksAndTheNoteItself() {
        let html = Self.html("## 阿里云\n\n`阿里云` [阿里云](x) 本文 Qwen")
        #expect(
            html
                == "<h2 id=\"阿里云\">阿里云</h2>\n<p><code>阿里云</code> <a href=\"x\">阿里云</a> 本文 <a class=\"mention\" href=\"d.html\">Qwen</a></p>\n"
        )
    }

    @Test func aWikilinkedNoteIsNotMentionedAgain() {
        #expect(Self.html("[[阿里云]]，阿里云") == "<p>\(Self.b)阿里云</a>，阿里云</p>\n")
    }

    @Test func mentionsCanBeTurnedOff() {
        var off = SiteSettings()
        off.linksMentions = false
        #expect(Self.html("阿里云", settings: off) == "<p>阿里云</p>\n")
        #expect(Self.html("阿里云") { $0.linksMentions = false } == "<p>阿里云</p>\n")
        #expect(
            Self.html("阿里云 Qwen") { $0.excludedMentions = ["阿里云"] }
                == "<p>阿里云 <a class=\"mention\" href=\"d.html\">Qwen</a></p>\n")
        var excluded = SiteSettings()
        excluded.mentionExclusions = ["阿里云智"]
        #expect(Self.html("阿里云智慧", settings: excluded) == "<p>阿里云智慧</p>\n")
    }

    @Test func linksReportTheirExactPositionInTheFile() {
        var note = SlugTests.note("a", "本文")
        note.body = "第一行\n\n> 引用 **[[没有这个]]**\n"
        note.bodyLine = 5
        let index = EntityIndex.build(notes: [note], assets: []).0
        let rendered = NoteRenderer(index: index, settings: SiteSettings()).render(0)
        let graph = LinkGraph(index: index, rendered: [rendered])
        #expect(graph.diagnostics.map(\.description) == ["Content/a.md:7:8: warning: no note named \"没有这个\" yet"])
    }
}

@Suite struct GraphExportTests {
    static func export() -> GraphExport {
        var a = SlugTests.note("a", "阿里云 \"quoted\" </script>")
        a.body = "[[b]] 与通义千问"
        a.type = "organization"
        var b = SlugTests.note("b", "b")
        b.properties = [
            Property(
                key: "parent", values: [.link(Wikilink(target: "a"))], location: SourceLocation(line: 1, column: 1))
        ]
        let c = SlugTests.note("c", "通义千问")
        let index = EntityIndex.build(notes: [a, b, c], assets: []).0
        let renderer = NoteRenderer(index: index, settings: SiteSettings())
        return GraphExport(index: index, rendered: index.notes.indices.map(renderer.render))
    }

    @Test func jsonListsNotesAndTypedEdges() throws {
        let data = Data(Self.export().json().utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [[String: Any]]])
        #expect(object["nodes"]?.map { $0["id"] as? String } == ["a", "b", "c"])
        #expect(object["nodes"]?.first?["title"] as? String == "阿里云 \"quoted\" </script>")
        let edges = object["edges"]?.map { "\($0["source"]!)->\($0["target"]!):\($0["kind"]!)" }
        #expect(edges == ["a->b:link", "a->c:mention", "b->a:relation"])
        #expect(!Self.export().json().contains("</script>"))
    }

    @Test func graphvizAcceptsTheDOT() throws {
        let dot = Self.export().dot()
        #expect(dot.contains(#""a" -> "b" [style=solid];"#))
        #expect(dot.contains(#""b" -> "a" [style=bold, label="parent"];"#))
        let path = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(path != nil, "Graphviz is not installed: `make test` installs it")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["-Tsvg"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(svg)")
        #expect(svg.contains("<svg"))
    }
}
