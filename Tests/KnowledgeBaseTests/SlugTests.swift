import Testing

@testable import KnowledgeBase

@Suite struct SlugTests {
    @Test(arguments: [
        ("阿里云", "a-li-yun"),
        ("通义千问", "tong-yi-qian-wen"),
        ("Qwen3-VL", "qwen3-vl"),
        ("云栖大会 2025", "yun-qi-da-hui-2025"),
        ("Qwen3-Max 发布", "qwen3-max-fa-bu"),
        ("重庆", "zhong-qing"),
        ("Дом 한국", "dom-han-gug"),
        ("Café Déjà Vu", "cafe-deja-vu"),
        ("  --Hello, World!--  ", "hello-world"),
        ("🎉", ""),
    ])
    func slug(text: String, slug: String) {
        #expect(Slug.make(text) == slug)
    }

    @Test(arguments: [
        ("ok-slug_1", true), ("../../x", false), ("/etc/x", false), ("a/../../b", false), ("", false),
        ("Upper", false), (".hidden", false), ("con", true),
    ])
    func handWrittenSlugs(slug: String, valid: Bool) {
        #expect(Slug.isValid(slug) == valid)
    }

    @Test(arguments: [
        ("a.html", "b.html", "b.html"), ("a/b.html", "a/c.html", "c.html"), ("a/b.html", "c.html", "../c.html"),
        ("a.html", "x/y.html", "x/y.html"), ("a/b/c.html", "a/d/e.html", "../d/e.html"),
        ("ab/c.html", "a/c.html", "../a/c.html"), ("a/c.html", "ab/c.html", "../ab/c.html"),
        ("a/b.html", "a/b/c.html", "b/c.html"), ("a/b/c.html", "a/b.html", "../b.html"), ("t/x.html", "t/x.html", ""),
        ("index.html", "人物/王 坚.html", "%E4%BA%BA%E7%89%A9/%E7%8E%8B%20%E5%9D%9A.html"),
        ("人物/a.html", "人物/b.html", "b.html"),
    ])
    func relativeURLs(page: String, target: String, url: String) {
        #expect(URLPath.relative(from: page, to: target) == url)
    }

    static func note(_ id: String, _ title: String, slug: String? = nil, aliases: [String] = []) -> Note {
        var note = Note(
            id: id, file: "Content/\(id).md",
            title: NoteName(text: title, location: SourceLocation(line: 2, column: 8)),
            body: "", bodyLine: 4)
        note.slug = slug
        note.aliases = aliases.map { NoteName(text: $0, location: SourceLocation(line: 3, column: 11)) }
        return note
    }

