import Testing

@testable import KnowledgeBase

@Suite struct FrontMatterTests {
    @Test(
        arguments: [
            ("---\ntitle: A\n---\nbody\n", "title: A\n", 2, "body\n", 4, false),
            ("---\ntitle: A\n...\nbody", "title: A\n", 2, "body", 4, false),
            ("---   \na: 1\n---  \n", "a: 1\n", 2, "", 4, false),
            ("---\n---\nbody", "", 2, "body", 3, false),
            ("no front matter\n---\n", nil, 1, "no front matter\n---\n", 1, false),
            ("---\ntitle: A\nbody", nil, 1, "---\ntitle: A\nbody", 1, true),
            ("", nil, 1, "", 1, false),
            ("----\na: 1\n----\n", nil, 1, "----\na: 1\n----\n", 1, false),
            ("---\na: 1\n---", "a: 1\n", 2, "", 4, false),
        ] as [(String, String?, Int, String, Int, Bool)])
    func split(text: String, yaml: String?, yamlLine: Int, body: String, bodyLine: Int, unterminated: Bool) {
        let split = FrontMatter.split(text)
        #expect(split.yaml == yaml)
        #expect(split.yamlLine == yamlLine)
        #expect(split.body == body)
        #expect(split.bodyLine == bodyLine)
        #expect(split.unterminated == unterminated)
    }

    private func parse(_ text: String, path: String = "notes/x.md") -> (Note, [Diagnostic]) {
        NoteParser().parse(SourceFile(path: path, displayPath: "Content/" + path, bytes: Array(text.utf8)))
    }

    @Test func readsKnownKeysAndKeepsTheRestAsProperties() {
        let (note, diagnostics) = parse(
            """
            ---
            title: 通义千问
            aliases: [Qwen, 千问]
            type: model
            tags: [大模型, 开源]
            date: 2025-09-24
            summary: 一个模型家族。
            developer: "[[通义实验室]]"
            partners: ["[[A]]", "[[B|b]]"]
            modality: 文本
            unquoted: [[阿里云]]
            ---
            正文
            """)
        #expect(diagnostics.isEmpty)
        #expect(note.title.text == "通义千问")
        #expect(note.title.location == SourceLocation(line: 2, column: 8))
        #expect(note.aliases.map(\.text) == ["Qwen", "千问"])
        #expect(note.aliases.map(\.location.column) == [11, 17])
        #expect(note.type == "model")
        #expect(note.tags == ["大模型", "开源"])
        #expect(note.date?.description == "2025-09-24")
        #expect(note.properties.map(\.key) == ["developer", "partners", "modality", "unquoted"])
        #expect(note.properties[0].values == [.link(Wikilink(target: "通义实验室"))])
        #expect(note.properties[1].values == [.link(Wikilink(target: "A")), .link(Wikilink(target: "B", label: "b"))])
        #expect(note.properties[2].values == [.text("文本")])
        #expect(note.properties[3].values == [.link(Wikilink(target: "阿里云"))])
        #expect(note.body == "正文")
        #expect(note.bodyLine == 13)
    }

    @Test(arguments: [
        ("# 标题\n\n正文", "标题", "\n\n正文"),
        ("\n\n  # 真标题 #\n正文", "真标题", "\n\n\n正文"),
        ("# Title #not-closing\n", "Title #not-closing", "\n"),
        // Only an H1 that opens the body names the note: a later one is a section of it.
        ("```\n# code\n```\n# 真标题 #\n", "x", "```\n# code\n```\n# 真标题 #\n"),
        ("intro\n\n# Reference\n", "x", "intro\n\n# Reference\n"),
        ("## 二级\n", "x", "## 二级\n"),
        ("#tag at the start\n", "x", "#tag at the start\n"),
        ("no heading", "x", "no heading"),
    ])
    func titleFallsBackToTheOpeningHeadingThenTheFileName(text: String, title: String, body: String) {
        let (note, _) = parse(text)
        #expect(note.title.text == title)
        #expect(note.body == body)
    }

    @Test(arguments: [
        ("notes/index.md", "notes"), ("Projects/Garden/README.md", "Garden"), ("index.md", "index"),
        ("Kotlin scope function.md", "Kotlin scope function"),
    ])
    func aFolderNoteWithoutATitleIsNamedAfterItsFolder(path: String, title: String) {
        #expect(parse("text\n", path: path).0.title.text == title)
    }

    @Test func readsFrontMatterAsObsidianAndQuartzWriteIt() {
        let (note, diagnostics) = parse(
            """
            ---
            tags: "#AI, research , #ai, 大模型"
            aliases: Qwen, 千问
            publish: false
            permalink: /guides/Getting-Started
            cssclasses: [wide, "cards dense"]
            created: 2024-01-02T10:20
            date modified: 2024-03-04
            ---
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(note.tags == ["AI", "research", "大模型"])
        #expect(note.aliases.map(\.text) == ["Qwen", "千问"])
        #expect(note.draft)
        #expect(note.permalink == "guides/Getting-Started")
        #expect(note.cssClasses == ["wide", "cards", "dense"])
        #expect(note.date?.description == "2024-01-02T10:20" && note.updated?.description == "2024-03-04")
        #expect(note.properties.isEmpty)
        #expect(parse("---\npermalink: /\n---\n").0.permalink == "index", "Obsidian Publish's home page")
        let (listed, _) = parse("---\ntags:\n  - \"#x\"\n  - y/z\n---\n")
        #expect(listed.tags == ["x", "y/z"])
    }

    @Test(arguments: [
        ("---\ntitle: [unclosed\n---\n", "Content/notes/x.md:3:1: error: bad YAML"),
        ("---\n- a\n- b\n---\n", "Content/notes/x.md:2:1: error: front matter must be a map"),
        ("---\ntitle: a\ntitle: b\n---\n", "Content/notes/x.md:3:1: error: duplicate key \"title\""),
        ("---\ntags: {a: 1}\n---\n", "Content/notes/x.md:2:7: warning: \"tags\" must be text or a list of texts"),
        ("---\ndate: yesterday\n---\n", "Content/notes/x.md:2:7: warning: \"date\" must be a date"),
        ("---\ntitle: x\n", "Content/notes/x.md:1:1: error: front matter is not closed"),
        ("---\ndraft: maybe\n---\n", "Content/notes/x.md:2:8: error: \"draft\" must be true or false"),
    ])
    func badFrontMatterIsReportedWithItsPosition(text: String, expected: String) {
        let (_, diagnostics) = parse(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.description.hasPrefix(expected) == true, "\(diagnostics)")
    }

    @Test func lineEndingsAndByteOrderMarkAreNormalised() {
        let (note, diagnostics) = parse("\u{FEFF}---\r\ntitle: A\r\n---\r\nline one\rline two\r\n")
        #expect(diagnostics.isEmpty)
        #expect(note.title.text == "A")
        #expect(note.body == "line one\nline two\n")
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let bytes: [UInt8] = Array("---\ntitle: A\n---\nab".utf8) + [0xFF] + Array("c\n".utf8)
        let (note, diagnostics) = NoteParser().parse(
            SourceFile(path: "x.md", displayPath: "Content/x.md", bytes: bytes))
        #expect(diagnostics.map(\.description) == ["Content/x.md:4:3: warning: invalid UTF-8; replaced with U+FFFD"])
        #expect(note.body == "ab\u{FFFD}c\n")
    }
}
