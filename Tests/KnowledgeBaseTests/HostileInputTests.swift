import Foundation
import Testing

@testable import KnowledgeBase

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The `hostile` fixture puts `<script>`, quotes, `</script>`, `]]>`, `-->`, control characters,
/// `javascript:` and `data:` targets, raw HTML and odd file names into every place a note can
/// hold text. Whatever reaches a page, an attribute, a script file, the feed, the sitemap or the
/// DOT export must arrive as text and never as markup.
@Suite struct HostileInputTests {
    static func build() async -> BuildResult {
        await Build.run(GoldenSiteTests.options(for: "hostile"))
    }

    @Test func theBuildSucceedsAndSaysWhatItReplaced() async {
        let result = await Self.build()
        #expect(!result.failed)
        // The sanitizer drops `<script>alert('t')</script>` from inside `[[…]]`, and what a
        // reader then sees, `[[ "q" & ]]`, is a link to a note that does not exist.
        #expect(
            result.diagnostics.map(\.message) == [
                "control characters replaced with U+FFFD", "no note named \"\"q\" &\" yet",
            ])
    }

    @Test func pagesHoldNoScriptButTheirOwnAndNoDangerousLink() async throws {
        let result = await Self.build()
        for file in result.files where file.path.hasSuffix(".html") {
            let html = String(decoding: file.bytes, as: UTF8.self)
            let scripts = html.ranges(of: "<script").count
            // kb's own: files it links, the theme's first line, the note's JSON-LD, 404.html's base.
            let ours = [
                "<script src=\"", "<script>(function () { try { var theme", "<script type=\"application/ld+json\">",
                "<script data-base-url=",
            ].map { html.ranges(of: $0).count }.reduce(0, +)
            #expect(scripts == ours, "\(file.path) has a script kb did not write")
            #expect(!html.lowercased().contains("href=\"javascript:"), "\(file.path)")
            #expect(!html.contains("onerror="), "\(file.path)")
            #expect(!html.contains("\u{7}"), "\(file.path) holds a control character")
        }
    }

    @Test func scriptFilesCannotBeClosed() async {
        let result = await Self.build()
        for file in result.files where file.path.hasSuffix(".js") && !file.path.hasPrefix("assets/") {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.contains("<"), "\(file.path) holds a raw <")
        }
    }

    @Test func feedAndSitemapAreWellFormedXML() async throws {
        let result = await Self.build()
        for name in ["feed.xml", "sitemap.xml"] {
            let file = try #require(result.files.first { $0.path == name })
            let parser = XMLParser(data: Data(file.bytes))
            #expect(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test func theDOTExportStaysQuoted() async throws {
        let analysis = await Build.analyze(GoldenSiteTests.options(for: "hostile"))
        let dot = GraphExport(index: analysis.index, rendered: analysis.rendered).dot()
        for line in dot.split(separator: "\n").dropFirst(2).dropLast() {
            // Each statement is quoted ids and attributes, and every quote inside is escaped.
            let unescapedQuotes = line.replacingOccurrences(of: "\\\"", with: "").filter { $0 == "\"" }.count
            #expect(unescapedQuotes % 2 == 0, "\(line)")
        }
    }
}
