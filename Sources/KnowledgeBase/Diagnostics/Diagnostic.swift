/// A problem found in the input, at the place a user has to go to fix it.
public struct Diagnostic: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable, Codable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    /// The path as the user gave it, e.g. `Content/people/wang-jian.md`.
    public var file: String
    /// 1-based; columns count Unicode scalars, as editors count characters.
    public var line: Int
    public var column: Int
    public var message: String
    /// What sort of problem this is, the same for every occurrence: the terminal counts
    /// diagnostics by kind when there are many, and `kb check --format json` gives it to tools.
    public var kind: String

    /// `kind` defaults to the message with what varies taken out (see `kind(of:)`).
    public init(
        _ severity: Severity, _ file: String, line: Int = 1, column: Int = 1, _ message: String, kind: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.message = message
        self.kind = kind ?? Self.kind(of: message)
    }

    /// The message with every double-quoted part replaced by `…` and a closing "(did you mean …)"
    /// dropped: `no note named "阿里去" (did you mean "阿里云"?)` is of the kind `no note named …`.
    ///
    /// A quoted part opens at a `"` that starts the message or follows a space or an opening
    /// bracket, and closes at the next `"` that ends the message or comes before a space or
    /// punctuation; so a name with a quote inside (`"a"b"`) is still one part. A `"` that opens
    /// nothing, or is never closed, stays.
    public static func kind(of message: String) -> String {
        var text = Array(message)
        if let tail = text.indices.reversed().first(where: { text[$0...].starts(with: " (did you mean ") }),
            text.last == ")"
        {
            text.removeSubrange(tail...)
        }
        var kind = ""
        var position = 0
        while position < text.count {
            if text[position] == "\"", position == 0 || " ([{".contains(text[position - 1]),
                let close = text.indices.dropFirst(position + 1).first(where: { index in
                    text[index] == "\"" && (index + 1 == text.count || " ,.;:!?)]}".contains(text[index + 1]))
                })
            {
                kind.append("…")
                position = close + 1
            } else {
                kind.append(text[position])
                position += 1
            }
        }
        return kind
    }

    public static func error(
        _ file: String, line: Int = 1, column: Int = 1, _ message: String, kind: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, file, line: line, column: column, message, kind: kind)
    }

    public static func warning(
        _ file: String, line: Int = 1, column: Int = 1, _ message: String, kind: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, file, line: line, column: column, message, kind: kind)
    }

    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.severity, lhs.message)
            < (rhs.file, rhs.line, rhs.column, rhs.severity, rhs.message)
    }

    private enum CodingKeys: String, CodingKey {
        case file, line, column, severity, kind, message
    }

    /// A stamp written before diagnostics had kinds still reads: the kind is derived again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(Severity.self, forKey: .severity), try container.decode(String.self, forKey: .file),
            line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column),
            try container.decode(String.self, forKey: .message),
            kind: try container.decodeIfPresent(String.self, forKey: .kind))
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// With `--strict`, every warning counts as an error.
    func strict(_ strict: Bool) -> [Diagnostic] {
        guard strict else { return self }
        return map { diagnostic in
            var strict = diagnostic
            strict.severity = .error
            return strict
        }
    }
}
