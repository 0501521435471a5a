import Foundation
import Testing

@testable import KnowledgeBase

/// kb writes only where it may, removes only what it wrote, and switches sites whole.
@Suite struct OutputFolderTests {
    typealias Files = [String: [UInt8]]

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func anOutputThatOverlapsTheContentOrTheTemplatesIsRefusedBeforeAnythingIsWritten() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let content = try BuildTests.content(in: workspace, ["a.md": "# A\n"])
        let templates = workspace.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: GoldenSiteTests.projectTemplates, to: templates)
        let before = GoldenSiteTests.files(under: workspace)
        for (output, message) in [
            (content, "is the content folder"),
            (content.appendingPathComponent("Public"), "is inside the content folder"),
            (workspace, "holds the content folder"), (templates, "is the templates folder"),
            (templates.appendingPathComponent("out"), "is inside the templates folder"),
        ] {
            let result = await Build.run(
                BuildTests.options(content: content, output: output, templates: templates), write: true)
            #expect(result.failed)
            #expect(result.diagnostics.contains { $0.message.contains(message) }, "\(output.path)")
            #expect(GoldenSiteTests.files(under: workspace) == before)
        }
    }

    @Test func aFolderHoldingFilesKbDidNotWriteIsRefusedUnlessForcedAndThoseFilesAreNeverRemoved() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let content = try BuildTests.content(in: workspace, ["a.md": "# A\n", "b.md": "# B\n"])
        let output = workspace.appendingPathComponent("Public")
        try Self.write("mine", to: output.appendingPathComponent("notes/mine.txt"))
        var options = BuildTests.options(content: content, output: output)
        let refused = await Build.run(options, write: true)
        #expect(refused.failed)
        #expect(
            refused.diagnostics.contains { $0.message.contains("holds 1 file kb did not write (\"notes/mine.txt\")") })
        #expect(GoldenSiteTests.files(under: output).keys.sorted() == ["notes/mine.txt"])

        options.force = true
        #expect(await !Build.run(options, write: true).failed)
        options.force = false
        try FileManager.default.removeItem(at: content.appendingPathComponent("b.md"))
        let again = await Build.run(options, write: true)
        #expect(!again.failed && again.written?.removed == 1)
        #expect(try String(contentsOf: output.appendingPathComponent("notes/mine.txt"), encoding: .utf8) == "mine")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("b.html").path))
    }

    @Test func dotFilesAndTheFilesHostsReadAreNeverRemovedNorCountAsTheUsers() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let content = try BuildTests.content(in: workspace, ["a.md": "# A\n"])
        let output = workspace.appendingPathComponent("Public")
        let kept = [".git/HEAD", ".nojekyll", "CNAME", "_headers", "_redirects", ".well-known/security.txt"]
        for path in kept { try Self.write(path, to: output.appendingPathComponent(path)) }
        let options = BuildTests.options(content: content, output: output)
        #expect(await !Build.run(options, write: true).failed)
        try Data("# A again\n".utf8).write(to: content.appendingPathComponent("a.md"))
        #expect(await !Build.run(options, write: true).failed)
        for path in kept {
            #expect(try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8) == path)
        }
        #expect(await Build.run(options, write: true).upToDate)
    }

    @Test func clashesBetweenAFileAndAFolderAreFoundBeforeWritingAtTheirSource() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let content = try BuildTests.content(in: workspace, ["a.md": "# A\n"])
        let options = BuildTests.options(content: content, output: output)
        #expect(await !Build.run(options, write: true).failed)
        let site = GoldenSiteTests.files(under: output)

        // Files named like folders of the site.
        try Self.write("x", to: content.appendingPathComponent("search"))
        try Self.write("x", to: content.appendingPathComponent("tags"))
        let result = await Build.run(options, write: true)
        #expect(result.failed)
        let messages = result.diagnostics.map(\.description)
        #expect(messages.contains { $0.hasPrefix("Content/search:") && $0.contains("Public/search is both a file") })
        #expect(messages.contains { $0.hasPrefix("Content/tags:") && $0.contains("Public/tags is both a file") })
        #expect(GoldenSiteTests.files(under: output) == site)
    }

    @Test func aFolderOfTheOldSiteCanBecomeAFileAndAFileAFolder() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let content = try BuildTests.content(in: workspace, ["a.md": "# A\n"])
        try Self.write("# N\n", to: content.appendingPathComponent("x/n.md"))
        try Self.write("y", to: content.appendingPathComponent("y"))
        let options = BuildTests.options(content: content, output: output)
        #expect(await !Build.run(options, write: true).failed)

        try FileManager.default.removeItem(at: content.appendingPathComponent("x"))
        try FileManager.default.removeItem(at: content.appendingPathComponent("y"))
        try Self.write("x", to: content.appendingPathComponent("x"))
        try Self.write("# M\n", to: content.appendingPathComponent("y/m.md"))
        let result = await Build.run(options, write: true)
        #expect(!result.failed, "\(result.diagnostics)")
        let site = GoldenSiteTests.files(under: output)
        #expect(site["x"] == Array("x".utf8))
        #expect(site["y/m.html"] != nil && site["x/n.html"] == nil)
    }

    @Test func whatAnInterruptedBuildLeftIsUndoneBeforeItWasCommittedAndFinishedAfter() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let content = try BuildTests.content(in: workspace, ["a.md": "# A\n", "b.md": "# B\n"])
        let options = BuildTests.options(content: content, output: output)
        #expect(await !Build.run(options, write: true).failed)
        let old = GoldenSiteTests.files(under: output)

        // Died while staging: the staging folder goes, the old site stays, and is up to date.
        try Self.write("half", to: output.appendingPathComponent(".kb-staging/0"))
        #expect(await Build.run(options, write: true).upToDate)
        #expect(GoldenSiteTests.files(under: output) == old)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(".kb-staging").path))

        // Died after committing, with one move done: the next build carries the others out.
        let staging = output.appendingPathComponent(".kb-staging")
        try Self.write("new a", to: output.appendingPathComponent("a.html"))
        try Self.write("new b", to: staging.appendingPathComponent("1"))
        try Self.write("new c", to: staging.appendingPathComponent("2"))
        let journal = WriteJournal(
            removals: ["index.html"],
            moves: [
                .init(staged: "0", path: "a.html"), .init(staged: "1", path: "b.html"),
                .init(staged: "2", path: "c/c.html"),
            ])
        try journal.commit(in: output.path)
        try WriteJournal.recover(output.path)
        let recovered = GoldenSiteTests.files(under: output)
        #expect(recovered["a.html"] == Array("new a".utf8) && recovered["b.html"] == Array("new b".utf8))
        #expect(recovered["c/c.html"] == Array("new c".utf8) && recovered["index.html"] == nil)
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }

    @Test func aJournalThatLeadsOutOfTheFolderIsRefused() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        try Self.write("x", to: output.appendingPathComponent(".kb-staging/0"))
        for journal in [
            WriteJournal(removals: ["../sibling.txt"], moves: []),
            WriteJournal(removals: [], moves: [.init(staged: "0", path: "/tmp/x")]),
            WriteJournal(removals: [], moves: [.init(staged: "../../sibling.txt", path: "a.html")]),
        ] {
            try journal.commit(in: output.path)
            #expect(throws: OutputWriter.Failure.self) { try WriteJournal.recover(output.path) }
            #expect(try String(contentsOf: workspace.appendingPathComponent("sibling.txt"), encoding: .utf8) == "keep")
        }
    }
}

extension OutputFolderTests {
    @Test func aSecondBuildIntoAFolderBeingWrittenIsRefusedAndTouchesNothing() async throws {
        let workspace = try BuildTests.workspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let output = workspace.appendingPathComponent("Public")
        let content = try BuildTests.content(in: workspace, ["a.md": "# A\n"])
        let options = BuildTests.options(content: content, output: output)
        #expect(await !Build.run(options, write: true).failed)
        // A build that has staged a file and holds the folder, as one still writing does.
        let held = try FolderLock(output.path)
        try Self.write("staged", to: output.appendingPathComponent(".kb-staging/0"))
        try Data("# A again\n".utf8).write(to: content.appendingPathComponent("a.md"))
        let second = await Build.run(options, write: true)
        #expect(second.failed)
        #expect(second.diagnostics.contains { $0.message.contains("another kb is writing this folder") })
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(".kb-staging/0").path))
        withExtendedLifetime(held) {}
    }
}
