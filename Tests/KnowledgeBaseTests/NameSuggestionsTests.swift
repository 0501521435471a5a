import Foundation
import Testing

@testable import KnowledgeBase

/// `NameSuggestions` must answer exactly what comparing with every name answers: the definition
/// `EntityIndex.suggestions(for:)` implements, copied here as `BruteForce`, with containment of
/// whole characters (see `NameSuggestions`).
@Suite struct NameSuggestionsTests {
    /// SplitMix64: tens of thousands of distinct names need a generator whose high bits do not
    /// repeat early, which those of a bare power-of-two LCG do.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `EntityIndex.suggestions(for:)` over a list of names, keys made once (`NameKey.make` is a
    /// function of the name, so the answer is the same).
    struct BruteForce {
        let names: [(text: String, key: String)]

        init(_ names: [String]) { self.names = names.map { ($0, NameKey.make($0)) } }

        func suggestions(for name: String) -> [String] {
            let key = NameKey.make(name)
            let limit = max(1, key.count / 3)
            var scored: [(distance: Int, name: String)] = []
            for (text, candidateKey) in names {
                guard abs(candidateKey.count - key.count) <= max(limit, 3) else { continue }
                var distance = EditDistance.between(key, candidateKey, limit: max(limit, 3))
                if NameSuggestionsTests.contains(candidateKey, key) || NameSuggestionsTests.contains(key, candidateKey)
                {
                    distance = min(distance, 1)
                }
                if distance <= max(limit, 2) { scored.append((distance, text)) }
            }
            scored.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
            var seen: Set<String> = []
            return scored.map(\.name).filter { seen.insert($0).inserted }.prefix(3).map { $0 }
        }
    }

    static let names = [
        "阿里云", "Alibaba Cloud", "ＡＩ云", "通义千问", "Qwen", "千问", "王坚", "AI", "阿里巴巴", "阿里", "阿里云智能集团",
        "云栖大会", "云栖小镇", "Qwen3-VL", "Qwen3-Max", "Café Déjà Vu", "杭州", "DeepSeek", "通义万相 2.5", "魔搭社区",
        "ModelScope", "达摩院", "DAMO Academy", "Ｑｗｅｎ２", "Hangzhou", "西湖", "之江实验室", "Zhejiang Lab", "x", "云",
    ]

    @Test(arguments: [
        ("阿里云计算", ["阿里", "阿里云"]),
        ("Alibaba Clod", ["Alibaba Cloud"]),
        ("完全无关的名字", []),
        ("ai", ["AI", "ＡＩ云", "x"]),
        ("ＡＩ", ["AI", "ＡＩ云", "x"]),
        ("ＱＷＥＮ", ["Qwen", "Ｑｗｅｎ２"]),
        ("qwen3", ["Qwen", "Qwen3-VL", "Ｑｗｅｎ２"]),
        ("通义千问2", ["千问", "通义千问"]),
        ("deep seek", ["DeepSeek"]),
        ("CAFE DEJA VU", ["Café Déjà Vu"]),
        ("Hangzhou City", []),
        ("云栖", ["云", "云栖大会", "云栖小镇"]),
    ])
    func handPicked(query: String, expected: [String]) {
        let index = NameSuggestions(names: Self.names)
        #expect(index.suggestions(for: query) == expected)
        #expect(BruteForce(Self.names).suggestions(for: query) == expected)
    }

    /// `EntityIndex` answers through the index, for the titles and aliases of its notes.
    @Test func agreesWithTheEntityIndex() {
        let notes = Self.names.enumerated().map { position, name in
            SlugTests.note("notes/n\(position)", name, aliases: position % 3 == 0 ? [name + "公司", name + " Inc"] : [])
        }
        let entities = EntityIndex.build(notes: notes, assets: []).0
        let index = BruteForce(entities.notes.flatMap { $0.names.map(\.text) })
        var random = Random(seed: 7)
        for name in Self.names + notes.flatMap(\.aliases).map(\.text) {
            for query in [name] + (0..<6).map({ _ in Self.mutate(name, using: &random) }) {
                #expect(index.suggestions(for: query) == entities.suggestions(for: query), "\(query)")
            }
        }
    }

