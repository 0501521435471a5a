/// The search index, as script files so that it loads from `file://` too (browsers refuse
/// `fetch()` there), split so that a query loads only a few small files:
///
/// - `search/meta.js`: how many shards and document chunks there are;
/// - `search/s<k>.js`: the postings of the tokens whose hash falls in shard k;
/// - `search/d<k>.js`: title, URL, type, aliases, headings and the start of the text of 16 notes,
///   for showing results with a snippet.
///
/// A token's postings say which notes hold it and how strongly: a title match counts 100, an
/// alias 60, a pinyin spelling of either 40–50 (plus up to 20 for a short title), a heading 20, each occurrence in the body 1
/// (at most 10). `assets/search.js` adds these up over the query's tokens.
struct SearchIndex {
    static let docsPerChunk = 16
    static let targetShardBytes = 48 * 1024
    static let excerptCharacters = 600
    /// A token in more notes than this keeps only the notes where it weighs most: it is nearly a
    /// stop word then, and its postings would make its shard too large to load.
    static let maxPostings = 4000

    let files: [OutputFile]
    let shardCount: Int

    /// One token's postings as they grow, already in their final text form (`delta.weight,…`,
    /// base 36): the index never holds more than its own output.
    private struct Postings {
        var text: [UInt8] = []
        var lastDoc = 0

        mutating func append(doc: Int, weight: Int) {
            if !text.isEmpty { text.append(UInt8(ascii: ",")) }
            Self.appendBase36(doc - lastDoc, to: &text)
            text.append(UInt8(ascii: "."))
            Self.appendBase36(weight, to: &text)
            lastDoc = doc
        }

        /// Without a temporary array: this runs for every posting of every token.
        static func appendBase36(_ value: Int, to text: inout [UInt8]) {
            func digit(_ value: Int) -> UInt8 {
                UInt8(truncatingIfNeeded: value < 10 ? 0x30 + value : 0x61 + value - 10)
            }
            var power = 1
            while power <= value / 36 { power *= 36 }
            var rest = value
            while power > 0 {
                text.append(digit(rest / power))
                rest %= power
                power /= 36
            }
        }
    }

    /// Notes are tokenised in parallel, a batch at a time so that only a batch of per-note token
    /// tables is alive at once; their postings are appended in note order.
    /// `typeNames` as in the site settings: results show a note's type as the site names it.
    static func build(
        index: EntityIndex, rendered: [RenderedNote], typeNames: [String: String] = [:], jobs: Int
    ) async -> SearchIndex {
        var pairPostings: [UInt64: Postings] = [:]
        var textPostings: [String: Postings] = [:]
        let batchSize = 256 * max(jobs, 1)
        for batchStart in stride(from: 0, to: index.notes.count, by: batchSize) {
            let batch = Array(batchStart..<min(batchStart + batchSize, index.notes.count))
            let weights = await parallelMap(batch, jobs: jobs) { position in
                Self.weights(index: index, position: position, rendered: rendered[position])
            }
            for (doc, tokens) in zip(batch, weights) {
                for (pair, weight) in tokens.pairs {
                    pairPostings[pair, default: Postings()].append(doc: doc, weight: weight)
                }
                for (text, weight) in tokens.texts {
                    textPostings[text, default: Postings()].append(doc: doc, weight: weight)
                }
            }
        }
        var postings = textPostings
        for (pair, list) in pairPostings { postings[Weights.text(of: pair)] = list }
        return SearchIndex(index: index, rendered: rendered, postings: postings, typeNames: typeNames)
    }

    private init(
        index: EntityIndex, rendered: [RenderedNote], postings: [String: Postings], typeNames: [String: String]
    ) {
        // Byte order: the same everywhere, and much cheaper than comparing Unicode strings.
        let tokens = postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let totalBytes = postings.reduce(0) { $0 + $1.key.utf8.count + $1.value.text.count + 8 }
        var shardCount = 1
        while shardCount * Self.targetShardBytes < totalBytes && shardCount < 4096 { shardCount *= 2 }
        self.shardCount = shardCount

        var shards = [[UInt8]](repeating: [], count: shardCount)
        for token in tokens {
            let shard = Int(StableHash.fnv1a(token) % UInt32(shardCount))
            shards[shard].append(contentsOf: shards[shard].isEmpty ? "kbSearch.shard(\(shard),{".utf8 : ",\n".utf8)
            shards[shard].append(contentsOf: JSONText.quote(token).utf8)
            shards[shard].append(contentsOf: ":\"".utf8)
            shards[shard].append(contentsOf: Self.capped(postings[token]?.text ?? []))
            shards[shard].append(UInt8(ascii: "\""))
        }
        var files = shards.enumerated().map { number, bytes in
            OutputFile(
                path: "search/s\(number).js",
                bytes: (bytes.isEmpty ? Array("kbSearch.shard(\(number),{".utf8) : bytes) + Array("});\n".utf8))
        }
        for start in stride(from: 0, to: index.notes.count, by: Self.docsPerChunk) {
            let docs = (start..<min(start + Self.docsPerChunk, index.notes.count)).map { position in
                let note = index.notes[position]
                let fields = [
                    note.title.text, index.pages[position], note.type.map { typeNames[$0] ?? $0 } ?? "",
                    note.aliases.map(\.text).joined(separator: " / "),
                    rendered[position].headings.map(\.text).joined(separator: " · "),
                    String(rendered[position].text.prefix(Self.excerptCharacters)),
                ]
                return "[" + fields.map(JSONText.quote).joined(separator: ",") + "]"
            }
            files.append(
                OutputFile(
                    path: "search/d\(start / Self.docsPerChunk).js",
                    bytes: Array(
                        "kbSearch.docs(\(start / Self.docsPerChunk),[\n\(docs.joined(separator: ",\n"))]);\n".utf8)))
        }
        let meta =
            "kbSearch.meta({\"shards\":\(shardCount),\"chunk\":\(Self.docsPerChunk),\"docs\":\(index.notes.count)});\n"
        files.append(OutputFile(path: "search/meta.js", bytes: Array(meta.utf8)))
        self.files = files
    }

