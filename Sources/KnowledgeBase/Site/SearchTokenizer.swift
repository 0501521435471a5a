import Foundation

/// The words search matches on, the same at build time and in `assets/search.js`.
///
/// Chinese and Japanese have no spaces, so their runs are cut into overlapping character pairs
/// (`开源模型` → `开源`, `源模`, `模型`); a query is cut the same way, and a note matches when it
/// holds every pair. Other scripts split into words on anything that is not a letter or digit.
/// Everything is NFKC-normalised and lowercased first, so `ＡＩ` and `ai` are one word.
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

    /// The ranges `assets/search.js` uses too.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            true
        default: false
        }
    }

    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var run: [Unicode.Scalar] = []
        var runIsCJK = false
        func flush() {
            if run.isEmpty { return }
            if runIsCJK {
                if run.count == 1 {
                    tokens.append(.single(String(run[0])))
                } else {
                    for index in 0..<(run.count - 1) {
                        tokens.append(.pair(String(run[index]) + String(run[index + 1])))
                    }
                }
            } else {
                tokens.append(.word(String(String.UnicodeScalarView(run))))
            }
            run.removeAll(keepingCapacity: true)
        }
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            let cjk = isCJK(scalar)
            if cjk || isWordScalar(scalar) {
                if cjk != runIsCJK { flush() }
                runIsCJK = cjk
                run.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }
}
