import Foundation

/// "Did you mean …?" for names no note answers to, built once from every title and alias.
///
/// The answer is the one comparing every name would give (the tests keep that comparison as the
/// oracle): up to three names, closest first and then by
/// name. Name keys (`NameKey`) are compared. For a key of n characters, a name of m characters is
/// close when |m − n| ≤ max(3, n / 3) and either their edit distance is at most max(2, n / 3) or
/// one key contains the other, which counts as distance 1.
///
/// A real vault links thousands of names it has no note for yet, so comparing each with every name
/// would cost links × names. Instead, each key is cut into n-grams once, and a query walks only the
/// posting lists of its own n-grams, within the window of lengths it can match. A name becomes a
/// candidate only if it shares enough of them to be close (the q-gram count filter below); edit
/// distance runs on candidates alone.
/// - Keys of 6 characters or more use character pairs. Edit distance k spares at least
///   max(n, m) − 1 − 2k of a key's pairs, which is at least 1 here.
/// - Shorter keys, most Chinese names among them, have too few pairs for that bound to say
///   anything, so they use characters: at least max(n, m) − k of them are spared. Their windows
///   reach names of at most 8 characters, and only those are indexed by character, because single
///   letters are in most Latin names.
/// - Keys of 2 characters or fewer are close to any name of 2 characters or fewer, even one
///   sharing no character with them (distance 2 is allowed). Those are max(n, m) away, so only
///   the first three of each length by name are needed; they are kept sorted.
///
/// Containment is tried only on a candidate whose gram count shows that every n-gram of the
/// shorter key occurs in the longer one, which holds whenever one contains the other; so it runs
/// on a handful of names per query. It compares whole characters, as edit distance does, and an
/// empty key contains nothing. The comparison kb made before asked Foundation's `String.contains`, which on Linux
/// also finds a name among the combining marks of another (it says "eãq" contains "é̃"); the two
/// agree on names without combining marks that stay apart from their letter.
public struct NameSuggestions: Sendable {
    /// Distinct names, as written; equal names (Swift's `==`) give the same answer, so one is kept.
    private let names: [String]
    /// The characters of every key as small integers, concatenated: name `i` is
    /// `symbols[starts[i]..<starts[i + 1]]`. Integers make edit distance a tight loop.
    private let symbols: [Int32]
    private let starts: [Int]
    private let symbolOf: [Character: Int32]
    private let pairs: UInt64Map<[Posting]>
    private let characters: UInt64Map<[Posting]>
    /// The names of 0, 1 and 2 characters, each length sorted by name: what keys as short reach
    /// without sharing a character.
    private let shortNames: [[Int32]]

    /// A name that holds a gram: postings are sorted by length, so a query reads only its window.
    struct Posting: Sendable {
        var length: Int32
        var name: Int32
        var count: Int32
    }

    /// The longest key that uses characters rather than pairs, and the longest name it can reach.
    private static let longestShortKey = 5
    private static let longestCharacterIndexed = 8

