import Foundation
import Testing

@testable import KnowledgeBase

/// The folder tree beside note and folder pages, and the page of every note, on the `vault`
/// fixture: Garden/Garden.md is a folder note, Garden/Plants has none, attachments/ holds files only.
@Suite struct ExplorerTests {
    let builder: SiteBuilder
    let site: BuildResult

    init() async {
        site = await Build.run(GoldenSiteTests.options(for: "vault"))
        let analysis = await Build.analyze(GoldenSiteTests.options(for: "vault"))
        builder = SiteBuilder(
            index: analysis.index, rendered: analysis.rendered, graph: analysis.graph, settings: analysis.settings,
            tagPages: analysis.tagPages)
    }

    func position(_ page: String) -> Int { builder.index.pages.firstIndex(of: page)! }

    func folder(_ title: String, in folders: [ExplorerView.Folder]) -> ExplorerView.Folder? {
        folders.first { $0.title == title }
    }

    @Test func foldersNestAndSortAndHoldTheirNotesButNotTheirFolderNote() throws {
        let tree = builder.explorer(from: "plants/fern.html", note: position("plants/fern.html"))
        #expect(!tree.foldersOnly)
        // An English site: Latin letters before Han, as ICU's English order has them.
        #expect(tree.folders.map(\.title) == ["Garden", "Kotlin", "Publish", "Sync", "笔记"])
        let garden = try #require(folder("Garden", in: tree.folders))
        #expect(garden.url == "../garden/index.html", "a folder with a folder note links to that note")
        #expect(!garden.notes.contains { $0.title == "Garden" })
        let plants = try #require(folder("Plants", in: garden.folders))
        #expect(plants.url == "../garden/plants/index.html")
        #expect(plants.notes.map(\.title) == ["Fern", "Latex", "LaTeX"], "case only breaks a tie, lower case first")
        #expect(garden.countText == "3 notes", "a folder counts the notes of its sub-folders")
        #expect(folder("attachments", in: tree.folders) == nil, "a folder of files only is no folder of notes")
        #expect(tree.notes.isEmpty, "the top folder's own note is the home page")
        #expect(plants.notes.first { $0.current }?.url == "fern.html", "the page's own link is not empty")
    }

    @Test func theCurrentNoteIsMarkedAndItsFoldersOpen() throws {
        let fern = position("plants/fern.html")
        let tree = builder.explorer(from: "plants/fern.html", note: fern)
        let garden = try #require(folder("Garden", in: tree.folders))
        let plants = try #require(folder("Plants", in: garden.folders))
        #expect(garden.open && plants.open && !garden.current && !plants.current)
        #expect(plants.notes.filter(\.current).map(\.title) == ["Fern"])
        #expect(tree.folders.filter(\.open).map(\.title) == ["Garden"])
        let html = page("plants/fern.html")
        #expect(html.contains("<a href=\"fern.html\" aria-current=\"page\">Fern</a>"))
        #expect(html.components(separatedBy: "<details open>").count == 3)
    }

    @Test func aFolderNoteAndAFolderPageMarkTheirFolder() throws {
        let gardenNote = builder.index.folderNotes["Garden"]!
        let fromNote = builder.explorer(from: builder.index.pages[gardenNote], note: gardenNote)
        #expect(try #require(folder("Garden", in: fromNote.folders)).current)
        let fromPage = builder.explorer(from: "garden/plants/index.html", folder: "Garden/Plants")
        let plants = try #require(folder("Plants", in: folder("Garden", in: fromPage.folders)?.folders ?? []))
        #expect(plants.current && plants.open && !plants.notes.contains(where: \.current))
        #expect(page("garden/plants/index.html").contains("<a href=\"index.html\" aria-current=\"page\">Plants</a>"))
    }

