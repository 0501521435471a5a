/// Dataview's inline field, found in a text node of the tree (so never in code): a line
/// `key:: value`, or `[key:: value]` and `(key:: value)` inside a line.
public struct InlineField: Sendable, Equatable {
    public var key: String
    public var value: String
    /// Written in brackets, inside a line.
    public var bracketed: Bool

    public init(key: String, value: String, bracketed: Bool) {
        self.key = key
        self.value = value
        self.bracketed = bracketed
    }

    /// A text node that starts its line may be a whole `key:: value` line; brackets may hold a
    /// field anywhere, and may nest (`[by:: [[A]]]`).
    public static func scan(_ text: String, startsLine: Bool) -> [InlineField] {
        // Every text node of every note comes here: a byte scan, not Foundation's search, which
        // folds characters and cost a twentieth of a build.
        var previous: UInt8 = 0
        var holdsSeparator = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ":") && previous == byte {
                holdsSeparator = true
                break
            }
            previous = byte
        }
        guard holdsSeparator else { return [] }
        var found: [InlineField] = []
        let characters = Array(text)
        var position = 0
        while position < characters.count {
            let opener = characters[position]
            guard opener == "[" || opener == "(", let close = matching(characters, from: position) else {
                position += 1
                continue
            }
            let inner = String(characters[(position + 1)..<close])
            if let field = split(inner), !inner.hasPrefix("[") {
                found.append(InlineField(key: field.key, value: field.value, bracketed: true))
                position = close + 1
            } else {
                position += 1
            }
        }
        if found.isEmpty, startsLine, let field = split(text), !field.key.contains("[") {
            found.append(InlineField(key: field.key, value: field.value, bracketed: false))
        }
        return found
    }

    /// The bracket that closes the one at `start`, counting nested pairs of the same kind.
    private static func matching(_ characters: [Character], from start: Int) -> Int? {
        let open = characters[start]
        let close: Character = open == "[" ? "]" : ")"
        var depth = 0
        for position in start..<characters.count {
            if characters[position] == open {
                depth += 1
            } else if characters[position] == close {
                depth -= 1
                if depth == 0 { return position }
            }
        }
        return nil
    }

    /// `key:: value`: a key of at least one character that holds no `::`, and the value trimmed.
    private static func split(_ text: String) -> (key: String, value: String)? {
        guard let separator = text.range(of: "::") else { return nil }
        let key = text[..<separator.lowerBound].trimmingSpaces
        guard !key.isEmpty, !key.hasSuffix(":"), key.count <= 100 else { return nil }
        // A URL's `https://` is no key; nor is any key that holds a space before its end and a
        // colon (`note: see:: x`).
        guard !key.contains(":") else { return nil }
        return (key, String(text[separator.upperBound...]).trimmingSpaces)
    }
}

extension StringProtocol {
    /// Any white space, a no-break space too, as JavaScript's `trim()` that Dataview uses: editors
    /// put U+00A0 after `::`.
    fileprivate var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
