/// How names and search words are compared, one character at a time so that offsets never move:
/// full-width forms become ASCII (`ＡＩ` → `AI`), the ideographic space a space, then lower case.
/// Chinese and Japanese characters, most of the text kb reads, pass straight through.
enum CharacterFolding {
    /// ASCII and CJK, nearly every character kb reads, are answered inline: the matcher and the
    /// tokenizer call this for every character of every note.
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 {
            return value &- 0x41 < 26 ? Unicode.Scalar(UInt8(value + 0x20)) : scalar
        }
        return isCJK(value) ? scalar : foldOther(scalar)
    }

    private static func foldOther(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        var value = scalar.value
        if (0xFF01...0xFF5E).contains(value) {
            value -= 0xFEE0
            return value &- 0x41 < 26 ? Unicode.Scalar(UInt8(value + 0x20)) : Unicode.Scalar(UInt8(value))
        }
        if value == 0x3000 { return " " }
        // General and CJK punctuation (“”—…、。《》), common in Chinese text, have no case.
        if (0x2000...0x206F).contains(value) || (0x3001...0x303F).contains(value) { return scalar }
        let properties = scalar.properties
        guard properties.changesWhenLowercased else { return scalar }
        let lower = properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first ?? scalar : scalar
    }

    /// Han and kana: written without spaces, never changed by folding. `assets/kb.js` uses the
    /// same ranges.
    static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }
}
