import Testing

@testable import KnowledgeBase

/// One order for every list a reader sees: titles, tags, types, property values and backlinks.
@Suite struct CollationTests {
    @Test func namesSortByTheirRomanizationThenAsWritten() {
        let names = ["浙江", "Zebra", "杭州", "école", "阿里云", "Ecole", "apple", "10"]
        let collation = Collation(romanization: Romanization(names: names))
        #expect(
            collation.sorted(names, by: { $0 }) == ["10", "阿里云", "apple", "Ecole", "école", "杭州", "Zebra", "浙江"])
    }

    @Test func romanizationAddsOnlyWhatItLacks() {
        let romanization = Romanization(names: ["阿里"]).adding(["云栖"])
        #expect(romanization.words("阿里云栖") == ["a", "li", "yun", "qi"])
    }

    @Test func tagsBacklinksTypesAndValuesFollowTheCollation() async throws {
        let result = try await HostileCasesTests.build([
            "site.yml": "title: 站\nlanguage: zh-CN\n",
            "target.md": "---\ntitle: 目标\n---\n正文\n",
            "z.md": "---\ntitle: 浙江\ntype: 地点\ntags: [浙江, 阿里]\ncity: 杭州\n---\n见 [[目标]]。 #杭州\n",
            "a.md": "---\ntitle: 阿里云\ntype: 公司\ncity: 北京\n---\n见 [[目标]]。\n",
            "h.md": "---\ntitle: 杭州\ntype: 地点\ncity: 安吉\n---\n见 [[目标]]。\n",
        ])
        let order = { (page: String, names: [String]) -> [Int] in
            let text = HostileCasesTests.page(result, page)
            return names.map { text.range(of: $0)?.lowerBound.utf16Offset(in: text) ?? -1 }
        }
        let backlinks = order("target.html", [">阿里云</a>", ">杭州</a>", ">浙江</a>"])
        #expect(backlinks == backlinks.sorted() && !backlinks.contains(-1), "by pinyin, not by code point")
        let tags = order("tags/index.html", ["#阿里", "#杭州", "#浙江"])
        #expect(tags == tags.sorted() && !tags.contains(-1))
        let types = order("index.html", [">地点</a>", ">公司</a>"])  // de dian, gong si
        #expect(types == types.sorted() && !types.contains(-1))
        // The table sorts by data-sort as strings: 安吉 before 杭州 in pinyin, not in code points.
        let places = HostileCasesTests.page(result, "types/de-dian.html")
        let keys = places.components(separatedBy: "data-sort=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(keys.contains { $0.hasPrefix("an ji\t") } && keys.contains { $0.hasPrefix("hang zhou\t") }, "\(keys)")
    }
}
