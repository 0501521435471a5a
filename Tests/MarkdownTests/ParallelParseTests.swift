import Foundation
import Testing

@testable import Markdown

/// libcmark-gfm's inline parser is not safe to run concurrently (DESIGN.md): without the parse
/// lock, parallel parses drop strikethrough and autolinks in a share of documents. This renders
/// thousands of documents that depend on exactly those features serially and in parallel, and
/// wants the same bytes.
@Suite struct ParallelParseTests {
    static func document(_ number: Int) -> String {
        """
        # 文档 \(number)

        ~~删除 \(number)~~ and ~~struck~~ text, www.example\(number % 7).com and https://x.cn/p\(number)，然后
        *强调*文字\n换行 with `code \(number)` and a footnote[^n\(number)].

        | a | b \(number) |
        |---|---|
        | ~~x~~ | https://example.org/\(number) |

        - [x] done \(number)
        - [ ] todo

        [^n\(number)]: note \(number)
        """
    }

    static func render(_ number: Int) -> String {
        let document = MarkdownDocument(document(number))
        document.prepareForWeb()
        return document.html()
    }

    @Test func parallelParsesEqualSerialParses() async {
        let count = 4000
        let serial = (0..<count).map(Self.render)
        let parallel = await withTaskGroup(of: (Int, String).self) { group in
            for number in 0..<count {
                group.addTask { (number, Self.render(number)) }
            }
            var results = [String](repeating: "", count: count)
            for await (number, html) in group { results[number] = html }
            return results
        }
        #expect(serial.allSatisfy { $0.contains("<del>struck</del>") && $0.contains("<a href=\"http://www.example") })
        let differing = (0..<count).filter { serial[$0] != parallel[$0] }
        #expect(differing.isEmpty, "\(differing.count) of \(count) documents differ, first: \(differing.first ?? -1)")
    }
}
