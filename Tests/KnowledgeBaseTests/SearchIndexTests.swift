import Foundation
import Testing

@testable import KnowledgeBase

@Suite struct SearchIndexTests {
    @Test(arguments: [
        ("开源模型", ["开源", "源模", "模型"]),
        ("云", ["云"]),
        ("Qwen3-VL 模型", ["qwen3", "vl", "模型"]),
        ("ＡＩ云　Cloud", ["ai", "云", "cloud"]),
        ("阿里云，AI。杭州", ["阿里", "里云", "ai", "杭州"]),
        ("Café déjà", ["café", "déjà"]),
        // Two-, three- and four-byte UTF-8 on each side of the ASCII and CJK fast paths.
        ("𠀋𠀌 😀 ΩMEGA×2", ["𠀋𠀌", "ωmega", "2"]),
        ("  ", []),
        // Traditional characters are read as simplified (OpenCC's t2s table).
        ("開源軟體", ["开源", "源软", "软体"]),
    ])
    func tokens(text: String, expected: [String]) {
        #expect(SearchTokenizer.tokens(text).map(\.text) == expected)
    }

    @Test func quotedTextReadsBackAsItselfAndCannotCloseAScript() throws {
        let text =
            "a\"b\\c</script><!--&\u{2028}\u{2029}\u{1}\u{1F}\t\r\n 阿里云 🎉 é" + String(UnicodeScalar(0xE2)) + "\u{2027}"
        let quoted = JSONText.quote(text)
        #expect(!quoted.contains("<") && !quoted.contains("\u{2028}") && !quoted.contains("\u{1}"))
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed)
        #expect(decoded as? String == text)
    }

    /// Pairs are routed to shards by a hash computed without their text; `kb.js` hashes the text.
    @Test(arguments: ["阿里", "云𠀋", "ab", "éß", "熵", "𠀋"])
    func aPairHashesAsItsText(pair: String) {
        let scalars = Array(pair.unicodeScalars)
        let key = scalars.count == 1 ? SearchWeights.key(scalars[0]) : SearchWeights.key(scalars[0], scalars[1])
        #expect(SearchWeights.hash(of: key) == StableHash.fnv1a(pair))
        #expect(SearchWeights.text(of: key) == pair)
    }

    @Test func openCCFoldsTraditionalCharactersOneForOne() throws {
        let table = ChineseVariants.table
        #expect(table.mappings.count > 2000, "OpenCC's t2s table was not read")
        #expect(table.simplified("開") == "开" && table.simplified("體") == "体" && table.simplified("开") == "开")
        for (traditional, simplified) in table.mappings {
            #expect((traditional.value > 0xFFFF) == (simplified.value > 0xFFFF))
        }
        let script = String(decoding: table.script.bytes, as: UTF8.self)
        #expect(script.hasPrefix("kbSearch.fold(\"") && script.contains("開开"))
    }

    static func note(_ title: String, aliases: [String] = [], body: String, headings: [String] = []) -> (
        Note, String, [String]
    ) {
        (SlugTests.note(title, title, aliases: aliases), body, headings)
    }

    static func weights(_ notes: [(Note, String, [String])]) -> (EntityIndex, [SearchWeights]) {
        let index = EntityIndex.build(notes: notes.map(\.0), assets: []).0
        let rendered = index.notes.map { note in
            let source = notes.first { $0.0.id == note.id }!
            return RenderedNote(
                html: "", text: source.1, headings: source.2.map { .init(level: 2, text: $0, id: $0) }, links: [],
                anchors: [],
                properties: [], diagnostics: [])
        }
        return (
            index, index.notes.indices.map { SearchWeights(index: index, position: $0, rendered: rendered[$0]) }
        )
    }

    static func weight(_ weights: SearchWeights, _ token: String) -> Int {
        let scalars = Array(token.unicodeScalars)
        if scalars.count == 2, CharacterFolding.isCJK(scalars[0].value) {
            return weights.pairs[SearchWeights.key(scalars[0], scalars[1])] ?? 0
        }
        if scalars.count == 1, CharacterFolding.isCJK(scalars[0].value) {
            return weights.pairs[SearchWeights.key(scalars[0])] ?? 0
        }
        return weights.texts[token] ?? 0
    }

    @Test func titlesOutweighAliasesHeadingsAndBodies() throws {
        let (index, weights) = Self.weights([
            Self.note("开源模型", body: "无关"), Self.note("甲乙", aliases: ["开源模型库"], body: "无关"),
            Self.note("丙丁", body: "正文", headings: ["开源模型"]), Self.note("戊己", body: "开源模型，开源模型。"),
        ])
        let byTitle = Dictionary(uniqueKeysWithValues: zip(index.notes.map(\.title.text), weights))
        let order = ["开源模型", "甲乙", "丙丁", "戊己"].map { Self.weight(try! #require(byTitle[$0]), "模型") }
        #expect(order == order.sorted(by: >) && Set(order).count == 4, "\(order)")
        #expect(Self.weight(try #require(byTitle["戊己"]), "模型") == 2)
    }

    @Test func namesGetPinyinAndPrefixes() throws {
        let (index, weights) = Self.weights([
            Self.note("阿里云", aliases: ["Alibaba Cloud"], body: ""), Self.note("云栖小镇", body: ""),
        ])
        let byTitle = Dictionary(uniqueKeysWithValues: zip(index.notes.map(\.title.text), weights))
        let aliyun = try #require(byTitle["阿里云"])
        let yunqi = try #require(byTitle["云栖小镇"])
        for token in ["aliyun", "a", "li", "yun", "al", "aliyu", "alibaba", "alib", "cloud", "阿里", "阿", "云"] {
            #expect(Self.weight(aliyun, token) > 0, "阿里云 lacks \(token)")
        }
        for token in ["yunqi", "yunqixiaozhen", "xiao", "云栖"] {
            #expect(Self.weight(yunqi, token) > 0, "云栖小镇 lacks \(token)")
        }
        #expect(Self.weight(aliyun, "yunqi") == 0)
    }

    @Test func pinyinFromEverySyllableInFullAndAsInitials() throws {
        let (_, weights) = Self.weights([Self.note("2025 年云栖大会", body: "熵很少见。")])
        let note = try #require(weights.first)
        for token in ["yunqi", "yunqidahui", "dahui", "dah", "hui", "nyqdh", "yqdh", "qdh", "dh", "yq", "熵", "会"] {
            #expect(Self.weight(note, token) > 0, "2025 年云栖大会 lacks \(token)")
        }
        #expect(Self.weight(note, "2025nianyunqidahui") > Self.weight(note, "yunqidahui"), "from the start weighs more")
        #expect(Self.weight(note, "大") > Self.weight(note, "熵"), "a character of the title outweighs one of the body")
        #expect(note.words.isSuperset(of: ["yunqidahui", "dahui", "nianyunqidahui"]))
        #expect(
            !note.words.contains("dah") && !note.words.contains("yqdh"), "prefixes and initials are not corrected to")
    }

    @Test func aLongNameSpellsItsInsideUpToALimit() throws {
        let title = String(repeating: "云栖大会", count: 20)
        let (_, weights) = Self.weights([Self.note(title, body: "")])
        let note = try #require(weights.first)
        let inside = note.texts.keys.filter { $0.hasPrefix("qidahui") }
        #expect(!inside.isEmpty && inside.allSatisfy { $0.count <= SearchWeights.maxPinyinLetters })
    }

    @Test func vocabularyFilesGroupWordsByFirstLetterAndLength() throws {
        let files = SearchVocabulary.files(["alibaba": 3, "alibabb": 1, "kubernetes": 2])
        #expect(files.map(\.path) == ["search/w2p-7.js", "search/w2z-10.js"])
        #expect(
            String(decoding: files[0].bytes, as: UTF8.self)
                == "kbSearch.words(\"w2p-7\",{\"alibaba\":3,\"alibabb\":1});\n")
        #expect(!SearchVocabulary.isCorrectable("qwen3") && !SearchVocabulary.isCorrectable("abcd"))
        #expect(SearchVocabulary.isCorrectable("déjàvu") && !SearchVocabulary.isCorrectable("阿里巴巴巴"))
        let many = Dictionary(
            uniqueKeysWithValues: (0..<40_000).map {
                ("a" + String($0, radix: 26).padding(toLength: 9, withPad: "z", startingAt: 0), $0 % 7 + 1)
            })
        for file in SearchVocabulary.files(many) { #expect(file.bytes.count <= SearchIndex.budgetBytes) }
    }

    @Test func indexFilesCannotBeClosedByWhatNotesSay() async throws {
        let hostile = "</script><script>alert(1)</script> \"q\" \u{2028} ]]> -->"
        let (index, _) = EntityIndex.build(notes: [SlugTests.note("x", hostile, aliases: [hostile])], assets: [])
        let rendered = [
            RenderedNote(
                html: "", text: hostile, headings: [.init(level: 2, text: hostile, id: "x")], links: [], anchors: [],
                properties: [], diagnostics: [])
        ]
        let files = await SearchIndex.build(index: index, rendered: rendered, jobs: 1).files
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.contains("<"), "\(file.path) holds a raw <")
            #expect(!text.contains("\u{2028}"), "\(file.path) holds a raw line separator")
        }
    }

    /// The budget in the README: no search file above 160 KB on a 10,000-note knowledge base, so
    /// that a query of a few words loads a few hundred KB at most.
    @Test func filesStaySmallOnTenThousandNotes() async throws {
        var random = LinkGraphTests.SeededGenerator(state: 7)
        let characters = Array(
            "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
        )
        let words = ["cloud", "model", "agent", "search", "index", "graph", "token", "open", "source", "vector"]
        var notes: [Note] = []
        var texts: [String] = []
        for number in 0..<10_000 {
            var text = ""
            for _ in 0..<60 {
                // Skewed towards the first characters, as real text is.
                let pick = Int(Double(characters.count) * pow(Double.random(in: 0..<1, using: &random), 3))
                text.append(characters[pick])
                text.append(characters[Int.random(in: 0..<characters.count, using: &random)])
                if Bool.random(using: &random) { text += " " + words.randomElement(using: &random)! + " " }
            }
            notes.append(SlugTests.note("n\(number)", "笔记\(number)"))
            texts.append(text)
        }
        let (index, _) = EntityIndex.build(notes: notes, assets: [])
        let rendered = index.notes.map { note in
            RenderedNote(
                html: "", text: texts[Int(note.id.dropFirst()) ?? 0], headings: [], links: [], anchors: [],
                properties: [],
                diagnostics: [])
        }
        let search = await SearchIndex.build(index: index, rendered: rendered, jobs: 2)
        let largest = try #require(search.files.max { $0.bytes.count < $1.bytes.count })
        #expect(search.shardCount > 1)
        #expect(largest.bytes.count <= 160 * 1024, "\(largest.path) has \(largest.bytes.count) bytes")
    }
}

