import COpenCC

/// Traditional Chinese characters folded to simplified, so that 開源 and 开源 are one word to
/// search. OpenCC's `t2s` conversion (Debian's libopencc, its dictionaries maintained by people
/// who know the scripts) is run once over every Han character, one character a line so that its
/// phrase tables stay out of it; what changes becomes the table. The index folds notes through it
/// and kb writes it as `search/fold.js` for `assets/kb.js` to fold queries.
///
/// One character at a time, so that offsets never move (a mark in a snippet covers what matched):
/// only mappings from one character to one character of the same UTF-16 length are kept. A few
/// simplified characters stand for two traditional ones (後 and 后 both become 后); search then
/// finds both, which is the point of folding.
struct ChineseVariants: Sendable {
    /// The simplified form of each character from U+3400 to U+FFFF, as an offset from it; 0 where
    /// the character stays. The tokenizer reads this for every Chinese character of every note.
    private let basic: [UInt16]
    private let supplementary: [UInt32: UInt32]
    /// Every mapping, in code point order: what `search/fold.js` holds.
    let mappings: [(traditional: Unicode.Scalar, simplified: Unicode.Scalar)]

    static let basicStart: UInt32 = 0x3400

    /// Read once: the same for every build with the same OpenCC data.
    static let table = ChineseVariants(configuration: "t2s.json")

    /// Without OpenCC's data (`libopencc-data`), nothing is folded and search still works.
    init(configuration: String) {
        let ranges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2A6DF]
        let scalars = ranges.flatMap { $0.compactMap(Unicode.Scalar.init) }
        var converted: [Substring] = []
        let converter = opencc_open(configuration)
        if let converter, converter != UnsafeMutableRawPointer(bitPattern: -1) {
            let input = scalars.map(String.init).joined(separator: "\n")
            if let output = opencc_convert_utf8(converter, input, input.utf8.count) {
                converted = String(cString: output).split(separator: "\n", omittingEmptySubsequences: false)
                opencc_convert_utf8_free(output)
            }
            opencc_close(converter)
        }
        var basic = [UInt16](repeating: 0, count: 0x10000 - Int(Self.basicStart))
        var supplementary: [UInt32: UInt32] = [:]
        var mappings: [(Unicode.Scalar, Unicode.Scalar)] = []
        if converted.count == scalars.count {
            for (scalar, line) in zip(scalars, converted) {
                let out = line.unicodeScalars
                guard out.count == 1, let simplified = out.first, simplified != scalar,
                    (scalar.value > 0xFFFF) == (simplified.value > 0xFFFF)
                else { continue }
                mappings.append((scalar, simplified))
                if scalar.value <= 0xFFFF {
                    basic[Int(scalar.value - Self.basicStart)] = UInt16(truncatingIfNeeded: simplified.value)
                } else {
                    supplementary[scalar.value] = simplified.value
                }
            }
        }
        self.basic = basic
        self.supplementary = supplementary
        self.mappings = mappings
    }

    @inline(__always)
    func simplified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value >= Self.basicStart && value <= 0xFFFF {
            let folded = basic[Int(value - Self.basicStart)]
            return folded == 0 ? scalar : Unicode.Scalar(folded) ?? scalar
        }
        guard value > 0xFFFF, let folded = supplementary[value] else { return scalar }
        return Unicode.Scalar(folded) ?? scalar
    }

    /// `search/fold.js`: each traditional character followed by its simplified one.
    var script: OutputFile {
        var pairs = ""
        for (traditional, simplified) in mappings {
            pairs.unicodeScalars.append(traditional)
            pairs.unicodeScalars.append(simplified)
        }
        return OutputFile(path: "search/fold.js", bytes: Array("kbSearch.fold(\(JSONText.quote(pairs)));\n".utf8))
    }
}
