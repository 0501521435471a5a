import Testing

@testable import KnowledgeBase

/// One order for every list a reader sees: titles, tags, types, property values and backlinks.
@Suite struct CollationTests {
    @Test func namesOnAChineseSiteSortByTheirRomanizationThenAsWritten() {
        let names = ["浙江", "Zebra", "杭州", "école", "阿里云", "Ecole", "apple", "10"]
        let collation = Collation(language: "zh-CN", romanization: Romanization(names: names))
        #expect(
            collation.sorted(names, by: { $0 }) == ["10", "阿里云", "apple", "Ecole", "école", "杭州", "Zebra", "浙江"])
    }

    @Test func traditionalChineseSortsByPinyinTooNotByStrokes() {
        let names = ["臺北", "高雄", "新竹", "台中"]  // tai bei, gao xiong, xin zhu, tai zhong
        let collation = Collation(language: "zh-TW", romanization: Romanization(names: names))
        #expect(collation.sorted(names, by: { $0 }) == ["高雄", "臺北", "台中", "新竹"])
    }

    /// Each language's own order, where spelling the names in Latin letters would give another.
    @Test(arguments: [
        // Gojūon: か before ち and は before ふ, though romaji puts chizu and fune first.
        ("ja", ["ふね", "はな", "ちず", "カメラ", "かさ", "あめ"], ["あめ", "かさ", "カメラ", "ちず", "はな", "ふね"]),
        ("sv", ["öl", "zon", "ål", "äpple", "anka"], ["anka", "zon", "ål", "äpple", "öl"]),
        ("es", ["ñandú", "oso", "nube"], ["nube", "ñandú", "oso"]),
        // Case and accents only break ties.
        (
            "de", ["Zebra", "Äpfel", "Bär", "Apfel", "ähnlich", "Affe"],
            ["Affe", "ähnlich", "Apfel", "Äpfel", "Bär", "Zebra"]
        ),
        (
            "en", ["banana", "Apple", "cherry", "apple", "Éclair", "eclipse"],
            ["apple", "Apple", "banana", "cherry", "Éclair", "eclipse"]
        ),
        ("fr", ["côté", "cote", "côte", "coté"], ["cote", "coté", "côte", "côté"]),
    ])
    func otherLanguagesSortByTheirOwnCollation(language: String, names: [String], expected: [String]) {
        let collation = Collation(language: language, romanization: Romanization(names: names))
        #expect(collation.sorted(names, by: { $0 }) == expected)
        let keys = expected.map(collation.key)
        #expect(keys == keys.sorted(), "the keys, compared as strings, keep the order")
        #expect(keys.allSatisfy { $0.prefix { $0 != "\t" }.allSatisfy(\.isHexDigit) }, "ICU's key, in hexadecimal")
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

    @Test func aSwedishSiteListsItsTitlesTagsAndValuesInSwedishOrder() async throws {
        let result = try await HostileCasesTests.build([
            "site.yml": "title: Sajt\nlanguage: sv\n",
            "target.md": "---\ntitle: Mål\n---\nText\n",
            "o.md": "---\ntitle: Örebro\ntype: stad\ntags: [öl, zon]\nlän: Örebro län\n---\nSe [[Mål]].\n",
            "a.md": "---\ntitle: Åre\ntype: stad\ntags: [ål]\nlän: Jämtland\n---\nSe [[Mål]].\n",
            "z.md": "---\ntitle: Zinkgruvan\ntype: stad\ntags: [anka]\nlän: Zeta\n---\nSe [[Mål]].\n",
        ])
        let order = { (page: String, names: [String]) -> [Int] in
            let text = HostileCasesTests.page(result, page)
            return names.map { text.range(of: $0)?.lowerBound.utf16Offset(in: text) ?? -1 }
        }
        let backlinks = order("target.html", [">Zinkgruvan</a>", ">Åre</a>", ">Örebro</a>"])
        #expect(backlinks == backlinks.sorted() && !backlinks.contains(-1), "å and ö after z")
        let tags = order("tags/index.html", ["#anka", "#zon", "#ål", "#öl"])
        #expect(tags == tags.sorted() && !tags.contains(-1))
        // The table's script sorts by data-sort as strings: Zeta before Örebro län.
        let cities = HostileCasesTests.page(result, "types/stad.html")
        let keys = cities.components(separatedBy: "data-sort=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        let zeta = try #require(keys.first { $0.hasSuffix("\tZeta") })
        let orebro = try #require(keys.first { $0.hasSuffix("\tÖrebro län") })
        #expect(zeta < orebro)
    }
}
