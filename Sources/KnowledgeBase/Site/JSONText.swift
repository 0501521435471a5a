public enum JSONText {
    /// A JSON string literal. `<`, `>` and `&` are escaped too, so the text can sit inside a
    /// `<script>` element without closing it. Works on UTF-8 bytes: the index quotes megabytes.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 2)
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): out += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): out += Array(#"\\"#.utf8)
            case UInt8(ascii: "\n"): out += Array(#"\n"#.utf8)
            case UInt8(ascii: "\r"): out += Array(#"\r"#.utf8)
            case UInt8(ascii: "\t"): out += Array(#"\t"#.utf8)
            case UInt8(ascii: "<"): out += Array(#"\u003c"#.utf8)
            case UInt8(ascii: ">"): out += Array(#"\u003e"#.utf8)
            case UInt8(ascii: "&"): out += Array(#"\u0026"#.utf8)
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            // U+2028 and U+2029 end a line in older JavaScript.
            case 0xE2 where index + 1 < utf8.count && utf8[index] == 0x80 && (utf8[index + 1] & 0xFE) == 0xA8:
                out += Array((utf8[index + 1] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                index += 2
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// `quote(text)` when that takes at most `limit` bytes; else the longest start of `text` that
    /// does, cut between characters and ended with "…"; `""` when not even that fits.
    public static func quote(_ text: String, limit: Int) -> String {
        let whole = quote(text)
        guard whole.utf8.count > limit else { return whole }
        guard limit >= 5 else { return "\"\"" }
        var room = limit - 5  // the quotes, and the three bytes of "…"
        var end = text.startIndex
        for index in text.indices {
            let size = text[index].unicodeScalars.reduce(0) { $0 + quotedSize($1) }
            guard size <= room else { break }
            room -= size
            end = text.index(after: index)
        }
        return quote(text[..<end] + "…")
    }

    /// The bytes `quote` writes for one scalar.
    private static func quotedSize(_ scalar: Unicode.Scalar) -> Int {
        switch scalar {
        case "\"", "\\", "\n", "\r", "\t": 2
        case "<", ">", "&", "\u{2028}", "\u{2029}": 6
        default: scalar.value < 0x20 ? 6 : UTF8.width(scalar)
        }
    }
}
