/// A file's bytes as text with `\n` line ends, plus what had to be repaired on the way.
struct SourceText {
    let text: String
    let diagnostics: [Diagnostic]

    init(_ file: SourceFile) {
        var bytes = file.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var diagnostics: [Diagnostic] = []
        // CRLF and lone CR become LF so that every stage counts lines the same way. Every file of
        // every build passes here, so the copy writes into uninitialised memory, and a printable
        // ASCII byte costs two comparisons.
        var mayHoldControls = false
        var mayHoldNoncharacters = false
        let normalized = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            var previous: UInt8 = 0
            var beforePrevious: UInt8 = 0
            var end = 0
            for byte in bytes {
                var kept = byte
                if byte < 0x20 {
                    if byte == 0x0D {
                        kept = 0x0A
                    } else if byte == 0x0A {
                        if previous == 0x0D {
                            beforePrevious = previous
                            previous = byte
                            continue
                        }
                    } else if byte != 0x09 {
                        mayHoldControls = true
                    }
                } else if byte >= 0x7F {
                    if byte == 0x7F || byte == 0xC2 {
                        // DEL, and the lead byte of the C1 controls (U+0080–U+009F).
                        mayHoldControls = true
                    } else if previous & 0xF7 == 0xB7 {
                        // After a B7 or BF, the last byte of a noncharacter: U+FDD0–U+FDEF is
                        // EF B7 90–AF, U+FFFE and U+FFFF are EF BF BE/BF, and their copies in planes
                        // 1–16 are F0–F4 xF BF BE/BF. In valid UTF-8 the test is exact, so no
                        // common character (寿 is E5 AF BF) leaves the fast path.
                        let isLast =
                            previous == 0xBF
                            ? byte & 0xFE == 0xBE && (beforePrevious == 0xEF || beforePrevious & 0xCF == 0x8F)
                            : byte &- 0x90 < 0x20 && beforePrevious == 0xEF
                        if isLast { mayHoldNoncharacters = true }
                    }
                }
                buffer[end] = kept
                end += 1
                beforePrevious = previous
                previous = byte
            }
            count = end
        }
        // Line ends do not change whether the bytes are valid UTF-8. The standard library checks
        // that fast; only a file that fails is walked scalar by scalar to say where.
        var text: String
        if let valid = String(validating: normalized, as: UTF8.self) {
            text = valid
        } else {
            if let (line, column) = Self.firstInvalidUTF8(bytes) {
                diagnostics.append(
                    .warning(file.displayPath, line: line, column: column, "invalid UTF-8; replaced with U+FFFD"))
            }
            text = String(decoding: normalized, as: UTF8.self)
        }
        var replaces = false
        if mayHoldControls, let (line, column) = Self.first(in: text, where: Self.isForbiddenControl) {
            diagnostics.append(
                .warning(file.displayPath, line: line, column: column, "control characters replaced with U+FFFD"))
            replaces = true
        }
        if mayHoldNoncharacters, let (line, column) = Self.first(in: text, where: Self.isNoncharacter) {
            diagnostics.append(
                .warning(file.displayPath, line: line, column: column, "noncharacters replaced with U+FFFD"))
            replaces = true
        }
        if replaces { text = Self.replacingForbidden(text) }
        self.text = text
        self.diagnostics = diagnostics
    }

    /// `text` with every forbidden control character and noncharacter replaced by U+FFFD.
    static func replacingForbidden(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { isForbiddenControl($0) || isNoncharacter($0) ? "\u{FFFD}" : $0 }))
    }

    /// Control characters that HTML and XML forbid: C0 but tab and line feed, DEL, C1.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
    }

    /// The 66 code points Unicode keeps for a program's own use and never assigns: U+FDD0–U+FDEF,
    /// and the last two of each plane. XML forbids U+FFFE and U+FFFF, HTML calls every one a
    /// parse error, and a text exchanged between programs should hold none.
    static func isNoncharacter(_ scalar: Unicode.Scalar) -> Bool {
        (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE
    }

    private static func first(in text: String, where isForbidden: (Unicode.Scalar) -> Bool) -> (
        line: Int, column: Int
    )? {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if isForbidden(scalar) { return (line, column) }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return (line, column)
            case .emptyInput:
                return nil
            }
        }
    }
}