    public init(names allNames: [String]) {
        var seen: Set<String> = []
        let names = allNames.filter { seen.insert($0).inserted }
        var symbolOf: [Character: Int32] = [:]
        var symbols: [Int32] = []
        var starts: [Int] = [0]
        var pairs = UInt64Map<[Posting]>()
        var characters = UInt64Map<[Posting]>()
        var shortNames: [[Int32]] = Array(repeating: [], count: 3)
        for (position, name) in names.enumerated() {
            let start = symbols.count
            for character in NameKey.make(name) {
                if let symbol = symbolOf[character] {
                    symbols.append(symbol)
                } else {
                    let symbol = Int32(symbolOf.count)
                    symbolOf[character] = symbol
                    symbols.append(symbol)
                }
            }
            starts.append(symbols.count)
            let key = symbols[start...]
            let length = Int32(key.count)
            if key.count < shortNames.count { shortNames[key.count].append(Int32(position)) }
            for (gram, count) in Self.pairCounts(key) {
                pairs.update(gram, initial: []) {
                    $0.append(Posting(length: length, name: Int32(position), count: count))
                }
            }
            if key.count <= Self.longestCharacterIndexed {
                for (gram, count) in Self.characterCounts(key) {
                    characters.update(gram, initial: []) {
                        $0.append(Posting(length: length, name: Int32(position), count: count))
                    }
                }
            }
        }
        // Names were added in order, so sorting by length alone keeps each list deterministic.
        pairs.updateAll { $0.sort { ($0.length, $0.name) < ($1.length, $1.name) } }
        characters.updateAll { $0.sort { ($0.length, $0.name) < ($1.length, $1.name) } }
        for length in shortNames.indices { shortNames[length].sort { names[Int($0)] < names[Int($1)] } }
        self.names = names
        self.symbols = symbols
        self.starts = starts
        self.symbolOf = symbolOf
        self.pairs = pairs
        self.characters = characters
        self.shortNames = shortNames
    }

    /// Up to three names close to `name`, closest first, for "did you mean …?".
    public func suggestions(for name: String) -> [String] {
        let key = NameKey.make(name)
        var unknown: [Character: Int32] = [:]
        // A character no name has gets a negative symbol of its own: it matches only itself.
        let query: [Int32] = key.map { character in
            if let symbol = symbolOf[character] { return symbol }
            if let symbol = unknown[character] { return symbol }
            let symbol = -1 - Int32(unknown.count)
            unknown[character] = symbol
            return symbol
        }
        let n = query.count
        let limit = max(1, n / 3)
        let window = max(limit, 3)
        let accepted = max(limit, 2)

        // The three closest so far, in order: a candidate further than the third cannot enter,
        // so edit distance can stop at the third's distance.
        var best: [(distance: Int, name: String)] = []
        var rows = [Int](repeating: 0, count: 2 * (n + window + 2))
        func consider(_ candidate: Int, containmentPossible: Bool) {
            let m = starts[candidate + 1] - starts[candidate]
            guard abs(m - n) <= window else { return }
            let cutoff = best.count == 3 ? best[2].distance : accepted
            let distance = symbols.withUnsafeBufferPointer { all in
                query.withUnsafeBufferPointer { query in
                    let name = UnsafeBufferPointer(rebasing: all[starts[candidate]..<starts[candidate + 1]])
                    var distance = Self.editDistance(query, name, limit: cutoff, rows: &rows)
                    if distance > 1 && containmentPossible
                        && (Self.contains(name, query) || Self.contains(query, name))
                    {
                        distance = 1
                    }
                    return distance
                }
            }
            guard distance <= cutoff else { return }
            let entry = (distance: distance, name: names[candidate])
            if best.count == 3 {
                guard entry < best[2] else { return }
                best.removeLast()
            }
            best.insert(entry, at: best.firstIndex { entry < $0 } ?? best.count)
        }

        let usesPairs = n > Self.longestShortKey
        let grams = usesPairs ? Self.pairCounts(query[...]) : Self.characterCounts(query[...])
        let postings = usesPairs ? pairs : characters
        var shared = [Int32](repeating: 0, count: names.count)
        var touched: [Int32] = []
        shared.withUnsafeMutableBufferPointer { shared in
            for (gram, count) in grams {
                guard let list = postings[gram] else { continue }
                var position = Self.firstPosting(in: list, length: Int32(max(0, n - window)))
                while position < list.count && list[position].length <= Int32(n + window) {
                    let posting = list[position]
                    if shared[Int(posting.name)] == 0 { touched.append(posting.name) }
                    shared[Int(posting.name)] += min(count, posting.count)
                    position += 1
                }
            }
        }
        // Counts are of grams with their repeats, so a key's own n − 1 pairs (or n characters)
        // all shared is what containment needs.
        let gramsOfQuery = usesPairs ? n - 1 : n
        for candidate in touched {
            let m = starts[Int(candidate) + 1] - starts[Int(candidate)]
            let gramsOfCandidate = usesPairs ? m - 1 : m
            let count = Int(shared[Int(candidate)])
            let needed = usesPairs ? max(n, m) - 1 - 2 * accepted : max(n, m) - accepted
            let containmentPossible = (m >= n && count == gramsOfQuery) || (m <= n && count == gramsOfCandidate)
            if count >= needed || containmentPossible {
                consider(Int(candidate), containmentPossible: containmentPossible)
            }
        }
        if n <= 2 {
            // Sharing no character, such a name is max(n, m) away, close enough: the first three
            // of each length by name are all of them that can be suggested.
            for bucket in shortNames {
                for candidate in bucket.lazy.filter({ shared[Int($0)] == 0 }).prefix(3) {
                    consider(Int(candidate), containmentPossible: false)
                }
            }
        }
        return best.map(\.name)
    }

