import Foundation
import Testing

@testable import KnowledgeBase

/// The script files link previews read: each note in the chunk its page's hash names.
@Suite struct LinkPreviewTests {
    @Test func eachNoteIsInTheChunkOfItsPagesHash() async throws {
        var files: [String: String] = ["site.yml": "title: 站\nlanguage: zh-CN\n"]
        for number in 0..<70 {
            files["n\(number).md"] =
                "---\ntitle: 笔记\(number)\ntype: 概念\nsummary: 概要\(number)\n---\n第一段 \(number)。\n\n第二段。\n"
        }
        let result = try await HostileCasesTests.build(files)
        let meta = HostileCasesTests.page(result, "previews/index.js")
        #expect(meta == "kbPreviews.meta(3);\n", "70 notes, 32 a chunk")
        for number in [0, 17, 69] {
            let page = "n\(number).html"
            let chunk = StableHash.fnv1a(page) % 3
            let text = HostileCasesTests.page(result, "previews/p\(chunk).js")
            #expect(text.hasPrefix("kbPreviews.chunk(\(chunk),{"))
            #expect(text.contains("\"\(page)\":[\"笔记\(number)\",\"概念\",\"概要\(number)\",\"第一段 \(number)。 第二段。\"]"))
        }
    }

    @Test func theOpeningIsCutBetweenWords() {
        #expect(LinkPreviews.opening("a\n\nb  \n c") == "a b c")
        let long = Array(repeating: "word", count: 100).joined(separator: " ")
        let opening = LinkPreviews.opening(long)
        #expect(opening.hasSuffix("word…") && opening.count <= LinkPreviews.textLength + 1)
    }

    /// `opening` reads only the lines it needs; it must say what joining every line says.
    @Test func readingOnlyTheFirstLinesChangesNothing() {
        func everyLine(_ text: String) -> String {
            var words = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: " ")
            guard words.count > LinkPreviews.textLength else { return words }
            words = String(words.prefix(LinkPreviews.textLength))
            if let space = words.lastIndex(of: " "), words.distance(from: space, to: words.endIndex) < 40 {
                words = String(words[..<space])
            }
            return words + "…"
        }
        let length = LinkPreviews.textLength
        let texts = [
            "", "\n\n", " \t \n", String(repeating: "字", count: length),
            String(repeating: "字", count: length + 1), String(repeating: "字", count: length - 1) + "\n字",
            String(repeating: "字", count: length - 1) + "\n\u{301}x", String(repeating: "ab ", count: 60) + "\r\nc",
            (0..<200).map { "line \($0)" }.joined(separator: "\n"),
            (0..<80).map { "  第\($0)行\u{3000} " }.joined(separator: "\r\n\n"),
            String(repeating: "x", count: length + 1) + "\n\u{1F1EB}\u{1F1F7}",
            String(repeating: "一段很长的话 ", count: 5000), "\u{2028}  a\u{2029}b\u{85}c\u{0B}d\u{0C}e \u{00A0}\n",
            " \u{301}x\t\n" + String(repeating: "e\u{301} ", count: 300),
        ]
        for text in texts { #expect(LinkPreviews.opening(text) == everyLine(text), "\(text.prefix(20))") }
    }
}
