import Foundation
import Testing

@testable import KnowledgeBase

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `feed.xml` and `sitemap.xml` read back by a real XML parser: every value a note can set
/// arrives as the text it was, and no value can add an element or an attribute.
@Suite struct FeedEscapingTests {
    static let title = "A</title><script>alert(1)</script><title>&amp; \"q\" 'a' ]]> <!-- -->"
    static let summary = "s</summary></entry><entry><title>injected</title><![CDATA[x]]>"
    static let tag = "t\" onload=\"alert(1)\" x='<>&"

    /// Each element of a document, in order, with its attributes and its text.
    final class Elements: NSObject, XMLParserDelegate {
        var found: [(name: String, attributes: [String: String], text: String)] = []
        private var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            open.append(found.count)
            found.append((name, attributes, ""))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current = open.last { found[current].text += string }
        }
    }

    static func parse(_ file: OutputFile?) throws -> [(name: String, attributes: [String: String], text: String)] {
        let bytes = try #require(file).bytes
        let parser = XMLParser(data: Data(bytes))
        let elements = Elements()
        parser.delegate = elements
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        return elements.found
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @Test func hostileTitlesSummariesTagsAndDatesStayText() async throws {
        let result = try await HostileCasesTests.build([
            "hostile.md": """
            ---
            title: \(Self.yamlQuoted(Self.title))
            summary: \(Self.yamlQuoted(Self.summary))
            tags: [\(Self.yamlQuoted(Self.tag))]
            date: 2025-09-24
            updated: "2025-09-25T00:00:00Z</updated><script>alert(1)</script>"
            ---
            body
            """,
            "plain.md": "---\ntitle: Plain\ndate: \"2025-09-23T10:30+08:00 <lastmod>\"\n---\n",
        ])
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(
            result.diagnostics.filter { $0.message.contains("must be a date") }.map { "\($0.file):\($0.line)" } == [
                "Content/hostile.md:6", "Content/plain.md:3",
            ])

        let feed = try Self.parse(result.files.first { $0.path == "feed.xml" })
        let allowed: Set = [
            "feed", "title", "subtitle", "link", "id", "updated", "author", "name", "entry", "summary",
            "category",
        ]
        #expect(Set(feed.map(\.name)).isSubset(of: allowed), "\(feed.map(\.name))")
        let entries = feed.filter { $0.name == "entry" }
        #expect(entries.count == 1)
        let titles = feed.filter { $0.name == "title" }.map(\.text)
        #expect(titles.contains(Self.title), "\(titles)")
        #expect(feed.filter { $0.name == "summary" }.map(\.text) == [Self.summary])
        #expect(feed.filter { $0.name == "category" }.map { $0.attributes["term"] } == [Self.tag])
        // The refused `updated:` leaves the note its `date:`.
        #expect(feed.filter { $0.name == "updated" }.map(\.text) == ["2025-09-24T00:00:00Z", "2025-09-24T00:00:00Z"])
        for link in feed where link.name == "link" {
            #expect(Set(link.attributes.keys).isSubset(of: ["rel", "type", "href"]), "\(link.attributes)")
        }

        let sitemap = try Self.parse(result.files.first { $0.path == "sitemap.xml" })
        #expect(Set(sitemap.map(\.name)) == ["urlset", "url", "loc", "lastmod"])
        #expect(sitemap.filter { $0.name == "lastmod" }.map(\.text) == ["2025-09-24"])
    }

    @Test func escapedTextKeepsOnlyWhatXMLAllows() {
        let text = "<a href=\"x\">&'</a>\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}\t\n阿里云 🎉"
        #expect(text.xmlEscaped == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\t\n阿里云 🎉")
    }
}
