import Foundation
import Testing

@testable import KnowledgeBase

/// Obsidian's syntax through a whole build: what reaches every file of the site, and what the
/// stages after Render learn from it (embed backlinks, tag pages, the cache).
@Suite struct ObsidianSiteTests {
    static func text(_ result: BuildResult, _ path: String) -> String {
        String(decoding: result.files.first { $0.path == path }?.bytes ?? [], as: UTF8.self)
    }

    static func build(_ notes: [String: String], cache: inout BuildCache) async throws -> BuildResult {
        let workspace = try BuildTests.workspace()
        let content = try BuildTests.content(in: workspace, notes)
        return await Build.run(
            BuildTests.options(content: content, output: workspace.appendingPathComponent("Public")), cache: &cache)
    }

    @Test func aCommentsWordsAreInNoFileOfTheSite() async throws {
        let result = await Build.run(GoldenSiteTests.options(for: "obsidian-syntax"))
        #expect(!result.failed && result.files.count > 20)
        for file in result.files {
            #expect(!String(decoding: file.bytes, as: UTF8.self).contains("KBSECRET"), "\(file.path)")
        }
        // The comment held a link: it is no backlink either.
        #expect(!ExplorerTests.withoutExplorer(Self.text(result, "a-li-yun.html")).contains("zhu-shi.html"))
    }

    @Test func embedsAreBacklinksOfTheirOwnKind() async throws {
        let result = await Build.run(GoldenSiteTests.options(for: "obsidian-syntax"))
        let page = Self.text(result, "a-li-yun.html")
        #expect(page.contains("<li class=\"embed\"><a href=\"qian-ru.html\">嵌入</a> <span class=\"kind\">嵌入</span>"))
    }

    @Test func inlineAndFrontMatterTagsMeetOnOnePageAndNestedTagsUnderTheirParent() async throws {
        let result = await Build.run(GoldenSiteTests.options(for: "obsidian-syntax"))
        let ai = Self.text(result, "tags/ai.html")
        #expect(ai.contains("<a href=\"../biao-qian.html\">标签</a>"))
        #expect(ai.contains("<a class=\"tag\" href=\"ai/llm.html\">#ai/llm</a>"))
        #expect(!result.files.contains { $0.path == "tags/ai-2.html" })
        #expect(Self.text(result, "tags/ai/llm.html").contains("<a href=\"../../biao-qian.html\">标签</a>"))
    }

    @Test func tagsSharingASlugGetTheirOwnPagesAndTheLinksFollow() async throws {
        var cache = BuildCache()
        let result = try await Self.build(
            ["a.md": "# A\n\n#大模型 here\n", "b.md": "# B\n\n#da-mo-xing there\n"], cache: &cache)
        let a = Self.text(result, "a.html")
        let b = Self.text(result, "b.html")
        let pages = ["tags/da-mo-xing.html", "tags/da-mo-xing-2.html"]
        #expect(pages.allSatisfy { path in result.files.contains { $0.path == path } })
        #expect(a.contains("href=\"tags/da-mo-xing-2.html\">#大模型</a>"))
        #expect(b.contains("href=\"tags/da-mo-xing.html\">#da-mo-xing</a>"))
    }

    @Test func aNoteShowsTheEmbeddedNoteAsItIsNow() async throws {
        let workspace = try BuildTests.workspace()
        let content = try BuildTests.content(
            in: workspace, ["host.md": "# Host\n\n![[Shown]]\n", "shown.md": "# Shown\n\nfirst words\n"])
        let options = BuildTests.options(content: content, output: workspace.appendingPathComponent("Public"))
        var cache = BuildCache()
        #expect(Self.text(await Build.run(options, cache: &cache), "host.html").contains("first words"))
        try Data("# Shown\n\nsecond words\n".utf8).write(to: content.appendingPathComponent("shown.md"))
        let again = await Build.run(options, cache: &cache)
        #expect(Self.text(again, "host.html").contains("second words"))
        #expect(again.renderedNotes == 2)
    }

    @Test func aNoteEmbedsItsOwnBlocksAndOnlyTheSamePartAgainIsACycle() async throws {
        var cache = BuildCache()
        let result = try await Self.build(
            ["s.md": "# S\n\nA block ^b1\n\n![[#^b1]]\n\n![[S#^b1]]\n\nLoop ![[S#^b2]] ^b2\n"], cache: &cache)
        let page = Self.text(result, "s.html")
        #expect(page.components(separatedBy: "<p id=\"embed-").count == 4)
        // The embed splits the paragraph that has the id; the id stays on the paragraph's text.
        #expect(page.contains("<p id=\"^b2\">\nLoop \n</p>\n<div class=\"embed\">"))
        #expect(page.contains("Loop <a class=\"wikilink\" href=\"#%5Eb2\">S › ^b2</a>"))
        #expect(result.diagnostics.map(\.description).contains { $0.contains("s.md:9:6: warning: embeds itself") })
    }
}
