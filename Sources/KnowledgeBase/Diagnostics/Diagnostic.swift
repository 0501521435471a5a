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

    public init(_ severity: Severity, _ file: String, line: Int = 1, column: Int = 1, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.message = message
    }

    public static func error(_ file: String, line: Int = 1, column: Int = 1, _ message: String) -> Diagnostic {
        Diagnostic(.error, file, line: line, column: column, message)
    }

    public static func warning(_ file: String, line: Int = 1, column: Int = 1, _ message: String) -> Diagnostic {
        Diagnostic(.warning, file, line: line, column: column, message)
    }

    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.severity, lhs.message)
            < (rhs.file, rhs.line, rhs.column, rhs.severity, rhs.message)
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
