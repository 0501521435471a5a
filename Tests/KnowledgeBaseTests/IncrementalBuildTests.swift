import Foundation
import Testing

@testable import KnowledgeBase

/// The oracle for `kb serve`'s warm builds: a series of edits, each followed by a build through
/// the cache that `LiveSite` keeps, and by a fresh build into another folder; every file of the two
/// output folders must be the same bytes, and the diagnostics the same.
@Suite struct IncrementalBuildTests {
    static let notes: [String: String] = [
        "site.yml": "title: Oracle\nbase_url: https://example.org/\n",
        "index.md": "# Home\n\nWelcome. See [[Alice]].\n",
        "people/alice.md":
            "---\ntitle: Alice\naliases: [Ali]\ntype: person\ntags: [team]\ndate: 2024-01-02\nrank: 1\n---\n"
            + "Alice works with Bob. ^intro\n\n## Work\n\nShe writes.\n",
        "people/bob.md": "---\ntype: person\ntags: [x]\nrank: 4\n---\n# Bob\n\nBob knows [[Alice]].\n\n![[Carol]]\n",
        "carol.md": "---\ntitle: Carol\nsummary: The third.\n---\nCarol's words, and Alice by name.\n",
        "list.md": "# List\n\n```dataview\nTABLE rank FROM #x SORT rank DESC\n```\n\nInline: `= this.file.name`\n",
        "people.base": "filters: 'type == \"person\"'\nviews:\n  - type: table\n    order: [rank]\n",
        "quiet.md": "# Quiet\n\nNothing refers here.\n",
    ]