    /// Small alphabets make many names close to each other, and to the queries made from them, so
    /// every rule is exercised: ties, windows, containment, names that share nothing.
    @Test(arguments: [
        ("ab", 1...4), ("abc", 1...7), ("abcd", 3...12), ("阿里云杭州", 1...6), ("aA ａＡé", 1...5),
        ("abcdefgh", 5...14), ("a\u{301}e\u{303}q", 1...6), ("云栖ab12 ", 1...9), ("a\u{1F600}\u{200D}b", 1...6),
    ])
    func randomNames(alphabet: String, lengths: ClosedRange<Int>) {
        var random = Random(
            seed: UInt64(alphabet.unicodeScalars.count * 1_000 + lengths.upperBound))
        let characters = Array(alphabet.unicodeScalars)
        func word() -> String {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: lengths, using: &random) {
                scalars.append(characters.randomElement(using: &random)!)
            }
            return String(scalars)
        }
        let names = (0..<300).map { _ in word() } + ["", " ", "  "]
        let index = NameSuggestions(names: names)
        let bruteForce = BruteForce(names)
        let queries =
            [""] + (0..<150).map { _ in word() }
            + (0..<150).map { _ in Self.mutate(names.randomElement(using: &random)!, using: &random) }
        for query in queries {
            #expect(
                index.suggestions(for: query) == bruteForce.suggestions(for: query),
                "\(query.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// A knowledge base's worth of names and of links to notes that do not exist. Every answer is
    /// checked against the definition; a sample is compared whole with comparing every name.
    @Test func manyNamesAndManyUnknownLinks() {
        var random = Random(seed: 20_000)
        let names = Self.generatedNames(20_000, using: &random)
        let queries = Self.unknownQueries(5_000, for: names, using: &random)
        #expect(queries.count == 5_000)
        let index = NameSuggestions(names: names)
        let bruteForce = BruteForce(names)
        var answered = 0
        for (position, query) in queries.enumerated() {
            let answer = index.suggestions(for: query)
            if !answer.isEmpty { answered += 1 }
            let distances = answer.map { Self.distance(query, $0) }
            #expect(distances.allSatisfy { $0 != nil }, "\(query) → \(answer)")
            let order = zip(distances, answer).map { ($0 ?? .max, $1) }
            #expect(zip(order, order.dropFirst()).allSatisfy { $0 < $1 }, "\(query) → \(answer)")
            if position % 50 == 0 {
                #expect(answer == bruteForce.suggestions(for: query), "\(query)")
            }
        }
        // Most links made by changing a name a little have a suggestion; a check of empty answers
        // would pass on an index that finds nothing.
        #expect(answered > queries.count / 2)
    }

    /// Prints the time of 5,000 unknown links against 20,000 names, the index against comparing
    /// every name, as kb did before it. Run in release:
    /// `KB_MEASURE_SUGGESTIONS=1 swift test -c release --filter NameSuggestionsTests/measure`
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KB_MEASURE_SUGGESTIONS"] != nil))
    func measure() {
        var random = Random(seed: 20_000)
        let names = Self.generatedNames(20_000, using: &random)
        let queries = Self.unknownQueries(5_000, for: names, using: &random)
        let clock = ContinuousClock()
        var index: NameSuggestions!
        let building = clock.measure { index = NameSuggestions(names: names) }
        var fromIndex: [[String]] = []
        let indexed = clock.measure { fromIndex = queries.map { index.suggestions(for: $0) } }
        // What kb did before the index: every name compared with every unknown link.
        let bruteForce = BruteForce(names)
        var everyName: [[String]] = []
        let compared = clock.measure { everyName = queries.map { bruteForce.suggestions(for: $0) } }
        let perQuery = { (duration: Duration) in duration / .microseconds(1) / Double(queries.count) }
        print(
            """
            NameSuggestions, \(names.count) names, \(queries.count) unknown links:
              index built in \(building)
              index:            \(indexed) (\(String(format: "%.1f", perQuery(indexed))) µs a link)
              every name:       \(compared) (\(String(format: "%.1f", perQuery(compared))) µs a link)
              same answers: \(fromIndex == everyName)
            """)
        #expect(fromIndex == everyName)
    }

    /// The distance the definition gives `name` from `query`, or nil when it is not close.
    static func distance(_ query: String, _ name: String) -> Int? {
        let key = NameKey.make(query)
        let candidate = NameKey.make(name)
        let limit = max(1, key.count / 3)
        guard abs(candidate.count - key.count) <= max(limit, 3) else { return nil }
        var distance = EditDistance.between(key, candidate, limit: max(limit, 3))
        if contains(candidate, key) || contains(key, candidate) { distance = min(distance, 1) }
        return distance <= max(limit, 2) ? distance : nil
    }

    /// Whether `whole` holds `part` as a run of characters; an empty key is in nothing, as with
    /// Foundation's `contains`.
    static func contains(_ whole: String, _ part: String) -> Bool {
        let whole = Array(whole)
        let part = Array(part)
        guard !part.isEmpty && part.count <= whole.count else { return false }
        return (0...(whole.count - part.count)).contains { whole[$0..<$0 + part.count].elementsEqual(part) }
    }

    static let syllables = [
        "a", "li", "ba", "cloud", "qwen", "deep", "seek", "mo", "del", "scope", "da", "mo", "han", "zhou", "yun", "qi",
        "tong", "yi", "lab", "ai", "net", "ware", "tech", "data", "ge", "ne", "sis", "ko", "ra", "vi", "sion", "max",
    ]
    static let hanzi = Array(
        "阿里云通义千问杭州西湖云栖大会小镇魔搭社区达摩院之江实验室智能集团开源模型万相灵积百炼钉钉淘宝天猫蚂蚁金服支付宝菜鸟网络飞天平台数据中心城市大脑浙江大学人工智能研究所科技有限公司"
    )

    static func generatedNames(_ count: Int, using random: inout Random) -> [String] {
        var names: [String] = []
        var keys: Set<String> = []
        while names.count < count {
            let name: String
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4: name = latinName(using: &random)
            case 4..<8:
                name = String(
                    (0..<Int.random(in: 2...6, using: &random)).map { _ in hanzi.randomElement(using: &random)! })
            case 8:
                name =
                    String(
                        (0..<Int.random(in: 2...4, using: &random)).map { _ in hanzi.randomElement(using: &random)! })
                    + " " + latinName(using: &random)
            default: name = fullWidth(latinName(using: &random).uppercased())
            }
            if keys.insert(NameKey.make(name)).inserted { names.append(name) }
        }
        return names
    }