    @Test func pagesFollowPathsFolderNotesAndPermalinks() {
        var permalinked = Self.note("Docs/Start here", "Start")
        permalinked.permalink = "guides/Getting-Started"
        let (index, diagnostics) = EntityIndex.build(
            notes: [
                Self.note("组织/aliyun", "阿里云"), Self.note("models/qwen", "Qwen3-VL", slug: "qwen3-vl-model"),
                Self.note("Kotlin scope function", "Reference"), Self.note("index", "Home"),
                Self.note("Garden/Garden", "Garden"), Self.note("Garden/Plants/index", "Plants"),
                Self.note("Garden/Plants/README", "Readme"), Self.note("search", "Search"), Self.note("tags/t", "T"),
                permalinked,
            ],
            assets: ["images/a.png"])
        #expect(
            diagnostics.map(\.message) == [
                "its page search.html is also a page kb makes, so it is published as search-28a9.html; set slug: to choose"
            ])
        #expect(
            Dictionary(uniqueKeysWithValues: zip(index.notes.map(\.id), index.pages)) == [
                "组织/aliyun": "zu-zhi/aliyun.html", "models/qwen": "models/qwen3-vl-model.html",
                "Kotlin scope function": "kotlin-scope-function.html", "index": "index.html",
                "Garden/Garden": "garden/index.html", "Garden/Plants/index": "garden/plants/index.html",
                "Garden/Plants/README": "garden/plants/readme.html", "search": "search-28a9.html",
                "tags/t": "tags-notes/t.html", "Docs/Start here": "guides/Getting-Started.html",
            ])
        #expect(index.folders["Garden/Plants"] == "garden/plants/index.html" && index.folders["images"] == nil)
        #expect(index.folderNotes["Garden"].map { index.notes[$0].id } == "Garden/Garden")
        #expect(index.folderNotes[""].map { index.notes[$0].id } == "index")
    }

    @Test func clashingPagesAreWarnedAboutOrErrorsWhenTheSlugWasChosen() {
        let (index, diagnostics) = EntityIndex.build(
            notes: [
                Self.note("中禾能源", "中禾能源"), Self.note("中河能源", "中河能源"),
                Self.note("豆", "D", slug: "zhong-he-neng-yuan"),
            ],
            assets: [])
        #expect(
            diagnostics.map(\.description) == [
                "Content/中禾能源.md:1:1: warning: its page zhong-he-neng-yuan.html is also the page of Content/中河能源.md, so it is published as zhong-he-neng-yuan-e781.html; set slug: to choose",
                "Content/豆.md:1:1: error: its page zhong-he-neng-yuan.html is also the page of Content/中河能源.md; give one of them another slug:",
            ])
        #expect(Set(index.pages).count == index.pages.count)
    }

    @Test func theSameNameInTwoFoldersIsNoErrorAndLinksResolveAsInObsidian() {
        let (index, diagnostics) = EntityIndex.build(
            notes: [
                Self.note("Publish/Security and privacy", "Security and privacy"),
                Self.note("Sync/Security and privacy", "Security and privacy"),
                Self.note("Sync/Guide", "Guide"), Self.note("Top", "Top", aliases: ["阿里"]),
                Self.note("Deep/er/Top", "Top"), Self.note("a/Latex", "Latex"), Self.note("b/LaTeX", "LaTeX"),
                Self.note("c/阿里", "阿里"),
            ],
            assets: ["Sync/diagram.png", "attachments/diagram.png", "paper.pdf"])
        #expect(diagnostics.isEmpty)
        func resolve(_ name: String, from folder: String) -> String? {
            switch index.resolve(name, from: folder).target {
            case .note(let position): index.notes[position].id
            case .folder(let path): "folder " + path
            case .asset(let path): "file " + path
            case nil: nil
            }
        }
        // Beside the linking note, else the shortest path, else the first by path (and say so).
        #expect(resolve("Security and privacy", from: "Sync") == "Sync/Security and privacy")
        #expect(resolve("Security and privacy", from: "Other") == "Publish/Security and privacy")
        #expect(index.resolve("Security and privacy", from: "Other").alternatives.count == 2)
        #expect(index.resolve("Security and privacy", from: "Sync").alternatives.isEmpty)
        #expect(resolve("Sync/Security and privacy", from: "Publish") == "Sync/Security and privacy")
        #expect(resolve("Top", from: "Deep") == "Top")
        #expect(index.resolve("Top", from: "Deep").alternatives.isEmpty)
        // Exact case first, ignoring case only as a fallback.
        #expect(resolve("Latex", from: "") == "a/Latex")
        #expect(resolve("LaTeX", from: "") == "b/LaTeX")
        #expect(resolve("LATEX", from: "").map { ["a/Latex", "b/LaTeX"].contains($0) } == true)
        // A title before an alias; paths relative, from the top, or the end of a path.
        #expect(resolve("阿里", from: "") == "c/阿里")
        #expect(resolve("./Guide", from: "Sync") == "Sync/Guide")
        #expect(resolve("../Sync/Guide.md", from: "Publish") == "Sync/Guide")
        #expect(resolve("../../x", from: "Sync") == nil)
        #expect(resolve("er/Top", from: "") == "Deep/er/Top")
        #expect(resolve("/Top", from: "Deep") == "Top")
        // Folders and files.
        #expect(resolve("Sync/", from: "") == "folder Sync")
        #expect(resolve("paper.pdf", from: "Sync") == "file paper.pdf")
        #expect(resolve("diagram.png", from: "Sync") == "file Sync/diagram.png")
        #expect(resolve("diagram.png", from: "") == "file Sync/diagram.png")
        #expect(resolve("../attachments/diagram.png", from: "Sync") == "file attachments/diagram.png")
        #expect(index.ambiguousNames == ["阿里", "security and privacy", "top", "latex"])
    }
}
