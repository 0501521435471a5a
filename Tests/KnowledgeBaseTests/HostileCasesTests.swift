import Foundation
import Testing

@testable import KnowledgeBase

/// The cases of "nothing breaks it" that need a knowledge base of their own: each is built from a
/// temporary folder, and must end with the diagnostics a user needs and no crash.
@Suite struct HostileCasesTests {
    /// Builds `files` (path → text) with the project's templates, without writing.
    static func build(_ files: [String: String]) async throws -> BuildResult {
        try await build(files.map { ($0.key, $0.value) })
    }

    /// The same from pairs: Swift's strings compare composed and decomposed forms as equal, so
    /// file names differing only in normalisation cannot be keys of one dictionary.
    static func build(_ files: [(String, String)]) async throws -> BuildResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        var options = BuildTests.options(content: folder, output: folder.appendingPathComponent("unused"))
        options.contentName = "Content"
        options.baseURL = "https://example.org/"
        return await Build.run(options)
    }

    static func page(_ result: BuildResult, _ path: String) -> String {
        result.files.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
    }

    /// Ten levels of nine aliases: 9^10 "lol"s if anything expanded them.
    @Test func billionLaughsAreRefusedWithoutExpandingThem() async throws {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = Array("abcdefghij")
        for level in 1..<names.count {
            yaml += "\(names[level]): &\(names[level]) ["
            yaml += Array(repeating: "*\(names[level - 1])", count: 9).joined(separator: ",") + "]\n"
        }
        let result = try await Self.build([
            "laughs.md": "---\ntitle: Laughs\n" + yaml + "tags: *j\nsummary: *j\n---\nbody\n", "fine.md": "# Fine\n",
        ])
        #expect(result.failed)
        let messages = result.diagnostics.map(\.description)
        #expect(
            messages.contains {
                $0.hasPrefix("Content/laughs.md:") && $0.contains("\"tags\" must be text or a list of texts")
            })
        #expect(messages.contains { $0.hasSuffix("\"summary\" must be text") })
        #expect(result.noteCount == 2)
    }

    @Test func deepNestingRenders() async throws {
        let quotes = String(repeating: ">", count: 10_000) + " deep\n"
        let lists = (0..<3_000).map { String(repeating: "  ", count: $0) + "- item\n" }.joined()
        let result = try await Self.build(["quotes.md": quotes, "lists.md": lists])
        #expect(!result.failed)
        #expect(Self.page(result, "quotes.html").contains("deep"))
        #expect(Self.page(result, "lists.html").components(separatedBy: "<li>").count > 1_000)
    }

    @Test func oneNoteLinkingOneHundredThousandTimes() async throws {
        var files = ["hub.md": (0..<100_000).map { "[[N\($0 % 1_000)]]" }.joined(separator: " ")]
        for number in 0..<1_000 { files["n/N\(number).md"] = "# N\(number)\n" }
        let result = try await Self.build(files)
        #expect(!result.failed)
        // Each target lists the hub once among its backlinks.
        let backlinks = Self.page(result, "n/n7.html").components(separatedBy: "class=\"backlinks\"").last ?? ""
        #expect(backlinks.components(separatedBy: "href=\"../hub.html\"").count == 2)
    }

    /// On one line, so that a position counted from the line's start each time would be quadratic.
    @Test func aHundredThousandBrokenLinksAreEachReportedWhereTheyAre() async throws {
        let line = (0..<100_000).map { "[[Missing \($0)]]" }.joined(separator: " ")
        let result = try await Self.build(["hub.md": "# Hub\n" + line + "\n"])
        let broken = result.diagnostics.filter { $0.message.hasPrefix("no note named") }
        #expect(broken.count == 100_000)
        #expect(broken.last.map { "\($0.line):\($0.column)" } == "2:\(line.count - "[[Missing 99999]]".count + 1)")
    }

    @Test func aTagNamedLikeAPageKbMakesGetsItsOwnPage() async throws {
        let result = try await Self.build(["a.md": "---\ntags: [Index, tags]\n---\n"])
        #expect(!result.failed, "\(result.diagnostics)")
        let paths = Set(result.files.map(\.path))
        #expect(paths.isSuperset(of: ["tags/index.html", "tags/index-2.html", "tags/tags.html"]))
    }

    @Test func brokenLinksInAFrontMatterListAreReportedAtTheirItems() async throws {
        let result = try await Self.build([
            "a.md": "---\npartners:\n  - \"[[B]]\"\n  - \"[[Nope]]\"\n  - \"[[Gone]]\"\n---\n", "b.md": "# B\n",
        ])
        #expect(
            result.diagnostics.filter { $0.message.hasPrefix("no note") }.map { "\($0.line):\($0.column)" } == [
                "4:5", "5:5",
            ])
    }

    @Test func anAliasThatPrefixesThousandsOfNames() async throws {
        var files = ["qwen.md": "---\ntitle: 通义千问\naliases: [Qwen]\n---\n"]
        for number in 0..<5_000 { files["m/\(number).md"] = "---\ntitle: Qwen\(number)x\n---\n" }
        files["text.md"] = "Qwen 与 Qwen4321x 和 Qwen9 都在这里。\n"
        let result = try await Self.build(files)
        #expect(!result.failed)
        let text = Self.page(result, "text.html")
        #expect(text.contains("<a class=\"mention\" href=\"qwen.html\">Qwen</a>"))
        #expect(text.contains("<a class=\"mention\" href=\"m/4321.html\">Qwen4321x</a>"))
        #expect(text.contains("Qwen9 都"))
    }

    @Test func composedAndDecomposedNamesAreOneName() async throws {
        let composed = "Caf\u{E9}"
        let decomposed = "Cafe\u{301}"
        let result = try await Self.build([
            "cafe.md": "---\ntitle: \(composed)\n---\n", "link.md": "[[\(decomposed)]] 和 \(decomposed)。\n",
        ])
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(Self.page(result, "link.html").contains("href=\"cafe.html\""))

        let clash = try await Self.build([("\(composed).md", "x\n"), ("\(decomposed).md", "y\n")])
        #expect(!clash.failed, "\(clash.diagnostics)")
        #expect(clash.diagnostics.contains { $0.message.contains("differ only in Unicode normalisation)") })
        #expect(Set(clash.files.map(\.path)).count == clash.files.count)
    }

    @Test func notesDifferingOnlyInCaseAreTwoNotesWithTwoPages() async throws {
        let result = try await Self.build(["Apple.md": "a\n", "apple.md": "b\n", "pear.md": "c\n"])
        #expect(!result.failed)
        #expect(
            result.diagnostics.contains { $0.file == "Content/apple.md" && $0.message.contains("Content/Apple.md") })
        #expect(result.noteCount == 3)
        #expect(Self.page(result, "apple.html").contains("<p>a</p>"))
        #expect(
            result.files.contains {
                $0.path.hasPrefix("apple-") && String(decoding: $0.bytes, as: UTF8.self).contains("<p>b</p>")
            })
    }

    @Test(arguments: ["../../x", "/etc/x", "a/../../b", "\"\"", "x/y"])
    func slugsThatWouldLeaveTheOutputAreErrors(slug: String) async throws {
        let result = try await Self.build(["a.md": "---\ntitle: A\nslug: \(slug)\n---\n", "b.md": "# B\n"])
        #expect(result.failed)
        #expect(
            result.diagnostics.contains { $0.description.hasPrefix("Content/a.md:3:7: error: slug") },
            "\(result.diagnostics)")
        #expect(result.files.isEmpty)
    }

    @Test func aVeryLongLineInFrontMatterAndBody() async throws {
        let long = String(repeating: "长行", count: 500_000)
        let result = try await Self.build(["long.md": "---\ntitle: Long\nsummary: \(long)\n---\n\(long)\n"])
        #expect(!result.failed)
        #expect(Self.page(result, "long.html").contains(long))
    }
}