    /// Every file below `folder` but the stamp, which names its own output folder.
    static func files(in folder: URL) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let root = folder.standardizedFileURL.path
        for case let path as String in FileManager.default.enumerator(atPath: root) ?? .init()
        where path != BuildStamp.fileName {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder),
                !isFolder.boolValue, let data = FileManager.default.contents(atPath: root + "/" + path)
            else { continue }
            files[path] = [UInt8](data)
        }
        return files
    }

    struct Edit: Sendable {
        var name: String
        var apply: @Sendable (URL) throws -> Void
    }

    static func write(_ text: String, _ path: String) -> @Sendable (URL) throws -> Void {
        { content in
            let url = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static let edits: [Edit] = [
        Edit(name: "nothing changed", apply: { _ in }),
        Edit(
            name: "body of an embedded note",
            apply: write("---\ntitle: Carol\nsummary: The third.\n---\nCarol's new words, and Ali.\n", "carol.md")),
        Edit(
            name: "words of the same length, which no query can see",
            apply: write("---\ntitle: Carol\nsummary: The third.\n---\nCarol's old words, and Ali.\n", "carol.md")),
        Edit(
            name: "a body edit, which changes file.size only",
            apply: write("# Quiet\n\nStill nothing refers here, but [[Bob]].\n", "quiet.md")),
        Edit(
            name: "front matter that changes a query's result",
            apply: write(
                "---\ntitle: Alice\naliases: [Ali]\ntype: person\ntags: [team, x]\ndate: 2024-01-02\nrank: 9\n---\n"
                    + "Alice works with Bob. ^intro\n\n## Work\n\nShe writes.\n", "people/alice.md")),
        Edit(
            name: "a property no query names",
            apply: write(
                "---\ntitle: Alice\naliases: [Ali]\ntype: person\ntags: [team, x]\ndate: 2024-01-02\nrank: 9\nmood: calm\n---\n"
                    + "Alice works with Bob. ^intro\n\n## Work\n\nShe writes.\n", "people/alice.md")),
        Edit(
            name: "a property the queries name, in another case",
            apply: write(
                "---\ntype: person\ntags: [x]\nRank: 7\n---\n# Bob\n\nBob knows [[Alice]].\n\n![[Carol]]\n",
                "people/bob.md")),
        Edit(
            name: "an inline field the queries name",
            apply: write(
                "---\ntype: person\ntags: [x]\n---\n# Bob\n\nrank:: 3\n\nBob knows [[Alice]].\n\n![[Carol]]\n",
                "people/bob.md")),
        Edit(
            name: "a body edit of a note others link to, with a heading and new words",
            apply: write(
                "---\ntitle: Alice\naliases: [Ali]\ntype: person\ntags: [team, x]\ndate: 2024-01-02\nrank: 9\n---\n"
                    + "Alice works with Bob. ^intro\n\n## Work\n\nShe writes zygomorphic prose.\n\n## Rest\n",
                "people/alice.md")),
        Edit(
            name: "a body edit that links a note no one linked, and names another",
            apply: write("# Quiet\n\nStill nothing refers here, but [[Bob]] and [[Carol]]; Alice too.\n", "quiet.md")),
        Edit(
            name: "an inline tag and words gone",
            apply: write("# Quiet\n\nNow #team and [[Bob]].\n", "quiet.md")),
        Edit(
            name: "the words around a link, which its backlink shows",
            apply: write("# Quiet\n\nNow #team and, calmly, [[Bob]].\n", "quiet.md")),
        Edit(
            name: "two notes at once, one losing its link",
            apply: {
                try write("# Quiet\n\nNow #team.\n", "quiet.md")($0)
                try write("---\ntitle: Carol\nsummary: The third.\n---\nCarol's words, and Ali by name.\n", "carol.md")(
                    $0)
            }),
        Edit(
            name: "a type and a summary",
            apply: write("---\ntype: place\nsummary: Calm.\n---\n# Quiet\n\nNow #team.\n", "quiet.md")),
        Edit(
            name: "full-width capitals no note is named by yet, and a link by path",
            apply: {
                try write(
                    "---\ntype: place\nsummary: Calm.\n---\n# Quiet\n\nNow #team, ＷＯＮＤＥＲ land, and [[people/alice]].\n",
                    "quiet.md")($0)
                try write("# Lone\n\nZelda meets ＷＯＮＤＥＲ here.\n", "lone.md")($0)
            }),
        Edit(
            name: "a new alias, which another note mentions in other letters",
            apply: write(
                "---\ntitle: Alice\naliases: [Ali, Wonder]\ntype: person\ntags: [team, x]\ndate: 2024-01-02\nrank: 9\n---\n"
                    + "Alice works with Bob. ^intro\n\n## Work\n\nShe writes zygomorphic prose.\n\n## Rest\n",
                "people/alice.md")),
        Edit(
            name: "a new title for a note linked by its path and by its old title, and mentioned by it",
            apply: write(
                "---\ntitle: Zelda\naliases: [Ali, Wonder]\ntype: person\ntags: [team, x]\ndate: 2024-01-02\nrank: 9\n---\n"
                    + "Alice works with Bob. ^intro\n\n## Work\n\nShe writes zygomorphic prose.\n\n## Rest\n",
                "people/alice.md")),
        Edit(
            name: "a new title, which other notes mention",
            apply: write("---\ntitle: Caroline\nsummary: The third.\n---\nCarol's new words, and Ali.\n", "carol.md")),
        Edit(
            name: "a new note",
            apply: write("---\ntags: [x]\nrank: 2\n---\n# Dave\n\nDave mentions Caroline and Bob.\n", "dave.md")),
        Edit(
            name: "a note deleted",
            apply: { try FileManager.default.removeItem(at: $0.appendingPathComponent("people/bob.md")) }),
        Edit(
            name: "a file renamed",
            apply: {
                try FileManager.default.moveItem(
                    at: $0.appendingPathComponent("quiet.md"), to: $0.appendingPathComponent("people/quiet.md"))
            }),
        Edit(
            name: "the settings",
            apply: write("title: Oracle Two\nbase_url: https://example.org/\n", "site.yml")),
        Edit(
            name: "the same size again",
            apply: write("# Quiet\n\nStill nothing refers here, but [[Dan]].\n", "people/quiet.md")),
    ]

    @Test func everyWarmBuildWritesWhatAFreshBuildWrites() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let content = try BuildTests.content(in: workspace, [:])
        for (path, text) in Self.notes { try Self.write(text, path)(content) }
        var options = BuildTests.options(content: content, output: workspace.appendingPathComponent("Public"))
        options.now = QueryDate(seconds: 0, hasTime: true)
        var cache = BuildCache()
        var warm = await Build.run(options, write: true, cache: &cache)
        #expect(!warm.failed)
        for (number, edit) in Self.edits.enumerated() {
            try edit.apply(content)
            warm = await Build.run(options, write: true, cache: &cache)
            var fresh = options
            fresh.output = workspace.appendingPathComponent("Fresh\(number)")
            let clean = await Build.run(fresh, write: true)
            #expect(!warm.failed && !clean.failed, "\(edit.name)")
            #expect(warm.diagnostics == clean.diagnostics, "\(edit.name)")
            let built = Self.files(in: options.output)
            let expected = Self.files(in: fresh.output)
            #expect(built.count > 20)
            #expect(Set(built.keys).symmetricDifference(expected.keys).isEmpty, "\(edit.name)")
            for (path, bytes) in expected where built[path] != bytes {
                Issue.record("after \(edit.name): \(path) differs from a fresh build")
            }
        }
    }

    /// A save that changes a few notes of a vault whose index has many shards patches those
    /// shards (`SearchIndex.patched`): the search files must be those of a fresh build, also when a
    /// token leaves the index or comes into it.
    @Test func aPatchedSearchIndexOfManyShardsIsAFreshOne() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let content = try BuildTests.content(in: workspace, [:])
        // Words from a fixed pool by a fixed rule: enough postings for several shards.
        let pool = (0..<3000).map { "w\(String($0 * 7919 % 100_003, radix: 36))x" }
        func body(_ note: Int, _ salt: Int) -> String {
            (0..<60).map { pool[($0 * 131 + note * 977 + salt * 31) % pool.count] }.joined(separator: " ")
        }
        for note in 0..<400 { try Self.write("# N\(note)\n\n\(body(note, 0))\n", "n\(note).md")(content) }
        var options = BuildTests.options(content: content, output: workspace.appendingPathComponent("Public"))
        options.now = QueryDate(seconds: 0, hasTime: true)
        var cache = BuildCache()
        _ = await Build.run(options, write: true, cache: &cache)
        let edits: [[Int: String]] = [
            [7: "# N7\n\n\(body(7, 1)) zzznewtoken\n", 300: "# N300\n\n\(body(300, 2))\n"],
            [7: "# N7\n\n\(body(7, 0))\n", 11: "# Renamed\n\nshort\n"],
        ]
        for (number, edit) in edits.enumerated() {
            for (note, text) in edit { try Self.write(text, "n\(note).md")(content) }
            let warm = await Build.run(options, write: true, cache: &cache)
            var fresh = options
            fresh.output = workspace.appendingPathComponent("Fresh\(number)")
            _ = await Build.run(fresh, write: true)
            #expect(!warm.failed)
            let built = Self.files(in: options.output).filter { $0.key.hasPrefix("search/") }
            let expected = Self.files(in: fresh.output).filter { $0.key.hasPrefix("search/") }
            #expect(built.keys.count { $0.hasPrefix("search/s") } > 2)
            #expect(Set(built.keys) == Set(expected.keys), "edit \(number)")
            for (path, bytes) in expected where built[path] != bytes {
                Issue.record("after edit \(number): \(path) differs from a fresh build")
            }
        }
    }

    /// The stamp's files are written by hand inside what `JSONEncoder` makes of the rest: it must
    /// read back whole, whatever its paths and diagnostics hold.
    @Test func aStampReadsBackAsWritten() throws {
        let diagnostics: [Diagnostic] = [.warning("a\"b.md", "says \"files\":[] here")]
        let stamp = BuildStamp(
            draft: BuildStamp.Draft(inputs: "abc", noteCount: 2, pageCount: 3, diagnostics: diagnostics),
            inputs: "abc",
            files: [
                BuildStamp.Entry(path: "a \"q\"/ü\\<&>.html", size: 3, modified: 4, changed: 5, inode: 6),
                BuildStamp.Entry(path: "b.html"),
            ], kept: ["k"])
        let bytes = try #require(stamp.json)
        #expect(try JSONDecoder().decode(BuildStamp.self, from: Data(bytes)) == stamp)
        let empty = BuildStamp(
            draft: BuildStamp.Draft(inputs: nil, noteCount: 0, pageCount: 0, diagnostics: []), inputs: nil, files: [],
            kept: [])
        #expect(try JSONDecoder().decode(BuildStamp.self, from: Data(#require(empty.json))) == empty)
    }

    /// A query runs again when its words name what changed, and only then.
    @Test func aQueryRunsAgainWhenItsWordsNameWhatChanged() {
        let table = "TABLE rank, due-date FROM #x SORT rank DESC"
        #expect(!QueryStage.Changes().mayChange(table))
        #expect(!QueryStage.Changes(keys: ["mood"]).mayChange(table))
        #expect(QueryStage.Changes(keys: ["rank"]).mayChange(table))
        #expect(QueryStage.Changes(keys: ["due date"]).mayChange(table))
        #expect(QueryStage.Changes(tags: true).mayChange(table))
        #expect(!QueryStage.Changes(size: true).mayChange(table))
        #expect(QueryStage.Changes(size: true).mayChange("TABLE file.size SORT file.size"))
        #expect(!QueryStage.Changes(links: true).mayChange(table))
        #expect(QueryStage.Changes(links: true).mayChange("LIST FROM outgoing([[Bob]])"))
        #expect(QueryStage.Changes(tasks: true).mayChange("TASK WHERE !completed"))
        #expect(QueryStage.Changes(keys: ["mood"]).mayChange("TABLE file.frontmatter"))
        #expect(QueryStage.Changes(keys: ["开发者"]).mayChange("TABLE 开发者 FROM \"模型\""))
    }
}
