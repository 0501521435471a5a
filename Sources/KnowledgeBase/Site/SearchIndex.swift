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

    let files: [OutputFile]
    let shardCount: Int

    init(index: EntityIndex, rendered: [RenderedNote]) {
        var postings: [String: [(doc: Int, weight: Int)]] = [:]
        for position in index.notes.indices {
            for (token, weight) in Self.weights(index: index, position: position, rendered: rendered[position]) {
                postings[token, default: []].append((position, weight))
            }
        }
        let tokens = postings.keys.sorted()
        var encoded: [String: String] = [:]
        var totalBytes = 0
        for token in tokens {
            var previous = 0
            var list = ""
            for (doc, weight) in postings[token] ?? [] {
                if !list.isEmpty { list += "," }
                list += String(doc - previous, radix: 36) + "." + String(weight, radix: 36)
                previous = doc
            }
            encoded[token] = list
            totalBytes += token.utf8.count + list.utf8.count + 8
        }
        var shardCount = 1
        while shardCount * Self.targetShardBytes < totalBytes && shardCount < 4096 { shardCount *= 2 }
        self.shardCount = shardCount

        var shards = [[String]](repeating: [], count: shardCount)
        for token in tokens {
            shards[Int(StableHash.fnv1a(token) % UInt32(shardCount))].append(
                JSONText.quote(token) + ":" + JSONText.quote(encoded[token] ?? ""))
        }
        var files = shards.enumerated().map { number, entries in
            OutputFile(
                path: "search/s\(number).js",
                bytes: Array("kbSearch.shard(\(number),{\(entries.joined(separator: ",\n"))});\n".utf8))
        }
        for start in stride(from: 0, to: index.notes.count, by: Self.docsPerChunk) {
            let docs = (start..<min(start + Self.docsPerChunk, index.notes.count)).map { position in
                let note = index.notes[position]
                let fields = [
                    note.title.text, index.pages[position], note.type ?? "",
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

    /// Every token of one note with its weight.
    static func weights(index: EntityIndex, position: Int, rendered: RenderedNote) -> [String: Int] {
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
        var body: [String: Int] = [:]
        for token in SearchTokenizer.tokens(rendered.text) {
            if case .word(let word) = token, word.unicodeScalars.count < 2 { continue }
            body[token.text, default: 0] += 1
        }
        for (token, count) in body { names[token, default: 0] += min(count, 10) }
        return names
    }
}
