/// A file's bytes as text with `\n` line ends, plus what had to be repaired on the way.
struct SourceText {
    let text: String
    let diagnostics: [Diagnostic]

    init(_ file: SourceFile) {
        var bytes = file.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var diagnostics: [Diagnostic] = []
        // CRLF and lone CR become LF so that every stage counts lines the same way.
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var previous: UInt8 = 0
        var mayHoldControls = false
        for byte in bytes {
            if byte == 0x0A && previous == 0x0D {
            } else if byte == 0x0D {
                normalized.append(0x0A)
            } else {
                normalized.append(byte)
                // C0 controls, DEL, and the lead byte of C1 controls (U+0080–U+009F).
                if (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2 {
                    mayHoldControls = true
                }
            }
            previous = byte
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
        if mayHoldControls, let (line, column) = Self.firstForbiddenControl(text) {
            diagnostics.append(
                .warning(file.displayPath, line: line, column: column, "control characters replaced with U+FFFD"))
            text = String(
                String.UnicodeScalarView(text.unicodeScalars.map { Self.isForbiddenControl($0) ? "\u{FFFD}" : $0 }))
        }
        self.text = text
        self.diagnostics = diagnostics
    }

    /// Control characters that HTML and XML forbid: C0 but tab and line feed, DEL, C1.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
    }

    private static func firstForbiddenControl(_ text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if isForbiddenControl(scalar) { return (line, column) }
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
