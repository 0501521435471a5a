/// A template compiled for one model: literal byte runs and tags whose names are already keys.
@usableFromInline
enum TemplateNode<Key: Sendable>: Sendable {
    case text(Literal)
    case value(TemplateName<Key>, escaped: Bool)
    case section(TemplateName<Key>, [TemplateNode], inverted: Bool)
    /// `{{>name}}`: the index of the template in its library, nil when there is none. A
    /// standalone tag's indentation goes before every line of the partial.
    case partial(Int?, indentation: [UInt8])
    /// `{{<name}}…{{/name}}`: a partial whose blocks these ones replace.
    case parent(Int?, indentation: [UInt8], blocks: [String: [TemplateNode]])
    /// `{{$name}}default{{/name}}`: a place a child template may fill.
    case block(String, [TemplateNode], BlockPlace)
}

/// Literal bytes, and where in them a line of the template starts: an indented partial puts its
/// indentation there. Lines of the template, not of the output: a value holding a newline is
/// never indented.
@usableFromInline
struct Literal: Sendable {
    @usableFromInline var bytes: [UInt8]
    @usableFromInline var lineStarts: [Int]
}

/// How a block's replacement is indented where the parent expands it.
@usableFromInline
struct BlockPlace: Sendable {
    /// Put before every line of a replacement.
    @usableFromInline var indentation: [UInt8]
    /// The block's tag stands alone on its line, so that its first line is indented too.
    @usableFromInline var standalone: Bool
}

/// A tag's name: `.`, a dotted path of keys, or one that no value of the model can answer.
@usableFromInline
struct TemplateName<Key: Sendable>: Sendable {
    @usableFromInline
    enum Target: Sendable {
        case current
        /// Searched down the context stack.
        case path([Key])
        /// `.a.b`: only in the value on top of the stack.
        case top([Key])
        case never
    }
    @usableFromInline var target: Target
    /// `empty(x)`: whether x is an empty list or text.
    @usableFromInline var empty: Bool
}
