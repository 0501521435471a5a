import Foundation
import Testing

@testable import KnowledgeBase

@Suite struct ContentLoaderTests {
    /// A content folder in a fresh workspace holding `files` by relative path, folders made as
    /// needed.
    static func content(_ files: [String: String]) throws -> (workspace: URL, content: URL) {
        let workspace = try BuildTests.workspace()
        let content = workspace.appendingPathComponent("Content")
        for (path, text) in files {
            let url = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        return (workspace, content)
    }

    static func load(_ content: URL) -> ContentFolder {
        ContentLoader(root: content, displayName: "Content").load()
    }

    // MARK: One pattern against one path

    @Test(arguments: [
        // No slash: a name at any depth.
        ("*.png", "a.png", false, true),
        ("*.png", "images/deep/a.png", false, true),
        ("*.png", "a.png.md", false, false),
        ("*.PNG", "a.png", false, false),
        ("drafts", "drafts", true, true),
        ("drafts", "notes/drafts", true, true),
        ("drafts", "notes/drafts", false, true),
        ("drafts", "drafts.md", false, false),
        ("?.md", "a.md", false, true),
        ("?.md", "ab.md", false, false),
        ("[ab].md", "b.md", false, true),
        ("[!ab].md", "b.md", false, false),
        ("[[:digit:]]*.md", "2025-report.md", false, true),
        ("*", "any/thing.md", false, true),
        // A leading or inner slash anchors at the content folder.
        ("/drafts", "drafts", true, true),
        ("/drafts", "notes/drafts", true, false),
        ("notes/drafts", "notes/drafts", true, true),
        ("notes/drafts", "x/notes/drafts", true, false),
        ("notes/*.md", "notes/a.md", false, true),
        ("notes/*.md", "notes/deep/a.md", false, false),
        ("notes/*.md", "other/notes/a.md", false, false),
        // A trailing slash: folders only.
        ("drafts/", "drafts", true, true),
        ("drafts/", "drafts", false, false),
        ("drafts/", "notes/drafts", true, true),
        ("/notes/drafts/", "notes/drafts", true, true),
        // `**`: leading, inner, trailing.
        ("**/private", "private", true, true),
        ("**/private", "a/b/private", false, true),
        ("**/private/*.md", "a/private/x.md", false, true),
        ("a/**/b", "a/b", false, true),
        ("a/**/b", "a/x/y/b", false, true),
        ("a/**/b", "a/x/c", false, false),
        ("a/**/b", "x/a/b", false, false),
        ("archive/**", "archive", true, false),
        ("archive/**", "archive/x.md", false, true),
        ("archive/**", "archive/x/y.md", false, true),
        ("a**b.md", "a-long-b.md", false, true),
        ("a**b.md", "a/b.md", false, false),
        // Escapes and trailing spaces, as in .gitignore.
        ("\\!important.md", "!important.md", false, true),
        ("\\#x.md", "#x.md", false, true),
        ("\\*.md", "a.md", false, false),
        ("\\*.md", "*.md", false, true),
        ("notes.md   ", "notes.md", false, true),
        ("name\\ ", "name ", false, true),
        ("name\\ ", "name", false, false),
        // Negation is read off before matching; the rest matches as usual.
        ("!drafts/keep.md", "drafts/keep.md", false, true),
    ])
    func patternMatching(pattern: String, path: String, isFolder: Bool, matches: Bool) throws {
        #expect(try ExcludePattern(pattern).matches(path, isFolder: isFolder) == matches)
    }

    @Test(arguments: [
        ("", ExcludePattern.Problem.empty),
        ("   ", .empty),
        ("!", .empty),
        ("/", .empty),
        ("a//b", .emptyFolderName),
        ("../outside", .relativeFolderName("..")),
        ("./here", .relativeFolderName(".")),
        ("drafts/[oops", .unclosedBracket),
        ("[[:alpha:]", .unclosedBracket),
        ("trailing\\", .loneBackslash),
    ])
    func patternsThatCannotMatchAreRefused(pattern: String, problem: ExcludePattern.Problem) {
        #expect(throws: problem) { try ExcludePattern(pattern) }
    }

    @Test func theLastMatchingPatternDecidesAndANegatedOneBringsBack() throws {
        let exclusions = Exclusions(
            rules: try ["drafts/**", "!drafts/keep.md", "*.tmp", "!important.tmp", "/important.tmp"].map {
                .pattern(try ExcludePattern($0))
            })
        #expect(exclusions.excludes("drafts/a.md", isFolder: false))
        #expect(!exclusions.excludes("drafts/keep.md", isFolder: false))
        #expect(!exclusions.excludes("drafts", isFolder: true))
        #expect(exclusions.excludes("x.tmp", isFolder: false))
        #expect(!exclusions.excludes("notes/important.tmp", isFolder: false))
        #expect(exclusions.excludes("important.tmp", isFolder: false))
        #expect(!exclusions.excludes("notes/a.md", isFolder: false))
    }

    // MARK: site.yml's exclude

    @Test func excludedFilesAreNeitherNotesNorAssetsAndExcludedFoldersAreNotEntered() throws {
        let (workspace, content) = try Self.content([
            "site.yml": "title: T\nexclude:\n  - drafts/\n  - \"*.psd\"\n  - /private.md\n  - \"!keep.psd\"\n",
            "a.md": "# A\n",
            "private.md": "# Private\n",
            "notes/private.md": "# Deeper, not anchored\n",
            "drafts/wip.md": "# WIP\n",
            "drafts/cover.png": "png",
            "art/cover.psd": "psd",
            "art/keep.psd": "psd",
            "art/cover.png": "png",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        // Inside the excluded folder, a link that would be warned about: the folder is not entered.
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("drafts/loop").path, withDestinationPath: ".")
        // An excluded link is not even looked at.
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("outside.psd").path, withDestinationPath: workspace.path)

        let folder = Self.load(content)
        #expect(folder.notes.map(\.path) == ["a.md", "notes/private.md"])
        #expect(folder.assets.map(\.path) == ["art/cover.png", "art/keep.psd"])
        #expect(folder.diagnostics.isEmpty)
        #expect(folder.siteSettings.exclude.map(\.description) == ["drafts/", "*.psd", "/private.md", "!keep.psd"])
        #expect(folder.settings?.path == "site.yml")
    }

    @Test func aFileInAnExcludedFolderCannotBeBroughtBack() throws {
        // As in git: the folder is not entered, so nothing below it is seen to be re-included.
        let (workspace, content) = try Self.content([
            "site.yml": "exclude: [drafts/, \"!drafts/keep.md\"]\n",
            "drafts/keep.md": "# Keep\n",
            "a.md": "# A\n",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        #expect(Self.load(content).notes.map(\.path) == ["a.md"])
    }

    @Test func aBadPatternIsAWarningAtItsPlaceInSiteYmlAndTheOthersStillApply() throws {
        let (workspace, content) = try Self.content([
            "site.yml": "title: T\nexclude:\n  - \"[oops\"\n  - b.md\n  - \"a//b\"\n",
            "a.md": "# A\n",
            "b.md": "# B\n",
            "[oops": "kept: the pattern is ignored",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = Self.load(content)
        #expect(folder.notes.map(\.path) == ["a.md"])
        #expect(folder.assets.map(\.path) == ["[oops"])
        #expect(
            folder.diagnostics.map(\.description) == [
                "Content/site.yml:3:5: warning: exclude pattern \"[oops\" has a \"[\" that is never closed; it is ignored",
                "Content/site.yml:5:5: warning: exclude pattern \"a//b\" has two slashes in a row; it is ignored",
            ])
    }

    @Test func oneExcludePatternNeedsNoListAndAWrongValueIsAnError() throws {
        let (workspace, content) = try Self.content(["site.yml": "exclude: \"*.md\"\n", "a.md": "# A\n"])
        defer { try? FileManager.default.removeItem(at: workspace) }
        #expect(Self.load(content).notes.isEmpty)

        try Data("exclude:\n  - {a: 1}\n".utf8).write(to: content.appendingPathComponent("site.yml"))
        let folder = Self.load(content)
        #expect(folder.notes.map(\.path) == ["a.md"])
        #expect(folder.diagnostics.map(\.description) == ["Content/site.yml:2:5: error: \"exclude\" must be text"])
    }

    @Test func siteYmlIsReadOnceAndItsDiagnosticsComeOnce() async throws {
        let (workspace, content) = try Self.content([
            "site.yml": "title: T\nexclude: [\"[x\"]\ncolour: red\n", "a.md": "# A\n",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let analysis = await Build.analyze(
            BuildTests.options(content: content, output: workspace.appendingPathComponent("Public")))
        let fromSettings = analysis.diagnostics.filter { $0.file.hasSuffix("site.yml") }.map(\.message)
        #expect(fromSettings.filter { $0.hasPrefix("exclude pattern") }.count == 1)
        #expect(fromSettings.filter { $0 == "unknown setting \"colour\"" }.count == 1)
        #expect(analysis.settings.title == "T")
        #expect(!analysis.assets.contains { $0.path == "site.yml" })
    }

    @Test func withoutSiteYmlTheSettingsAreNamedAfterTheContentFolder() throws {
        let (workspace, content) = try Self.content(["a.md": "# A\n"])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = ContentLoader(root: content, displayName: "Vault").load()
        #expect(folder.settings == nil)
        #expect(folder.siteSettings.file == "Vault/site.yml")
        #expect(folder.siteSettings.exclude.isEmpty)
    }

    // MARK: Obsidian's own settings

    static let vault = [
        ".obsidian/app.json": """
        {"userIgnoreFilters": ["Archive/", "Private/secret.md", "/\\\\.excalidraw\\\\.md$/", "Scratch"],
         "alwaysUpdateLinks": true}
        """,
        ".obsidian/templates.json": #"{"folder": "Meta/Templates"}"#,
        ".obsidian/plugins/templater-obsidian/data.json":
            #"{"templates_folder": "/Templater/", "trigger_on_file_creation": false}"#,
        ".obsidian/workspace.json": "{}",
        ".trash/deleted.md": "# Deleted\n",
        "Home.md": "# Home\n",
        "Archive/old.md": "# Old\n",
        "Archive/old.png": "png",
        "Archived.md": "# Not in Archive/\n",
        "Private/secret.md": "# Secret\n",
        "Private/open.md": "# Open\n",
        "Drawings/plan.excalidraw.md": "# Drawing\n",
        "Drawings/plan.md": "# Plan\n",
        "Scratchpad.md": "# Starts with Scratch\n",
        "Scratch/idea.md": "# Idea\n",
        "Meta/Templates/daily.md": "<%* tR += tp.date.now() %>\n",
        "Meta/style.md": "# Style\n",
        "Templater/meeting.md": "<%* const who = await tp.system.prompt() %>\n",
    ]

    @Test func aVaultLeavesOutWhatObsidianIgnoresAndItsTemplates() throws {
        let (workspace, content) = try Self.content(Self.vault)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = Self.load(content)
        #expect(folder.diagnostics.isEmpty)
        #expect(
            folder.notes.map(\.path) == [
                "Archived.md", "Drawings/plan.md", "Home.md", "Meta/style.md", "Private/open.md",
            ])
        #expect(folder.assets.isEmpty)
    }

    @Test func siteYmlHasTheLastWordOverObsidian() throws {
        var files = Self.vault
        // A prefix filter matches every path below too, so bringing a folder back takes `/**`.
        files["site.yml"] = "exclude: [\"!Meta/Templates/\", \"!Scratch*\", \"!Scratch/**\", Drawings/]\n"
        let (workspace, content) = try Self.content(files)
        defer { try? FileManager.default.removeItem(at: workspace) }
        #expect(
            Self.load(content).notes.map(\.path) == [
                "Archived.md", "Home.md", "Meta/Templates/daily.md", "Meta/style.md", "Private/open.md",
                "Scratch/idea.md", "Scratchpad.md",
            ])
    }

    @Test func obsidianSettingsAreReadOnlyInAVault() throws {
        // Without `.obsidian/` a folder is no vault, whatever else it holds.
        let (workspace, content) = try Self.content([
            "obsidian/app.json": #"{"userIgnoreFilters": ["a.md"]}"#, "a.md": "# A\n",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = Self.load(content)
        #expect(folder.notes.map(\.path) == ["a.md"])
        #expect(folder.assets.map(\.path) == ["obsidian/app.json"])
    }

    @Test(arguments: [
        (".obsidian/app.json", #"{"userIgnoreFilters": ["Archive/",]"#, "not valid JSON"),
        (".obsidian/app.json", "", "not valid JSON"),
        (".obsidian/app.json", #"["Archive/"]"#, "must hold a JSON object"),
        (".obsidian/app.json", #"{"userIgnoreFilters": "Archive/"}"#, "\"userIgnoreFilters\" must be a list of texts"),
        (".obsidian/templates.json", #"{"folder": Templates}"#, "not valid JSON"),
        (".obsidian/templates.json", #"{"folder": ["Templates"]}"#, "\"folder\" must be a folder's path"),
        (".obsidian/plugins/templater-obsidian/data.json", #"{"templates_folder": "Templates""#, "not valid JSON"),
    ])
    func aBrokenObsidianSettingIsAWarningNamingItAndIsIgnored(file: String, text: String, message: String) throws {
        let (workspace, content) = try Self.content([
            file: text, "Archive/old.md": "# Old\n", "Templates/daily.md": "<% tp.date.now() %>\n",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = Self.load(content)
        #expect(folder.notes.map(\.path) == ["Archive/old.md", "Templates/daily.md"])
        #expect(folder.diagnostics.count == 1)
        let diagnostic = try #require(folder.diagnostics.first)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.file == "Content/" + file)
        #expect(diagnostic.message.hasPrefix(message))
    }

    @Test func aFilterThatIsNotARegularExpressionIsAWarningAndTheOthersStillApply() throws {
        let (workspace, content) = try Self.content([
            ".obsidian/app.json": #"{"userIgnoreFilters": ["/(unclosed/", "Archive/", 7]}"#,
            "Archive/old.md": "# Old\n", "(unclosed.md": "# Kept\n",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = Self.load(content)
        #expect(folder.notes.map(\.path) == ["(unclosed.md"])
        #expect(
            folder.diagnostics.map(\.description) == [
                "Content/.obsidian/app.json:1:1: warning: \"/(unclosed/\" in \"userIgnoreFilters\" is not a regular"
                    + " expression; it is ignored",
                "Content/.obsidian/app.json:1:1: warning: \"userIgnoreFilters\" holds something that is not text;"
                    + " it is ignored",
            ])
    }

    @Test func aTemplatesFolderThatIsTheWholeVaultLeavesNothingOut() throws {
        // Obsidian's default, "/", means the vault itself: never meant as "publish nothing".
        let (workspace, content) = try Self.content([
            ".obsidian/templates.json": #"{"folder": "/"}"#,
            ".obsidian/plugins/templater-obsidian/data.json": #"{"templates_folder": ""}"#, "a.md": "# A\n",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let folder = Self.load(content)
        #expect(folder.notes.map(\.path) == ["a.md"])
        #expect(folder.diagnostics.isEmpty)
    }
}
