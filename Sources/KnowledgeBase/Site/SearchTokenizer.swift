/// The words search matches on, the same at build time and in `assets/kb.js`.
///
/// Chinese and Japanese have no spaces, so their runs are cut into overlapping character pairs
/// (`开源模型` → `开源`, `源模`, `模型`); a query is cut the same way, and a note matches when it
/// holds every pair. Other scripts split into words on anything that is not a letter or digit.
/// Each character is folded on its own first: full-width forms to ASCII (`ＡＩ` → `AI`), then to
/// lower case, so that offsets never move and both sides can do exactly the same.
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

    /// The ranges `assets/kb.js` uses too.
    static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }

    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        var value = scalar.value
        if isCJK(value) { return scalar }
        if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 } else if value == 0x3000 { value = 0x20 }
        if value < 0x80 {
            return Unicode.Scalar(UInt8(value >= 0x41 && value <= 0x5A ? value + 0x20 : value))
        }
        guard let folded = Unicode.Scalar(value) else { return scalar }
        if folded.properties.changesWhenLowercased, let lower = folded.properties.lowercaseMapping.unicodeScalars.first,
            folded.properties.lowercaseMapping.unicodeScalars.count == 1
        {
            return lower
        }
        return folded
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
    /// `word` for every other word: no string is made that the caller does not ask for.
    static func scan(
        _ text: String, pair: (Unicode.Scalar, Unicode.Scalar) -> Void, single: (Unicode.Scalar) -> Void,
        word: (String.UnicodeScalarView) -> Void
    ) {
        // The current word, folded.
        var folded = String.UnicodeScalarView()
        var runIsCJK = false
        var previous: Unicode.Scalar?
        var runLength = 0
        func flush() {
            if runLength == 0 { return }
            if runIsCJK {
                if runLength == 1, let previous { single(previous) }
            } else {
                word(folded)
            }
            runLength = 0
            previous = nil
        }
        for original in text.unicodeScalars {
            let scalar = fold(original)
            let cjk = isCJK(scalar.value)
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
                folded.append(scalar)
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
            word: { tokens.append(.word(String($0))) })
        return tokens
    }
}