    /// Whether `whole` holds `part` as a run of characters; an empty key is in nothing.
    static func contains(_ whole: UnsafeBufferPointer<Int32>, _ part: UnsafeBufferPointer<Int32>) -> Bool {
        guard !part.isEmpty && part.count <= whole.count else { return false }
        for start in 0...(whole.count - part.count) {
            var matched = 0
            while matched < part.count && whole[start + matched] == part[matched] { matched += 1 }
            if matched == part.count { return true }
        }
        return false
    }

    private static func firstPosting(in list: [Posting], length: Int32) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].length < length { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func characterCounts(_ key: ArraySlice<Int32>) -> [(UInt64, Int32)] {
        var counts: [Int32: Int32] = [:]
        for symbol in key { counts[symbol, default: 0] += 1 }
        return counts.map { (UInt64(UInt32(bitPattern: $0.key)), $0.value) }
    }

    private static func pairCounts(_ key: ArraySlice<Int32>) -> [(UInt64, Int32)] {
        var counts: [UInt64: Int32] = [:]
        var previous: Int32?
        for symbol in key {
            if let previous {
                counts[UInt64(UInt32(bitPattern: previous)) << 32 | UInt64(UInt32(bitPattern: symbol)), default: 0] += 1
            }
            previous = symbol
        }
        return counts.map { ($0.key, $0.value) }
    }

    /// `EditDistance.between` on symbols: Levenshtein distance, or `limit + 1` when it exceeds
    /// `limit`. `rows` is scratch space, grown to 2 × (b.count + 1) when shorter.
    ///
    /// Only the band of cells within `limit` of the diagonal is computed (Ukkonen): any other cell
    /// exceeds `limit`, so `limit + 1` stands for it, and cells that do not exceed it stay exact.
    /// Long keys get a wide limit, and most of a candidate's cells lie outside the band.
    static func editDistance(
        _ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>, limit: Int, rows: inout [Int]
    ) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let beyond = limit + 1
        if abs(a.count - b.count) > limit { return beyond }
        let width = b.count + 1
        if rows.count < 2 * width { rows = [Int](repeating: 0, count: 2 * width) }
        return rows.withUnsafeMutableBufferPointer { rows in
            var previous = rows.baseAddress!
            var current = previous + width
            for j in 0..<width { previous[j] = min(j, beyond) }
            for i in 1...a.count {
                let low = max(1, i - limit)
                let high = min(b.count, i + limit)
                current[low - 1] = low == 1 ? min(i, beyond) : beyond
                var rowMinimum = current[low - 1]
                let symbol = a[i - 1]
                for j in low...high {
                    let value = min(
                        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (symbol == b[j - 1] ? 0 : 1), beyond)
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                // The next row reads one cell further right, which this band did not reach.
                if high < b.count { current[high + 1] = beyond }
                if rowMinimum > limit { return beyond }
                swap(&previous, &current)
            }
            return previous[b.count]
        }
    }
}
