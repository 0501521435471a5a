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
        /// The index the last build made, for the next to patch.
        var last: Built? = nil
    }

    /// A token of a shard, with its postings before `capped`.
    struct ShardEntry: Sendable {
        var token: String
        /// A character or a pair of them (`SearchWeights.pairs`), not a word.
        var isPair: Bool
        var postings: [UInt8]

        /// The order of a shard: the tokens' bytes, then a pair before a word of the same text.
        static func precedes(_ a: ShardEntry, _ b: ShardEntry) -> Bool {
            precedes(a.token, a.isPair, b.token, b.isPair)
        }

        static func precedes(_ token: String, _ isPair: Bool, _ other: String, _ otherIsPair: Bool) -> Bool {
            token.utf8.lexicographicallyPrecedes(other.utf8)
                || (isPair && !otherIsPair && token.utf8.elementsEqual(other.utf8))
        }

        /// What the token adds to the index's size, from which the shard count follows.
        var bytes: Int { isPair ? postings.count + 14 : token.utf8.count + postings.count + 8 }
    }

    /// What one build made of the index, kept by `kb serve`: when a save changes the tokens of a
    /// few notes, the next build changes only the postings of those tokens, and writes again only
    /// the shards, documents files and words files they are in (`patched`), rather than merging
    /// every note's tokens again.
    struct Built: Sendable {
        /// The notes, in the order of their document numbers.
        var ids: [String]
        var totalBytes: Int
        /// Each shard's tokens in shard order (`ShardEntry.precedes`), and its file.
        var shards: [[ShardEntry]]
        var shardFiles: [OutputFile]
        /// What a note's document shows that its tokens do not: its page and its type's name.
        var documents: [DocumentPlace]
        var chunkFiles: [OutputFile]
        /// How many notes hold each word, by words file (`SearchVocabulary.fileName`).
        var words: [String: [String: Int]]
        var wordFiles: [String: OutputFile]
    }

    struct DocumentPlace: Sendable, Equatable {
        var page: String
        var type: String?
    }

    /// More notes changed than this, and merging every note's tokens again is as quick.
    static let patchedNotesPast = 64

    /// The same, taking a note's tokens from `memo` when what they are made of is unchanged, and
    /// refilling it; nil keeps nothing. When only a few notes changed, the last build's index is
    /// patched (`patched`), to the same bytes.
    static func build(
        index: EntityIndex, rendered: [RenderedNote], typeNames: [String: String] = [:], jobs: Int,
        memo: inout TokenMemo?
    ) async -> SearchIndex {
        let known = memo.flatMap { $0.romanization == index.romanization ? $0.entries : nil } ?? [:]
        if let last = memo?.last, !known.isEmpty, last.ids.count == index.notes.count,
            last.ids.elementsEqual(index.notes.lazy.map(\.id))
        {
            let entries = await parallelMap(Array(index.notes.indices), jobs: jobs) { position in
                entry(position, index: index, rendered: rendered, known: known)
            }
            let changed = entries.indices.filter { !entries[$0].reused }
            if changed.count <= patchedNotesPast,
                let patch = await patched(
                    last, changed: changed, old: changed.map { known[index.notes[$0].id]?.tokens },
                    new: changed.map { entries[$0].entry.tokens }, index: index, rendered: rendered,
                    typeNames: typeNames, jobs: jobs)
            {
                memo = TokenMemo(
                    romanization: index.romanization,
                    entries: Dictionary(
                        zip(index.notes, entries).map { ($0.id, $1.entry) }, uniquingKeysWith: { first, _ in first }),
                    last: patch.built)
                return patch.search
            }
        }
        return await full(index: index, rendered: rendered, typeNames: typeNames, jobs: jobs, known: known, memo: &memo)
    }

    /// The note's tokens, from `known` when its names, headings and text are those they were made of.
    private static func entry(
        _ position: Int, index: EntityIndex, rendered: [RenderedNote], known: [String: TokenMemo.Entry]
    ) -> (entry: TokenMemo.Entry, reused: Bool) {
        let note = index.notes[position]
        let names = note.names.map(\.text)
        let headings = rendered[position].headings.map(\.text)
        if let entry = known[note.id], entry.names == names, entry.headings == headings,
            entry.text == rendered[position].text
        {
            return (entry, true)
        }
        let tokens = NoteTokens(SearchWeights(index: index, position: position, rendered: rendered[position]))
        return (TokenMemo.Entry(names: names, headings: headings, text: rendered[position].text, tokens: tokens), false)
    }

    /// Every note's tokens merged, a batch of notes at a time.
    private static func full(
        index: EntityIndex, rendered: [RenderedNote], typeNames: [String: String], jobs: Int,
        known: [String: TokenMemo.Entry], memo: inout TokenMemo?
    ) async -> SearchIndex {
        let partitions = (0..<partitionCount).map { _ in Partition() }
        let batchSize = 256 * max(jobs, 1)
        let keeps = memo != nil
        var kept: [String: TokenMemo.Entry] = [:]
        for batchStart in stride(from: 0, to: index.notes.count, by: batchSize) {
            let batch = Array(batchStart..<min(batchStart + batchSize, index.notes.count))
            let entries = await parallelMap(batch, jobs: jobs) { position in
                entry(position, index: index, rendered: rendered, known: known).entry
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
        let shardCount = shardCount(totalBytes)
        let shards = await parallelMap(Array(0..<shardCount), jobs: jobs) { number in
            let entries = Self.entries(of: number, of: shardCount, from: partitions)
            return (entries: keeps ? entries : [], file: shardFile(number, entries))
        }
        let chunks = await parallelMap(Array(stride(from: 0, to: index.notes.count, by: docsPerChunk)), jobs: jobs) {
            Self.documents(from: $0, index: index, rendered: rendered, typeNames: typeNames)
        }
        var words: [String: Int] = [:]
        for partition in partitions {
            partition.tokens.withLock { tokens in words.merge(tokens.words) { $0 + $1 } }
        }
        var groups: [String: [String: Int]] = [:]
        for (word, count) in words { groups[SearchVocabulary.fileName(of: word), default: [:]][word] = count }
        let wordFiles = SearchVocabulary.files(words)
        if keeps {
            let built = Built(
                ids: index.notes.map(\.id), totalBytes: totalBytes, shards: shards.map(\.entries),
                shardFiles: shards.map(\.file),
                documents: index.notes.indices.map { documentPlace($0, index: index, typeNames: typeNames) },
                chunkFiles: chunks, words: groups,
                wordFiles: Dictionary(
                    zip(groups.keys.sorted(), wordFiles).map { ($0, $1) }, uniquingKeysWith: { first, _ in first }))
            memo = TokenMemo(romanization: index.romanization, entries: kept, last: built)
        }
        return SearchIndex(
            files: assembled(
                shards: shards.map(\.file), chunks: chunks, words: wordFiles, shardCount: shardCount,
                docs: index.notes.count),
            shardCount: shardCount)
    }

    /// The fewest shards, a power of two, that keep shards near `targetShardBytes`.
    private static func shardCount(_ totalBytes: Int) -> Int {
        var count = 1
        while count * Self.targetShardBytes < totalBytes && count < 4096 { count *= 2 }
        return count
    }

    private static func assembled(
        shards: [OutputFile], chunks: [OutputFile], words: [OutputFile], shardCount: Int, docs: Int
    ) -> [OutputFile] {
        let meta = "kbSearch.meta({\"shards\":\(shardCount),\"chunk\":\(Self.docsPerChunk),\"docs\":\(docs)});\n"
        return shards + chunks + words
            + [ChineseVariants.table.script, OutputFile(path: "search/meta.js", bytes: Array(meta.utf8))]
    }

    private static func documentPlace(_ position: Int, index: EntityIndex, typeNames: [String: String])
        -> DocumentPlace
    {
        DocumentPlace(page: index.pages[position], type: index.notes[position].type.map { typeNames[$0] ?? $0 })
    }

    /// `last` with the tokens of the notes at `changed` (`old`, nil for none, before, and `new`
    /// now) taken out and put in again; nil when the index needs another number of shards, which
    /// moves every token.
    private static func patched(
        _ last: Built, changed: [Int], old: [NoteTokens?], new: [NoteTokens], index: EntityIndex,
        rendered: [RenderedNote], typeNames: [String: String], jobs: Int
    ) async -> (search: SearchIndex, built: Built)? {
        let shardCount = last.shards.count
        // Each token whose weight in a changed note is another now, by shard: the note, and its
        // new weight, nil when it no longer holds the token.
        var changes: [Int: [TokenKey: [(doc: Int, weight: Int?)]]] = [:]
        var words = last.words
        var touchedWords: Set<String> = []
        for (doc, (before, after)) in zip(changed, zip(old, new)) {
            var pairs: [UInt64: (Int?, Int?)] = [:]
            for (pair, weight) in before?.pairs ?? [] { pairs[pair] = (weight, nil) }
            for (pair, weight) in after.pairs { pairs[pair, default: (nil, nil)].1 = weight }
            for (pair, (was, now)) in pairs where was != now {
                let shard = Int(SearchWeights.hash(of: pair)) % shardCount
                changes[shard, default: [:]][TokenKey(token: SearchWeights.text(of: pair), isPair: true), default: []]
                    .append((doc, now))
            }
            var texts: [String: (Int?, Int?)] = [:]
            for (text, weight) in before?.texts ?? [] { texts[text] = (weight, nil) }
            for (text, weight) in after.texts { texts[text, default: (nil, nil)].1 = weight }
            for (text, (was, now)) in texts where was != now {
                let shard = Int(StableHash.fnv1a(text)) % shardCount
                changes[shard, default: [:]][TokenKey(token: text, isPair: false), default: []].append((doc, now))
            }
            let wordsBefore = Set(before?.words ?? [])
            let wordsAfter = Set(after.words)
            for word in wordsBefore.symmetricDifference(wordsAfter) {
                let file = SearchVocabulary.fileName(of: word)
                touchedWords.insert(file)
                let count = (words[file]?[word] ?? 0) + (wordsAfter.contains(word) ? 1 : -1)
                words[file, default: [:]][word] = count > 0 ? count : nil
            }
        }
        let touched = changes.keys.sorted()
        let allChanges = changes
        let patches = await parallelMap(touched, jobs: jobs) { shard in
            var entries = last.shards[shard]
            var delta = 0
            for (key, notes) in allChanges[shard] ?? [:] {
                var low = 0
                var high = entries.count
                while low < high {
                    let middle = (low + high) / 2
                    if ShardEntry.precedes(entries[middle].token, entries[middle].isPair, key.token, key.isPair) {
                        low = middle + 1
                    } else {
                        high = middle
                    }
                }
                let found =
                    low < entries.count && entries[low].isPair == key.isPair
                    && entries[low].token.utf8.elementsEqual(key.token.utf8)
                let before = found ? entries[low] : ShardEntry(token: key.token, isPair: key.isPair, postings: [])
                let changedDocs = Set(notes.map(\.doc))
                var postings = decoded(before.postings).filter { !changedDocs.contains($0.doc) }
                postings += notes.compactMap { note in note.weight.map { (note.doc, $0) } }
                postings.sort { $0.doc < $1.doc }
                var text = Postings()
                for (doc, weight) in postings { text.append(doc: doc, weight: weight) }
                let after = ShardEntry(token: key.token, isPair: key.isPair, postings: text.text)
                delta += (after.postings.isEmpty ? 0 : after.bytes) - (found ? before.bytes : 0)
                switch (found, after.postings.isEmpty) {
                case (true, true): entries.remove(at: low)
                case (true, false): entries[low] = after
                case (false, false): entries.insert(after, at: low)
                case (false, true): break
                }
            }
            return (shard: shard, entries: entries, delta: delta)
        }
        let totalBytes = last.totalBytes + patches.reduce(0) { $0 + $1.delta }
        guard Self.shardCount(totalBytes) == shardCount else { return nil }
        var built = last
        built.totalBytes = totalBytes
        let files = await parallelMap(patches, jobs: jobs) { shardFile($0.shard, $0.entries) }
        for (patch, file) in zip(patches, files) {
            built.shards[patch.shard] = patch.entries
            built.shardFiles[patch.shard] = file
        }

        // A document shows the note's names, headings and text, which its tokens are made of, and
        // its page and type.
        let changedSet = Set(changed)
        let places = index.notes.indices.map { documentPlace($0, index: index, typeNames: typeNames) }
        let chunks = Set(
            index.notes.indices.filter { changedSet.contains($0) || places[$0] != last.documents[$0] }
                .map { $0 / docsPerChunk }
        ).sorted()
        let chunkFiles = await parallelMap(chunks, jobs: jobs) {
            documents(from: $0 * docsPerChunk, index: index, rendered: rendered, typeNames: typeNames)
        }
        for (chunk, file) in zip(chunks, chunkFiles) { built.chunkFiles[chunk] = file }
        built.documents = places

        for file in touchedWords {
            if let group = words[file], !group.isEmpty {
                built.wordFiles[file] = SearchVocabulary.files(group).first
            } else {
                words[file] = nil
                built.wordFiles[file] = nil
            }
        }
        built.words = words
        let search = SearchIndex(
            files: assembled(
                shards: built.shardFiles, chunks: built.chunkFiles,
                words: built.wordFiles.keys.sorted().compactMap { built.wordFiles[$0] }, shardCount: shardCount,
                docs: index.notes.count),
            shardCount: shardCount)
        return (search, built)
    }

    private struct TokenKey: Hashable {
        var token: String
        var isPair: Bool
    }

    /// The tokens of one shard in shard order (`ShardEntry.precedes`: their bytes, the same
    /// everywhere, and much cheaper than comparing Unicode strings) with their postings. Shard and
    /// partition numbers are both the hash modulo a power of two, so a shard takes its tokens from
    /// whole partitions, or from part of one.
    private static func entries(of number: Int, of shardCount: Int, from partitions: [Partition]) -> [ShardEntry] {
        var entries: [ShardEntry] = []
        for partition in stride(from: number % partitionCount, to: partitionCount, by: shardCount) {
            partitions[partition].tokens.withLock { tokens in
                for (pair, postings) in tokens.pairs.elements
                where Int(SearchWeights.hash(of: pair)) % shardCount == number {
                    entries.append(
                        ShardEntry(token: SearchWeights.text(of: pair), isPair: true, postings: postings.text))
                }
                for (text, postings) in tokens.texts where Int(StableHash.fnv1a(text)) % shardCount == number {
                    entries.append(ShardEntry(token: text, isPair: false, postings: postings.text))
                }
            }
        }
        entries.sort(by: ShardEntry.precedes)
        return entries
    }

    /// The script of one shard.
    private static func shardFile(_ number: Int, _ entries: [ShardEntry]) -> OutputFile {
        let tokens = entries.map { JSONText.quote($0.token) }
        let bytes = script(number, tokens: tokens, postings: entries.map { Self.capped($0.postings) })
        guard bytes.count > budgetBytes else { return OutputFile(path: "search/s\(number).js", bytes: bytes) }
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
        return OutputFile(path: "search/s\(number).js", bytes: cut(to: fits))
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
        let entries = decoded(text)
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

    /// Postings text read back: `Postings` wrote it, so it is `delta.weight` pairs, base 36.
    static func decoded(_ text: [UInt8]) -> [(doc: Int, weight: Int)] {
        guard !text.isEmpty else { return [] }
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
        return entries
    }
}
