import Foundation
import Testing

@testable import KnowledgeBase

/// `Templates/assets/` follows the rule of `Content/`: a symbolic link is followed only when it
/// points at a file inside the templates folder, and a link skipped is a warning naming it.
@Suite struct TemplateAssetsTests {
    /// A workspace with `Templates/` (with `shared/` beside `assets/`) and `outside/` next to it.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-assets-\(UUID().uuidString)")
        for path in ["Templates/assets/sub", "Templates/shared", "outside/folder"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        for (path, text) in [
            "Templates/assets/style.css": "body{}", "Templates/assets/sub/a.js": "a()", "Templates/assets/.hidden": "x",
            "Templates/shared/logo.svg": "<svg/>", "outside/secret.txt": "secret", "outside/folder/b.txt": "b",
        ] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(path))
        }
        return folder
    }

    static func link(_ path: String, to target: String, in folder: URL) throws {
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent(path).path, withDestinationPath: target)
    }

    static func assets(_ folder: URL) -> (paths: [String], warnings: [String]) {
        let (templates, diagnostics) = TemplateSet.load(
            from: folder.appendingPathComponent("Templates"), displayName: "Templates")
        let warnings = diagnostics.filter { $0.file.hasPrefix("Templates/assets") }.map(\.description)
        return (templates.assets.map(\.path), warnings.sorted())
    }

    @Test func linksOutOfTheTemplatesFolderToFoldersAndLoopsAreSkipped() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.link("Templates/assets/etc", to: "/etc", in: folder)
        try Self.link(
            "Templates/assets/secret.txt", to: folder.appendingPathComponent("outside/secret.txt").path, in: folder)
        try Self.link("Templates/assets/relative.txt", to: "../../outside/secret.txt", in: folder)
        try Self.link("Templates/assets/loop", to: "loop", in: folder)
        try Self.link("Templates/assets/sub/up", to: "..", in: folder)
        try Self.link("Templates/assets/logo.svg", to: "../shared/logo.svg", in: folder)
        try Self.link("Templates/assets/sub/style.css", to: "../style.css", in: folder)

        let (paths, warnings) = Self.assets(folder)
        #expect(paths == ["assets/logo.svg", "assets/style.css", "assets/sub/a.js", "assets/sub/style.css"])
        #expect(
            warnings == [
                "Templates/assets/etc:1:1: warning: symbolic link leads out of the templates folder; not followed",
                "Templates/assets/loop:1:1: warning: symbolic link to nothing, or a loop; not followed",
                "Templates/assets/relative.txt:1:1: warning: symbolic link leads out of the templates folder; not followed",
                "Templates/assets/secret.txt:1:1: warning: symbolic link leads out of the templates folder; not followed",
                "Templates/assets/sub/up:1:1: warning: symbolic link to a folder; not followed, as it could loop",
            ])
    }

    @Test func theAssetsFolderItselfMustStayInside() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let assets = folder.appendingPathComponent("Templates/assets")
        try FileManager.default.removeItem(at: assets)
        try Self.link("Templates/assets", to: folder.appendingPathComponent("outside").path, in: folder)
        let outside = Self.assets(folder)
        #expect(outside.paths.isEmpty)
        #expect(
            outside.warnings == [
                "Templates/assets:1:1: warning: symbolic link leads out of the templates folder; not followed"
            ])

        try FileManager.default.removeItem(at: assets)
        try Self.link("Templates/assets", to: "shared", in: folder)
        let inside = Self.assets(folder)
        #expect(inside.paths == ["assets/logo.svg"])
        #expect(inside.warnings.isEmpty)
    }

    /// A whole build publishes the linked file under `assets/` and says what it skipped.
    @Test func aBuildPublishesOnlyWhatTheRuleAllows() async throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("Templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: GoldenSiteTests.projectTemplates.path)
        where name.hasSuffix(".mustache") {
            try FileManager.default.copyItem(
                at: GoldenSiteTests.projectTemplates.appendingPathComponent(name),
                to: templates.appendingPathComponent(name))
        }
        try Self.link("Templates/assets/etc", to: "/etc", in: folder)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try Data("# A\n".utf8).write(to: folder.appendingPathComponent("Content/a.md"))
        let result = await Build.run(
            BuildTests.options(
                content: folder.appendingPathComponent("Content"), output: folder.appendingPathComponent("Public"),
                templates: templates))
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(
            result.files.filter { $0.path.hasPrefix("assets/") }.map(\.path) == ["assets/style.css", "assets/sub/a.js"])
        #expect(result.diagnostics.contains { $0.file == "Templates/assets/etc" && $0.severity == .warning })
    }
}
