/// A file's bytes as text with `\n` line ends, plus what had to be repaired on the way.
struct SourceText {
    let text: String
    let diagnostics: [Diagnostic]

    init(_ file: SourceFile) {
        var bytes = file.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var diagnostics: [Diagnostic] = []
        if let (line, column) = Self.firstInvalidUTF8(bytes) {
            diagnostics.append(
                .warning(file.displayPath, line: line, column: column, "invalid UTF-8; replaced with U+FFFD"))
        }
        if bytes.contains(0) {
            diagnostics.append(.warning(file.displayPath, "the file contains NUL bytes; replaced with U+FFFD"))
        }
        // CRLF and lone CR become LF so that every stage counts lines the same way.
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A && previous == 0x0D {
            } else if byte == 0x0D {
                normalized.append(0x0A)
            } else if byte == 0 {
                normalized += [0xEF, 0xBF, 0xBD]
            } else {
                normalized.append(byte)
            }
            previous = byte
        }
        text = String(decoding: normalized, as: UTF8.self)
        self.diagnostics = diagnostics
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
