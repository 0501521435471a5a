/// A value templates read: the context stack holds these. kb's typed view models and the spec's
/// generic JSON are two conformances; a template is compiled for one of them, so that every name
/// in it is already a `Key` of that model (kb: one case of an enum) and a lookup is a switch.
public protocol MustacheValue {
    /// One part of a dotted name, resolved when the template is compiled.
    associatedtype Key: Sendable

    /// The key for one part of a dotted name; nil when no value of this model can have it, so
    /// that the tag never finds anything.
    static func key(for name: Substring) -> Key?

    /// What a dotted name leads to from this value. Nil when this value has nothing named
    /// `path.first`, so that the search goes on down the context stack; a value that has the
    /// first name but not the rest answers a value that is hidden and writes nothing.
    func value(at path: ArraySlice<Key>) -> Self?

    /// How a section `{{#x}}` on this value renders.
    var section: MustacheSection { get }

    /// Element `index` of a value whose section is `.list`.
    func item(at index: Int) -> Self

    /// The value as `{{x}}` (escaped) or `{{{x}}}` shows it.
    func write(to output: inout [UInt8], escaped: Bool)

    /// For `empty(x)`: whether a list or a text is empty; nil for any other value.
    var isEmpty: Bool? { get }

    /// A boolean, the result of `empty(x)`.
    static func boolean(_ value: Bool) -> Self
}

public enum MustacheSection: Sendable, Equatable {
    /// False, null or missing: the section is skipped, an inverted one shown.
    case hidden
    /// Shown once in the same context (`true`).
    case shown
    /// Shown once with the value pushed on the context stack.
    case pushed
    /// Shown once for each element, pushed in turn; an empty list is hidden.
    case list(count: Int)
}

extension Array where Element == UInt8 {
    /// Appends `text`, with `&`, `<`, `>`, `"` and `'` written as HTML references.
    @inlinable
    public mutating func appendHTMLEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let replacement: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                append(
                    contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                start = index + 1
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// Appends `text` as it is.
    @inlinable
    public mutating func appendRaw(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