    @Test func aLargeVaultGetsFoldersOnlyWithTheirCounts() throws {
        let tree = builder.explorer(from: "plants/fern.html", note: position("plants/fern.html"), notesPast: 5)
        #expect(tree.foldersOnly && tree.notes.isEmpty)
        let garden = try #require(folder("Garden", in: tree.folders))
        let plants = try #require(folder("Plants", in: garden.folders))
        #expect(garden.notes.isEmpty && !garden.leaf && garden.open)
        #expect(plants.leaf && plants.countText == "3 notes" && plants.here && !garden.here)
        #expect(try #require(folder("Sync", in: tree.folders)).leaf)
    }

    @Test func theAllNotesPageListsEveryNoteInCollationOrderWithItsFolder() throws {
        let listing = try #require(builder.allNotesPage().context.listing)
        #expect(listing.rows.count == builder.index.notes.count)
        #expect(listing.rows.map(\.sortKey) == listing.rows.map(\.sortKey).sorted())
        let fern = try #require(listing.rows.first { $0.title == "Fern" })
        #expect(fern.cells.first?.values.map(\.text) == ["Garden/Plants"])
        #expect(fern.cells.first?.values.first?.url == "garden/plants/index.html")
        #expect(page("index.html").contains("<a href=\"notes.html\">All notes</a>"))
    }

    /// Every page a reader browses has the tree, after the page's own text so that a phone shows
    /// that first; the graph and 404 pages do not. A page of the header is marked in the header.
    @Test(arguments: [
        "index.html", "notes.html", "tags/index.html", "tags/security.html", "search.html", "garden/plants/index.html",
        "plants/fern.html",
    ])
    func everyBrowsedPageHasTheTreeAfterItsText(path: String) throws {
        let html = page(path)
        let tree = try #require(html.range(of: "<nav class=\"explorer\""), "\(path) has no explorer")
        let heading = try #require(html.range(of: "<h1"))
        #expect(heading.lowerBound < tree.lowerBound)
        #expect(html.components(separatedBy: "<nav class=\"explorer\"").count == 2, "one tree a page")
        let header = Self.nav(html, opening: "<nav class=\"site-nav\"")
        for page in ["notes.html", "tags/index.html"] {
            #expect(
                header.contains("\(page)\" aria-current=\"page\">") == (page == path),
                "\(path): the header link to \(page)")
        }
    }

    @Test func theGraphAnd404PagesHaveNoTree() {
        #expect(!page("graph.html").isEmpty && !page("graph.html").contains("class=\"explorer\""))
        #expect(!page("404.html").isEmpty && !page("404.html").contains("class=\"explorer\""))
    }

    @Test func aTypePageHasTheTreeWithNothingMarked() async throws {
        let result = try await HostileCasesTests.build([
            "site.yml": "title: Site\n", "places/Paris.md": "---\ntype: city\n---\nText\n",
        ])
        let tree = Self.explorerOnly(HostileCasesTests.page(result, "types/city.html"))
        #expect(tree.contains(">Paris</a>") && !tree.contains("aria-current"), "a type page is in no folder")
        #expect(
            Self.explorerOnly(HostileCasesTests.page(result, "places/paris.html")).contains(
                "aria-current=\"page\">Paris</a>"))
    }

    static func explorerOnly(_ html: String) -> String { nav(html, opening: "<nav class=\"explorer\"") }

    /// The `<nav>` that opens with `opening`, up to its end; `""` when there is none.
    static func nav(_ html: String, opening: String) -> String {
        guard let start = html.range(of: opening),
            let end = html.range(of: "</nav>", range: start.upperBound..<html.endIndex)
        else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// A page without its explorer, which links to every note: for tests of what else links there.
    static func withoutExplorer(_ html: String) -> String {
        guard let start = html.range(of: "<nav class=\"explorer\""),
            let end = html.range(of: "</nav>", range: start.upperBound..<html.endIndex)
        else { return html }
        return String(html[..<start.lowerBound] + html[end.upperBound...])
    }

    func page(_ path: String) -> String {
        site.files.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
    }
}
