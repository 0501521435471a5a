import Foundation

/// ASCII spellings of the non-ASCII characters of a set of names: pinyin for Chinese
/// (`阿里云` → `a li yun`), plain letters for accented Latin (`é` → `e`).
///
/// ICU's transliterator costs about 10 µs a character, which a large knowledge base would pay
/// for every name. Names share few distinct characters, so each one is transliterated once, in
/// batches, and looked up afterwards. The reading is the character's most common one
/// (`重庆` → `zhong qing`); a note whose slug needs another sets `slug:`.
public struct Romanization: Sendable, Equatable {
    private let spellings: [Unicode.Scalar: String]

    public init(names: some Sequence<String>) {
        spellings = Self.spell(names, known: [:])
    }

    private init(spellings: [Unicode.Scalar: String]) {
        self.spellings = spellings
    }

    /// This romanization and the characters of `names` it lacks, which alone are transliterated.
    public func adding(_ names: some Sequence<String>) -> Romanization {
        Romanization(spellings: Self.spell(names, known: spellings))
    }

    private static func spell(
        _ names: some Sequence<String>, known: [Unicode.Scalar: String]
    ) -> [Unicode.Scalar: String] {
        var distinct: Set<Unicode.Scalar> = []
        for name in names {
            for scalar in name.unicodeScalars where !scalar.isASCII && known[scalar] == nil {
                distinct.insert(scalar)
            }
        }
        let scalars = distinct.sorted { $0.value < $1.value }
        var spellings = known
        // Large inputs make ICU slow down sharply; a few hundred characters a call is fast.
        for start in stride(from: 0, to: scalars.count, by: 256) {
            let batch = scalars[start..<min(start + 256, scalars.count)]
            let joined = batch.map { String($0) }.joined(separator: "\n")
            let latin = joined.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? joined
            let lines = latin.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.count == batch.count else { continue }
            for (scalar, line) in zip(batch, lines) {
                let ascii = line.lowercased().unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic }
                if !ascii.isEmpty { spellings[scalar] = String(String.UnicodeScalarView(ascii)) }
            }
        }
        return spellings
    }

    /// The words of `text` in ASCII, lowercased: each Chinese, Japanese or Korean character is a
    /// word (a syllable) of its own; other letters and digits run together into words.
    public func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    current.unicodeScalars.append(
                        Unicode.Scalar(UInt8(ascii: scalar) | (scalar.properties.isUppercase ? 0x20 : 0)))
                } else {
                    flush()
                }
            } else if let spelling = spellings[scalar] {
                if Self.isSyllabic(scalar) {
                    flush()
                    words.append(spelling)
                } else {
                    current += spelling
                }
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    static func isSyllabic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }
}

extension Unicode.Scalar {
    fileprivate init(_ byte: UInt8) {
        self.init(UInt32(byte))!
    }
}
