/// The tokens of one note with their weights. Chinese characters and character pairs, most of any
/// text, are keyed by their scalars (a lone character has 0 for a first): hashing a `String`
/// normalises it first and was the build's hot spot.
///
/// A title match counts 100, an alias 60, a pinyin spelling of either 40–50 (plus up to 20 for a
/// short title), a heading 20, each occurrence in the body 1 (at most 10).
struct SearchWeights {
    var pairs = UInt64Map<Int>()
    var texts: [String: Int] = [:]
    /// The whole words of the note that a typo may be corrected to (`SearchVocabulary`).
    var words: Set<String> = []

    /// A pinyin spelling from inside a name is indexed up to this many letters, with its prefixes:
    /// a name's spellings from every syllable would otherwise grow with the square of its length.
    static let maxPinyinLetters = 32

    static func key(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> UInt64 {
        UInt64(first.value) << 32 | UInt64(second.value)
    }

    static func key(_ single: Unicode.Scalar) -> UInt64 { UInt64(single.value) }

    /// `StableHash.fnv1a` of the token's text, without making the text.
    static func hash(of key: UInt64) -> UInt32 {
        var hash = StableHash.start
        if key >> 32 != 0 { UTF8.encode(scalar(key >> 32)) { hash = StableHash.adding(hash, $0) } }
        UTF8.encode(scalar(key & 0xFFFF_FFFF)) { hash = StableHash.adding(hash, $0) }
        return hash
    }

    private static func scalar(_ value: UInt64) -> Unicode.Scalar {
        Unicode.Scalar(UInt32(truncatingIfNeeded: value)) ?? " "
    }

    static func text(of key: UInt64) -> String {
        var token = ""
        if key >> 32 != 0 { token.unicodeScalars.append(scalar(key >> 32)) }
        token.unicodeScalars.append(scalar(key & 0xFFFF_FFFF))
        return token
    }

    /// Every token of one note with its weight.
    init(index: EntityIndex, position: Int, rendered: RenderedNote) {
        var names = NameTokens(romanization: index.romanization)
        // A short title that matches is a better answer than a long one that also does: `a li yun`
        // should find 阿里云 before 阿里云海外地域扩张.
        let note = index.notes[position]
        let shortness = max(0, 20 - note.title.text.count)
        names.add(name: note.title.text, exact: 100 + shortness, prefix: 90 + shortness, single: 30 + shortness)
        for alias in note.aliases { names.add(name: alias.text, exact: 60, prefix: 55, single: 20) }
        for heading in rendered.headings {
            for token in SearchTokenizer.tokens(heading.text) {
                names.add(token.text, 20)
                if case .pair(let pair) = token {
                    for scalar in pair.unicodeScalars { names.add(String(scalar), 10) }
                }
            }
        }
        // A Chinese character is three bytes and adds itself and a pair; most are repeated.
        pairs = UInt64Map(minimumCapacity: rendered.text.utf8.count / 3)
        SearchTokenizer.scan(rendered.text, into: &self)
        pairs.updateAll { $0 = min($0, 10) }
        for key in texts.keys { texts[key] = min(texts[key] ?? 0, 10) }
        words = Set(texts.keys.filter(SearchVocabulary.isCorrectable)).union(names.words)
        // Name tokens weigh more than any count in the body, which then only adds to them.
        for (token, weight) in names.weights {
            let scalars = Array(token.unicodeScalars)
            if scalars.count == 2, CharacterFolding.isCJK(scalars[0].value), CharacterFolding.isCJK(scalars[1].value) {
                pairs.update(Self.key(scalars[0], scalars[1]), initial: 0) { $0 += weight }
            } else if scalars.count == 1, CharacterFolding.isCJK(scalars[0].value) {
                pairs.update(Self.key(scalars[0]), initial: 0) { $0 += weight }
            } else {
                texts[token, default: 0] += weight
            }
        }
    }

    /// The tokens of a note's names (title, aliases, headings), each with its highest weight.
    private struct NameTokens {
        let romanization: Romanization
        var weights: [String: Int] = [:]
        var words: Set<String> = []

        mutating func add(_ token: String, _ weight: Int) {
            guard token.utf8.count <= SearchIndex.maxTokenBytes else { return }
            if weights[token, default: 0] < weight { weights[token] = weight }
        }

        mutating func add(name text: String, exact: Int, prefix: Int, single: Int) {
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
                    if SearchVocabulary.isCorrectable(word) { words.insert(word) }
                }
            }
            guard text.unicodeScalars.contains(where: Romanization.isSyllabic) else { return }
            addPinyin(romanization.words(text), exact: exact)
        }

        /// Pinyin from every syllable, in full and as initials: `aliyun`, `a li yun`, `yunqi`,
        /// `dahui` and `yqdh` all find 2025 年云栖大会 or 阿里云, and the last syllable typed may be
        /// cut short (`alib`). From the first syllable a spelling weighs more than from inside.
        private mutating func addPinyin(_ syllables: [String], exact: Int) {
            for word in syllables { add(word, exact - 60) }
            for start in syllables.indices {
                let inside = start > 0
                let limit = inside ? SearchWeights.maxPinyinLetters : SearchIndex.maxTokenBytes
                let joined = syllables[start...].joined()
                if !inside || joined.count <= limit {
                    add(joined, exact - (inside ? 54 : 50))
                    if SearchVocabulary.isCorrectable(joined) { words.insert(joined) }
                }
                addPrefixes(of: joined, exact - (inside ? 58 : 55), limit: limit)
                let initials = String(syllables[start...].compactMap(\.first))
                guard initials.count > 1 else { continue }
                add(initials, exact - (inside ? 62 : 56))
                addPrefixes(of: initials, exact - (inside ? 66 : 62), limit: limit)
            }
        }

        private mutating func addPrefixes(of word: String, _ weight: Int, limit: Int = SearchIndex.maxTokenBytes) {
            let characters = Array(word.prefix(limit))
            guard characters.count > 2 else { return }
            for length in 2..<characters.count { add(String(characters[..<length]), weight) }
        }
    }
}

/// The body's tokens, counted: each occurrence weighs 1. One-letter words are too common to index;
/// every Chinese character is, so that 熵 finds the notes that hold it.
extension SearchWeights: SearchTokenizer.Sink {
    mutating func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar) {
        pairs.update(Self.key(first, second), initial: 0) { $0 += 1 }
    }

    mutating func character(_ scalar: Unicode.Scalar) {
        pairs.update(Self.key(scalar), initial: 0) { $0 += 1 }
    }

    mutating func single(_ scalar: Unicode.Scalar) {}

    mutating func word(_ word: String, length: Int) {
        if length > 1 && word.utf8.count <= SearchIndex.maxTokenBytes { texts[word, default: 0] += 1 }
    }
}