    /// The tokens of one note with their weights. Character pairs, most of any text, are keyed
    /// by their two scalars: hashing a `String` normalises it first and was the build's hot spot.
    struct Weights {
        var pairs: [UInt64: Int] = [:]
        var texts: [String: Int] = [:]

        static func key(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> UInt64 {
            UInt64(first.value) << 32 | UInt64(second.value)
        }

        static func text(of pair: UInt64) -> String {
            var token = ""
            token.unicodeScalars.append(Unicode.Scalar(UInt32(pair >> 32)) ?? " ")
            token.unicodeScalars.append(Unicode.Scalar(UInt32(pair & 0xFFFF_FFFF)) ?? " ")
            return token
        }
    }

    /// Postings text with at most `maxPostings` entries: the heaviest, in note order again.
    private static func capped(_ text: [UInt8]) -> [UInt8] {
        guard text.count > maxPostings * 3, text.count(where: { $0 == UInt8(ascii: ",") }) >= maxPostings else {
            return text
        }
        var entries: [(doc: Int, weight: Int)] = []
        var doc = 0
        for entry in text.split(separator: UInt8(ascii: ",")) {
            let parts = entry.split(separator: UInt8(ascii: "."))
            guard parts.count == 2, let delta = Int(String(decoding: parts[0], as: UTF8.self), radix: 36),
                let weight = Int(String(decoding: parts[1], as: UTF8.self), radix: 36)
            else { continue }
            doc += delta
            entries.append((doc, weight))
        }
        let kept = entries.sorted { ($0.weight, -$0.doc) > ($1.weight, -$1.doc) }.prefix(maxPostings).sorted {
            $0.doc < $1.doc
        }
        var postings = Postings()
        for entry in kept { postings.append(doc: entry.doc, weight: entry.weight) }
        return postings.text
    }

    /// Every token of one note with its weight.
    static func weights(index: EntityIndex, position: Int, rendered: RenderedNote) -> Weights {
        var names: [String: Int] = [:]
        func add(_ token: String, _ weight: Int) {
            if names[token, default: 0] < weight { names[token] = weight }
        }
        func addName(_ text: String, exact: Int, prefix: Int, single: Int) {
            for token in SearchTokenizer.tokens(text) {
                switch token {
                case .pair(let pair):
                    add(pair, exact)
                    for scalar in pair.unicodeScalars { add(String(scalar), single) }
                case .single(let character):
                    add(character, exact)
                case .word(let word):
                    add(word, exact)
                    addPrefixes(of: word, prefix)
                }
            }
            // Pinyin, so that `aliyun`, `a li yun` and `yunqi` find 阿里云 and 云栖小镇.
            let words = index.romanization.words(text)
            if text.unicodeScalars.contains(where: Romanization.isSyllabic) {
                for word in words { add(word, exact - 60) }
                let joined = words.joined()
                add(joined, exact - 50)
                addPrefixes(of: joined, exact - 55)
            }
        }
        func addPrefixes(of word: String, _ weight: Int) {
            let characters = Array(word)
            guard characters.count > 2 else { return }
            for length in 2..<characters.count { add(String(characters[..<length]), weight) }
        }

        // A short title that matches is a better answer than a long one that also does: `a li yun`
        // should find 阿里云 before 阿里云海外地域扩张.
        let note = index.notes[position]
        let shortness = max(0, 20 - note.title.text.count)
        addName(note.title.text, exact: 100 + shortness, prefix: 90 + shortness, single: 30 + shortness)
        for alias in note.aliases { addName(alias.text, exact: 60, prefix: 55, single: 20) }
        for heading in rendered.headings {
            for token in SearchTokenizer.tokens(heading.text) { add(token.text, 20) }
        }
        var weights = Weights()
        SearchTokenizer.scan(
            rendered.text,
            pair: { weights.pairs[Weights.key($0, $1), default: 0] += 1 },
            single: { _ in },
            word: { word in
                if word.count > 1 { weights.texts[String(word), default: 0] += 1 }
            })
        for key in weights.pairs.keys { weights.pairs[key] = min(weights.pairs[key] ?? 0, 10) }
        for key in weights.texts.keys { weights.texts[key] = min(weights.texts[key] ?? 0, 10) }
        // Name tokens weigh more than any count in the body, which then only adds to them.
        for (token, weight) in names {
            let scalars = Array(token.unicodeScalars)
            if scalars.count == 2, CharacterFolding.isCJK(scalars[0].value), CharacterFolding.isCJK(scalars[1].value) {
                weights.pairs[Weights.key(scalars[0], scalars[1]), default: 0] += weight
            } else {
                weights.texts[token, default: 0] += weight
            }
        }
        return weights
    }
}
