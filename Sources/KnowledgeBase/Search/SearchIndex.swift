import Synchronization

/// The search index, as script files so that it loads from `file://` too (browsers refuse
/// `fetch()` there), split so that a query loads only a few small files:
///
/// - `search/meta.js`: how many shards and document chunks there are;
/// - `search/s<k>.js`: the postings of the tokens whose hash falls in shard k;
/// - `search/d<k>.js`: title, URL, type, aliases, headings and the start of the text of 16 notes,
///   for showing results with a snippet;
/// - `search/fold.js`: traditional Chinese characters and their simplified forms (`ChineseVariants`);
/// - `search/w<first>-<length>.js`: the words a typo may be corrected to (`SearchVocabulary`).
///
/// A token's postings say which notes hold it and how strongly (`SearchWeights`); `assets/kb.js`
/// adds these up over the query's tokens.
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
            /// How many notes hold each word of the vocabulary.
            var words: [String: Int] = [:]
        }
        let tokens = Mutex(Tokens())
    }

    /// One note's tokens and weights in partition order: partition k's pairs are
    /// `pairs[pairStarts[k]..<pairStarts[k + 1]]`, and the same for texts. Two arrays a note and
    /// not two per partition: the allocations were most of the cost of splitting.
    struct NoteTokens: Sendable {
        let pairs: [(UInt64, Int)]
        let pairStarts: [Int]
        let texts: [(String, Int)]
        let textStarts: [Int]
        let words: [String]
        let wordStarts: [Int]

        init(_ weights: SearchWeights) {
            (pairs, pairStarts) = Self.grouped(Array(weights.pairs.elements)) {
                SearchWeights.hash(of: $0.0)
            }
            (texts, textStarts) = Self.grouped(Array(weights.texts)) { StableHash.fnv1a($0.0) }
            (words, wordStarts) = Self.grouped(Array(weights.words)) { StableHash.fnv1a($0) }
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
        var memo: TokenMemo?
        return await build(index: index, rendered: rendered, typeNames: typeNames, jobs: jobs, memo: &memo)
    }

    /// Each note's tokens with what they were made of, kept by `kb serve` so that a save
    /// tokenises only the notes whose names, headings or text changed.
    struct TokenMemo: Sendable {
        struct Entry: Sendable {
            var names: [String]
            var headings: [String]
            var text: String
            var tokens: NoteTokens
        }
        /// The spellings the names were romanised with: all entries are stale when they change.
        var romanization: Romanization
        var entries: [String: Entry]
    }

    /// The same, taking a note's tokens from `memo` when what they are made of is unchanged, and
    /// refilling it; nil keeps nothing.
    static func build(
        index: EntityIndex, rendered: [RenderedNote], typeNames: [String: String] = [:], jobs: Int,
        memo: inout TokenMemo?
    ) async -> SearchIndex {
        let partitions = (0..<partitionCount).map { _ in Partition() }
        let batchSize = 256 * max(jobs, 1)
        let keeps = memo != nil
        let known = memo.flatMap { $0.romanization == index.romanization ? $0.entries : nil } ?? [:]
        var kept: [String: TokenMemo.Entry] = [:]
        for batchStart in stride(from: 0, to: index.notes.count, by: batchSize) {
            let batch = Array(batchStart..<min(batchStart + batchSize, index.notes.count))
            let entries = await parallelMap(batch, jobs: jobs) { position in
                let note = index.notes[position]
                let names = note.names.map(\.text)
                let headings = rendered[position].headings.map(\.text)
                if let entry = known[note.id], entry.names == names, entry.headings == headings,
                    entry.text == rendered[position].text
                {
                    return entry
                }
                return TokenMemo.Entry(
                    names: names, headings: headings, text: rendered[position].text,
                    tokens: NoteTokens(SearchWeights(index: index, position: position, rendered: rendered[position])))
            }
            let notes = entries.map(\.tokens)
            if keeps {
                for (position, entry) in zip(batch, entries) { kept[index.notes[position].id] = entry }
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
                        for word in note.words[note.wordStarts[number]..<note.wordStarts[number + 1]] {
                            tokens.words[word, default: 0] += 1
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
        var words: [String: Int] = [:]
        for partition in partitions {
            partition.tokens.withLock { tokens in words.merge(tokens.words) { $0 + $1 } }
        }
        if keeps { memo = TokenMemo(romanization: index.romanization, entries: kept) }
        let meta =
            "kbSearch.meta({\"shards\":\(shardCount),\"chunk\":\(Self.docsPerChunk),\"docs\":\(index.notes.count)});\n"
        return SearchIndex(
            files: shards + chunks + SearchVocabulary.files(words)
                + [ChineseVariants.table.script, OutputFile(path: "search/meta.js", bytes: Array(meta.utf8))],
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
                where Int(SearchWeights.hash(of: pair)) % shardCount == number {
                    entries.append((SearchWeights.text(of: pair), postings.text))
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
}