    static func latinName(using random: inout Random) -> String {
        let words = (0..<Int.random(in: 1...3, using: &random)).map { _ in
            (0..<Int.random(in: 1...3, using: &random)).map { _ in syllables.randomElement(using: &random)! }.joined()
                .capitalized
        }
        let suffix = ["", "", "", " 2.5", "3", "-VL", " Inc"].randomElement(using: &random)!
        return words.joined(separator: " ") + suffix
    }

    static func fullWidth(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (0x21...0x7E).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar
                }))
    }

    /// `name` with one to three characters changed, added or removed, or a word added.
    static func mutate(_ name: String, using random: inout Random) -> String {
        var characters = Array(name)
        let pool = Array("abcdefgxyz 云栖阿里问ＡＩé")
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return name + ["公司", " Inc", "2", "集团", "s"].randomElement(using: &random)!
        case 1: return ["新", "The ", "大"].randomElement(using: &random)! + name
        default:
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0...characters.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < characters.count: characters.remove(at: position)
                case 1 where position < characters.count: characters[position] = pool.randomElement(using: &random)!
                default: characters.insert(pool.randomElement(using: &random)!, at: position)
                }
            }
            return String(characters)
        }
    }

    static func unknownQueries(
        _ count: Int, for names: [String], using random: inout Random
    ) -> [String] {
        let known = Set(names.map(NameKey.make))
        var queries: [String] = []
        var seen: Set<String> = []
        while queries.count < count {
            let query =
                Int.random(in: 0..<10, using: &random) == 0
                ? generatedNames(1, using: &random)[0] : mutate(names.randomElement(using: &random)!, using: &random)
            let key = NameKey.make(query)
            if !known.contains(key) && seen.insert(key).inserted { queries.append(query) }
        }
        return queries
    }
}
