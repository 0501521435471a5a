import Foundation
import Testing

@testable import KnowledgeBase

@Suite struct BuildTests {
    static let project = GoldenSiteTests.projectTemplates.deletingLastPathComponent()

    /// A fresh folder under the system's temporary folder, with `Public/` inside and a sibling
    /// file that no build may touch.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Public"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("sibling.txt"))
        return folder
    }

    /// `Content/` in `workspace`, holding `notes` by file name.
    static func content(in workspace: URL, _ notes: [String: String]) throws -> URL {
        let content = workspace.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for (name, text) in notes { try Data(text.utf8).write(to: content.appendingPathComponent(name)) }
        return content
    }

    static func options(content: URL, output: URL, templates: URL = GoldenSiteTests.projectTemplates) -> BuildOptions {
        var options = BuildOptions()
        options.content = content
        options.templates = templates
        options.output = output
        return options
    }

    @Test func aFailedBuildReportsEveryFileAndLeavesTheOutputAsItWas() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let good = GoldenSiteTests.fixtures.appendingPathComponent("basic/Content")
        #expect(await !Build.run(Self.options(content: good, output: output), write: true).failed)
        let before = GoldenSiteTests.files(under: output)

        let content = GoldenSiteTests.fixtures.appendingPathComponent("bad-front-matter/Content")
        let result = await Build.run(Self.options(content: content, output: output), write: true)

        #expect(result.failed)
        #expect(result.written == nil)
        #expect(
            Set(result.diagnostics.map(\.file)) == [
                "Content/a-broken.md", "Content/b-fine.md", "Content/c-unclosed.md", "Content/site.yml",
            ])
        #expect(GoldenSiteTests.files(under: output) == before)
    }

    @Test func aBuildRemovesStaleFilesKeepsUnchangedOnesAndWritesOnlyInsideTheOutput() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let content = try Self.content(in: workspace, ["a.md": "# A\n"])
        try FileManager.default.createDirectory(
            at: content.appendingPathComponent("old"), withIntermediateDirectories: true)
        try Data("# removed-note\n".utf8).write(to: content.appendingPathComponent("old/removed-note.md"))
        #expect(await !Build.run(Self.options(content: content, output: output), write: true).failed)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("old/removed-note.html").path))
        try FileManager.default.removeItem(at: content.appendingPathComponent("old"))

        let first = await Build.run(Self.options(content: content, output: output), write: true)
        // The note, its folder's page, and the search file of seven-letter words from r
        // (`SearchVocabulary`), whose only word, "removed", no other note holds.
        #expect(first.written?.removed == 3)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("search/w36-7.js").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("old").path))
        let before = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("index.html").path)

        try Data("# A\n\nmore\n".utf8).write(to: content.appendingPathComponent("a.md"))
        let second = await Build.run(Self.options(content: content, output: output), write: true)
        #expect(second.written?.removed == 0)
        #expect((second.written?.written ?? 0) > 0 && (second.written?.unchanged ?? 0) > 0)
        let after = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("index.html").path)
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.path).sorted() == [
                "Content", "Public", "sibling.txt",
            ])
    }

    @Test func aBuildWithNothingChangedStopsAfterReadingAndAnyChangeRunsItWhole() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let content = try Self.content(
            in: workspace, ["杭州.md": "# 杭州\n\n见 [[不存在]]。\n", "云栖小镇.md": "# 云栖小镇\n\n在杭州。\n"])
        let note = content.appendingPathComponent("杭州.md")
        var options = Self.options(content: content, output: output)
        let build = { await Build.run(options, write: true) }

        let first = await build()
        #expect(first.renderedNotes == 2 && !first.diagnostics.isEmpty)
        let again = await build()
        #expect(again.upToDate && !first.upToDate)
        #expect(again.renderedNotes == 0 && again.files.isEmpty)
        #expect(again.diagnostics == first.diagnostics)
        #expect(again.written == OutputWriter.Summary(written: 0, unchanged: first.written?.written ?? -1, removed: 0))
        #expect((again.noteCount, again.pageCount) == (first.noteCount, first.pageCount))

        // One more byte in a note, a page changed or added in the output, another option: each runs it all.
        try Data("# 杭州\n\n见 [[不存在]]。\n\n".utf8).write(to: note)
        #expect(await build().renderedNotes == 2)
        try Data("# 杭州\n\n见 [[不在存]]。\n\n".utf8).write(to: note)  // the same length
        #expect(await build().renderedNotes == 2)
        try Data("edited".utf8).write(to: output.appendingPathComponent("index.html"))
        #expect(await build().written?.written == 1)
        // An edit of the same size whose modification time is put back: the status-change time tells.
        let page = output.appendingPathComponent("index.html")
        let original = try Data(contentsOf: page)
        let modified = try FileManager.default.attributesOfItem(atPath: page.path)[.modificationDate] as! Date
        try Data(original.reversed()).write(to: page)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: page.path)
        #expect(await build().written?.written == 1)
        #expect(try Data(contentsOf: page) == original)
        // A file kb did not write stops the build until it is moved, or let stay with `force`.
        try Data("extra".utf8).write(to: output.appendingPathComponent("extra.html"))
        #expect(await build().failed)
        try FileManager.default.removeItem(at: output.appendingPathComponent("extra.html"))
        options.baseURL = "https://example.org/"
        #expect(await build().renderedNotes == 2)
        #expect(await build().renderedNotes == 0)
    }

    @Test func aBuildWhoseWarningsNameALeftOutDraftKeepsNeitherWarningsNorShortcut() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let content = try Self.content(in: workspace, ["public.md": "# 公开\n"])
        let stamp = output.appendingPathComponent(BuildStamp.fileName).path

        _ = await Build.run(Self.options(content: content, output: output), write: true)
        #expect(FileManager.default.fileExists(atPath: stamp))
        try Data("---\ndraft: true\n---\n秘密 ".utf8 + [0xFF]).write(to: content.appendingPathComponent("secret.md"))
        let result = await Build.run(Self.options(content: content, output: output), write: true)
        #expect(result.diagnostics.contains { $0.file == "Content/secret.md" && $0.severity == .warning })
        #expect(try !String(contentsOfFile: stamp, encoding: .utf8).contains("secret"))
        #expect(BuildStamp.read(from: output.path)?.inputs == nil)
        #expect(await Build.run(Self.options(content: content, output: output), write: true).renderedNotes == 1)
    }

    @Test(arguments: ["../sibling.txt", "/tmp/x", "a/../../sibling.txt", "a//b", "./a", ""])
    func theWriterRefusesEveryPathOutsideItsFolder(path: String) async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let files = [
            OutputFile(path: "a.html", bytes: Array("a".utf8)), OutputFile(path: path, bytes: Array("x".utf8)),
        ]
        let folder = try OutputFolder.open(Self.options(content: workspace.appendingPathComponent("C"), output: output))
        let stamp = BuildStamp.Draft(inputs: nil, noteCount: 0, pageCount: 0, diagnostics: [])
        await #expect(throws: OutputWriter.Failure.self) {
            try await OutputWriter(folder: folder).write(paths: files.map(\.path), stamp: stamp) { files[$0] }
        }
        #expect(try String(contentsOf: workspace.appendingPathComponent("sibling.txt"), encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test func strictTurnsWarningsIntoErrors() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let content = try Self.content(in: workspace, ["note.md": "# 笔记\n\n见 [[不存在]]。\n"])
        var options = Self.options(content: content, output: URL(fileURLWithPath: "/nonexistent"))
        let lenient = await Build.run(options)
        options.strict = true
        let strict = await Build.run(options)
        #expect(!lenient.failed && lenient.diagnostics.contains { $0.severity == .warning })
        #expect(strict.failed && strict.diagnostics.allSatisfy { $0.severity == .error })
        #expect(strict.diagnostics.count == lenient.diagnostics.count)
    }

    @Test func anOutputThatIsAFileIsAnErrorNotACrash() async throws {
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("sibling.txt")
        let content = GoldenSiteTests.fixtures.appendingPathComponent("basic/Content")
        let result = await Build.run(Self.options(content: content, output: output), write: true)
        #expect(result.failed)
        #expect(result.diagnostics.last?.message.contains("is not a folder") == true)
        #expect(try String(contentsOf: output, encoding: .utf8) == "keep")
    }

    @Test func theSampleSiteBuildsWithoutAWarningAndTheSameBytesForAnyNumberOfJobs() async throws {
        let content = Self.project.appendingPathComponent("Content")
        var serial = Self.options(content: content, output: URL(fileURLWithPath: "/nonexistent"))
        serial.jobs = 1
        var parallel = serial
        parallel.jobs = 8
        let one = await Build.run(serial)
        let many = await Build.run(parallel)
        #expect(one.diagnostics.map(\.description) == [])
        #expect(one.noteCount >= 60)
        #expect(one.files.count == many.files.count)
        #expect(one.files == many.files)

        // A build that writes makes each file as it writes it, through the same Emit.
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        var writing = parallel
        writing.output = workspace.appendingPathComponent("Public")
        #expect(await Build.run(writing, write: true).files.isEmpty)
        var written = GoldenSiteTests.files(under: writing.output)
        written[BuildStamp.fileName] = nil
        #expect(written == Dictionary(uniqueKeysWithValues: one.files.map { ($0.path, $0.bytes) }))
    }
}

@Suite struct NoteDraftTests {
    @Test func aNewNoteGoesWhereItsTypeLivesWithTheFieldsItsTypeUses() {
        let content = BuildTests.project.appendingPathComponent("Content")
        let draft = NoteDraft.make(title: "通义万相 2.5", type: "model", content: content, folder: nil)
        #expect(draft.path == "models/tong-yi-wan-xiang-2-5.md")
        #expect(
            draft.text.hasPrefix("---\ntitle: \"通义万相 2.5\"\naliases: []\ntype: \"model\"\ntags: []\nsummary: \"\"\n"))
        #expect(draft.text.contains("\ndeveloper: \"\"\n"))
        let (note, diagnostics) = NoteParser().parse(
            SourceFile(path: draft.path, displayPath: draft.path, bytes: Array(draft.text.utf8)))
        #expect(diagnostics.isEmpty)
        #expect(note.title.text == "通义万相 2.5" && note.type == "model")
        let untyped = NoteDraft.make(title: "Quote \"this\"", type: nil, content: content, folder: "misc")
        #expect(untyped.path == "misc/quote-this.md")
        #expect(untyped.text.hasPrefix("---\ntitle: \"Quote \\\"this\\\"\"\n"))
    }
}