@Suite struct PostingsCapTests {
    /// `doc.weight` pairs as the index writes them: deltas between docs, base 36.
    static func text(_ entries: [(doc: Int, weight: Int)]) -> [UInt8] {
        var last = 0
        return Array(
            entries.map { entry in
                defer { last = entry.doc }
                return String(entry.doc - last, radix: 36) + "." + String(entry.weight, radix: 36)
            }.joined(separator: ",").utf8)
    }

    @Test func aCommonTokenKeepsItsHeaviestNotesInNoteOrder() {
        let entries = (0..<SearchIndex.maxPostings + 500).map { (doc: $0 * 3 + 1, weight: ($0 * 7919) % 1000 + 1) }
        let kept = entries.sorted { ($0.weight, -$0.doc) > ($1.weight, -$1.doc) }.prefix(SearchIndex.maxPostings)
        #expect(SearchIndex.capped(Self.text(entries)) == Self.text(kept.sorted { $0.doc < $1.doc }))
        let few = Array(entries.prefix(SearchIndex.maxPostings))
        #expect(SearchIndex.capped(Self.text(few)) == Self.text(few))
    }
}

@Suite struct UInt64MapTests {
    @Test func agreesWithADictionary() {
        var map = UInt64Map<Int>()
        var dictionary: [UInt64: Int] = [:]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let key = UInt64.random(in: 0..<3_000, using: &random) << 32 | UInt64.random(in: 0..<4, using: &random)
            map.update(key, initial: 0) { $0 += 1 }
            dictionary[key, default: 0] += 1
        }
        map.updateAll { $0 = min($0, 3) }
        #expect(map.count == dictionary.count)
        #expect(dictionary.allSatisfy { map[$0.key] == min($0.value, 3) })
        #expect(map[UInt64.max] == nil)
        #expect(Set(map.elements.map(\.key)).count == map.count)
    }
}
