/// The words a mistyped query word may be corrected to: Latin words of the notes and the pinyin of
/// their names, with how many notes hold each, as `search/w<first>-<length>.js` files (the first
/// letter's code point in base 36, the length in letters). A query word of 5 letters or more that
/// matches nothing loads the files of its first letter and of lengths within its edit distance
/// (1, or 2 from 9 letters), so a typo costs a few small files and no index of misspellings.
/// A typo in the first letter is not corrected: that is what keeps the files few.
enum SearchVocabulary {
    static let minLetters = 5
    static let maxLetters = 32

    /// Letters only, no CJK, 5 to 32 of them: digits and identifiers are not mistyped words.
    static func isCorrectable(_ word: String) -> Bool {
        let count = word.unicodeScalars.count
        guard count >= minLetters && count <= maxLetters else { return false }
        return word.unicodeScalars.allSatisfy { scalar in
            // Unicode's Alphabetic in ASCII is the 52 letters; asking the property tables for each
            // scalar of every word was 1 % of a build.
            if scalar.isASCII { return (scalar.value | 0x20) &- 0x61 < 26 }
            return !CharacterFolding.isCJK(scalar.value) && scalar.properties.isAlphabetic
        }
    }

    static func fileName(of word: String) -> String {
        let first = word.unicodeScalars.first.map { String($0.value, radix: 36) } ?? "0"
        return "w\(first)-\(word.unicodeScalars.count)"
    }

    /// One file a group, words in byte order. A group past the budget keeps the words most notes
    /// hold: the rarest are the least likely to be what was meant.
    static func files(_ counts: [String: Int]) -> [OutputFile] {
        var groups: [String: [(word: String, count: Int)]] = [:]
        for (word, count) in counts { groups[fileName(of: word), default: []].append((word, count)) }
        return groups.keys.sorted().map { name in
            var words = groups[name] ?? []
            words.sort {
                $0.count != $1.count ? $0.count > $1.count : $0.word.utf8.lexicographicallyPrecedes($1.word.utf8)
            }
            func script(_ count: Int) -> [UInt8] {
                let kept = words.prefix(count).sorted { $0.word.utf8.lexicographicallyPrecedes($1.word.utf8) }
                let body = kept.map { JSONText.quote($0.word) + ":\($0.count)" }.joined(separator: ",")
                return Array("kbSearch.words(\"\(name)\",{\(body)});\n".utf8)
            }
            var bytes = script(words.count)
            if bytes.count > SearchIndex.budgetBytes {
                var fits = 0
                var fails = words.count
                while fails - fits > 1 {
                    let middle = (fits + fails) / 2
                    if script(middle).count <= SearchIndex.budgetBytes { fits = middle } else { fails = middle }
                }
                bytes = script(fits)
            }
            return OutputFile(path: "search/\(name).js", bytes: bytes)
        }
    }
}
