import Foundation
import Testing

@testable import KnowledgeBase

/// `base_url` and `--base-url` go through one check, since either is put before every link of
/// the feed, the sitemap, the canonical links and `404.html`.
@Suite struct BaseURLTests {
    @Test(arguments: [
        ("https://kb.example.org", "https://kb.example.org/"),
        ("http://kb.example.org/x/", "http://kb.example.org/x/"),
        ("https://example.org:8443/kb", "https://example.org:8443/kb/"),
        ("https://[2001:db8::1]:8080/", "https://[2001:db8::1]:8080/"),
        ("https://知识库.中国/笔记", "https://知识库.中国/笔记/"),
        ("https://example.org/a%20b", "https://example.org/a%20b/"),
    ])
    func acceptsHTTPURLsWithAHost(text: String, expected: String) throws {
        #expect(try SiteSettings.baseURL(text) == expected)
    }

    @Test(arguments: [
        "javascript:alert(1)//", "JAVASCRIPT://x", "data:text/html,x", "//example.org/", "ftp://example.org/",
        "example.org", "", "https://", "https:///path", "https://:8080/", "https://exa mple.org/",
        "https://example.org/ x", "https://example.org/\u{7}", "https://example.org/\u{202E}", "https://example.org\t",
        "https://example.org/\"onmouseover=\"alert(1)", "https://example.org/'x", "https://example.org/<script>",
        "https://example.org/>", "https://example.org/`", "https://example.org\\@evil.org", "https://user@evil.org/",
        "https://example.org/?q=1", "https://example.org/#top", "https://example.org:http/",
        "https://example.org:99999/",
        "https://example.org:/", "https://[::1/", "https://[]/", "https://[::1]x/", "https://ex!ample.org/",
    ])
    func refusesEverythingElse(text: String) {
        #expect(throws: SiteSettings.InvalidBaseURL.self) { try SiteSettings.baseURL(text) }
    }

    @Test func aBadSettingIsAnErrorAtItsValue() {
        let file = SourceFile(
            path: "site.yml", displayPath: "Content/site.yml",
            bytes: Array("title: T\nbase_url: \"javascript:alert(1)//\"\n".utf8))
        let (settings, diagnostics) = SiteSettings.parse(file)
        #expect(settings.baseURL == nil)
        #expect(
            diagnostics.map(\.description) == [
                "Content/site.yml:2:11: error: base_url must start with https:// or http://"
            ])
    }

    @Test func aBadOptionFailsTheBuildAndReachesNoPage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-base-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("# A\n".utf8).write(to: folder.appendingPathComponent("a.md"))
        var options = BuildTests.options(content: folder, output: folder.appendingPathComponent("Public"))
        options.baseURL = "https://example.org/\"><script>alert(1)</script>"
        let result = await Build.run(options)
        #expect(result.failed)
        #expect(
            result.diagnostics.map(\.description).contains(
                "--base-url:1:1: error: cannot hold spaces, control characters, quotes, angle brackets or backslashes"))
        #expect(result.files.isEmpty)
    }

    /// 404.html is served for missing paths anywhere, and opened from the file system: its links
    /// are written from the root, and only its script knows the base URL, to use where it is served
    /// from there (the build sets it). Its stylesheet and kb.js wait for that script (the browser checks load it).
    @Test func theNotFoundPageLinksFromTheRootNotFromTheBaseURL() async throws {
        let result = try await HostileCasesTests.build([
            "site.yml": "title: Site\n", "a.md": "# A\n",
        ])
        let page = HostileCasesTests.page(result, "404.html")
        #expect(page.components(separatedBy: "https://example.org/").count == 2, "only in data-base-url")
        #expect(page.contains("<script data-base-url=\"https://example.org/\">"))
        #expect(page.contains("<a class=\"site-title\" href=\"index.html\">"))
        #expect(page.contains("<noscript><link rel=\"stylesheet\" href=\"assets/style.css\"></noscript>"))
        #expect(!page.contains("<script src="), "kb.js is loaded once the root is known")
        #expect(page.contains("<style>"), "its own few rules until then")
    }
}
