/// The words search matches on, the same at build time and in `assets/kb.js`.
///
/// Chinese and Japanese have no spaces, so their runs are cut into overlapping character pairs
/// (`开源模型` → `开源`, `源模`, `模型`); a query is cut the same way, and a note matches when it
/// holds every pair. Other scripts split into words on anything that is not a letter or digit.
/// Each character is folded first (`CharacterFolding`), the same way `assets/kb.js` does, and
/// traditional Chinese characters become simplified (`ChineseVariants`), as the table kb writes
/// for `assets/kb.js` makes them in queries.
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

    /// What a scan hands its tokens to.
    protocol Sink {
        /// Two neighbouring CJK characters.
        mutating func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar)
        /// A CJK run of one character.
        mutating func single(_ scalar: Unicode.Scalar)
        /// Every CJK character, lone or not.
        mutating func character(_ scalar: Unicode.Scalar)
        /// Any other word, folded, with its length in scalars.
        mutating func word(_ word: String, length: Int)
    }

    /// Hands every token of `text` to `sink`, in order. It reads UTF-8 bytes: ASCII and CJK, nearly
    /// all of a text, never reach `Unicode.Scalar.Properties`, and a word is gathered as bytes,
    /// because appending scalars to a `String` costs ten times as much. The state is a struct and
    /// not variables captured by closures, whose every access the runtime checks for exclusivity.
    static func scan<S: Sink>(_ text: String, into sink: inout S) {
        var run = Run(sink: sink)
        let variants = ChineseVariants.table
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let lead = bytes[offset]
                if lead < 0x80 {
                    offset += 1
                    let byte = lead &- 0x41 < 26 ? lead + 0x20 : lead
                    if byte &- 0x30 < 10 || byte &- 0x61 < 26 {
                        run.addWordScalar(ascii: byte)
                    } else {
                        run.flush()
                    }
                    continue
                }
                // A `String`'s UTF-8 is valid, so the lead byte says how many bytes follow.
                let count = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = UInt32(lead & (0x7F >> count))
                for next in bytes[(offset + 1)..<(offset + count)] { value = value << 6 | UInt32(next & 0x3F) }
                offset += count
                let scalar = Unicode.Scalar(value).unsafelyUnwrapped
                if CharacterFolding.isCJK(value) {
                    run.addCJK(variants.simplified(scalar))
                    continue
                }
                let folded = CharacterFolding.fold(scalar)
                if CharacterFolding.isCJK(folded.value) {
                    run.addCJK(variants.simplified(folded))
                } else if isWordScalar(folded) {
                    run.addWordScalar(folded)
                } else {
                    run.flush()
                }
            }
        }
        run.flush()
        sink = run.sink
    }

    /// The run of word or CJK characters being read.
    private struct Run<S: Sink> {
        var sink: S
        /// The current word, folded.
        private var folded: [UInt8] = []
        private var isCJK = false
        private var previous: Unicode.Scalar?
        private var length = 0

        init(sink: S) {
            self.sink = sink
            folded.reserveCapacity(64)
        }

        mutating func flush() {
            if length == 0 { return }
            if isCJK {
                if length == 1, let previous { sink.single(previous) }
            } else {
                sink.word(String(decoding: folded, as: UTF8.self), length: length)
            }
            length = 0
            previous = nil
        }

        mutating func addCJK(_ scalar: Unicode.Scalar) {
            if !isCJK { flush() }
            isCJK = true
            if let previous { sink.pair(previous, scalar) }
            sink.character(scalar)
            previous = scalar
            length += 1
        }

        mutating func addWordScalar(ascii byte: UInt8) {
            startWordScalar()
            folded.append(byte)
        }

        mutating func addWordScalar(_ scalar: Unicode.Scalar) {
            startWordScalar()
            UTF8.encode(scalar) { folded.append($0) }
        }

        private mutating func startWordScalar() {
            if isCJK { flush() }
            isCJK = false
            if length == 0 { folded.removeAll(keepingCapacity: true) }
            length += 1
        }
    }

    private struct TokenList: Sink {
        var tokens: [Token] = []
        mutating func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar) {
            tokens.append(.pair(String(first) + String(second)))
        }
        mutating func single(_ scalar: Unicode.Scalar) { tokens.append(.single(String(scalar))) }
        mutating func character(_ scalar: Unicode.Scalar) {}
        mutating func word(_ word: String, length: Int) { tokens.append(.word(word)) }
    }

    static func tokens(_ text: String) -> [Token] {
        var list = TokenList()
        scan(text, into: &list)
        return list.tokens
    }
}
