import Foundation
import Testing

@testable import KnowledgeBase

/// "No search file is larger than 160 KB" (README § Search) must hold for any input, not only
/// for notes of the usual size.
@Suite struct SearchBudgetTests {
    static let budget = 160 * 1024

    static func searchFiles(_ result: BuildResult) -> [OutputFile] {
        result.files.filter { $0.path.hasPrefix("search/") }
    }

    static func expectWithinBudget(_ files: [OutputFile], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!files.isEmpty, sourceLocation: sourceLocation)
        for file in files {
            #expect(
                file.bytes.count <= budget, "\(file.path) has \(file.bytes.count) bytes", sourceLocation: sourceLocation
            )
        }
    }

    /// The two notes of issue 23: 200 KB each, one of 20,000 headings and one of 20,000 aliases.
    /// Together they made a documents file of 358 KB.
    @Test func twentyThousandHeadingsAndTwentyThousandAliases() async throws {
        let headings = "---\ntitle: Headings\n---\n" + (0..<20_000).map { "## h\($0)\n" }.joined()
        let aliases = "---\ntitle: Aliases\naliases:\n" + (0..<20_000).map { "  - a\($0)\n" }.joined() + "---\nbody\n"
        #expect(headings.utf8.count > 180_000 && aliases.utf8.count > 200_000)
        let result = try await HostileCasesTests.build(["headings.md": headings, "aliases.md": aliases])
        #expect(!result.failed, "\(result.diagnostics)")
        Self.expectWithinBudget(Self.searchFiles(result))
        // What is cut is the end of the lists; the page and the title stay whole.
        let docs = String(decoding: try #require(result.files.first { $0.path == "search/d0.js" }).bytes, as: UTF8.self)
        #expect(docs.contains("[\"Aliases\",\"aliases.html\",\"\",\"a0 / a1 / a2 / "))
        #expect(docs.contains("[\"Headings\",\"headings.html\",\"\","))
        #expect(docs.contains("…\""))
    }

    /// Sixteen notes to a documents file, each as large as a note can make every field, in
    /// characters that quoting makes six times longer.
    @Test func sixteenNotesWithEveryFieldTooLong() async throws {
        let long = String(repeating: "<&>", count: 400)
        var files: [String: String] = [:]
        for number in 0..<16 {
            files["n\(number).md"] =
                "---\ntitle: \"T\(number) \(long)\"\ntype: \"\(long)\"\naliases: [\"\(long)\", \"\(long)\"]\n---\n"
                + (0..<10).map { _ in "## \(long)\n\n\(long)\n\n" }.joined()
        }
        let result = try await HostileCasesTests.build(files)
        Self.expectWithinBudget(Self.searchFiles(result))
    }

    /// One "word" longer than a shard, and a Chinese title whose pinyin, and every prefix of it,
    /// would be indexed: neither may fill a file, nor take time growing with its square. (The
    /// title has a slug: the page of a title this long could not be written under its own.)
    @Test func oneHugeWordAndAHugeChineseTitle() async throws {
        let word = String(repeating: "a", count: 300_000)
        let title = String(repeating: "阿里云通义千问", count: 3_000)
        let result = try await HostileCasesTests.build([
            "word.md": "# Word\n\n\(word)\n",
            "title.md": "---\ntitle: \(title)\nslug: title\naliases: [\(word)]\n---\n",
        ])
        Self.expectWithinBudget(Self.searchFiles(result))
        #expect(SearchTokenizer.tokens(word).count == 1)
    }

    /// Tokens whose hashes meet in the same shard at any shard count, each in thousands of notes:
    /// their lists are cut to one length, keeping the notes where each weighs most.
    @Test func collidingTokensInThousandsOfNotesAreCutToFit() async throws {
        var colliding: [String] = []
        var candidate = 0
        while colliding.count < 12 {
            let word = "w\(candidate)"
            if StableHash.fnv1a(word) % 4096 == 0 { colliding.append(word) }
            candidate += 1
        }
        let count = SearchIndex.maxPostings + 500
        let notes = (0..<count).map { SlugTests.note("n\($0)", "笔记\($0)") }
        let (index, _) = EntityIndex.build(notes: notes, assets: [])
        // A note's weight for every colliding word is how often the text says it: 1 to 10.
        func weight(_ id: String) -> Int { (Int(id.dropFirst()) ?? 0) * 7_919 % 10 + 1 }
        let rendered = index.notes.map { note in
            let text = Array(repeating: colliding.joined(separator: " "), count: weight(note.id)).joined(separator: " ")
            return RenderedNote(
                html: "", text: text, headings: [], links: [], anchors: [], properties: [], diagnostics: [])
        }
        let search = await SearchIndex.build(index: index, rendered: rendered, jobs: 2)
        Self.expectWithinBudget(search.files)

        let shard = try #require(
            search.files.first { file in
                String(decoding: file.bytes, as: UTF8.self).contains("\"\(colliding[0])\":")
            })
        let text = String(decoding: shard.bytes, as: UTF8.self)
        let body = text.drop { $0 != "{" }.dropFirst().dropLast(4)
        let lists = try #require(
            try JSONSerialization.jsonObject(with: Data(("{" + body + "}").utf8)) as? [String: String])
        for word in colliding {
            let postings = try #require(lists[word], "\(word) was dropped").split(separator: ",")
            #expect(postings.count > 1_000 && postings.count < SearchIndex.maxPostings, "\(word): \(postings.count)")
            // Every note kept weighs at least as much as every note left out.
            var doc = 0
            var kept: Set<Int> = []
            for posting in postings {
                let parts = posting.split(separator: ".")
                doc += Int(parts[0], radix: 36) ?? 0
                kept.insert(doc)
                #expect(Int(parts[1], radix: 36) == weight(index.notes[doc].id))
            }
            let lightestKept = kept.map { weight(index.notes[$0].id) }.min() ?? 0
            let heaviestLeft = index.notes.indices.filter { !kept.contains($0) }.map { weight(index.notes[$0].id) }
            #expect((heaviestLeft.max() ?? 0) <= lightestKept)
        }
    }

    @Test(arguments: [0, 1, 4, 5, 6, 7, 9, 12, 40])
    func quotingWithALimitKeepsAStartThatFits(limit: Int) throws {
        let text = "阿\"<b>\u{2028}é🎉\u{1}x"
        let quoted = JSONText.quote(text, limit: limit)
        let decoded = try #require(
            try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String)
        if JSONText.quote(text).utf8.count <= limit {
            #expect(decoded == text)
        } else {
            #expect(quoted.utf8.count <= max(limit, 2))
            #expect(decoded.isEmpty || (decoded.hasSuffix("…") && text.hasPrefix(decoded.dropLast())))
        }
        #expect(!quoted.contains("<"))
    }
}
