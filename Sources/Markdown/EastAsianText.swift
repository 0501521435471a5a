/// Character classes that Chinese and Japanese text needs and cmark does not know.
enum EastAsianText {
    /// Scripts written without spaces between words: a line break between two such characters is
    /// not a word break (Pandoc's `east_asian_line_breaks`). Hangul is left out: Korean uses spaces.
    static func isWideNoSpaceScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x2FDF,  // CJK radicals
            0x3000...0x303F,  // CJK symbols and punctuation
            0x3040...0x30FF,  // Hiragana, Katakana
            0x3100...0x312F, 0x31A0...0x31BF,  // Bopomofo
            0x31F0...0x31FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,  // Han
            0xFF00...0xFF60, 0xFFE0...0xFFE6,  // full-width forms
            0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// Punctuation that ends a URL written in Chinese text: `https://x.cn/路径，然后` links
    /// `https://x.cn/路径` only.
    static func isFullWidthPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F,  // 、。〈〉《》「」『』【】〔〕 …
            0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
            0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026:  // — ‘ ’ “ ” …
            return true
        default:
            return false
        }
    }
}
