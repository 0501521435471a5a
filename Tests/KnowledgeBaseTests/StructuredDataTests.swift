import Foundation
import Testing

@testable import KnowledgeBase

/// Open Graph tags and schema.org JSON-LD on note pages.
@Suite struct StructuredDataTests {
    @Test func typesMapToSchemaOrg() {
        #expect(StructuredData.schemaType("organization") == "Organization")
        #expect(StructuredData.schemaType("Person") == "Person")
        #expect(StructuredData.schemaType("place") == "Place")
        #expect(StructuredData.schemaType("event") == "Event")
        #expect(StructuredData.schemaType("book") == "CreativeWork")
        #expect(StructuredData.schemaType("figure") == "Thing")
        #expect(StructuredData.schemaType(nil) == "Thing")
    }

    @Test func aNotePageDescribesItsEntityAndRelations() async throws {
        let result = try await HostileCasesTests.build([
            "site.yml": "title: 站\nlanguage: zh-CN\n",
            "a.md":
                "---\ntitle: 阿里云 </script>\ntype: organization\naliases: [Aliyun]\nsummary: 云计算公司\nfounder: \"[[王坚]]\"\ncity: \"[[杭州]]\"\n---\n见 [[云栖]]。\n",
            "w.md": "---\ntitle: 王坚\ntype: person\n---\n正文\n",
            "h.md": "---\ntitle: 杭州\ntype: place\n---\n正文\n",
            "y.md": "---\ntitle: 云栖\n---\n正文\n",
        ])
        let page = HostileCasesTests.page(result, "a.html")
        #expect(page.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(page.contains("<meta property=\"og:url\" content=\"https://example.org/a.html\">"))
        #expect(page.contains("<meta property=\"og:description\" content=\"云计算公司\">"))
        #expect(page.contains("<meta name=\"twitter:card\" content=\"summary\">"))
        let start = try #require(page.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(page[start.upperBound...].range(of: "</script>"))
        let json = String(page[start.upperBound..<end.lowerBound])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["@type"] as? String == "WebPage")
        let about = try #require(object["about"] as? [String: Any])
        #expect(about["@type"] as? String == "Organization")
        #expect(about["name"] as? String == "阿里云 </script>", "its < escaped, read back whole")
        #expect(about["alternateName"] as? String == "Aliyun")
        let founder = try #require(about["founder"] as? [String: Any])
        #expect(founder["@type"] as? String == "Person" && founder["url"] as? String == "https://example.org/w.html")
        let mentions = try #require(object["mentions"] as? [[String: Any]])
        #expect(Set(mentions.compactMap { $0["name"] as? String }) == ["王坚", "杭州", "云栖"])
        #expect(
            HostileCasesTests.page(result, "index.html").contains("<meta property=\"og:type\" content=\"website\">"))
    }
}
