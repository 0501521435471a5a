/// The words search matches on, the same at build time and in `assets/kb.js`.
///
/// Chinese and Japanese have no spaces, so their runs are cut into overlapping character pairs
/// (`开源模型` → `开源`, `源模`, `模型`); a query is cut the same way, and a note matches when it
/// holds every pair. Other scripts split into words on anything that is not a letter or digit.
/// Each character is folded first (`CharacterFolding`), the same way `assets/kb.js` does.
enum SearchTokenizer {
    enum Token: Equatable {
        case pair(String)
        /// A Chinese or Japanese run of one character.
        case single(String)
        case word(String)

        var text: String {
            switch self {
            case .pair(let text), .single(let text), .word(let text): text
            }
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return (0x30...0x39).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Calls `pair` for each CJK pair (as two scalars), `single` for a lone CJK character and
    /// `word` for every other word with its length in scalars. A word is gathered as UTF-8 bytes:
    /// appending scalars to a `String` costs ten times as much.
    static func scan(
        _ text: String, pair: (Unicode.Scalar, Unicode.Scalar) -> Void, single: (Unicode.Scalar) -> Void,
        word: (_ word: String, _ length: Int) -> Void
    ) {
        // The current word, folded.
        var folded: [UInt8] = []
        var runIsCJK = false
        var previous: Unicode.Scalar?
        var runLength = 0
        func flush() {
            if runLength == 0 { return }
            if runIsCJK {
                if runLength == 1, let previous { single(previous) }
            } else {
                word(String(decoding: folded, as: UTF8.self), runLength)
            }
            runLength = 0
            previous = nil
        }
        for original in text.unicodeScalars {
            let scalar = CharacterFolding.fold(original)
            let cjk = CharacterFolding.isCJK(scalar.value)
            guard cjk || isWordScalar(scalar) else {
                flush()
                continue
            }
            if cjk != runIsCJK { flush() }
            runIsCJK = cjk
            if cjk {
                if let previous { pair(previous, scalar) }
                previous = scalar
            } else {
                if runLength == 0 { folded.removeAll(keepingCapacity: true) }
                if scalar.isASCII {
                    folded.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    UTF8.encode(scalar) { folded.append($0) }
                }
            }
            runLength += 1
        }
        flush()
    }

    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        scan(
            text,
            pair: { tokens.append(.pair(String($0) + String($1))) },
            single: { tokens.append(.single(String($0))) },
            word: { word, _ in tokens.append(.word(word)) })
        return tokens
    }
}
