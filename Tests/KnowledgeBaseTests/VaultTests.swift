import Foundation
import Testing

@testable import KnowledgeBase

/// The `vault` fixture is written the way Obsidian users write: the same name in two folders,
/// relative and Markdown links, folder notes, `publish: false`, Obsidian's own keys. Each rule of
/// "bring your own vault", checked on the pages it makes.
@Suite struct VaultTests {
    /// Each test builds the fixture anew: ten notes take a few milliseconds.
    let site: BuildResult

    init() async {
        site = await Build.run(GoldenSiteTests.options(for: "vault"))
    }

    func page(_ path: String) -> String {
        site.files.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
    }

    func main(_ path: String) -> String {
        let html = page(path)
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func aVaultWithLinksNotWrittenYetBuildsWithWarningsOnly() {
        #expect(!site.failed)
        #expect(site.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func noLinkLeadsToAMarkdownFile() {
        for file in site.files where file.path.hasSuffix(".html") {
            let html = String(decoding: file.bytes, as: UTF8.self)
            let hrefs = html.split(separator: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(!hrefs.contains { $0.hasSuffix(".md") || $0.contains(".md#") }, "\(file.path)")
            #expect(hrefs.count > 0)
        }
    }

    @Test func titlesComeFromFrontMatterAnOpeningHeadingOrTheFileName() {
        let kotlin = main("kotlin/scope-functions.html")
        #expect(kotlin.contains("<h1>Scope functions</h1>"))
        #expect(kotlin.contains("<h1 id=\"reference\">Reference</h1>"))
        #expect(!kotlin.contains("class=\"mention\""))
        #expect(main("sync/security-and-privacy.html").contains("<h1>Sync security model</h1>"))
    }

    @Test func urlsFollowPathsAndPermalinks() {
        let pages = Set(site.files.map(\.path))
        for path in [
            "publish/security-and-privacy.html", "sync/security-and-privacy.html", "sync/setup.html",
            "kotlin/scope-functions.html", "plants/fern.html", "garden/index.html", "garden/plants/index.html",
            "bi-ji/kai-yuan-mo-xing.html", "attachments/manual.pdf",
        ] {
            #expect(pages.contains(path), "\(path)")
        }
        #expect(!pages.contains { $0.contains("hidden") }, "publish: false leaves a note out")
        #expect(pages.contains("garden/plants/latex.html") && pages.contains("garden/plants/latex-3794.html"))
    }

    @Test func linksResolveBesideRelativelyAndByMarkdownPaths() {
        let setup = main("sync/setup.html")
        #expect(setup.contains("<a class=\"wikilink\" href=\"security-and-privacy.html\">Security and privacy</a>"))
        #expect(setup.contains("<img src=\"../attachments/diagram.png\""))
        #expect(setup.contains("<a class=\"wikilink file\" href=\"../attachments/manual.pdf\">manual.pdf</a>"))
        let sync = main("sync/security-and-privacy.html")
        #expect(sync.contains("href=\"../publish/security-and-privacy.html\">Publish</a>"))
        #expect(sync.contains("href=\"setup.html#on-linux\">Setup › On Linux</a>"))
        let kotlin = main("kotlin/scope-functions.html")
        #expect(kotlin.contains("<a href=\"../sync/setup.html#install\">Setup</a>"))
        #expect(kotlin.contains("<span class=\"unwritten\" title=\"not written yet: Nope.md\">missing</span>"))
        #expect(kotlin.contains("<img src=\"../attachments/fern.png\" alt=\"A plant\" />"))
        // `![the setup note](../sync/setup.md)` embeds it, as Obsidian does.
        #expect(
            kotlin.contains(
                "<div class=\"embed\"><p class=\"embed-title\"><a href=\"../sync/setup.html\">Setup</a></p>"))
        let home = main("index.html")
        #expect(home.contains("<a class=\"wikilink folder\" href=\"garden/index.html\">Garden</a>"))
        #expect(home.contains("<a href=\"kotlin/scope-functions.html\">the Kotlin notes</a>"))
        let fern = main("plants/fern.html")
        #expect(fern.contains("href=\"../garden/plants/latex-3794.html\">Latex</a>"))
        #expect(fern.contains("href=\"../garden/plants/latex.html\">LaTeX</a>"))
    }

    @Test func onlyAReallyAmbiguousNameIsAWarningThatNamesItsCandidates() {
        let ambiguous = site.diagnostics.filter { $0.message.contains("could mean") }
        #expect(ambiguous.map(\.file) == ["Content/笔记/开源模型.md"])
        #expect(ambiguous.first?.message.contains("Content/Sync/Security and privacy.md") == true)
    }

    @Test func obsidianKeysAreUnderstoodAndNeverShownAsFacts() {
        let setup = main("sync/setup.html")
        #expect(setup.contains("<article class=\"note wide\">"))
        #expect(!setup.contains("cssclasses") && !setup.contains("modified"))
        #expect(setup.contains("<time datetime=\"2024-05-01T09:30\">") && setup.contains("2024-06-02"))
        let tags = Set(site.files.map(\.path).filter { $0.hasPrefix("tags/") })
        #expect(
            tags == [
                "tags/index.html", "tags/publish.html", "tags/security.html", "tags/sync.html", "tags/da-mo-xing.html",
                "tags/kai-yuan.html",
            ])
        #expect(main("tags/security.html").contains("sync/security-and-privacy.html"))
    }

    @Test func everyFolderHasAPageAndTheTopIndexIsTheHomePage() {
        let home = main("index.html")
        #expect(home.contains("Welcome to the"))
        #expect(home.contains("href=\"garden/index.html\">Garden/</a>"))
        let garden = main("garden/index.html")
        #expect(garden.contains("The garden's own note") && garden.contains("href=\"plants/index.html\">Plants/</a>"))
        let plants = main("garden/plants/index.html")
        #expect(plants.contains("href=\"../index.html\">Garden</a>"))
        #expect(plants.contains("href=\"../../plants/fern.html\">Fern</a>"))
        #expect(!site.files.contains { $0.path == "attachments/index.html" })
    }
}
