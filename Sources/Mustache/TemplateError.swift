/// A template that does not parse, at the place in its file that is wrong.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var template: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(template):\(line):\(column): \(message)" }
}

/// A tag as written, with its place: what kb's check of names reads, even in a template that
/// does not parse.
public struct TemplateTag: Sendable, Equatable {
    /// `#`, `^`, `/`, `>`, `<`, `$`, `!`, `&`, `{`, `=`, or nil for a plain `{{x}}`.
    public var sigil: Character?
    public var name: String
    /// Where the tag's opening delimiter is, counted from 1.
    public var line: Int
    public var column: Int
}
