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

    @Test func pagesFollowFoldersAndTitles() {
        let (index, diagnostics) = EntityIndex.build(
            notes: [Self.note("组织/aliyun", "阿里云"), Self.note("models/qwen", "Qwen3-VL", slug: "qwen3-vl-model")],
            assets: [])
        #expect(diagnostics.isEmpty)
        #expect(index.pages == ["models/qwen3-vl-model.html", "zu-zhi/a-li-yun.html"])
    }

    @Test func clashingPagesAreWarnedAboutOrErrorsWhenTheSlugWasChosen() {
        let (index, diagnostics) = EntityIndex.build(
            notes: [
                Self.note("a", "中禾能源"), Self.note("b", "中河能源"),
                Self.note("d", "D", slug: "zhong-he-neng-yuan"),
            ],
            assets: [])
        #expect(
            diagnostics.map(\.description) == [
                "Content/b.md:1:1: warning: its page zhong-he-neng-yuan.html is also the page of Content/a.md, so it is published as zhong-he-neng-yuan-4825.html; set slug: to choose",
                "Content/d.md:1:1: error: its page zhong-he-neng-yuan.html is also the page of Content/a.md; give one of them another slug:",
            ])
        #expect(Set(index.pages).count == index.pages.count)
    }

    @Test func aTitleClaimedTwiceIsAnErrorAndAnAliasClaimedTwiceIsAmbiguous() {
        let (index, diagnostics) = EntityIndex.build(
            notes: [
                Self.note("a", "阿里云", aliases: ["Aliyun"]), Self.note("b", "Alibaba Cloud", aliases: ["ALIYUN", "阿里"]),
                Self.note("c", "阿里"), Self.note("d", "阿里云"),
            ],
            assets: [])
        #expect(
            diagnostics.sorted().map(\.description) == [
                "Content/b.md:3:11: warning: the alias \"ALIYUN\" is also an alias of Content/a.md:3:11, where [[ALIYUN]] leads",
                "Content/b.md:3:11: warning: the alias \"阿里\" is also the title of Content/c.md:2:8, where [[阿里]] leads",
                "Content/d.md:1:1: warning: its page a-li-yun.html is also the page of Content/a.md, so it is published as a-li-yun-e4d4.html; set slug: to choose",
                "Content/d.md:2:8: error: the title \"阿里云\" is already the title of Content/a.md:2:8",
            ])
        #expect(index.note(named: "aliyun").map { index.notes[$0].id } == "a")
        #expect(index.note(named: "阿里").map { index.notes[$0].id } == "c")
        #expect(index.ambiguousNames == ["aliyun", "阿里"])
    }
}
