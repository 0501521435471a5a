import Synchronization

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
    /// No search file is larger than this (README § Search), whatever the notes hold.
    static let budgetBytes = 160 * 1024
    /// What one note may take in a documents file: a sixteenth of the budget, less the file's
    /// head and tail (`kbSearch.docs(n,[` and `]);`) and the `,\n` between notes.
    static let documentBytes = (budgetBytes - 64) / docsPerChunk - 2
    /// A longer "word" is not language (a hash, a blob, a run of one letter) and is not indexed;
    /// nor is a name's prefix past this length. Without it one word could fill a shard, and the
    /// prefixes of one long name grow with the square of its length.
    static let maxTokenBytes = 256

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

    /// Tokens are split by their hash into this many partitions, each merged by one task: a
    /// token's postings, in note order, come from its partition alone.
    static let partitionCount = 64

    /// One partition of the index as it grows.
    private final class Partition: Sendable {
        struct Tokens {
            var pairs = UInt64Map<Postings>()
            var texts: [String: Postings] = [:]
        }
        let tokens = Mutex(Tokens())
    }

    /// One note's tokens and weights in partition order: partition k's pairs are
    /// `pairs[pairStarts[k]..<pairStarts[k + 1]]`, and the same for texts. Two arrays a note and
    /// not two per partition: the allocations were most of the cost of splitting.
    private struct NoteTokens: Sendable {
        let pairs: [(UInt64, Int)]
        let pairStarts: [Int]
        let texts: [(String, Int)]
        let textStarts: [Int]

        init(_ weights: Weights) {
            (pairs, pairStarts) = Self.grouped(Array(weights.pairs.elements)) {
                Weights.hash(of: $0.0)
            }
            (texts, textStarts) = Self.grouped(Array(weights.texts)) { StableHash.fnv1a($0.0) }
        }

        /// `items` sorted by partition, stably (a counting sort), with where each partition starts.
        private static func grouped<Item>(_ items: [Item], hash: (Item) -> UInt32) -> ([Item], [Int]) {
            let partitions = items.map { Int(hash($0) % UInt32(partitionCount)) }
            var starts = [Int](repeating: 0, count: partitionCount + 1)
            for partition in partitions { starts[partition + 1] += 1 }
            for partition in 0..<partitionCount { starts[partition + 1] += starts[partition] }
            var next = starts
            let sorted = [Item](unsafeUninitializedCapacity: items.count) { buffer, count in
                for (item, partition) in zip(items, partitions) {
                    (buffer.baseAddress.unsafelyUnwrapped + next[partition]).initialize(to: item)
                    next[partition] += 1
                }
                count = items.count
            }
            return (sorted, starts)
        }
    }

    /// Notes are tokenised in parallel, a batch at a time so that only a batch of per-note token
    /// tables is alive at once; then the partitions take their postings in parallel, in note order.
    /// `typeNames` as in the site settings: results show a note's type as the site names it.
    static func build(
        index: EntityIndex, rendered: [RenderedNote], typeNames: [String: String] = [:], jobs: Int
    ) async -> SearchIndex {
        let partitions = (0..<partitionCount).map { _ in Partition() }
        let batchSize = 256 * max(jobs, 1)
        for batchStart in stride(from: 0, to: index.notes.count, by: batchSize) {
            let batch = Array(batchStart..<min(batchStart + batchSize, index.notes.count))
            let notes = await parallelMap(batch, jobs: jobs) { position in
                NoteTokens(Self.weights(index: index, position: position, rendered: rendered[position]))
            }
            _ = await parallelMap(Array(partitions.indices), jobs: jobs) { number in
                partitions[number].tokens.withLock { tokens in
                    for (doc, note) in zip(batch, notes) {
                        for (pair, weight) in note.pairs[note.pairStarts[number]..<note.pairStarts[number + 1]] {
                            tokens.pairs.update(pair, initial: Postings()) { $0.append(doc: doc, weight: weight) }
                        }
                        for (text, weight) in note.texts[note.textStarts[number]..<note.textStarts[number + 1]] {
                            tokens.texts[text, default: Postings()].append(doc: doc, weight: weight)
                        }
                    }
                }
            }
        }

        let totalBytes = partitions.reduce(0) { total, partition in
            partition.tokens.withLock { tokens in
                total + tokens.pairs.elements.reduce(0) { $0 + $1.value.text.count + 14 }
                    + tokens.texts.reduce(0) { $0 + $1.key.utf8.count + $1.value.text.count + 8 }
            }
        }
        var count = 1
        while count * Self.targetShardBytes < totalBytes && count < 4096 { count *= 2 }
        let shardCount = count
        let shards = await parallelMap(Array(0..<shardCount), jobs: jobs) { number in
            OutputFile(
                path: "search/s\(number).js",
                bytes: Self.shard(number, of: shardCount, from: partitions))
        }
        let chunks = await parallelMap(Array(stride(from: 0, to: index.notes.count, by: docsPerChunk)), jobs: jobs) {
            Self.documents(from: $0, index: index, rendered: rendered, typeNames: typeNames)
        }
        let meta =
            "kbSearch.meta({\"shards\":\(shardCount),\"chunk\":\(Self.docsPerChunk),\"docs\":\(index.notes.count)});\n"
        return SearchIndex(
            files: shards + chunks + [OutputFile(path: "search/meta.js", bytes: Array(meta.utf8))],
            shardCount: shardCount)
    }

    /// The script of one shard: its tokens in byte order (the same everywhere, and much cheaper
    /// than comparing Unicode strings) with their postings. Shard and partition numbers are both
    /// the hash modulo a power of two, so a shard takes its tokens from whole partitions, or from
    /// part of one.
    private static func shard(_ number: Int, of shardCount: Int, from partitions: [Partition]) -> [UInt8] {
        var entries: [(token: String, postings: [UInt8])] = []
        for partition in stride(from: number % partitionCount, to: partitionCount, by: shardCount) {
            partitions[partition].tokens.withLock { tokens in
                for (pair, postings) in tokens.pairs.elements
                where Int(Weights.hash(of: pair)) % shardCount == number {
                    entries.append((Weights.text(of: pair), postings.text))
                }
                for (text, postings) in tokens.texts where Int(StableHash.fnv1a(text)) % shardCount == number {
                    entries.append((text, postings.text))
                }
            }
        }
        entries.sort { $0.token.utf8.lexicographicallyPrecedes($1.token.utf8) }
        let tokens = entries.map { JSONText.quote($0.token) }
        let bytes = script(number, tokens: tokens, postings: entries.map { Self.capped($0.postings) })
        guard bytes.count > budgetBytes else { return bytes }
        // Only tokens whose hashes meet in one shard, each in thousands of notes, get here. The
        // longest lists are cut to one length, the longest that fits, keeping their heaviest
        // notes; a list cut to nothing leaves its token out.
        func cut(to length: Int) -> [UInt8] {
            script(number, tokens: tokens, postings: entries.map { Self.capped($0.postings, to: length) })
        }
        var fits = 0
        var fails = maxPostings
        while fails - fits > 1 {
            let length = (fits + fails) / 2
            if cut(to: length).count <= budgetBytes { fits = length } else { fails = length }
        }
        return cut(to: fits)
    }

    private static func script(_ number: Int, tokens: [String], postings: [[UInt8]]) -> [UInt8] {
        var bytes = Array("kbSearch.shard(\(number),{".utf8)
        var first = true
        for (token, postings) in zip(tokens, postings) where !postings.isEmpty {
            if !first { bytes.append(contentsOf: ",\n".utf8) }
            first = false
            bytes.append(contentsOf: token.utf8)
            bytes.append(contentsOf: ":\"".utf8)
            bytes.append(contentsOf: postings)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(contentsOf: "});\n".utf8)
        return bytes
    }

    /// The documents file of the notes from `start`: what a result shows.
    private static func documents(
        from start: Int, index: EntityIndex, rendered: [RenderedNote], typeNames: [String: String]
    ) -> OutputFile {
        let docs = (start..<min(start + docsPerChunk, index.notes.count)).map { position in
            let note = index.notes[position]
            // The page whole, since a result must lead to it; then each field as far as it fits
            // in what is left, in order of use. Only notes far larger than usual are cut.
            let page = JSONText.quote(index.pages[position])
            var room = documentBytes - 7 - page.utf8.count - 5 * 2
            func field(_ text: String, limit: Int) -> String {
                let quoted = JSONText.quote(text, limit: min(limit, room + 2))
                room -= quoted.utf8.count - 2
                return quoted
            }
            let title = field(note.title.text, limit: 1024)
            let type = field(note.type.map { typeNames[$0] ?? $0 } ?? "", limit: 256)
            let text = field(String(rendered[position].text.prefix(excerptCharacters)), limit: .max)
            let aliases = field(note.aliases.map(\.text).joined(separator: " / "), limit: 2048)
            let headings = field(rendered[position].headings.map(\.text).joined(separator: " · "), limit: .max)
            return "[" + [title, page, type, aliases, headings, text].joined(separator: ",") + "]"
        }
        return OutputFile(
            path: "search/d\(start / docsPerChunk).js",
            bytes: Array("kbSearch.docs(\(start / docsPerChunk),[\n\(docs.joined(separator: ",\n"))]);\n".utf8))
    }

    /// The tokens of one note with their weights. Character pairs, most of any text, are keyed
    /// by their two scalars: hashing a `String` normalises it first and was the build's hot spot.
    struct Weights {
        var pairs = UInt64Map<Int>()
        var texts: [String: Int] = [:]

        static func key(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> UInt64 {
            UInt64(first.value) << 32 | UInt64(second.value)
        }

        /// `StableHash.fnv1a` of the pair's text, without making the text.
        static func hash(of pair: UInt64) -> UInt32 {
            var hash = StableHash.start
            UTF8.encode(scalar(pair >> 32)) { hash = StableHash.adding(hash, $0) }
            UTF8.encode(scalar(pair & 0xFFFF_FFFF)) { hash = StableHash.adding(hash, $0) }
            return hash
        }

        private static func scalar(_ value: UInt64) -> Unicode.Scalar {
            Unicode.Scalar(UInt32(truncatingIfNeeded: value)) ?? " "
        }

        static func text(of pair: UInt64) -> String {
            var token = ""
            token.unicodeScalars.append(scalar(pair >> 32))
            token.unicodeScalars.append(scalar(pair & 0xFFFF_FFFF))
            return token
        }
    }

    /// Postings text with at most `limit` entries: the heaviest, in note order again.
    static func capped(_ text: [UInt8], to limit: Int = maxPostings) -> [UInt8] {
        guard text.count > limit * 3, text.count(where: { $0 == UInt8(ascii: ",") }) >= limit else {
            return text
        }
        // Read back byte by byte: `Postings` wrote it, so it is `delta.weight` pairs, base 36.
        var entries: [(doc: Int, weight: Int)] = []
        var doc = 0
        var number = 0
        var delta = 0
        for byte in text + [UInt8(ascii: ",")] {
            switch byte {
            case UInt8(ascii: "."):
                delta = number
                number = 0
            case UInt8(ascii: ","):
                doc += delta
                entries.append((doc, number))
                number = 0
            default:
                number =
                    number * 36
                    + Int(byte < UInt8(ascii: "a") ? byte - UInt8(ascii: "0") : byte - UInt8(ascii: "a") + 10)
            }
        }
        // The heaviest, ties going to the earlier note, found by counting weights rather than by
        // sorting: the weight below which nothing is kept, and how many of that weight are.
        let heaviest = entries.reduce(0) { max($0, $1.weight) }
        var counts = [Int](repeating: 0, count: heaviest + 1)
        for entry in entries { counts[entry.weight] += 1 }
        var threshold = heaviest
        var above = 0
        while above + counts[threshold] < limit {
            above += counts[threshold]
            threshold -= 1
        }
        var ties = limit - above
        var postings = Postings()
        for entry in entries where entry.weight >= threshold {
            if entry.weight == threshold {
                guard ties > 0 else { continue }
                ties -= 1
            }
            postings.append(doc: entry.doc, weight: entry.weight)
        }
        return postings.text
    }

    /// Every token of one note with its weight.
    static func weights(index: EntityIndex, position: Int, rendered: RenderedNote) -> Weights {
        var names: [String: Int] = [:]
        func add(_ token: String, _ weight: Int) {
            guard token.utf8.count <= maxTokenBytes else { return }
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
            let characters = Array(word.prefix(maxTokenBytes))
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
        SearchTokenizer.scan(rendered.text, into: &weights)
        weights.pairs.updateAll { $0 = min($0, 10) }
        for key in weights.texts.keys { weights.texts[key] = min(weights.texts[key] ?? 0, 10) }
        // Name tokens weigh more than any count in the body, which then only adds to them.
        for (token, weight) in names {
            let scalars = Array(token.unicodeScalars)
            if scalars.count == 2, CharacterFolding.isCJK(scalars[0].value), CharacterFolding.isCJK(scalars[1].value) {
                weights.pairs.update(Weights.key(scalars[0], scalars[1]), initial: 0) { $0 += weight }
            } else {
                weights.texts[token, default: 0] += weight
            }
        }
        return weights
    }
}

/// The body's tokens, counted: each occurrence weighs 1. Lone CJK characters and one-letter
/// words are too common to index.
extension SearchIndex.Weights: SearchTokenizer.Sink {
    mutating func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar) {
        pairs.update(Self.key(first, second), initial: 0) { $0 += 1 }
    }

    mutating func single(_ scalar: Unicode.Scalar) {}

    mutating func word(_ word: String, length: Int) {
        if length > 1 && word.utf8.count <= SearchIndex.maxTokenBytes { texts[word, default: 0] += 1 }
    }
}
